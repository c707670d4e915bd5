//! The in-process half of `make bench` (scripts/bench.sh), ignored in the test run: for
//! the request paths that matter, the DynamoDB requests each makes, how many of them
//! run one after another (sequential round trips), and the items it reads, with 100
//! and then 10,000 orders in the table. Counted by an SDK interceptor on a real client
//! against the emulator; written as JSON for the benchmark table.

use crate::helpers::{cart, spawn_app, TestApp};
use crate::meter::Meter;
use aws_sdk_dynamodb::types::{AttributeValue, PutRequest, WriteRequest};
use lambda_http::http::StatusCode;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use toko::activity::Recorder;
use toko::adapters::dynamo::DynamoStore;
use toko::domain::{AccountStatus, Role};

/// Copies the order's items (all of its partition) `count` times under new ids, one in
/// `own_every` for the same customer and the rest for 100 other customers.
async fn clone_orders(app: &TestApp, order: &str, customer: &str, count: usize, own_every: usize) {
    let client = app.store.client().await;
    let template = client
        .query()
        .table_name(app.store.table())
        .key_condition_expression("pk = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(format!("ORDER#{order}")))
        .send()
        .await
        .expect("order items");
    let others: Vec<String> = (0..100).map(|_| ulid::Ulid::new().to_string()).collect();
    let mut batch = Vec::new();
    for i in 0..count {
        let id = ulid::Ulid::new().to_string();
        let owner = if i % own_every == 0 {
            customer.to_owned()
        } else {
            others[i % others.len()].clone()
        };
        for item in template.items() {
            let copy: HashMap<String, AttributeValue> = item
                .iter()
                .map(|(k, v)| {
                    let v = match v {
                        AttributeValue::S(s) => {
                            AttributeValue::S(s.replace(order, &id).replace(customer, &owner))
                        }
                        other => other.clone(),
                    };
                    (k.clone(), v)
                })
                .collect();
            batch.push(
                WriteRequest::builder()
                    .put_request(
                        PutRequest::builder()
                            .set_item(Some(copy))
                            .build()
                            .expect("put"),
                    )
                    .build(),
            );
        }
        if batch.len() >= 25 || i + 1 == count {
            for chunk in batch.chunks(25) {
                client
                    .batch_write_item()
                    .request_items(app.store.table(), chunk.to_vec())
                    .send()
                    .await
                    .expect("batch write");
            }
            batch.clear();
        }
    }
}

#[tokio::test]
#[ignore = "part of scripts/bench.sh, not of the test run"]
async fn bench_round_trips_and_items_read() {
    let mut app = spawn_app().await;
    let (_, admin) = app.signed_in(Role::Admin, AccountStatus::Approved).await;
    let (customer, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let product = app.product(&admin, "Kartu nama", "printing", 85_000).await;
    let first = app.place_order(&token, &cart(&product, 1), None).await;
    let template = first.body["id"].as_str().expect("order").to_owned();
    let invoice = first.body["invoiceCode"]
        .as_str()
        .expect("invoice")
        .to_owned();
    let done = app.completed_order(&admin, &token, &product).await;
    assert!(!done.is_empty());

    let meter = Meter::default();
    let conf = aws_sdk_dynamodb::config::Builder::from(&toko::aws::from_env())
        .interceptor(meter.clone())
        .build();
    let metered = Arc::new(DynamoStore::new(
        aws_sdk_dynamodb::Client::from_conf(conf),
        app.store.table(),
    ));
    // Every table port of the functions measured (session checks are cached per process
    // and not counted), and the activity log of those that record.
    app.order.users = metered.clone();
    app.order.catalog = metered.clone();
    app.order.promos = metered.clone();
    app.order.vouchers = metered.clone();
    app.order.points = metered.clone();
    app.order.settings = metered.clone();
    app.order.orders = metered.clone();
    app.order.files = metered.clone();
    app.confirm.users = metered.clone();
    app.confirm.orders = metered.clone();
    app.confirm.files = metered.clone();
    app.confirm.settings = metered.clone();
    app.confirm.points = metered.clone();
    app.confirm.work = metered.clone();
    app.confirm.activity = Recorder::new(
        metered.clone(),
        app.confirm.sessions.clone(),
        app.clock.clone(),
    );
    app.account.users = metered.clone();
    app.account.points = metered.clone();
    app.account.settings = metered.clone();
    app.account.addresses = metered.clone();
    app.account.marketing = metered.clone();
    app.catalog.catalog = metered.clone();
    app.catalog.settings = metered.clone();
    app.review.users = metered.clone();
    app.review.catalog = metered.clone();
    app.review.reviews = metered.clone();
    app.review.testimonials = metered.clone();
    app.analytics.analytics = metered.clone();
    app.analytics.imports = metered.clone();
    app.analytics.catalog = metered.clone();
    app.analytics.settings = metered.clone();
    app.inbox.users = metered.clone();
    app.inbox.inbox = metered.clone();
    app.inbox.conversations = metered.clone();
    app.inbox.orders = metered.clone();
    app.promo.promos = metered.clone();
    app.promo.vouchers = metered.clone();
    app.promo.marketing = metered;

    let mut rows = Vec::new();
    for (size, add, own_every) in [(100usize, 98usize, 10usize), (10_000, 9_900, 100)] {
        clone_orders(&app, &template, customer.id.as_str(), add, own_every).await;
        meter.take();
        let mut measure = |route: &str, status: StatusCode, expected: StatusCode| {
            assert_eq!(status, expected, "{route}");
            let (requests, sequential, items) = meter.take();
            rows.push(json!({ "orders": size, "route": route, "requests": requests, "sequential": sequential, "items": items }));
        };
        let r = app
            .call("catalog", "GET", "/api/products", None, None)
            .await;
        measure("GET /api/products", r.status, StatusCode::OK);
        let r = app.me(Some(&token)).await;
        measure("GET /api/me", r.status, StatusCode::OK);
        let r = app
            .call("order", "GET", "/api/orders", Some(&token), None)
            .await;
        measure("GET /api/orders", r.status, StatusCode::OK);
        let r = app.place_order(&token, &cart(&product, 2), None).await;
        let placed = r.body["id"].as_str().unwrap_or_default().to_owned();
        measure("POST /api/orders", r.status, StatusCode::CREATED);
        let r = app
            .call(
                "confirm",
                "GET",
                "/api/admin/orders?status=pending",
                Some(&admin),
                None,
            )
            .await;
        measure("GET /api/admin/orders", r.status, StatusCode::OK);
        let r = app
            .call(
                "confirm",
                "POST",
                &format!("/api/admin/orders/{placed}/confirm"),
                Some(&admin),
                Some(json!({ "decision": "accept" })),
            )
            .await;
        measure(
            "POST /api/admin/orders/{id}/confirm",
            r.status,
            StatusCode::OK,
        );
        let (r, _) = app
            .call_analytics("/api/admin/analytics", Some(&admin))
            .await;
        measure("GET /api/admin/analytics", r.status, StatusCode::OK);
        let r = app.call_inbox("GET", "/api/messages", Some(&token)).await;
        measure("GET /api/messages", r.status, StatusCode::OK);
        let r = app.call("promo", "GET", "/api/promos", None, None).await;
        measure("GET /api/promos", r.status, StatusCode::OK);
        // The look-ups of issue 17: one Query of an index partition each.
        let r = app
            .call("catalog", "GET", "/api/products?q=kart", None, None)
            .await;
        measure("GET /api/products?q=kart", r.status, StatusCode::OK);
        let r = app
            .call(
                "confirm",
                "GET",
                &format!("/api/admin/orders?q={invoice}"),
                Some(&admin),
                None,
            )
            .await;
        measure(
            "GET /api/admin/orders?q={invoice}",
            r.status,
            StatusCode::OK,
        );
        let r = app
            .call(
                "confirm",
                "GET",
                "/api/admin/customers?q=test",
                Some(&admin),
                None,
            )
            .await;
        measure("GET /api/admin/customers?q=test", r.status, StatusCode::OK);
        let r = app
            .call("review", "GET", "/api/testimonials", None, None)
            .await;
        measure("GET /api/testimonials", r.status, StatusCode::OK);
    }
    let out =
        std::env::var("TOKO_BENCH_OUT").unwrap_or_else(|_| "../.dev/bench/requests.json".into());
    if let Some(dir) = std::path::Path::new(&out).parent() {
        std::fs::create_dir_all(dir).expect("bench dir");
    }
    std::fs::write(&out, serde_json::to_string_pretty(&rows).expect("json")).expect("write");
    for r in &rows {
        println!("{r}");
    }
}
