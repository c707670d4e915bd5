//! Quote requests against the emulator: a customer asks, an operator prices, the customer
//! accepts (a pending order at the offer's prices, shipping by city) or declines; expiry
//! by the offer's last day; the 5-pending limit on acceptance; parallel acceptances place
//! one order; who may do what.

use crate::helpers::{sent_mail_to, spawn_app, TestApp, TestResponse, SHIPPING_COST};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use toko::domain::{today, AccountStatus, Role, User};

struct Desk {
    app: TestApp,
    operator_user: User,
    operator: String,
    customer: User,
    token: String,
}

async fn desk() -> Desk {
    let app = spawn_app().await;
    let (operator_user, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let (customer, token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    Desk {
        app,
        operator_user,
        operator,
        customer,
        token,
    }
}

fn address() -> Value {
    json!({ "recipient": "Dewi", "phone": "0812 3456 789", "street": "Jl. Melati 1", "city": "Bandung", "postalCode": "40111" })
}

/// A day `days` from today (WIB), as the API writes it.
fn day(app: &TestApp, days: i64) -> String {
    (today(app.clock_now()) + time::Duration::days(days)).to_string()
}

impl Desk {
    async fn call(
        &self,
        token: &str,
        method: &str,
        uri: &str,
        body: Option<Value>,
    ) -> TestResponse {
        self.app
            .call("quotes", method, uri, Some(token), body)
            .await
    }

    async fn ask(&self, token: &str) -> TestResponse {
        let body = json!({
            "description": "Undangan pernikahan, kertas jasmine 250 gsm, cetak 2 sisi",
            "quantities": "300",
            "deadline": day(&self.app, 14),
        });
        self.call(token, "POST", "/api/quotes", Some(body)).await
    }

    async fn price(&self, id: &str, valid_days: i64) -> TestResponse {
        let body = json!({
            "lines": [
                { "description": "Undangan 300 pcs", "quantity": 1, "unitPrice": 1_350_000 },
                { "description": "Desain", "quantity": 2, "unitPrice": 150_000 },
            ],
            "validUntil": day(&self.app, valid_days),
            "note": "Harga termasuk plastik",
        });
        self.call(
            &self.operator,
            "POST",
            &format!("/api/admin/quotes/{id}/offer"),
            Some(body),
        )
        .await
    }

    async fn accept(&self, id: &str) -> TestResponse {
        self.call(
            &self.token,
            "POST",
            &format!("/api/quotes/{id}/accept"),
            Some(json!({ "shippingAddress": address(), "updatedAt": self.seen(id).await })),
        )
        .await
    }

    /// The quote's last change, as its customer sees it.
    async fn seen(&self, id: &str) -> String {
        let q = self
            .call(&self.token, "GET", &format!("/api/quotes/{id}"), None)
            .await;
        q.body["updatedAt"].as_str().unwrap_or_default().to_owned()
    }

    /// A priced quote's id.
    async fn quoted(&self) -> String {
        let asked = self.ask(&self.token).await;
        assert_eq!(asked.status, StatusCode::CREATED, "{:?}", asked.body);
        let id = asked.body["id"].as_str().expect("id").to_owned();
        let priced = self.price(&id, 7).await;
        assert_eq!(priced.status, StatusCode::OK, "{:?}", priced.body);
        id
    }
}

#[tokio::test]
async fn a_request_is_priced_then_accepted_into_a_pending_order() {
    let d = desk().await;
    let asked = d.ask(&d.token).await;
    assert_eq!(asked.status, StatusCode::CREATED, "{:?}", asked.body);
    assert_eq!(asked.body["state"], "requested");
    let id = asked.body["id"].as_str().expect("id").to_owned();

    // The staff queue has the request as the customer's message, and its list.
    let queue = d
        .app
        .call_inbox(
            "GET",
            "/api/admin/messages?unanswered=true",
            Some(&d.operator),
        )
        .await;
    assert!(queue.body["items"]
        .as_array()
        .expect("queue")
        .iter()
        .any(|m| m["subject"] == "Quote request"
            && m["body"].as_str().is_some_and(|b| b.contains("jasmine"))));
    let requested = d
        .call(
            &d.operator,
            "GET",
            "/api/admin/quotes?state=requested",
            None,
        )
        .await;
    assert!(requested.body["items"]
        .as_array()
        .expect("list")
        .iter()
        .any(|q| q["id"] == id.as_str()));

    // Bad offers are refused by path, nothing written.
    let bad = d
        .call(
            &d.operator,
            "POST",
            &format!("/api/admin/quotes/{id}/offer"),
            Some(json!({ "lines": [{ "description": "", "quantity": 0, "unitPrice": -1 }], "validUntil": "soon" })),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in [
        "lines[0].description",
        "lines[0].quantity",
        "lines[0].unitPrice",
        "validUntil",
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
    let past = d
        .call(
            &d.operator,
            "POST",
            &format!("/api/admin/quotes/{id}/offer"),
            Some(json!({ "lines": [{ "description": "x", "quantity": 1, "unitPrice": 1 }], "validUntil": day(&d.app, -1) })),
        )
        .await;
    assert_eq!(past.code(), "quote_expired");

    // Priced: the customer is told (inbox, mail) and sees the offer.
    let priced = d.price(&id, 7).await;
    assert_eq!(priced.status, StatusCode::OK, "{:?}", priced.body);
    assert_eq!(priced.body["state"], "quoted");
    assert_eq!(priced.body["offer"]["total"], 1_650_000);
    let mails = sent_mail_to(&d.app.endpoint, d.customer.email.as_str()).await;
    assert!(mails
        .iter()
        .any(|m| m.subject == "Your quote is ready" && m.body.contains("1.650.000")));
    let mine = d.call(&d.token, "GET", "/api/quotes", None).await;
    assert_eq!(mine.body["items"][0]["id"], id.as_str());
    assert_eq!(
        mine.body["items"][0]["offer"]["lines"][1]["unitPrice"],
        150_000
    );

    // Not at a price the customer did not see: their copy must be the current one.
    let unseen = d
        .call(
            &d.token,
            "POST",
            &format!("/api/quotes/{id}/accept"),
            Some(json!({ "shippingAddress": address(), "updatedAt": "2026-01-01T00:00:00Z" })),
        )
        .await;
    assert_eq!(
        (unseen.status, unseen.code()),
        (StatusCode::CONFLICT, "quote_changed")
    );

    // Accepted: a pending order at the offer's prices, shipping by the city.
    let accepted = d.accept(&id).await;
    assert_eq!(accepted.status, StatusCode::CREATED, "{:?}", accepted.body);
    assert_eq!(accepted.body["quote"]["state"], "accepted");
    let order = &accepted.body["order"];
    assert_eq!(order["status"], "pending");
    assert_eq!(order["subtotal"], 1_650_000);
    assert_eq!(order["total"], 1_650_000 + SHIPPING_COST);
    assert_eq!(order["items"][0]["name"], "Undangan 300 pcs");
    assert_eq!(accepted.body["quote"]["orderId"], order["id"]);
    let order_id = order["id"].as_str().expect("order id");
    let placed = d
        .app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{order_id}"),
            Some(&d.token),
            None,
        )
        .await;
    assert_eq!(placed.status, StatusCode::OK);
    assert_eq!(placed.body["invoiceCode"], order["invoiceCode"]);
    let me = d.app.me(Some(&d.token)).await;
    assert_eq!(me.body["pendingOrders"], 1);

    // Once accepted, nothing else.
    let again = d.accept(&id).await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "quote_not_open")
    );
    let declined = d
        .call(
            &d.token,
            "POST",
            &format!("/api/quotes/{id}/decline"),
            Some(json!({ "reason": "x", "updatedAt": d.seen(&id).await })),
        )
        .await;
    assert_eq!(declined.code(), "quote_not_open");
}

#[tokio::test]
async fn offers_expire_after_their_last_day_declines_keep_the_reason() {
    let mut d = desk().await;
    let id = d.quoted().await;
    d.app.advance(time::Duration::days(8));
    // Tokens last hours, not days: both sign in again.
    d.token = d.app.sign_in_again(&d.customer).await;
    d.operator = d.app.sign_in_again(&d.operator_user).await;
    let late = d.accept(&id).await;
    assert_eq!(
        (late.status, late.code()),
        (StatusCode::CONFLICT, "quote_expired")
    );
    let shown = d
        .call(&d.token, "GET", &format!("/api/quotes/{id}"), None)
        .await;
    assert_eq!(shown.body["state"], "expired");
    let expired = d
        .call(&d.operator, "GET", "/api/admin/quotes?state=expired", None)
        .await;
    assert!(expired.body["items"]
        .as_array()
        .expect("list")
        .iter()
        .any(|q| q["id"] == id.as_str()));
    let open = d
        .call(&d.operator, "GET", "/api/admin/quotes?state=quoted", None)
        .await;
    assert!(!open.body["items"]
        .as_array()
        .expect("list")
        .iter()
        .any(|q| q["id"] == id.as_str()));

    // Priced again, then declined with a reason that reaches the staff queue.
    assert_eq!(d.price(&id, 3).await.status, StatusCode::OK);
    d.call(
        &d.token,
        "POST",
        &format!("/api/quotes/{id}/decline"),
        Some(json!({})),
    )
    .await
    .assert_rejects("reason", "is required");
    let declined = d
        .call(
            &d.token,
            "POST",
            &format!("/api/quotes/{id}/decline"),
            Some(json!({ "reason": "Terlalu mahal untuk kami", "updatedAt": d.seen(&id).await })),
        )
        .await;
    assert_eq!(declined.status, StatusCode::OK, "{:?}", declined.body);
    assert_eq!(declined.body["state"], "declined");
    assert_eq!(declined.body["declineReason"], "Terlalu mahal untuk kami");
    let queue = d
        .app
        .call_inbox(
            "GET",
            "/api/admin/messages?unanswered=true",
            Some(&d.operator),
        )
        .await;
    assert!(queue.body["items"]
        .as_array()
        .expect("queue")
        .iter()
        .any(|m| m["body"] == "Terlalu mahal untuk kami"));
}

#[tokio::test]
async fn acceptance_respects_the_pending_limit_and_counts_once_under_parallel_requests() {
    let d = desk().await;
    // Four quotes accepted in parallel twice each: four orders, the copies refused.
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(d.quoted().await);
    }
    let tries: Vec<_> = ids
        .iter()
        .chain(ids.iter())
        .map(|id| d.accept(id))
        .collect();
    let results = futures::future::join_all(tries).await;
    let placed = results
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    assert_eq!(
        placed,
        4,
        "{:?}",
        results
            .iter()
            .map(|r| (&r.status, r.code()))
            .collect::<Vec<_>>()
    );
    assert!(results
        .iter()
        .filter(|r| r.status != StatusCode::CREATED)
        .all(|r| r.status == StatusCode::CONFLICT && r.code() == "quote_not_open"));
    // A fifth order fills the limit; the sixth quote's acceptance is refused by it.
    let fifth = d.quoted().await;
    assert_eq!(d.accept(&fifth).await.status, StatusCode::CREATED);
    let sixth = d.quoted().await;
    let refused = d.accept(&sixth).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::CONFLICT, "order_limit_reached")
    );
    let still = d
        .call(&d.token, "GET", &format!("/api/quotes/{sixth}"), None)
        .await;
    assert_eq!(still.body["state"], "quoted", "nothing half-written");
    assert_eq!(d.app.me(Some(&d.token)).await.body["pendingOrders"], 5);
}

