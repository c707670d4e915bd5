//! Customer files: real bytes through presigned URLs into the emulator, verification of
//! what arrived, and who may see what.

use crate::helpers::{spawn_app, TestApp, TestResponse};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use toko::domain::{AccountStatus, Role};

pub(crate) const PDF: &[u8] =
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

pub(crate) struct Setup {
    pub(crate) app: TestApp,
    pub(crate) admin: String,
    pub(crate) customer: String,
    pub(crate) order: String,
}

pub(crate) async fn setup() -> Setup {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let product = app
        .product(&admin, "Brochure A4", "printing", 750_000)
        .await;
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let order = app.order_of(&customer, &product).await;
    Setup {
        app,
        admin,
        customer,
        order,
    }
}

impl Setup {
    pub(crate) async fn start(
        &self,
        token: &str,
        name: &str,
        size: u64,
        kind: &str,
    ) -> TestResponse {
        self.app
            .call("upload", 
                "POST",
                &format!("/api/orders/{}/files", self.order),
                Some(token),
                Some(json!({ "name": name, "contentType": "application/octet-stream", "size": size, "kind": kind })),
            )
            .await
    }

    pub(crate) async fn complete(&self, token: &str, file: &str) -> TestResponse {
        self.app
            .call(
                "upload",
                "POST",
                &format!("/api/orders/{}/files/{file}/complete", self.order),
                Some(token),
                None,
            )
            .await
    }

    /// Starts, uploads the bytes for real, completes; returns the completed file.
    pub(crate) async fn attach(
        &self,
        name: &str,
        declared: u64,
        bytes: Vec<u8>,
        kind: &str,
    ) -> Value {
        let started = self.start(&self.customer, name, declared, kind).await;
        assert_eq!(started.status, StatusCode::CREATED, "{:?}", started.body);
        assert_eq!(put(&self.app, &started.body["upload"], bytes).await, 200);
        let id = started.body["file"]["id"].as_str().expect("id").to_owned();
        let done = self.complete(&self.customer, &id).await;
        assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
        done.body["file"].clone()
    }

    /// Declares `declared` bytes and sends more. An S3 that checks presigned requests
    /// (AWS; LocalStack in the tests) refuses the PUT itself (403: the signed
    /// Content-Length differs), nothing is stored, completing answers 409
    /// `upload_missing`, and this returns None. Where S3 lets it through (moto), the
    /// completion check decides: the completed file is returned.
    pub(crate) async fn attach_over_declared(
        &self,
        name: &str,
        declared: u64,
        bytes: Vec<u8>,
        kind: &str,
    ) -> Option<Value> {
        assert!(bytes.len() as u64 > declared);
        if !crate::helpers::s3_checks_presigned() {
            return Some(self.attach(name, declared, bytes, kind).await);
        }
        let started = self.start(&self.customer, name, declared, kind).await;
        assert_eq!(started.status, StatusCode::CREATED, "{:?}", started.body);
        assert_eq!(
            put(&self.app, &started.body["upload"], bytes).await,
            403,
            "S3 itself refuses bytes over the declared size"
        );
        let id = started.body["file"]["id"].as_str().expect("id");
        let done = self.complete(&self.customer, id).await;
        assert_eq!(
            (done.status, done.code()),
            (StatusCode::CONFLICT, "upload_missing")
        );
        None
    }
}

/// Uses a presigned upload the `upload` function handed out (checked against its policy).
pub(crate) async fn put(app: &TestApp, upload: &Value, bytes: Vec<u8>) -> u16 {
    let method = upload["method"].as_str().expect("method");
    app.iam
        .presigned("upload", method, upload["url"].as_str().expect("url"));
    let mut req = reqwest::Client::new()
        .request(
            upload["method"]
                .as_str()
                .expect("method")
                .parse()
                .expect("method"),
            upload["url"].as_str().expect("url"),
        )
        .body(bytes);
    for (k, v) in upload["headers"].as_object().expect("headers") {
        req = req.header(k, v.as_str().expect("value"));
    }
    req.send().await.expect("upload").status().as_u16()
}

