//! Voucher codes: each rule's refusal code in the quote and at placement, uses counted
//! inside the order's transaction (exactly the remaining uses under 20 parallel orders),
//! the per-customer limit, uses given back by a cancelled or rejected order, and the
//! console's list and redemptions.

use crate::helpers::{cart, spawn_app, TestApp, TestResponse};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use time::Duration;
use toko::domain::{rfc3339, AccountStatus, Role};

async fn create(app: &TestApp, token: &str, rules: Value) -> TestResponse {
    let now = app.clock_now();
    let mut body = json!({
        "startsAt": rfc3339(now - Duration::hours(1)),
        "endsAt": rfc3339(now + Duration::days(30)),
    });
    for (k, v) in rules.as_object().expect("object") {
        body[k] = v.clone();
    }
    app.call(
        "promo",
        "POST",
        "/api/admin/vouchers",
        Some(token),
        Some(body),
    )
    .await
}

fn with_voucher(product: &str, quantity: u64, code: &str) -> Value {
    let mut body = cart(product, quantity);
    body["voucherCode"] = json!(code);
    body
}

async fn quote(app: &TestApp, token: Option<&str>, product: &str, qty: u64, code: &str) -> Value {
    let body = json!({ "items": [{ "productId": product, "quantity": qty }], "voucherCode": code });
    let r = app
        .call("order", "POST", "/api/orders/quote", token, Some(body))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body
}

