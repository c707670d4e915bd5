//! Forgotten and changed passwords against the emulator: the same answer for any address,
//! single-use links that expire, every session ended, the sign-in limits on guesses.

use crate::helpers::{sent_mail_to, spawn_app, TestApp, TestResponse};
use lambda_http::http::StatusCode;
use serde_json::json;
use time::Duration;
use toko::domain::{AccountStatus, Role};

async fn forgot(app: &TestApp, email: &str) -> TestResponse {
    app.call(
        "login",
        "POST",
        "/api/auth/forgot",
        None,
        Some(json!({ "email": email, "locale": "id" })),
    )
    .await
}

async fn reset(app: &TestApp, token: &str, password: &str) -> TestResponse {
    app.call(
        "login",
        "POST",
        "/api/auth/reset",
        None,
        Some(json!({ "token": token, "password": password })),
    )
    .await
}

/// The tokens of the reset links mailed to `email`, oldest first.
async fn links(app: &TestApp, email: &str) -> Vec<String> {
    sent_mail_to(&app.endpoint, email)
        .await
        .iter()
        .filter_map(|m| {
            let at = m.body.find("reset?token=")? + "reset?token=".len();
            m.body.get(at..at + 43).map(str::to_owned)
        })
        .collect()
}

#[tokio::test]
async fn a_reset_request_looks_the_same_for_any_address_and_the_link_works_once() {
    let app = spawn_app().await;
    let (_, email, password) = app.registered_customer("reset").await;
    let old = app.login(&email, &password).await;
    assert_eq!(old.status, StatusCode::OK);
    let old_token = old.body["token"].as_str().expect("token").to_owned();

    let known = forgot(&app, &email).await;
    let stranger = crate::helpers::unique_email("nobody");
    let unknown = forgot(&app, &stranger).await;
    assert_eq!(known.status, StatusCode::ACCEPTED);
    assert_eq!((known.status, &known.body), (unknown.status, &unknown.body));
    // The stranger's address hears there is no account (in the language asked for).
    let theirs = sent_mail_to(&app.endpoint, &stranger).await;
    assert_eq!(theirs.len(), 1);
    assert!(
        theirs[0].body.contains("tidak ada akun"),
        "{}",
        theirs[0].body
    );
    let tokens = links(&app, &email).await;
    assert_eq!(tokens.len(), 1);

    let done = reset(&app, &tokens[0], "a brand new secret").await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    // Every session ended; the new password signs in, the old one does not.
    assert_eq!(
        app.me(Some(&old_token)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login(&email, "a brand new secret").await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.login(&email, &password).await.status,
        StatusCode::UNAUTHORIZED
    );
    let notices = sent_mail_to(&app.endpoint, &email).await;
    assert!(notices
        .iter()
        .any(|m| m.subject == "Your password was changed"));
    // Once only.
    let again = reset(&app, &tokens[0], "yet another secret").await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(again.code(), "invalid_reset_link");
    assert!(again.is_problem());
}

#[tokio::test]
async fn links_expire_and_forged_ones_are_refused() {
    let app = spawn_app().await;
    let (_, email, _) = app.registered_customer("expire").await;
    assert_eq!(forgot(&app, &email).await.status, StatusCode::ACCEPTED);
    let token = links(&app, &email).await.remove(0);
    app.advance(Duration::minutes(31));
    let late = reset(&app, &token, "a brand new secret").await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST);
    assert_eq!(late.code(), "invalid_reset_link");
    for forged in ["", "abc", &"A".repeat(43), "../../etc/passwd"] {
        let r = reset(&app, forged, "a brand new secret").await;
        assert!(
            r.status == StatusCode::BAD_REQUEST || r.status == StatusCode::UNPROCESSABLE_ENTITY,
            "{forged:?}: {:?}",
            r.body
        );
        assert!(r.is_problem());
    }
    // A weak new password is a field error, and the link stays usable.
    assert_eq!(forgot(&app, &email).await.status, StatusCode::ACCEPTED);
    let fresh = links(&app, &email).await.pop().expect("link");
    reset(&app, &fresh, "short")
        .await
        .assert_rejects("password", "short");
    assert_eq!(
        reset(&app, &fresh, "long enough now").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_address_gets_at_most_three_reset_mails_per_window() {
    let app = spawn_app().await;
    let (_, email, _) = app.registered_customer("flood").await;
    for _ in 0..5 {
        assert_eq!(forgot(&app, &email).await.status, StatusCode::ACCEPTED);
    }
    assert_eq!(links(&app, &email).await.len(), 3);
    let bad = app
        .call(
            "login",
            "POST",
            "/api/auth/forgot",
            None,
            Some(json!({ "email": "not an address" })),
        )
        .await;
    bad.assert_rejects("email", "not an address");
}

async fn change(app: &TestApp, current: &str, new: &str, token: &str) -> TestResponse {
    let body = json!({ "currentPassword": current, "newPassword": new });
    app.call(
        "login",
        "POST",
        "/api/auth/password",
        Some(token),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn a_signed_in_user_changes_the_password_and_other_sessions_end() {
    let app = spawn_app().await;
    for role in [Role::Customer, Role::Admin] {
        let (user, token) = app.signed_in(role, AccountStatus::Approved).await;
        let other = app.login(user.email.as_str(), "staff password 123").await;
        let other = other.body["token"].as_str().expect("token").to_owned();
        // This device is known to the account function before the change (its memory of
        // the account must not refuse the fresh token that comes after).
        assert_eq!(app.me(Some(&token)).await.status, StatusCode::OK);
        let wrong = change(&app, "not my password", "a brand new secret", &token).await;
        assert_eq!(wrong.status, StatusCode::FORBIDDEN);
        assert_eq!(wrong.code(), "wrong_password");
        change(&app, "staff password 123", "short", &token)
            .await
            .assert_rejects("newPassword", "short");
        let done = change(&app, "staff password 123", "a brand new secret", &token).await;
        assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
        let fresh = done.body["token"].as_str().expect("token");
        assert_eq!(app.me(Some(fresh)).await.status, StatusCode::OK);
        assert_eq!(app.me(Some(&other)).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.me(Some(&token)).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            app.login(user.email.as_str(), "a brand new secret")
                .await
                .status,
            StatusCode::OK
        );
    }
    let anonymous = app
        .call("login", "POST", "/api/auth/password", None, Some(json!({})))
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}
