use crate::helpers::{cart, sent_mail_to, spawn_app, SHIPPING_COST};
use lambda_http::http::StatusCode;
use serde_json::json;
use std::collections::HashSet;
use toko::domain::{AccountStatus, Role};

#[tokio::test]
async fn the_catalogue_lists_newest_first_by_category_with_pages() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut printers = Vec::new();
    for i in 0..3 {
        printers.push(
            app.product(&admin, &format!("Printer {i}"), "printers", 1_000_000 + i)
                .await,
        );
        app.advance(time::Duration::seconds(1));
    }
    let mouse = app.product(&admin, "Mouse", "accessories", 150_000).await;

    let first = app
        .call(
            "catalog",
            "GET",
            "/api/products?category=printers&limit=2",
            None,
            None,
        )
        .await;
    let cursor = first.body["nextCursor"].as_str().expect("more").to_owned();
    let second = app
        .call(
            "catalog",
            "GET",
            &format!("/api/products?category=printers&limit=2&cursor={cursor}"),
            None,
            None,
        )
        .await;
    let all = app
        .call("catalog", "GET", "/api/products", None, None)
        .await;

    let listed: Vec<&str> = first.body["items"]
        .as_array()
        .into_iter()
        .chain(second.body["items"].as_array())
        .flatten()
        .map(|p| p["id"].as_str().expect("id"))
        .collect();
    let newest_first: Vec<&str> = printers.iter().rev().map(String::as_str).collect();
    assert_eq!(listed, newest_first);
    assert_eq!(all.body["items"][0]["id"], mouse.as_str());
    assert!(first.body["items"][0].get("description").is_none());
    let detail = app
        .call(
            "catalog",
            "GET",
            &format!("/api/products/{mouse}"),
            None,
            None,
        )
        .await;
    assert_eq!(detail.body["description"], "About Mouse");
    assert_eq!(detail.body["price"], 150_000);
    let by_name = app
        .call("catalog", "GET", "/api/products?sort=name", None, None)
        .await;
    let names: Vec<&str> = by_name.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Mouse", "Printer 0", "Printer 1", "Printer 2"]);
    let printers_by_name = app
        .call(
            "catalog",
            "GET",
            "/api/products?category=printers&sort=name&limit=1",
            None,
            None,
        )
        .await;
    assert_eq!(printers_by_name.body["items"][0]["name"], "Printer 0");
    assert_eq!(
        app.call("catalog", "GET", "/api/products?sort=price", None, None)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.call(
            "catalog",
            "GET",
            "/api/products?category=Bad%20Cat",
            None,
            None
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn only_admins_manage_products_and_bad_products_are_422() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let body = json!({ "name": "Laptop", "category": "computers", "price": 9_000_000 });

    assert_eq!(
        app.call(
            "catalog",
            "POST",
            "/api/admin/products",
            Some(&operator),
            Some(body.clone())
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call("catalog", "POST", "/api/admin/products", None, Some(body))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let bad = app.call("catalog", "POST", "/api/admin/products", Some(&admin), Some(json!({ "name": "", "category": "Not OK", "price": -5, "imageUrl": "javascript:alert(1)" }))).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.body["errors"].as_array().map(Vec::len),
        Some(4),
        "{:?}",
        bad.body
    );

    let id = app.product(&admin, "Laptop", "computers", 9_000_000).await;
    let updated = app
        .call(
            "catalog",
            "PUT",
            &format!("/api/admin/products/{id}"),
            Some(&admin),
            Some(json!({ "name": "Laptop Pro", "category": "computers", "price": 12_000_000 })),
        )
        .await;
    assert_eq!(
        (updated.status, updated.body["price"].as_i64()),
        (StatusCode::OK, Some(12_000_000))
    );
    assert_eq!(
        app.call(
            "catalog",
            "DELETE",
            &format!("/api/admin/products/{id}"),
            Some(&admin),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.call("catalog", "GET", &format!("/api/products/{id}"), None, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(
            "catalog",
            "DELETE",
            &format!("/api/admin/products/{id}"),
            Some(&admin),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

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

    let results =
        futures::future::join_all((0..50).map(|_| app.place_order(&customer, &body, None))).await;

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
    assert_eq!(app.me(Some(&customer)).await.body["pendingOrders"], 5);
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

    let results = futures::future::join_all(
        customers
            .iter()
            .flat_map(|c| (0..5).map(|_| app.place_order(c, &body, None))),
    )
    .await;

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
async fn accepting_tells_the_customer_in_the_inbox_and_by_email_once() {
    let app = spawn_app().await;
    let (a, b) = (app.admin_token().await, app.admin_token().await);
    let product = app.product(&a, "Stamp", "printing", 120_000).await;
    let (customer, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let order = app.place_order(&token, &cart(&product, 1), None).await;
    let id = order.body["id"].as_str().expect("id").to_owned();
    let queue = app
        .call(
            "confirm",
            "GET",
            "/api/admin/orders?status=pending",
            Some(&a),
            None,
        )
        .await;
    assert!(queue.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|o| o["id"] == id.as_str()));

    let uri = format!("/api/admin/orders/{id}/confirm");
    let (r1, r2) = tokio::join!(
        app.call(
            "confirm",
            "POST",
            &uri,
            Some(&a),
            Some(json!({ "decision": "accept", "note": "Ready in 2 days" }))
        ),
        app.call(
            "confirm",
            "POST",
            &uri,
            Some(&b),
            Some(json!({ "decision": "reject" }))
        ),
    );

    let mut statuses = [r1.status, r2.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let winner = if r1.status == StatusCode::OK {
        &r1
    } else {
        &r2
    };
    let me = app.me(Some(&token)).await;
    assert_eq!(
        (
            me.body["pendingOrders"].as_i64(),
            me.body["unreadMessages"].as_i64()
        ),
        (Some(0), Some(1))
    );
    let inbox = app.call_inbox("GET", "/api/messages", Some(&token)).await;
    assert_eq!(inbox.body["unread"], 1);
    assert_eq!(inbox.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(inbox.body["items"][0]["orderId"], id.as_str());
    let mails = sent_mail_to(&app.endpoint, customer.email.as_str()).await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0]
        .subject
        .contains(order.body["invoiceCode"].as_str().expect("code")));
    assert!(winner.body["history"].as_array().map(Vec::len) == Some(2));
}

#[tokio::test]
async fn operators_move_orders_one_step_at_a_time_with_tracking_to_ship() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let product = app
        .product(&admin, "Roll-up banner", "printing", 450_000)
        .await;
    let (_, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let id = app.place_order(&token, &cart(&product, 1), None).await.body["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let status = |s: &str| json!({ "status": s });
    let uri = format!("/api/admin/orders/{id}/status");

    let early = app
        .call(
            "confirm",
            "POST",
            &uri,
            Some(&operator),
            Some(status("paid")),
        )
        .await;
    assert_eq!(
        (early.status, early.code()),
        (StatusCode::CONFLICT, "invalid_transition")
    );
    let not_admin = app
        .call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{id}/confirm"),
            Some(&operator),
            Some(json!({ "decision": "accept" })),
        )
        .await;
    assert_eq!(not_admin.status, StatusCode::FORBIDDEN);
    app.call(
        "confirm",
        "POST",
        &format!("/api/admin/orders/{id}/confirm"),
        Some(&admin),
        Some(json!({ "decision": "accept" })),
    )
    .await;
    assert_eq!(
        app.call(
            "confirm",
            "POST",
            &uri,
            Some(&operator),
            Some(status("shipped"))
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no tracking number"
    );
    assert_eq!(
        app.call(
            "confirm",
            "POST",
            &uri,
            Some(&operator),
            Some(status("in_production"))
        )
        .await
        .code(),
        "invalid_transition",
        "skipping paid"
    );
    for s in ["paid", "in_production"] {
        assert_eq!(
            app.call("confirm", "POST", &uri, Some(&operator), Some(status(s)))
                .await
                .status,
            StatusCode::OK,
            "{s}"
        );
    }
    let shipped = app
        .call(
            "confirm",
            "POST",
            &uri,
            Some(&operator),
            Some(json!({ "status": "shipped", "trackingNumber": "JNE-123456789" })),
        )
        .await;
    assert_eq!(shipped.body["trackingNumber"], "JNE-123456789");
    let done = app
        .call(
            "confirm",
            "POST",
            &uri,
            Some(&admin),
            Some(status("completed")),
        )
        .await;
    assert_eq!(done.body["status"], "completed");
    let seen = app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{id}"),
            Some(&token),
            None,
        )
        .await;
    let steps: Vec<&str> = seen.body["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| h["status"].as_str().expect("s"))
        .collect();
    assert_eq!(
        steps,
        [
            "pending",
            "accepted",
            "paid",
            "in_production",
            "shipped",
            "completed"
        ]
    );
    assert_eq!(seen.body["trackingNumber"], "JNE-123456789");
    assert_eq!(app.me(Some(&token)).await.body["unreadMessages"], 5);
}

#[tokio::test]
async fn reading_a_message_lowers_the_unread_count_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app
        .product(&admin, "Keyboard", "accessories", 350_000)
        .await;
    let (_, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let (_, stranger) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let id = app.place_order(&token, &cart(&product, 1), None).await.body["id"]
        .as_str()
        .expect("id")
        .to_owned();
    app.call(
        "confirm",
        "POST",
        &format!("/api/admin/orders/{id}/confirm"),
        Some(&admin),
        Some(json!({ "decision": "accept" })),
    )
    .await;
    let inbox = app.call_inbox("GET", "/api/messages", Some(&token)).await;
    let msg = inbox.body["items"][0]["id"]
        .as_str()
        .expect("message")
        .to_owned();
    let uri = format!("/api/messages/{msg}/read");

    assert_eq!(
        app.call_inbox("POST", &uri, Some(&stranger)).await.status,
        StatusCode::NOT_FOUND
    );
    let (r1, r2) = tokio::join!(
        app.call_inbox("POST", &uri, Some(&token)),
        app.call_inbox("POST", &uri, Some(&token))
    );

    assert_eq!((r1.status, r2.status), (StatusCode::OK, StatusCode::OK));
    assert_eq!(r1.body["read"], true);
    let after = app.call_inbox("GET", "/api/messages", Some(&token)).await;
    assert_eq!(
        (
            after.body["unread"].as_i64(),
            after.body["items"][0]["read"].as_bool()
        ),
        (Some(0), Some(true))
    );
    assert_eq!(app.me(Some(&token)).await.body["unreadMessages"], 0);
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
