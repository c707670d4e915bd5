//! Sign-in attempts: what each attempt is counted against, and how many each allows.
//!
//! An attempt is reserved on every counter before the password is checked, so parallel
//! guesses cannot pass the limit; a successful sign-in gives its reservation back. Counting
//! per address *and source* (the caller's IP) as well as per address means one attacker
//! cannot lock a customer out of their own connection: the address-wide limit is four
//! times higher, so it takes guesses from several sources, and every lock lifts by itself
//! [`ATTEMPT_WINDOW`] after the window's first attempt.

use super::Email;
use time::Duration;

/// How long a counter's window lasts from its first attempt.
pub const ATTEMPT_WINDOW: Duration = Duration::minutes(15);
/// Failed sign-ins for one address from one source, per window.
pub const PER_ADDRESS_AND_SOURCE: u32 = 5;
/// Failed sign-ins for one address from anywhere, per window.
pub const PER_ADDRESS: u32 = 20;
/// Failed sign-ins from one source for any addresses, per window (shared connections,
/// e.g. a mobile carrier's, stay usable: successes do not count).
pub const PER_SOURCE: u32 = 20;

/// One thing attempts are counted against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptCounter {
    /// The counter's name (`ADDR#…`, `SRC#…`, `PAIR#…`).
    pub key: String,
    pub limit: u32,
    /// A successful sign-in resets the counter (it proves the password); otherwise it only
    /// gives its own attempt back (one account's success must not clear a source's guesses).
    pub reset_on_success: bool,
}

/// A caller's address as counters name it (`unknown` when it is not known or not sane).
pub(crate) fn source_key(source: Option<&str>) -> &str {
    source
        .map(str::trim)
        .filter(|s| !s.is_empty() && s.len() <= 64)
        .unwrap_or("unknown")
}

/// The counters of an attempt to sign in as `email` from `source` (`None` when the
/// caller's address is unknown: such callers share one source).
pub fn attempt_counters(email: &Email, source: Option<&str>) -> [AttemptCounter; 3] {
    let source = source_key(source);
    [
        AttemptCounter {
            key: format!("PAIR#{email}#{source}"),
            limit: PER_ADDRESS_AND_SOURCE,
            reset_on_success: true,
        },
        AttemptCounter {
            key: format!("ADDR#{email}"),
            limit: PER_ADDRESS,
            reset_on_success: true,
        },
        AttemptCounter {
            key: format!("SRC#{source}"),
            limit: PER_SOURCE,
            reset_on_success: false,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attempt_counts_against_the_pair_the_address_and_the_source() {
        let email = Email::parse("Ana@Example.com").expect("email");
        let c = attempt_counters(&email, Some("203.0.113.7"));
        assert_eq!(c[0].key, "PAIR#ana@example.com#203.0.113.7");
        assert_eq!(c[1].key, "ADDR#ana@example.com");
        assert_eq!(c[2].key, "SRC#203.0.113.7");
        assert!(c[0].limit < c[1].limit, "one source locks only itself out");
        assert!(!c[2].reset_on_success);
        let unknown = attempt_counters(&email, Some(" "));
        assert_eq!(unknown[2].key, "SRC#unknown");
    }
}
