//! Re-pricing on acceptance against the emulator: an admin accepts at a changed price
//! with a fee and a reason; the order waits for its customer, who is told (inbox, mail)
//! and agrees — accepted, paying the new total with its code, the window from then — or
//! cancels; an agreement and a cancellation racing count once.

use crate::helpers::{sent_mail_to, spawn_app, TestApp, TestResponse, SHIPPING_COST};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use toko::domain::{AccountStatus, Role, User};

struct Shop {
    app: TestApp,
    admin: String,
    customer: User,
    token: String,
    order: String,
}

async fn pending_order() -> Shop {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app
        .product(&admin, "Kalender meja", "printing", 40_000)
        .await;
    let (customer, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let placed = app
        .place_order(&token, &crate::helpers::cart(&product, 10), None)
        .await;
    assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);
    let order = placed.body["id"].as_str().expect("order").to_owned();
    Shop {
        app,
        admin,
        customer,
        token,
        order,
    }
}

fn change() -> Value {
    json!({
        "lines": [{ "index": 0, "unitPrice": 45_000 }],
        "fees": [{ "label": "Rush (2 days)", "amount": 60_000 }],
        "reason": "Art carton naik harga; pesanan kilat",
    })
}

impl Shop {
    async fn reprice(&self, token: &str, body: Value) -> TestResponse {
        self.app
            .call(
                "confirm",
                "POST",
                &format!("/api/admin/orders/{}/reprice", self.order),
                Some(token),
                Some(body),
            )
            .await
    }

    async fn customer_says(&self, what: &str) -> TestResponse {
        self.app
            .call(
                "order",
                "POST",
                &format!("/api/orders/{}/{what}", self.order),
                Some(&self.token),
                None,
            )
            .await
    }
}

