//! How many DynamoDB requests the hot paths make, counted by an SDK interceptor on a
//! real client against the emulator. Bounds, not timings: a regression fails here.

use crate::helpers::{cart, spawn_app};
use aws_sdk_dynamodb::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_dynamodb::error::BoxError;
use lambda_http::http::StatusCode;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use toko::adapters::dynamo::DynamoStore;
use toko::domain::{AccountStatus, Role};

#[derive(Debug, Clone, Default)]
struct Requests(Arc<AtomicUsize>);

impl Requests {
    fn take(&self) -> usize {
        self.0.swap(0, Ordering::SeqCst)
    }
}

impl Intercept for Requests {
    fn name(&self) -> &'static str {
        "CountRequests"
    }

    fn read_before_transmit(
        &self,
        _: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

#[tokio::test]
async fn placing_and_confirming_an_order_take_a_bounded_number_of_requests() {
    let mut app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Sticker", "printing", 5_000).await;
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let requests = Requests::default();
    let conf = aws_sdk_dynamodb::config::Builder::from(&toko::aws::load().await)
        .interceptor(requests.clone())
        .build();
    let counted = Arc::new(DynamoStore::new(
        aws_sdk_dynamodb::Client::from_conf(conf),
        app.store.table(),
    ));
    app.order.users = counted.clone();
    app.order.catalog = counted.clone();
    app.order.orders = counted.clone();
    app.confirm.orders = counted.clone();
    app.confirm.users = counted;

    let placed = app
        .place_order(&customer, &cart(&product, 1), Some("count-me"))
        .await;
    let placing = requests.take();
    let id = placed.body["id"].as_str().expect("id").to_owned();
    let accepted = app
        .call_confirm(
            "POST",
            &format!("/api/admin/orders/{id}/confirm"),
            Some(&admin),
            Some(json!({ "decision": "accept" })),
        )
        .await;
    let confirming = requests.take();

    assert_eq!(
        (placed.status, accepted.status),
        (StatusCode::CREATED, StatusCode::OK)
    );
    println!("DynamoDB requests: placing an order {placing}, confirming it {confirming}");
    // Placing: idempotency key, profile and products read in parallel (3), the invoice
    // counter (1), the transaction (1): 3 sequential round trips.
    assert!(placing <= 5, "placing took {placing} requests");
    // Confirming: read the order (1), the transaction (1).
    assert!(confirming <= 2, "confirming took {confirming} requests");
}
