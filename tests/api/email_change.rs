//! Moving an account to another address against the emulator: the password is needed,
//! the new address confirms with its link, the old one stops signing in and can register
//! again, and a taken address looks the same from outside.

use crate::helpers::{sent_mail_to, spawn_app, unique_email, TestApp, TestResponse};
use lambda_http::http::StatusCode;
use serde_json::json;
use time::Duration;

async fn ask(app: &TestApp, token: &str, new: &str, password: &str) -> TestResponse {
    app.call(
        "login",
        "POST",
        "/api/auth/email",
        Some(token),
        Some(json!({ "newEmail": new, "password": password })),
    )
    .await
}

/// The token of the newest link mailed to `email` (verify links), if any.
async fn link(app: &TestApp, email: &str) -> Option<String> {
    sent_mail_to(&app.endpoint, email)
        .await
        .iter()
        .rev()
        .find_map(|m| {
            let at = m.body.find("verify?token=")? + "verify?token=".len();
            m.body.get(at..at + 43).map(str::to_owned)
        })
}

async fn confirm(app: &TestApp, token: &str) -> TestResponse {
    app.call(
        "register",
        "POST",
        "/api/auth/verify",
        None,
        Some(json!({ "token": token })),
    )
    .await
}

async fn token_of(app: &TestApp, email: &str, password: &str) -> String {
    let r = app.login(email, password).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body["token"].as_str().expect("token").to_owned()
}

#[tokio::test]
async fn an_account_moves_to_a_confirmed_new_address_and_the_old_one_is_free_again() {
    let app = spawn_app().await;
    let (id, old, password) = app.registered_customer("move").await;
    let token = token_of(&app, &old, &password).await;
    let new = unique_email("moved");

    // A wrong password changes nothing and sends nothing.
    let wrong = ask(&app, &token, &new, "not the password").await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert_eq!(wrong.code(), "wrong_password");
    assert!(link(&app, &new).await.is_none());
    // Its own address is not a change.
    let same = ask(&app, &token, &old, &password).await;
    assert_eq!(same.status, StatusCode::UNPROCESSABLE_ENTITY);
    same.assert_rejects("newEmail", "is the address");

    let asked = ask(&app, &token, &new, &password).await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{:?}", asked.body);
    // The current address is told, and nothing moved yet.
    let notices = sent_mail_to(&app.endpoint, &old).await;
    assert!(notices
        .iter()
        .any(|m| m.subject == "Your Toko address is about to change" && m.body.contains(&new)));
    assert_eq!(app.login(&old, &password).await.status, StatusCode::OK);
    assert_eq!(
        app.login(&new, &password).await.status,
        StatusCode::UNAUTHORIZED
    );

    let link = link(&app, &new).await.expect("a link to the new address");
    let done = confirm(&app, &link).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.body["changed"], true);
    // Used once.
    assert_eq!(
        confirm(&app, &link).await.code(),
        "invalid_verification_link"
    );

    // The account signs in with the new address (same id, same password), not the old.
    let moved = app.login(&new, &password).await;
    assert_eq!(moved.status, StatusCode::OK);
    assert_eq!(moved.body["user"]["id"], id.as_str());
    assert_eq!(moved.body["user"]["email"], new.as_str());
    assert_eq!(moved.body["user"]["emailVerified"], true);
    assert_eq!(
        app.login(&old, &password).await.status,
        StatusCode::UNAUTHORIZED
    );
    // The session that asked still works and shows the new address.
    assert_eq!(
        app.me(Some(&token)).await.body["user"]["email"],
        new.as_str()
    );
    // The old address can make a new account.
    let again = app
        .register(json!({ "email": old, "password": "another password 1", "name": "Baru" }))
        .await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_ne!(again.body["customer"]["id"], id.as_str());
    assert_eq!(
        app.login(&old, "another password 1").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_taken_address_answers_alike_mails_its_owner_and_cannot_be_taken_over() {
    let app = spawn_app().await;
    let (_, mine, password) = app.registered_customer("mine").await;
    let (_, theirs, their_password) = app.registered_customer("theirs").await;
    let token = token_of(&app, &mine, &password).await;

    let asked = ask(&app, &token, &theirs, &password).await;
    assert_eq!(asked.status, StatusCode::ACCEPTED);
    assert_eq!(asked.body, json!({ "status": "sent" }));
    let mails = sent_mail_to(&app.endpoint, &theirs).await;
    assert!(mails
        .iter()
        .any(|m| m.subject == "Someone tried to register with your address"));
    assert!(
        !mails
            .iter()
            .any(|m| m.body.contains("verify?token=") && m.subject.contains("new e-mail")),
        "no link that would move an account onto a taken address"
    );

    // A link asked while the address was free fails if the address is taken meanwhile.
    let later = unique_email("later");
    assert_eq!(
        ask(&app, &token, &later, &password).await.status,
        StatusCode::ACCEPTED
    );
    let link = link(&app, &later).await.expect("link");
    let r = app
        .register(json!({ "email": later, "password": "someone else 1", "name": "Lain" }))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let done = confirm(&app, &link).await;
    assert_eq!(done.status, StatusCode::CONFLICT);
    assert_eq!(done.code(), "email_taken");
    assert_eq!(
        app.login(&mine, &password).await.status,
        StatusCode::OK,
        "nothing half-moved"
    );
    assert_eq!(
        app.login(&theirs, &their_password).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn links_to_a_new_address_expire_after_a_day_and_requests_are_limited() {
    let app = spawn_app().await;
    let (_, old, password) = app.registered_customer("limit").await;
    let token = token_of(&app, &old, &password).await;
    let new = unique_email("slow");
    assert_eq!(
        ask(&app, &token, &new, &password).await.status,
        StatusCode::ACCEPTED
    );
    let link = link(&app, &new).await.expect("link");
    app.advance(Duration::hours(25));
    assert_eq!(
        confirm(&app, &link).await.code(),
        "invalid_verification_link"
    );
    let token = token_of(&app, &old, &password).await;
    for i in 0..3 {
        let r = ask(&app, &token, &unique_email(&format!("n{i}")), &password).await;
        assert_eq!(r.status, StatusCode::ACCEPTED);
    }
    let limited = ask(&app, &token, &unique_email("n3"), &password).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.is_problem());
}
