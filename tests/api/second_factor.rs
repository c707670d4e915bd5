//! Two-step sign-in for staff against the emulator, with the test's fixed clock: set-up,
//! codes good once, recovery codes, the shop's rule for admins, and guesses counted.

use crate::helpers::{spawn_app, TestApp, TestResponse};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use time::Duration;
use toko::domain::{AccountStatus, Role, TotpSecret, User};

const PASSWORD: &str = "staff password 123";

async fn post(app: &TestApp, uri: &str, token: &str, body: Value) -> TestResponse {
    app.call("login", "POST", uri, Some(token), Some(body))
        .await
}

async fn sign_in(app: &TestApp, user: &User, code: Option<&str>) -> TestResponse {
    let mut body = json!({ "email": user.email.as_str(), "password": PASSWORD });
    if let Some(c) = code {
        body["code"] = json!(c);
    }
    app.call("login", "POST", "/api/auth/login", None, Some(body))
        .await
}

/// Sets up and turns on two-step sign-in; the key and the recovery codes.
async fn enable(app: &TestApp, token: &str) -> (TotpSecret, Vec<String>, String) {
    let started = post(app, "/api/auth/totp/setup", token, json!({})).await;
    assert_eq!(started.status, StatusCode::CREATED, "{:?}", started.body);
    assert!(started.body["otpauthUrl"]
        .as_str()
        .is_some_and(|u| u.starts_with("otpauth://totp/Toko:")));
    let key =
        TotpSecret::from_base32(started.body["secret"].as_str().expect("secret")).expect("key");
    // A code that is not the app's is refused and nothing changes.
    let wrong = post(
        app,
        "/api/auth/totp/enable",
        token,
        json!({ "code": "000000" }),
    )
    .await;
    if key.code_at(app.clock_now()) != "000000" {
        wrong.assert_rejects("code", "is not the code");
    }
    let on = post(
        app,
        "/api/auth/totp/enable",
        token,
        json!({ "code": key.code_at(app.clock_now()) }),
    )
    .await;
    assert_eq!(on.status, StatusCode::OK, "{:?}", on.body);
    assert_eq!(on.body["user"]["twoFactor"], true);
    let codes: Vec<String> = on.body["recoveryCodes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().expect("code").to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    (
        key,
        codes,
        on.body["token"].as_str().expect("token").to_owned(),
    )
}

