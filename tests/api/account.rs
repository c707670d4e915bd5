use crate::helpers::{spawn_app, SECRET};
use lambda_http::http::StatusCode;
use serde_json::json;
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

#[tokio::test]
async fn a_customer_edits_the_profile_and_mail_follows_the_language() {
    let app = spawn_app().await;
    let (_, email, password) = app.registered_customer("profile").await;
    let token = app.login(&email, &password).await.body["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let put = |body: serde_json::Value| {
        let token = token.clone();
        let app = &app;
        async move {
            app.call("account", "PUT", "/api/me", Some(&token), Some(body))
                .await
        }
    };
    let r = put(json!({ "name": "  Siti Rahma ", "phone": "0812 1111 2222", "whatsapp": "+62 813 3333 4444", "locale": "id" })).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["user"]["name"], "Siti Rahma");
    assert_eq!(r.body["user"]["phone"], "0812 1111 2222");
    assert_eq!(r.body["user"]["whatsapp"], "+62 813 3333 4444");
    assert_eq!(r.body["user"]["locale"], "id");
    // A blank or null phone removes it; the rest stays.
    let r = put(json!({ "phone": null, "whatsapp": "" })).await;
    assert!(r.body["user"].get("phone").is_none(), "{:?}", r.body);
    assert!(r.body["user"].get("whatsapp").is_none());
    assert_eq!(r.body["user"]["name"], "Siti Rahma");
    // Bad input: each field named, nothing changed; an empty body says what it needs.
    let bad = put(json!({ "name": "", "phone": "call me", "locale": "fr" })).await;
    for field in ["name", "phone", "locale"] {
        bad.assert_rejects(field, field);
    }
    put(json!({}))
        .await
        .assert_rejects("marketingOptIn", "empty body");
    assert_eq!(
        app.me(Some(&token)).await.body["user"]["name"],
        "Siti Rahma"
    );
    // Mail follows the language chosen.
    let asked = app
        .call(
            "login",
            "POST",
            "/api/auth/forgot",
            None,
            Some(json!({ "email": email })),
        )
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED);
    let mails = crate::helpers::sent_mail_to(&app.endpoint, &email).await;
    assert!(mails.iter().any(|m| m.subject == "Buat kata sandi baru"));
}
