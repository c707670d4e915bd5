//! The staff e-mail digest of new work: a shop setting (off, each time new work comes,
//! at most hourly); the scheduled mailer run counts the work waiting, notes what grew
//! since its last run, and mails each active staff member the new work their role does,
//! with what is waiting in all.
//!
//! "Each time" means within the scheduler's period (5 minutes): work that arrives in the
//! same period makes one mail. What is counted is growth between runs (a queue that lost
//! one and gained one in the same period shows no news).

use super::{rfc3339, Role, WaitingView, WaitingWork};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// How often the hourly digest may go.
pub const HOURLY: Duration = Duration::hours(1);
/// A count older than this is no baseline (the digest was off, or runs stopped): the
/// first run after takes the counts as they are, without news.
pub const STALE: Duration = Duration::minutes(15);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DigestMode {
    #[default]
    Off,
    Each,
    Hourly,
}

impl DigestMode {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        match raw.trim() {
            "off" => Ok(Self::Off),
            "each" => Ok(Self::Each),
            "hourly" => Ok(Self::Hourly),
            _ => Err("must be off, each or hourly"),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DigestSettings {
    pub mode: DigestMode,
}

/// Counts as stored (the queues of [`WaitingWork`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub registrations: u32,
    pub pending_orders: u32,
    pub proofs_to_check: u32,
    pub unanswered_messages: u32,
}

impl From<WaitingWork> for Counts {
    fn from(w: WaitingWork) -> Self {
        Self {
            registrations: w.registrations,
            pending_orders: w.pending_orders,
            proofs_to_check: w.proofs_to_check,
            unanswered_messages: w.unanswered_messages,
        }
    }
}

impl From<Counts> for WaitingWork {
    fn from(c: Counts) -> Self {
        Self {
            registrations: c.registrations,
            pending_orders: c.pending_orders,
            proofs_to_check: c.proofs_to_check,
            unanswered_messages: c.unanswered_messages,
        }
    }
}

impl Counts {
    fn grown(self, since: Counts) -> Counts {
        Counts {
            registrations: self.registrations.saturating_sub(since.registrations),
            pending_orders: self.pending_orders.saturating_sub(since.pending_orders),
            proofs_to_check: self.proofs_to_check.saturating_sub(since.proofs_to_check),
            unanswered_messages: self
                .unanswered_messages
                .saturating_sub(since.unanswered_messages),
        }
    }

    fn plus(self, o: Counts) -> Counts {
        Counts {
            registrations: self.registrations.saturating_add(o.registrations),
            pending_orders: self.pending_orders.saturating_add(o.pending_orders),
            proofs_to_check: self.proofs_to_check.saturating_add(o.proofs_to_check),
            unanswered_messages: self
                .unanswered_messages
                .saturating_add(o.unanswered_messages),
        }
    }

    pub fn is_empty(self) -> bool {
        self == Counts::default()
    }
}

/// What the digest remembers between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DigestState {
    /// The counts of the last run, and when.
    pub seen: Counts,
    pub seen_at: Option<String>,
    /// Work that came since the last digest went out.
    pub news: Counts,
    pub sent_at: Option<String>,
}

/// What one run decided: the state to keep, and the news to mail now (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestRun {
    pub state: DigestState,
    pub send: Option<Counts>,
}

impl DigestState {
    /// One run at `now` with the counts `waiting`: news grows by what each queue gained
    /// since the last run; it is sent when the mode says so.
    pub fn run(&self, mode: DigestMode, waiting: WaitingWork, now: OffsetDateTime) -> DigestRun {
        let at = |s: &Option<String>| s.as_deref().and_then(super::parse_rfc3339);
        let counts = Counts::from(waiting);
        let fresh = at(&self.seen_at).is_some_and(|t| now - t <= STALE && t <= now);
        let gained = if fresh {
            counts.grown(self.seen)
        } else {
            Counts::default()
        };
        let news = self.news.plus(gained);
        let due = match mode {
            DigestMode::Off => false,
            DigestMode::Each => true,
            DigestMode::Hourly => at(&self.sent_at).is_none_or(|t| now - t >= HOURLY),
        };
        let send = (due && !news.is_empty()).then_some(news);
        DigestRun {
            state: DigestState {
                seen: counts,
                seen_at: Some(rfc3339(now)),
                news: if send.is_some() {
                    Counts::default()
                } else {
                    news
                },
                sent_at: if send.is_some() {
                    Some(rfc3339(now))
                } else {
                    self.sent_at.clone()
                },
            },
            send,
        }
    }
}

