use crate::iam::Iam;
use lambda_http::http::{HeaderMap, StatusCode};
use lambda_http::{Body, Request};
use serde_json::{json, Value};
use std::sync::Arc;
use time::OffsetDateTime;
use toko::adapters::dynamo::DynamoStore;
use toko::auth::hash_password;
use toko::config::Settings;
use toko::domain::{AccountStatus, Email, Password, PersonName, Role, User};
use toko::fakes::FixedClock;
use toko::ports::{Clock, Users};
use toko_tools::{provision, Template};

pub const SITE_URL: &str = "http://shop.test";
pub const SHIPPING_COST: i64 = 20_000;
pub const SECRET: &[u8] = b"integration-test-secret-integration-test-secret";

/// One fresh copy of the shop's storage in the emulator, and every function
/// wired to it by the same `Deps::new` as its `main.rs`, with a clock the test controls.
pub struct TestApp {
    pub endpoint: String,
    pub store: DynamoStore,
    pub clock: Arc<FixedClock>,
    pub register: register::Deps,
    pub login: login::Deps,
    pub account: account::Deps,
    pub confirm: confirm::Deps,
    pub catalog: catalog::Deps,
    pub order: order::Deps,
    pub inbox: inbox::Deps,
    pub upload: upload::Deps,
    pub review: review::Deps,
    pub promo: promo::Deps,
    pub analytics: analytics::Deps,
    pub privacy: privacy::Deps,
    pub staff: staff::Deps,
    pub customer: customer::Deps,
    pub quotes: quotes::Deps,
    /// The physical name of the files bucket.
    pub files_bucket: String,
    /// The template's policies, enforced on every function's AWS calls.
    pub iam: Arc<Iam>,
    /// The functions' settings (the template's environment for this copy).
    pub settings: Settings,
    sdk: toko::aws::SdkConfig,
}

#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl TestResponse {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }

    /// A 422 problem whose `errors` name `field` (`what` says which input it was).
    pub fn assert_rejects(&self, field: &str, what: &str) {
        assert_eq!(
            self.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {:?}",
            self.body
        );
        assert!(self.is_problem());
        let fields: Vec<&str> = self.body["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .filter_map(|e| e["field"].as_str())
            .collect();
        assert!(fields.contains(&field), "{what}: {fields:?}");
    }

    pub fn is_problem(&self) -> bool {
        self.headers
            .get("content-type")
            .is_some_and(|v| v == "application/problem+json")
            && self.body["status"] == self.status.as_u16()
    }
}

/// Where sent mail is recorded: SES's own endpoint when it has one.
pub fn mail_endpoint() -> String {
    std::env::var("AWS_ENDPOINT_URL_SES").unwrap_or_else(|_| endpoint())
}

/// Whether the S3 under test checks presigned requests as AWS does (signature, so the
/// signed length and type, and expiry): LocalStack started by `scripts/test.sh` with
/// `S3_SKIP_SIGNATURE_VALIDATION=0` does (it sets `TOKO_TEST_S3_CHECKS_PRESIGNED=1`); moto
/// does not, and there the functions' own completion checks are what refuses.
pub fn s3_checks_presigned() -> bool {
    std::env::var("TOKO_TEST_S3_CHECKS_PRESIGNED").is_ok_and(|v| v == "1")
}

pub fn endpoint() -> String {
    std::env::var("AWS_ENDPOINT_URL").unwrap_or_else(|_| {
        panic!("AWS_ENDPOINT_URL is not set: run the tests with scripts/test.sh (it starts the emulator)")
    })
}

