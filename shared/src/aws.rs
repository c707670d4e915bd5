//! The AWS SDK configuration every function shares: bounded timeouts and retries so a
//! slow or absent dependency turns into a quick 503, not a hung request.
//! `AWS_ENDPOINT_URL` (read by the SDK itself) points it at moto, LocalStack or AWS.

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::BehaviorVersion;
pub use aws_config::SdkConfig;
use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use std::time::Duration;

pub async fn load() -> SdkConfig {
    // Defaults for AWS; an emulator under a heavy parallel test load may need more
    // (`TOKO_SDK_ATTEMPT_TIMEOUT_MS`, `TOKO_SDK_OPERATION_TIMEOUT_MS`).
    let millis = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .filter(|ms| (100..=120_000).contains(ms))
            .map(Duration::from_millis)
            .unwrap_or(Duration::from_millis(default))
    };
    aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(1))
                .operation_attempt_timeout(millis("TOKO_SDK_ATTEMPT_TIMEOUT_MS", 3_000))
                .operation_timeout(millis("TOKO_SDK_OPERATION_TIMEOUT_MS", 7_000))
                .build(),
        )
        .retry_config(RetryConfig::standard().with_max_attempts(2))
        .load()
        .await
}

/// Maps an SDK failure to our error: transport trouble (timeouts, refused connections,
/// throttling, 5xx) is a retryable 503, anything else a 500. The cause is kept for the log.
pub fn sdk_error<E>(err: SdkError<E, HttpResponse>) -> crate::Error
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
        crate::Error::unavailable(err)
    } else {
        crate::Error::internal(err)
    }
}
