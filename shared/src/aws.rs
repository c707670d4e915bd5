//! The AWS SDK configuration every function shares, built from the environment Lambda
//! gives a function (`AWS_REGION`, the role's `AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), with bounded timeouts and retries so a
//! slow or absent dependency turns into a quick 503, not a hung request.
//! `AWS_ENDPOINT_URL` points it at moto, LocalStack or AWS, and `AWS_ENDPOINT_URL_<SERVICE>`
//! one service ([`endpoint_for`]).

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::config::timeout::TimeoutConfig;
use aws_sdk_dynamodb::config::{BehaviorVersion, Region, SharedAsyncSleep};
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_async::rt::sleep::TokioSleep;
pub use aws_types::SdkConfig;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::OnceCell;

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The configuration of this process, read from its environment. Without credentials
/// there the SDK's calls fail (a 500 with the cause logged), as on AWS without a role.
pub fn from_env() -> SdkConfig {
    // Defaults for AWS; an emulator under a heavy parallel test load may need more
    // (`TOKO_SDK_ATTEMPT_TIMEOUT_MS`, `TOKO_SDK_OPERATION_TIMEOUT_MS`).
    let millis = |name: &str, default: u64| {
        env(name)
            .and_then(|v| v.parse::<u64>().ok())
            .filter(|ms| (100..=120_000).contains(ms))
            .map(Duration::from_millis)
            .unwrap_or(Duration::from_millis(default))
    };
    let mut config = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(1))
                .operation_attempt_timeout(millis("TOKO_SDK_ATTEMPT_TIMEOUT_MS", 3_000))
                .operation_timeout(millis("TOKO_SDK_OPERATION_TIMEOUT_MS", 7_000))
                .build(),
        )
        .retry_config(RetryConfig::standard().with_max_attempts(2))
        .http_client(https_client())
        .sleep_impl(SharedAsyncSleep::new(TokioSleep::new()));
    if let Some(region) = env("AWS_REGION").or_else(|| env("AWS_DEFAULT_REGION")) {
        config = config.region(Region::new(region));
    }
    if let (Some(id), Some(secret)) = (env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")) {
        let credentials = Credentials::new(id, secret, env("AWS_SESSION_TOKEN"), None, "env");
        config = config.credentials_provider(SharedCredentialsProvider::new(credentials));
    }
    if let Some(endpoint) = env("AWS_ENDPOINT_URL") {
        config = config.endpoint_url(endpoint);
    }
    config.build()
}

/// Where one service's calls go: `AWS_ENDPOINT_URL_<SERVICE>` when it is set (the name the
/// SDKs' own loaders read, e.g. `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_S3`,
/// `AWS_ENDPOINT_URL_SES`, `AWS_ENDPOINT_URL_SECRETS_MANAGER`), else the configuration's
/// (`AWS_ENDPOINT_URL`, or AWS itself when neither is set). Lets one local stack put
/// DynamoDB on moto and S3 and SES on LocalStack.
pub fn endpoint_for(sdk: &SdkConfig, service: &str) -> Option<String> {
    env(&format!("AWS_ENDPOINT_URL_{service}")).or_else(|| sdk.endpoint_url().map(str::to_owned))
}

/// The HTTP client every SDK client of the process shares: hyper with rustls on `ring`
/// (the SDK's default brings `aws-lc-rs`, about half a megabyte more per bootstrap).
/// Connections and the trust roots are set up on first use.
pub fn https_client() -> aws_sdk_dynamodb::config::SharedHttpClient {
    use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
    aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .build_https()
}

/// Maps an SDK failure to our error: transport trouble (timeouts, refused connections,
/// throttling, 5xx) is a retryable 503, anything else a 500. The cause is kept for the log.
pub fn sdk_error<E>(err: SdkError<E, HttpResponse>) -> crate::ports::PortError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let throttled = matches!(
        err.code(),
        Some(
            "ThrottlingException"
                | "ProvisionedThroughputExceededException"
                | "RequestLimitExceeded"
        )
    );
    let transient = throttled
        || matches!(
            err,
            SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_)
        )
        || err
            .raw_response()
            .is_some_and(|r| r.status().as_u16() >= 500);
    if transient {
        crate::ports::PortError::unavailable(err)
    } else {
        crate::ports::PortError::internal(err)
    }
}

/// The process's one SDK configuration, loaded on first use (about 3 ms of a cold
/// start on this machine, so a request that needs no AWS call does not wait for it),
/// or handed in ready (the tools and the tests load it themselves).
#[derive(Clone, Default)]
pub struct Sdk(Arc<OnceCell<SdkConfig>>);

impl Sdk {
    /// Read by [`from_env`] when a client first needs it.
    pub fn lazy() -> Self {
        Self::default()
    }

    pub fn ready(config: SdkConfig) -> Self {
        Self(Arc::new(OnceCell::new_with(Some(config))))
    }

    pub async fn config(&self) -> &SdkConfig {
        self.0.get_or_init(|| async { from_env() }).await
    }
}

/// An SDK client built on its first use from the process's one SDK configuration (and so
/// its one HTTP client), not at start. Clones share the client.
pub struct LazyClient<C> {
    cell: Arc<OnceCell<C>>,
    sdk: Sdk,
    make: fn(&SdkConfig) -> C,
}

impl<C> Clone for LazyClient<C> {
    fn clone(&self) -> Self {
        Self {
            cell: self.cell.clone(),
            sdk: self.sdk.clone(),
            make: self.make,
        }
    }
}

impl<C> LazyClient<C> {
    /// A client `make` builds from `sdk`'s configuration when it is first needed.
    pub fn new(sdk: &Sdk, make: fn(&SdkConfig) -> C) -> Self {
        Self {
            cell: Default::default(),
            sdk: sdk.clone(),
            make,
        }
    }

    /// A client built already (tests hand in one with their own settings).
    pub fn ready(client: C) -> Self {
        fn never<C>(_: &SdkConfig) -> C {
            unreachable!("a ready client is never built again")
        }
        Self {
            cell: Arc::new(OnceCell::new_with(Some(client))),
            sdk: Sdk::lazy(),
            make: never::<C>,
        }
    }

    pub async fn get(&self) -> &C {
        self.cell
            .get_or_init(|| async { (self.make)(self.sdk.config().await) })
            .await
    }
}