pub async fn spawn_app() -> TestApp {
    let sdk = toko::aws::from_env();
    let template = Template::load(&toko_tools::default_template_path()).expect("template");
    let prefix = format!("t{}-", ulid::Ulid::new().to_string().to_lowercase());
    let done = provision(&sdk, &template, &prefix)
        .await
        .expect("provision from template");
    // The template's environment, as the functions get it on AWS, with the test's own
    // secret, site and shipping cost.
    // The token-signing key where login reads it (Secrets Manager in the emulator); the
    // tests sign their own tokens with the same key (`TokenKeys::new(SECRET)`).
    let signing_secret = toko_tools::keys::store_signing_secret(
        &sdk,
        &format!("{prefix}token-signing-key"),
        &toko::tokens::derived_signing_secret(SECRET),
    )
    .await
    .expect("signing key in Secrets Manager");
    let public_keys = toko::auth::TokenKeys::new(SECRET, time::Duration::hours(1))
        .expect("keys")
        .public_spec();
    let settings = Settings::from_vars(done.env.clone())
        .with("TOKO_TOKEN_PUBLIC_KEYS", public_keys)
        .with("TOKO_TOKEN_SIGNING_SECRET", signing_secret.clone())
        .with("TOKO_LINK_SECRET", String::from_utf8_lossy(SECRET))
        .with("TOKO_SITE_URL", SITE_URL)
        .with("TOKO_SHIPPING_COST", SHIPPING_COST.to_string());
    let clock = Arc::new(FixedClock::new(OffsetDateTime::now_utc()));
    let c: Arc<dyn Clock> = clock.clone();
    let s = &settings;
    let region = sdk.region().map_or("us-east-1", |r| r.as_ref()).to_owned();
    let mut names = done.names.clone();
    names.insert("TokenSigningSecretArn".into(), signing_secret);
    let iam = Arc::new(Iam::new(&template, &names, &region));
    let fun = |name: &'static str| toko::aws::Sdk::ready(iam.config_for(&sdk, name));
    let sdk_config = sdk.clone();
    let sdk = toko::aws::Sdk::ready(sdk.clone());
    TestApp {
        endpoint: mail_endpoint(),
        register: register::Deps::new(&fun("register"), s, c.clone()).expect("register"),
        login: login::Deps::new(&fun("login"), s, c.clone()).expect("login"),
        account: account::Deps::new(&fun("account"), s, c.clone()).expect("account"),
        catalog: catalog::Deps::new(&fun("catalog"), s, c.clone()).expect("catalog"),
        order: order::Deps::new(&fun("order"), s, c.clone()).expect("order"),
        analytics: analytics::Deps::new(&fun("analytics"), s, c.clone()).expect("analytics"),
        privacy: privacy::Deps::new(&fun("privacy"), s, c.clone()).expect("privacy"),
        staff: staff::Deps::new(&fun("staff"), s, c.clone()).expect("staff"),
        customer: customer::Deps::new(&fun("customer"), s, c.clone()).expect("customer"),
        quotes: quotes::Deps::new(&fun("quotes"), s, c.clone()).expect("quotes"),
        promo: promo::Deps::new(&fun("promo"), s, c.clone()).expect("promo"),
        review: review::Deps::new(&fun("review"), s, c.clone()).expect("review"),
        upload: upload::Deps::new(&fun("upload"), s, c.clone()).expect("upload"),
        inbox: inbox::Deps::new(&fun("inbox"), s, c.clone()).expect("inbox"),
        confirm: confirm::Deps::new(&fun("confirm"), s, c).expect("confirm"),
        files_bucket: settings.files_bucket().expect("files bucket"),
        store: DynamoStore::lazy(&sdk, settings.table_name().expect("table")),
        clock,
        iam,
        settings,
        sdk: sdk_config,
    }
}

pub fn request(method: &str, uri: &str, token: Option<&str>, body: Option<String>) -> Request {
    let mut b = lambda_http::http::Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json");
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    b.body(body.map(Body::from).unwrap_or(Body::Empty))
        .expect("request")
}

