//! The activity log against the emulator: staff actions in several functions (catalogue,
//! orders, settings, notes, messages, staff) each leave one entry naming who, what, on
//! which record and what changed; managers read it by person and area, page by page;
//! customers appear by id only.

use crate::helpers::{cart, spawn_app, unique_email, TestApp, TestResponse};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use toko::domain::{AccountStatus, Role};

async fn log(app: &TestApp, token: &str, query: &str) -> TestResponse {
    let uri = format!("/api/admin/activity{query}");
    app.call("staff", "GET", &uri, Some(token), None).await
}

fn actions(page: &TestResponse) -> Vec<String> {
    page.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn entry<'a>(page: &'a TestResponse, action: &str) -> &'a Value {
    page.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["action"] == action)
        .unwrap_or_else(|| panic!("no {action} in {:?}", page.body))
}

async fn ok(app: &TestApp, f: &str, method: &str, uri: &str, token: &str, body: Value) -> Value {
    let r = app.call(f, method, uri, Some(token), Some(body)).await;
    assert!(r.status.is_success(), "{method} {uri}: {:?}", r.body);
    r.body
}

#[tokio::test]
async fn every_staff_action_is_logged_and_read_by_person_and_area() {
    let app = spawn_app().await;
    let (admin, token) = app.signed_in(Role::Admin, AccountStatus::Approved).await;
    let (_, manager) = app.signed_in(Role::Manager, AccountStatus::Approved).await;
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let (customer, customer_token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;

    // Catalogue: create, change the price, delete.
    let product = app.product(&token, "Kartu nama", "printing", 15_000).await;
    let uri = format!("/api/admin/products/{product}");
    let edit = json!({ "name": "Kartu nama", "category": "printing", "price": 17_000, "description": "About Kartu nama" });
    ok(&app, "catalog", "PUT", &uri, &token, edit).await;
    // Orders: accept one and move it.
    let other = app.product(&token, "Stiker", "printing", 5_000).await;
    let order = app
        .place_order(&customer_token, &cart(&other, 2), None)
        .await;
    assert_eq!(order.status, StatusCode::CREATED, "{:?}", order.body);
    let id = order.body["id"].as_str().expect("id");
    let code = order.body["invoiceCode"].as_str().expect("code").to_owned();
    let decide = format!("/api/admin/orders/{id}/confirm");
    ok(
        &app,
        "confirm",
        "POST",
        &decide,
        &token,
        json!({ "decision": "accept" }),
    )
    .await;
    let moves = format!("/api/admin/orders/{id}/status");
    ok(
        &app,
        "confirm",
        "POST",
        &moves,
        &token,
        json!({ "status": "paid" }),
    )
    .await;
    // Settings, a note and a message about the customer, an invitation.
    let payment = json!({ "windowHours": 72, "accounts": [{ "bank": "BCA", "number": "1234567890", "holder": "CV XYZ" }] });
    ok(
        &app,
        "confirm",
        "PUT",
        "/api/admin/settings/payment",
        &token,
        payment,
    )
    .await;
    let page = format!("/api/admin/customers/{}", customer.id);
    let note = json!({ "text": "Suka laminasi doff" });
    ok(
        &app,
        "customer",
        "POST",
        &format!("{page}/notes"),
        &token,
        note,
    )
    .await;
    let message =
        json!({ "customerId": customer.id, "subject": "Halo", "body": "Pesanan Anda siap." });
    ok(
        &app,
        "inbox",
        "POST",
        "/api/admin/messages",
        &token,
        message,
    )
    .await;
    let invite = json!({ "email": unique_email("sari"), "name": "Sari", "role": "operator" });
    ok(&app, "staff", "POST", "/api/admin/staff", &token, invite).await;
    let gone = app
        .call("catalog", "DELETE", &uri, Some(&token), None)
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);

    // The admin's own actions, newest first.
    let mine = log(&app, &manager, &format!("?by={}", admin.id)).await;
    assert_eq!(mine.status, StatusCode::OK, "{:?}", mine.body);
    assert_eq!(
        actions(&mine),
        [
            "product.deleted",
            "staff.invited",
            "message.sent",
            "customer.note_added",
            "settings.changed",
            "order.moved",
            "order.accepted",
            "product.created",
            "product.updated",
            "product.created",
        ],
        "{:?}",
        mine.body
    );
    let updated = entry(&mine, "product.updated");
    assert_eq!(updated["change"], "price: 15000 → 17000");
    assert_eq!(updated["record"]["label"], "Kartu nama");
    assert_eq!(updated["by"]["name"], "Test Person");
    assert_eq!(updated["by"]["role"], "admin");
    assert_eq!(updated["area"], "catalog");
    let accepted = entry(&mine, "order.accepted");
    assert_eq!(accepted["change"], "status: pending → accepted");
    assert_eq!(accepted["record"]["label"], code.as_str());
    assert_eq!(
        entry(&mine, "order.moved")["change"],
        "status: accepted → paid"
    );
    let settings = entry(&mine, "settings.changed");
    assert_eq!(settings["record"]["id"], "payment");
    assert!(
        settings["change"]
            .as_str()
            .expect("change")
            .contains("windowHours: 48 → 72"),
        "{settings}"
    );
    // Customers by id only: neither their address nor what staff wrote about them.
    let text = mine.body.to_string();
    assert!(text.contains(customer.id.as_str()));
    for private in [customer.email.as_str(), "laminasi", "Pesanan Anda"] {
        assert!(!text.contains(private), "{private} in the log: {text}");
    }

    // By area, and by person and area.
    let catalog = log(&app, &token, &format!("?by={}&area=catalog", admin.id)).await;
    assert_eq!(
        actions(&catalog),
        [
            "product.deleted",
            "product.created",
            "product.updated",
            "product.created"
        ]
    );
    let orders = log(&app, &token, "?area=orders&limit=100").await;
    assert!(actions(&orders).iter().all(|a| a.starts_with("order.")));
    assert!(orders.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|e| e["record"]["id"] == id));

    // Page by page, without gaps or repeats.
    let first = log(&app, &token, &format!("?by={}&limit=4", admin.id)).await;
    let cursor = first.body["nextCursor"].as_str().expect("a next page");
    let second = log(
        &app,
        &token,
        &format!("?by={}&limit=10&cursor={cursor}", admin.id),
    )
    .await;
    let mut paged = actions(&first);
    paged.extend(actions(&second));
    assert_eq!(paged, actions(&mine));

    // Operators do not read it; a bad filter is a 400.
    let refused = log(&app, &operator, "").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let bad = log(&app, &token, "?area=everything").await;
    assert_eq!(
        (bad.status, bad.code()),
        (StatusCode::BAD_REQUEST, "invalid_query")
    );
    let bad = log(&app, &token, "?by=someone").await;
    assert_eq!(
        (bad.status, bad.code()),
        (StatusCode::BAD_REQUEST, "invalid_query")
    );
}
