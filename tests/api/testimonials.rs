//! Testimonials: only customers with a completed order write one; it waits for staff;
//! approved ones are public (name shortened), hidden ones are not; a rewrite waits again
//! and staff cannot approve a text they did not read; erasure removes it.

use crate::helpers::spawn_app;
use lambda_http::http::StatusCode;
use serde_json::json;
use toko::domain::{AccountStatus, Role};

#[tokio::test]
async fn testimonials_are_moderated_before_the_home_page_shows_them() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, marketing) = app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    let (_, newcomer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let (budi, budi_token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let cards = app.product(&admin, "Kartu nama", "printing", 85_000).await;
    let body = json!({ "rating": 5, "text": "Cetakan rapi dan cepat, terima kasih!" });

    // Without a completed order: refused.
    let r = app
        .call(
            "review",
            "POST",
            "/api/testimonials",
            Some(&newcomer),
            Some(body.clone()),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::FORBIDDEN, "no_completed_order")
    );
    let r = app
        .call(
            "review",
            "POST",
            "/api/testimonials",
            Some(&budi_token),
            Some(json!({ "rating": 6, "text": "ok" })),
        )
        .await;
    r.assert_rejects("rating", "six stars");
    r.assert_rejects("text", "too short");

    app.completed_order(&admin, &budi_token, &cards).await;
    let r = app
        .call(
            "review",
            "POST",
            "/api/testimonials",
            Some(&budi_token),
            Some(body),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(
        (r.body["state"].as_str(), r.body["name"].as_str()),
        (Some("pending"), Some("Test P."))
    );
    let written = r.body["writtenAt"].as_str().expect("writtenAt").to_owned();
    let public = app
        .call("review", "GET", "/api/testimonials", None, None)
        .await;
    assert_eq!(public.body["items"], json!([]), "not shown before approval");

    let queue = app
        .call(
            "review",
            "GET",
            "/api/admin/testimonials?state=pending",
            Some(&marketing),
            None,
        )
        .await;
    assert_eq!(queue.body["items"][0]["customerId"], budi.id.as_str());
    let decide = |decision: &str, seen: &str| {
        let uri = format!("/api/admin/testimonials/{}/decide", budi.id);
        let body = json!({ "decision": decision, "writtenAt": seen });
        let marketing = marketing.clone();
        let app = &app;
        async move {
            app.call("review", "POST", &uri, Some(&marketing), Some(body))
                .await
        }
    };
    let r = decide("approve", &written).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let public = app
        .call("review", "GET", "/api/testimonials", None, None)
        .await;
    assert!(public.headers.get("etag").is_some());
    assert_eq!(
        public.body["items"][0],
        json!({ "name": "Test P.", "rating": 5, "text": "Cetakan rapi dan cepat, terima kasih!", "date": &written[..10] })
    );
    assert!(
        public.body["items"][0].get("customerId").is_none(),
        "no ids in public"
    );

    // Rewritten: back to waiting; a decision on the old text is refused.
    app.advance(time::Duration::seconds(5));
    let r = app
        .call(
            "review",
            "POST",
            "/api/testimonials",
            Some(&budi_token),
            Some(json!({ "rating": 4, "text": "Masih bagus, tapi antre lama." })),
        )
        .await;
    assert_eq!(r.body["state"], "pending");
    let rewritten = r.body["writtenAt"].as_str().expect("writtenAt").to_owned();
    assert_eq!(
        app.call("review", "GET", "/api/testimonials", None, None)
            .await
            .body["items"],
        json!([])
    );
    let r = decide("approve", &written).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::CONFLICT, "testimonial_changed")
    );
    let r = decide("hide", &rewritten).await;
    assert_eq!(r.status, StatusCode::OK);
    let mine = app
        .call(
            "review",
            "GET",
            "/api/testimonials/mine",
            Some(&budi_token),
            None,
        )
        .await;
    assert_eq!(
        (mine.body["state"].as_str(), mine.body["rating"].as_i64()),
        (Some("hidden"), Some(4))
    );
    assert_eq!(
        app.call("review", "GET", "/api/testimonials", None, None)
            .await
            .body["items"],
        json!([])
    );
    let hidden = app
        .call(
            "review",
            "GET",
            "/api/admin/testimonials?state=hidden",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(hidden.body["items"].as_array().map(Vec::len), Some(1));

    // Erasure takes it away.
    let r = app
        .call(
            "privacy",
            "POST",
            "/api/account/delete",
            Some(&budi_token),
            Some(json!({ "password": "staff password 123" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let hidden = app
        .call(
            "review",
            "GET",
            "/api/admin/testimonials?state=hidden",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(hidden.body["items"], json!([]));
}

/// Staff read a state's testimonials a page at a time, newest first: the console's
/// "Load more" follows `nextCursor` until there is none.
#[tokio::test]
async fn staff_page_through_the_testimonials_waiting() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let cards = app.product(&admin, "Kartu nama", "printing", 85_000).await;
    let mut written = Vec::new();
    for text in ["Cetakan rapi, terima kasih!", "Cepat dan ramah sekali."] {
        let (who, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
        app.completed_order(&admin, &token, &cards).await;
        let r = app
            .call(
                "review",
                "POST",
                "/api/testimonials",
                Some(&token),
                Some(json!({ "rating": 4, "text": text })),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        written.push(who.id.as_str().to_owned());
        app.advance(time::Duration::minutes(5));
    }
    let mut seen = Vec::new();
    let mut uri = "/api/admin/testimonials?state=pending&limit=1".to_owned();
    for _ in 0..3 {
        let r = app.call("review", "GET", &uri, Some(&admin), None).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        let items = r.body["items"].as_array().expect("items");
        assert!(items.len() <= 1, "{items:?}");
        seen.extend(
            items
                .iter()
                .map(|t| t["customerId"].as_str().unwrap_or("").to_owned()),
        );
        match r.body["nextCursor"].as_str() {
            Some(c) => uri = format!("/api/admin/testimonials?state=pending&limit=1&cursor={c}"),
            None => break,
        }
    }
    written.reverse();
    assert_eq!(seen, written, "both, newest first, each once");
}