pub async fn read(resp: lambda_http::Response<Body>) -> TestResponse {
    let (parts, body) = resp.into_parts();
    let bytes: &[u8] = body.as_ref();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into()))
    };
    TestResponse {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

/// A unique address per test, so tests can share the emulator's mail log.
pub fn unique_email(tag: &str) -> String {
    format!(
        "{tag}.{}@example.com",
        ulid::Ulid::new().to_string().to_lowercase()
    )
}

impl TestApp {
    /// The SDK as the function gets it: behind its policy.
    pub fn sdk_for(&self, function: &'static str) -> toko::aws::Sdk {
        toko::aws::Sdk::ready(self.iam.config_for(&self.sdk, function))
    }

    pub async fn post_register(&self, body: &str) -> TestResponse {
        let req = request("POST", "/api/auth/register", None, Some(body.to_owned()));
        read(
            register::handle(&self.register, req)
                .await
                .expect("handled"),
        )
        .await
    }

    pub async fn register(&self, body: Value) -> TestResponse {
        self.post_register(&body.to_string()).await
    }

    pub async fn post_login(&self, body: &str) -> TestResponse {
        let req = request("POST", "/api/auth/login", None, Some(body.to_owned()));
        read(login::handle(&self.login, req).await.expect("handled")).await
    }

    pub async fn login(&self, email: &str, password: &str) -> TestResponse {
        self.post_login(&json!({ "email": email, "password": password }).to_string())
            .await
    }

    /// `GET /api/me`; a 503 (the emulator not answering in time under the whole suite's
    /// load) is asked again, as a client would.
    pub async fn me(&self, token: Option<&str>) -> TestResponse {
        let ask = || async {
            read(
                account::handle(&self.account, request("GET", "/api/me", token, None))
                    .await
                    .expect("handled"),
            )
            .await
        };
        let mut resp = ask().await;
        for _ in 0..3 {
            if resp.status != StatusCode::SERVICE_UNAVAILABLE {
                break;
            }
            resp = ask().await;
        }
        resp
    }

    pub async fn list_customers(&self, token: Option<&str>, query: &str) -> TestResponse {
        let uri = format!("/api/admin/customers{query}");
        read(
            confirm::handle(&self.confirm, request("GET", &uri, token, None))
                .await
                .expect("handled"),
        )
        .await
    }

    pub async fn confirm_customer(
        &self,
        token: Option<&str>,
        id: &str,
        body: Value,
    ) -> TestResponse {
        let uri = format!("/api/admin/customers/{id}/confirm");
        let req = request("POST", &uri, token, Some(body.to_string()));
        read(confirm::handle(&self.confirm, req).await.expect("handled")).await
    }

    /// Registers a customer through the API; returns (id, email, password).
    pub async fn registered_customer(&self, tag: &str) -> (String, String, String) {
        let email = unique_email(tag);
        let password = "correct horse battery".to_owned();
        let resp = self
            .register(
                json!({ "email": email, "password": password, "name": format!("Customer {tag}") }),
            )
            .await;
        assert_eq!(resp.status, StatusCode::CREATED, "{:?}", resp.body);
        let id = resp.body["customer"]["id"].as_str().expect("id").to_owned();
        (id, email, password)
    }

    /// Confirms a registered address with the link its registration mail carries.
    pub async fn verify_address(&self, email: &str) {
        let token = crate::mail_log::sent_mail_to(&self.endpoint, email)
            .await
            .iter()
            .find_map(|m| {
                let at = m.body.find("verify?token=")? + "verify?token=".len();
                m.body.get(at..at + 43).map(str::to_owned)
            })
            .expect("a verification mail");
        let r = self
            .call(
                "register",
                "POST",
                "/api/auth/verify",
                None,
                Some(json!({ "token": token })),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }

    /// Creates an account directly in the store (as `toko create-staff` does) and signs it in.
    pub async fn signed_in(&self, role: Role, status: AccountStatus) -> (User, String) {
        let password = "staff password 123";
        let user = User::new(
            Email::parse(&unique_email(role.as_str())).expect("email"),
            PersonName::parse("Test Person").expect("name"),
            hash_password(&Password::parse(password).expect("pw")).expect("hash"),
            role,
            status,
            self.clock.now(),
        );
        self.store.create(&user).await.expect("create user");
        let mut resp = self.login(user.email.as_str(), password).await;
        // Under the whole suite's load the emulator may not answer in time: the 503 is
        // retryable, and a client retries it.
        for _ in 0..3 {
            if resp.status != StatusCode::SERVICE_UNAVAILABLE {
                break;
            }
            resp = self.login(user.email.as_str(), password).await;
        }
        assert_eq!(resp.status, StatusCode::OK, "{:?}", resp.body);
        (user, resp.body["token"].as_str().expect("token").to_owned())
    }

    pub async fn admin_token(&self) -> String {
        self.signed_in(Role::Admin, AccountStatus::Approved).await.1
    }
}

pub use crate::mail_log::{other_mail_to, sent_mail_to};

impl TestApp {
    pub fn clock_now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    pub fn advance(&self, by: time::Duration) {
        self.clock.advance(by);
    }
}

impl TestApp {
    /// Calls the named function's handler in-process, as API Gateway would.
    pub async fn handle(&self, function: &str, req: Request) -> lambda_http::Response<Body> {
        let resp = match function {
            "register" => register::handle(&self.register, req).await,
            "login" => login::handle(&self.login, req).await,
            "account" => account::handle(&self.account, req).await,
            "confirm" => confirm::handle(&self.confirm, req).await,
            "catalog" => catalog::handle(&self.catalog, req).await,
            "order" => order::handle(&self.order, req).await,
            "inbox" => inbox::handle(&self.inbox, req).await,
            "upload" => upload::handle(&self.upload, req).await,
            "review" => review::handle(&self.review, req).await,
            "promo" => promo::handle(&self.promo, req).await,
            "analytics" => analytics::handle(&self.analytics, req).await,
            "privacy" => privacy::handle(&self.privacy, req).await,
            "staff" => staff::handle(&self.staff, req).await,
            "customer" => customer::handle(&self.customer, req).await,
            "quotes" => quotes::handle(&self.quotes, req).await,
            other => panic!("no function {other}"),
        };
        resp.expect("handled")
    }

    /// One JSON request to the named function, and its answer.
    pub async fn call(
        &self,
        function: &str,
        method: &str,
        uri: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> TestResponse {
        let req = request(method, uri, token, body.map(|b| b.to_string()));
        read(self.handle(function, req).await).await
    }

    /// Places an order of the product for the customer and moves it to completed.
    pub async fn completed_order(&self, admin: &str, customer: &str, product: &str) -> String {
        self.completed_order_of(admin, customer, &cart(product, 1))
            .await
    }

    /// Staff accept order `id`.
    pub async fn accept(&self, admin: &str, id: &str) -> TestResponse {
        self.call(
            "confirm",
            "POST",
            &format!("/api/admin/orders/{id}/confirm"),
            Some(admin),
            Some(json!({ "decision": "accept" })),
        )
        .await
    }

    /// Places the cart for the customer and moves the order to completed.
    pub async fn completed_order_of(&self, admin: &str, customer: &str, body: &Value) -> String {
        let placed = self.place_order(customer, body, None).await;
        assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);
        let id = placed.body["id"].as_str().expect("order").to_owned();
        let decided = self.accept(admin, &id).await;
        assert_eq!(decided.status, StatusCode::OK);
        for step in [
            json!({ "status": "paid" }),
            json!({ "status": "in_production" }),
            json!({ "status": "shipped", "trackingNumber": "JNE-1" }),
            json!({ "status": "completed" }),
        ] {
            let r = self
                .call(
                    "confirm",
                    "POST",
                    &format!("/api/admin/orders/{id}/status"),
                    Some(admin),
                    Some(step),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        }
        id
    }

    pub async fn call_inbox(&self, method: &str, uri: &str, token: Option<&str>) -> TestResponse {
        self.call("inbox", method, uri, token, None).await
    }

    /// Creates a product as an admin; returns its id.
    pub async fn product(&self, admin: &str, name: &str, category: &str, price: i64) -> String {
        let r = self
            .call("catalog", "POST", "/api/admin/products", Some(admin), Some(json!({ "name": name, "category": category, "price": price, "description": format!("About {name}") })))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        r.body["id"].as_str().expect("id").to_owned()
    }

    /// The cart placed once per token, all at once. Under that load the emulator may drop
    /// a connection: that answer is a retryable 503, and its retry (as a client does it)
    /// is the answer kept.
    pub async fn place_in_parallel(&self, tokens: &[&str], body: &Value) -> Vec<TestResponse> {
        let mut results =
            futures::future::join_all(tokens.iter().map(|t| self.place_order(t, body, None))).await;
        for (r, t) in results.iter_mut().zip(tokens) {
            if r.status == StatusCode::SERVICE_UNAVAILABLE {
                *r = self.place_order(t, body, None).await;
            }
        }
        results
    }

    pub async fn place_order(&self, token: &str, body: &Value, key: Option<&str>) -> TestResponse {
        let mut req = request("POST", "/api/orders", Some(token), Some(body.to_string()));
        if let Some(k) = key {
            req.headers_mut()
                .insert("idempotency-key", k.parse().expect("header"));
        }
        read(self.handle("order", req).await).await
    }
}

/// A cart body with one line of the product.
impl TestApp {
    /// Places an order of one of the product for the customer; returns its id.
    pub async fn order_of(&self, token: &str, product: &str) -> String {
        let placed = self.place_order(token, &cart(product, 1), None).await;
        assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);
        placed.body["id"].as_str().expect("order id").to_owned()
    }
}

pub fn cart(product: &str, quantity: u64) -> Value {
    json!({
        "items": [{ "productId": product, "quantity": quantity }],
        "shippingAddress": { "recipient": "Budi Santoso", "phone": "+62 812 5550 0101", "street": "Jl. Merdeka 10", "city": "Bandung", "postalCode": "40111" },
        "note": "Please call before delivery"
    })
}

impl TestApp {
    pub async fn call_analytics(&self, uri: &str, token: Option<&str>) -> (TestResponse, String) {
        let resp = self
            .handle("analytics", request("GET", uri, token, None))
            .await;
        let text = String::from_utf8_lossy(resp.body().as_ref()).into_owned();
        (read(resp).await, text)
    }

    /// A fresh token for an account made by [`TestApp::signed_in`].
    pub async fn sign_in_again(&self, user: &User) -> String {
        let r = self.login(user.email.as_str(), "staff password 123").await;
        r.body["token"].as_str().expect("token").to_owned()
    }
}
