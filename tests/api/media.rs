//! Product pictures: real bytes through a presigned URL into the emulator, then the
//! server-side check of what actually arrived.

use crate::helpers::{spawn_app, TestApp};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

async fn start(
    app: &TestApp,
    admin: &str,
    product: &str,
    content_type: &str,
    size: u64,
) -> crate::helpers::TestResponse {
    app.call(
        "catalog",
        "POST",
        &format!("/api/admin/products/{product}/image"),
        Some(admin),
        Some(json!({ "contentType": content_type, "size": size })),
    )
    .await
}

async fn put(app: &TestApp, upload: &Value, bytes: Vec<u8>) -> u16 {
    app.iam
        .presigned("catalog", "PUT", upload["url"].as_str().expect("url"));
    let client = reqwest::Client::new();
    let mut req = client.put(upload["url"].as_str().expect("url")).body(bytes);
    for (k, v) in upload["headers"].as_object().expect("headers") {
        req = req.header(k, v.as_str().expect("value"));
    }
    req.send().await.expect("upload").status().as_u16()
}

async fn complete(
    app: &TestApp,
    admin: &str,
    product: &str,
    key: &str,
) -> crate::helpers::TestResponse {
    app.call(
        "catalog",
        "POST",
        &format!("/api/admin/products/{product}/image/complete"),
        Some(admin),
        Some(json!({ "key": key })),
    )
    .await
}

#[tokio::test]
async fn a_picture_uploaded_through_the_presigned_url_becomes_the_products_image() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Printer", "printers", 2_000_000).await;

    let started = start(&app, &admin, &product, "image/png", PNG.len() as u64).await;
    assert_eq!(started.status, StatusCode::CREATED, "{:?}", started.body);
    let key = started.body["key"].as_str().expect("key").to_owned();
    assert!(key.starts_with(&format!("media/products/{product}/")) && key.ends_with(".png"));
    assert_eq!(put(&app, &started.body["upload"], PNG.to_vec()).await, 200);
    let done = complete(&app, &admin, &product, &key).await;

    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.body["imageUrl"], format!("/{key}"));
    let listed = app
        .call(
            "catalog",
            "GET",
            &format!("/api/products/{product}"),
            None,
            None,
        )
        .await;
    assert_eq!(listed.body["imageUrl"], format!("/{key}"));
}

#[tokio::test]
async fn declared_types_and_sizes_are_checked_before_any_upload() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Mouse", "accessories", 100_000).await;

    let svg = start(&app, &admin, &product, "image/svg+xml", 100).await;
    let huge = start(&app, &admin, &product, "image/jpeg", 6 * 1024 * 1024).await;
    let unknown = start(
        &app,
        &admin,
        &toko::domain::ProductId::generate().to_string(),
        "image/png",
        100,
    )
    .await;
    let (_, operator) = app
        .signed_in(
            toko::domain::Role::Operator,
            toko::domain::AccountStatus::Approved,
        )
        .await;
    let not_admin = start(&app, &operator, &product, "image/png", 100).await;

    assert_eq!(
        (svg.status, svg.code()),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_type")
    );
    assert_eq!(
        (huge.status, huge.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "file_too_large")
    );
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(not_admin.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn what_is_not_really_a_small_picture_is_deleted_at_completion() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Banner", "printing", 165_000).await;

    // Claims to be a PNG, is a script.
    let script = b"#!/bin/sh\nrm -rf /\n".to_vec();
    let fake = start(&app, &admin, &product, "image/png", script.len() as u64).await;
    let fake_key = fake.body["key"].as_str().expect("key").to_owned();
    assert_eq!(put(&app, &fake.body["upload"], script).await, 200);
    // Declared small, uploaded large: AWS's S3 (and LocalStack's) refuses the bytes
    // itself; moto lets them through and the completion check refuses the picture.
    let big = start(&app, &admin, &product, "image/png", 1_000).await;
    let big_key = big.body["key"].as_str().expect("key").to_owned();
    let mut bytes = PNG.to_vec();
    bytes.resize(5 * 1024 * 1024 + 1, 0);
    let mut refused_after_upload = vec![&fake_key];
    if crate::helpers::s3_checks_presigned() {
        assert_eq!(put(&app, &big.body["upload"], bytes).await, 403);
        let r = complete(&app, &admin, &product, &big_key).await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "nothing arrived: {:?}",
            r.body
        );
    } else {
        assert_eq!(put(&app, &big.body["upload"], bytes).await, 200);
        refused_after_upload.push(&big_key);
    }

    for key in refused_after_upload {
        let r = complete(&app, &admin, &product, key).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_upload"),
            "{key}"
        );
        assert!(
            app.catalog.media.head(key).await.expect("head").is_none(),
            "{key} was deleted"
        );
    }
    let p = app
        .call(
            "catalog",
            "GET",
            &format!("/api/products/{product}"),
            None,
            None,
        )
        .await;
    assert_eq!(
        p.body["imageUrl"],
        Value::Null,
        "the product kept no picture"
    );
}

