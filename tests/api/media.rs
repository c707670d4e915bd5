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

/// Uploads `picture` as the product's main picture.
async fn set_picture(app: &TestApp, admin: &str, product: &str, kind: &str, picture: Vec<u8>) {
    let started = start(app, admin, product, kind, picture.len() as u64).await;
    let key = started.body["key"].as_str().expect("key").to_owned();
    assert_eq!(put(app, &started.body["upload"], picture).await, 200);
    let done = complete(app, admin, product, &key).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
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

/// A small RGB PNG of one colour: pixel rows a PDF can hold as they are.
fn rgb_png(side: u32, rgb: [u8; 3]) -> Vec<u8> {
    png(side, 2, &rgb)
}

/// A `side`×`side` PNG of colour type `colour` (2 RGB, 6 RGBA) with every pixel `pixel`,
/// written by hand (a stored deflate block, real CRCs).
fn png(side: u32, colour: u8, pixel: &[u8]) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for b in bytes {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    // Each row: filter type 0, then the pixels.
    let row: Vec<u8> = std::iter::once(0)
        .chain((0..side).flat_map(|_| pixel.iter().copied()))
        .collect();
    let raw: Vec<u8> = (0..side).flat_map(|_| row.clone()).collect();
    let (mut a, mut b) = (1u32, 0u32);
    for x in &raw {
        a = (a + u32::from(*x)) % 65521;
        b = (b + a) % 65521;
    }
    let len = raw.len() as u16;
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend_from_slice(&len.to_le_bytes());
    zlib.extend_from_slice(&(!len).to_le_bytes());
    zlib.extend_from_slice(&raw);
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&side.to_be_bytes());
    ihdr.extend_from_slice(&side.to_be_bytes());
    ihdr.extend_from_slice(&[8, colour, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &zlib);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// The catalogue PDF the redirect of `GET /api/catalogue` points at: its path and text.
async fn catalogue(app: &TestApp, lang: &str) -> (String, String) {
    let r = app
        .call(
            "catalog",
            "GET",
            &format!("/api/catalogue?lang={lang}"),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FOUND, "{:?}", r.body);
    let location = r.headers["location"].to_str().expect("location").to_owned();
    let object = toko_tools::s3_client(&toko::aws::from_env())
        .get_object()
        .bucket(app.settings.media_bucket().expect("bucket"))
        .key(location.trim_start_matches('/'))
        .send()
        .await
        .expect("the PDF is in the media bucket");
    let bytes = object
        .body
        .collect()
        .await
        .expect("bytes")
        .into_bytes()
        .to_vec();
    let doc = lopdf::Document::load_mem(&bytes).expect("a PDF lopdf can read");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    (location, doc.extract_text(&pages).expect("text"))
}

#[tokio::test]
async fn the_catalogue_pdf_is_made_once_per_version_with_names_prices_and_pictures() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let cards = app
        .product(&admin, "Kartu nama premium", "printing", 85_000)
        .await;
    app.product(&admin, "Mouse nirkabel", "accessories", 150_000)
        .await;
    let storefront = json!({ "phone": "+62 22 555 0101", "categories": [
        { "slug": "printing", "en": "Printing", "id": "Percetakan" },
        { "slug": "accessories", "en": "Accessories", "id": "Aksesori" },
    ] });
    let r = app
        .call(
            "confirm",
            "PUT",
            "/api/admin/settings/storefront",
            Some(&admin),
            Some(storefront),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    // A picture the PDF can hold.
    let picture = rgb_png(16, [25, 135, 84]);
    set_picture(&app, &admin, &cards, "image/png", picture).await;

    // And one with transparency (half-clear black): decoded and laid on white.
    let mouse = app
        .product(&admin, "Mouse kabel", "accessories", 60_000)
        .await;
    let picture = png(16, 6, &[0, 0, 0, 128]);
    set_picture(&app, &admin, &mouse, "image/png", picture).await;

    // And a WebP: decoded.
    let stand = app
        .product(&admin, "Stand akrilik", "printing", 45_000)
        .await;
    let mut picture = Vec::new();
    image_webp::WebPEncoder::new(&mut picture)
        .encode(&[200, 30, 30].repeat(64), 8, 8, image_webp::ColorType::Rgb8)
        .expect("webp");
    set_picture(&app, &admin, &stand, "image/webp", picture).await;

    let (first, text) = catalogue(&app, "id").await;
    assert!(
        first.starts_with("/media/catalogue/") && first.ends_with("-id.pdf"),
        "{first}"
    );
    for part in [
        "Katalog",
        "Percetakan",
        "Aksesori",
        "Kartu nama premium",
        "Mouse nirkabel",
        "Rp 85.000",
        "Rp 150.000",
        "+62 22 555 0101",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    let bytes = toko_tools::s3_client(&toko::aws::from_env())
        .get_object()
        .bucket(app.settings.media_bucket().expect("bucket"))
        .key(first.trim_start_matches('/'))
        .send()
        .await
        .expect("pdf")
        .body
        .collect()
        .await
        .expect("bytes")
        .into_bytes();
    let doc = lopdf::Document::load_mem(&bytes).expect("pdf");
    let images: Vec<&lopdf::Stream> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|v| v.as_name())
                .is_ok_and(|n| n == b"Image")
        })
        .collect();
    assert_eq!(
        images.len(),
        3,
        "the three products' pictures are in the PDF"
    );
    let mut decoded: Vec<Vec<u8>> = images
        .iter()
        .filter(|s| s.dict.get(b"DecodeParms").is_err())
        .map(|s| s.decompressed_content().expect("pixels"))
        .collect();
    decoded.sort_by_key(Vec::len);
    assert_eq!(
        decoded.len(),
        2,
        "RGBA and WebP decoded, the plain RGB kept"
    );
    assert!(
        decoded[0].len() == 8 * 8 * 3 && decoded[0].chunks(3).all(|p| p == [200, 30, 30]),
        "the WebP's pixels"
    );
    assert!(
        decoded[1].len() == 16 * 16 * 3 && decoded[1].chunks(3).all(|p| p == [127, 127, 127]),
        "half-clear black on white is grey"
    );
    let (english, text) = catalogue(&app, "en").await;
    assert!(
        english.ends_with("-en.pdf") && text.contains("Catalogue") && text.contains("Accessories")
    );

    // Unchanged: the same file, not made again.
    let made = |path: String| {
        let bucket = app.settings.media_bucket().expect("bucket");
        async move {
            toko_tools::s3_client(&toko::aws::from_env())
                .head_object()
                .bucket(bucket)
                .key(path.trim_start_matches('/'))
                .send()
                .await
                .expect("head")
                .e_tag()
                .map(str::to_owned)
        }
    };
    let tag = made(first.clone()).await;
    app.advance(time::Duration::seconds(2));
    assert_eq!(catalogue(&app, "id").await.0, first);
    assert_eq!(made(first.clone()).await, tag);
    // A new price: a new version, and the new price in it.
    let r = app
        .call(
            "catalog",
            "PUT",
            &format!("/api/admin/products/{cards}"),
            Some(&admin),
            Some(json!({ "name": "Kartu nama premium", "category": "printing", "price": 90_000 })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let (second, text) = catalogue(&app, "id").await;
    assert_ne!(second, first);
    assert!(
        text.contains("Rp 90.000") && !text.contains("Rp 85.000"),
        "{text}"
    );
    let r = app
        .call("catalog", "GET", "/api/catalogue?lang=fr", None, None)
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "invalid_query")
    );
}
