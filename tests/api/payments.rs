//! Paying by transfer: the shop's accounts and window (admin), what an accepted order
//! asks (the total plus a code, the accounts, the deadline) on its page and in the mail,
//! the "order received" mail, one reminder before the deadline, and "overdue" after it.

use crate::faults::{live_ses, mailer_deps};
use crate::helpers::{cart, sent_mail_to, spawn_app, SHIPPING_COST};
use lambda_http::http::StatusCode;
use serde_json::json;
use time::Duration;
use toko::domain::{parse_rfc3339, AccountStatus, OrderId, Role};
use toko::mail::Mail;
use toko::ports::{HeldMail, Outbox, PortError};

#[tokio::test]
async fn payment_settings_are_checked_and_admin_only() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let url = "/api/admin/settings/payment";
    let defaults = app.call("confirm", "GET", url, Some(&admin), None).await;
    assert_eq!(defaults.body, json!({ "accounts": [], "windowHours": 48 }));
    let account = |number: &str| json!({ "bank": "BCA", "number": number, "holder": "CV XYZ" });
    for (body, field) in [
        (
            json!({ "accounts": [account("12ab")], "windowHours": 24 }),
            "accounts[0].number",
        ),
        (
            json!({ "accounts": [{ "bank": "", "number": "1234567", "holder": "x" }], "windowHours": 24 }),
            "accounts[0].bank",
        ),
        (
            json!({ "accounts": vec![account("1234567"); 6], "windowHours": 24 }),
            "accounts",
        ),
        (json!({ "accounts": [], "windowHours": 0 }), "windowHours"),
        (json!({ "accounts": [], "windowHours": 1.5 }), "windowHours"),
        (json!({ "windowHours": 24 }), "accounts"),
    ] {
        app.call("confirm", "PUT", url, Some(&admin), Some(body.clone()))
            .await
            .assert_rejects(field, &body.to_string());
    }
    let body = json!({ "accounts": [account("123 456 7890")], "windowHours": 24 });
    let denied = app
        .call("confirm", "PUT", url, Some(&operator), Some(body.clone()))
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let saved = app
        .call("confirm", "PUT", url, Some(&admin), Some(body.clone()))
        .await;
    assert_eq!((saved.status, &saved.body), (StatusCode::OK, &body));
    assert_eq!(
        app.call("confirm", "GET", url, Some(&admin), None)
            .await
            .body,
        body
    );
}

#[tokio::test]
async fn an_accepted_order_says_what_to_pay_where_and_by_when_and_reminds_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let settings = json!({
        "accounts": [
            { "bank": "BCA", "number": "123 456 7890", "holder": "CV XYZ" },
            { "bank": "Mandiri", "number": "137-00-1234567-8", "holder": "CV XYZ" }
        ],
        "windowHours": 24
    });
    let r = app
        .call(
            "confirm",
            "PUT",
            "/api/admin/settings/payment",
            Some(&admin),
            Some(settings.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let product = app.product(&admin, "Banner", "printing", 165_000).await;
    let (customer, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let (_, other) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let email = customer.email.as_str().to_owned();

    // Placing: the "order received" mail.
    let placed = app.place_order(&token, &cart(&product, 1), None).await;
    let id = placed.body["id"].as_str().expect("id").to_owned();
    let invoice = placed.body["invoiceCode"]
        .as_str()
        .expect("invoice")
        .to_owned();
    let mails = sent_mail_to(&app.endpoint, &email).await;
    assert!(
        mails
            .iter()
            .any(|m| m.subject == format!("Order {invoice} received")),
        "{:?}",
        mails.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );

    // Accepting: the total plus a code of 1 to 999, the accounts, the deadline.
    let accept = |id: String| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.call(
                "confirm",
                "POST",
                &format!("/api/admin/orders/{id}/confirm"),
                Some(&admin),
                Some(json!({ "decision": "accept" })),
            )
            .await
        }
    };
    let accepted = accept(id.clone()).await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    let payment = accepted.body["payment"].clone();
    let total = 165_000 + SHIPPING_COST;
    let code = payment["uniqueCode"].as_i64().expect("code");
    assert!((1..=999).contains(&code));
    assert_eq!(payment["amount"], total + code);
    assert_eq!(payment["accounts"], settings["accounts"]);
    let due = parse_rfc3339(payment["dueAt"].as_str().expect("due")).expect("time");
    let expected = app.clock_now() + Duration::hours(24);
    assert!(
        (due - expected).abs() < Duration::seconds(1),
        "{due} vs {expected}"
    );
    let seen = app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{id}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(
        seen.body["payment"], payment,
        "the customer's order page has it"
    );
    let second = app.order_of(&other, &product).await;
    let second = accept(second).await;
    assert_ne!(second.body["payment"]["uniqueCode"], code, "codes differ");

    let mails = sent_mail_to(&app.endpoint, &email).await;
    let mail = mails
        .iter()
        .find(|m| m.subject == format!("Order {invoice} accepted"))
        .expect("acceptance mail");
    let amount = toko::mail::rupiah(total + code);
    assert!(
        mail.body
            .contains(&format!("Please transfer exactly {amount} by ")),
        "{}",
        mail.body
    );
    assert!(mail.body.contains(" WIB."), "{}", mail.body);
    assert!(
        mail.body
            .contains("BCA 123 456 7890 (account holder: CV XYZ)"),
        "{}",
        mail.body
    );

    // Not yet: no reminder. Six hours before the deadline: one reminder, once.
    let deps = mailer_deps(&app, live_ses(&app));
    assert_eq!(
        mailer::handle(&deps, json!({}))
            .await
            .expect("run")
            .reminded,
        0
    );
    app.advance(Duration::hours(18));
    assert_eq!(
        mailer::handle(&deps, json!({}))
            .await
            .expect("run")
            .reminded,
        2
    );
    assert_eq!(
        mailer::handle(&deps, json!({}))
            .await
            .expect("run")
            .reminded,
        0
    );
    let reminders: Vec<_> = sent_mail_to(&app.endpoint, &email)
        .await
        .into_iter()
        .filter(|m| {
            m.subject
                .starts_with(&format!("Reminder: payment for {invoice} is due"))
        })
        .collect();
    assert_eq!(reminders.len(), 1);
    assert!(reminders[0].body.contains(&amount));

    // After the deadline the staff queue flags it; staff decide.
    app.advance(Duration::hours(7));
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let queue = app
        .call(
            "confirm",
            "GET",
            "/api/admin/orders?status=accepted",
            Some(&operator),
            None,
        )
        .await;
    let row = queue.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|o| o["id"] == id.as_str())
        .expect("in the queue")
        .clone();
    assert_eq!(row["paymentOverdue"], true);
}

