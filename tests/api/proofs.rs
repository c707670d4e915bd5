//! Design proofs against the emulator: staff who send proofs upload version 1 and 2
//! through presigned URLs; the customer asks for changes, then approves; production waits
//! for the approval; each step is in the order's history, the customer's inbox and mail,
//! and the staff queue. Parallel answers count once.

use crate::files::{put, PDF};
use crate::helpers::{sent_mail_to, spawn_app, TestApp, TestResponse};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use toko::domain::{AccountStatus, Role, User};

struct Shop {
    app: TestApp,
    admin: String,
    operator: String,
    customer: User,
    customer_token: String,
    order: String,
}

async fn paid_order() -> Shop {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let product = app
        .product(&admin, "Spanduk 3x1", "printing", 330_000)
        .await;
    let (customer, customer_token) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let order = app.order_of(&customer_token, &product).await;
    let shop = Shop {
        app,
        admin,
        operator,
        customer,
        customer_token,
        order,
    };
    let accepted = shop
        .staff(
            "confirm",
            "POST",
            "confirm",
            json!({ "decision": "accept" }),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    assert_eq!(shop.move_to("paid").await.status, StatusCode::OK);
    shop
}

impl Shop {
    async fn staff(&self, function: &str, method: &str, path: &str, body: Value) -> TestResponse {
        self.app
            .call(
                function,
                method,
                &format!("/api/admin/orders/{}/{path}", self.order),
                Some(&self.operator),
                Some(body),
            )
            .await
    }

    async fn move_to(&self, status: &str) -> TestResponse {
        self.staff("confirm", "POST", "status", json!({ "status": status }))
            .await
    }

    async fn start_proof(&self, token: &str, name: &str) -> TestResponse {
        let body = json!({ "name": name, "contentType": "application/pdf", "size": PDF.len(), "kind": "design_proof" });
        self.app
            .call(
                "upload",
                "POST",
                &format!("/api/orders/{}/files", self.order),
                Some(token),
                Some(body),
            )
            .await
    }

    /// The operator sends `bytes` as a proof; answers the completion.
    async fn send_proof(&self, name: &str, bytes: &[u8]) -> TestResponse {
        let started = self.start_proof(&self.operator, name).await;
        assert_eq!(started.status, StatusCode::CREATED, "{:?}", started.body);
        assert_eq!(
            put(&self.app, &started.body["upload"], bytes.to_vec()).await,
            200
        );
        let file = started.body["file"]["id"].as_str().expect("file id");
        self.app
            .call(
                "upload",
                "POST",
                &format!("/api/orders/{}/files/{file}/complete", self.order),
                Some(&self.operator),
                None,
            )
            .await
    }

    async fn answer(&self, body: Value) -> TestResponse {
        self.app
            .call(
                "upload",
                "POST",
                &format!("/api/orders/{}/proof", self.order),
                Some(&self.customer_token),
                Some(body),
            )
            .await
    }

    async fn order_view(&self) -> Value {
        let r = self
            .app
            .call(
                "order",
                "GET",
                &format!("/api/orders/{}", self.order),
                Some(&self.customer_token),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        r.body
    }
}

#[tokio::test]
async fn production_waits_until_the_customer_approves_the_latest_proof() {
    let shop = paid_order().await;

    // Only staff who send proofs may upload one.
    let by_customer = shop.start_proof(&shop.customer_token, "mine.pdf").await;
    assert_eq!(
        by_customer.status,
        StatusCode::FORBIDDEN,
        "{:?}",
        by_customer.body
    );
    let (_, marketing) = shop
        .app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    let by_marketing = shop.start_proof(&marketing, "theirs.pdf").await;
    assert_eq!(by_marketing.status, StatusCode::FORBIDDEN);

    // Version 1.
    let v1 = shop.send_proof("spanduk-v1.pdf", PDF).await;
    assert_eq!(v1.status, StatusCode::OK, "{:?}", v1.body);
    assert_eq!(v1.body["file"]["kind"], "design_proof");
    assert_eq!(v1.body["file"]["status"], "uploaded");
    let order = shop.order_view().await;
    assert_eq!(order["proof"]["version"], 1);
    assert_eq!(order["proof"]["state"], "awaiting");
    assert_eq!(order["proof"]["name"], "spanduk-v1.pdf");
    let mails = sent_mail_to(&shop.app.endpoint, shop.customer.email.as_str()).await;
    assert!(
        mails.iter().any(|m| m.subject.contains("Proof 1 of INV-")),
        "the customer is mailed: {:?}",
        mails.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    let inbox = shop
        .app
        .call_inbox("GET", "/api/messages", Some(&shop.customer_token))
        .await;
    assert!(inbox.body["items"]
        .as_array()
        .expect("messages")
        .iter()
        .any(|m| m["subject"]
            .as_str()
            .is_some_and(|s| s.starts_with("Proof 1 of"))
            && m["orderId"] == shop.order.as_str()));

    // Not into production before the approval.
    let early = shop.move_to("in_production").await;
    assert_eq!(
        (early.status, early.code()),
        (StatusCode::CONFLICT, "proof_not_approved")
    );

    // Changes need a comment; then they are asked for once.
    shop.answer(json!({ "version": 1, "decision": "changes" }))
        .await
        .assert_rejects("comment", "is required");
    let changes = shop
        .answer(json!({ "version": 1, "decision": "changes", "comment": "Logo lebih besar, warna biru tua" }))
        .await;
    assert_eq!(changes.status, StatusCode::OK, "{:?}", changes.body);
    assert_eq!(changes.body["order"]["proof"]["state"], "changes_requested");
    let twice = shop
        .answer(json!({ "version": 1, "decision": "approve" }))
        .await;
    assert_eq!(
        (twice.status, twice.code()),
        (StatusCode::CONFLICT, "proof_not_current")
    );
    let queue = shop
        .app
        .call_inbox(
            "GET",
            "/api/admin/messages?unanswered=true",
            Some(&shop.operator),
        )
        .await;
    assert!(
        queue.body["items"]
            .as_array()
            .expect("queue")
            .iter()
            .any(|m| m["body"] == "Logo lebih besar, warna biru tua"
                && m["orderId"] == shop.order.as_str()),
        "the staff queue has the customer's comment: {:?}",
        queue.body
    );

    // Version 2, approved; the old version cannot be answered any more.
    let v2 = shop.send_proof("spanduk-v2.pdf", PDF).await;
    assert_eq!(v2.status, StatusCode::OK, "{:?}", v2.body);
    let stale = shop
        .answer(json!({ "version": 1, "decision": "approve" }))
        .await;
    assert_eq!(stale.code(), "proof_not_current");
    let approved = shop
        .answer(json!({ "version": 2, "decision": "approve" }))
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.body);
    assert_eq!(approved.body["order"]["proof"]["version"], 2);
    assert_eq!(approved.body["order"]["proof"]["state"], "approved");

    assert_eq!(shop.move_to("in_production").await.status, StatusCode::OK);
    let order = shop.order_view().await;
    let marks: Vec<(u64, String)> = order["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|e| {
            let p = e.get("proof")?;
            Some((p["version"].as_u64()?, p["state"].as_str()?.to_owned()))
        })
        .collect();
    assert_eq!(
        marks,
        vec![
            (1, "awaiting".to_owned()),
            (1, "changes_requested".to_owned()),
            (2, "awaiting".to_owned()),
            (2, "approved".to_owned()),
        ]
    );
    // Both proofs stay downloadable by the customer, among the order's files.
    let files = shop
        .app
        .call(
            "upload",
            "GET",
            &format!("/api/orders/{}/files", shop.order),
            Some(&shop.customer_token),
            None,
        )
        .await;
    let proofs = files.body["items"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| f["kind"] == "design_proof")
        .count();
    assert_eq!(proofs, 2);

    // In production, no more proofs.
    let late = shop.start_proof(&shop.operator, "v3.pdf").await;
    assert_eq!(
        (late.status, late.code()),
        (StatusCode::CONFLICT, "proof_too_late")
    );
    let _ = &shop.admin;
}

#[tokio::test]
async fn parallel_answers_count_once_and_a_bad_file_is_no_proof() {
    let shop = paid_order().await;

    // Text named .pdf: rejected, and no version recorded.
    let bad = shop.send_proof("fake.pdf", b"just some text").await;
    assert_eq!(bad.status, StatusCode::OK, "{:?}", bad.body);
    assert_eq!(bad.body["file"]["status"], "rejected");
    assert!(shop.order_view().await.get("proof").is_none());
    let none = shop
        .answer(json!({ "version": 1, "decision": "approve" }))
        .await;
    assert_eq!(none.code(), "proof_not_current");

    let v1 = shop.send_proof("kartu-v1.pdf", PDF).await;
    assert_eq!(v1.status, StatusCode::OK, "{:?}", v1.body);
    let answers = [
        json!({ "version": 1, "decision": "approve" }),
        json!({ "version": 1, "decision": "changes", "comment": "Ganti font" }),
        json!({ "version": 1, "decision": "approve", "comment": "Oke" }),
        json!({ "version": 1, "decision": "changes", "comment": "Lebih terang" }),
    ];
    let results = futures::future::join_all(answers.into_iter().map(|a| shop.answer(a))).await;
    let ok = results
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    let refused = results
        .iter()
        .filter(|r| r.status == StatusCode::CONFLICT && r.code() == "proof_not_current")
        .count();
    assert_eq!(
        (ok, refused),
        (1, 3),
        "{:?}",
        results.iter().map(|r| &r.body).collect::<Vec<_>>()
    );
    let order = shop.order_view().await;
    let answered = order["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter(|e| e["proof"]["state"] != "awaiting" && e.get("proof").is_some())
        .count();
    assert_eq!(answered, 1, "one answer in the history");
}
