//! Promos that apply: what a running promo advertises is what quote and order charge,
//! per line (the best promo, no stacking), stored with the order, in the acceptance mail
//! and in the sales figures (net of discounts).

use crate::helpers::{sent_mail_to, spawn_app, TestApp, TestResponse};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use time::Duration;
use toko::domain::{month_of, rfc3339, AccountStatus, Role};

async fn post_promo(app: &TestApp, token: &str, extra: Value) -> TestResponse {
    let now = app.clock_now();
    let mut body = json!({
        "title": "Promo",
        "body": "Hemat!",
        "startsAt": rfc3339(now - Duration::hours(1)),
        "endsAt": rfc3339(now + Duration::days(7)),
    });
    for (k, v) in extra.as_object().expect("object") {
        body[k] = v.clone();
    }
    app.call(
        "promo",
        "POST",
        "/api/admin/promos",
        Some(token),
        Some(body),
    )
    .await
}

fn cart_of(lines: &[(&str, u32)]) -> Value {
    let mut cart = crate::helpers::cart(lines[0].0, u64::from(lines[0].1));
    cart["items"] = lines
        .iter()
        .map(|(p, q)| json!({ "productId": p, "quantity": q }))
        .collect();
    cart
}

#[tokio::test]
async fn running_promos_discount_the_lines_they_target_in_quote_order_and_mail() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, marketing) = app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    let cards = app.product(&admin, "Kartu nama", "printing", 85_000).await;
    let banner = app.product(&admin, "Banner", "printing", 40_000).await;
    let laptop = app
        .product(&admin, "ThinkBook 14", "laptops", 10_000_000)
        .await;

    // 15 % off printing; Rp 12.000 off each banner from 2 units; 5 % off the whole shop;
    // an announcement; a 90 % promo that has ended.
    for extra in [
        json!({ "title": "Cetak hemat", "discountPercent": 15, "categories": ["printing"] }),
        json!({ "title": "Banner murah", "discountAmount": 12_000, "productIds": [banner], "minQuantity": 2 }),
        json!({ "title": "Semua 5%", "discountPercent": 5 }),
        json!({ "title": "Kabar toko" }),
    ] {
        let r = post_promo(&app, &marketing, extra).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    }
    app.advance(Duration::minutes(1));
    let now = app.clock_now();
    let ended = app
        .call("promo", "POST", "/api/admin/promos", Some(&marketing), Some(json!({
            "title": "Over", "body": "x", "discountPercent": 90,
            "startsAt": rfc3339(now - Duration::days(3)), "endsAt": rfc3339(now - Duration::days(1)),
        })))
        .await;
    assert_eq!(ended.status, StatusCode::CREATED);

    let cart = cart_of(&[(&cards, 2), (&banner, 3), (&laptop, 1)]);
    let quote = app
        .call(
            "order",
            "POST",
            "/api/orders/quote",
            None,
            Some(json!({ "items": cart["items"] })),
        )
        .await;
    assert_eq!(quote.status, StatusCode::OK, "{:?}", quote.body);
    // Cards: 15 % of 170,000 = 25,500 (beats 5 %). Banners: 3 × 12,000 = 36,000 beats
    // 15 % of 120,000 = 18,000. Laptop: only the shop-wide 5 % = 500,000.
    let lines = quote.body["items"].as_array().expect("items");
    let got: Vec<(i64, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["discount"].as_i64().expect("discount"),
                l["promo"]["title"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (25_500, "Cetak hemat"),
            (36_000, "Banner murah"),
            (500_000, "Semua 5%")
        ]
    );
    let subtotal = 170_000 + 120_000 + 10_000_000;
    let discount = 25_500 + 36_000 + 500_000;
    assert_eq!(quote.body["subtotal"], subtotal);
    assert_eq!(quote.body["discount"], discount);
    let total = subtotal - discount + crate::helpers::SHIPPING_COST;
    assert_eq!(quote.body["total"], total);

    // The order charges exactly the quote, and keeps the breakdown.
    let (customer, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let placed = app.place_order(&token, &cart, None).await;
    assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);
    assert_eq!(placed.body["items"], quote.body["items"]);
    assert_eq!(
        (&placed.body["discount"], &placed.body["total"]),
        (&json!(discount), &json!(total))
    );
    let id = placed.body["id"].as_str().expect("id");
    let read = app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{id}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(read.body["items"], quote.body["items"], "stored as charged");
    assert_eq!(read.body["total"], total);

    // The acceptance mail says what to pay.
    let accepted = app
        .call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{id}/confirm"),
            Some(&admin),
            Some(json!({ "decision": "accept" })),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    let mails = sent_mail_to(&app.endpoint, customer.email.as_str()).await;
    let mail = mails
        .iter()
        .find(|m| m.subject.contains("accepted"))
        .expect("acceptance mail");
    assert!(
        mail.body
            .contains("Order total: Rp 9.748.500 (subtotal Rp 10.290.000, discount -Rp 561.500, shipping Rp 20.000)."),
        "{}",
        mail.body
    );
}

