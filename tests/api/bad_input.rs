//! Bad input on every route gets a 4xx problem+json, never a 5xx; and a dead
//! dependency gets a quick 503 problem+json, never a hang.

use crate::helpers::{read, request, spawn_app, TestApp, TestResponse};
use lambda_http::http::StatusCode;
use lambda_http::Request;
use std::time::{Duration, Instant};
use toko::domain::{AccountStatus, Role};

/// The function that serves the request's path, as the template routes it.
async fn call(app: &TestApp, req: Request) -> TestResponse {
    let path = req.uri().path();
    let function = if path.starts_with("/api/auth/register") {
        "register"
    } else if path.starts_with("/api/auth/login") {
        "login"
    } else if path == "/api/me" {
        "account"
    } else if path.starts_with("/api/products") || path.starts_with("/api/admin/products") {
        "catalog"
    } else if path.starts_with("/api/orders") && path.contains("/files") {
        "upload"
    } else if path.starts_with("/api/orders") {
        "order"
    } else if path.starts_with("/api/messages") {
        "inbox"
    } else {
        "confirm"
    };
    read(app.handle(function, req).await).await
}

#[tokio::test]
async fn every_route_answers_bad_input_with_a_4xx_problem() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (id, _, _) = app.registered_customer("bad").await;
    let product = app.product(&admin, "Probe", "printing", 1_000).await;
    let (_, customer) = app
        .signed_in(
            toko::domain::Role::Customer,
            toko::domain::AccountStatus::Approved,
        )
        .await;
    let order = app
        .place_order(&customer, &crate::helpers::cart(&product, 1), None)
        .await
        .body["id"]
        .as_str()
        .expect("order")
        .to_owned();
    let routes = [
        ("POST", "/api/auth/register".to_owned()),
        ("POST", "/api/auth/login".to_owned()),
        ("GET", "/api/me".to_owned()),
        ("GET", "/api/admin/customers".to_owned()),
        ("POST", format!("/api/admin/customers/{id}/confirm")),
        ("POST", "/api/admin/products".to_owned()),
        ("PUT", format!("/api/admin/products/{product}")),
        ("POST", format!("/api/admin/products/{product}/image")),
        (
            "POST",
            format!("/api/admin/products/{product}/image/complete"),
        ),
        ("POST", "/api/orders".to_owned()),
        ("GET", "/api/orders".to_owned()),
        ("GET", format!("/api/orders/{order}")),
        ("POST", format!("/api/orders/{order}/cancel")),
        ("GET", "/api/admin/orders".to_owned()),
        ("POST", format!("/api/admin/orders/{order}/confirm")),
        ("POST", format!("/api/admin/orders/{order}/status")),
        ("POST", format!("/api/orders/{order}/files")),
        ("GET", format!("/api/orders/{order}/files")),
        (
            "GET",
            format!(
                "/api/orders/{order}/files/{}",
                toko::domain::FileId::generate()
            ),
        ),
        (
            "POST",
            format!(
                "/api/orders/{order}/files/{}/complete",
                toko::domain::FileId::generate()
            ),
        ),
        ("GET", "/api/messages".to_owned()),
        (
            "POST",
            format!("/api/messages/{}/read", toko::domain::MessageId::generate()),
        ),
    ];
    let huge = format!("{{\"x\":\"{}\"}}", "y".repeat(100_000));
    let bodies = [
        "", "null", "{", "[]", "123", "\"text\"", "{\"email\":{},\"password\":[],\"name\":false,\"decision\":7,\"note\":[]}",
        "{\"email\":\"\\u0000@x.y\",\"password\":\"\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\"}",
        huge.as_str(),
    ];
    let tokens = [
        Some(admin.as_str()),
        Some(customer.as_str()),
        None,
        Some("x.y.z"),
        Some(""),
    ];

    let mut checked = 0;
    for (method, path) in &routes {
        for token in tokens {
            for body in bodies {
                let body = (*method == "POST").then(|| body.to_owned());
                let r = call(&app, request(method, path, token, body)).await;
                assert!(
                    r.status.is_client_error()
                        || (r.status.is_success()
                            && (*method == "GET" || path.ends_with("/cancel"))),
                    "{method} {path} token={token:?} -> {} {:?}",
                    r.status,
                    r.body
                );
                if !r.status.is_success() {
                    assert!(r.is_problem(), "{method} {path}: {:?}", r.body);
                }
                checked += 1;
            }
            let wrong = if *method == "PUT" {
                "PATCH"
            } else if *method == "GET" {
                "DELETE"
            } else {
                "PUT"
            };
            let r = call(&app, request(wrong, path, token, None)).await;
            assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{wrong} {path}");
            assert!(r.is_problem());
        }
    }
    assert!(checked > 500, "{checked}");
    for q in [
        "?limit=-1",
        "?limit=1e3",
        "?cursor=%00",
        "?status=%ZZ",
        "?cursor=",
    ] {
        let r = call(
            &app,
            request(
                "GET",
                &format!("/api/admin/customers{q}"),
                Some(&admin),
                None,
            ),
        )
        .await;
        assert!(
            r.status.is_client_error() || r.status.is_success(),
            "{q}: {}",
            r.status
        );
    }
}

#[tokio::test]
async fn a_dead_emulator_gets_a_quick_503_not_a_hang() {
    let mut app = spawn_app().await;
    // Port 9 (discard) has no listener: every connection is refused.
    let conf = aws_sdk_dynamodb::config::Builder::from(&toko::aws::from_env())
        .endpoint_url("http://127.0.0.1:9")
        .build();
    let dead = aws_sdk_dynamodb::Client::from_conf(conf);
    app.register.users =
        std::sync::Arc::new(toko::adapters::dynamo::DynamoStore::new(dead, "nothing"));
    let started = Instant::now();

    let r = app
        .register(serde_json::json!({ "email": "dead@example.com", "password": "password123", "name": "D" }))
        .await;

    assert_eq!(
        (r.status, r.code()),
        (StatusCode::SERVICE_UNAVAILABLE, "service_unavailable")
    );
    assert!(r.is_problem());
    assert!(r.headers.contains_key("retry-after"));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        !r.body.to_string().contains("127.0.0.1"),
        "no internals in the body"
    );
}

/// A forged cursor inside the listing's partition but past its own items (a sort key
/// outside the listing's prefix) is a 400, not a query DynamoDB refuses (a 500).
#[tokio::test]
async fn a_cursor_outside_its_listing_is_refused() {
    use base64::Engine;
    let app = spawn_app().await;
    let (customer, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    for sk in ["PROFILE", "MSG#01J00000000000000000000000"] {
        let cursor = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(
            serde_json::json!({ "pk": format!("USER#{}", customer.id), "sk": sk }).to_string(),
        );
        let r = app
            .call_inbox(
                "GET",
                &format!("/api/messages?cursor={cursor}"),
                Some(&token),
            )
            .await;
        if sk == "PROFILE" {
            assert_eq!(
                (r.status, r.code()),
                (StatusCode::BAD_REQUEST, "invalid_cursor"),
                "{:?}",
                r.body
            );
        } else {
            assert_eq!(
                r.status,
                StatusCode::OK,
                "a cursor of its own listing: {:?}",
                r.body
            );
        }
    }
}
