//! Product search against the emulator: prefixes of name and category words as typed,
//! whole description words, case and accents ignored, every word required, the
//! category filter, pages; the index follows a rename and a delete (read straight from
//! the table, not only through the filtered answer).

use crate::helpers::{spawn_app, TestApp};
use lambda_http::http::StatusCode;
use serde_json::{json, Value};
use toko::ports::{Catalog, PageRequest};

async fn create(
    app: &TestApp,
    admin: &str,
    name: &str,
    category: &str,
    description: &str,
) -> String {
    let r = app
        .call(
            "catalog",
            "POST",
            "/api/admin/products",
            Some(admin),
            Some(json!({ "name": name, "category": category, "price": 50_000, "description": description })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["id"].as_str().expect("id").to_owned()
}

async fn search(app: &TestApp, query: &str) -> Value {
    let r = app
        .call(
            "catalog",
            "GET",
            &format!("/api/products/search?{query}"),
            None,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {:?}", r.body);
    r.body
}

async fn names(app: &TestApp, q: &str) -> Vec<String> {
    let found = search(app, &format!("q={}", urlencode(q))).await;
    found["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["name"].as_str().expect("name").to_owned())
        .collect()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The products the index itself lists under `term`.
async fn indexed(app: &TestApp, term: &str) -> Vec<String> {
    let page = PageRequest {
        cursor: None,
        limit: 100,
    };
    Catalog::search(&app.store, term, &page)
        .await
        .expect("index")
        .items
        .iter()
        .map(|id| id.as_str().to_owned())
        .collect()
}

#[tokio::test]
async fn products_are_found_as_typed_and_the_index_follows_edits() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let cards = create(
        &app,
        &admin,
        "Kartu nama premium",
        "printing",
        "Art carton 260 gsm, laminasi doff.",
    )
    .await;
    create(
        &app,
        &admin,
        "Lenovo ThinkBook 14",
        "computers",
        "Laptop kerja, RAM 16 GB.",
    )
    .await;
    let sticker = create(
        &app,
        &admin,
        "Stiker vinyl",
        "printing",
        "Potong bebas, tahan air.",
    )
    .await;

    assert_eq!(
        names(&app, "kart").await,
        ["Kartu nama premium"],
        "a prefix as typed"
    );
    assert_eq!(
        names(&app, "KÁRTU").await,
        ["Kartu nama premium"],
        "case and accents"
    );
    assert_eq!(names(&app, "thinkb").await, ["Lenovo ThinkBook 14"]);
    assert_eq!(
        names(&app, "laminasi").await,
        ["Kartu nama premium"],
        "a description word"
    );
    assert!(
        names(&app, "lamin").await.is_empty(),
        "description words are whole"
    );
    assert_eq!(
        names(&app, "nama kart").await,
        ["Kartu nama premium"],
        "every word"
    );
    assert!(names(&app, "kartu vinyl").await.is_empty());
    let mut printing = names(&app, "print").await;
    printing.sort();
    assert_eq!(
        printing,
        ["Kartu nama premium", "Stiker vinyl"],
        "the category's words"
    );
    let none = search(&app, "q=print&category=computers").await;
    assert!(none["items"].as_array().expect("items").is_empty());

    // Pages: one at a time, then the rest.
    let first = search(&app, "q=print&limit=1").await;
    assert_eq!(first["items"].as_array().expect("items").len(), 1);
    let cursor = first["nextCursor"].as_str().expect("more");
    let second = search(&app, &format!("q=print&limit=1&cursor={cursor}")).await;
    assert_eq!(second["items"].as_array().expect("items").len(), 1);
    assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);

    // A word too short, or none: 400.
    let bad = app
        .call("catalog", "GET", "/api/products/search?q=x", None, None)
        .await;
    assert_eq!(
        (bad.status, bad.code()),
        (StatusCode::BAD_REQUEST, "invalid_query")
    );

    // Renamed: the old words leave the index, the new ones come in; a price change
    // touches no term.
    let renamed = app
        .call(
            "catalog",
            "PUT",
            &format!("/api/admin/products/{cards}"),
            Some(&admin),
            Some(json!({ "name": "Kartu undangan", "category": "printing", "price": 60_000, "description": "Art carton 260 gsm, laminasi doff." })),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{:?}", renamed.body);
    assert!(!indexed(&app, "nama").await.contains(&cards));
    assert!(indexed(&app, "undan").await.contains(&cards));
    assert!(indexed(&app, "laminasi").await.contains(&cards));
    assert_eq!(names(&app, "undangan").await, ["Kartu undangan"]);

    // Deleted: gone from every partition it was in.
    let deleted = app
        .call(
            "catalog",
            "DELETE",
            &format!("/api/admin/products/{sticker}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);
    for term in ["st", "stiker", "vinyl", "tahan", "printing"] {
        assert!(!indexed(&app, term).await.contains(&sticker), "{term}");
    }
}

#[tokio::test]
async fn categories_are_found_by_their_names_in_either_language() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    create(&app, &admin, "Kartu nama", "printing", "Art carton").await;
    create(&app, &admin, "Spanduk", "printing", "Flexi").await;
    create(&app, &admin, "Mouse", "accessories", "Wireless").await;
    let storefront = json!({ "categories": [
        { "slug": "printing", "en": "Printing", "id": "Percetakan" },
        { "slug": "accessories", "en": "Accessories", "id": "Aksesori komputer" },
    ] });
    let r = app
        .call(
            "confirm",
            "PUT",
            "/api/admin/settings/storefront",
            Some(&admin),
            Some(storefront.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let mut found = names(&app, "percetak").await;
    found.sort();
    assert_eq!(
        found,
        ["Kartu nama", "Spanduk"],
        "the Indonesian name, as typed"
    );
    assert_eq!(
        names(&app, "spanduk percetakan").await,
        ["Spanduk"],
        "a product word and a category name"
    );
    assert_eq!(names(&app, "komputer mouse").await, ["Mouse"]);
    assert!(
        names(&app, "komputer kartu").await.is_empty(),
        "every word must match"
    );
    // Renamed: found by the new name at once (names are read when searching).
    let mut renamed = storefront;
    renamed["categories"][0]["id"] = json!("Cetak digital");
    app.call(
        "confirm",
        "PUT",
        "/api/admin/settings/storefront",
        Some(&admin),
        Some(renamed),
    )
    .await;
    assert_eq!(names(&app, "digital").await.len(), 2);
    assert!(names(&app, "percetakan").await.is_empty());
}