#[tokio::test]
async fn a_design_file_goes_straight_to_storage_and_comes_back_under_its_name() {
    let s = setup().await;

    let file = s
        .attach(
            "Kartu nama désain 名片.pdf",
            PDF.len() as u64,
            PDF.to_vec(),
            "design",
        )
        .await;

    assert_eq!(file["status"], "uploaded");
    assert_eq!(file["name"], "Kartu nama désain 名片.pdf");
    assert_eq!(file["contentType"], "application/pdf");
    let id = file["id"].as_str().expect("id");
    let listed = s
        .app
        .call(
            "upload",
            "GET",
            &format!("/api/orders/{}/files", s.order),
            Some(&s.admin),
            None,
        )
        .await;
    assert_eq!(listed.body["items"][0]["id"], id, "staff see the files");
    let link = s
        .app
        .call(
            "upload",
            "GET",
            &format!("/api/orders/{}/files/{id}", s.order),
            Some(&s.admin),
            None,
        )
        .await;
    assert_eq!(link.status, StatusCode::OK);
    let url = link.body["url"].as_str().expect("url");
    s.app.iam.presigned("upload", "GET", url);
    let resp = reqwest::get(url).await.expect("download");
    let disposition = resp
        .headers()
        .get("content-disposition")
        .map(|v| v.to_str().unwrap_or("").to_owned());
    assert_eq!(resp.bytes().await.expect("bytes").as_ref(), PDF);
    let disposition = disposition.expect("content-disposition");
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition
            .contains("filename*=UTF-8''Kartu%20nama%20d%C3%A9sain%20%E5%90%8D%E7%89%87.pdf"),
        "{disposition}"
    );
    let order = s
        .app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{}", s.order),
            Some(&s.customer),
            None,
        )
        .await;
    assert_eq!(order.body["fileCount"], 1);
}

#[tokio::test]
async fn what_arrives_is_checked_and_bad_files_are_deleted() {
    let s = setup().await;

    let fake = b"MZ\x90\x00fake-exe".to_vec();
    let exe = s
        .attach("logo.png", fake.len() as u64, fake, "design")
        .await;
    assert_eq!(exe["status"], "rejected");
    assert!(
        exe["reason"].as_str().expect("reason").contains(".png"),
        "{exe}"
    );

    // Accept the order so a payment proof (10 MB limit) may be sent; send 10 MB + 1.
    s.app
        .call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{}/confirm", s.order),
            Some(&s.admin),
            Some(json!({ "decision": "accept" })),
        )
        .await;
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let proof = s
        .attach_over_declared("transfer.pdf", 1_000, big, "payment_proof")
        .await;
    let mut refused = vec![&exe];
    if let Some(proof) = &proof {
        assert_eq!(proof["status"], "rejected");
        assert!(
            proof["reason"].as_str().expect("reason").contains("larger"),
            "{proof}"
        );
        refused.push(proof);
    }

    for f in refused {
        let id = f["id"].as_str().expect("id");
        let key = format!("orders/{}/{id}/", s.order);
        for name in ["file.png", "file.pdf"] {
            for at in [format!("{key}{name}"), format!("uploads/{key}{name}")] {
                let stored = s.app.upload.storage.head(&at).await.expect("head");
                assert!(stored.is_none(), "{at} was deleted");
            }
        }
        let link = s
            .app
            .call(
                "upload",
                "GET",
                &format!("/api/orders/{}/files/{id}", s.order),
                Some(&s.customer),
                None,
            )
            .await;
        assert_eq!(
            link.status,
            StatusCode::NOT_FOUND,
            "no download of a rejected file"
        );
    }
    let order = s
        .app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{}", s.order),
            Some(&s.customer),
            None,
        )
        .await;
    assert_eq!(
        (
            order.body["fileCount"].as_i64(),
            order.body["proofToCheck"].as_bool()
        ),
        (Some(0), Some(false))
    );
}

