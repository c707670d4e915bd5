//! Toko's functions as measured: one route each, the callers' accounts and tokens, and
//! for each function a request it answers without any AWS call.

use crate::measure::Case;
use crate::BoxError;
use serde_json::{json, Value};
use std::path::Path;
use toko::adapters::dynamo::DynamoStore;
use toko::auth::{hash_password, TokenKeys};
use toko::config::Settings;
use toko::domain::{AccountStatus, Email, Password, PersonName, Role, User};
use toko::ports::{Catalog, PageRequest, ProductSort, Users};

/// An API Gateway HTTP API (payload 2.0) event.
pub fn http_event(
    method: &str,
    path_and_query: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Value {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let mut headers = json!({ "content-type": "application/json", "host": "localhost", "user-agent": "toko-bench" });
    if let Some(t) = token {
        headers["authorization"] = json!(format!("Bearer {t}"));
    }
    let mut event = json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012", "apiId": "bench", "domainName": "localhost",
            "domainPrefix": "localhost", "requestId": ulid::Ulid::new().to_string(),
            "routeKey": "$default", "stage": "$default", "time": "23/Nov/2026:00:00:00 +0000",
            "timeEpoch": 0,
            "http": { "method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "toko-bench" }
        },
        "isBase64Encoded": false
    });
    if let Some(b) = body {
        event["body"] = json!(b.to_string());
    }
    event
}

/// For each function, a request it answers without any AWS call.
fn probe(function: &str) -> Option<Value> {
    let (method, path, body) = match function {
        "register" => ("POST", "/api/auth/register", Some(json!({}))),
        "login" => ("POST", "/api/auth/login", Some(json!({}))),
        "account" => ("GET", "/api/me", None),
        "catalog" => ("POST", "/api/admin/products", Some(json!({}))),
        "order" => ("GET", "/api/orders", None),
        "confirm" => ("GET", "/api/admin/orders", None),
        "upload" => ("GET", "/api/orders/x/files", None),
        "review" => ("POST", "/api/products/x/reviews", Some(json!({}))),
        "inbox" => ("GET", "/api/messages", None),
        "promo" => ("GET", "/api/admin/promos", None),
        "analytics" => ("GET", "/api/admin/analytics", None),
        "privacy" => ("GET", "/api/admin/privacy", None),
        "quotes" => ("GET", "/api/admin/quotes", None),
        "staff" => ("GET", "/api/admin/staff", None),
        "customer" => (
            "GET",
            "/api/admin/customers/00000000000000000000000000",
            None,
        ),
        // hello makes no AWS call anyway; the mailer has no path without one.
        _ => return None,
    };
    Some(http_event(method, path, None, body))
}

async fn account(users: &dyn Users, email: &str, role: Role) -> Result<User, BoxError> {
    let email = Email::parse(email).map_err(|e| format!("{email}: {e}"))?;
    if let Some(u) = users.find_by_email(&email).await? {
        return Ok(u);
    }
    let user = User::new(
        email,
        PersonName::parse("Bench Person").map_err(|e| e.to_string())?,
        hash_password(&Password::parse("bench-password-123").map_err(|e| e.to_string())?)?,
        role,
        AccountStatus::Approved,
        time::OffsetDateTime::now_utc(),
    );
    users.create(&user).await?;
    Ok(user)
}

type Event = Box<dyn Fn(usize) -> Value>;

/// Toko's table in the emulator, as the functions' environment names it.
pub async fn store() -> Result<DynamoStore, BoxError> {
    let sdk = toko::aws::from_env();
    Ok(DynamoStore::from_sdk(
        &sdk,
        Settings::from_env().table_name()?,
    ))
}

