//! Toko's shared library.
//!
//! - [`domain`]: parsed types (no AWS imports).
//! - [`ports`]: narrow async traits, one per capability.
//! - [`adapters`]: DynamoDB and SES implementations of the ports.
//! - [`auth`]: password hashing, signed access tokens, role checks.
//! - [`http`]: problem+json errors, JSON bodies, a tiny path router.
//! - [`config`]: typed settings read once from the environment.
//! - [`outbox`]: mail kept and retried when SES fails.

pub mod adapters;
pub mod auth;
pub mod aws;
pub mod config;
pub mod domain;
pub mod error;
#[cfg(any(test, feature = "fakes"))]
pub mod fakes;
pub mod http;
pub mod mail;
pub mod outbox;
pub mod ports;
pub mod retention;

pub use error::Error;

/// Log as JSON lines (CloudWatch-friendly) at the level in `RUST_LOG` (default `info`).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(false)
        .with_target(false)
        .without_time()
        .init();
}
