//! Made-to-order products against the emulator: a banner priced by size, material and
//! finishing; business cards by quantity band; quote and order charge the same from the
//! choices, the order line keeps them; what a product does not offer is refused by path.

use crate::helpers::{spawn_app, TestApp, TestResponse, SHIPPING_COST};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use toko::domain::{AccountStatus, Role};

fn banner_pricing() -> Value {
    json!({
        "options": [
            { "code": "material", "name": { "en": "Material", "id": "Bahan" }, "choices": [
                { "code": "flexi", "name": "Flexi 280g", "add": 0, "perM2": true },
                { "code": "albatros", "name": "Albatros", "add": 10_000, "perM2": true },
            ]},
            { "code": "finishing", "name": { "en": "Finishing", "id": "Finishing" }, "choices": [
                { "code": "cut", "name": "Cut only", "add": 0 },
                { "code": "eyelets", "name": "Eyelets", "add": 5_000 },
            ]},
        ],
        "size": { "minWidthCm": 50, "minHeightCm": 50, "maxWidthCm": 500, "maxHeightCm": 300 },
    })
}

async fn create(
    app: &TestApp,
    admin: &str,
    name: &str,
    price: i64,
    pricing: Value,
) -> TestResponse {
    let body = json!({ "name": name, "category": "printing", "price": price, "pricing": pricing });
    app.call(
        "catalog",
        "POST",
        "/api/admin/products",
        Some(admin),
        Some(body),
    )
    .await
}

async fn quote(app: &TestApp, items: Value) -> TestResponse {
    app.call(
        "order",
        "POST",
        "/api/orders/quote",
        None,
        Some(json!({ "items": items })),
    )
    .await
}

