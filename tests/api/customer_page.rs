//! The customer page against the emulator: a customer's figures from their orders, their
//! orders, messages, reviews and points on one page for staff, and staff notes that the
//! customer never sees and that go with the account when it is erased.

use crate::helpers::{cart, spawn_app};
use lambda_http::http::StatusCode;
use serde_json::json;
use toko::domain::{AccountStatus, Role};

#[tokio::test]
async fn staff_see_a_customer_whole_and_keep_notes_the_customer_never_sees() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, marketing) = app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    let (_, manager) = app.signed_in(Role::Manager, AccountStatus::Approved).await;
    let (buyer, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let uri = format!("/api/admin/customers/{}", buyer.id);

    // Before any order: a prospect.
    let fresh = app.call("customer", "GET", &uri, Some(&admin), None).await;
    assert_eq!(fresh.status, StatusCode::OK, "{:?}", fresh.body);
    assert_eq!(fresh.body["figures"]["segment"], "prospect");
    assert_eq!(fresh.body["customer"]["email"], buyer.email.as_str());

    let product = app.product(&admin, "Kartu nama", "printing", 85_000).await;
    let done = app.completed_order(&admin, &customer, &product).await;
    let open = app.place_order(&customer, &cart(&product, 2), None).await;
    assert_eq!(open.status, StatusCode::CREATED, "{:?}", open.body);
    let review = app
        .call(
            "review",
            "POST",
            &format!("/api/products/{product}/reviews"),
            Some(&customer),
            Some(json!({ "rating": 5, "comment": "Rapi sekali" })),
        )
        .await;
    assert_eq!(review.status, StatusCode::CREATED, "{:?}", review.body);

    let note = app
        .call(
            "customer",
            "POST",
            &format!("{uri}/notes"),
            Some(&marketing),
            Some(json!({ "text": "Suka laminasi doff; kirim lewat JNE." })),
        )
        .await;
    assert_eq!(note.status, StatusCode::CREATED, "{:?}", note.body);
    // Managers read, they do not write; an empty note is refused.
    let by_manager = app
        .call(
            "customer",
            "POST",
            &format!("{uri}/notes"),
            Some(&manager),
            Some(json!({ "text": "x" })),
        )
        .await;
    assert_eq!(by_manager.status, StatusCode::FORBIDDEN);
    app.call(
        "customer",
        "POST",
        &format!("{uri}/notes"),
        Some(&admin),
        Some(json!({ "text": "  " })),
    )
    .await
    .assert_rejects("text", "a blank note");

    let whole = app
        .call("customer", "GET", &uri, Some(&manager), None)
        .await;
    assert_eq!(whole.status, StatusCode::OK, "{:?}", whole.body);
    let b = &whole.body;
    assert_eq!(b["figures"]["orders"], 2, "both orders count: {b:?}");
    let completed_total = b["orders"]
        .as_array()
        .expect("orders")
        .iter()
        .find(|o| o["id"] == done.as_str())
        .expect("the completed order is listed")["total"]
        .clone();
    assert_eq!(
        b["figures"]["spend"], completed_total,
        "spend is what completed orders came to"
    );
    assert_eq!(b["figures"]["segment"], "regular", "{b:?}");
    assert_eq!(b["reviews"][0]["comment"], "Rapi sekali");
    assert_eq!(
        b["notes"][0]["text"],
        "Suka laminasi doff; kirim lewat JNE."
    );
    assert!(
        b["messages"].as_array().is_some_and(|m| !m.is_empty()),
        "the order news"
    );
    assert!(b["points"]["balance"].is_number());

    // The customer sees none of it: not the page, not the note (nowhere in their data).
    let own = app
        .call("customer", "GET", &uri, Some(&customer), None)
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    let me = app.me(Some(&customer)).await;
    assert!(!me.body.to_string().contains("laminasi doff"));
    // Nobody else is a customer page.
    let staff_page = app
        .call(
            "customer",
            "GET",
            "/api/admin/customers/not-an-id",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(staff_page.status, StatusCode::NOT_FOUND);
}
