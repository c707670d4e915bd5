//! `toko-bench`: the out-of-process half of the benchmark (scripts/bench.sh runs it and
//! documents the inputs). For each function it
//!
//! - reads the stripped arm64 bootstrap size from `target/lambda/<fn>/bootstrap`;
//! - starts the function's release binary against a local Lambda runtime API served
//!   here, and times process start to first response (the cold-start proxy), median of
//!   several runs: once for a request the function answers without an AWS call (a 401
//!   or 422: the start itself, set against `hello`, a hello-world `lambda_http`
//!   function) and once for the route's real request (start plus its first AWS calls);
//! - sends the same route again and again to the warm process: p50 and p99 latency;
//!
//! and prints one table, joined with the in-process counts (DynamoDB requests,
//! sequential round trips, items read with 100 and 10,000 orders) that the ignored
//! test `bench_round_trips_and_items_read` wrote to a JSON file.
//!
//! The environment is the functions' (`toko provision --env-out`), against the emulator.

use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Mutex};
use toko::auth::{hash_password, TokenKeys};
use toko::domain::{AccountStatus, Email, Password, PersonName, Role, User};
use toko::ports::{Catalog, PageRequest, ProductSort, Users};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// An event for the function, and what answered it.
struct Done {
    at: Instant,
    ok: bool,
    body: Vec<u8>,
}

type Events = Arc<Mutex<mpsc::UnboundedReceiver<(String, String)>>>;

/// A Lambda runtime API (the part a function's runtime client uses) on a free port.
struct Runtime {
    addr: String,
    events: mpsc::UnboundedSender<(String, String)>,
    done: mpsc::UnboundedReceiver<Done>,
}

impl Runtime {
    async fn start() -> Result<Self, BoxError> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?.to_string();
        let (events_tx, events_rx) = mpsc::unbounded_channel();
        let (done_tx, done_rx) = mpsc::unbounded_channel();
        let events: Events = Arc::new(Mutex::new(events_rx));
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                // Small writes without Nagle's delay (else a 40 ms delayed-ACK stall
                // sits in every warm call).
                let _ = stream.set_nodelay(true);
                let (events, done) = (events.clone(), done_tx.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, events, done).await;
                });
            }
        });
        Ok(Self {
            addr,
            events: events_tx,
            done: done_rx,
        })
    }

    fn send(&self, event: &Value) -> Result<(), BoxError> {
        let id = ulid::Ulid::new().to_string();
        self.events
            .send((id, event.to_string()))
            .map_err(|_| "the runtime API stopped".into())
    }

    async fn answer(&mut self) -> Result<Done, BoxError> {
        tokio::time::timeout(Duration::from_secs(30), self.done.recv())
            .await
            .map_err(|_| "no answer in 30 s")?
            .ok_or_else(|| "the runtime API stopped".into())
    }
}

/// One connection of the runtime client: `GET .../invocation/next` waits for an event;
/// `POST .../{id}/response` (or `/error`) hands back the answer.
async fn serve(
    stream: TcpStream,
    events: Events,
    done: mpsc::UnboundedSender<Done>,
) -> Result<(), BoxError> {
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let (method, path) = (
            parts.next().unwrap_or("").to_owned(),
            parts.next().unwrap_or("").to_owned(),
        );
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).await? == 0 || header == "\r\n" {
                break;
            }
            if let Some((k, v)) = header.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).await?;
        let out = reader.get_mut();
        if method == "GET" && path.ends_with("/invocation/next") {
            let Some((id, payload)) = events.lock().await.recv().await else {
                return Ok(());
            };
            let deadline = time::OffsetDateTime::now_utc().unix_timestamp() * 1000 + 60_000;
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
                 lambda-runtime-aws-request-id: {id}\r\nlambda-runtime-deadline-ms: {deadline}\r\n\
                 lambda-runtime-invoked-function-arn: arn:aws:lambda:us-east-1:123456789012:function:bench\r\n\
                 lambda-runtime-trace-id: Root=1-00000000-000000000000000000000000\r\n\r\n",
                payload.len()
            );
            out.write_all(format!("{head}{payload}").as_bytes()).await?;
        } else {
            if path.ends_with("/response") || path.ends_with("/error") {
                let _ = done.send(Done {
                    at: Instant::now(),
                    ok: path.ends_with("/response"),
                    body,
                });
            }
            out.write_all(b"HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}")
                .await?;
        }
        out.flush().await?;
    }
}

/// An API Gateway HTTP API (payload 2.0) event.
fn http_event(
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

/// What a function is measured with: its route and a fresh event per call.
struct Case {
    function: &'static str,
    route: &'static str,
    event: Box<dyn Fn(usize) -> Value>,
    /// A request the function answers without any AWS call (a 401 or 422): its first
    /// answer is the cold start itself, comparable with hello world's.
    probe: Option<Value>,
}

/// The status of an HTTP answer (`statusCode`), or "ok" for the scheduled function.
fn outcome(done: &Done) -> String {
    if !done.ok {
        return "error".into();
    }
    match serde_json::from_slice::<Value>(&done.body) {
        Ok(v) => v["statusCode"]
            .as_u64()
            .map_or_else(|| "ok".to_owned(), |s| s.to_string()),
        Err(_) => "?".into(),
    }
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
        // hello makes no AWS call anyway; the mailer has no path without one.
        _ => return None,
    };
    Some(http_event(method, path, None, body))
}

