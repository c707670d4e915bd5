//! Faults: SES down when an order is decided or a message arrives (the change stands, the
//! mail waits in the outbox and the `mailer` function sends it later, once), and
//! DynamoDB failing in the middle of a placement (a quick 503, nothing half-written).

use crate::helpers::{cart, other_mail_to, spawn_app, TestApp};
use aws_sdk_dynamodb::config::interceptors::BeforeTransmitInterceptorContextMut;
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_dynamodb::error::BoxError;
use lambda_http::http::StatusCode;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use toko::adapters::dynamo::DynamoStore;
use toko::adapters::ses::SesMailer;
use toko::domain::{AccountStatus, Role};
use toko::outbox::{deliver_due, ReliableMailer, MAX_ATTEMPTS};
use toko::ports::{Clock, Outbox};

/// SES at an address where nothing listens (port 9): every send fails.
pub(crate) async fn dead_ses() -> SesMailer {
    let conf = aws_sdk_ses::config::Builder::from(&toko::aws::from_env())
        .endpoint_url("http://127.0.0.1:9")
        .build();
    SesMailer::new(aws_sdk_ses::Client::from_conf(conf), "shop@toko.example")
}

/// SES as the `mailer` function gets it (its policy, the sender, the configuration set).
pub(crate) fn live_ses(app: &TestApp) -> SesMailer {
    SesMailer::lazy(&app.sdk_for("mailer"), "shop@toko.example")
        .with_configuration_set(app.settings.ses_configuration_set())
}

/// The table as the function reaches it (behind its policy).
fn store_of(app: &TestApp, function: &'static str) -> Arc<DynamoStore> {
    Arc::new(DynamoStore::lazy(&app.sdk_for(function), app.store.table()))
}

/// The app with SES down behind the outbox, as `confirm` and `inbox` wire it.
async fn app_with_ses_down() -> TestApp {
    let mut app = spawn_app().await;
    let dead = Arc::new(dead_ses().await);
    app.confirm.mailer = Arc::new(ReliableMailer {
        send: dead.clone(),
        outbox: store_of(&app, "confirm"),
        clock: app.clock.clone(),
    });
    app.inbox.mailer = Arc::new(ReliableMailer {
        send: dead,
        outbox: store_of(&app, "inbox"),
        clock: app.clock.clone(),
    });
    app
}

pub(crate) fn mailer_deps(app: &TestApp, ses: SesMailer) -> mailer::Deps {
    mailer::Deps {
        outbox: store_of(app, "mailer"),
        orders: store_of(app, "mailer"),
        points: store_of(app, "mailer"),
        settings: store_of(app, "mailer"),
        work: store_of(app, "mailer"),
        roster: store_of(app, "mailer"),
        mailer: Arc::new(ses),
        clock: app.clock.clone(),
        site_url: crate::helpers::SITE_URL.to_owned(),
    }
}

#[tokio::test]
async fn ses_down_never_loses_the_order_decision_and_the_mail_goes_out_later_once() {
    let app = app_with_ses_down().await;
    let admin = app.admin_token().await;
    let product = app
        .product(&admin, "Stiker vinyl", "printing", 30_000)
        .await;
    let (customer, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let placed = app.place_order(&token, &cart(&product, 2), None).await;
    let id = placed.body["id"].as_str().expect("order").to_owned();
    let invoice = placed.body["invoiceCode"]
        .as_str()
        .expect("invoice")
        .to_owned();

    let started = Instant::now();
    let accepted = app
        .call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{id}/confirm"),
            Some(&admin),
            Some(json!({ "decision": "accept" })),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "SES down must not hold the answer: {:?}",
        started.elapsed()
    );

    // The decision and the inbox message stand; the mail is held, not sent.
    let order = app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{id}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(order.body["status"], "accepted");
    let inbox = app.call_inbox("GET", "/api/messages", Some(&token)).await;
    assert!(inbox.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|m| m["subject"].as_str().is_some_and(|s| s.contains(&invoice))));
    let email = customer.email.as_str().to_owned();
    assert!(other_mail_to(&app.endpoint, &email).await.is_empty());
    assert!(
        app.store
            .due(app.clock.now(), 10)
            .await
            .expect("due")
            .is_empty(),
        "not due before the first wait"
    );
    app.advance(time::Duration::minutes(6));
    let held = app.store.due(app.clock.now(), 10).await.expect("due");
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].mail.to.as_str(), email);
    assert_eq!(held[0].attempts, 1);

    // SES is back: the next run sends it, and a second run sends nothing again.
    let deps = mailer_deps(&app, live_ses(&app));
    let first = mailer::handle(&deps, json!({})).await.expect("run");
    assert_eq!((first.sent, first.retry_later, first.given_up), (1, 0, 0));
    let second = mailer::handle(&deps, json!({})).await.expect("run");
    assert_eq!(second.sent, 0);
    let mails = other_mail_to(&app.endpoint, &email).await;
    assert_eq!(mails.len(), 1, "exactly one mail");
    assert!(
        mails[0].subject.contains(&invoice),
        "{:?}",
        mails[0].subject
    );
}