fn fields(r: &TestResponse) -> Vec<String> {
    r.body["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .map(|x| x["field"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_banner_is_quoted_and_ordered_by_size_material_and_finishing() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let made = create(&app, &admin, "Custom banner", 25_000, banner_pricing()).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    let id = made.body["id"].as_str().expect("id").to_owned();
    assert_eq!(made.body["pricing"], banner_pricing());
    let listed = app
        .call(
            "catalog",
            "GET",
            "/api/products?category=printing",
            None,
            None,
        )
        .await;
    let card = listed.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|p| p["id"] == id.as_str())
        .cloned()
        .expect("listed");
    assert_eq!(card["madeToOrder"], true);

    // 300 × 100 cm = 3 m² at (25.000 + 10.000) per m², plus 5.000 eyelets: 110.000 a piece.
    let line = json!({ "productId": id, "quantity": 3, "options": { "material": "albatros", "finishing": "eyelets" }, "size": { "widthCm": 300, "heightCm": 100 } });
    let q = quote(&app, json!([line])).await;
    assert_eq!(q.status, StatusCode::OK, "{:?}", q.body);
    assert_eq!(
        (
            q.body["items"][0]["unitPrice"].clone(),
            q.body["subtotal"].clone()
        ),
        (json!(110_000), json!(330_000))
    );

    let mut body = crate::helpers::cart(&id, 3);
    body["items"] = json!([line]);
    let placed = app.place_order(&customer, &body, None).await;
    assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);
    let kept = &placed.body["items"][0];
    assert_eq!(kept["unitPrice"], 110_000);
    assert_eq!(kept["size"], json!({ "widthCm": 300, "heightCm": 100 }));
    assert_eq!(
        kept["options"][0],
        json!({ "option": "material", "optionName": { "en": "Material", "id": "Bahan" }, "choice": "albatros", "name": "Albatros" })
    );
    assert_eq!(placed.body["total"], 330_000 + SHIPPING_COST);
    let order = placed.body["id"].as_str().expect("order").to_owned();
    // Order again: the same choices at today's price.
    let again = reorder(&app, &customer, &order).await;
    assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);
    assert_eq!(
        again.body["items"][0],
        json!({ "state": "available", "productId": id, "name": "Custom banner", "quantity": 3, "unitPrice": 110_000,
                "options": { "material": "albatros", "finishing": "eyelets" }, "size": { "widthCm": 300, "heightCm": 100 } })
    );

    // What the product does not offer, by path; the size is required, a fixed-price
    // product takes no choices.
    let bad = quote(&app, json!([
        { "productId": id, "quantity": 1, "options": { "material": "gold", "finishing": "cut", "colour": "red" }, "size": { "widthCm": 600, "heightCm": 100 } },
        { "productId": id, "quantity": 1, "options": { "material": "flexi", "finishing": "cut" } },
    ]))
    .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        bad.body
    );
    assert_eq!(
        fields(&bad),
        [
            "items[0].options.colour",
            "items[0].options.material",
            "items[0].size.widthCm",
            "items[1].size"
        ]
    );
    let plain = app.product(&admin, "Poster A3", "printing", 12_000).await;
    let refused = quote(
        &app,
        json!([{ "productId": plain, "quantity": 1, "options": { "material": "flexi" } }]),
    )
    .await;
    assert_eq!(fields(&refused), ["items[0].options.material"]);
    let tiny = quote(
        &app,
        json!([{ "productId": plain, "quantity": 1, "size": { "widthCm": 0, "heightCm": 20000 } }]),
    )
    .await;
    assert_eq!(
        fields(&tiny),
        ["items[0].size.widthCm", "items[0].size.heightCm"]
    );

    // Back to a fixed price: the choices go.
    let edit = json!({ "name": "Custom banner", "category": "printing", "price": 25_000, "pricing": null });
    let r = app
        .call(
            "catalog",
            "PUT",
            &format!("/api/admin/products/{id}"),
            Some(&admin),
            Some(edit),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body.get("pricing"), None);
    assert_eq!(
        quote(&app, json!([line])).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // The choices are no longer offered; then the product is gone.
    let again = reorder(&app, &customer, &order).await;
    assert_eq!(again.body["items"][0]["state"], "unavailable");
    assert_eq!(again.body["items"][0]["reason"], "choices_changed");
    let gone = app
        .call(
            "catalog",
            "DELETE",
            &format!("/api/admin/products/{id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let again = reorder(&app, &customer, &order).await;
    assert_eq!(
        again.body["items"][0],
        json!({ "state": "unavailable", "productId": id, "name": "Custom banner", "reason": "not_in_catalogue" })
    );
    // Nobody else's order.
    let (_, stranger) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    assert_eq!(
        reorder(&app, &stranger, &order).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn reorder(app: &TestApp, token: &str, order: &str) -> TestResponse {
    let uri = format!("/api/orders/{order}/reorder");
    app.call("order", "GET", &uri, Some(token), None).await
}

#[tokio::test]
async fn quantity_bands_set_the_unit_price_and_bad_pricing_is_refused_whole() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let tiers = json!({ "tiers": [{ "from": 1, "unitPrice": 1_500 }, { "from": 100, "unitPrice": 1_000 }, { "from": 500, "unitPrice": 700 }] });
    let cards = create(&app, &admin, "Business cards", 1_500, tiers).await;
    let id = cards.body["id"].as_str().expect("id").to_owned();
    for (quantity, unit) in [(99, 1_500), (100, 1_000), (499, 1_000), (500, 700)] {
        let q = quote(&app, json!([{ "productId": id, "quantity": quantity }])).await;
        assert_eq!(q.body["items"][0]["unitPrice"], unit, "{quantity}");
        assert_eq!(q.body["subtotal"], unit * quantity);
    }
    let bad = create(
        &app,
        &admin,
        "Stickers",
        1_000,
        json!({ "tiers": [{ "from": 2, "unitPrice": 10 }, { "from": 2, "unitPrice": -1 }], "options": [{ "code": "x", "name": { "en": "X", "id": "" }, "choices": [] }] }),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&bad),
        [
            "pricing.options[0].name.id",
            "pricing.options[0].choices",
            "pricing.tiers[0].from",
            "pricing.tiers[1].from",
            "pricing.tiers[1].unitPrice"
        ]
    );
    let list = app
        .call(
            "catalog",
            "GET",
            "/api/products?category=printing",
            None,
            None,
        )
        .await;
    assert!(
        !list.body.to_string().contains("Stickers"),
        "nothing written"
    );
}
