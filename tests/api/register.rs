use crate::helpers::{spawn_app, unique_email};
use lambda_http::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn registering_creates_a_pending_customer_with_a_normalised_email() {
    let app = spawn_app().await;
    let email = unique_email("Reg");

    let resp = app
        .register(json!({ "email": format!("  {}  ", email.to_uppercase()), "password": "password123", "name": " Budi ", "phone": "+62 812 1111 2222", "locale": "id" }))
        .await;

    assert_eq!(resp.status, StatusCode::CREATED, "{:?}", resp.body);
    let c = &resp.body["customer"];
    assert_eq!(c["email"], email.to_lowercase());
    assert_eq!(c["name"], "Budi");
    assert_eq!(c["status"], "pending");
    assert_eq!(c["role"], "customer");
    assert_eq!(c["locale"], "id");
    assert!(c.get("passwordHash").is_none() && c.get("password").is_none());
    let login = app.login(&email, "password123").await;
    assert_eq!(login.status, StatusCode::OK);
    assert_eq!(login.body["user"]["status"], "pending");
}

#[tokio::test]
async fn registering_a_taken_address_answers_like_a_new_one_and_tells_its_owner() {
    let app = spawn_app().await;
    let email = unique_email("dup");
    let first = app
        .register(json!({ "email": email, "password": "password123", "name": "A" }))
        .await;
    assert_eq!(first.status, StatusCode::CREATED);

    // Upper case, and full-width letters: the same address.
    let wide: String = email
        .chars()
        .map(|c| match c {
            'a'..='z' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    for taken in [email.to_uppercase(), wide] {
        let second = app
            .register(json!({ "email": taken, "password": "other-password", "name": "B" }))
            .await;
        assert_eq!(second.status, first.status, "{:?}", second.body);
        assert_eq!(
            second.body["customer"]["email"],
            first.body["customer"]["email"]
        );
        assert_eq!(second.body["customer"]["status"], "pending");
        assert_ne!(second.body["customer"]["id"], first.body["customer"]["id"]);
    }
    // The first account is untouched; its owner heard of the tries.
    assert_eq!(
        app.login(&email, "password123").await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.login(&email, "other-password").await.status,
        StatusCode::UNAUTHORIZED
    );
    let mails = crate::helpers::sent_mail_to(&app.endpoint, &email).await;
    let subjects: Vec<&str> = mails.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(
        subjects
            .iter()
            .filter(|s| **s == "Someone tried to register with your address")
            .count(),
        2,
        "{subjects:?}"
    );
    // Look-alikes of other scripts are refused, never a second account.
    let (local, domain) = email.split_once('@').expect("address");
    for fake in [format!("{local}ı@{domain}"), format!("{local}і@{domain}")] {
        app.register(json!({ "email": fake, "password": "password123", "name": "C" }))
            .await
            .assert_rejects("email", &fake);
    }
}

#[tokio::test]
async fn concurrent_registrations_of_one_email_create_exactly_one_account() {
    let app = spawn_app().await;
    let email = unique_email("race");
    let attempts = (0..10).map(|i| {
        app.register(
            json!({ "email": email, "password": "password123", "name": format!("Racer {i}") }),
        )
    });

    let results = futures::future::join_all(attempts).await;

    assert!(
        results.iter().all(|r| r.status == StatusCode::CREATED),
        "{:?}",
        results.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    let pending = app
        .list_customers(Some(&app.admin_token().await), "?status=pending&limit=100")
        .await;
    let same: Vec<_> = pending.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|c| c["email"] == email.as_str())
        .collect();
    assert_eq!(same.len(), 1, "no half-written or duplicate profile");
}

#[tokio::test]
async fn the_registration_mail_confirms_the_address_once() {
    let app = spawn_app().await;
    let (_, email, password) = app.registered_customer("verify").await;
    let token = app.login(&email, &password).await.body["token"]
        .as_str()
        .expect("token")
        .to_owned();
    assert_eq!(
        app.me(Some(&token)).await.body["user"]["emailVerified"],
        false
    );
    let mails = crate::helpers::sent_mail_to(&app.endpoint, &email).await;
    assert_eq!(mails[0].subject, "Confirm your e-mail address");
    let link = |m: &crate::mail_log::SentMail| {
        let at = m.body.find("verify?token=")? + "verify?token=".len();
        m.body.get(at..at + 43).map(str::to_owned)
    };
    let first = link(&mails[0]).expect("link");
    // Asking again sends a new link (3 per window), both work until one is used.
    let again = app
        .call(
            "register",
            "POST",
            "/api/auth/verify/resend",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::ACCEPTED, "{:?}", again.body);
    let verify = |t: String| {
        app.call(
            "register",
            "POST",
            "/api/auth/verify",
            None,
            Some(json!({ "token": t })),
        )
    };
    assert_eq!(verify(first.clone()).await.status, StatusCode::OK);
    assert_eq!(
        app.me(Some(&token)).await.body["user"]["emailVerified"],
        true
    );
    let used = verify(first).await;
    assert_eq!(used.status, StatusCode::BAD_REQUEST);
    assert_eq!(used.code(), "invalid_verification_link");
    assert!(used.is_problem());
    let forged = verify("x".repeat(43)).await;
    assert_eq!(forged.code(), "invalid_verification_link");
    // Confirmed: nothing more to send.
    let done = app
        .call(
            "register",
            "POST",
            "/api/auth/verify/resend",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(done.body["status"], "verified");
    // A link past its 7 days no longer works.
    let (_, late, late_password) = app.registered_customer("late").await;
    let late_token =
        link(&crate::helpers::sent_mail_to(&app.endpoint, &late).await[0]).expect("link");
    app.advance(time::Duration::days(8));
    assert_eq!(verify(late_token).await.status, StatusCode::BAD_REQUEST);
    let late_login = app.login(&late, &late_password).await;
    assert_eq!(late_login.body["user"]["emailVerified"], false);
}

#[tokio::test]
async fn every_invalid_field_is_reported_in_one_422() {
    let app = spawn_app().await;

    let resp = app
        .register(json!({ "email": "not-an-email", "password": "short", "name": "", "phone": "call me", "marketingOptIn": "yes", "locale": "fr" }))
        .await;

    assert_eq!(resp.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(resp.code(), "validation_failed");
    let mut fields: Vec<&str> = resp.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().expect("field"))
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "email",
            "locale",
            "marketingOptIn",
            "name",
            "password",
            "phone"
        ]
    );
}

#[tokio::test]
async fn malformed_bodies_get_problem_json_and_store_nothing() {
    let app = spawn_app().await;
    let cases: Vec<(String, StatusCode, &str)> = vec![
        ("".into(), StatusCode::BAD_REQUEST, "invalid_json"),
        (
            "{\"email\":".into(),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        ("[]".into(), StatusCode::BAD_REQUEST, "invalid_json"),
        (
            "{}".into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            "{\"email\":[],\"password\":{},\"name\":1}".into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            format!(
                "{{\"email\":\"a@b.co\",\"password\":\"password123\",\"name\":\"{}\"}}",
                "x".repeat(20_000)
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            "{\"email\":\"a@b.co\",\"password\":\"password123\",\"name\":\"".to_owned()
                + &"n".repeat(101)
                + "\"}",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
    ];
    for (body, status, code) in cases {
        let resp = app.post_register(&body).await;
        assert_eq!(
            (resp.status, resp.code()),
            (status, code),
            "body {:.60}",
            body
        );
        assert!(resp.is_problem(), "{:?}", resp.body);
    }
    let admin = app.admin_token().await;
    let pending = app.list_customers(Some(&admin), "").await;
    assert_eq!(pending.body["items"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn other_methods_and_paths_are_405_and_404() {
    let app = spawn_app().await;
    let get = register::handle(
        &app.register,
        crate::helpers::request("GET", "/api/auth/register", None, None),
    )
    .await
    .expect("handled");
    assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED);
    let other = register::handle(
        &app.register,
        crate::helpers::request("POST", "/api/nope", None, Some("{}".into())),
    )
    .await
    .expect("handled");
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn no_index_ever_holds_a_password_hash() {
    let app = spawn_app().await;
    app.registered_customer("hash").await;
    app.signed_in(
        toko::domain::Role::Operator,
        toko::domain::AccountStatus::Approved,
    )
    .await;
    let client = toko::adapters::dynamo::store::client(&toko::aws::from_env());
    // A test may scan its own table: every item, to see where hashes are.
    let items = client
        .scan()
        .table_name(app.store.table())
        .send()
        .await
        .expect("scan")
        .items
        .unwrap_or_default();
    let with_hash: Vec<_> = items
        .iter()
        .filter(|i| i.contains_key("passwordHash"))
        .collect();
    assert_eq!(with_hash.len(), 2, "one per account");
    for item in with_hash {
        let pk = item["pk"].as_s().expect("pk");
        assert!(pk.starts_with("EMAIL#"), "{pk} holds a hash");
        assert!(
            !item.keys().any(|k| k.starts_with("gsi")),
            "{pk} would put the hash in an index"
        );
    }
    // And sign-in still works with the hash where it now lives.
    let (_, email, password) = app.registered_customer("signin").await;
    assert_eq!(app.login(&email, &password).await.status, StatusCode::OK);
}