#[tokio::test]
async fn a_voucher_takes_its_discount_and_each_rule_refuses_with_its_code() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, marketing) = app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    let cards = app.product(&admin, "Kartu nama", "printing", 85_000).await;
    let laptop = app.product(&admin, "ThinkBook", "laptops", 9_000_000).await;
    let now = app.clock_now();
    for rules in [
        json!({ "code": "hemat10", "discountPercent": 10, "maxDiscount": 12_000, "minSpend": 100_000 }),
        json!({ "code": "LAPTOP50", "discountAmount": 50_000, "categories": ["laptops"] }),
        json!({ "code": "SOON", "discountPercent": 5, "startsAt": rfc3339(now + Duration::days(1)) }),
        json!({ "code": "BARU", "discountPercent": 20, "firstOrderOnly": true }),
        json!({ "code": "OFF", "discountPercent": 5, "enabled": false }),
    ] {
        let r = create(&app, &marketing, rules.clone()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{rules}: {:?}", r.body);
    }
    assert_eq!(
        create(
            &app,
            &marketing,
            json!({ "code": "HEMAT10", "discountPercent": 1 })
        )
        .await
        .code(),
        "voucher_code_taken"
    );

    // 2 × 85,000 = 170,000 ≥ 100,000: 10 % = 17,000, capped at 12,000.
    let q = quote(&app, None, &cards, 2, "hemat10").await;
    assert_eq!(
        q["voucher"],
        json!({ "code": "HEMAT10", "discount": 12_000 })
    );
    assert_eq!(q["discount"], 12_000);
    assert_eq!(q["total"], 170_000 - 12_000 + crate::helpers::SHIPPING_COST);
    let refused = |q: &Value| {
        q["voucherRefusal"]["code"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };
    assert_eq!(
        refused(&quote(&app, None, &cards, 1, "HEMAT10").await),
        "voucher_minimum_not_met"
    );
    assert_eq!(
        refused(&quote(&app, None, &cards, 2, "LAPTOP50").await),
        "voucher_not_applicable"
    );
    assert_eq!(
        quote(&app, None, &laptop, 1, "laptop50").await["voucher"]["discount"],
        50_000
    );
    assert_eq!(
        refused(&quote(&app, None, &cards, 2, "SOON").await),
        "voucher_not_started"
    );
    assert_eq!(
        refused(&quote(&app, None, &cards, 2, "OFF").await),
        "voucher_disabled"
    );
    assert_eq!(
        refused(&quote(&app, None, &cards, 2, "NOPE").await),
        "voucher_unknown"
    );
    let unknown = quote(&app, None, &cards, 2, "NOPE").await;
    assert_eq!(
        unknown["total"],
        170_000 + crate::helpers::SHIPPING_COST,
        "price unchanged"
    );

    // Placing: the order carries the voucher; a refused one is 422 with its code.
    let (customer, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let placed = app
        .place_order(&token, &with_voucher(&cards, 2, "HEMAT10"), None)
        .await;
    assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);
    assert_eq!(
        placed.body["voucher"],
        json!({ "code": "HEMAT10", "discount": 12_000 })
    );
    assert_eq!(
        placed.body["total"],
        170_000 - 12_000 + crate::helpers::SHIPPING_COST
    );
    let again = app
        .place_order(&token, &with_voucher(&cards, 2, "HEMAT10"), None)
        .await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "voucher_already_used")
    );
    assert!(again.is_problem());
    // The quote knows the signed-in customer's history too.
    assert_eq!(
        refused(&quote(&app, Some(&token), &cards, 2, "HEMAT10").await),
        "voucher_already_used"
    );
    // A first-order voucher: not for Ani, who has ordered; yes for a new customer.
    assert_eq!(
        refused(&quote(&app, Some(&token), &cards, 1, "BARU").await),
        "voucher_first_order_only"
    );
    let first = app
        .place_order(&token, &with_voucher(&cards, 1, "BARU"), None)
        .await;
    assert_eq!(first.code(), "voucher_first_order_only");
    let (_, newcomer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let welcomed = app
        .place_order(&newcomer, &with_voucher(&cards, 1, "BARU"), None)
        .await;
    assert_eq!(welcomed.status, StatusCode::CREATED, "{:?}", welcomed.body);
    assert_eq!(welcomed.body["voucher"]["discount"], 17_000);

    // The console lists it with its use and the order that used it.
    let list = app
        .call(
            "promo",
            "GET",
            "/api/admin/vouchers",
            Some(&marketing),
            None,
        )
        .await;
    let hemat = list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|v| v["code"] == "HEMAT10")
        .expect("listed")
        .clone();
    assert_eq!(hemat["used"], 1);
    let used = app
        .call(
            "promo",
            "GET",
            "/api/admin/vouchers/HEMAT10/redemptions",
            Some(&marketing),
            None,
        )
        .await;
    assert_eq!(
        used.body["items"][0]["invoiceCode"],
        placed.body["invoiceCode"]
    );
    assert_eq!(
        used.body["items"][0]["customerName"],
        customer.name.as_str()
    );
    assert_eq!(used.body["items"][0]["returned"], false);

    // Ended: expired.
    app.advance(Duration::days(31));
    let (_, later) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    assert_eq!(
        refused(&quote(&app, Some(&later), &cards, 2, "HEMAT10").await),
        "voucher_expired"
    );

    // Switched off in the console: its rules change, its count stays the orders'.
    let (_, marketing) = app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    let mut rules = hemat.clone();
    for k in ["code", "used"] {
        rules.as_object_mut().expect("object").remove(k);
    }
    rules["enabled"] = json!(false);
    rules["endsAt"] = json!(rfc3339(app.clock_now() + Duration::days(1)));
    let off = app
        .call(
            "promo",
            "PUT",
            "/api/admin/vouchers/hemat10",
            Some(&marketing),
            Some(rules),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{:?}", off.body);
    assert_eq!(
        (&off.body["enabled"], &off.body["used"]),
        (&json!(false), &json!(1))
    );
    assert_eq!(
        refused(&quote(&app, None, &cards, 2, "HEMAT10").await),
        "voucher_disabled"
    );
    let missing = app
        .call(
            "promo",
            "PUT",
            "/api/admin/vouchers/NOPE",
            Some(&marketing),
            Some(off.body.clone()),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{:?}", missing.body);
}

#[tokio::test]
async fn with_three_uses_left_twenty_parallel_orders_get_exactly_three() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let cards = app.product(&admin, "Kartu nama", "printing", 85_000).await;
    let r = create(
        &app,
        &admin,
        json!({ "code": "TIGA", "discountAmount": 10_000, "totalUses": 3 }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let mut tokens = Vec::new();
    for _ in 0..20 {
        tokens.push(
            app.signed_in(Role::Customer, AccountStatus::Approved)
                .await
                .1,
        );
    }
    let body = with_voucher(&cards, 1, "TIGA");
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let results = app.place_in_parallel(&tokens, &body).await;
    let created = results
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    let used_up = results
        .iter()
        .filter(|r| r.code() == "voucher_used_up")
        .count();
    assert_eq!(
        (created, used_up),
        (3, 17),
        "{:?}",
        results
            .iter()
            .map(|r| (r.status, r.code().to_owned()))
            .collect::<Vec<_>>()
    );
    let list = app
        .call("promo", "GET", "/api/admin/vouchers", Some(&admin), None)
        .await;
    assert_eq!(list.body["items"][0]["used"], 3);
}

#[tokio::test]
async fn a_cancelled_or_rejected_order_gives_its_use_back() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let cards = app.product(&admin, "Kartu nama", "printing", 85_000).await;
    let r = create(
        &app,
        &admin,
        json!({ "code": "SEKALI", "discountPercent": 10, "totalUses": 1 }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let (_, ani) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let (_, budi) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let body = with_voucher(&cards, 1, "SEKALI");

    let first = app.place_order(&ani, &body, None).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(
        app.place_order(&budi, &body, None).await.code(),
        "voucher_used_up"
    );
    let id = first.body["id"].as_str().expect("id");
    let cancelled = app
        .call(
            "order",
            "POST",
            &format!("/api/orders/{id}/cancel"),
            Some(&ani),
            None,
        )
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);

    // Budi gets it now; the shop rejects his order; Ani can use it again.
    let second = app.place_order(&budi, &body, None).await;
    assert_eq!(second.status, StatusCode::CREATED, "{:?}", second.body);
    let id = second.body["id"].as_str().expect("id");
    let rejected = app
        .call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{id}/confirm"),
            Some(&admin),
            Some(json!({ "decision": "reject", "note": "Stok habis" })),
        )
        .await;
    assert_eq!(rejected.status, StatusCode::OK, "{:?}", rejected.body);
    let third = app.place_order(&ani, &body, None).await;
    assert_eq!(third.status, StatusCode::CREATED, "{:?}", third.body);

    let used = app
        .call(
            "promo",
            "GET",
            "/api/admin/vouchers/SEKALI/redemptions",
            Some(&admin),
            None,
        )
        .await;
    let returned: Vec<bool> = used.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|r| r["returned"].as_bool().expect("returned"))
        .collect();
    assert_eq!(
        returned.iter().filter(|r| **r).count(),
        2,
        "{:?}",
        used.body
    );
    assert_eq!(returned.len(), 3);
    let list = app
        .call("promo", "GET", "/api/admin/vouchers", Some(&admin), None)
        .await;
    assert_eq!(list.body["items"][0]["used"], 1);
}

