//! IAM in front of the emulator. Each function's SDK configuration gets an HTTP client
//! that reads every request as IAM would (`toko_tools::iam_calls`), checks it against that
//! function's policy in `infra/template.yaml` (`toko_tools::iam`) and answers as AWS does
//! when the policy denies it: DynamoDB's `AccessDeniedException`, S3's 403 (also for a
//! missing object the function may not list), SES's access denied. So a missing grant
//! fails the test that needs it, as it would fail on the first deploy.
//!
//! Every call is also written to `target/tmp/iam-calls.jsonl` with the grants that allowed
//! it; `toko iam-report` reads that after the suite: any denial fails the run, and grants
//! no call used are listed.

use aws_sdk_dynamodb::config::http::{HttpRequest, HttpResponse};
use aws_sdk_dynamodb::config::SharedHttpClient;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use serde_json::json;
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use toko::aws::SdkConfig;
use toko_tools::iam::{Account, Call, Policies};
use toko_tools::iam_calls::{calls, Request};
use toko_tools::Template;

/// One test app's policies, with the names its resources got.
#[derive(Debug)]
pub struct Iam {
    policies: Policies,
    account: Account,
}

/// Where calls are logged, opened (and emptied) once per test process; kept and added to
/// with `TOKO_IAM_CALLS_APPEND=1` (the second run of `scripts/test.sh`, on LocalStack).
fn log() -> &'static Mutex<Option<std::fs::File>> {
    static LOG: OnceLock<Mutex<Option<std::fs::File>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("iam-calls.jsonl");
        let append = std::env::var("TOKO_IAM_CALLS_APPEND").is_ok_and(|v| v == "1");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(append)
            .truncate(!append)
            .open(path);
        Mutex::new(file.ok())
    })
}

impl Iam {
    pub fn new(template: &Template, names: &HashMap<String, String>, region: &str) -> Self {
        let account = Account::local(region);
        let policies = Policies::from_template(template, names, &account)
            .unwrap_or_else(|e| panic!("the template's policies: {e}"));
        Self { policies, account }
    }

    /// The SDK configuration a function gets: the same, behind its policy.
    pub fn config_for(self: &Arc<Self>, sdk: &SdkConfig, function: &'static str) -> SdkConfig {
        let inner = sdk.http_client().unwrap_or_else(toko::aws::https_client);
        sdk.to_builder()
            .http_client(SharedHttpClient::new(Guarded {
                inner,
                function,
                iam: self.clone(),
            }))
            .build()
    }

    /// Checks and logs the calls; the first denied one, if any.
    fn check(&self, function: &str, calls: &[Call]) -> Option<Call> {
        let mut denied = None;
        for call in calls {
            let grants = self.policies.allowing(function, call);
            if grants.is_empty() && denied.is_none() {
                eprintln!("IAM would deny {function}: {call}");
                denied = Some(call.clone());
            }
            let line = json!({
                "function": function,
                "call": call.to_string(),
                "grants": grants,
                "denied": grants.is_empty(),
            });
            let mut file = log()
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(f) = file.as_mut() {
                let _ = writeln!(f, "{line}");
            }
        }
        denied
    }

    /// A presigned request a function handed out, checked against that function's policy
    /// as S3 checks it when the client uses it. Panics when IAM would refuse it.
    pub fn presigned(&self, function: &str, method: &str, url: &str) {
        let req = Request {
            method,
            uri: url,
            headers: &[],
            body: b"",
        };
        let calls = calls(&req, &self.account, &self.policies.hash_keys).expect("an S3 URL");
        if let Some(call) = self.check(function, &calls) {
            panic!("S3 would refuse {function}'s presigned request: {call}");
        }
    }
}

#[derive(Debug, Clone)]
struct Guarded {
    inner: SharedHttpClient,
    function: &'static str,
    iam: Arc<Iam>,
}

impl HttpClient for Guarded {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(GuardedConnector {
            inner: self.inner.http_connector(settings, components),
            function: self.function,
            iam: self.iam.clone(),
        })
    }
}

#[derive(Debug)]
struct GuardedConnector {
    inner: SharedHttpConnector,
    function: &'static str,
    iam: Arc<Iam>,
}

impl HttpConnector for GuardedConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let headers: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let req = Request {
            method: request.method(),
            uri: request.uri(),
            headers: &headers,
            body: request.body().bytes().unwrap_or(b""),
        };
        let Some(calls) = calls(&req, &self.iam.account, &self.iam.policies.hash_keys) else {
            panic!(
                "{}: a request the IAM check does not understand: {} {}",
                self.function,
                request.method(),
                request.uri()
            );
        };
        if let Some(call) = self.iam.check(self.function, &calls) {
            return HttpConnectorFuture::ready(Ok(denied(&call)));
        }
        let (inner, iam, function) = (self.inner.clone(), self.iam.clone(), self.function);
        HttpConnectorFuture::new(async move {
            let resp = inner.call(request).await?;
            // Without s3:ListBucket on the key, S3 answers a missing object with 403.
            let read = calls.iter().find(|c| c.action == "s3:GetObject");
            if let (404, Some(read)) = (resp.status().as_u16(), read) {
                let (bucket, key) = bucket_and_key(&read.resource);
                let mut list = Call::new("s3:ListBucket", iam.account.bucket_arn(bucket));
                list.prefix = Some(key.to_owned());
                if iam.check(function, &[list.clone()]).is_some() {
                    return Ok(denied(&list));
                }
            }
            Ok(resp)
        })
    }
}

fn bucket_and_key(arn: &str) -> (&str, &str) {
    let path = arn.rsplit(":::").next().unwrap_or("");
    path.split_once('/').unwrap_or((path, ""))
}

/// What AWS answers when IAM refuses the call.
fn denied(call: &Call) -> HttpResponse {
    let message = format!("not authorized to perform: {call}");
    let (status, body, kind) = if call.action.starts_with("dynamodb:") {
        let body = json!({
            "__type": "com.amazon.coral.service#AccessDeniedException",
            "message": message,
        });
        (400, body.to_string(), "application/x-amz-json-1.0")
    } else if call.action.starts_with("s3:") {
        let body = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>{message}</Message></Error>");
        (403, body, "application/xml")
    } else {
        (
            403,
            json!({ "message": message }).to_string(),
            "application/json",
        )
    };
    let mut resp = HttpResponse::new(status.try_into().expect("a status"), SdkBody::from(body));
    resp.headers_mut().insert("content-type", kind);
    resp.headers_mut()
        .insert("x-amzn-errortype", "AccessDeniedException");
    resp
}
