//! Whether a token's session is still good: the account's role, session version and
//! (for staff) activity, read from its profile at most once per
//! [`CHECK_INTERVAL`] per account and container.

use crate::auth::Principal;
use crate::domain::UserId;
use crate::error::Error;
use crate::ports::Users;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use time::{Duration, OffsetDateTime};

/// How long a container trusts what it read about an account: the longest a revoked
/// session keeps working.
pub const CHECK_INTERVAL: Duration = Duration::minutes(1);

/// Accounts remembered per container, at most (the oldest are forgotten first).
const CAPACITY: usize = 10_000;

pub struct Sessions {
    users: Arc<dyn Users>,
    /// Per account: when it was read, and whether (role, version) sessions it accepts.
    seen: Mutex<HashMap<UserId, (OffsetDateTime, crate::domain::Role, u32, bool)>>,
}

fn revoked() -> Error {
    Error::unauthorized(
        "session_revoked",
        "Your access has changed since you signed in. Please sign in again.",
    )
}

impl Sessions {
    pub fn new(users: Arc<dyn Users>) -> Self {
        Self {
            users,
            seen: Mutex::new(HashMap::new()),
        }
    }

    fn remembered(&self, p: &Principal, now: OffsetDateTime) -> Option<bool> {
        let seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (at, role, version, active) = seen.get(&p.user_id)?;
        (now - *at < CHECK_INTERVAL && *at <= now)
            .then_some(*role == p.role && *version == p.session && *active)
    }

    /// 401 `session_revoked` unless the account accepts the principal's session.
    pub async fn check(&self, p: &Principal, now: OffsetDateTime) -> Result<(), Error> {
        let ok = match self.remembered(p, now) {
            Some(ok) => ok,
            None => {
                let user = self.users.get(&p.user_id).await?;
                let ok = user
                    .as_ref()
                    .is_some_and(|u| u.accepts_session(p.role, p.session));
                let mut seen = self
                    .seen
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if seen.len() >= CAPACITY {
                    seen.clear();
                }
                if let Some(u) = &user {
                    let active = u.accepts_session(u.role, u.session_version);
                    seen.insert(p.user_id.clone(), (now, u.role, u.session_version, active));
                }
                ok
            }
        };
        if ok {
            Ok(())
        } else {
            Err(revoked())
        }
    }
}