#[tokio::test]
async fn a_payment_proof_waits_for_acceptance_then_tells_staff_and_the_customer() {
    let s = setup().await;
    let early = s
        .start(&s.customer, "transfer.jpg", 1_000, "payment_proof")
        .await;
    assert_eq!(
        (early.status, early.code()),
        (StatusCode::CONFLICT, "order_not_accepted")
    );

    s.app
        .call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{}/confirm", s.order),
            Some(&s.admin),
            Some(json!({ "decision": "accept" })),
        )
        .await;
    let unread_before = s.app.me(Some(&s.customer)).await.body["unreadMessages"]
        .as_i64()
        .expect("n");
    let proof = s
        .attach(
            "bukti transfer.pdf",
            PDF.len() as u64,
            PDF.to_vec(),
            "payment_proof",
        )
        .await;

    assert_eq!(proof["status"], "uploaded");
    let order = s
        .app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{}", s.order),
            Some(&s.admin),
            None,
        )
        .await;
    assert_eq!(
        order.body["proofToCheck"], true,
        "the console shows a proof to check"
    );
    let counts = s
        .app
        .call("confirm", "GET", "/api/admin/counts", Some(&s.admin), None)
        .await;
    assert_eq!(
        counts.body["proofsToCheck"], 1,
        "the Orders badge counts it"
    );
    assert_eq!(
        s.app.me(Some(&s.customer)).await.body["unreadMessages"].as_i64(),
        Some(unread_before + 1)
    );
    let inbox = s
        .app
        .call_inbox("GET", "/api/messages", Some(&s.customer))
        .await;
    assert!(inbox.body["items"][0]["subject"]
        .as_str()
        .expect("subject")
        .starts_with("Payment proof received"));
    // Completing again changes nothing (no second acknowledgement).
    let again = s
        .complete(&s.customer, proof["id"].as_str().expect("id"))
        .await;
    assert_eq!(again.body["file"]["status"], "uploaded");
    assert_eq!(
        s.app.me(Some(&s.customer)).await.body["unreadMessages"].as_i64(),
        Some(unread_before + 1)
    );
    // Marking the order paid clears the flag.
    s.app
        .call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{}/status", s.order),
            Some(&s.admin),
            Some(json!({ "status": "paid" })),
        )
        .await;
    let paid = s
        .app
        .call(
            "order",
            "GET",
            &format!("/api/orders/{}", s.order),
            Some(&s.admin),
            None,
        )
        .await;
    assert_eq!(paid.body["proofToCheck"], false);
}

#[tokio::test]
async fn declared_size_and_type_are_checked_first() {
    let s = setup().await;
    let cases = [
        (
            "setup.exe",
            10,
            "design",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
        ),
        (
            "noextension",
            10,
            "design",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
        ),
        (
            "",
            10,
            "design",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
        ),
        (
            "huge.psd",
            600 * 1024 * 1024,
            "design",
            StatusCode::PAYLOAD_TOO_LARGE,
            "file_too_large",
        ),
        (
            "art.zip",
            10,
            "payment_proof",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
        ),
        (
            "x.pdf",
            0,
            "design",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            "x.pdf",
            10,
            "invoice",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
    ];
    for (name, size, kind, status, code) in cases {
        let r = s.start(&s.customer, name, size, kind).await;
        assert_eq!((r.status, r.code()), (status, code), "{name} {size} {kind}");
    }
    let listed = s
        .app
        .call(
            "upload",
            "GET",
            &format!("/api/orders/{}/files", s.order),
            Some(&s.customer),
            None,
        )
        .await;
    assert_eq!(
        listed.body["items"].as_array().map(Vec::len),
        Some(0),
        "nothing recorded"
    );
}
