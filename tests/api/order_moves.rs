//! An order's moves after placement: the shop's decision, production steps with
//! tracking, and the customer's inbox that tells of them.

use crate::helpers::{cart, other_mail_to, spawn_app};
use lambda_http::http::StatusCode;
use serde_json::json;

use toko::domain::{AccountStatus, Role};

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
    let mails = other_mail_to(&app.endpoint, customer.email.as_str()).await;
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
    let (operator_user, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
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
    // Managers read the queue; operators (and admins) decide (the permission map).
    let (_, manager) = app.signed_in(Role::Manager, AccountStatus::Approved).await;
    let not_theirs = app
        .call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{id}/confirm"),
            Some(&manager),
            Some(json!({ "decision": "accept" })),
        )
        .await;
    assert_eq!(not_theirs.status, StatusCode::FORBIDDEN);
    let accepted = app
        .call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{id}/confirm"),
            Some(&operator),
            Some(json!({ "decision": "accept" })),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
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
    // Who made each staff move is kept: the operator moved it to paid.
    let paid = seen.body["history"]
        .as_array()
        .and_then(|h| h.iter().find(|e| e["status"] == "paid"))
        .expect("paid entry");
    assert_eq!(
        (paid["by"].as_str(), paid["byId"].as_str()),
        (Some("operator"), Some(operator_user.id.as_str()))
    );
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
