//! The sample events in `events/` (for `cargo lambda invoke --data-file`) are fixtures
//! too: each is replayed through its function against the emulator. Placeholders are
//! swapped for real values here: `REPLACE_WITH_TOKEN` (an admin's token),
//! `REPLACE_WITH_CUSTOMER_TOKEN` (an approved customer's), `REPLACE_WITH_PRODUCT_ID` and
//! `REPLACE_WITH_ORDER_ID` (that customer's order).

use crate::helpers::{read, spawn_app};
use lambda_http::http::StatusCode;
use std::path::Path;
use toko::domain::{AccountStatus, Role};

const EXPECTED: &[(&str, u16)] = &[
    ("register-valid.json", 201),
    ("register-invalid.json", 422),
    ("register-verify-invalid.json", 400),
    ("login-valid.json", 200),
    ("login-wrong-password.json", 401),
    ("login-forgot.json", 202),
    ("login-reset-invalid.json", 400),
    ("login-totp-setup.json", 201),
    ("account-me.json", 200),
    ("account-points.json", 200),
    ("account-save-address.json", 201),
    ("privacy-export-own.json", 201),
    ("staff-list.json", 200),
    ("staff-activity.json", 200),
    ("customer-page.json", 404),
    ("confirm-set-points-settings.json", 200),
    ("confirm-set-shop-profile.json", 200),
    ("confirm-set-shipping.json", 200),
    ("confirm-set-digest.json", 200),
    ("confirm-adjust-points.json", 404),
    ("order-invoice.json", 200),
    ("order-reorder.json", 200),
    ("confirm-list-customers.json", 200),
    ("confirm-approve-customer.json", 404),
    ("confirm-list-orders.json", 200),
    ("confirm-counts.json", 200),
    ("confirm-set-payment-settings.json", 200),
    ("catalog-list-products.json", 200),
    ("catalog-search-products.json", 200),
    ("catalog-get-product.json", 404),
    ("catalog-shop.json", 200),
    ("catalog-create-product.json", 201),
    ("order-place.json", 201),
    ("order-list-own.json", 200),
    ("promo-create-voucher.json", 201),
    ("order-quote-voucher.json", 200),
    ("inbox-list-messages.json", 200),
    ("upload-start-design.json", 201),
    ("upload-list-files.json", 200),
    // The order has no proof yet: the answer is refused (409 proof_not_current).
    ("upload-answer-proof.json", 409),
    ("quotes-request.json", 201),
    // The order accepted at a changed price, then its customer agrees.
    ("confirm-reprice-order.json", 200),
    ("order-agree.json", 200),
    // A dry run of a sales file (the product's name stands for its category).
    ("analytics-import-sales.json", 200),
    // A dry run of a product file: two new products, nothing written.
    ("catalog-import-products.json", 200),
    ("review-testimonials.json", 200),
];

#[tokio::test]
async fn every_sample_event_replays_through_its_function() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../events");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("events/")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let mut listed: Vec<String> = EXPECTED.iter().map(|(f, _)| (*f).to_owned()).collect();
    listed.sort();
    assert_eq!(
        files, listed,
        "every event file has an expected status here"
    );

    let app = spawn_app().await;
    // The demo customer that `toko seed` creates, which login-valid.json signs in as.
    let seed = app
        .register(serde_json::json!({ "email": "budi@example.com", "password": "customer-demo-123", "name": "Budi Santoso" }))
        .await;
    assert_eq!(seed.status, StatusCode::CREATED);
    let (_, admin) = app.signed_in(Role::Admin, AccountStatus::Approved).await;
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let product = app
        .product(&admin, "Business cards", "printing", 85_000)
        .await;
    let placed = app
        .place_order(&customer, &crate::helpers::cart(&product, 1), None)
        .await;
    let order_id = placed.body["id"].as_str().expect("order").to_owned();

    for (file, status) in EXPECTED {
        let text = std::fs::read_to_string(dir.join(file))
            .expect("event")
            .replace("REPLACE_WITH_CUSTOMER_TOKEN", &customer)
            .replace("REPLACE_WITH_TOKEN", &admin)
            .replace("REPLACE_WITH_PRODUCT_ID", &product)
            .replace("REPLACE_WITH_ORDER_ID", &order_id);
        let req = lambda_http::request::from_str(&text)
            .unwrap_or_else(|e| panic!("{file} is not an API Gateway event: {e}"));
        let function = file.split('-').next().expect("a function name");
        let resp = app.handle(function, req).await;
        let resp = read(resp).await;
        assert_eq!(resp.status.as_u16(), *status, "{file}: {:?}", resp.body);
    }
}
