//! Reward points against the emulator: earned on completion, spent at checkout (never
//! below zero, even with parallel orders), given back on cancel and reject, adjusted by
//! staff with a reason, expired first in first out by the scheduled run.

use crate::faults::{live_ses, mailer_deps};
use crate::helpers::{cart, spawn_app, TestApp, SHIPPING_COST};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use time::Duration;
use toko::domain::{AccountStatus, Role};

async fn adjust(
    app: &TestApp,
    staff: &str,
    customer: &str,
    points: i64,
) -> crate::helpers::TestResponse {
    app.call(
        "confirm",
        "POST",
        &format!("/api/admin/customers/{customer}/points"),
        Some(staff),
        Some(json!({ "points": points, "reason": "Welcome gift" })),
    )
    .await
}

async fn balance(app: &TestApp, token: &str) -> Value {
    let r = app
        .call("account", "GET", "/api/account/points", Some(token), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body
}

fn with_points(product: &str, quantity: u64, points: u64) -> Value {
    let mut body = cart(product, quantity);
    body["points"] = json!(points);
    body
}

#[tokio::test]
async fn a_completed_order_earns_points_and_the_ledger_shows_them() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Banner", "printing", 120_000).await;
    let (_, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;

    let id = app.completed_order(&admin, &token, &product).await;

    // The default: a point per Rp 10.000 of the total (shipping included), rounded down.
    let earned = (120_000 + SHIPPING_COST) / 10_000;
    let mine = balance(&app, &token).await;
    assert_eq!(mine["balance"], earned);
    assert_eq!(mine["settings"]["earnPer"], 10_000);
    let entry = &mine["items"][0];
    assert_eq!(entry["kind"], "earned");
    assert_eq!(entry["points"], earned);
    assert_eq!(entry["orderId"], id.as_str());
    assert!(entry["expiresAt"].is_string(), "{entry:?}");
    let order = app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{id}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(order.body["pointsEarned"], earned);
}

#[tokio::test]
async fn points_pay_part_of_an_order_and_come_back_when_it_is_cancelled_or_rejected() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Stiker", "printing", 50_000).await;
    let (user, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let (_, marketing) = app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    assert_eq!(
        adjust(&app, &marketing, user.id.as_str(), 400).await.status,
        StatusCode::CREATED
    );

    // Quote: the wallet, and 300 points (Rp 30.000) off goods of Rp 100.000.
    let quote = app
        .call(
            "order",
            "POST",
            "/api/orders/quote",
            Some(&token),
            Some(with_points(&product, 2, 300)),
        )
        .await;
    assert_eq!(quote.status, StatusCode::OK, "{:?}", quote.body);
    assert_eq!(quote.body["wallet"]["balance"], 400);
    assert_eq!(quote.body["wallet"]["maxPoints"], 400); // half of Rp 100.000 is 500 points
    assert_eq!(quote.body["pointsDiscount"], 30_000);
    assert_eq!(quote.body["total"], 100_000 - 30_000 + SHIPPING_COST);
    // More than half the goods: refused in the quote, the price unchanged.
    let over = app
        .call(
            "order",
            "POST",
            "/api/orders/quote",
            Some(&token),
            Some(with_points(&product, 1, 300)),
        )
        .await;
    assert_eq!(over.body["pointsRefusal"]["code"], "points_over_limit");
    assert_eq!(over.body["total"], 50_000 + SHIPPING_COST);

    let placed = app
        .place_order(&token, &with_points(&product, 2, 300), None)
        .await;
    assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);
    assert_eq!(
        placed.body["points"],
        json!({ "points": 300, "discount": 30_000 })
    );
    assert_eq!(placed.body["total"], 100_000 - 30_000 + SHIPPING_COST);
    assert_eq!(balance(&app, &token).await["balance"], 100);
    // Placing it again with more than is left: refused with the balance.
    let broke = app
        .place_order(&token, &with_points(&product, 2, 101), None)
        .await;
    assert_eq!(broke.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(broke.code(), "points_not_enough");
    assert!(broke.is_problem());

    // Cancelled: the 300 points return, and the ledger says so.
    let id = placed.body["id"].as_str().expect("id");
    let cancelled = app
        .call(
            "order",
            "POST",
            &format!("/api/orders/{id}/cancel"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    let mine = balance(&app, &token).await;
    assert_eq!(mine["balance"], 400);
    let kinds: Vec<&str> = mine["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["reversed", "spent", "adjusted"]);

    // Rejected by the shop: the same.
    let placed = app
        .place_order(&token, &with_points(&product, 2, 200), None)
        .await;
    assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);
    assert_eq!(balance(&app, &token).await["balance"], 200);
    let id = placed.body["id"].as_str().expect("id");
    let rejected = app
        .call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{id}/confirm"),
            Some(&admin),
            Some(json!({ "decision": "reject", "note": "Out of vinyl" })),
        )
        .await;
    assert_eq!(rejected.status, StatusCode::OK, "{:?}", rejected.body);
    assert_eq!(balance(&app, &token).await["balance"], 400);
}

#[tokio::test]
async fn twenty_parallel_checkouts_never_spend_more_than_the_balance() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Poster A2", "printing", 100_000).await;
    let (user, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    assert_eq!(
        adjust(&app, &admin, user.id.as_str(), 100).await.status,
        StatusCode::CREATED
    );

    // 100 points, 20 orders of 30 at once: exactly three get them.
    let tokens = vec![token.as_str(); 20];
    let results = app
        .place_in_parallel(&tokens, &with_points(&product, 1, 30))
        .await;
    let created = results
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    assert_eq!(
        created,
        3,
        "{:?}",
        results
            .iter()
            .map(|r| (r.status, r.code().to_owned()))
            .collect::<Vec<_>>()
    );
    for r in results.iter().filter(|r| r.status != StatusCode::CREATED) {
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
        assert_eq!(r.code(), "points_not_enough", "{:?}", r.body);
    }
    let mine = balance(&app, &token).await;
    assert_eq!(mine["balance"], 10);
    let spent = mine["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["kind"] == "spent")
        .count();
    assert_eq!(spent, 3);
}

#[tokio::test]
async fn staff_adjustments_are_audited_and_never_go_below_zero() {
    let app = spawn_app().await;
    let (user, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let (staff, marketing) = app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    let customer = user.id.as_str();

    let up = adjust(&app, &marketing, customer, 250).await;
    assert_eq!(up.status, StatusCode::CREATED, "{:?}", up.body);
    assert_eq!(up.body["balance"], 250);
    let down = adjust(&app, &marketing, customer, -251).await;
    assert_eq!(down.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(down.code(), "points_not_enough");
    let down = adjust(&app, &marketing, customer, -50).await;
    assert_eq!(down.body["balance"], 200);

    // Bad input: fractional, zero, huge, no reason; someone who is not a customer.
    for points in [json!(1.5), json!(0), json!(2_000_000), json!("10")] {
        let r = app
            .call(
                "confirm",
                "POST",
                &format!("/api/admin/customers/{customer}/points"),
                Some(&marketing),
                Some(json!({ "points": points, "reason": "x" })),
            )
            .await;
        r.assert_rejects("points", &format!("{points}"));
    }
    let r = app
        .call(
            "confirm",
            "POST",
            &format!("/api/admin/customers/{customer}/points"),
            Some(&marketing),
            Some(json!({ "points": 5 })),
        )
        .await;
    r.assert_rejects("reason", "no reason");
    let r = adjust(&app, &marketing, staff.id.as_str(), 5).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The ledger: who and why, for staff and the customer alike.
    let (_, manager) = app.signed_in(Role::Manager, AccountStatus::Approved).await;
    let seen = app
        .call(
            "confirm",
            "GET",
            &format!("/api/admin/customers/{customer}/points"),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(seen.status, StatusCode::OK, "{:?}", seen.body);
    assert_eq!(seen.body["balance"], 200);
    assert_eq!(seen.body["items"][0]["points"], -50);
    assert_eq!(seen.body["items"][0]["reason"], "Welcome gift");
    assert_eq!(seen.body["items"][0]["byId"], staff.id.as_str());
    assert_eq!(balance(&app, &token).await["items"][1]["points"], 250);
}

#[tokio::test]
async fn points_expire_first_in_first_out_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let settings = app
        .call("confirm", "PUT", "/api/admin/settings/points", Some(&admin), Some(json!({ "earnPer": 10_000, "pointValue": 100, "maxSharePercent": 50, "expiryMonths": 1 })))
        .await;
    assert_eq!(settings.status, StatusCode::OK, "{:?}", settings.body);
    let product = app.product(&admin, "Kalender", "printing", 100_000).await;
    let (user, _) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let customer = user.id.as_str();
    // 100 now, 50 two weeks later; 120 spent: the first lot is used up, 30 of the second left.
    assert_eq!(
        adjust(&app, &admin, customer, 100).await.status,
        StatusCode::CREATED
    );
    app.advance(Duration::days(14));
    let admin = app.admin_token().await;
    assert_eq!(
        adjust(&app, &admin, customer, 50).await.status,
        StatusCode::CREATED
    );
    let token = app.sign_in_again(&user).await;
    let placed = app
        .place_order(&token, &with_points(&product, 3, 120), None)
        .await;
    assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);

    let deps = mailer_deps(&app, live_ses(&app));
    let run = |deps| async move {
        mailer::handle(deps, json!({}))
            .await
            .expect("run")
            .points_expired
    };
    assert_eq!(run(&deps).await, 0, "nothing is due yet");
    app.advance(Duration::days(20)); // the first lot is past its month
    assert_eq!(run(&deps).await, 0, "the first lot was spent");
    assert_eq!(
        balance(&app, &app.sign_in_again(&user).await).await["balance"],
        30
    );
    app.advance(Duration::days(20)); // and the second
    assert_eq!(run(&deps).await, 30);
    assert_eq!(run(&deps).await, 0, "each lot expires once");
    let mine = balance(&app, &app.sign_in_again(&user).await).await;
    assert_eq!(mine["balance"], 0);
    assert_eq!(mine["items"][0]["kind"], "expired");
    assert_eq!(mine["items"][0]["points"], -30);
}

#[tokio::test]
async fn bad_point_amounts_are_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Brosur", "printing", 10_000).await;
    let (_, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    for points in [
        json!(-1),
        json!(1.5),
        json!(1_000_001),
        json!("5"),
        json!(true),
    ] {
        let mut body = cart(&product, 1);
        body["points"] = points.clone();
        app.place_order(&token, &body, None)
            .await
            .assert_rejects("points", &format!("place {points}"));
        app.call(
            "order",
            "POST",
            "/api/orders/quote",
            Some(&token),
            Some(body),
        )
        .await
        .assert_rejects("points", &format!("quote {points}"));
    }
    // A guest asking for points: the quote says there are none.
    let guest = app
        .call(
            "order",
            "POST",
            "/api/orders/quote",
            None,
            Some(with_points(&product, 1, 5)),
        )
        .await;
    assert_eq!(guest.status, StatusCode::OK);
    assert_eq!(guest.body["pointsRefusal"]["code"], "points_not_enough");
    let bad = app
        .call("confirm", "PUT", "/api/admin/settings/points", Some(&admin), Some(json!({ "earnPer": -1, "pointValue": 0.5, "maxSharePercent": 101, "expiryMonths": 1 })))
        .await;
    for field in ["earnPer", "pointValue", "maxSharePercent"] {
        bad.assert_rejects(field, field);
    }
}