#[tokio::test]
async fn a_code_is_asked_for_good_once_and_recovery_codes_work_once() {
    let app = spawn_app().await;
    let (user, token) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let (key, codes, fresh) = enable(&app, &token).await;
    assert_eq!(app.me(Some(&fresh)).await.status, StatusCode::OK);

    // The password alone is not enough any more.
    let asked = sign_in(&app, &user, None).await;
    assert_eq!(
        (asked.status, asked.code()),
        (StatusCode::UNAUTHORIZED, "second_factor_required")
    );
    // The code the set-up used is spent; the next step's code works, once.
    let same = sign_in(&app, &user, Some(&key.code_at(app.clock_now()))).await;
    assert_eq!(
        (same.status, same.code()),
        (StatusCode::UNAUTHORIZED, "invalid_second_factor")
    );
    app.advance(Duration::seconds(30));
    let code = key.code_at(app.clock_now());
    let ok = sign_in(&app, &user, Some(&code)).await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    assert_eq!(ok.body["secondFactorSetupRequired"], false);
    let replayed = sign_in(&app, &user, Some(&code)).await;
    assert_eq!(replayed.code(), "invalid_second_factor");
    // A code from two minutes ago is too old.
    app.advance(Duration::seconds(30));
    let old = key.code_at(app.clock_now() - Duration::seconds(120));
    assert_eq!(
        sign_in(&app, &user, Some(&old)).await.code(),
        "invalid_second_factor"
    );

    // A recovery code, typed loosely, works once.
    let loose = codes[4].to_uppercase().replace('-', " ");
    assert_eq!(
        sign_in(&app, &user, Some(&loose)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        sign_in(&app, &user, Some(&codes[4])).await.code(),
        "invalid_second_factor"
    );
    assert_eq!(
        sign_in(&app, &user, Some(&codes[5])).await.status,
        StatusCode::OK
    );

    // Turning it off needs the password; then the password alone signs in again.
    let token = sign_in(&app, &user, Some(&codes[6])).await.body["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let wrong = post(
        &app,
        "/api/auth/totp/disable",
        &token,
        json!({ "password": "nope" }),
    )
    .await;
    assert_eq!(wrong.code(), "wrong_password");
    let off = post(
        &app,
        "/api/auth/totp/disable",
        &token,
        json!({ "password": PASSWORD }),
    )
    .await;
    assert_eq!(off.status, StatusCode::OK, "{:?}", off.body);
    assert_eq!(sign_in(&app, &user, None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn wrong_codes_count_like_wrong_passwords() {
    let app = spawn_app().await;
    let (user, token) = app.signed_in(Role::Admin, AccountStatus::Approved).await;
    enable(&app, &token).await;
    let mut last = None;
    for _ in 0..6 {
        last = Some(sign_in(&app, &user, Some("123456")).await);
    }
    let last = last.expect("tries");
    assert_eq!(
        last.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{:?}",
        last.body
    );
    // Asking for the code (the password was right) is not a failure.
    app.advance(Duration::minutes(16));
    for _ in 0..8 {
        assert_eq!(
            sign_in(&app, &user, None).await.code(),
            "second_factor_required"
        );
    }
}

#[tokio::test]
async fn when_the_shop_requires_it_an_admin_without_it_can_only_set_it_up() {
    let app = spawn_app().await;
    let (_, owner) = app.signed_in(Role::Admin, AccountStatus::Approved).await;
    let rule = |token: String, on: bool| {
        let app = &app;
        async move {
            app.call(
                "confirm",
                "PUT",
                "/api/admin/settings/security",
                Some(&token),
                Some(json!({ "requireAdminTotp": on })),
            )
            .await
        }
    };
    // Only an admin who uses it may require it.
    rule(owner.clone(), true)
        .await
        .assert_rejects("requireAdminTotp", "your own account first");
    let (_, _, owner) = enable(&app, &owner).await;
    assert_eq!(rule(owner.clone(), true).await.status, StatusCode::OK);
    let shown = app
        .call(
            "confirm",
            "GET",
            "/api/admin/settings/security",
            Some(&owner),
            None,
        )
        .await;
    assert_eq!(shown.body["requireAdminTotp"], true);
    // ... and may not turn their own off while it is required.
    let off = post(
        &app,
        "/api/auth/totp/disable",
        &owner,
        json!({ "password": PASSWORD }),
    )
    .await;
    assert_eq!(off.code(), "second_factor_required_by_shop");

    // Another admin without it signs in to a session that can only set it up.
    let other = User::new(
        toko::domain::Email::parse(&crate::helpers::unique_email("admin2")).expect("email"),
        toko::domain::PersonName::parse("Second Admin").expect("name"),
        toko::auth::hash_password(&toko::domain::Password::parse(PASSWORD).expect("pw"))
            .expect("hash"),
        Role::Admin,
        AccountStatus::Approved,
        app.clock_now(),
    );
    toko::ports::Users::create(&app.store, &other)
        .await
        .expect("create");
    let signed = sign_in(&app, &other, None).await;
    assert_eq!(signed.status, StatusCode::OK, "{:?}", signed.body);
    assert_eq!(signed.body["secondFactorSetupRequired"], true);
    let limited = signed.body["token"].as_str().expect("token").to_owned();
    let refused = app
        .call("confirm", "GET", "/api/admin/orders", Some(&limited), None)
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::FORBIDDEN, "second_factor_setup_required")
    );
    assert_eq!(
        app.call("privacy", "GET", "/api/admin/privacy", Some(&limited), None)
            .await
            .code(),
        "second_factor_setup_required"
    );
    assert_eq!(
        app.me(Some(&limited)).await.status,
        StatusCode::OK,
        "it may see whose session it is"
    );
    let (_, _, full) = enable(&app, &limited).await;
    assert_eq!(
        app.call("confirm", "GET", "/api/admin/orders", Some(&full), None)
            .await
            .status,
        StatusCode::OK
    );
    // Staff who are not admins are not held to the rule.
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    assert_eq!(
        app.call("confirm", "GET", "/api/admin/orders", Some(&operator), None)
            .await
            .status,
        StatusCode::OK
    );
}