#[tokio::test]
async fn only_keys_handed_out_for_the_product_can_be_completed() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Mug", "printing", 40_000).await;
    let other = app.product(&admin, "Cup", "printing", 40_000).await;
    let started = start(&app, &admin, &other, "image/png", PNG.len() as u64).await;
    let key = started.body["key"].as_str().expect("key").to_owned();
    put(&app, &started.body["upload"], PNG.to_vec()).await;

    for k in [
        key.clone(),
        format!("media/products/{product}/../{other}/x.png"),
        format!("media/products/{product}/"),
        "../../etc/passwd".to_owned(),
        format!("media/products/{product}/never-uploaded.png"),
    ] {
        let r = complete(&app, &admin, &product, &k).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{k}: {:?}", r.body);
    }
}

#[tokio::test]
async fn the_shop_logo_is_uploaded_checked_shown_and_removed() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let started = app
        .call(
            "catalog",
            "POST",
            "/api/admin/settings/logo",
            Some(&admin),
            Some(json!({ "contentType": "image/png", "size": PNG.len() })),
        )
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{:?}", started.body);
    let key = started.body["key"].as_str().expect("key").to_owned();
    assert!(
        key.starts_with("media/shop/") && key.ends_with(".png"),
        "{key}"
    );
    assert_eq!(put(&app, &started.body["upload"], PNG.to_vec()).await, 200);
    // Only a key handed out for the logo completes it.
    let product = app.product(&admin, "Kertas", "printing", 1_000).await;
    let other = format!(
        "media/products/{product}/{}",
        key.trim_start_matches("media/shop/")
    );
    let tricked = app
        .call(
            "catalog",
            "POST",
            "/api/admin/settings/logo/complete",
            Some(&admin),
            Some(json!({ "key": other })),
        )
        .await;
    assert_eq!(tricked.status, StatusCode::NOT_FOUND);
    let done = app
        .call(
            "catalog",
            "POST",
            "/api/admin/settings/logo/complete",
            Some(&admin),
            Some(json!({ "key": key })),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    let public = app.call("catalog", "GET", "/api/shop", None, None).await;
    assert_eq!(public.body["logo"], format!("/{key}"));

    // Not a picture: refused and deleted; the logo stays.
    let script = b"<script>alert(1)</script>".to_vec();
    let fake = app
        .call(
            "catalog",
            "POST",
            "/api/admin/settings/logo",
            Some(&admin),
            Some(json!({ "contentType": "image/png", "size": script.len() })),
        )
        .await;
    let fake_key = fake.body["key"].as_str().expect("key").to_owned();
    assert_eq!(put(&app, &fake.body["upload"], script).await, 200);
    let refused = app
        .call(
            "catalog",
            "POST",
            "/api/admin/settings/logo/complete",
            Some(&admin),
            Some(json!({ "key": fake_key })),
        )
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_upload")
    );
    let again = app
        .call(
            "catalog",
            "POST",
            "/api/admin/settings/logo/complete",
            Some(&admin),
            Some(json!({ "key": fake_key })),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "the object is gone");
    let public = app.call("catalog", "GET", "/api/shop", None, None).await;
    assert_eq!(public.body["logo"], format!("/{key}"));

    let removed = app
        .call(
            "catalog",
            "DELETE",
            "/api/admin/settings/logo",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let public = app.call("catalog", "GET", "/api/shop", None, None).await;
    assert_eq!(public.body["logo"], Value::Null);
}

/// Uploads a picture and completes it as one more of the product's (`add`).
async fn add_picture(app: &TestApp, admin: &str, product: &str) -> crate::helpers::TestResponse {
    add_picture_keyed(app, admin, product).await.0
}

