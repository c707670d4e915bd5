//! The authorization matrix: every route of the template (which the tools' test keeps
//! equal to the OpenAPI spec and the local router) called by every kind of caller, with
//! the exact status each must get. Callers in columns:
//!
//! anonymous, pending customer, the owning customer, another customer, operator,
//! marketing, manager, admin, an expired token, a forged token (an admin's claims
//! signed with another key).
//!
//! Cells run row by row, left to right, against one emulator-backed shop. Bodies are
//! chosen so that a caller who is let in gets a status that proves it (200/201 for
//! reads and harmless writes, 422 for an empty form, 404 for an id that does not
//! exist) without changing what later cells see; the one cancelling row has an order
//! of its own.

use crate::files::put;
use crate::helpers::{spawn_app, TestApp, TestResponse, SECRET};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use toko::auth::TokenKeys;
use toko::domain::{AccountStatus, Role};
use toko::ports::Clock;

const COLUMNS: [&str; 10] = [
    "anonymous",
    "pending",
    "customer",
    "other customer",
    "operator",
    "marketing",
    "manager",
    "admin",
    "expired",
    "forged",
];

/// Calls the function the template routes `method path` to.
async fn dispatch(
    app: &TestApp,
    function: &str,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> TestResponse {
    app.call(function, method, uri, token, body).await
}

/// A route of the spec with a concrete URI, a body, and the status for each column.
struct Row {
    method: &'static str,
    path: &'static str,
    uri: String,
    body: Option<Value>,
    expect: [u16; 10],
}

fn row(
    method: &'static str,
    path: &'static str,
    uri: String,
    body: Option<Value>,
    expect: [u16; 10],
) -> Row {
    Row {
        method,
        path,
        uri,
        body,
        expect,
    }
}

#[tokio::test]
async fn every_route_answers_every_caller_with_the_exact_status() {
    let app = spawn_app().await;
    let (_, admin) = app.signed_in(Role::Admin, AccountStatus::Approved).await;
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let (_, marketing) = app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    let (_, manager) = app.signed_in(Role::Manager, AccountStatus::Approved).await;
    let (_, pending) = app.signed_in(Role::Customer, AccountStatus::Pending).await;
    let (owner, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let (_, other) = app.signed_in(Role::Customer, AccountStatus::Approved).await;

    // Tokens that must never get in: the owner's, expired a minute ago; and an admin's
    // claims for the owner's id, signed with a key that is not the shop's.
    let keys = TokenKeys::new(SECRET, time::Duration::hours(12)).expect("keys");
    let (expired, _) = keys
        .issue(
            &owner,
            app.clock.now() - time::Duration::hours(12) - time::Duration::minutes(1),
        )
        .expect("token");
    let mut as_admin = owner.clone();
    as_admin.role = Role::Admin;
    let (forged, _) = TokenKeys::new(
        b"not-the-shop-secret-not-the-shop-secret-0123",
        time::Duration::hours(12),
    )
    .expect("keys")
    .issue(&as_admin, app.clock.now())
    .expect("token");

    // What the rows point at: a product, two orders of the owner (one to cancel), a
    // verified file on the first, a message of the owner, a promo.
    let product = app.product(&admin, "Kartu nama", "printing", 85_000).await;
    let order = app.order_of(&customer, &product).await;
    let to_cancel = app.order_of(&customer, &product).await;
    let started = app
        .call("upload", 
            "POST",
            &format!("/api/orders/{order}/files"),
            Some(&customer),
            Some(json!({ "name": "design.pdf", "contentType": "application/pdf", "size": 9, "kind": "design" })),
        )
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{:?}", started.body);
    assert_eq!(
        put(&app, &started.body["upload"], b"%PDF-1.7\n".to_vec()).await,
        200
    );
    let file = started.body["file"]["id"]
        .as_str()
        .expect("file")
        .to_owned();
    let sent = app
        .call(
            "inbox",
            "POST",
            "/api/messages",
            Some(&customer),
            Some(json!({ "kind": "question", "subject": "Kertas?", "body": "Art paper 260?" })),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
    let message = sent.body["id"].as_str().expect("message").to_owned();
    let asked = app
        .call(
            "quotes",
            "POST",
            "/api/quotes",
            Some(&customer),
            Some(json!({ "description": "Spanduk 5 x 1 m, bahan flexi" })),
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{:?}", asked.body);
    let quote = asked.body["id"].as_str().expect("quote").to_owned();
    let now = app.clock.now();
    let promo = app
        .call(
            "promo",
            "POST",
            "/api/admin/promos",
            Some(&admin),
            Some(json!({
                "title": "Diskon", "body": "10% kartu nama",
                "startsAt": toko::domain::rfc3339(now - time::Duration::hours(1)),
                "endsAt": toko::domain::rfc3339(now + time::Duration::days(1)),
            })),
        )
        .await;
    assert_eq!(promo.status, StatusCode::CREATED, "{:?}", promo.body);
    let promo = promo.body["id"].as_str().expect("promo").to_owned();
    let nobody = ulid::Ulid::new().to_string();
    let address = json!({
        "label": "Rumah", "recipient": "Siti", "phone": "081234567890",
        "street": "Jl. Braga 12", "city": "Bandung", "postalCode": "40111",
    });
    let saved = app
        .call(
            "account",
            "POST",
            "/api/account/addresses",
            Some(&customer),
            Some(address.clone()),
        )
        .await;
    assert_eq!(saved.status, StatusCode::CREATED, "{:?}", saved.body);
    let saved = saved.body["id"].as_str().expect("address").to_owned();

    let empty = || Some(json!({}));
    #[rustfmt::skip]
    let rows = vec![
        //                                                                  anon pend cust othr oper mark mngr admn expd forg
        row("POST", "/api/auth/register", "/api/auth/register".into(), empty(), [422, 422, 422, 422, 422, 422, 422, 422, 422, 422]),
        row("POST", "/api/auth/login", "/api/auth/login".into(), empty(), [422, 422, 422, 422, 422, 422, 422, 422, 422, 422]),
        row("POST", "/api/auth/forgot", "/api/auth/forgot".into(), empty(), [422, 422, 422, 422, 422, 422, 422, 422, 422, 422]),
        row("POST", "/api/auth/reset", "/api/auth/reset".into(), empty(), [422, 422, 422, 422, 422, 422, 422, 422, 422, 422]),
        row("POST", "/api/auth/password", "/api/auth/password".into(), empty(), [401, 422, 422, 422, 422, 422, 422, 422, 401, 401]),
        row("POST", "/api/auth/email", "/api/auth/email".into(), empty(), [401, 422, 422, 422, 422, 422, 422, 422, 401, 401]),
        row("POST", "/api/auth/totp/setup", "/api/auth/totp/setup".into(), None, [401, 403, 403, 403, 201, 201, 201, 201, 401, 401]),
        row("POST", "/api/auth/totp/enable", "/api/auth/totp/enable".into(), empty(), [401, 403, 403, 403, 422, 422, 422, 422, 401, 401]),
        row("POST", "/api/auth/totp/disable", "/api/auth/totp/disable".into(), empty(), [401, 422, 422, 422, 422, 422, 422, 422, 401, 401]),
        row("GET", "/api/admin/settings/security", "/api/admin/settings/security".into(), None, [401, 403, 403, 403, 403, 403, 403, 200, 401, 401]),
        row("PUT", "/api/admin/settings/security", "/api/admin/settings/security".into(), empty(), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("POST", "/api/auth/verify", "/api/auth/verify".into(), empty(), [422, 422, 422, 422, 422, 422, 422, 422, 422, 422]),
        row("POST", "/api/auth/verify/resend", "/api/auth/verify/resend".into(), None, [401, 200, 200, 200, 200, 200, 200, 200, 401, 401]),
        row("GET", "/api/me", "/api/me".into(), None, [401, 200, 200, 200, 200, 200, 200, 200, 401, 401]),
        row("PUT", "/api/me", "/api/me".into(), Some(json!({ "marketingOptIn": false })), [401, 200, 200, 200, 200, 200, 200, 200, 401, 401]),
        row("GET", "/api/admin/customers", "/api/admin/customers?status=pending".into(), None, [401, 403, 403, 403, 403, 200, 200, 200, 401, 401]),
        row("POST", "/api/admin/customers/{id}/confirm", format!("/api/admin/customers/{nobody}/confirm"), Some(json!({ "decision": "approve" })), [401, 403, 403, 403, 403, 403, 403, 404, 401, 401]),
        row("GET", "/api/unsubscribe", "/api/unsubscribe".into(), None, [400, 400, 400, 400, 400, 400, 400, 400, 400, 400]),
        row("POST", "/api/unsubscribe", "/api/unsubscribe".into(), None, [400, 400, 400, 400, 400, 400, 400, 400, 400, 400]),
        row("GET", "/api/products", "/api/products".into(), None, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        row("GET", "/api/products/search", "/api/products/search?q=kartu".into(), None, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        row("GET", "/api/products/{id}", format!("/api/products/{product}"), None, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        row("GET", "/api/promos", "/api/promos".into(), None, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        row("GET", "/api/admin/promos", "/api/admin/promos".into(), None, [401, 403, 403, 403, 403, 200, 403, 200, 401, 401]),
        row("POST", "/api/admin/promos", "/api/admin/promos".into(), empty(), [401, 403, 403, 403, 403, 422, 403, 422, 401, 401]),
        row("POST", "/api/admin/promos/{id}/notify", format!("/api/admin/promos/{promo}/notify"), None, [401, 403, 403, 403, 403, 200, 403, 200, 401, 401]),
        row("PUT", "/api/admin/promos/{id}", format!("/api/admin/promos/{promo}"), empty(), [401, 403, 403, 403, 403, 422, 403, 422, 401, 401]),
        row("DELETE", "/api/admin/promos/{id}", format!("/api/admin/promos/{nobody}"), None, [401, 403, 403, 403, 403, 404, 403, 404, 401, 401]),
        row("GET", "/api/admin/settings/payment", "/api/admin/settings/payment".into(), None, [401, 403, 403, 403, 403, 403, 403, 200, 401, 401]),
        row("PUT", "/api/admin/settings/payment", "/api/admin/settings/payment".into(), empty(), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("GET", "/api/admin/settings/points", "/api/admin/settings/points".into(), None, [401, 403, 403, 403, 403, 403, 403, 200, 401, 401]),
        row("PUT", "/api/admin/settings/points", "/api/admin/settings/points".into(), empty(), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("GET", "/api/admin/settings/shop", "/api/admin/settings/shop".into(), None, [401, 403, 403, 403, 403, 403, 403, 200, 401, 401]),
        row("PUT", "/api/admin/settings/shop", "/api/admin/settings/shop".into(), empty(), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("GET", "/api/admin/customers/{id}/points", format!("/api/admin/customers/{nobody}/points"), None, [401, 403, 403, 403, 403, 404, 404, 404, 401, 401]),
        row("POST", "/api/admin/customers/{id}/points", format!("/api/admin/customers/{nobody}/points"), empty(), [401, 403, 403, 403, 403, 422, 403, 422, 401, 401]),
        row("GET", "/api/account/points", "/api/account/points".into(), None, [401, 200, 200, 200, 403, 403, 403, 403, 401, 401]),
        row("GET", "/api/account/addresses", "/api/account/addresses".into(), None, [401, 200, 200, 200, 403, 403, 403, 403, 401, 401]),
        row("POST", "/api/account/addresses", "/api/account/addresses".into(), empty(), [401, 422, 422, 422, 403, 403, 403, 403, 401, 401]),
        row("PUT", "/api/account/addresses/{id}", format!("/api/account/addresses/{saved}"), Some(address.clone()), [401, 404, 200, 404, 403, 403, 403, 403, 401, 401]),
        row("POST", "/api/account/export", "/api/account/export".into(), None, [401, 201, 201, 201, 403, 403, 403, 403, 401, 401]),
        row("POST", "/api/account/delete", "/api/account/delete".into(), empty(), [401, 422, 422, 422, 403, 403, 403, 403, 401, 401]),
        row("POST", "/api/admin/customers/{id}/export", format!("/api/admin/customers/{nobody}/export"), empty(), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("POST", "/api/admin/customers/{id}/erase", format!("/api/admin/customers/{nobody}/erase"), empty(), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("GET", "/api/admin/privacy", "/api/admin/privacy".into(), None, [401, 403, 403, 403, 403, 403, 403, 200, 401, 401]),
        row("GET", "/api/admin/customers/{id}", format!("/api/admin/customers/{nobody}"), None, [401, 403, 403, 403, 403, 404, 404, 404, 401, 401]),
        row("POST", "/api/admin/customers/{id}/notes", format!("/api/admin/customers/{nobody}/notes"), Some(json!({ "text": "Suka laminasi doff" })), [401, 403, 403, 403, 403, 404, 403, 404, 401, 401]),
        row("GET", "/api/admin/counts", "/api/admin/counts".into(), None, [401, 403, 403, 403, 200, 200, 200, 200, 401, 401]),
        row("GET", "/api/admin/settings/storefront", "/api/admin/settings/storefront".into(), None, [401, 403, 403, 403, 403, 403, 403, 200, 401, 401]),
        row("PUT", "/api/admin/settings/storefront", "/api/admin/settings/storefront".into(), Some(json!({ "categories": "none" })), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("GET", "/api/admin/settings/shipping", "/api/admin/settings/shipping".into(), None, [401, 403, 403, 403, 403, 403, 403, 200, 401, 401]),
        row("PUT", "/api/admin/settings/shipping", "/api/admin/settings/shipping".into(), Some(json!({ "flat": -1 })), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("POST", "/api/admin/settings/logo", "/api/admin/settings/logo".into(), empty(), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("POST", "/api/admin/settings/logo/complete", "/api/admin/settings/logo/complete".into(), Some(json!({ "key": "media/shop/nothing" })), [401, 403, 403, 403, 403, 403, 403, 404, 401, 401]),
        row("DELETE", "/api/admin/settings/logo", "/api/admin/settings/logo".into(), None, [401, 403, 403, 403, 403, 403, 403, 204, 401, 401]),
        row("GET", "/api/admin/settings/digest", "/api/admin/settings/digest".into(), None, [401, 403, 403, 403, 403, 403, 403, 200, 401, 401]),
        row("PUT", "/api/admin/settings/digest", "/api/admin/settings/digest".into(), Some(json!({ "mode": "weekly" })), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("GET", "/api/shop", "/api/shop".into(), None, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        row("GET", "/api/admin/staff", "/api/admin/staff".into(), None, [401, 403, 403, 403, 403, 403, 403, 200, 401, 401]),
        row("GET", "/api/admin/activity", "/api/admin/activity".into(), None, [401, 403, 403, 403, 403, 403, 200, 200, 401, 401]),
        row("POST", "/api/admin/staff", "/api/admin/staff".into(), empty(), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("PUT", "/api/admin/staff/{id}", format!("/api/admin/staff/{nobody}"), empty(), [401, 403, 403, 403, 403, 403, 403, 404, 401, 401]),
        row("POST", "/api/admin/staff/{id}/invite", format!("/api/admin/staff/{nobody}/invite"), None, [401, 403, 403, 403, 403, 403, 403, 404, 401, 401]),
        row("DELETE", "/api/account/addresses/{id}", format!("/api/account/addresses/{nobody}"), None, [401, 404, 404, 404, 403, 403, 403, 403, 401, 401]),
        row("GET", "/api/admin/vouchers", "/api/admin/vouchers".into(), None, [401, 403, 403, 403, 403, 200, 403, 200, 401, 401]),
        row("POST", "/api/admin/vouchers", "/api/admin/vouchers".into(), empty(), [401, 403, 403, 403, 403, 422, 403, 422, 401, 401]),
        row("PUT", "/api/admin/vouchers/{code}", "/api/admin/vouchers/NOPE-404".into(), empty(), [401, 403, 403, 403, 403, 422, 403, 422, 401, 401]),
        row("GET", "/api/admin/vouchers/{code}/redemptions", "/api/admin/vouchers/NOPE-404/redemptions".into(), None, [401, 403, 403, 403, 403, 404, 403, 404, 401, 401]),
        row("GET", "/api/admin/analytics", "/api/admin/analytics".into(), None, [401, 403, 403, 403, 403, 403, 200, 200, 401, 401]),
        row("GET", "/api/admin/imports", "/api/admin/imports".into(), None, [401, 403, 403, 403, 403, 403, 200, 200, 401, 401]),
        row("GET", "/api/testimonials", "/api/testimonials".into(), None, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        row("GET", "/api/catalogue", "/api/catalogue".into(), None, [302, 302, 302, 302, 302, 302, 302, 302, 302, 302]),
        row("POST", "/api/testimonials", "/api/testimonials".into(), empty(), [401, 422, 422, 422, 403, 403, 403, 403, 401, 401]),
        row("GET", "/api/testimonials/mine", "/api/testimonials/mine".into(), None, [401, 404, 404, 404, 403, 403, 403, 403, 401, 401]),
        row("GET", "/api/admin/testimonials", "/api/admin/testimonials".into(), None, [401, 403, 403, 403, 403, 200, 403, 200, 401, 401]),
        row("POST", "/api/admin/testimonials/{id}/decide", "/api/admin/testimonials/01J00000000000000000000000/decide".into(), empty(), [401, 403, 403, 403, 403, 422, 403, 422, 401, 401]),
        row("POST", "/api/admin/imports/sales", "/api/admin/imports/sales".into(), Some(json!({})), [401, 403, 403, 403, 403, 403, 422, 422, 401, 401]),
        row("POST", "/api/admin/imports/{id}/undo", "/api/admin/imports/000000000000000000000000/undo".into(), None, [401, 403, 403, 403, 403, 403, 404, 404, 401, 401]),
        row("GET", "/api/products/{id}/reviews", format!("/api/products/{product}/reviews"), None, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        row("POST", "/api/products/{id}/reviews", format!("/api/products/{product}/reviews"), Some(json!({ "rating": 5, "comment": "Bagus" })), [401, 403, 403, 403, 403, 403, 403, 403, 401, 401]),
        row("POST", "/api/admin/products", "/api/admin/products".into(), empty(), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("GET", "/api/admin/products/export", "/api/admin/products/export".into(), None, [401, 403, 403, 403, 403, 403, 403, 200, 401, 401]),
        row("POST", "/api/admin/products/import", "/api/admin/products/import".into(), Some(json!({})), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("PUT", "/api/admin/products/{id}", format!("/api/admin/products/{product}"), empty(), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("DELETE", "/api/admin/products/{id}", format!("/api/admin/products/{nobody}"), None, [401, 403, 403, 403, 403, 403, 403, 404, 401, 401]),
        row("POST", "/api/admin/products/{id}/image", format!("/api/admin/products/{product}/image"), empty(), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("POST", "/api/admin/products/{id}/image/complete", format!("/api/admin/products/{product}/image/complete"), empty(), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("PUT", "/api/admin/products/{id}/pictures", format!("/api/admin/products/{product}/pictures"), empty(), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        row("POST", "/api/orders", "/api/orders".into(), empty(), [401, 403, 422, 422, 403, 403, 403, 403, 401, 401]),
        row("GET", "/api/orders", "/api/orders".into(), None, [401, 200, 200, 200, 403, 403, 403, 403, 401, 401]),
        row("POST", "/api/orders/quote", "/api/orders/quote".into(), empty(), [422, 422, 422, 422, 422, 422, 422, 422, 422, 422]),
        row("GET", "/api/orders/{id}", format!("/api/orders/{order}"), None, [401, 404, 200, 404, 200, 404, 200, 200, 401, 401]),
        row("GET", "/api/orders/{id}/reorder", format!("/api/orders/{order}/reorder"), None, [401, 404, 200, 404, 403, 403, 403, 403, 401, 401]),
        row("GET", "/api/orders/{id}/invoice", format!("/api/orders/{order}/invoice"), None, [401, 404, 200, 404, 200, 404, 200, 200, 401, 401]),
        row("POST", "/api/orders/{id}/cancel", format!("/api/orders/{to_cancel}/cancel"), None, [401, 404, 200, 404, 403, 403, 403, 403, 401, 401]),
        row("POST", "/api/orders/{id}/files", format!("/api/orders/{order}/files"), Some(json!({ "name": "more.pdf", "contentType": "application/pdf", "size": 9, "kind": "design" })), [401, 404, 201, 404, 404, 404, 404, 404, 401, 401]),
        row("GET", "/api/orders/{id}/files", format!("/api/orders/{order}/files"), None, [401, 404, 200, 404, 200, 404, 200, 200, 401, 401]),
        row("POST", "/api/orders/{id}/files/{fileId}/complete", format!("/api/orders/{order}/files/{file}/complete"), None, [401, 404, 200, 404, 404, 404, 404, 404, 401, 401]),
        row("GET", "/api/orders/{id}/files/{fileId}", format!("/api/orders/{order}/files/{file}"), None, [401, 404, 200, 404, 200, 404, 200, 200, 401, 401]),
        // Quotes: customers ask and answer (staff 403); the quote is still `requested`, so
        // its customer is let in and told it is not open (409).
        row("POST", "/api/quotes", "/api/quotes".to_owned(), Some(json!({})), [401, 422, 422, 422, 403, 403, 403, 403, 401, 401]),
        row("GET", "/api/quotes", "/api/quotes".to_owned(), None, [401, 200, 200, 200, 403, 403, 403, 403, 401, 401]),
        row("GET", "/api/quotes/{id}", format!("/api/quotes/{quote}"), None, [401, 404, 200, 404, 200, 404, 404, 200, 401, 401]),
        row("POST", "/api/quotes/{id}/accept", format!("/api/quotes/{quote}/accept"), Some(json!({ "shippingAddress": { "recipient": "Dewi", "phone": "0812 3456 789", "street": "Jl. Melati 1", "city": "Bandung", "postalCode": "40111" }, "updatedAt": asked.body["updatedAt"].clone() })), [401, 404, 409, 404, 403, 403, 403, 403, 401, 401]),
        row("POST", "/api/quotes/{id}/decline", format!("/api/quotes/{quote}/decline"), Some(json!({ "reason": "Terlalu mahal", "updatedAt": asked.body["updatedAt"].clone() })), [401, 404, 409, 404, 403, 403, 403, 403, 401, 401]),
        row("GET", "/api/admin/quotes", "/api/admin/quotes".to_owned(), None, [401, 403, 403, 403, 200, 403, 403, 200, 401, 401]),
        row("POST", "/api/admin/quotes/{id}/offer", format!("/api/admin/quotes/{quote}/offer"), Some(json!({})), [401, 403, 403, 403, 422, 403, 403, 422, 401, 401]),
        // The order is pending, not re-priced: its customer is let in and told so (409).
        row("POST", "/api/orders/{id}/agree", format!("/api/orders/{order}/agree"), None, [401, 404, 409, 404, 403, 403, 403, 403, 401, 401]),
        row("POST", "/api/admin/orders/{id}/reprice", format!("/api/admin/orders/{order}/reprice"), Some(json!({})), [401, 403, 403, 403, 403, 403, 403, 422, 401, 401]),
        // The order has no proof: its customer is let in and told so (409).
        row("POST", "/api/orders/{id}/proof", format!("/api/orders/{order}/proof"), Some(json!({ "version": 1, "decision": "approve" })), [401, 404, 409, 404, 404, 404, 404, 404, 401, 401]),
        row("GET", "/api/admin/orders", "/api/admin/orders?status=pending".into(), None, [401, 403, 403, 403, 200, 403, 200, 200, 401, 401]),
        row("POST", "/api/admin/orders/{id}/confirm", format!("/api/admin/orders/{order}/confirm"), empty(), [401, 403, 403, 403, 422, 403, 403, 422, 401, 401]),
        row("POST", "/api/admin/orders/{id}/status", format!("/api/admin/orders/{order}/status"), empty(), [401, 403, 403, 403, 422, 403, 403, 422, 401, 401]),
        // Staff have a personal inbox too (empty unless someone builds staff messages).
        row("GET", "/api/messages", "/api/messages".into(), None, [401, 200, 200, 200, 200, 200, 200, 200, 401, 401]),
        row("POST", "/api/messages", "/api/messages".into(), empty(), [401, 403, 422, 422, 403, 403, 403, 403, 401, 401]),
        row("GET", "/api/admin/messages", "/api/admin/messages".into(), None, [401, 403, 403, 403, 200, 200, 200, 200, 401, 401]),
        row("POST", "/api/admin/messages", "/api/admin/messages".into(), empty(), [401, 403, 403, 403, 422, 422, 403, 422, 401, 401]),
        row("POST", "/api/messages/{id}/read", format!("/api/messages/{message}/read"), None, [401, 404, 200, 404, 404, 404, 404, 404, 401, 401]),
    ];

    // The table covers exactly the routes the template (and so the spec) has.
    let template =
        toko_tools::Template::load(&toko_tools::default_template_path()).expect("template");
    let routes = template.http_routes();
    let in_template: BTreeSet<(String, String)> = routes
        .iter()
        .map(|(m, p, _)| (m.clone(), p.clone()))
        .collect();
    let in_table: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| (r.method.to_owned(), r.path.to_owned()))
        .collect();
    assert_eq!(
        in_table, in_template,
        "the matrix and the template list different routes"
    );

    let tokens: [Option<&str>; 10] = [
        None,
        Some(&pending),
        Some(&customer),
        Some(&other),
        Some(&operator),
        Some(&marketing),
        Some(&manager),
        Some(&admin),
        Some(&expired),
        Some(&forged),
    ];
    let mut wrong = Vec::new();
    for r in &rows {
        let function = &routes
            .iter()
            .find(|(m, p, _)| m == r.method && p == r.path)
            .expect("routed")
            .2;
        for (column, token) in tokens.iter().enumerate() {
            let got = dispatch(&app, function, r.method, &r.uri, *token, r.body.clone()).await;
            let status = got.status.as_u16();
            if status >= 400 {
                assert!(
                    got.is_problem(),
                    "{} {} as {}: not problem+json: {:?}",
                    r.method,
                    r.path,
                    COLUMNS[column],
                    got.body
                );
            }
            if status != r.expect[column] {
                wrong.push(format!(
                    "{} {} as {}: expected {}, got {} {}",
                    r.method, r.path, COLUMNS[column], r.expect[column], status, got.body
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} cells differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