/// Toko's functions, in the table's order: their release binaries in `bins`, their arm64
/// bootstraps in `lambda/<fn>/bootstrap`. Creates the callers' accounts in the emulator's
/// table and signs their tokens with the functions' own key.
pub async fn toko(bins: &Path, lambda: &Path) -> Result<Vec<Case>, BoxError> {
    let store = store().await?;
    let customer = account(&store, "bench.customer@example.com", Role::Customer).await?;
    let admin = account(&store, "bench.admin@toko.example", Role::Admin).await?;
    let keys = TokenKeys::new(
        std::env::var("TOKO_BENCH_SECRET")?.as_bytes(),
        time::Duration::hours(12),
    )?;
    let now = time::OffsetDateTime::now_utc();
    let customer_token = keys.issue(&customer, now)?.0;
    let admin_token = keys.issue(&admin, now)?.0;
    let page = PageRequest {
        cursor: None,
        limit: 1,
    };
    let product = store
        .list(None, ProductSort::Newest, &page)
        .await?
        .items
        .first()
        .map(|p| p.id.to_string())
        .ok_or("no product: run `toko seed` first")?;

    let (c, a) = (customer_token.clone(), admin_token.clone());
    let customer_get = move |path: &'static str| -> Event {
        let t = c.clone();
        Box::new(move |_| http_event("GET", path, Some(&t), None))
    };
    let admin_get = move |path: &'static str| -> Event {
        let t = a.clone();
        Box::new(move |_| http_event("GET", path, Some(&t), None))
    };
    let reviews = format!("/api/products/{product}/reviews");
    let unknown_order_files = format!("/api/orders/{}/files", ulid::Ulid::new());
    let unknown_order_token = customer_token.clone();
    let routes: Vec<(&str, &'static str, Event)> = vec![
        (
            "hello",
            "GET / (hello world)",
            Box::new(|_| http_event("GET", "/", None, None)),
        ),
        (
            "register",
            "POST /api/auth/register",
            Box::new(|i| {
                http_event(
                    "POST",
                    "/api/auth/register",
                    None,
                    Some(
                        json!({ "email": format!("bench.{}.{i}@example.com", ulid::Ulid::new().to_string().to_lowercase()), "password": "bench-password-123", "name": "Bench" }),
                    ),
                )
            }),
        ),
        (
            "login",
            "POST /api/auth/login",
            Box::new(|_| {
                http_event(
                    "POST",
                    "/api/auth/login",
                    None,
                    Some(
                        json!({ "email": "bench.customer@example.com", "password": "bench-password-123" }),
                    ),
                )
            }),
        ),
        ("account", "GET /api/me", customer_get("/api/me")),
        (
            "catalog",
            "GET /api/products",
            Box::new(|_| http_event("GET", "/api/products", None, None)),
        ),
        ("order", "GET /api/orders", customer_get("/api/orders")),
        (
            "confirm",
            "GET /api/admin/orders",
            admin_get("/api/admin/orders?status=pending"),
        ),
        (
            "upload",
            "GET /api/orders/{id}/files (unknown order: 404)",
            Box::new(move |_| {
                http_event(
                    "GET",
                    &unknown_order_files,
                    Some(&unknown_order_token),
                    None,
                )
            }),
        ),
        (
            "review",
            "GET /api/products/{id}/reviews",
            Box::new(move |_| http_event("GET", &reviews, None, None)),
        ),
        ("inbox", "GET /api/messages", customer_get("/api/messages")),
        (
            "promo",
            "GET /api/promos",
            Box::new(|_| http_event("GET", "/api/promos", None, None)),
        ),
        (
            "analytics",
            "GET /api/admin/analytics",
            admin_get("/api/admin/analytics"),
        ),
        (
            "privacy",
            "GET /api/admin/privacy",
            admin_get("/api/admin/privacy"),
        ),
        (
            "staff",
            "GET /api/admin/staff",
            admin_get("/api/admin/staff"),
        ),
        (
            "quotes",
            "GET /api/admin/quotes",
            admin_get("/api/admin/quotes"),
        ),
        (
            "customer",
            "GET /api/admin/customers/{id} (none)",
            admin_get("/api/admin/customers/00000000000000000000000000"),
        ),
        (
            "mailer",
            "(schedule) outbox run",
            Box::new(
                |_| json!({ "source": "aws.scheduler", "detail-type": "Scheduled Event", "detail": {} }),
            ),
        ),
    ];
    Ok(routes
        .into_iter()
        .map(|(function, route, event)| Case {
            function: function.to_owned(),
            key: function.to_owned(),
            route,
            bin: bins.join(function),
            bootstrap: lambda.join(function).join("bootstrap"),
            env: Vec::new(),
            event,
            probe: probe(function),
        })
        .collect())
}
