//! The staff digest of new work against the emulator: off by default; set to "each
//! time", the scheduled mailer run mails each active staff member the new work their
//! role does (operators hear of orders, marketing does not), once; nothing new, no mail;
//! two overlapping runs send one digest.

use crate::faults::{live_ses, mailer_deps};
use crate::helpers::{sent_mail_to, spawn_app, TestApp};
use lambda_http::http::StatusCode;
use serde_json::json;
use toko::domain::{AccountStatus, Role};

async fn digests_to(app: &TestApp, email: &str) -> Vec<String> {
    sent_mail_to(&app.endpoint, email)
        .await
        .iter()
        .filter(|m| m.subject.starts_with("New work at the shop"))
        .map(|m| m.subject.clone())
        .collect()
}

async fn run(app: &TestApp) -> u32 {
    let deps = mailer_deps(app, live_ses(app));
    mailer::handle(&deps, json!({})).await.expect("run").digests
}

#[tokio::test]
async fn staff_hear_of_new_work_once_and_only_of_their_own() {
    let app = spawn_app().await;
    let (_, admin) = app.signed_in(Role::Admin, AccountStatus::Approved).await;
    let (operator, _) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let (marketing, _) = app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let product = app.product(&admin, "Kartu nama", "printing", 15_000).await;

    // Off until an admin sets it: new work mails nobody.
    let off = app
        .call(
            "confirm",
            "GET",
            "/api/admin/settings/digest",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(off.body["mode"], "off");
    app.order_of(&customer, &product).await;
    assert_eq!(run(&app).await, 0);

    let set = app
        .call(
            "confirm",
            "PUT",
            "/api/admin/settings/digest",
            Some(&admin),
            Some(json!({ "mode": "each" })),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    // The first run counts what waits already: not news.
    assert_eq!(run(&app).await, 0);
    app.advance(time::Duration::minutes(5));
    // Two orders come; two overlapping runs send one digest each to the admin and the
    // operator (marketing does no order work).
    app.order_of(&customer, &product).await;
    app.order_of(&customer, &product).await;
    let (a, b) = tokio::join!(run(&app), run(&app));
    assert_eq!(
        a + b,
        2,
        "one run mailed the admin and the operator, the other nothing"
    );
    let mail = digests_to(&app, operator.email.as_str()).await;
    assert_eq!(mail, ["New work at the shop: orders to accept: 2"]);
    assert!(digests_to(&app, marketing.email.as_str()).await.is_empty());
    // Nothing new: no mail.
    app.advance(time::Duration::minutes(5));
    assert_eq!(run(&app).await, 0);
    assert_eq!(digests_to(&app, operator.email.as_str()).await.len(), 1);
    // A bad mode is refused.
    let bad = app
        .call(
            "confirm",
            "PUT",
            "/api/admin/settings/digest",
            Some(&admin),
            Some(json!({ "mode": "weekly" })),
        )
        .await;
    bad.assert_rejects("mode", "off, each or hourly");
}
