//! Narrow async traits, one per capability. Functions hold them as `Arc<dyn Port>`;
//! the AWS adapters and the in-memory fakes implement them.

use crate::domain::{AccountStatus, CustomerDecision, Email, Note, User, UserId};
use crate::mail::Mail;
use crate::Error;
use async_trait::async_trait;
use time::OffsetDateTime;

/// One page of a listing and the opaque cursor of the next (absent on the last page).
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// Where a listing starts and how long a page is.
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    pub cursor: Option<String>,
    pub limit: u32,
}

#[async_trait]
pub trait Users: Send + Sync {
    /// Stores a new account. The e-mail is claimed atomically with the profile:
    /// 409 `email_taken` when it is in use, and nothing half-written either way.
    async fn create(&self, user: &User) -> Result<(), Error>;
    async fn get(&self, id: &UserId) -> Result<Option<User>, Error>;
    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, Error>;
    /// Customers with the status, oldest registration first.
    async fn list_customers(
        &self,
        status: AccountStatus,
        page: &PageRequest,
    ) -> Result<Page<User>, Error>;
    /// Moves a pending customer to approved or rejected, exactly once:
    /// 404 when there is no such customer, 409 `invalid_transition` when not pending.
    async fn decide(
        &self,
        id: &UserId,
        decision: CustomerDecision,
        by: &UserId,
        note: &Note,
        at: OffsetDateTime,
    ) -> Result<User, Error>;
}

/// Failed sign-ins per e-mail address, counted in a window that starts at the first failure.
#[async_trait]
pub trait LoginAttempts: Send + Sync {
    /// Failures recorded since `since`.
    async fn failures_since(&self, email: &Email, since: OffsetDateTime) -> Result<u32, Error>;
    /// Counts one failure; a window older than `since` starts over.
    async fn record_failure(
        &self,
        email: &Email,
        now: OffsetDateTime,
        since: OffsetDateTime,
    ) -> Result<(), Error>;
    async fn clear(&self, email: &Email) -> Result<(), Error>;
}

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: &Mail) -> Result<(), Error>;
}

pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

/// The wall clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}
