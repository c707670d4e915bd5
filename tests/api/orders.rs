use crate::helpers::{cart, spawn_app, SHIPPING_COST};
use lambda_http::http::StatusCode;
use serde_json::json;
use std::collections::HashSet;
use toko::domain::{AccountStatus, Role};

#[tokio::test]
async fn an_order_takes_prices_from_the_catalogue_and_counts_as_pending() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app
        .product(&admin, "Business cards (box of 100)", "printing", 85_000)
        .await;
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let mut body = cart(&product, 3);
    body["items"][0]["unitPrice"] = json!(1);
    body["total"] = json!(1);

    let r = app.place_order(&customer, &body, None).await;

    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["status"], "pending");
    assert_eq!(r.body["items"][0]["unitPrice"], 85_000);
    assert_eq!(r.body["items"][0]["name"], "Business cards (box of 100)");
    assert_eq!(r.body["subtotal"], 255_000);
    assert_eq!(r.body["shippingCost"], SHIPPING_COST);
    assert_eq!(r.body["total"], 255_000 + SHIPPING_COST);
    let code = r.body["invoiceCode"].as_str().expect("code");
    let (day, _) = toko::domain::invoice_day(app.clock_now());
    assert_eq!(code, toko::domain::InvoiceCode::new(day, 1).as_str());
    assert_eq!(app.me(Some(&customer)).await.body["pendingOrders"], 1);
    let id = r.body["id"].as_str().expect("id");
    let detail = app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{id}"),
            Some(&customer),
            None,
        )
        .await;
    assert_eq!(detail.body["history"][0]["status"], "pending");
    let mine = app
        .call("order", "GET", "/api/orders", Some(&customer), None)
        .await;
    assert_eq!(mine.body["items"][0]["id"], id);
}

#[tokio::test]
async fn pending_customers_and_staff_cannot_order() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Mug print", "printing", 40_000).await;
    let (_, pending) = app.signed_in(Role::Customer, AccountStatus::Pending).await;

    let r = app.place_order(&pending, &cart(&product, 1), None).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::FORBIDDEN, "account_not_approved")
    );
    let r = app.place_order(&admin, &cart(&product, 1), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn fifty_concurrent_orders_of_one_customer_leave_exactly_five_pending() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app
        .product(&admin, "Sticker sheet", "printing", 10_000)
        .await;
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let body = cart(&product, 1);

    let results = app.place_in_parallel(&[customer.as_str(); 50], &body).await;

    let created = results
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    let refused = results
        .iter()
        .filter(|r| r.code() == "order_limit_reached")
        .count();
    assert_eq!(
        (created, refused),
        (5, 45),
        "{:?}",
        results
            .iter()
            .map(|r| (r.status, r.code().to_owned()))
            .collect::<Vec<_>>()
    );
    let me = app.me(Some(&customer)).await;
    assert_eq!(me.body["pendingOrders"], 5, "{:?} {:?}", me.status, me.body);
    let mine = app
        .call(
            "order",
            "GET",
            "/api/orders?limit=100",
            Some(&customer),
            None,
        )
        .await;
    assert_eq!(mine.body["items"].as_array().map(Vec::len), Some(5));
}

#[tokio::test]
async fn invoice_codes_stay_unique_across_fifty_concurrent_orders() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Flyer A5", "printing", 2_000).await;
    let mut customers = Vec::new();
    for _ in 0..10 {
        customers.push(
            app.signed_in(Role::Customer, AccountStatus::Approved)
                .await
                .1,
        );
    }
    let body = cart(&product, 100);
    // Each placement with its own idempotency key, so that a retry of one the emulator
    // answered 503 under this load (as a client retries it) cannot place it twice.
    let placements: Vec<(&str, String)> = customers
        .iter()
        .enumerate()
        .flat_map(|(c, token)| (0..5).map(move |i| (token.as_str(), format!("fifty-{c}-{i}"))))
        .collect();

    let mut results = futures::future::join_all(
        placements
            .iter()
            .map(|(token, key)| app.place_order(token, &body, Some(key))),
    )
    .await;
    for (r, (token, key)) in results.iter_mut().zip(&placements) {
        if r.status == StatusCode::SERVICE_UNAVAILABLE {
            *r = app.place_order(token, &body, Some(key)).await;
        }
    }

    assert!(
        results.iter().all(|r| r.status == StatusCode::CREATED),
        "{:?}",
        results.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    let codes: HashSet<&str> = results
        .iter()
        .map(|r| r.body["invoiceCode"].as_str().expect("code"))
        .collect();
    assert_eq!(codes.len(), 50);
}

