//! Privacy requests against the emulator: an erasure leaves no personal data in the
//! table or the bucket (every key pattern of the customer queried, and the whole table
//! searched for their name, address, phone and e-mail), orders stay without the person,
//! reviews stay under "a former customer", the address registers again; exports hold
//! what the shop holds; every run is recorded.

use crate::files::{put, PDF};
use crate::helpers::{spawn_app, unique_email, TestApp};
use aws_sdk_dynamodb::types::AttributeValue;
use lambda_http::http::StatusCode;
use serde_json::{json, Value};

/// A customer with everything the shop can hold about one: addresses, a completed order
/// (points, statistics, a review), a cancelled order with a design file, a message.
struct Person {
    id: String,
    email: String,
    password: String,
    token: String,
    name: String,
    completed: String,
    cancelled: String,
    file_key: String,
    product: String,
}

const STREET: &str = "Jl. Rahasia Pribadi 77";
const PHONE: &str = "0813 9876 5432";

async fn person(app: &TestApp, admin: &str, tag: &str) -> Person {
    let email = unique_email(tag);
    let password = "correct horse battery".to_owned();
    let name = format!("Zulkarnain {}", ulid::Ulid::new());
    let r = app
        .register(json!({ "email": email, "password": password, "name": name, "phone": PHONE }))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let id = r.body["customer"]["id"].as_str().expect("id").to_owned();
    app.verify_address(&email).await;
    let approved = app
        .confirm_customer(Some(admin), &id, json!({ "decision": "approve" }))
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.body);
    let token = app.login(&email, &password).await.body["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let address = json!({
        "label": "Rumah", "recipient": name, "phone": PHONE, "street": STREET,
        "district": "Cibeunying", "city": "Bandung", "province": "Jawa Barat", "postalCode": "40191",
    });
    let saved = app
        .call(
            "account",
            "POST",
            "/api/account/addresses",
            Some(&token),
            Some(address.clone()),
        )
        .await;
    assert_eq!(saved.status, StatusCode::CREATED);
    let product = app
        .product(admin, &format!("Undangan {tag}"), "printing", 120_000)
        .await;
    let mut shipping = address.clone();
    shipping.as_object_mut().expect("object").remove("label");
    let cart = json!({ "items": [{ "productId": product, "quantity": 1 }], "shippingAddress": shipping, "note": format!("Telepon {PHONE} dulu") });
    let completed = app.completed_order_of(admin, &token, &cart).await;
    let review = app
        .call(
            "review",
            "POST",
            &format!("/api/products/{product}/reviews"),
            Some(&token),
            Some(json!({ "rating": 5, "comment": "Rapi dan cepat" })),
        )
        .await;
    assert_eq!(review.status, StatusCode::CREATED, "{:?}", review.body);
    let message = app
        .call("inbox", "POST", "/api/messages", Some(&token), Some(json!({ "kind": "question", "subject": "Kertas", "body": format!("Alamat saya {STREET}") })))
        .await;
    assert_eq!(message.status, StatusCode::CREATED, "{:?}", message.body);
    // A second order with a design file, then cancelled.
    let placed = app.place_order(&token, &cart, None).await;
    assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);
    let cancelled = placed.body["id"].as_str().expect("order").to_owned();
    let started = app
        .call("upload", "POST", &format!("/api/orders/{cancelled}/files"), Some(&token), Some(json!({ "name": "desain.pdf", "contentType": "application/pdf", "size": PDF.len(), "kind": "design" })))
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{:?}", started.body);
    assert_eq!(put(app, &started.body["upload"], PDF.to_vec()).await, 200);
    let file = started.body["file"]["id"]
        .as_str()
        .expect("file")
        .to_owned();
    let done = app
        .call(
            "upload",
            "POST",
            &format!("/api/orders/{cancelled}/files/{file}/complete"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    let cancel = app
        .call(
            "order",
            "POST",
            &format!("/api/orders/{cancelled}/cancel"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(cancel.status, StatusCode::OK, "{:?}", cancel.body);
    Person {
        id,
        email,
        password,
        token,
        name,
        completed,
        cancelled: cancelled.clone(),
        file_key: format!("orders/{cancelled}/{file}/file.pdf"),
        product,
    }
}

/// Every item of the table, as text (a test may scan; no request path does).
async fn whole_table(app: &TestApp) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = None;
    loop {
        let page = app
            .store
            .client()
            .await
            .scan()
            .table_name(app.store.table())
            .set_exclusive_start_key(start)
            .send()
            .await
            .expect("scan");
        out.extend(page.items().iter().map(|i| format!("{i:?}")));
        start = page.last_evaluated_key().map(|k| k.to_owned());
        if start.is_none() {
            return out;
        }
    }
}

async fn query(app: &TestApp, index: Option<&str>, key: &str, value: &str) -> usize {
    app.store
        .client()
        .await
        .query()
        .table_name(app.store.table())
        .set_index_name(index.map(str::to_owned))
        .key_condition_expression(format!("{key} = :v"))
        .expression_attribute_values(":v", AttributeValue::S(value.to_owned()))
        .send()
        .await
        .expect("query")
        .count() as usize
}

async fn object_exists(app: &TestApp, key: &str) -> bool {
    toko_tools::s3_client(&toko::aws::from_env())
        .head_object()
        .bucket(&app.files_bucket)
        .key(key)
        .send()
        .await
        .is_ok()
}

#[tokio::test]
async fn erasure_leaves_no_personal_data_and_the_address_registers_again() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let p = person(&app, &admin, "erase").await;
    assert!(object_exists(&app, &p.file_key).await);
    let post = |body: Value| {
        app.call(
            "privacy",
            "POST",
            "/api/account/delete",
            Some(&p.token),
            Some(body),
        )
    };

    // The password is needed; an order on its way holds the erasure back.
    let wrong = post(json!({ "password": "not it" })).await;
    assert_eq!(
        (wrong.status, wrong.code()),
        (StatusCode::FORBIDDEN, "wrong_password")
    );
    let cart = json!({ "items": [{ "productId": p.product, "quantity": 1 }], "shippingAddress": { "recipient": p.name, "phone": PHONE, "street": STREET, "city": "Bandung", "postalCode": "40191" } });
    let waiting = app.place_order(&p.token, &cart, None).await;
    let waiting = waiting.body["id"].as_str().expect("order").to_owned();
    let held = post(json!({ "password": p.password })).await;
    assert_eq!(
        (held.status, held.code()),
        (StatusCode::CONFLICT, "orders_in_progress")
    );
    assert!(held.is_problem());
    assert_eq!(
        app.login(&p.email, &p.password).await.status,
        StatusCode::OK,
        "nothing erased yet"
    );
    let cancel = app
        .call(
            "order",
            "POST",
            &format!("/api/orders/{waiting}/cancel"),
            Some(&p.token),
            None,
        )
        .await;
    assert_eq!(cancel.status, StatusCode::OK);

    // A quote request: its description (with their street) and their name go too.
    let asked = app
        .call(
            "quotes",
            "POST",
            "/api/quotes",
            Some(&p.token),
            Some(json!({ "description": format!("Spanduk untuk toko kami di {STREET}") })),
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{:?}", asked.body);

    // A mail to the address waiting in the outbox (SES refused it) goes with the rest.
    use toko::ports::Outbox;
    app.store
        .hold(
            &toko::mail::Mail {
                to: toko::domain::Email::parse(&p.email).expect("email"),
                subject: format!("Pesanan untuk {}", p.name),
                text: STREET.to_owned(),
                html: STREET.to_owned(),
                headers: Vec::new(),
            },
            app.clock_now() + time::Duration::hours(1),
        )
        .await
        .expect("held");

    let erased = post(json!({ "password": p.password })).await;
    assert_eq!(erased.status, StatusCode::OK, "{:?}", erased.body);
    assert_eq!(erased.body["erased"]["ordersAnonymised"], 3);
    assert_eq!(erased.body["erased"]["filesDeleted"], 1);
    assert_eq!(erased.body["erased"]["reviewsAnonymised"], 1);
    assert_eq!(erased.body["erased"]["addressesDeleted"], 1);

    // Every key pattern of the customer is empty.
    for (index, key, value) in [
        (None, "pk", format!("USER#{}", p.id)),
        (None, "pk", format!("EMAIL#{}", p.email)),
        (None, "pk", format!("POINTS#{}", p.id)),
        (None, "pk", format!("STATS#CUSTOMER#{}", p.id)),
        (None, "pk", format!("LOGINFAIL#ADDR#{}", p.email)),
        (Some("gsi1"), "gsi1pk", format!("CUSTOMER#{}#ORDERS", p.id)),
        (Some("gsi1"), "gsi1pk", format!("CUSTOMER#{}#QUOTES", p.id)),
    ] {
        assert_eq!(query(&app, index, key, &value).await, 0, "{key} = {value}");
    }
    // The product keeps the review under a key that names nobody.
    assert_eq!(
        query(&app, None, "pk", &format!("PRODUCT#{}", p.product)).await,
        2
    );
    // Nothing anywhere in the table names, reaches or locates the person.
    let table = whole_table(&app).await;
    for personal in [p.name.as_str(), p.email.as_str(), STREET, PHONE, "40191"] {
        let hits: Vec<_> = table.iter().filter(|i| i.contains(personal)).collect();
        assert!(hits.is_empty(), "{personal} still in {hits:?}");
    }
    // Nor in the bucket.
    assert!(
        !object_exists(&app, &p.file_key).await,
        "the design file is gone"
    );

    // The orders stay for the books, without the person.
    for order in [&p.completed, &p.cancelled] {
        let item = app
            .store
            .client()
            .await
            .get_item()
            .table_name(app.store.table())
            .key("pk", AttributeValue::S(format!("ORDER#{order}")))
            .key("sk", AttributeValue::S("ORDER".into()))
            .send()
            .await
            .expect("order")
            .item
            .expect("the order stays");
        assert_eq!(
            item["customerName"].as_s().expect("name"),
            "Former customer"
        );
        assert!(item["total"].as_n().is_ok());
        assert!(item["shippingAddress"]
            .as_s()
            .expect("address")
            .contains("Bandung"));
    }
    // The review stays, under "a former customer".
    let reviews = app
        .call(
            "review",
            "GET",
            &format!("/api/products/{}/reviews", p.product),
            None,
            None,
        )
        .await;
    let review = &reviews.body["items"][0];
    assert_eq!(review["comment"], "Rapi dan cepat");
    assert_eq!(review["former"], true);
    assert_eq!(review["authorName"], "");

    // The old session is over; the address can register again, as a new account.
    assert_eq!(
        app.me(Some(&p.token)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login(&p.email, &p.password).await.status,
        StatusCode::UNAUTHORIZED
    );
    let again = app
        .register(json!({ "email": p.email, "password": "a new beginning 1", "name": "Zul Baru" }))
        .await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_ne!(again.body["customer"]["id"], p.id.as_str());
    let signed = app.login(&p.email, "a new beginning 1").await;
    assert_eq!(signed.status, StatusCode::OK);
    let fresh = signed.body["token"].as_str().expect("token");
    let orders = app
        .call("order", "GET", "/api/orders", Some(fresh), None)
        .await;
    assert_eq!(
        orders.body["items"],
        json!([]),
        "the old orders are not the new account's"
    );

    // The run is on record, without personal data.
    let runs = app
        .call("privacy", "GET", "/api/admin/privacy", Some(&admin), None)
        .await;
    let run = runs.body["items"]
        .as_array()
        .expect("runs")
        .iter()
        .find(|r| r["customerId"] == p.id.as_str())
        .expect("recorded");
    assert_eq!(run["kind"], "erasure");
    assert_eq!(run["byRole"], "customer");
}

#[tokio::test]
async fn an_export_holds_what_the_shop_holds_behind_a_short_link() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let p = person(&app, &admin, "export").await;
    let r = app
        .call(
            "privacy",
            "POST",
            "/api/account/export",
            Some(&p.token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let url = r.body["url"].as_str().expect("url");
    app.iam.presigned("privacy", "GET", url);
    let got = reqwest::get(url).await.expect("download");
    assert_eq!(got.status(), 200);
    let doc: Value = got.json().await.expect("json");
    assert_eq!(doc["profile"]["email"], p.email.as_str());
    assert_eq!(doc["profile"]["name"], p.name.as_str());
    assert_eq!(doc["consents"]["emailVerified"], true);
    assert_eq!(doc["addresses"][0]["street"], STREET);
    assert_eq!(doc["orders"].as_array().expect("orders").len(), 2);
    assert!(doc["orders"]
        .as_array()
        .expect("orders")
        .iter()
        .any(|o| o["id"] == p.completed.as_str()));
    assert!(doc["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .any(|m| m["body"].as_str().is_some_and(|b| b.contains(STREET))));
    assert_eq!(doc["reviews"][0]["comment"], "Rapi dan cepat");
    assert!(
        doc["points"]["balance"].as_u64().is_some_and(|b| b > 0),
        "the completed order earned points"
    );
    assert!(doc["points"]["ledger"]
        .as_array()
        .is_some_and(|l| !l.is_empty()));

    // Staff run one on request, with the reason on record; staff accounts are not customers.
    let (staff, _) = app
        .signed_in(
            toko::domain::Role::Operator,
            toko::domain::AccountStatus::Approved,
        )
        .await;
    let for_staff = app
        .call(
            "privacy",
            "POST",
            &format!("/api/admin/customers/{}/export", staff.id),
            Some(&admin),
            Some(json!({ "reason": "x" })),
        )
        .await;
    assert_eq!(for_staff.status, StatusCode::NOT_FOUND);
    let by_admin = app
        .call(
            "privacy",
            "POST",
            &format!("/api/admin/customers/{}/export", p.id),
            Some(&admin),
            Some(json!({ "reason": "E-mail of 1 December" })),
        )
        .await;
    assert_eq!(by_admin.status, StatusCode::CREATED);
    let runs = app
        .call("privacy", "GET", "/api/admin/privacy", Some(&admin), None)
        .await;
    let mine: Vec<_> = runs.body["items"]
        .as_array()
        .expect("runs")
        .iter()
        .filter(|r| r["customerId"] == p.id.as_str())
        .collect();
    assert_eq!(mine.len(), 2);
    assert_eq!(mine[0]["byRole"], "admin");
    assert_eq!(mine[0]["reason"], "E-mail of 1 December");
    assert_eq!(mine[1]["byRole"], "customer");
}

#[tokio::test]
async fn an_admin_erases_a_customer_on_request() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let p = person(&app, &admin, "staff-erase").await;
    let uri = format!("/api/admin/customers/{}/erase", p.id);
    let no_reason = app
        .call(
            "privacy",
            "POST",
            &uri,
            Some(&admin),
            Some(json!({ "reason": " " })),
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = app
        .call(
            "privacy",
            "POST",
            &uri,
            Some(&admin),
            Some(json!({ "reason": "Asked by phone, 1 Dec" })),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    let table = whole_table(&app).await;
    let traces: Vec<_> = table.iter().filter(|i| i.contains(&p.email)).collect();
    assert!(traces.is_empty(), "traces of the address: {traces:?}");
    // (A sign-in attempt after this counts on its own counter, for its window.)
    assert_eq!(
        app.login(&p.email, &p.password).await.status,
        StatusCode::UNAUTHORIZED
    );
    let again = app
        .call(
            "privacy",
            "POST",
            &uri,
            Some(&admin),
            Some(json!({ "reason": "again" })),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "gone is gone");
}