/// The reminder claim against DynamoDB: one run holds it, the same run claiming again
/// (an SDK retry of a write whose answer was lost) still holds it, and a run that could
/// neither send nor keep the mail gives it back for the next run.
#[tokio::test]
async fn a_reminder_claim_belongs_to_one_run_and_can_be_given_back() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Banner", "printing", 165_000).await;
    let (_, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let id = app.order_of(&token, &product).await;
    let orders = mailer_deps(&app, live_ses(&app)).orders;
    let order = OrderId::parse(&id).expect("order id");
    assert!(
        !orders
            .claim_payment_reminder(&order, "run-a")
            .await
            .expect("claim"),
        "a pending order has no reminder"
    );
    let accepted = app.accept(&admin, &id).await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    let claim = |run: &'static str| {
        let (orders, order) = (orders.clone(), order.clone());
        async move {
            orders
                .claim_payment_reminder(&order, run)
                .await
                .expect("claim")
        }
    };
    assert!(claim("run-a").await);
    assert!(claim("run-a").await, "the same run's retry still holds it");
    assert!(!claim("run-b").await, "another run does not");
    orders
        .release_payment_reminder(&order, "run-b")
        .await
        .expect("release");
    assert!(!claim("run-b").await, "only the holder gives it back");
    orders
        .release_payment_reminder(&order, "run-a")
        .await
        .expect("release");
    assert!(claim("run-b").await, "given back, the next run takes it");
}

/// A reminder whose mail can be neither sent (SES down) nor kept in the outbox
/// (DynamoDB refusing the outbox write) is given back, and the next run sends it.
#[tokio::test]
async fn a_reminder_neither_sent_nor_kept_is_sent_by_the_next_run() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let r = app
        .call(
            "confirm",
            "PUT",
            "/api/admin/settings/payment",
            Some(&admin),
            Some(json!({
                "accounts": [{ "bank": "BCA", "number": "123 456 7890", "holder": "CV XYZ" }],
                "windowHours": 24
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let product = app.product(&admin, "Banner", "printing", 165_000).await;
    let (customer, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let id = app.order_of(&token, &product).await;
    assert_eq!(app.accept(&admin, &id).await.status, StatusCode::OK);
    app.advance(Duration::hours(18));

    let mut broken = mailer_deps(&app, crate::faults::dead_ses().await);
    broken.outbox = std::sync::Arc::new(RefusesToHold(broken.outbox.clone()));
    let run = mailer::handle(&broken, json!({})).await.expect("run");
    assert_eq!(run.reminded, 0, "neither sent nor kept");

    let deps = mailer_deps(&app, live_ses(&app));
    let run = mailer::handle(&deps, json!({})).await.expect("run");
    assert_eq!(run.reminded, 1, "given back, so the next run sends it");
    let reminders = sent_mail_to(&app.endpoint, customer.email.as_str())
        .await
        .into_iter()
        .filter(|m| m.subject.starts_with("Reminder: payment for"))
        .count();
    assert_eq!(reminders, 1);
}

/// The outbox as stored, except that it cannot keep a mail.
struct RefusesToHold(std::sync::Arc<dyn Outbox>);

#[async_trait::async_trait]
impl Outbox for RefusesToHold {
    async fn hold(&self, _: &Mail, _: time::OffsetDateTime) -> Result<(), PortError> {
        Err(PortError::unavailable("the outbox is down"))
    }
    async fn due(&self, now: time::OffsetDateTime, limit: u32) -> Result<Vec<HeldMail>, PortError> {
        self.0.due(now, limit).await
    }
    async fn sent(&self, held: &HeldMail) -> Result<(), PortError> {
        self.0.sent(held).await
    }
    async fn failed(
        &self,
        held: &HeldMail,
        next: Option<time::OffsetDateTime>,
    ) -> Result<(), PortError> {
        self.0.failed(held, next).await
    }
}
