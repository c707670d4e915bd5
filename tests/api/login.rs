use crate::helpers::{request, spawn_app, unique_email};
use lambda_http::http::StatusCode;
use serde_json::json;
use time::Duration;
use toko::domain::{AccountStatus, Role};

#[tokio::test]
async fn a_right_password_returns_a_token_that_other_functions_accept() {
    let app = spawn_app().await;
    let (id, email, password) = app.registered_customer("login").await;

    let resp = app.login(&email.to_uppercase(), &password).await;

    assert_eq!(resp.status, StatusCode::OK, "{:?}", resp.body);
    assert_eq!(resp.body["user"]["id"], id.as_str());
    assert_eq!(resp.body["user"]["role"], "customer");
    let expires = toko::domain::parse_rfc3339(resp.body["expiresAt"].as_str().expect("expiresAt"))
        .expect("rfc3339");
    assert!(expires > app.clock_now() + Duration::hours(11));
    let token = resp.body["token"].as_str().expect("token");
    let me = app.me(Some(token)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["user"]["id"], id.as_str());
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    let (_, email, _) = app.registered_customer("same").await;

    let wrong = app.login(&email, "wrong password").await;
    let unknown = app.login(&unique_email("nobody"), "wrong password").await;
    let malformed = app.login("not an email", "wrong password").await;

    for r in [&wrong, &unknown, &malformed] {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.code(), "invalid_credentials");
        assert!(r.is_problem());
    }
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(wrong.body, malformed.body);
}

#[tokio::test]
async fn the_sixth_failure_within_15_minutes_is_429_until_the_window_passes() {
    let app = spawn_app().await;
    let (_, email, password) = app.registered_customer("lock").await;

    for i in 0..5 {
        let r = app.login(&email, "wrong password").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {i}");
        app.advance(Duration::minutes(2));
    }
    let locked = app.login(&email, &password).await;

    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(locked.code(), "too_many_attempts");
    assert!(locked.headers.contains_key("retry-after"));
    app.advance(Duration::minutes(16));
    let after = app.login(&email, &password).await;
    assert_eq!(after.status, StatusCode::OK, "{:?}", after.body);
}

#[tokio::test]
async fn unknown_addresses_lock_the_same_way_so_lockout_reveals_nothing() {
    let app = spawn_app().await;
    let ghost = unique_email("ghost");
    for _ in 0..5 {
        assert_eq!(
            app.login(&ghost, "guess guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        app.login(&ghost, "guess guess").await.code(),
        "too_many_attempts"
    );
}

#[tokio::test]
async fn a_successful_sign_in_clears_earlier_failures() {
    let app = spawn_app().await;
    let (_, email, password) = app.registered_customer("clear").await;
    for _ in 0..4 {
        app.login(&email, "wrong password").await;
    }
    assert_eq!(app.login(&email, &password).await.status, StatusCode::OK);
    for _ in 0..4 {
        assert_eq!(
            app.login(&email, "wrong password").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(app.login(&email, &password).await.status, StatusCode::OK);
}

#[tokio::test]
async fn staff_sign_in_with_their_role() {
    let app = spawn_app().await;
    let (user, token) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let me = app.me(Some(&token)).await;
    assert_eq!(me.body["user"]["role"], "operator");
    assert_eq!(me.body["user"]["id"], user.id.as_str());
}

#[tokio::test]
async fn missing_fields_are_422_and_bad_json_400() {
    let app = spawn_app().await;
    let missing = app
        .post_login(&json!({ "email": "a@b.co" }).to_string())
        .await;
    assert_eq!(
        (missing.status, missing.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
    );
    let typed = app
        .post_login(&json!({ "email": 1, "password": true }).to_string())
        .await;
    assert_eq!(typed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = app.post_login("{nope").await;
    assert_eq!(
        (bad.status, bad.code()),
        (StatusCode::BAD_REQUEST, "invalid_json")
    );
    let get = login::handle(&app.login, request("GET", "/api/auth/login", None, None))
        .await
        .expect("handled");
    assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED);
}