#[tokio::test]
async fn voucher_rules_are_checked() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for (rules, field) in [
        (json!({ "discountPercent": 10 }), "code"),
        (json!({ "code": "a b", "discountPercent": 10 }), "code"),
        (json!({ "code": "OK1" }), "discountPercent"),
        (
            json!({ "code": "OK2", "discountPercent": 10, "discountAmount": 5 }),
            "discountAmount",
        ),
        (
            json!({ "code": "OK3", "discountPercent": 101 }),
            "discountPercent",
        ),
        (
            json!({ "code": "OK4", "discountAmount": 2.5 }),
            "discountAmount",
        ),
        (
            json!({ "code": "OK5", "discountPercent": 10, "totalUses": 0 }),
            "totalUses",
        ),
        (
            json!({ "code": "OK6", "discountPercent": 10, "perCustomer": 0 }),
            "perCustomer",
        ),
        (
            json!({ "code": "OK7", "discountPercent": 10, "minSpend": -1 }),
            "minSpend",
        ),
        (
            json!({ "code": "OK8", "discountPercent": 10, "categories": [1] }),
            "categories[0]",
        ),
    ] {
        create(&app, &admin, rules.clone())
            .await
            .assert_rejects(field, &rules.to_string());
    }
    // A code in the cart that is not a code at all is a bad field, not a refusal.
    let (_, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let product = app.product(&admin, "Mug", "merchandise", 30_000).await;
    let r = app
        .place_order(&token, &with_voucher(&product, 1, "no spaces!"), None)
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
    );
    let r = app
        .place_order(&token, &with_voucher(&product, 1, "UNKNOWN"), None)
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "voucher_unknown")
    );
}