#[tokio::test]
async fn quotes_are_their_customers_and_priced_by_staff_who_may() {
    let d = desk().await;
    let id = d.quoted().await;
    let (_, other) = d
        .app
        .signed_in(Role::Customer, AccountStatus::Approved)
        .await;
    let (_, marketing) = d
        .app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    let (_, pending) = d
        .app
        .signed_in(Role::Customer, AccountStatus::Pending)
        .await;
    assert_eq!(
        d.call(&other, "GET", &format!("/api/quotes/{id}"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(d.accept_as(&other, &id).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        d.call(&marketing, "GET", "/api/admin/quotes", None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        d.call(&d.operator, "GET", &format!("/api/quotes/{id}"), None)
            .await
            .status,
        StatusCode::OK
    );
    let not_approved = d.ask(&pending).await;
    assert_eq!(
        (not_approved.status, not_approved.code()),
        (StatusCode::FORBIDDEN, "account_not_approved")
    );
    let unknown_product = d
        .call(&d.token, "POST", "/api/quotes", Some(json!({ "description": "Stiker vinyl ukuran custom", "productId": "01ARZ3NDEKTSV4RRFFQ69G5FAV" })))
        .await;
    unknown_product.assert_rejects("productId", "is not a product of the shop");
}

impl Desk {
    async fn accept_as(&self, token: &str, id: &str) -> TestResponse {
        self.call(
            token,
            "POST",
            &format!("/api/quotes/{id}/accept"),
            Some(json!({ "shippingAddress": address(), "updatedAt": "2026-12-01T00:00:00Z" })),
        )
        .await
    }
}