#[tokio::test]
async fn a_retried_request_with_the_same_idempotency_key_returns_the_first_order() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app
        .product(&admin, "Banner 1x3 m", "printing", 300_000)
        .await;
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let body = cart(&product, 1);

    let first = app.place_order(&customer, &body, Some("retry-1")).await;
    let retries = futures::future::join_all(
        (0..5).map(|_| app.place_order(&customer, &body, Some("retry-1"))),
    )
    .await;

    assert_eq!(first.status, StatusCode::CREATED);
    for r in &retries {
        assert_eq!(r.status, StatusCode::CREATED);
        assert_eq!(r.body["id"], first.body["id"]);
        assert_eq!(r.body["invoiceCode"], first.body["invoiceCode"]);
    }
    assert_eq!(app.me(Some(&customer)).await.body["pendingOrders"], 1);
    let other = app
        .place_order(&customer, &cart(&product, 2), Some("retry-1"))
        .await;
    assert_eq!(
        (other.status, other.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused")
    );
}

#[tokio::test]
async fn bad_carts_are_422_and_foreign_orders_404() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Poster", "printing", 50_000).await;
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let (_, other) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let unknown = toko::domain::ProductId::generate().to_string();

    let mut no_address = cart(&product, 1);
    no_address
        .as_object_mut()
        .expect("object")
        .remove("shippingAddress");
    let cases = [
        (cart(&unknown, 1), "items[0].productId"),
        (cart(&product, 0), "items[0].quantity"),
        (cart(&product, 1_000_000_000), "items[0].quantity"),
        (no_address, "shippingAddress"),
        (json!({ "items": [], "shippingAddress": {} }), "items"),
    ];
    for (body, field) in cases {
        let r = app.place_order(&customer, &body, None).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {:?}",
            r.body
        );
        let fields: Vec<&str> = r.body["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .filter_map(|e| e["field"].as_str())
            .collect();
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    assert_eq!(
        app.me(Some(&customer)).await.body["pendingOrders"],
        0,
        "nothing was written"
    );

    let mine = app.place_order(&customer, &cart(&product, 1), None).await;
    let id = mine.body["id"].as_str().expect("id");
    assert_eq!(
        app.call(
            "order",
            "GET",
            &format!("/api/orders/{id}"),
            Some(&other),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(
            "order",
            "POST",
            &format!("/api/orders/{id}/cancel"),
            Some(&other),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(
            "order",
            "GET",
            &format!("/api/orders/{id}"),
            Some(&admin),
            None
        )
        .await
        .status,
        StatusCode::OK,
        "staff see every order"
    );
}

#[tokio::test]
async fn cancelling_a_pending_order_frees_a_slot() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Calendar", "printing", 25_000).await;
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(
            app.place_order(&customer, &cart(&product, 1), None)
                .await
                .body["id"]
                .as_str()
                .expect("id")
                .to_owned(),
        );
    }
    assert_eq!(
        app.place_order(&customer, &cart(&product, 1), None)
            .await
            .code(),
        "order_limit_reached"
    );
    // At the limit, the limit is what the customer hears, even for a cart that would
    // not price (a product no longer in the catalogue).
    let gone = ulid::Ulid::new().to_string();
    let refused = app.place_order(&customer, &cart(&gone, 1), None).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::CONFLICT, "order_limit_reached")
    );

    let cancelled = app
        .call(
            "order",
            "POST",
            &format!("/api/orders/{}/cancel", ids[0]),
            Some(&customer),
            None,
        )
        .await;

    assert_eq!(
        (cancelled.status, cancelled.body["status"].as_str()),
        (StatusCode::OK, Some("cancelled"))
    );
    assert_eq!(
        app.place_order(&customer, &cart(&product, 1), None)
            .await
            .status,
        StatusCode::CREATED
    );
    let again = app
        .call(
            "order",
            "POST",
            &format!("/api/orders/{}/cancel", ids[0]),
            Some(&customer),
            None,
        )
        .await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "invalid_transition")
    );
}

#[tokio::test]
async fn a_quote_prices_the_cart_exactly_as_the_order_will_be() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let a = app.product(&admin, "Flyers", "printing", 450_000).await;
    let b = app.product(&admin, "Banner", "printing", 165_000).await;
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let mut body = cart(&a, 2);
    body["items"]
        .as_array_mut()
        .expect("items")
        .push(json!({ "productId": b, "quantity": 3 }));

    let quote = app
        .call(
            "order",
            "POST",
            "/api/orders/quote",
            None,
            Some(json!({ "items": body["items"] })),
        )
        .await;
    let placed = app.place_order(&customer, &body, None).await;

    assert_eq!(quote.status, StatusCode::OK, "{:?}", quote.body);
    assert_eq!(quote.body["subtotal"], 2 * 450_000 + 3 * 165_000);
    assert_eq!(quote.body["shippingCost"], SHIPPING_COST);
    for field in ["items", "subtotal", "shippingCost", "discount", "total"] {
        assert_eq!(quote.body[field], placed.body[field], "{field}");
    }
    let unknown = toko::domain::ProductId::generate().to_string();
    let bad = app
        .call(
            "order",
            "POST",
            "/api/orders/quote",
            None,
            Some(json!({ "items": [{ "productId": unknown, "quantity": 1 }] })),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.me(Some(&customer)).await.body["pendingOrders"],
        1,
        "quoting wrote nothing"
    );
}
