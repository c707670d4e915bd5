//! Sessions that can be revoked: a role change or a deactivation ends the account's
//! tokens within a minute (each container re-reads an account at most once a minute),
//! without waiting for the tokens to expire.

use crate::helpers::{spawn_app, TestApp};
use lambda_http::http::StatusCode;
use time::Duration;
use toko::domain::{AccountStatus, Role};
use toko::ports::Users;
use toko::sessions::CHECK_INTERVAL;

async fn orders_as(app: &TestApp, token: &str) -> crate::helpers::TestResponse {
    app.call("confirm", "GET", "/api/admin/orders", Some(token), None)
        .await
}

#[tokio::test]
async fn a_role_change_ends_the_old_tokens_within_a_minute() {
    let app = spawn_app().await;
    let (operator, token) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    assert_eq!(orders_as(&app, &token).await.status, StatusCode::OK);

    // The operator becomes marketing: the operator's token must not keep its powers.
    app.store
        .set_access(&operator.id, Role::Marketing, AccountStatus::Approved)
        .await
        .expect("set access");
    app.advance(CHECK_INTERVAL + Duration::seconds(1));

    let after = orders_as(&app, &token).await;
    assert_eq!(
        (after.status, after.code()),
        (StatusCode::UNAUTHORIZED, "session_revoked")
    );
    assert!(after.is_problem());
    // Signing in again gives a token of the new role and version.
    let again = app
        .login(operator.email.as_str(), "staff password 123")
        .await;
    assert_eq!(again.body["user"]["role"], "marketing");
    let fresh = again.body["token"].as_str().expect("token");
    let me = app.me(Some(fresh)).await;
    assert_eq!(
        (me.status, me.body["user"]["role"].as_str()),
        (StatusCode::OK, Some("marketing"))
    );
}

#[tokio::test]
async fn a_deactivated_staff_account_is_locked_out_within_a_minute() {
    let app = spawn_app().await;
    let (admin, token) = app.signed_in(Role::Admin, AccountStatus::Approved).await;
    let catalog = app
        .call(
            "catalog",
            "POST",
            "/api/admin/products",
            Some(&token),
            Some(serde_json::json!({ "name": "Kertas", "category": "printing", "price": 1_000 })),
        )
        .await;
    assert_eq!(catalog.status, StatusCode::CREATED);

    app.store
        .set_access(&admin.id, Role::Admin, AccountStatus::Rejected)
        .await
        .expect("deactivate");
    app.advance(CHECK_INTERVAL + Duration::seconds(1));

    for (function, uri) in [
        ("confirm", "/api/admin/orders"),
        ("analytics", "/api/admin/analytics"),
        ("promo", "/api/admin/promos"),
        ("account", "/api/me"),
    ] {
        let r = app.call(function, "GET", uri, Some(&token), None).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::UNAUTHORIZED, "session_revoked"),
            "{function} {uri}"
        );
    }
    // And the account cannot sign in for a new token either.
    let again = app.login(admin.email.as_str(), "staff password 123").await;
    assert_ne!(again.status, StatusCode::OK, "{:?}", again.body);
}
