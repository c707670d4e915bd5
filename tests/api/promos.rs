use crate::helpers::spawn_app;
use lambda_http::http::StatusCode;
use serde_json::json;
use time::Duration;
use toko::domain::{rfc3339, AccountStatus, Role};

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
        .call_promo("POST", "/api/admin/promos", Some(&marketing), Some(body))
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

    let before = app.call_promo("GET", "/api/promos", None, None).await;
    assert_eq!(before.status, StatusCode::OK, "{:?}", before.body);
    assert!(!visible(&before), "scheduled, not yet running");
    app.advance(Duration::hours(2));
    let running = app.call_promo("GET", "/api/promos", None, None).await;
    assert!(visible(&running));
    assert_eq!(running.body["items"][0]["discountPercent"], 20);
    app.advance(Duration::days(7));
    assert!(
        !visible(&app.call_promo("GET", "/api/promos", None, None).await),
        "ended"
    );
    // A week later the first sign-in has expired: sign in again.
    let (_, marketing) = app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    let all = app
        .call_promo("GET", "/api/admin/promos", Some(&marketing), None)
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
        .call_promo(
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
        app.call_promo(
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
        .call_promo(
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
        app.call_promo("GET", "/api/promos", None, None).await.body["items"][0]["title"],
        "A2"
    );
    assert_eq!(
        app.call_promo(
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
        app.call_promo(
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
        app.call_promo("GET", "/api/promos", None, None).await.body["items"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

#[tokio::test]
async fn bad_promos_are_422_and_mailing_is_refused_until_it_exists() {
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
            .call_promo(
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
    let notify = json!({ "title": "x", "body": "x", "startsAt": rfc3339(now), "endsAt": rfc3339(now + Duration::days(1)), "notify": true });
    let r = app
        .call_promo("POST", "/api/admin/promos", Some(&admin), Some(notify))
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "notify_unavailable")
    );
    assert_eq!(
        app.call_promo("GET", "/api/admin/promos", Some(&admin), None)
            .await
            .body["items"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}
