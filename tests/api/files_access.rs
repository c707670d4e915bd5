//! Customer files: hostile names, other customers, and expiry of closed orders' files.

use crate::files::{setup, PDF};

use lambda_http::http::StatusCode;
use serde_json::json;
use toko::domain::{AccountStatus, Role};

#[tokio::test]
async fn hostile_names_are_sanitised_and_never_reach_the_key() {
    let s = setup().await;
    let long = format!("{}.pdf", "é".repeat(300));
    for (raw, shown) in [
        ("../../etc/passwd.pdf", "passwd.pdf".to_owned()),
        ("..\\..\\x.pdf", "x.pdf".to_owned()),
        (
            "<script>alert(1)</script>.pdf",
            "script_.pdf".to_owned(), // the "/" makes everything before it a folder
        ),
        (long.as_str(), format!("{}.pdf", "é".repeat(116))),
    ] {
        let r = s.start(&s.customer, raw, 10, "design").await;
        assert_eq!(r.status, StatusCode::CREATED, "{raw}");
        assert_eq!(r.body["file"]["name"], shown.as_str(), "{raw}");
        let url = r.body["upload"]["url"].as_str().expect("url");
        let id = r.body["file"]["id"].as_str().expect("id");
        assert!(
            url.contains(&format!("orders/{}/{id}/file.pdf", s.order)),
            "{url}"
        );
    }
}

#[tokio::test]
async fn another_customer_sees_no_files_and_cannot_add_any() {
    let s = setup().await;
    let file = s
        .attach("design.pdf", PDF.len() as u64, PDF.to_vec(), "design")
        .await;
    let id = file["id"].as_str().expect("id");
    let (_, stranger) = s
        .app
        .signed_in(Role::Customer, AccountStatus::Approved)
        .await;

    let list = s
        .app
        .call(
            "upload",
            "GET",
            &format!("/api/orders/{}/files", s.order),
            Some(&stranger),
            None,
        )
        .await;
    let get = s
        .app
        .call(
            "upload",
            "GET",
            &format!("/api/orders/{}/files/{id}", s.order),
            Some(&stranger),
            None,
        )
        .await;
    let add = s.start(&stranger, "mine.pdf", 10, "design").await;
    let complete = s.complete(&stranger, id).await;
    let staff_add = s.start(&s.admin, "staff.pdf", 10, "design").await;

    for r in [&list, &get, &add, &complete, &staff_add] {
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", r.body);
    }
    let anonymous = s
        .app
        .call(
            "upload",
            "GET",
            &format!("/api/orders/{}/files", s.order),
            None,
            None,
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn files_of_cancelled_and_rejected_orders_are_tagged_for_expiry() {
    // Cancelled by the customer (order function), rejected by the shop (confirm).
    for by_staff in [false, true] {
        closing_an_order_tags_its_files(by_staff).await;
    }
}

async fn closing_an_order_tags_its_files(by_staff: bool) {
    let s = setup().await;
    let file = s
        .attach("design.pdf", PDF.len() as u64, PDF.to_vec(), "design")
        .await;
    let key = format!(
        "orders/{}/{}/file.pdf",
        s.order,
        file["id"].as_str().expect("id")
    );
    let s3 = toko_tools::s3_client(&toko::aws::from_env());
    let bucket = s.app.files_bucket.clone();
    let tags = |key: String| {
        let (s3, bucket) = (s3.clone(), bucket.clone());
        async move {
            let out = s3
                .get_object_tagging()
                .bucket(bucket)
                .key(key)
                .send()
                .await
                .expect("tagging");
            out.tag_set()
                .iter()
                .map(|t| (t.key().to_owned(), t.value().to_owned()))
                .collect::<Vec<_>>()
        }
    };
    assert!(
        tags(key.clone()).await.is_empty(),
        "an open order's files are not tagged"
    );

    let ended = if by_staff {
        s.app
            .call(
                "confirm",
                "POST",
                &format!("/api/admin/orders/{}/confirm", s.order),
                Some(&s.admin),
                Some(json!({ "decision": "reject", "note": "Out of stock" })),
            )
            .await
    } else {
        s.app
            .call(
                "order",
                "POST",
                &format!("/api/orders/{}/cancel", s.order),
                Some(&s.customer),
                None,
            )
            .await
    };

    assert_eq!(ended.status, StatusCode::OK, "{:?}", ended.body);
    assert_eq!(
        tags(key).await,
        [("toko-order".to_owned(), "closed".to_owned())]
    );
}