fn lambda_env(function: &str) -> Vec<(&'static str, String)> {
    vec![
        ("AWS_LAMBDA_FUNCTION_NAME", function.to_owned()),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".into()),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256".into()),
        ("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/bench".into()),
        ("AWS_LAMBDA_LOG_STREAM_NAME", "bench".into()),
        ("RUST_LOG", "error".into()),
    ]
}

struct Measured {
    init_ms: Vec<f64>,
    cold_ms: Vec<f64>,
    warm_ms: Vec<f64>,
    status: String,
}

/// Starts the function, sends it `event`, and times process start to its answer.
async fn cold(
    bin: &Path,
    function: &str,
    event: &Value,
) -> Result<(f64, Done, Runtime, tokio::process::Child), BoxError> {
    let mut rt = Runtime::start().await?;
    rt.send(event)?;
    let started = Instant::now();
    let child = tokio::process::Command::new(bin)
        .envs(lambda_env(function))
        .env("AWS_LAMBDA_RUNTIME_API", &rt.addr)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    let first = rt.answer().await?;
    let ms = (first.at - started).as_secs_f64() * 1000.0;
    Ok((ms, first, rt, child))
}

/// Cold starts (`runs` fresh processes, with the probe and with the real request),
/// then `warm` real requests on the last process.
async fn measure(bin: &Path, case: &Case, runs: usize, warm: usize) -> Result<Measured, BoxError> {
    let (mut init_ms, mut cold_ms, mut warm_ms) = (Vec::new(), Vec::new(), Vec::new());
    let mut status = String::new();
    let mut call = 0;
    for run in 0..runs {
        if let Some(probe) = &case.probe {
            let (ms, _, _, mut child) = cold(bin, case.function, probe).await?;
            init_ms.push(ms);
            child.kill().await.ok();
        }
        let (ms, first, mut rt, mut child) = cold(bin, case.function, &(case.event)(call)).await?;
        call += 1;
        cold_ms.push(ms);
        status = outcome(&first);
        if run + 1 == runs {
            for _ in 0..warm {
                let sent = Instant::now();
                rt.send(&(case.event)(call))?;
                call += 1;
                let done = rt.answer().await?;
                warm_ms.push((done.at - sent).as_secs_f64() * 1000.0);
            }
        }
        child.kill().await.ok();
    }
    if case.probe.is_none() {
        init_ms.clone_from(&cold_ms);
    }
    Ok(Measured {
        init_ms,
        cold_ms,
        warm_ms,
        status,
    })
}

fn percentile(values: &[f64], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
    v[rank.min(v.len() - 1)]
}

