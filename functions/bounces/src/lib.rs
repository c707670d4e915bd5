//! `bounces`: not an HTTP route. SES publishes the events of Toko's configuration set
//! (bounces, complaints) to an SNS topic, which invokes this. A permanent bounce or a
//! complaint marks the address's account as not mailable (`mailBlocked`): it is opted out
//! of promotions, off the promo list, and the console shows why. Transient bounces (a full
//! mailbox) change nothing. Answers `{"blocked": n, "ignored": n}`.
//! Locally: `cargo lambda invoke bounces --data-file events/sns/bounces.json`.

use serde_json::{json, Value};
use std::sync::Arc;
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{Email, MailBlock};
use toko::ports::{Clock, Marketing};
use toko::wiring;

pub struct Deps {
    pub marketing: Arc<dyn Marketing>,
    pub clock: Arc<dyn Clock>,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        Ok(Self {
            marketing: wiring::store(sdk, settings)?,
            clock,
        })
    }
}

/// The addresses one SES notification reports for good, and why. SES event publishing
/// names the kind `eventType`, identity notifications `notificationType`; both carry the
/// same `bounce` / `complaint` objects.
pub fn reported(notification: &Value) -> Vec<(Email, MailBlock)> {
    let kind = notification["eventType"]
        .as_str()
        .or_else(|| notification["notificationType"].as_str())
        .unwrap_or("");
    let (why, list) = match kind {
        "Bounce" if notification["bounce"]["bounceType"] == "Permanent" => (
            MailBlock::Bounced,
            &notification["bounce"]["bouncedRecipients"],
        ),
        "Complaint" => (
            MailBlock::Complained,
            &notification["complaint"]["complainedRecipients"],
        ),
        _ => return Vec::new(),
    };
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["emailAddress"].as_str())
        .filter_map(|a| Email::parse(a).ok())
        .map(|e| (e, why))
        .collect()
}

/// One SNS delivery (one or more records, each an SES notification as JSON text).
pub async fn handle(deps: &Deps, event: Value) -> Result<Value, lambda_http::Error> {
    let (mut blocked, mut ignored) = (0u32, 0u32);
    let now = deps.clock.now();
    for record in event["Records"].as_array().into_iter().flatten() {
        let message = record["Sns"]["Message"].as_str().unwrap_or("");
        let Ok(notification) = serde_json::from_str::<Value>(message) else {
            tracing::warn!("an SNS message that is not an SES notification");
            ignored += 1;
            continue;
        };
        let addresses = reported(&notification);
        if addresses.is_empty() {
            ignored += 1;
        }
        for (email, why) in addresses {
            if deps.marketing.block_mail(&email, why, now).await? {
                tracing::info!(why = why.as_str(), "address marked not mailable");
                blocked += 1;
            } else {
                ignored += 1; // no account has it
            }
        }
    }
    Ok(json!({ "blocked": blocked, "ignored": ignored }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permanent_bounces_and_complaints_count_transient_bounces_do_not() {
        let bounce = json!({ "eventType": "Bounce", "bounce": { "bounceType": "Permanent",
            "bouncedRecipients": [{ "emailAddress": "Ani@Example.com" }, { "emailAddress": "not an address" }] } });
        assert_eq!(
            reported(&bounce),
            vec![(
                Email::parse("ani@example.com").expect("email"),
                MailBlock::Bounced
            )]
        );
        let full = json!({ "notificationType": "Bounce", "bounce": { "bounceType": "Transient",
            "bouncedRecipients": [{ "emailAddress": "ani@example.com" }] } });
        assert!(reported(&full).is_empty());
        let spam = json!({ "notificationType": "Complaint", "complaint": {
            "complainedRecipients": [{ "emailAddress": "budi@example.com" }] } });
        assert_eq!(reported(&spam)[0].1, MailBlock::Complained);
        assert!(reported(&json!({ "eventType": "Delivery" })).is_empty());
    }
}