#[tokio::test]
async fn below_the_minimum_or_outside_the_target_a_line_pays_full_price() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let banner = app.product(&admin, "Banner", "printing", 40_000).await;
    let mug = app.product(&admin, "Mug", "merchandise", 30_000).await;
    let r = post_promo(
        &app,
        &admin,
        json!({ "discountAmount": 50_000, "productIds": [banner], "minQuantity": 3 }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["minQuantity"], 3);

    let quote = |lines: Value| {
        app.call(
            "order",
            "POST",
            "/api/orders/quote",
            None,
            Some(json!({ "items": lines })),
        )
    };
    let two =
        quote(json!([{ "productId": banner, "quantity": 2 }, { "productId": mug, "quantity": 5 }]))
            .await;
    assert_eq!(two.body["discount"], 0, "{:?}", two.body);
    assert!(two.body["items"][0].get("promo").is_none());
    // From 3 banners: Rp 50.000 off each, but never more than the price (Rp 40.000).
    let three = quote(json!([{ "productId": banner, "quantity": 3 }])).await;
    assert_eq!(three.body["discount"], 120_000);
    assert_eq!(three.body["total"], crate::helpers::SHIPPING_COST);
}

#[tokio::test]
async fn sales_count_what_was_paid_after_discounts() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let cards = app.product(&admin, "Kartu nama", "printing", 85_000).await;
    let r = post_promo(&app, &admin, json!({ "discountPercent": 20 })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let now = app.clock_now();
    let voucher = app
        .call("promo", "POST", "/api/admin/vouchers", Some(&admin), Some(json!({
            "code": "LIMARIBU", "discountAmount": 5_000,
            "startsAt": rfc3339(now - Duration::hours(1)), "endsAt": rfc3339(now + Duration::days(1)),
        })))
        .await;
    assert_eq!(voucher.status, StatusCode::CREATED, "{:?}", voucher.body);
    let (_, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    app.completed_order(&admin, &token, &cards).await;
    // A second order: the promo (20 % of 85,000 = 17,000) and the voucher (5,000).
    let mut body = crate::helpers::cart(&cards, 1);
    body["voucherCode"] = json!("LIMARIBU");
    app.completed_order_of(&admin, &token, &body).await;
    let month = month_of(app.clock_now());
    let (_, manager) = app.signed_in(Role::Manager, AccountStatus::Approved).await;
    let uri = format!("/api/admin/analytics?from={month}&to={month}");
    let (r, _) = app.call_analytics(&uri, Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    // Categories: lines net of their promos; totals: net of every discount.
    assert_eq!(r.body["salesByCategoryByMonth"][0]["revenue"], 2 * 68_000);
    assert_eq!(r.body["totals"]["revenue"], 2 * 68_000 - 5_000);
    assert_eq!(r.body["totals"]["discounts"], 2 * 17_000 + 5_000);
    assert_eq!(r.body["totals"]["vouchersRedeemed"], 1);
    assert_eq!(r.body["totals"]["voucherDiscounts"], 5_000);
    let (csv, text) = app
        .call_analytics(&format!("{uri}&format=months"), Some(&manager))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let shipping = 2 * crate::helpers::SHIPPING_COST;
    // Each completion earns a point per Rp 10.000 of its total (the default setting).
    let issued = (68_000 + crate::helpers::SHIPPING_COST) / 10_000
        + (63_000 + crate::helpers::SHIPPING_COST) / 10_000;
    assert_eq!(r.body["totals"]["pointsIssued"], issued);
    assert_eq!(
        text,
        format!("month,orders,units,revenue,shipping,discounts,vouchers_redeemed,voucher_discounts,points_issued,points_spent,points_discounts\n{month},2,2,131000,{shipping},39000,1,5000,{issued},0,0\n")
    );
}

#[tokio::test]
async fn promo_discounts_are_checked() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for (extra, field) in [
        (
            json!({ "discountPercent": 10, "discountAmount": 5_000 }),
            "discountAmount",
        ),
        (json!({ "discountAmount": 0 }), "discountAmount"),
        (json!({ "discountAmount": 1.5 }), "discountAmount"),
        (json!({ "discountAmount": -100 }), "discountAmount"),
        (json!({ "minQuantity": 0 }), "minQuantity"),
        (json!({ "minQuantity": 1000 }), "minQuantity"),
        (json!({ "categories": "printing" }), "categories"),
        (json!({ "categories": ["ok", 5] }), "categories[1]"),
        (json!({ "productIds": ["not-an-id"] }), "productIds[0]"),
        (
            json!({ "productIds": vec!["01J0000000000000000000000A"; 51] }),
            "productIds",
        ),
    ] {
        post_promo(&app, &admin, extra.clone())
            .await
            .assert_rejects(field, &extra.to_string());
    }
}