fn arg(name: &str, default: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_owned())
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

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let bins = PathBuf::from(arg("--bins", "target/release"));
    let lambda = PathBuf::from(arg("--lambda", "target/lambda"));
    let requests = PathBuf::from(arg("--requests", ".dev/bench/requests.json"));
    let runs: usize = arg("--runs", "5").parse()?;
    let warm: usize = arg("--warm", "200").parse()?;

    // Who calls: accounts and a product in the emulator's table, tokens signed with the
    // functions' own key.
    let sdk = toko::aws::load().await;
    let store = toko::adapters::dynamo::DynamoStore::from_sdk(&sdk, toko::config::table_name()?);
    let customer = account(&store, "bench.customer@example.com", Role::Customer).await?;
    let admin = account(&store, "bench.admin@toko.example", Role::Admin).await?;
    let keys = TokenKeys::new(
        std::env::var("TOKO_JWT_SECRET")?.as_bytes(),
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
    let customer_get = move |path: &'static str| -> Box<dyn Fn(usize) -> Value> {
        let t = c.clone();
        Box::new(move |_| http_event("GET", path, Some(&t), None))
    };
    let admin_get = move |path: &'static str| -> Box<dyn Fn(usize) -> Value> {
        let t = a.clone();
        Box::new(move |_| http_event("GET", path, Some(&t), None))
    };
    let reviews = format!("/api/products/{product}/reviews");
    let unknown_order_files = format!("/api/orders/{}/files", ulid::Ulid::new());
    let cases = vec![
        Case {
            function: "hello",
            probe: probe("hello"),
            route: "GET / (hello world)",
            event: Box::new(|_| http_event("GET", "/", None, None)),
        },
        Case {
            function: "register",
            probe: probe("register"),
            route: "POST /api/auth/register",
            event: Box::new(|i| {
                http_event(
                    "POST",
                    "/api/auth/register",
                    None,
                    Some(
                        json!({ "email": format!("bench.{}.{i}@example.com", ulid::Ulid::new().to_string().to_lowercase()), "password": "bench-password-123", "name": "Bench" }),
                    ),
                )
            }),
        },
        Case {
            function: "login",
            probe: probe("login"),
            route: "POST /api/auth/login",
            event: Box::new(|_| {
                http_event(
                    "POST",
                    "/api/auth/login",
                    None,
                    Some(
                        json!({ "email": "bench.customer@example.com", "password": "bench-password-123" }),
                    ),
                )
            }),
        },
        Case {
            function: "account",
            probe: probe("account"),
            route: "GET /api/me",
            event: customer_get("/api/me"),
        },
        Case {
            function: "catalog",
            probe: probe("catalog"),
            route: "GET /api/products",
            event: Box::new(|_| http_event("GET", "/api/products", None, None)),
        },
        Case {
            function: "order",
            probe: probe("order"),
            route: "GET /api/orders",
            event: customer_get("/api/orders"),
        },
        Case {
            function: "confirm",
            probe: probe("confirm"),
            route: "GET /api/admin/orders",
            event: admin_get("/api/admin/orders?status=pending"),
        },
        Case {
            function: "upload",
            probe: probe("upload"),
            route: "GET /api/orders/{id}/files (unknown order: 404)",
            event: {
                let t = customer_token.clone();
                Box::new(move |_| http_event("GET", &unknown_order_files, Some(&t), None))
            },
        },
        Case {
            function: "review",
            probe: probe("review"),
            route: "GET /api/products/{id}/reviews",
            event: Box::new(move |_| http_event("GET", &reviews, None, None)),
        },
        Case {
            function: "inbox",
            probe: probe("inbox"),
            route: "GET /api/messages",
            event: customer_get("/api/messages"),
        },
        Case {
            function: "promo",
            probe: probe("promo"),
            route: "GET /api/promos",
            event: Box::new(|_| http_event("GET", "/api/promos", None, None)),
        },
        Case {
            function: "analytics",
            probe: probe("analytics"),
            route: "GET /api/admin/analytics",
            event: admin_get("/api/admin/analytics"),
        },
        Case {
            function: "mailer",
            probe: probe("mailer"),
            route: "(schedule) outbox run",
            event: Box::new(
                |_| json!({ "source": "aws.scheduler", "detail-type": "Scheduled Event", "detail": {} }),
            ),
        },
    ];

    // The in-process counts, by route and table size.
    let counted: Vec<Value> = std::fs::read_to_string(&requests)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let count = |route: &str, orders: u64| -> Option<&Value> {
        counted
            .iter()
            .find(|r| r["route"] == route && r["orders"] == orders)
    };

    let mut hello_cold = f64::NAN;
    let mut rows = Vec::new();
    for case in &cases {
        let bin = bins.join(case.function);
        eprintln!(
            "measuring {} ({} cold starts, {warm} warm calls)",
            case.function, runs
        );
        let m = measure(&bin, case, runs, warm).await?;
        let cold = percentile(&m.init_ms, 50.0);
        if case.function == "hello" {
            hello_cold = cold;
        }
        // Bytes, and MB (10^6) as the target is written.
        let size = std::fs::metadata(lambda.join(case.function).join("bootstrap"))
            .map(|m| format!("{} ({:.2} MB)", m.len(), m.len() as f64 / 1e6))
            .unwrap_or_else(|_| "–".into());
        rows.push((case, m, cold, size));
    }

    println!("| function | route | status | bootstrap arm64 (bytes) | cold start, no AWS call (ms) | × hello | cold start, first real request (ms) | warm p50 (ms) | warm p99 (ms) | DynamoDB requests | sequential round trips | items read, 100 orders | items read, 10,000 orders |");
    println!("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let route_key = |r: &str| r.split(" (").next().unwrap_or(r).to_owned();
    let fmt_counts = |route: &str| -> [String; 4] {
        match (count(route, 100), count(route, 10_000)) {
            (Some(a), Some(b)) => [
                a["requests"].to_string(),
                a["sequential"].to_string(),
                a["items"].to_string(),
                b["items"].to_string(),
            ],
            _ => ["–".into(), "–".into(), "–".into(), "–".into()],
        }
    };
    for (case, m, cold, size) in &rows {
        let [req, seq, i100, i10k] = fmt_counts(&route_key(case.route));
        println!(
            "| {} | {} | {} | {} | {:.1} | {:.2} | {:.1} | {:.2} | {:.2} | {req} | {seq} | {i100} | {i10k} |",
            case.function,
            case.route,
            m.status,
            size,
            cold,
            cold / hello_cold,
            percentile(&m.cold_ms, 50.0),
            percentile(&m.warm_ms, 50.0),
            percentile(&m.warm_ms, 99.0),
        );
    }
    // Routes counted in process only (they change state, so they are not replayed warm).
    let mut seen: HashMap<String, ()> = rows
        .iter()
        .map(|(c, ..)| (route_key(c.route), ()))
        .collect();
    for r in &counted {
        let route = r["route"].as_str().unwrap_or_default().to_owned();
        if r["orders"] != 100 || seen.insert(route.clone(), ()).is_some() {
            continue;
        }
        let [req, seq, i100, i10k] = fmt_counts(&route);
        println!("| | {route} | | | | | | | | {req} | {seq} | {i100} | {i10k} |");
    }
    Ok(())
}
