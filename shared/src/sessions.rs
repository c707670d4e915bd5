//! Whether a token's session is still good: the account's role, session version and
//! (for staff) activity, read from its profile at most once per
//! [`CHECK_INTERVAL`] per account and container.

use crate::auth::Principal;
use crate::domain::{User, UserId};
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
    /// Per account: when it was read, and the account as read then.
    seen: Mutex<HashMap<UserId, (OffsetDateTime, User)>>,
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

    fn remembered(&self, id: &UserId, now: OffsetDateTime) -> Option<User> {
        let seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (at, user) = seen.get(id)?;
        (now - *at < CHECK_INTERVAL && *at <= now).then(|| user.clone())
    }

    /// The account as last read (to name who did something), read now if not remembered.
    pub async fn account(&self, id: &UserId) -> Option<User> {
        let remembered = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(id)
            .map(|(_, u)| u.clone());
        match remembered {
            Some(u) => Some(u),
            None => self.users.get(id).await.ok().flatten(),
        }
    }

    /// 401 `session_revoked` unless the account accepts the principal's session
    /// ([`User::accepts_session`]).
    pub async fn check(&self, p: &Principal, now: OffsetDateTime) -> Result<(), Error> {
        // A token newer than what this container remembers (the password was just changed,
        // and the new session came with it): the memory is stale, not the token.
        let remembered = self
            .remembered(&p.user_id, now)
            .filter(|u| u.session_version >= p.session);
        let user = match remembered {
            Some(u) => Some(u),
            None => {
                let user = self.users.get(&p.user_id).await?;
                if let Some(u) = &user {
                    let mut seen = self
                        .seen
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    if seen.len() >= CAPACITY {
                        seen.clear();
                    }
                    seen.insert(p.user_id.clone(), (now, u.clone()));
                }
                user
            }
        };
        if user.is_some_and(|u| u.accepts_session(p.role, p.session)) {
            Ok(())
        } else {
            Err(revoked())
        }
    }
}
