//! Mail that must not be lost. Order changes and inbox messages are committed first and
//! mailed after; when SES fails then, the mail goes to the [`Outbox`] instead of the log,
//! and the `mailer` function (on a schedule) sends it later with backoff.

use crate::mail::Mail;
use crate::ports::PortError;
use crate::ports::{Clock, Mailer, Outbox};
use async_trait::async_trait;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

/// Sends at once; keeps the mail in the outbox when the send fails.
pub struct ReliableMailer {
    pub send: Arc<dyn Mailer>,
    pub outbox: Arc<dyn Outbox>,
    pub clock: Arc<dyn Clock>,
}

#[async_trait]
impl Mailer for ReliableMailer {
    async fn send(&self, mail: &Mail) -> Result<(), PortError> {
        let Err(e) = self.send.send(mail).await else {
            return Ok(());
        };
        tracing::warn!(error = %e, "mail not sent; kept in the outbox for a later try");
        let first_retry = self.clock.now() + retry_delay(1);
        self.outbox.hold(mail, first_retry).await
    }
}

/// Sends that may fail before a mail is given up on (about a day of tries).
pub const MAX_ATTEMPTS: u32 = 8;

/// The wait after the `attempts`-th failed send: 5 minutes, doubling, at most 6 hours.
pub fn retry_delay(attempts: u32) -> Duration {
    let minutes = 5i64 << attempts.saturating_sub(1).min(7);
    Duration::minutes(minutes.min(360))
}

/// What one run of the outbox did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    pub sent: u32,
    pub retry_later: u32,
    pub given_up: u32,
}

/// Sends up to `limit` due mails: sent ones leave the outbox, failed ones wait longer,
/// and after [`MAX_ATTEMPTS`] a mail moves to the dead letters.
pub async fn deliver_due(
    outbox: &dyn Outbox,
    mailer: &dyn Mailer,
    now: OffsetDateTime,
    limit: u32,
) -> Result<Delivery, PortError> {
    let mut done = Delivery::default();
    for held in outbox.due(now, limit).await? {
        match mailer.send(&held.mail).await {
            Ok(()) => {
                outbox.sent(&held).await?;
                done.sent += 1;
            }
            Err(e) if held.attempts + 1 >= MAX_ATTEMPTS => {
                tracing::error!(id = held.id, error = %e, "mail given up after {MAX_ATTEMPTS} tries");
                outbox.failed(&held, None).await?;
                done.given_up += 1;
            }
            Err(e) => {
                tracing::warn!(id = held.id, error = %e, "mail still not sent");
                let next = now + retry_delay(held.attempts + 1);
                outbox.failed(&held, Some(next)).await?;
                done.retry_later += 1;
            }
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_from_five_minutes_up_to_six_hours() {
        let waits: Vec<i64> = (1..=9).map(|a| retry_delay(a).whole_minutes()).collect();
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 320, 360, 360]);
    }
}
