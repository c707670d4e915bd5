//! Toko's shared library.
//!
//! - [`domain`]: parsed types and the rules (order life cycle, refusals, analytics);
//!   no AWS or HTTP imports.
//! - [`ports`]: narrow async traits, one per capability, speaking the domain
//!   ([`ports::PortError`]: a refusal, a dependency that did not answer, or a bug).
//! - [`adapters`]: DynamoDB (one file per port), S3 and SES implementations of the ports.
//! - [`auth`]: password hashing, signed access tokens, role checks; [`jwt`]: HS256 tokens.
//! - [`error`]: the one error type of the HTTP answers, and the one mapping of refusals
//!   and port errors to it.
//! - [`http`]: problem+json answers, JSON bodies, request parsing.
//! - [`router`]: each function's declared route table ([`routes!`]).
//! - [`config`]: typed settings read once from the environment.
//! - [`aws`]: the shared SDK configuration, clients built on first use.
//! - [`wiring`]: the adapters each function's `Deps::new` is built from.
//! - [`mail`]: the e-mails, in English and Indonesian; [`order_mail`]: those about an
//!   order's money (received, how to pay, reminder).
//! - [`outbox`]: mail kept and retried when SES fails.
//! - [`retention`]: files of closed orders tagged for expiry.

pub mod account_mail;
pub mod activity;
pub mod adapters;
pub mod auth;
pub mod aws;
pub mod config;
pub mod domain;
pub mod error;
#[cfg(any(test, feature = "fakes"))]
pub mod fakes;
pub mod http;
pub mod jwt;
pub mod mail;
pub mod order_mail;
pub mod outbox;
pub mod pdf;
pub mod ports;
pub mod reauth;
pub mod retention;
pub mod router;
pub mod sessions;
pub mod tokens;
pub mod wiring;

pub use error::Error;

/// Log as JSON lines (CloudWatch-friendly) at the level in `RUST_LOG` (`off`, `error`,
/// `warn`, `info`, `debug` or `trace`; default `info`). One level for the whole process: the
/// per-module filter syntax would bring a regex engine into every bootstrap.
pub fn init_tracing() {
    let level = std::env::var("RUST_LOG")
        .ok()
        .and_then(|v| v.trim().parse::<tracing::level_filters::LevelFilter>().ok())
        .unwrap_or(tracing::level_filters::LevelFilter::INFO);
    tracing_subscriber::fmt()
        .json()
        .with_max_level(level)
        .with_current_span(false)
        .with_target(false)
        .without_time()
        .init();
}
