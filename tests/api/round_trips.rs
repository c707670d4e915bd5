//! How many DynamoDB requests the hot paths make, and how many of them one after another,
//! metered by an SDK interceptor on a real client against the emulator. Bounds, not
//! timings: a regression fails here.

use crate::helpers::{cart, spawn_app};
use crate::meter::Meter;
use lambda_http::http::StatusCode;
use serde_json::json;
use toko::domain::{AccountStatus, Role};

#[tokio::test]
async fn placing_and_confirming_an_order_take_a_bounded_number_of_requests() {
    let mut app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Sticker", "printing", 5_000).await;
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let requests = Meter::default();
    let counted = requests.store(app.store.table()).await;
    app.order.users = counted.clone();
    app.order.catalog = counted.clone();
    app.order.promos = counted.clone();
    app.order.orders = counted.clone();
    app.confirm.orders = counted.clone();
    app.confirm.settings = counted.clone();
    app.confirm.users = counted;

    let placed = app
        .place_order(&customer, &cart(&product, 1), Some("count-me"))
        .await;
    let (placing, placing_sequential, _) = requests.take();
    let id = placed.body["id"].as_str().expect("id").to_owned();
    let accepted = app
        .call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{id}/confirm"),
            Some(&admin),
            Some(json!({ "decision": "accept" })),
        )
        .await;
    let (confirming, confirming_sequential, _) = requests.take();

    assert_eq!(
        (placed.status, accepted.status),
        (StatusCode::CREATED, StatusCode::OK)
    );
    println!("DynamoDB requests: placing an order {placing} ({placing_sequential} sequential), confirming it {confirming} ({confirming_sequential})");
    // Placing: idempotency key, profile, products, the running promos and the day's
    // invoice number in parallel (5), then the transaction (1): 2 sequential round trips.
    assert!(placing <= 6, "placing took {placing} requests");
    assert!(
        placing_sequential <= 2,
        "placing took {placing_sequential} sequential round trips"
    );
    // Accepting: the order, the payment settings and a payment code in parallel (3), the
    // transaction (1): 2 sequential round trips.
    assert!(confirming <= 4, "confirming took {confirming} requests");
    assert!(
        confirming_sequential <= 2,
        "{confirming_sequential} sequential"
    );
}
