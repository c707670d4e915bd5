use crate::helpers::{spawn_app, SECRET};
use lambda_http::http::StatusCode;
use time::Duration;
use toko::auth::TokenKeys;
use toko::domain::{AccountStatus, Role};

#[tokio::test]
async fn a_pending_customer_sees_the_pending_status_and_zero_counters() {
    let app = spawn_app().await;
    let (id, email, password) = app.registered_customer("me").await;
    let token = app.login(&email, &password).await.body["token"]
        .as_str()
        .expect("token")
        .to_owned();

    let me = app.me(Some(&token)).await;

    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["user"]["id"], id.as_str());
    assert_eq!(me.body["user"]["status"], "pending");
    assert_eq!(me.body["pendingOrders"], 0);
    assert_eq!(me.body["unreadMessages"], 0);
}

#[tokio::test]
async fn the_status_is_read_fresh_so_an_approval_shows_without_signing_in_again() {
    let app = spawn_app().await;
    let (id, email, password) = app.registered_customer("fresh").await;
    let token = app.login(&email, &password).await.body["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let admin = app.admin_token().await;

    app.confirm_customer(
        Some(&admin),
        &id,
        serde_json::json!({ "decision": "approve" }),
    )
    .await;

    assert_eq!(
        app.me(Some(&token)).await.body["user"]["status"],
        "approved"
    );
}

#[tokio::test]
async fn missing_bad_expired_and_foreign_tokens_are_401() {
    let app = spawn_app().await;
    let (user, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let foreign = TokenKeys::new(b"another-deployment-another-secret-xx", Duration::hours(1))
        .expect("keys")
        .issue(&user, app.clock_now())
        .expect("token")
        .0;
    let expired = TokenKeys::new(SECRET, Duration::hours(1))
        .expect("keys")
        .issue(&user, app.clock_now() - Duration::hours(2))
        .expect("token")
        .0;
    let mut tampered = token.clone();
    tampered.pop();
    tampered.push(if token.ends_with('A') { 'B' } else { 'A' });

    let cases = [
        (None, "missing_token"),
        (Some("garbage"), "invalid_token"),
        (Some(foreign.as_str()), "invalid_token"),
        (Some(tampered.as_str()), "invalid_token"),
        (Some(expired.as_str()), "token_expired"),
    ];
    for (t, code) in cases {
        let r = app.me(t).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::UNAUTHORIZED, code),
            "{t:?}"
        );
        assert!(r.is_problem());
        assert_eq!(
            r.headers
                .get("www-authenticate")
                .map(|v| v.to_str().unwrap_or("")),
            Some("Bearer")
        );
    }
    assert_eq!(app.me(Some(&token)).await.status, StatusCode::OK);
}
