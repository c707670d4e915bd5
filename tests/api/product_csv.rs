//! The catalogue out to a spreadsheet and back: exported as CSV, edited, previewed with
//! a dry run (nothing written), applied (created and updated by SKU, the search index
//! following), applied again (nothing changes); one product per SKU, even at once.

use crate::helpers::{read, request, spawn_app, TestApp, TestResponse};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use toko::domain::{AccountStatus, Role};

impl TestApp {
    async fn import_products(&self, token: &str, csv: String, query: &str) -> TestResponse {
        let uri = format!("/api/admin/products/import{query}");
        read(
            self.handle("catalog", request("POST", &uri, Some(token), Some(csv)))
                .await,
        )
        .await
    }

    async fn export_products(&self, token: &str) -> String {
        let resp = self
            .handle(
                "catalog",
                request("GET", "/api/admin/products/export", Some(token), None),
            )
            .await;
        assert_eq!(resp.status(), StatusCode::OK);
        assert!(resp.headers()["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("text/csv"));
        String::from_utf8_lossy(resp.body().as_ref()).into_owned()
    }

    async fn product_body(&self, id: &str) -> Value {
        self.call("catalog", "GET", &format!("/api/products/{id}"), None, None)
            .await
            .body
    }
}

fn actions(r: &TestResponse) -> Vec<(String, String)> {
    r.body["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            (
                row["action"].as_str().unwrap_or("").to_owned(),
                row["changes"]
                    .as_array()
                    .map(|c| {
                        c.iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join("+")
                    })
                    .unwrap_or_default(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_catalogue_goes_out_as_csv_and_comes_back_by_sku() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let cards = app
        .call("catalog", "POST", "/api/admin/products", Some(&admin), Some(json!({ "sku": "KN-0101", "name": "Kartu nama", "category": "printing", "price": 85_000, "description": "Art carton 260 gsm" })))
        .await;
    assert_eq!(cards.status, StatusCode::CREATED, "{:?}", cards.body);
    let cards = cards.body["id"].as_str().expect("id").to_owned();
    let mouse = app.product(&admin, "Mouse", "accessories", 150_000).await;

    let exported = app.export_products(&admin).await;
    let lines: Vec<&str> = exported.lines().collect();
    assert_eq!(lines[0], "sku,id,name,category,price,description");
    assert!(
        lines.contains(
            &format!("KN-0101,{cards},Kartu nama,printing,85000,Art carton 260 gsm").as_str()
        ),
        "{exported}"
    );
    assert!(
        lines.contains(&format!(",{mouse},Mouse,accessories,150000,About Mouse").as_str()),
        "{exported}"
    );

    // Edited in a sheet: a new price, a SKU for the mouse (found by its id), a new product.
    let edited = exported
        .replace("printing,85000", "printing,90.000")
        .replace(&format!(",{mouse},"), &format!("MS-01,{mouse},"))
        + "ST-0201,,Stiker vinyl,printing,25000,Vinyl glossy\n";
    let preview = app
        .import_products(&admin, edited.clone(), "?dryRun=true")
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{:?}", preview.body);
    let mut seen = actions(&preview);
    seen.sort();
    assert_eq!(
        seen,
        [
            ("create".into(), "".into()),
            ("update".into(), "price".into()),
            ("update".into(), "sku".into())
        ]
    );
    assert_eq!(
        (
            preview.body["created"].as_i64(),
            preview.body["updated"].as_i64()
        ),
        (Some(1), Some(2))
    );
    assert_eq!(
        app.product_body(&cards).await["price"],
        85_000,
        "a dry run writes nothing"
    );

    let applied = app.import_products(&admin, edited.clone(), "").await;
    assert_eq!(applied.status, StatusCode::OK, "{:?}", applied.body);
    assert_eq!(applied.body["dryRun"], false);
    let card = app.product_body(&cards).await;
    assert_eq!(
        (card["price"].as_i64(), card["ratingCount"].as_i64()),
        (Some(90_000), Some(0))
    );
    assert_eq!(app.product_body(&mouse).await["sku"], "MS-01");
    let found = app
        .call(
            "catalog",
            "GET",
            "/api/products/search?q=stiker",
            None,
            None,
        )
        .await;
    assert_eq!(
        found.body["items"][0]["sku"], "ST-0201",
        "the new product is in the search index"
    );

    // The same file again: everything unchanged, and no second sticker.
    let again = app.import_products(&admin, edited, "").await;
    assert_eq!(
        (
            again.body["created"].as_i64(),
            again.body["updated"].as_i64(),
            again.body["unchanged"].as_i64()
        ),
        (Some(0), Some(0), Some(3))
    );
    let all = app
        .call("catalog", "GET", "/api/products?limit=50", None, None)
        .await;
    assert_eq!(all.body["items"].as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn one_product_per_sku_even_at_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let create = |sku: &str, name: &str| {
        app.call(
            "catalog",
            "POST",
            "/api/admin/products",
            Some(&admin),
            Some(json!({ "sku": sku, "name": name, "category": "printing", "price": 1000 })),
        )
    };
    let first = create("KN-1", "Kartu").await;
    assert_eq!(first.status, StatusCode::CREATED);
    let first = first.body["id"].as_str().expect("id").to_owned();
    let taken = create("kn-1", "Kartu lain").await;
    assert_eq!(
        (taken.status, taken.code()),
        (StatusCode::CONFLICT, "sku_taken"),
        "case does not make another SKU"
    );

    let racing = futures::future::join_all(
        (0..5).map(|i| create("RACE-1", if i % 2 == 0 { "A" } else { "B" })),
    )
    .await;
    let won = racing
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    assert_eq!(
        won,
        1,
        "{:?}",
        racing.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert!(racing
        .iter()
        .all(|r| r.status == StatusCode::CREATED || r.code() == "sku_taken"));

    // Renaming a SKU frees the old one; deleting a product frees its SKU.
    let second = create("KN-2", "Brosur").await.body["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let to_one = |id: String, sku: &'static str| {
        let (app, admin) = (&app, &admin);
        async move {
            let uri = format!("/api/admin/products/{id}");
            let body = json!({ "sku": sku, "name": "X", "category": "printing", "price": 1000 });
            app.call("catalog", "PUT", &uri, Some(admin), Some(body))
                .await
        }
    };
    assert_eq!(to_one(second.clone(), "KN-1").await.code(), "sku_taken");
    assert_eq!(to_one(first.clone(), "KN-9").await.status, StatusCode::OK);
    assert_eq!(to_one(second.clone(), "KN-1").await.status, StatusCode::OK);
    let r = app
        .call(
            "catalog",
            "DELETE",
            &format!("/api/admin/products/{first}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(create("KN-9", "Lagi").await.status, StatusCode::CREATED);
    // A blank SKU removes it (and frees it).
    let r = app
        .call(
            "catalog",
            "PUT",
            &format!("/api/admin/products/{second}"),
            Some(&admin),
            Some(json!({ "sku": "", "name": "X", "category": "printing", "price": 1000 })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.get("sku").is_none(), "{:?}", r.body);
    assert_eq!(
        create("KN-1", "Kartu baru").await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn bad_product_files_are_refused_line_by_line() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let cases = [
        ("sku,name,colour,price\nA,B,C,1\n", vec![1]),
        ("sku,name,category,price\nA-1,Kartu,printing,-5\nA-1,Kartu lagi,printing,5\n,Tanpa,printing,5\nB-1,Kertas,Sangat Mahal!,5\n", vec![2, 3, 4, 5]),
        ("sku,id,name,category,price\nC-1,01J00000000000000000000000,Kartu,printing,5\n", vec![2]),
    ];
    for (csv, lines) in cases {
        let r = app.import_products(&admin, csv.to_owned(), "").await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_csv"),
            "{csv}: {:?}",
            r.body
        );
        let reported: Vec<String> = r.body["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .filter_map(|e| e["field"].as_str().map(str::to_owned))
            .collect();
        assert_eq!(
            reported,
            lines
                .iter()
                .map(|l| format!("line {l}"))
                .collect::<Vec<_>>(),
            "{csv}"
        );
    }
    let r = app
        .import_products(
            &admin,
            "sku,name,category,price\n".to_owned() + &"X-1,A,printing,1\n".repeat(80_000),
            "",
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "file_too_large")
    );
    let all = app
        .call("catalog", "GET", "/api/products", None, None)
        .await;
    assert_eq!(all.body["items"], json!([]), "nothing was created");
    let (_, manager) = app.signed_in(Role::Manager, AccountStatus::Approved).await;
    assert_eq!(
        app.import_products(
            &manager,
            "sku,name,category,price\nA,B,printing,1\n".into(),
            ""
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
}
