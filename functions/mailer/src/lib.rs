//! `mailer`: not an HTTP route. EventBridge Scheduler invokes it every few minutes; it
//! sends what the outbox holds (mail whose first send failed), a bounded batch per run,
//! and answers with what it did: `{"sent": n, "retryLater": n, "givenUp": n}`.
//! Locally: `cargo lambda invoke mailer --data-file events/schedule/mailer.json`.

use std::sync::Arc;
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::outbox::{deliver_due, Delivery};
use toko::ports::{Clock, Mailer, Outbox};
use toko::wiring;

/// Mails per run: well inside SES's default send rate and the function's timeout.
pub const BATCH: u32 = 25;

pub struct Deps {
    pub outbox: Arc<dyn Outbox>,
    pub mailer: Arc<dyn Mailer>,
    pub clock: Arc<dyn Clock>,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        Ok(Self {
            outbox: wiring::store(sdk, settings)?,
            mailer: wiring::ses(sdk, settings)?,
            clock,
        })
    }
}

/// One run. The schedule's event carries nothing this needs.
pub async fn handle(
    deps: &Deps,
    _event: serde_json::Value,
) -> Result<Delivery, lambda_http::Error> {
    let done = deliver_due(&*deps.outbox, &*deps.mailer, deps.clock.now(), BATCH).await?;
    tracing::info!(
        sent = done.sent,
        retry_later = done.retry_later,
        given_up = done.given_up,
        "outbox run"
    );
    Ok(done)
}
