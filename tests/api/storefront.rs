//! The storefront against the emulator: an admin writes the shop's contact, texts and
//! categories; the public `GET /api/shop` answers them with the shop profile, cacheable
//! with an ETag; bad input is named by its path and writes nothing.

use crate::helpers::{read, request, spawn_app, TestApp, TestResponse};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use toko::domain::{AccountStatus, Role};

async fn put(app: &TestApp, token: &str, body: Value) -> TestResponse {
    app.call(
        "confirm",
        "PUT",
        "/api/admin/settings/storefront",
        Some(token),
        Some(body),
    )
    .await
}

async fn shop(app: &TestApp, etag: Option<&str>) -> TestResponse {
    let mut req = request("GET", "/api/shop", None, None);
    if let Some(tag) = etag {
        req.headers_mut()
            .insert("if-none-match", tag.parse().expect("header"));
    }
    read(app.handle("catalog", req).await).await
}

fn storefront() -> Value {
    json!({
        "phone": "+62 22 555 0101",
        "whatsapp": "0812 5550 0101",
        "email": "halo@percetakan.example",
        "hours": { "en": "Mon–Sat 08:00–17:00", "id": "Sen–Sab 08.00–17.00" },
        "about": { "en": "A print shop in Bandung since 1998.", "id": "Percetakan di Bandung sejak 1998." },
        "howToBuy": [{ "en": "Register.", "id": "Daftar." }, { "en": "Order.", "id": "Pesan." }],
        "faq": [{ "question": { "en": "Do you deliver?", "id": "Apakah dikirim?" }, "answer": { "en": "Across Java.", "id": "Ke seluruh Jawa." } }],
        "categories": [
            { "slug": "printing", "en": "Printing", "id": "Cetak" },
            { "slug": "stickers", "en": "Stickers", "id": "Stiker" },
        ],
    })
}

#[tokio::test]
async fn an_admin_writes_the_storefront_and_the_site_reads_it_with_the_shop_profile() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    // Never set: the site's defaults (nothing to show but the default name).
    let fresh = shop(&app, None).await;
    assert_eq!(fresh.status, StatusCode::OK, "{:?}", fresh.body);
    assert_eq!(fresh.body["categories"], json!([]));
    assert_eq!(fresh.body["phone"], Value::Null);

    let profile = app
        .call(
            "confirm",
            "PUT",
            "/api/admin/settings/shop",
            Some(&admin),
            Some(json!({ "name": "Percetakan Maju", "address": "Jl. Braga 12\nBandung 40111", "taxNumber": "" })),
        )
        .await;
    assert_eq!(profile.status, StatusCode::OK, "{:?}", profile.body);
    let saved = put(&app, &admin, storefront()).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    assert_eq!(saved.body["email"], "halo@percetakan.example");

    let public = shop(&app, None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.body["name"], "Percetakan Maju");
    assert_eq!(public.body["address"], "Jl. Braga 12\nBandung 40111");
    assert_eq!(public.body["categories"][1]["id"], "Stiker");
    assert_eq!(public.body["faq"][0]["answer"]["id"], "Ke seluruh Jawa.");
    assert_eq!(
        public.headers["cache-control"].to_str().expect("header"),
        "public, max-age=60"
    );
    // A revalidation with the ETag costs no body; a change makes a new one.
    let etag = public.headers["etag"].to_str().expect("etag").to_owned();
    let same = shop(&app, Some(&etag)).await;
    assert_eq!(same.status, StatusCode::NOT_MODIFIED);
    assert_eq!(same.body, Value::Null);
    let mut changed = storefront();
    changed["categories"][1]["id"] = json!("Stiker vinil");
    assert_eq!(put(&app, &admin, changed).await.status, StatusCode::OK);
    let after = shop(&app, Some(&etag)).await;
    assert_eq!(after.status, StatusCode::OK);
    assert_eq!(after.body["categories"][1]["id"], "Stiker vinil");
    let read_back = app
        .call(
            "confirm",
            "GET",
            "/api/admin/settings/storefront",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(read_back.body["howToBuy"][1]["id"], "Pesan.");
}

#[tokio::test]
async fn bad_storefronts_are_named_by_path_and_write_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    assert_eq!(put(&app, &admin, storefront()).await.status, StatusCode::OK);
    let mut bad = storefront();
    bad["whatsapp"] = json!("WA me");
    bad["faq"][0]["answer"] = json!({ "en": "Yes." });
    bad["categories"][1]["slug"] = json!("printing");
    bad["howToBuy"] = json!(vec![json!({ "en": "x", "id": "y" }); 9]);
    let refused = put(&app, &admin, bad).await;
    for field in [
        "whatsapp",
        "faq[0].answer.id",
        "categories[1].slug",
        "howToBuy",
    ] {
        refused.assert_rejects(field, field);
    }
    let kept = shop(&app, None).await;
    assert_eq!(kept.body["whatsapp"], "0812 5550 0101", "nothing written");
    // Only admins write it; nobody but staff with the settings permission reads it there.
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    assert_eq!(
        put(&app, &operator, storefront()).await.status,
        StatusCode::FORBIDDEN
    );
}
