//! The console's badges against the emulator: the work waiting is counted as it arrives
//! and as staff deal with it, each role sees only its own work, and an unchanged count
//! answers a revalidation with 304.

use crate::helpers::{cart, read, request, spawn_app, TestApp, TestResponse};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use toko::domain::{AccountStatus, Role};

async fn counts(app: &TestApp, token: &str, etag: Option<&str>) -> TestResponse {
    let mut req = request("GET", "/api/admin/counts", Some(token), None);
    if let Some(tag) = etag {
        req.headers_mut()
            .insert("if-none-match", tag.parse().expect("header"));
    }
    read(app.handle("confirm", req).await).await
}

#[tokio::test]
async fn badges_count_the_waiting_work_for_the_roles_that_do_it() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let (_, marketing) = app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    let none = counts(&app, &admin, None).await;
    assert_eq!(none.status, StatusCode::OK, "{:?}", none.body);
    assert_eq!(
        none.body,
        json!({ "registrations": 0, "pendingOrders": 0, "proofsToCheck": 0, "unansweredMessages": 0 })
    );
    assert_eq!(none.headers["cache-control"], "private, no-cache");
    let etag = none.headers["etag"].to_str().expect("etag").to_owned();
    assert_eq!(
        counts(&app, &admin, Some(&etag)).await.status,
        StatusCode::NOT_MODIFIED
    );

    // A registration, two orders, a message arrive.
    let (pending, _) = app.signed_in(Role::Customer, AccountStatus::Pending).await;
    let (buyer, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let product = app.product(&admin, "Kartu nama", "printing", 85_000).await;
    let first = app.place_order(&customer, &cart(&product, 1), None).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    app.place_order(&customer, &cart(&product, 2), None).await;
    let sent = app
        .call(
            "inbox",
            "POST",
            "/api/messages",
            Some(&customer),
            Some(json!({ "kind": "question", "subject": "Kertas?", "body": "Art paper 260?" })),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);

    let now = counts(&app, &admin, Some(&etag)).await;
    assert_eq!(now.status, StatusCode::OK, "a change makes a new ETag");
    assert_eq!(
        now.body,
        json!({ "registrations": 1, "pendingOrders": 2, "proofsToCheck": 0, "unansweredMessages": 1 })
    );
    // Operators see orders and messages, marketing registrations and messages.
    let op = counts(&app, &operator, None).await.body;
    assert_eq!(
        (op["registrations"].clone(), op["pendingOrders"].clone()),
        (Value::Null, json!(2))
    );
    let mk = counts(&app, &marketing, None).await.body;
    assert_eq!(
        (mk["registrations"].clone(), mk["pendingOrders"].clone()),
        (json!(1), Value::Null)
    );

    // Dealt with: the badges go down.
    let decided = app
        .confirm_customer(
            Some(&admin),
            pending.id.as_str(),
            json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{:?}", decided.body);
    let order = first.body["id"].as_str().expect("order");
    let accepted = app
        .call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{order}/confirm"),
            Some(&admin),
            Some(json!({ "decision": "accept" })),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    let message = sent.body["id"].as_str().expect("message");
    let replied = app
        .call(
            "inbox",
            "POST",
            "/api/admin/messages",
            Some(&operator),
            Some(json!({ "customerId": buyer.id.as_str(), "subject": "Re: Kertas?", "body": "Ya, ada.", "inReplyTo": message })),
        )
        .await;
    assert!(replied.status.is_success(), "{:?}", replied.body);
    assert_eq!(
        counts(&app, &admin, None).await.body,
        json!({ "registrations": 0, "pendingOrders": 1, "proofsToCheck": 0, "unansweredMessages": 0 })
    );
    // Customers have no badges here.
    assert_eq!(
        counts(&app, &customer, None).await.status,
        StatusCode::FORBIDDEN
    );
}
