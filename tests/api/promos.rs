use crate::helpers::{sent_mail_to, spawn_app, SITE_URL};
use lambda_http::http::StatusCode;
use serde_json::json;
use time::Duration;
use toko::domain::{rfc3339, AccountStatus, Role};
use toko::ports::Users;

#[tokio::test]
async fn a_promo_shows_only_inside_its_window() {
    let app = spawn_app().await;
    let (_, marketing) = app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    let now = app.clock_now();
    let body = json!({
        "title": "Diskon kartu nama 20%",
        "body": "Cetak kartu nama minggu ini, hemat 20%.",
        "discountPercent": 20,
        "startsAt": rfc3339(now + Duration::hours(1)),
        "endsAt": rfc3339(now + Duration::days(7)),
    });

    let created = app
        .call(
            "promo",
            "POST",
            "/api/admin/promos",
            Some(&marketing),
            Some(body),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let id = created.body["id"].as_str().expect("id").to_owned();
    let visible = |r: &crate::helpers::TestResponse| {
        r.body["items"]
            .as_array()
            .unwrap_or_else(|| panic!("items in {} {:?}", r.status, r.body))
            .iter()
            .any(|p| p["id"] == id.as_str())
    };

    let before = app.call("promo", "GET", "/api/promos", None, None).await;
    assert_eq!(before.status, StatusCode::OK, "{:?}", before.body);
    assert!(!visible(&before), "scheduled, not yet running");
    app.advance(Duration::hours(2));
    let running = app.call("promo", "GET", "/api/promos", None, None).await;
    assert!(visible(&running));
    assert_eq!(running.body["items"][0]["discountPercent"], 20);
    app.advance(Duration::days(7));
    assert!(
        !visible(&app.call("promo", "GET", "/api/promos", None, None).await),
        "ended"
    );
    // A week later the first sign-in has expired: sign in again.
    let (_, marketing) = app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    let all = app
        .call("promo", "GET", "/api/admin/promos", Some(&marketing), None)
        .await;
    assert!(visible(&all), "the console still lists it");
}

#[tokio::test]
async fn marketing_edits_and_deletes_and_others_may_not() {
    let app = spawn_app().await;
    let (_, marketing) = app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let now = app.clock_now();
    let body = |title: &str| json!({ "title": title, "body": "Promo", "startsAt": rfc3339(now - Duration::hours(1)), "endsAt": rfc3339(now + Duration::days(1)) });
    let id = app
        .call(
            "promo",
            "POST",
            "/api/admin/promos",
            Some(&marketing),
            Some(body("A")),
        )
        .await
        .body["id"]
        .as_str()
        .expect("id")
        .to_owned();

    assert_eq!(
        app.call(
            "promo",
            "POST",
            "/api/admin/promos",
            Some(&operator),
            Some(body("B"))
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let edited = app
        .call(
            "promo",
            "PUT",
            &format!("/api/admin/promos/{id}"),
            Some(&marketing),
            Some(body("A2")),
        )
        .await;
    assert_eq!(
        (edited.status, edited.body["title"].as_str()),
        (StatusCode::OK, Some("A2"))
    );
    assert_eq!(
        app.call("promo", "GET", "/api/promos", None, None)
            .await
            .body["items"][0]["title"],
        "A2"
    );
    assert_eq!(
        app.call(
            "promo",
            "DELETE",
            &format!("/api/admin/promos/{id}"),
            Some(&marketing),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.call(
            "promo",
            "DELETE",
            &format!("/api/admin/promos/{id}"),
            Some(&marketing),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call("promo", "GET", "/api/promos", None, None)
            .await
            .body["items"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

#[tokio::test]
async fn bad_promos_are_422() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let now = app.clock_now();
    for body in [
        json!({ "title": "", "body": "x", "startsAt": rfc3339(now), "endsAt": rfc3339(now + Duration::days(1)) }),
        json!({ "title": "x", "body": "x", "startsAt": rfc3339(now), "endsAt": rfc3339(now - Duration::days(1)) }),
        json!({ "title": "x", "body": "x", "startsAt": "tomorrow", "endsAt": rfc3339(now) }),
        json!({ "title": "x", "body": "x", "startsAt": rfc3339(now), "endsAt": rfc3339(now + Duration::days(1)), "discountPercent": 150 }),
    ] {
        let r = app
            .call(
                "promo",
                "POST",
                "/api/admin/promos",
                Some(&admin),
                Some(body.clone()),
            )
            .await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            "{body}"
        );
    }
    assert_eq!(
        app.call("promo", "GET", "/api/admin/promos", Some(&admin), None)
            .await
            .body["items"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

/// Registers a customer who opted in to promo mail and has the admin decide.
async fn subscriber(
    app: &crate::helpers::TestApp,
    admin: &str,
    tag: &str,
    approve: bool,
) -> (String, String) {
    let email = crate::helpers::unique_email(tag);
    let r = app
        .register(json!({ "email": email, "password": "password123", "name": format!("Sub {tag}"), "marketingOptIn": true }))
        .await;
    let id = r.body["customer"]["id"].as_str().expect("id").to_owned();
    app.verify_address(&email).await;
    if approve {
        app.confirm_customer(Some(admin), &id, json!({ "decision": "approve" }))
            .await;
    }
    (id, email)
}

#[tokio::test]
async fn promo_mail_reaches_each_subscriber_once_and_the_link_unsubscribes() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, ani) = subscriber(&app, &admin, "ani", true).await;
    let (_, budi) = subscriber(&app, &admin, "budi", true).await;
    let (_, pending) = subscriber(&app, &admin, "pending", false).await;
    // Approved and opted in, but the address was never confirmed: no promo mail.
    let unconfirmed = crate::helpers::unique_email("unconfirmed");
    let r = app
        .register(json!({ "email": unconfirmed, "password": "password123", "name": "Uncon", "marketingOptIn": true }))
        .await;
    let unconfirmed_id = r.body["customer"]["id"].as_str().expect("id").to_owned();
    app.confirm_customer(
        Some(&admin),
        &unconfirmed_id,
        json!({ "decision": "approve" }),
    )
    .await;
    let (quiet_user, quiet_token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let now = app.clock_now();
    let promo = |title: &str| json!({ "title": title, "body": "Hemat!", "discountPercent": 10, "startsAt": rfc3339(now), "endsAt": rfc3339(now + Duration::days(3)), "notify": true });

    let first = app
        .call(
            "promo",
            "POST",
            "/api/admin/promos",
            Some(&admin),
            Some(promo("Promo satu")),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(first.body["notification"]["sent"], 2, "{:?}", first.body);
    let id = first.body["id"].as_str().expect("id");
    let retry = app
        .call(
            "promo",
            "POST",
            &format!("/api/admin/promos/{id}/notify"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(
        (retry.body["sent"].as_u64(), retry.body["skipped"].as_u64()),
        (Some(0), Some(4)),
        "a retry mails nobody twice"
    );
    assert!(sent_mail_to(&app.endpoint, &unconfirmed)
        .await
        .iter()
        .all(|m| !m.subject.starts_with("Promo satu")));

    let ani_mail = sent_mail_to(&app.endpoint, &ani).await;
    let promo_mails: Vec<_> = ani_mail
        .iter()
        .filter(|m| m.subject.starts_with("Promo satu"))
        .collect();
    assert_eq!(promo_mails.len(), 1);
    assert_eq!(promo_mails[0].subject, "Promo satu — 10% off");
    assert_eq!(
        sent_mail_to(&app.endpoint, &budi)
            .await
            .iter()
            .filter(|m| m.subject.starts_with("Promo satu"))
            .count(),
        1
    );
    assert!(
        sent_mail_to(&app.endpoint, &pending)
            .await
            .iter()
            .all(|m| !m.subject.starts_with("Promo")),
        "not approved"
    );
    assert!(
        sent_mail_to(&app.endpoint, quiet_user.email.as_str())
            .await
            .is_empty(),
        "did not opt in"
    );

    // The link in Ani's mail unsubscribes her, without signing in; a forged one does not.
    let body = &promo_mails[0].body;
    let start =
        body.find("/api/unsubscribe?token=").expect("link") + "/api/unsubscribe?token=".len();
    let token: String = body[start..].chars().take_while(|c| *c != '"').collect();
    // Her mail client offers the same link as one-click unsubscribe (SendRawEmail's headers).
    assert_eq!(
        promo_mails[0].header("List-Unsubscribe"),
        Some(format!("<{SITE_URL}/api/unsubscribe?token={token}>").as_str())
    );
    assert_eq!(
        promo_mails[0].header("List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );
    let call = |method: &'static str, t: String| {
        let req =
            crate::helpers::request(method, &format!("/api/unsubscribe?token={t}"), None, None);
        async {
            crate::helpers::read(account::handle(&app.account, req).await.expect("handled")).await
        }
    };
    let forged = call("POST", format!("{}x", &token[..token.len() - 1])).await;
    assert_eq!(
        (forged.status, forged.code()),
        (StatusCode::BAD_REQUEST, "invalid_link")
    );
    // Opening the link (a person, or a mail scanner) only asks; nothing changes yet.
    let asked = call("GET", token.clone()).await;
    assert_eq!(asked.status, StatusCode::OK);
    let page = asked.body.as_str().unwrap_or("");
    assert!(page.contains("<form method=post"), "{page}");
    let ani_now = app
        .store
        .find_by_email(&toko::domain::Email::parse(&ani).expect("email"))
        .await
        .expect("read")
        .expect("ani");
    assert!(ani_now.marketing_opt_in, "a GET changes nothing");
    // The button (or the mail client's one-click POST) unsubscribes.
    let done = call("POST", token.clone()).await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.headers["content-type"]
        .to_str()
        .unwrap_or("")
        .starts_with("text/html"));
    assert!(done.body.as_str().unwrap_or("").contains("Unsubscribed"));

    // The quiet customer opts in from the account page.
    let opt_in = crate::helpers::request(
        "PUT",
        "/api/me",
        Some(&quiet_token),
        Some(json!({ "marketingOptIn": true }).to_string()),
    );
    let opted = crate::helpers::read(
        account::handle(&app.account, opt_in)
            .await
            .expect("handled"),
    )
    .await;
    assert_eq!(opted.body["user"]["marketingOptIn"], true);

    let second = app
        .call(
            "promo",
            "POST",
            "/api/admin/promos",
            Some(&admin),
            Some(promo("Promo dua")),
        )
        .await;
    assert_eq!(second.body["notification"]["sent"], 2, "{:?}", second.body);
    assert!(
        sent_mail_to(&app.endpoint, &ani)
            .await
            .iter()
            .all(|m| !m.subject.starts_with("Promo dua")),
        "unsubscribed"
    );
    assert!(sent_mail_to(&app.endpoint, quiet_user.email.as_str())
        .await
        .iter()
        .any(|m| m.subject.starts_with("Promo dua")));
}