/// What one staff member is told: the news and the waiting work their role does, or
/// nothing when none of the news is theirs.
pub fn digest_for(
    role: Role,
    news: Counts,
    waiting: WaitingWork,
) -> Option<(WaitingView, WaitingView)> {
    let mine = WaitingWork::from(news).for_role(role);
    let any = [
        mine.registrations,
        mine.pending_orders,
        mine.proofs_to_check,
        mine.unanswered_messages,
    ]
    .iter()
    .any(|n| n.is_some_and(|n| n > 0));
    any.then(|| (mine, waiting.for_role(role)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(orders: u32, messages: u32) -> WaitingWork {
        WaitingWork {
            pending_orders: orders,
            unanswered_messages: messages,
            ..WaitingWork::default()
        }
    }

    const T0: OffsetDateTime = OffsetDateTime::UNIX_EPOCH;

    #[test]
    fn each_time_mails_what_came_since_the_last_run() {
        let m = DigestMode::Each;
        // The first run is a baseline: what waits was there before.
        let r = DigestState::default().run(m, work(3, 1), T0);
        assert_eq!(r.send, None);
        // Two orders came, one message was answered.
        let r = r.state.run(m, work(5, 0), T0 + Duration::minutes(5));
        assert_eq!(
            r.send.map(|n| (n.pending_orders, n.unanswered_messages)),
            Some((2, 0))
        );
        // Nothing new: nothing sent.
        let r = r.state.run(m, work(5, 0), T0 + Duration::minutes(10));
        assert_eq!(r.send, None);
        // After a long pause the counts are a new baseline, not news.
        let r = r.state.run(m, work(9, 0), T0 + Duration::hours(2));
        assert_eq!(r.send, None);
    }

    #[test]
    fn hourly_gathers_news_and_sends_at_most_once_an_hour() {
        let m = DigestMode::Hourly;
        let s = DigestState::default().run(m, work(0, 0), T0).state;
        let r = s.run(m, work(1, 0), T0 + Duration::minutes(5));
        assert_eq!(
            r.send.map(|n| n.pending_orders),
            Some(1),
            "the first one goes at once"
        );
        let r = r.state.run(m, work(2, 0), T0 + Duration::minutes(10));
        assert_eq!(r.send, None, "within the hour");
        let r = r.state.run(m, work(2, 1), T0 + Duration::minutes(15));
        assert_eq!(r.send, None);
        let mut s = r.state;
        for i in 4..13 {
            s = s.run(m, work(2, 1), T0 + Duration::minutes(5 * i)).state;
        }
        let r = s.run(m, work(2, 1), T0 + Duration::minutes(65));
        assert_eq!(
            r.send.map(|n| (n.pending_orders, n.unanswered_messages)),
            Some((1, 1)),
            "the hour's news together"
        );
    }

    #[test]
    fn off_sends_nothing_and_each_member_hears_only_their_work() {
        let s = DigestState::default()
            .run(DigestMode::Off, work(0, 0), T0)
            .state;
        assert_eq!(
            s.run(DigestMode::Off, work(4, 4), T0 + Duration::minutes(5))
                .send,
            None
        );
        let news = Counts {
            unanswered_messages: 1,
            ..Counts::default()
        };
        assert!(digest_for(Role::Marketing, news, work(3, 1)).is_some());
        let orders_only = Counts {
            pending_orders: 1,
            ..Counts::default()
        };
        assert!(digest_for(Role::Marketing, orders_only, work(3, 1)).is_none());
        let (mine, all) = digest_for(Role::Operator, orders_only, work(3, 1)).expect("theirs");
        assert_eq!(
            (mine.pending_orders, all.pending_orders, all.registrations),
            (Some(1), Some(3), None)
        );
    }
}