#[tokio::test]
async fn ses_down_never_loses_a_customers_message_and_its_acknowledgement_goes_out_later() {
    let app = app_with_ses_down().await;
    let (customer, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let sent = app
        .call("inbox", 
            "POST",
            "/api/messages",
            Some(&token),
            Some(json!({ "kind": "complaint", "subject": "Warna pudar", "body": "Cetakan kemarin warnanya pudar." })),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
    let staff = app.admin_token().await;
    let queue = app
        .call_inbox("GET", "/api/admin/messages?unanswered=true", Some(&staff))
        .await;
    assert!(
        queue.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|m| m["subject"] == "Warna pudar"),
        "staff see the message"
    );

    app.advance(time::Duration::minutes(6));
    // The run is driven by the sample schedule event (events/schedule/mailer.json).
    let event: serde_json::Value =
        serde_json::from_str(include_str!("../../events/schedule/mailer.json")).expect("event");
    let deps = mailer_deps(&app, live_ses(&app));
    assert_eq!(mailer::handle(&deps, event).await.expect("run").sent, 1);
    let mails = other_mail_to(&app.endpoint, customer.email.as_str()).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "We received your message");
}

#[tokio::test]
async fn a_mail_ses_keeps_refusing_waits_longer_each_time_then_is_given_up() {
    let app = spawn_app().await;
    let (customer, _) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let mail = toko::mail::shop_reply(&customer, "Re: Kertas", "Bisa.", "http://shop.test");
    app.store.hold(&mail, app.clock.now()).await.expect("hold");
    let dead = dead_ses().await;
    let outbox = store_of(&app, "mailer");

    let mut waits = Vec::new();
    // `hold` counts the first failed send; each run adds one until MAX_ATTEMPTS.
    for attempt in 1..MAX_ATTEMPTS - 1 {
        let run = deliver_due(&*outbox, &dead, app.clock.now(), 25)
            .await
            .expect("run");
        assert_eq!(
            (run.sent, run.retry_later, run.given_up),
            (0, 1, 0),
            "attempt {attempt}"
        );
        assert!(
            app.store
                .due(app.clock.now(), 10)
                .await
                .expect("due")
                .is_empty(),
            "not due again at once"
        );
        let later = app.clock.now() + time::Duration::hours(7);
        let held = app.store.due(later, 10).await.expect("due");
        assert_eq!(held[0].attempts, attempt + 1);
        // Due times are kept to the second; the test clock has fractions.
        let wait = held[0].due_at - app.clock.now();
        waits.push((wait.as_seconds_f64() / 60.0).round() as i64);
        app.advance(held[0].due_at - app.clock.now());
    }
    assert_eq!(waits, [10, 20, 40, 80, 160, 320]);
    let last = deliver_due(&*outbox, &dead, app.clock.now(), 25)
        .await
        .expect("run");
    assert_eq!(last.given_up, 1);
    let far = app.clock.now() + time::Duration::days(30);
    assert!(
        app.store.due(far, 10).await.expect("due").is_empty(),
        "given up: no more tries"
    );
}

/// Sends the DynamoDB transaction (only that request) to a port where nothing listens:
/// the reads of a placement succeed, its write cannot reach the database.
#[derive(Debug)]
struct CutTransactions;

impl Intercept for CutTransactions {
    fn name(&self) -> &'static str {
        "CutTransactions"
    }

    fn modify_before_transmit(
        &self,
        ctx: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = ctx.request_mut();
        let is_transaction = request
            .headers()
            .get("x-amz-target")
            .is_some_and(|t| t.ends_with("TransactWriteItems"));
        if is_transaction {
            request.set_uri("http://127.0.0.1:9/")?;
        }
        Ok(())
    }
}

#[tokio::test]
async fn dynamodb_failing_mid_placement_answers_503_quickly_and_writes_nothing() {
    let mut app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Banner", "printing", 150_000).await;
    let (_, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let conf = aws_sdk_dynamodb::config::Builder::from(&toko::aws::from_env())
        .interceptor(CutTransactions)
        .build();
    let cut = Arc::new(DynamoStore::new(
        aws_sdk_dynamodb::Client::from_conf(conf),
        app.store.table(),
    ));
    let healthy = app.order.orders.clone();
    app.order.orders = cut;

    let started = Instant::now();
    let r = app
        .place_order(&token, &cart(&product, 1), Some("cut-1"))
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::SERVICE_UNAVAILABLE, "service_unavailable"),
        "{:?}",
        r.body
    );
    assert!(r.is_problem());
    assert!(r.headers.contains_key("retry-after"));
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "took {:?}",
        started.elapsed()
    );

    // Nothing half-written: no order, no pending count, and the same key works later.
    app.order.orders = healthy;
    let mine = app
        .call("order", "GET", "/api/orders", Some(&token), None)
        .await;
    assert_eq!(mine.body["items"].as_array().map(Vec::len), Some(0));
    assert_eq!(app.me(Some(&token)).await.body["pendingOrders"], 0);
    let again = app
        .place_order(&token, &cart(&product, 1), Some("cut-1"))
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{:?}", again.body);
    assert_eq!(app.me(Some(&token)).await.body["pendingOrders"], 1);
}