async fn add_picture_keyed(
    app: &TestApp,
    admin: &str,
    product: &str,
) -> (crate::helpers::TestResponse, String) {
    let started = start(app, admin, product, "image/png", PNG.len() as u64).await;
    assert_eq!(started.status, StatusCode::CREATED, "{:?}", started.body);
    let key = started.body["key"].as_str().expect("key").to_owned();
    assert_eq!(put(app, &started.body["upload"], PNG.to_vec()).await, 200);
    let done = app
        .call(
            "catalog",
            "POST",
            &format!("/api/admin/products/{product}/image/complete"),
            Some(admin),
            Some(json!({ "key": key, "add": true })),
        )
        .await;
    (done, key)
}

async fn media_object_exists(app: &TestApp, key: &str) -> bool {
    toko_tools::s3_client(&toko::aws::from_env())
        .head_object()
        .bucket(app.settings.media_bucket().expect("bucket"))
        .key(key)
        .send()
        .await
        .is_ok()
}

#[tokio::test]
async fn a_product_has_up_to_eight_pictures_in_the_order_staff_choose() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Spanduk", "printing", 50_000).await;

    // The first becomes the main one; five more at once are all kept, in some order.
    let first = add_picture(&app, &admin, &product).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let main = first.body["imageUrl"].as_str().expect("main").to_owned();
    let racing =
        futures::future::join_all((0..5).map(|_| add_picture(&app, &admin, &product))).await;
    assert!(
        racing.iter().all(|r| r.status == StatusCode::OK),
        "{:?}",
        racing.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    let two_more = [
        add_picture(&app, &admin, &product).await,
        add_picture(&app, &admin, &product).await,
    ];
    assert!(two_more.iter().all(|r| r.status == StatusCode::OK));
    let detail = app
        .call(
            "catalog",
            "GET",
            &format!("/api/products/{product}"),
            None,
            None,
        )
        .await;
    let pictures: Vec<String> = detail.body["pictures"]
        .as_array()
        .expect("pictures")
        .iter()
        .filter_map(|p| p.as_str().map(str::to_owned))
        .collect();
    assert_eq!(pictures.len(), 8);
    assert_eq!(pictures[0], main);
    // The ninth is refused, and its file does not stay.
    let ninth = add_picture(&app, &admin, &product).await;
    assert_eq!(
        (ninth.status, ninth.code()),
        (StatusCode::CONFLICT, "too_many_pictures")
    );

    // A new order: the last first (the main one), two left out and their files deleted.
    let mut order: Vec<String> = pictures.iter().rev().cloned().collect();
    let dropped: Vec<String> = order.drain(5..).collect();
    let r = app
        .call(
            "catalog",
            "PUT",
            &format!("/api/admin/products/{product}/pictures"),
            Some(&admin),
            Some(json!({ "pictures": order })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["imageUrl"], order[0].as_str());
    assert_eq!(r.body["pictures"], json!(order));
    for url in &dropped {
        assert!(
            !media_object_exists(&app, url.trim_start_matches('/')).await,
            "{url} deleted"
        );
    }
    assert!(media_object_exists(&app, order[0].trim_start_matches('/')).await);
    // Only its own pictures, each once.
    let r = app
        .call(
            "catalog",
            "PUT",
            &format!("/api/admin/products/{product}/pictures"),
            Some(&admin),
            Some(json!({ "pictures": ["/media/elsewhere.png"] })),
        )
        .await;
    r.assert_rejects("pictures", "a picture of no product");
    let r = app
        .call(
            "catalog",
            "PUT",
            &format!("/api/admin/products/{product}/pictures"),
            Some(&admin),
            Some(json!({ "pictures": [order[0], order[0]] })),
        )
        .await;
    r.assert_rejects("pictures", "twice");
    // Editing the product keeps its pictures.
    let r = app
        .call(
            "catalog",
            "PUT",
            &format!("/api/admin/products/{product}"),
            Some(&admin),
            Some(json!({ "name": "Spanduk flexi", "category": "printing", "price": 55_000 })),
        )
        .await;
    assert_eq!(r.body["pictures"], json!(order));
    // None at all: no main picture.
    let r = app
        .call(
            "catalog",
            "PUT",
            &format!("/api/admin/products/{product}/pictures"),
            Some(&admin),
            Some(json!({ "pictures": [] })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["pictures"], json!([]));
    assert!(r.body["imageUrl"].is_null());
}
