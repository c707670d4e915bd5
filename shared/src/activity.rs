//! Writing staff actions to the activity log (`toko::domain::activity`): each handler
//! that changes something on a staff member's behalf records it here once the change
//! has been made.
//!
//! The entry is written after the change, not in its transaction: a change never fails
//! because the log could not be written. If the write fails (after the SDK's retries),
//! the whole entry goes to the function's log as an error line (`activity not
//! recorded`), so nothing is lost silently.

use crate::auth::Principal;
use crate::domain::{Action, Activity, Actor, RecordRef};
use crate::ports::{ActivityLog, Clock};
use crate::sessions::Sessions;
use std::sync::Arc;

pub struct Recorder {
    log: Arc<dyn ActivityLog>,
    /// Who the staff member is (their name at the time), usually already remembered
    /// from the session check.
    sessions: Arc<Sessions>,
    clock: Arc<dyn Clock>,
}

impl Recorder {
    pub fn new(log: Arc<dyn ActivityLog>, sessions: Arc<Sessions>, clock: Arc<dyn Clock>) -> Self {
        Self {
            log,
            sessions,
            clock,
        }
    }

    /// Records that `who` did `action` on `record`; `change` says what changed, short
    /// (`toko::domain::changes`), or is empty.
    pub async fn record(&self, who: &Principal, action: Action, record: RecordRef, change: &str) {
        let name = self
            .sessions
            .account(&who.user_id)
            .await
            .map(|u| u.name.as_str().to_owned())
            .unwrap_or_default();
        let by = Actor {
            id: who.user_id.clone(),
            name,
            role: who.role,
        };
        let entry = Activity::new(by, action, record, change, self.clock.now());
        if let Err(e) = self.log.append(&entry).await {
            let entry = serde_json::to_string(&entry).unwrap_or_default();
            tracing::error!(%entry, error = %e, "activity not recorded");
        }
    }

    /// Records a change of the `which` settings (see [`Recorder::edited`]).
    pub async fn settings_changed<T: serde::Serialize>(
        &self,
        who: &Principal,
        which: &str,
        before: &T,
        after: &T,
    ) {
        let record = RecordRef::new("settings", which);
        self.edited(who, Action::SettingsChanged, record, before, after)
            .await;
    }

    /// Records an edit: each top-level field of the record's JSON form that changed,
    /// before and after.
    pub async fn edited<T: serde::Serialize>(
        &self,
        who: &Principal,
        action: Action,
        record: RecordRef,
        before: &T,
        after: &T,
    ) {
        let as_json = |v: &T| serde_json::to_value(v).unwrap_or_default();
        let change = crate::domain::json_changes(&as_json(before), &as_json(after));
        self.record(who, action, record, &change).await;
    }
}