#[tokio::test]
async fn ses_down_at_checkout_still_places_the_order_and_mails_its_receipt_later() {
    let mut app = spawn_app().await;
    app.order.mailer = Arc::new(ReliableMailer {
        send: Arc::new(dead_ses().await),
        outbox: store_of(&app, "order"),
        clock: app.clock.clone(),
    });
    let admin = app.admin_token().await;
    let product = app.product(&admin, "Stiker", "printing", 30_000).await;
    let (customer, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let placed = app.place_order(&token, &cart(&product, 1), None).await;
    assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);
    let invoice = placed.body["invoiceCode"].as_str().expect("invoice");
    app.advance(time::Duration::minutes(6));
    let deps = mailer_deps(&app, live_ses(&app));
    assert_eq!(mailer::handle(&deps, json!({})).await.expect("run").sent, 1);
    let mails = crate::helpers::sent_mail_to(&app.endpoint, customer.email.as_str()).await;
    assert_eq!(
        mails.iter().map(|m| m.subject.as_str()).collect::<Vec<_>>(),
        [format!("Order {invoice} received")]
    );
}

#[tokio::test]
async fn ses_down_when_a_reset_link_is_asked_for_keeps_the_mail_for_later() {
    let mut app = spawn_app().await;
    app.login.mailer = Arc::new(ReliableMailer {
        send: Arc::new(dead_ses().await),
        outbox: store_of(&app, "login"),
        clock: app.clock.clone(),
    });
    let (_, email, _) = app.registered_customer("resetlater").await;
    let asked = app
        .call(
            "login",
            "POST",
            "/api/auth/forgot",
            None,
            Some(json!({ "email": email })),
        )
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED);
    app.advance(time::Duration::minutes(6));
    let deps = mailer_deps(&app, live_ses(&app));
    assert_eq!(mailer::handle(&deps, json!({})).await.expect("run").sent, 1);
    let mails = crate::helpers::sent_mail_to(&app.endpoint, &email).await;
    assert!(mails.iter().any(|m| m.body.contains("reset?token=")));
}

#[tokio::test]
async fn ses_down_at_registration_keeps_the_confirmation_mail_for_later() {
    let mut app = spawn_app().await;
    app.register.mailer = Arc::new(ReliableMailer {
        send: Arc::new(dead_ses().await),
        outbox: store_of(&app, "register"),
        clock: app.clock.clone(),
    });
    let (_, email, _) = app.registered_customer("verifylater").await;
    app.advance(time::Duration::minutes(6));
    let deps = mailer_deps(&app, live_ses(&app));
    assert_eq!(mailer::handle(&deps, json!({})).await.expect("run").sent, 1);
    app.verify_address(&email).await;
}

#[tokio::test]
async fn ses_down_at_a_staff_invitation_keeps_it_for_later_and_its_link_works() {
    let mut app = spawn_app().await;
    app.staff.mailer = Arc::new(ReliableMailer {
        send: Arc::new(dead_ses().await),
        outbox: store_of(&app, "staff"),
        clock: app.clock.clone(),
    });
    let admin = app.admin_token().await;
    let email = crate::helpers::unique_email("later");
    let invited = app
        .call(
            "staff",
            "POST",
            "/api/admin/staff",
            Some(&admin),
            Some(json!({ "email": email, "name": "Later Staff", "role": "manager" })),
        )
        .await;
    assert_eq!(invited.status, StatusCode::CREATED, "{:?}", invited.body);
    assert!(crate::helpers::sent_mail_to(&app.endpoint, &email)
        .await
        .is_empty());
    app.advance(time::Duration::minutes(6));
    let deps = mailer_deps(&app, live_ses(&app));
    assert_eq!(mailer::handle(&deps, json!({})).await.expect("run").sent, 1);
    let mails = crate::helpers::sent_mail_to(&app.endpoint, &email).await;
    let body = &mails.first().expect("the invitation, sent later").body;
    let at = body.find("reset?token=").expect("a link") + "reset?token=".len();
    let set = app
        .call(
            "login",
            "POST",
            "/api/auth/reset",
            None,
            Some(json!({ "token": &body[at..at + 43], "password": "joined at last" })),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
}
