//! Invoices against the emulator: the JSON the printable page draws and the PDF made
//! server-side, read back with a PDF parser.

use crate::helpers::{cart, request, spawn_app, TestApp, SHIPPING_COST};
use lambda_http::http::StatusCode;
use lambda_http::Body;
use serde_json::json;
use toko::domain::{AccountStatus, Role};

/// The PDF's bytes and the text of its pages.
async fn pdf(app: &TestApp, uri: &str, token: &str) -> (Vec<u8>, String) {
    let resp = app
        .handle("order", request("GET", uri, Some(token), None))
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    assert!(resp.headers()["content-disposition"]
        .to_str()
        .expect("header")
        .starts_with("attachment; filename=\"INV-"));
    let bytes = match resp.body() {
        Body::Binary(b) => b.clone(),
        other => panic!("not binary: {other:?}"),
    };
    let doc = lopdf::Document::load_mem(&bytes).expect("a PDF lopdf can read");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).expect("text");
    (bytes, text)
}

#[tokio::test]
async fn the_invoice_pdf_carries_the_shop_the_lines_and_the_total() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let profile = app
        .call("confirm", "PUT", "/api/admin/settings/shop", Some(&admin), Some(json!({
            "name": "Percetakan Maju", "address": "Jl. Braga 12\nBandung 40111", "taxNumber": "01.234.567.8-901.000"
        })))
        .await;
    assert_eq!(profile.status, StatusCode::OK, "{:?}", profile.body);
    let product = app
        .product(&admin, "Kartu nama premium", "printing", 85_000)
        .await;
    let (_, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let placed = app.place_order(&token, &cart(&product, 3), None).await;
    assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);
    let id = placed.body["id"].as_str().expect("id");
    let invoice = placed.body["invoiceCode"].as_str().expect("code");
    let total = 3 * 85_000 + SHIPPING_COST;

    let json = app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{id}/invoice"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(json.status, StatusCode::OK, "{:?}", json.body);
    assert_eq!(json.body["shop"]["taxNumber"], "01.234.567.8-901.000");
    assert_eq!(json.body["order"]["total"], total);
    assert_eq!(json.body["paymentStatus"], "not_due");

    let (bytes, text) = pdf(
        &app,
        &format!("/api/orders/{id}/invoice?format=pdf&lang=en"),
        &token,
    )
    .await;
    assert!(bytes.starts_with(b"%PDF-"));
    for expected in [
        "Percetakan Maju",
        "01.234.567.8-901.000",
        invoice,
        "Kartu nama premium",
        &toko::mail::rupiah(total),
        "waiting for the shop's confirmation",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }

    // Accepted: the amount to transfer with its code; in Indonesian by default for an
    // Indonesian customer, here asked for explicitly.
    let accepted = app
        .call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{id}/confirm"),
            Some(&admin),
            Some(json!({ "decision": "accept" })),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    let amount = accepted.body["payment"]["amount"].as_i64().expect("amount");
    let (_, text) = pdf(
        &app,
        &format!("/api/orders/{id}/invoice?format=pdf&lang=id"),
        &admin,
    )
    .await;
    for expected in ["FAKTUR", "belum dibayar", &toko::mail::rupiah(amount)] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
}

#[tokio::test]
async fn invoices_are_for_their_customer_and_staff_only() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Stiker", "printing", 20_000).await;
    let (_, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let (_, other) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let id = app.order_of(&token, &product).await;
    let r = app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{id}/invoice?format=pdf"),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{id}/invoice?format=xml"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.is_problem());
    let r = app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{id}/invoice?lang=fr"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Settings: bad tax number, too many address lines.
    let bad = app
        .call(
            "confirm",
            "PUT",
            "/api/admin/settings/shop",
            Some(&admin),
            Some(json!({
                "name": "", "address": "a\nb\nc\nd\ne", "taxNumber": "123"
            })),
        )
        .await;
    for field in ["name", "address", "taxNumber"] {
        bad.assert_rejects(field, field);
    }
}
