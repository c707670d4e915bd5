use crate::helpers::{cart, spawn_app};
use lambda_http::http::StatusCode;
use serde_json::json;
use toko::domain::{AccountStatus, Role};

#[tokio::test]
async fn only_a_completed_purchase_may_be_reviewed_and_only_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Stempel", "printing", 120_000).await;
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let uri = format!("/api/products/{product}/reviews");
    let body = json!({ "rating": 5, "comment": "Rapi dan cepat.\nTerima kasih!" });

    let never_bought = app
        .call("review", "POST", &uri, Some(&customer), Some(body.clone()))
        .await;
    app.place_order(&customer, &cart(&product, 1), None).await;
    let only_pending = app
        .call("review", "POST", &uri, Some(&customer), Some(body.clone()))
        .await;
    assert_eq!(
        (never_bought.status, never_bought.code()),
        (StatusCode::FORBIDDEN, "not_purchased")
    );
    assert_eq!(only_pending.code(), "not_purchased");

    app.completed_order(&admin, &customer, &product).await;
    let (first, second) = tokio::join!(
        app.call("review", "POST", &uri, Some(&customer), Some(body.clone())),
        app.call(
            "review",
            "POST",
            &uri,
            Some(&customer),
            Some(json!({ "rating": 1 }))
        ),
    );

    let mut statuses = [first.status, second.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
    let again = app
        .call("review", "POST", &uri, Some(&customer), Some(body))
        .await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "already_reviewed")
    );
    let listed = app.call("review", "GET", &uri, None, None).await;
    assert_eq!(listed.body["ratingCount"], 1);
    assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        listed.body["items"][0]["authorName"], "Test",
        "first name only"
    );
}

#[tokio::test]
async fn the_rating_average_is_right_after_concurrent_reviews() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app
        .product(&admin, "Kalender meja", "printing", 35_000)
        .await;
    let mut customers = Vec::new();
    for _ in 0..5 {
        let (_, c) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
        app.completed_order(&admin, &c, &product).await;
        customers.push(c);
    }
    let uri = format!("/api/products/{product}/reviews");
    // Meanwhile an admin edits the product: the counters must survive.
    let product_uri = format!("/api/admin/products/{product}");
    let edit = app.call(
        "catalog",
        "PUT",
        &product_uri,
        Some(&admin),
        Some(json!({ "name": "Kalender meja 2027", "category": "printing", "price": 36_000 })),
    );

    let (results, edited) = tokio::join!(
        futures::future::join_all(customers.iter().zip([5, 4, 4, 3, 1]).map(|(c, r)| {
            app.call(
                "review",
                "POST",
                &uri,
                Some(c),
                Some(json!({ "rating": r })),
            )
        })),
        edit
    );

    assert_eq!(edited.status, StatusCode::OK);
    assert!(results.iter().all(|r| r.status == StatusCode::CREATED));
    let detail = app
        .call(
            "catalog",
            "GET",
            &format!("/api/products/{product}"),
            None,
            None,
        )
        .await;
    assert_eq!(detail.body["ratingCount"], 5);
    assert_eq!(detail.body["ratingAverage"], 3.4);
    assert_eq!(detail.body["name"], "Kalender meja 2027");
}

#[tokio::test]
async fn bad_reviews_are_422_and_unknown_products_404() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Map", "printing", 10_000).await;
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    app.completed_order(&admin, &customer, &product).await;
    let uri = format!("/api/products/{product}/reviews");

    for body in [
        json!({ "rating": 0 }),
        json!({ "rating": 6 }),
        json!({ "rating": "5" }),
        json!({}),
        json!({ "rating": 4, "comment": "x".repeat(2001) }),
    ] {
        let r = app
            .call("review", "POST", &uri, Some(&customer), Some(body.clone()))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let unknown = format!(
        "/api/products/{}/reviews",
        toko::domain::ProductId::generate()
    );
    assert_eq!(
        app.call("review", "GET", &unknown, None, None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(
            "review",
            "POST",
            &uri,
            Some(&admin),
            Some(json!({ "rating": 5 }))
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call("review", "POST", &uri, None, Some(json!({ "rating": 5 })))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}
