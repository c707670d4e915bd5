//! The shipping table against the emulator: the deployment's flat rate until an admin
//! sets one; then quote and order price shipping by the city it goes to (a leading
//! "Kota" dropped, "Kab." read as "Kabupaten"), free from an amount of goods; a bad table
//! is refused whole, by path; the change is in the activity log.

use crate::helpers::{cart, spawn_app, TestApp, TestResponse, SHIPPING_COST};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use toko::domain::{AccountStatus, Role};

const URI: &str = "/api/admin/settings/shipping";

async fn quote(app: &TestApp, product: &str, quantity: u64, city: Option<&str>) -> TestResponse {
    let mut body = json!({ "items": [{ "productId": product, "quantity": quantity }] });
    if let Some(c) = city {
        body["city"] = json!(c);
    }
    app.call("order", "POST", "/api/orders/quote", None, Some(body))
        .await
}

#[tokio::test]
async fn shipping_is_priced_by_the_city_and_free_from_an_amount() {
    let app = spawn_app().await;
    let (admin, token) = app.signed_in(Role::Admin, AccountStatus::Approved).await;
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let product = app.product(&token, "Banner", "printing", 50_000).await;

    // Until an admin sets a table: the deployment's flat rate everywhere.
    let initial = app.call("confirm", "GET", URI, Some(&token), None).await;
    assert_eq!(initial.body["flat"], SHIPPING_COST, "{:?}", initial.body);
    let q = quote(&app, &product, 1, Some("Bandung")).await;
    assert_eq!(q.body["shippingCost"], SHIPPING_COST);

    let table = json!({
        "flat": 25_000,
        "cities": [{ "city": "Bandung", "cost": 10_000 }, { "city": "Kabupaten Bandung", "cost": 15_000 }],
        "freeFrom": 300_000,
    });
    let set = app
        .call("confirm", "PUT", URI, Some(&token), Some(table.clone()))
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    let read = app.call("confirm", "GET", URI, Some(&token), None).await;
    assert_eq!(read.body, table);

    for (city, cost) in [
        (Some("Kota Bandung"), 10_000),
        (Some("kab. bandung"), 15_000),
        (Some("Surabaya"), 25_000),
        (None, 25_000),
    ] {
        let q = quote(&app, &product, 2, city).await;
        assert_eq!(q.status, StatusCode::OK, "{:?}", q.body);
        assert_eq!(q.body["shippingCost"], cost, "{city:?}");
        assert_eq!(q.body["total"], 100_000 + cost, "{city:?}");
        assert_eq!(q.body["freeShippingFrom"], 300_000);
    }
    // Goods of Rp 300.000 ship free.
    let q = quote(&app, &product, 6, Some("Surabaya")).await;
    assert_eq!(
        (q.body["shippingCost"].clone(), q.body["total"].clone()),
        (json!(0), json!(300_000))
    );

    // The order charges what the quote said, for the city of its address.
    let placed = app.place_order(&customer, &cart(&product, 2), None).await;
    assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);
    assert_eq!(
        placed.body["shippingCost"], 10_000,
        "the cart ships to Bandung"
    );
    assert_eq!(placed.body["total"], 110_000);

    // A bad table: every problem by its path, nothing written.
    let bad = json!({ "flat": -5, "cities": [{ "city": "Bandung", "cost": 1 }, { "city": "kota bandung", "cost": "x" }] });
    let refused = app
        .call("confirm", "PUT", URI, Some(&token), Some(bad))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["flat", "cities[1].city", "cities[1].cost"] {
        assert!(
            refused.body["errors"]
                .as_array()
                .expect("errors")
                .iter()
                .any(|e: &Value| e["field"] == field),
            "{field}: {:?}",
            refused.body
        );
    }
    let after = app.call("confirm", "GET", URI, Some(&token), None).await;
    assert_eq!(after.body, table);

    // The change is in the activity log, field by field.
    let log = app
        .call(
            "staff",
            "GET",
            &format!("/api/admin/activity?by={}&area=settings", admin.id),
            Some(&token),
            None,
        )
        .await;
    let entry = &log.body["items"][0];
    assert_eq!(entry["record"]["id"], "shipping", "{:?}", log.body);
    let change = entry["change"].as_str().expect("change");
    assert!(
        change.contains(&format!("flat: {SHIPPING_COST} → 25000")),
        "{change}"
    );
    assert!(change.contains("freeFrom: — → 300000"), "{change}");
}
