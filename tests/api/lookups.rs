//! Staff look-ups: orders by invoice code (as typed, any status) and customers by the
//! beginnings of their name and e-mail words (every word must match), the index
//! following a change of name and an erasure.

use crate::helpers::{cart, spawn_app};
use lambda_http::http::StatusCode;
use serde_json::json;
use toko::domain::{AccountStatus, Role};

#[tokio::test]
async fn staff_find_an_order_by_its_invoice_code() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let (_, customer) = app.signed_in(Role::Customer, AccountStatus::Approved).await;
    let cards = app.product(&admin, "Kartu nama", "printing", 85_000).await;
    let mut codes = Vec::new();
    for _ in 0..3 {
        let placed = app.place_order(&customer, &cart(&cards, 1), None).await;
        assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);
        codes.push(
            placed.body["invoiceCode"]
                .as_str()
                .expect("code")
                .to_owned(),
        );
    }
    // One of them moves on: found whatever its status.
    let first = app
        .call(
            "order",
            "GET",
            "/api/orders?limit=10",
            Some(&customer),
            None,
        )
        .await;
    let id = first.body["items"]
        .as_array()
        .expect("orders")
        .iter()
        .find(|o| o["invoiceCode"] == codes[1.min(codes.len() - 1)])
        .expect("order")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let r = app
        .call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{id}/confirm"),
            Some(&admin),
            Some(json!({ "decision": "accept" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    let find = |q: String| {
        let operator = operator.clone();
        let app = &app;
        async move {
            app.call(
                "confirm",
                "GET",
                &format!("/api/admin/orders?q={q}"),
                Some(&operator),
                None,
            )
            .await
        }
    };
    let exact = find(codes[1].to_lowercase()).await;
    assert_eq!(exact.status, StatusCode::OK, "{:?}", exact.body);
    assert_eq!(exact.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        (
            exact.body["items"][0]["invoiceCode"].as_str(),
            exact.body["items"][0]["status"].as_str()
        ),
        (Some(codes[1].as_str()), Some("accepted"))
    );
    // The day and number without the INV- and the zeros.
    let (day, number) = codes[2][4..].split_once('-').expect("code");
    let short = find(format!("{day}-{}", number.trim_start_matches('0'))).await;
    assert_eq!(short.body["items"][0]["invoiceCode"], codes[2].as_str());
    let month = find(codes[0][..10].to_owned()).await;
    let listed: Vec<&str> = month.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|o| o["invoiceCode"].as_str())
        .collect();
    assert_eq!(
        listed,
        codes.iter().map(String::as_str).collect::<Vec<_>>(),
        "a month's codes in order"
    );
    let vague = find("0003".to_owned()).await;
    assert_eq!(
        (vague.status, vague.code()),
        (StatusCode::BAD_REQUEST, "invalid_query")
    );
}

#[tokio::test]
async fn staff_find_customers_by_name_or_email_and_the_index_follows_changes() {
    let app = spawn_app().await;
    let (_, marketing) = app
        .signed_in(Role::Marketing, AccountStatus::Approved)
        .await;
    let (_, operator) = app.signed_in(Role::Operator, AccountStatus::Approved).await;
    let (id, email, password) = app.registered_customer("sekarwangi").await;
    let other = app.registered_customer("sekar.lain").await;
    let find = |q: &str| {
        let uri = format!(
            "/api/admin/customers?q={}",
            q.replace(' ', "%20").replace('@', "%40")
        );
        let marketing = marketing.clone();
        let app = &app;
        async move {
            app.call("confirm", "GET", &uri, Some(&marketing), None)
                .await
        }
    };
    let ids = |r: &crate::helpers::TestResponse| -> Vec<String> {
        r.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|c| c["id"].as_str().map(str::to_owned))
            .collect()
    };
    // A pending registration is found, by a word's beginning, by its address too.
    let r = find("sekarw").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(ids(&r), vec![id.clone()]);
    let both = find("sekar").await;
    assert_eq!(both.body["items"].as_array().map(Vec::len), Some(2));
    assert!(ids(&both).contains(&other.0));
    assert_eq!(
        ids(&find(&email).await),
        vec![id.clone()],
        "the whole address"
    );
    assert_eq!(
        ids(&find("CUSTOMER sekarwangi").await),
        vec![id.clone()],
        "every word, any case"
    );
    assert!(ids(&find("customer nobody").await).is_empty());
    let r = find("x").await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "invalid_query")
    );
    let r = app
        .call(
            "confirm",
            "GET",
            "/api/admin/customers?q=sekar",
            Some(&operator),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // A new name: found by it, no longer by the old one.
    let token = app.login(&email, &password).await.body["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let r = app
        .call(
            "account",
            "PUT",
            "/api/me",
            Some(&token),
            Some(json!({ "name": "Wulan Permata" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(ids(&find("wulan perm").await), vec![id.clone()]);
    assert!(
        ids(&find("customer sekarwangi").await).is_empty(),
        "the old name's words left the index"
    );
    assert_eq!(
        ids(&find("sekarwangi").await),
        vec![id.clone()],
        "the address still has it"
    );

    // Erased: in no partition.
    let r = app
        .call(
            "privacy",
            "POST",
            "/api/account/delete",
            Some(&token),
            Some(json!({ "password": password })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert!(ids(&find("wulan").await).is_empty());
    assert!(ids(&find("sekarwangi").await).is_empty());
}
