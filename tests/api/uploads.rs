//! Uploads bound to what was declared: the size, the link's window, and bytes that
//! cannot be replaced once checked. moto does not enforce presigned conditions (the signed
//! length, the expiry): there these tests prove the completion checks, which hold
//! everywhere. On LocalStack (`scripts/test.sh` runs them there too) S3 refuses such
//! bytes itself, as AWS does, and the tests prove that.

use crate::files::{put, setup, PDF};
use crate::helpers::s3_checks_presigned;
use lambda_http::http::StatusCode;

/// A PDF of `n` bytes.
fn pdf_of(n: usize) -> Vec<u8> {
    let mut b = PDF.to_vec();
    b.resize(n, b' ');
    b
}

#[tokio::test]
async fn a_file_of_another_size_than_declared_is_rejected_and_deleted() {
    let s = setup().await;
    // Declared 100 bytes, sent 21 KB (as tried by hand against the old code).
    let Some(file) = s
        .attach_over_declared("design.pdf", 100, pdf_of(21 * 1024), "design")
        .await
    else {
        // S3 refused the bytes itself; the same link takes the declared size.
        let started = s.start(&s.customer, "design.pdf", 100, "design").await;
        assert_eq!(put(&s.app, &started.body["upload"], pdf_of(100)).await, 200);
        let id = started.body["file"]["id"].as_str().expect("id");
        let done = s.complete(&s.customer, id).await;
        assert_eq!(done.body["file"]["status"], "uploaded", "{:?}", done.body);
        return;
    };
    assert_eq!(file["status"], "rejected");
    assert_eq!(file["size"], 100);
    let reason = file["reason"].as_str().expect("reason");
    assert!(reason.contains("not the 100 bytes declared"), "{reason}");
    let id = file["id"].as_str().expect("id");
    for key in [
        format!("orders/{}/{id}/file.pdf", s.order),
        format!("uploads/orders/{}/{id}/file.pdf", s.order),
    ] {
        let stored = s.app.upload.storage.head(&key).await.expect("head");
        assert!(stored.is_none(), "{key} is gone");
    }
}

#[tokio::test]
async fn completing_before_the_upload_is_409_upload_missing() {
    let s = setup().await;
    let started = s.start(&s.customer, "design.pdf", 10, "design").await;
    let id = started.body["file"]["id"].as_str().expect("id");
    let early = s.complete(&s.customer, id).await;
    assert_eq!(
        (early.status, early.code()),
        (StatusCode::CONFLICT, "upload_missing")
    );
    assert!(early.is_problem());
}

#[tokio::test]
async fn checked_bytes_cannot_be_replaced_through_the_upload_link() {
    let s = setup().await;
    let started = s
        .start(&s.customer, "design.pdf", PDF.len() as u64, "design")
        .await;
    let upload = started.body["upload"].clone();
    let id = started.body["file"]["id"].as_str().expect("id").to_owned();
    assert_eq!(put(&s.app, &upload, PDF.to_vec()).await, 200);
    let done = s.complete(&s.customer, &id).await;
    assert_eq!(done.body["file"]["status"], "uploaded", "{:?}", done.body);

    // The link is still within its window: use it again with other bytes.
    let mut evil = PDF.to_vec();
    evil[PDF.len() - 2] = b'X';
    assert_eq!(put(&s.app, &upload, evil).await, 200);
    let again = s.complete(&s.customer, &id).await;
    assert_eq!(again.body["file"]["status"], "uploaded");

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
    let url = link.body["url"].as_str().expect("url");
    s.app.iam.presigned("upload", "GET", url);
    let bytes = reqwest::get(url)
        .await
        .expect("download")
        .bytes()
        .await
        .expect("bytes");
    assert_eq!(bytes.as_ref(), PDF, "the checked bytes, not the later ones");
}

#[tokio::test]
async fn an_upload_link_lasts_ten_minutes_and_late_bytes_are_refused() {
    let s = setup().await;
    // The file was started 20 minutes ago (by the function's clock); its bytes arrive now.
    s.app.clock.advance(time::Duration::minutes(-20));
    let started = s
        .start(&s.customer, "design.pdf", PDF.len() as u64, "design")
        .await;
    let expires = started.body["upload"]["expiresAt"]
        .as_str()
        .expect("expiresAt");
    let url = started.body["upload"]["url"].as_str().expect("url");
    assert!(url.contains("X-Amz-Expires=600"), "{url}");
    assert!(!expires.is_empty());
    s.app.clock.advance(time::Duration::minutes(20));
    let id = started.body["file"]["id"].as_str().expect("id");
    let status = put(&s.app, &started.body["upload"], PDF.to_vec()).await;
    if s3_checks_presigned() {
        assert_eq!(status, 403, "S3 itself refuses an expired link");
        let done = s.complete(&s.customer, id).await;
        assert_eq!(
            (done.status, done.code()),
            (StatusCode::CONFLICT, "upload_missing")
        );
        return;
    }
    assert_eq!(status, 200, "moto does not check expiry");

    let done = s.complete(&s.customer, id).await;

    assert_eq!(done.status, StatusCode::OK);
    assert_eq!(done.body["file"]["status"], "rejected");
    let reason = done.body["file"]["reason"].as_str().expect("reason");
    assert!(reason.contains("after the upload link expired"), "{reason}");
}

#[tokio::test]
async fn the_upload_link_signs_the_declared_length() {
    let s = setup().await;
    let started = s.start(&s.customer, "design.pdf", 1234, "design").await;
    let url = started.body["upload"]["url"].as_str().expect("url");
    let signed = url
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("X-Amz-SignedHeaders="))
        .expect("signed headers");
    assert!(signed.contains("content-length"), "{signed}");
    assert!(url.contains("/uploads/orders/"), "{url}");
}

#[tokio::test]
async fn bytes_sent_as_another_type_than_signed() {
    let s = setup().await;
    let started = s
        .start(&s.customer, "design.pdf", PDF.len() as u64, "design")
        .await;
    let mut upload = started.body["upload"].clone();
    assert_eq!(upload["headers"]["content-type"], "application/pdf");
    upload["headers"]["content-type"] = "text/html".into();
    let status = put(&s.app, &upload, PDF.to_vec()).await;
    if s3_checks_presigned() {
        // The type is signed: S3 refuses it, so a link cannot store a page to be served.
        assert_eq!(status, 403);
    } else {
        assert_eq!(status, 200, "moto does not check the signature");
    }
}