#[tokio::test]
async fn the_customer_sees_the_new_total_and_agrees_before_paying() {
    let s = pending_order().await;
    let (_, operator) = s
        .app
        .signed_in(Role::Operator, AccountStatus::Approved)
        .await;
    assert_eq!(
        s.reprice(&operator, change()).await.status,
        StatusCode::FORBIDDEN
    );
    let bad = s
        .reprice(&s.admin, json!({ "lines": [{ "index": 4, "unitPrice": 0 }], "fees": [{ "label": "" , "amount": 5 }] }))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in [
        "lines[0].index",
        "lines[0].unitPrice",
        "fees[0].label",
        "reason",
    ] {
        assert!(
            bad.body["errors"]
                .as_array()
                .expect("errors")
                .iter()
                .any(|e| e["field"] == field),
            "{field}: {:?}",
            bad.body
        );
    }
    // Too early to agree: nothing was re-priced.
    let early = s.customer_says("agree").await;
    assert_eq!(
        (early.status, early.code()),
        (StatusCode::CONFLICT, "invalid_transition")
    );

    let repriced = s.reprice(&s.admin, change()).await;
    assert_eq!(repriced.status, StatusCode::OK, "{:?}", repriced.body);
    assert_eq!(repriced.body["status"], "awaiting_customer");
    // 10 × 45.000 + the 60.000 fee + shipping.
    assert_eq!(repriced.body["subtotal"], 510_000);
    assert_eq!(repriced.body["total"], 510_000 + SHIPPING_COST);
    assert_eq!(repriced.body["items"][1]["name"], "Rush (2 days)");
    assert_eq!(
        repriced.body["adjustment"]["totalBefore"],
        400_000 + SHIPPING_COST
    );
    assert_eq!(repriced.body["adjustment"]["lines"][0]["to"], 45_000);
    // The order no longer waits for the shop: it no longer counts to the pending limit.
    assert_eq!(s.app.me(Some(&s.token)).await.body["pendingOrders"], 0);
    let mails = sent_mail_to(&s.app.endpoint, s.customer.email.as_str()).await;
    assert!(mails
        .iter()
        .any(|m| m.subject.ends_with("at a changed price")
            && m.body
                .contains(&format!("Rp {}", fmt(510_000 + SHIPPING_COST)))
            && m.body.contains("Art carton naik harga")));
    let inbox = s
        .app
        .call_inbox("GET", "/api/messages", Some(&s.token))
        .await;
    assert!(inbox.body["items"][0]["subject"]
        .as_str()
        .is_some_and(|x| x.ends_with("at a changed price")));
    // Not twice, and staff cannot accept over the customer's head.
    assert_eq!(
        s.reprice(&s.admin, change()).await.code(),
        "invalid_transition"
    );
    let over = s
        .app
        .call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{}/confirm", s.order),
            Some(&s.admin),
            Some(json!({ "decision": "accept" })),
        )
        .await;
    assert_eq!(over.status, StatusCode::CONFLICT);

    // A day later the customer agrees: accepted, the window starts now.
    s.app.advance(time::Duration::hours(20));
    let token = s.app.sign_in_again(&s.customer).await;
    let agreed = s
        .app
        .call(
            "order",
            "POST",
            &format!("/api/orders/{}/agree", s.order),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(agreed.status, StatusCode::OK, "{:?}", agreed.body);
    assert_eq!(agreed.body["status"], "accepted");
    let pay = &agreed.body["payment"];
    let code = pay["uniqueCode"].as_i64().expect("code");
    assert_eq!(pay["amount"].as_i64(), Some(510_000 + SHIPPING_COST + code));
    let due = time::OffsetDateTime::parse(
        pay["dueAt"].as_str().expect("due"),
        &time::format_description::well_known::Rfc3339,
    )
    .expect("date");
    let window = pay["windowHours"].as_i64().expect("window");
    let expected = s.app.clock_now() + time::Duration::hours(window);
    assert!(
        (due - expected).abs() < time::Duration::seconds(1),
        "due {due}, expected {expected}"
    );
    // Staff tokens last hours too.
    let admin = s.app.admin_token().await;
    let queue = s
        .app
        .call(
            "confirm",
            "GET",
            "/api/admin/orders?status=accepted",
            Some(&admin),
            None,
        )
        .await;
    assert!(queue.body["items"]
        .as_array()
        .expect("queue")
        .iter()
        .any(|o| o["id"] == s.order.as_str()));
}

/// 1234567 → "1.234.567".
fn fmt(n: i64) -> String {
    let d = n.to_string();
    let mut out = String::new();
    for (i, c) in d.chars().enumerate() {
        if i > 0 && (d.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[tokio::test]
async fn agreeing_and_cancelling_at_once_count_once() {
    let s = pending_order().await;
    assert_eq!(s.reprice(&s.admin, change()).await.status, StatusCode::OK);
    let (agree, cancel) = tokio::join!(s.customer_says("agree"), s.customer_says("cancel"));
    let oks = [&agree, &cancel]
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    assert_eq!(oks, 1, "{:?} / {:?}", agree.body, cancel.body);
    let loser = if agree.status == StatusCode::OK {
        &cancel
    } else {
        &agree
    };
    assert_eq!(loser.status, StatusCode::CONFLICT);
    let order = s
        .app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{}", s.order),
            Some(&s.token),
            None,
        )
        .await;
    let status = order.body["status"].as_str().expect("status");
    assert!(status == "accepted" || status == "cancelled");
    assert_eq!(s.app.me(Some(&s.token)).await.body["pendingOrders"], 0);
}

#[tokio::test]
async fn a_repriced_order_can_be_cancelled_instead() {
    let s = pending_order().await;
    assert_eq!(s.reprice(&s.admin, change()).await.status, StatusCode::OK);
    let cancelled = s.customer_says("cancel").await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    assert_eq!(cancelled.body["status"], "cancelled");
    assert_eq!(s.customer_says("agree").await.code(), "invalid_transition");
}
