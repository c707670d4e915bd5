//! `mailer`: not an HTTP route. EventBridge Scheduler invokes it every few minutes; it
//! sends what the outbox holds (mail whose first send failed), a bounded batch per run,
//! then the payment reminders that are due (`toko::domain::payment`: once per accepted
//! order, a quarter of the window before its deadline), then expires the reward points
//! whose time has come (`toko::domain::points`: what is left of each due credit, first
//! in first out), then mails staff the digest of new work if one is due (`digest.rs`),
//! and answers with what it did: `{"sent": n, "retryLater": n, "givenUp": n,
//! "reminded": n, "pointsExpired": n, "digests": n}`.
//! Locally: `cargo lambda invoke mailer --data-file events/schedule/mailer.json`.

use std::sync::Arc;
use time::OffsetDateTime;
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::OrderStatus;
use toko::outbox::{deliver_due, Delivery, ReliableMailer};
use toko::ports::{
    Clock, Mailer, Orders, Outbox, PageRequest, Points, PortError, ShopSettings, StaffRoster,
    WorkQueue,
};

mod digest;
use toko::wiring;

/// Mails per run: well inside SES's default send rate and the function's timeout.
pub const BATCH: u32 = 25;
/// Accepted orders looked at per run for reminders (pages of 100).
pub const REMINDER_PAGES: usize = 4;
/// Due points credits looked at per run.
pub const EXPIRY_BATCH: u32 = 100;
/// The longest payment window (`parse_window_hours`): older acceptances are past due.
const LONGEST_WINDOW: time::Duration = time::Duration::hours(336);

pub struct Deps {
    pub outbox: Arc<dyn Outbox>,
    pub mailer: Arc<dyn Mailer>,
    /// Accepted orders, for their payment reminders.
    pub orders: Arc<dyn Orders>,
    /// Reward points, for their expiry.
    pub points: Arc<dyn Points>,
    /// The digest's setting and state, the work waiting, and the staff it goes to.
    pub settings: Arc<dyn ShopSettings>,
    pub work: Arc<dyn WorkQueue>,
    pub roster: Arc<dyn StaffRoster>,
    pub clock: Arc<dyn Clock>,
    /// Public origin of the site, for links in e-mails.
    pub site_url: String,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        Ok(Self {
            outbox: store.clone(),
            points: store.clone(),
            settings: store.clone(),
            work: store.clone(),
            roster: store.clone(),
            orders: store,
            mailer: wiring::ses(sdk, settings)?,
            clock,
            site_url: settings.site_url()?,
        })
    }
}

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Run {
    #[serde(flatten)]
    pub outbox: Delivery,
    pub reminded: u32,
    #[serde(rename = "pointsExpired")]
    pub points_expired: u64,
    pub digests: u32,
}

impl std::ops::Deref for Run {
    type Target = Delivery;
    fn deref(&self) -> &Delivery {
        &self.outbox
    }
}

/// One run. The schedule's event carries nothing this needs.
pub async fn handle(deps: &Deps, _event: serde_json::Value) -> Result<Run, lambda_http::Error> {
    let now = deps.clock.now();
    let outbox = deliver_due(&*deps.outbox, &*deps.mailer, now, BATCH).await?;
    let reminded = remind_payments(deps, now).await?;
    let points_expired = expire_points(deps, now).await?;
    // The digest never stops the rest of the run.
    let digests = digest::send_digest(deps, now).await.unwrap_or_else(|e| {
        tracing::error!(error = %e, "staff digest run failed");
        0
    });
    tracing::info!(
        sent = outbox.sent,
        retry_later = outbox.retry_later,
        given_up = outbox.given_up,
        reminded,
        points_expired,
        digests,
        "mailer run"
    );
    Ok(Run {
        outbox,
        reminded,
        points_expired,
        digests,
    })
}

/// Expires what is left of each credit past its date (a batch per run; the rest next
/// time): the points that expired.
async fn expire_points(deps: &Deps, now: OffsetDateTime) -> Result<u64, PortError> {
    let mut expired = 0;
    for lot in deps.points.due_lots(now, EXPIRY_BATCH).await? {
        expired += deps.points.expire(&lot, now).await?;
    }
    Ok(expired)
}

/// Sends each accepted order's one reminder once it is due and before the deadline; a
/// reminder SES refuses waits in the outbox like any other mail.
async fn remind_payments(deps: &Deps, now: OffsetDateTime) -> Result<u32, PortError> {
    let reliable = ReliableMailer {
        send: deps.mailer.clone(),
        outbox: deps.outbox.clone(),
        clock: deps.clock.clone(),
    };
    // This run's name on its claims: a claim the store wrote but whose answer was lost
    // is this run's still when the SDK retries it.
    let claim = toko::domain::next_ulid().to_string();
    let mut reminded = 0;
    let mut cursor = None;
    for _ in 0..REMINDER_PAGES {
        // Newest first: those still inside a window are the most recently accepted, and
        // orders left accepted long past their deadline never crowd them out.
        let page = deps
            .orders
            .list_by_status_newest(OrderStatus::Accepted, &PageRequest { cursor, limit: 100 })
            .await?;
        if page
            .items
            .last()
            .is_some_and(|o| o.updated_at < now - LONGEST_WINDOW)
        {
            cursor = None;
        } else {
            cursor = page.next_cursor.clone();
        }
        for order in &page.items {
            let Some(payment) = &order.payment else {
                continue;
            };
            let due = payment.remind_at().is_some_and(|at| at <= now);
            if !due || payment.is_overdue(now) {
                continue;
            }
            if !deps
                .orders
                .claim_payment_reminder(&order.id, &claim)
                .await?
            {
                continue;
            }
            let mail = toko::order_mail::payment_reminder(order, payment, &deps.site_url);
            match reliable.send(&mail).await {
                Ok(()) => reminded += 1,
                Err(e) => {
                    // Neither sent nor kept: give the reminder back to a later run.
                    tracing::error!(order_id = %order.id, error = %e, "payment reminder not sent");
                    if let Err(e) = deps
                        .orders
                        .release_payment_reminder(&order.id, &claim)
                        .await
                    {
                        tracing::error!(order_id = %order.id, error = %e, "payment reminder claim kept");
                    }
                }
            }
        }
        if cursor.is_none() {
            break;
        }
    }
    Ok(reminded)
}
