//! The catalogue: listings by category and name with pages, and who may change it.

use crate::helpers::spawn_app;
use lambda_http::http::StatusCode;
use serde_json::json;
use toko::domain::{AccountStatus, Role};

#[tokio::test]
async fn the_catalogue_lists_newest_first_by_category_with_pages() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut printers = Vec::new();
    for i in 0..3 {
        printers.push(
            app.product(&admin, &format!("Printer {i}"), "printers", 1_000_000 + i)
                .await,
        );
        app.advance(time::Duration::seconds(1));
    }
    let mouse = app.product(&admin, "Mouse", "accessories", 150_000).await;

    let first = app
        .call(
            "catalog",
            "GET",
            "/api/products?category=printers&limit=2",
            None,
            None,
        )
        .await;
    let cursor = first.body["nextCursor"].as_str().expect("more").to_owned();
    let second = app
        .call(
            "catalog",
            "GET",
            &format!("/api/products?category=printers&limit=2&cursor={cursor}"),
            None,
            None,
        )
        .await;
    let all = app
        .call("catalog", "GET", "/api/products", None, None)
        .await;

    let listed: Vec<&str> = first.body["items"]
        .as_array()
        .into_iter()
        .chain(second.body["items"].as_array())
        .flatten()
        .map(|p| p["id"].as_str().expect("id"))
        .collect();
    let newest_first: Vec<&str> = printers.iter().rev().map(String::as_str).collect();
    assert_eq!(listed, newest_first);
    assert_eq!(all.body["items"][0]["id"], mouse.as_str());
    assert!(first.body["items"][0].get("description").is_none());
    let detail = app
        .call(
            "catalog",
            "GET",
            &format!("/api/products/{mouse}"),
            None,
            None,
        )
        .await;
    assert_eq!(detail.body["description"], "About Mouse");
    assert_eq!(detail.body["price"], 150_000);
    let by_name = app
        .call("catalog", "GET", "/api/products?sort=name", None, None)
        .await;
    let names: Vec<&str> = by_name.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Mouse", "Printer 0", "Printer 1", "Printer 2"]);
    let printers_by_name = app
        .call(
            "catalog",
            "GET",
            "/api/products?category=printers&sort=name&limit=1",
            None,
            None,
        )
        .await;
    assert_eq!(printers_by_name.body["items"][0]["name"], "Printer 0");
    assert_eq!(
        app.call("catalog", "GET", "/api/products?sort=price", None, None)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.call(
            "catalog",
            "GET",
            "/api/products?category=Bad%20Cat",
            None,
            None
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn only_admins_manage_products_and_bad_products_are_422() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let body = json!({ "name": "Laptop", "category": "computers", "price": 9_000_000 });

    assert_eq!(
        app.call(
            "catalog",
            "POST",
            "/api/admin/products",
            Some(&operator),
            Some(body.clone())
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call("catalog", "POST", "/api/admin/products", None, Some(body))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let bad = app.call("catalog", "POST", "/api/admin/products", Some(&admin), Some(json!({ "name": "", "category": "Not OK", "price": -5, "imageUrl": "javascript:alert(1)" }))).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.body["errors"].as_array().map(Vec::len),
        Some(4),
        "{:?}",
        bad.body
    );

    // Pictures only from the shop (/media/…) or its allow-list (none set here).
    for url in [
        "https://tracker.example/pixel.png",
        "/api/me",
        "//evil.example/x.png",
    ] {
        let r = app
            .call(
                "catalog",
                "POST",
                "/api/admin/products",
                Some(&admin),
                Some(json!({ "name": "Mouse", "category": "computers", "price": 90_000, "imageUrl": url })),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        assert_eq!(r.body["errors"][0]["field"], "imageUrl", "{url}");
    }

    let id = app.product(&admin, "Laptop", "computers", 9_000_000).await;
    let updated = app
        .call(
            "catalog",
            "PUT",
            &format!("/api/admin/products/{id}"),
            Some(&admin),
            Some(json!({ "name": "Laptop Pro", "category": "computers", "price": 12_000_000 })),
        )
        .await;
    assert_eq!(
        (updated.status, updated.body["price"].as_i64()),
        (StatusCode::OK, Some(12_000_000))
    );
    assert_eq!(
        app.call(
            "catalog",
            "DELETE",
            &format!("/api/admin/products/{id}"),
            Some(&admin),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.call("catalog", "GET", &format!("/api/products/{id}"), None, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(
            "catalog",
            "DELETE",
            &format!("/api/admin/products/{id}"),
            Some(&admin),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}
