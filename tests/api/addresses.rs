//! The address book against the emulator: limits (also under parallel saves), the
//! default, validation, and orders keeping their own copy.

use crate::helpers::{spawn_app, TestApp};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use toko::domain::{AccountStatus, Role};

fn address(label: &str) -> Value {
    json!({
        "label": label, "recipient": "Siti Rahayu", "phone": "0812 3456 7890",
        "street": "Jl. Braga No. 12", "district": "Braga, Sumur Bandung",
        "city": "Kota Bandung", "province": "Jawa Barat", "postalCode": "40111",
    })
}

async fn book(app: &TestApp, token: &str) -> Vec<Value> {
    let r = app
        .call(
            "account",
            "GET",
            "/api/account/addresses",
            Some(token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["max"], 10);
    r.body["items"].as_array().expect("items").clone()
}

async fn save(app: &TestApp, token: &str, body: Value) -> crate::helpers::TestResponse {
    app.call(
        "account",
        "POST",
        "/api/account/addresses",
        Some(token),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn the_first_address_is_the_default_and_the_default_can_move_and_be_removed() {
    let app = spawn_app().await;
    let (_, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    assert!(book(&app, &token).await.is_empty());

    let home = save(&app, &token, address("Rumah")).await;
    assert_eq!(home.status, StatusCode::CREATED, "{:?}", home.body);
    assert_eq!(home.body["isDefault"], true, "the first one is the default");
    assert_eq!(home.body["province"], "Jawa Barat");
    let home = home.body["id"].as_str().expect("id").to_owned();
    let office = save(&app, &token, address("Kantor")).await;
    assert_eq!(office.body["isDefault"], false);
    let office = office.body["id"].as_str().expect("id").to_owned();
    let shop = save(&app, &token, address("Toko")).await;
    let shop = shop.body["id"].as_str().expect("id").to_owned();

    let labels: Vec<_> = book(&app, &token)
        .await
        .iter()
        .map(|a| a["label"].clone())
        .collect();
    assert_eq!(
        labels,
        ["Rumah", "Toko", "Kantor"],
        "default first, then newest"
    );

    // Editing the office and making it the default.
    let mut changed = address("Kantor pusat");
    changed["isDefault"] = json!(true);
    changed["street"] = json!("Jl. Asia Afrika 8");
    let r = app
        .call(
            "account",
            "PUT",
            &format!("/api/account/addresses/{office}"),
            Some(&token),
            Some(changed),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["isDefault"], true);
    let now = book(&app, &token).await;
    assert_eq!(now[0]["id"], office.as_str());
    assert_eq!(now[0]["street"], "Jl. Asia Afrika 8");
    assert_eq!(now.iter().filter(|a| a["isDefault"] == true).count(), 1);

    // Removing the default makes the newest other one the default.
    let r = app
        .call(
            "account",
            "DELETE",
            &format!("/api/account/addresses/{office}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let now = book(&app, &token).await;
    assert_eq!(now.len(), 2);
    assert_eq!(now[0]["id"], shop.as_str());
    assert_eq!(now[0]["isDefault"], true);
    assert_eq!(now[1]["id"], home.as_str());

    // Gone is gone; another customer cannot touch it.
    let again = app
        .call(
            "account",
            "DELETE",
            &format!("/api/account/addresses/{office}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(again.code(), "not_found");
    let (_, other) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let r = app
        .call(
            "account",
            "DELETE",
            &format!("/api/account/addresses/{home}"),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(book(&app, &token).await.len(), 2);
}

#[tokio::test]
async fn ten_addresses_at_most_even_when_saved_in_parallel() {
    let app = spawn_app().await;
    let (_, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    for i in 0..7 {
        let r = save(&app, &token, address(&format!("Alamat {i}"))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    }
    // Eight at once for the last three places.
    let results = futures::future::join_all(
        (0..8).map(|i| save(&app, &token, address(&format!("Paralel {i}")))),
    )
    .await;
    let created = results
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    let full: Vec<_> = results
        .iter()
        .filter(|r| r.status == StatusCode::CONFLICT)
        .collect();
    assert_eq!(
        created,
        3,
        "{:?}",
        results.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert_eq!(full.len(), 5);
    assert!(full
        .iter()
        .all(|r| r.code() == "address_book_full" && r.is_problem()));
    assert_eq!(book(&app, &token).await.len(), 10);

    // Removing one frees a place.
    let first = book(&app, &token).await[0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let r = app
        .call(
            "account",
            "DELETE",
            &format!("/api/account/addresses/{first}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        save(&app, &token, address("Baru")).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        save(&app, &token, address("Lagi")).await.status,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn a_bad_address_names_each_bad_field_and_staff_have_no_book() {
    let app = spawn_app().await;
    let (_, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let r = save(
        &app,
        &token,
        json!({ "label": " ", "recipient": "Siti", "phone": "call me", "street": "Jl. A", "city": 5, "province": "x".repeat(61) }),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["label", "phone", "city", "province", "postalCode"] {
        assert!(
            r.body["errors"]
                .as_array()
                .expect("errors")
                .iter()
                .any(|e| e["field"] == field),
            "{field}: {:?}",
            r.body
        );
    }
    assert!(book(&app, &token).await.is_empty(), "nothing half-written");
    let (_, staff) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    assert_eq!(
        save(&app, &staff, address("Gudang")).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn an_order_keeps_its_own_copy_of_the_address_it_was_shipped_to() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let product = app
        .product(&admin, "Stiker vinyl", "printing", 20_000)
        .await;
    let saved = save(&app, &token, address("Rumah")).await;
    let id = saved.body["id"].as_str().expect("id").to_owned();

    let mut shipping = saved.body.clone();
    for k in ["id", "label", "isDefault"] {
        shipping.as_object_mut().expect("object").remove(k);
    }
    let placed = app
        .place_order(
            &token,
            &json!({ "items": [{ "productId": product, "quantity": 1 }], "shippingAddress": shipping }),
            None,
        )
        .await;
    assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);
    let order = placed.body["id"].as_str().expect("order").to_owned();

    let mut moved = address("Rumah");
    moved["street"] = json!("Jl. Dago 99");
    let r = app
        .call(
            "account",
            "PUT",
            &format!("/api/account/addresses/{id}"),
            Some(&token),
            Some(moved),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app
        .call(
            "account",
            "DELETE",
            &format!("/api/account/addresses/{id}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);

    let seen = app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{order}"),
            Some(&token),
            None,
        )
        .await;
    let a = &seen.body["shippingAddress"];
    assert_eq!(a["street"], "Jl. Braga No. 12");
    assert_eq!(a["district"], "Braga, Sumur Bandung");
    assert_eq!(a["province"], "Jawa Barat");
}
