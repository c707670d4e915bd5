//! The dashboard's figures equal the sums of the completed orders the test makes, over
//! several months and categories; cancelled and rejected orders count for nothing.

use crate::helpers::{cart, spawn_app};
use lambda_http::http::StatusCode;
use serde_json::json;
use time::Duration;
use toko::domain::month_of;
use toko::domain::{AccountStatus, Role};

#[tokio::test]
async fn figures_are_the_sums_of_completed_orders_by_category_and_month() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let cards = app.product(&admin, "Kartu nama", "printing", 85_000).await;
    let mouse = app.product(&admin, "Mouse", "accessories", 150_000).await;
    let (ani, ani_token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let (budi, budi_token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let first_month = month_of(app.clock_now());

    // Month 1: Ani 2 boxes of cards + 1 mouse; Budi 1 box of cards. One cancelled, one rejected.
    let mut both = cart(&cards, 2);
    both["items"]
        .as_array_mut()
        .expect("items")
        .push(json!({ "productId": mouse, "quantity": 1 }));
    let placed = app.place_order(&ani_token, &both, None).await;
    assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);
    let ani_order = placed.body["id"].as_str().expect("id").to_owned();
    for step in [json!({ "decision": "accept" })] {
        app.call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{ani_order}/confirm"),
            Some(&admin),
            Some(step),
        )
        .await;
    }
    for step in [
        json!({ "status": "paid" }),
        json!({ "status": "in_production" }),
        json!({ "status": "shipped", "trackingNumber": "T-1" }),
        json!({ "status": "completed" }),
    ] {
        let r = app
            .call(
                "confirm",
                "POST",
                &format!("/api/admin/orders/{ani_order}/status"),
                Some(&admin),
                Some(step),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }
    app.completed_order(&admin, &budi_token, &cards).await;
    let cancelled = app
        .place_order(&budi_token, &cart(&mouse, 5), None)
        .await
        .body["id"]
        .as_str()
        .expect("id")
        .to_owned();
    app.call(
        "order",
        "POST",
        &format!("/api/orders/{cancelled}/cancel"),
        Some(&budi_token),
        None,
    )
    .await;
    let rejected = app
        .place_order(&ani_token, &cart(&mouse, 7), None)
        .await
        .body["id"]
        .as_str()
        .expect("id")
        .to_owned();
    app.call(
        "confirm",
        "POST",
        &format!("/api/admin/orders/{rejected}/confirm"),
        Some(&admin),
        Some(json!({ "decision": "reject" })),
    )
    .await;

    // Month 2 (40 days later): Budi 1 mouse.
    app.advance(Duration::days(40));
    let admin = app.admin_token().await;
    let budi_token = app.sign_in_again(&budi).await;
    app.completed_order(&admin, &budi_token, &mouse).await;
    let second_month = month_of(app.clock_now());
    let (_, manager) = app.signed_in(Role::Manager, AccountStatus::Approved).await;

    let (r, _) = app
        .call_analytics(
            &format!("/api/admin/analytics?from={first_month}&to={second_month}"),
            Some(&manager),
        )
        .await;

    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let rows = r.body["salesByCategoryByMonth"].as_array().expect("rows");
    let find = |month: &str, category: &str| {
        rows.iter()
            .find(|x| x["month"] == month && x["category"] == category)
            .map(|x| {
                (
                    x["units"].as_i64().unwrap_or(0),
                    x["revenue"].as_i64().unwrap_or(0),
                )
            })
    };
    assert_eq!(find(&first_month, "printing"), Some((3, 3 * 85_000)));
    assert_eq!(
        find(&first_month, "accessories"),
        Some((1, 150_000)),
        "cancelled and rejected mice are not counted"
    );
    assert_eq!(find(&second_month, "accessories"), Some((1, 150_000)));
    assert_eq!(rows.len(), 3);
    let totals = &r.body["totals"];
    assert_eq!(totals["orders"], 3);
    assert_eq!(totals["revenue"], 3 * 85_000 + 2 * 150_000);
    assert_eq!(totals["shipping"], 3 * crate::helpers::SHIPPING_COST);
    let top = r.body["topCustomers"].as_array().expect("top");
    assert_eq!(top.len(), 2);
    assert_eq!(top[0]["customerId"], ani.id.as_str(), "Ani spent most");
    assert_eq!(
        top[0]["revenue"],
        2 * 85_000 + 150_000 + crate::helpers::SHIPPING_COST
    );
    assert_eq!(top[1]["orders"], 2);
    assert_eq!(top[1]["rfm"]["recency"], 5, "Budi ordered today");

    let (csv, text) = app
        .call_analytics(
            &format!("/api/admin/analytics?from={first_month}&to={second_month}&format=csv"),
            Some(&manager),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(text.starts_with("month,category,units,revenue\n"), "{text}");
    assert!(
        text.contains(&format!("{first_month},printing,3,255000")),
        "{text}"
    );

    let (list, text) = app
        .call_analytics("/api/admin/analytics?format=customers", Some(&manager))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "name,email,orders,revenue,last_order_at,recency,frequency,monetary"
    );
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[1].contains(ani.email.as_str()),
        "best customer first: {text}"
    );
}

#[tokio::test]
async fn satisfaction_comes_from_review_ratings_and_only_managers_see_the_dashboard() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Stiker", "printing", 10_000).await;
    for rating in [5, 4, 2] {
        let (_, c) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
        app.completed_order(&admin, &c, &product).await;
        let r = app
            .call(
                "review",
                "POST",
                &format!("/api/products/{product}/reviews"),
                Some(&c),
                Some(json!({ "rating": rating })),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let (_, manager) = app.signed_in(Role::Manager, AccountStatus::Approved).await;
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;

    let (r, _) = app
        .call_analytics("/api/admin/analytics", Some(&manager))
        .await;

    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["satisfaction"]["count"], 3);
    assert_eq!(r.body["satisfaction"]["average"], 3.7);
    assert_eq!(r.body["satisfaction"]["index"], 66.7);
    assert_eq!(
        app.call_analytics("/api/admin/analytics", Some(&operator))
            .await
            .0
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call_analytics("/api/admin/analytics", Some(&admin))
            .await
            .0
            .status,
        StatusCode::OK
    );
    for q in [
        "?from=2025-13",
        "?from=2026-05&to=2026-01",
        "?from=2020-01&to=2026-01",
        "?format=xml",
    ] {
        assert_eq!(
            app.call_analytics(&format!("/api/admin/analytics{q}"), Some(&manager))
                .await
                .0
                .status,
            StatusCode::BAD_REQUEST,
            "{q}"
        );
    }
}
