//! Getting back into an account: "forgot password" links and their limits.
//!
//! Rules (documented in the README): a reset link carries 256 random bits; only their
//! SHA-256 is stored, for 30 minutes, and the first use consumes it in the transaction
//! that sets the new password and ends every session. Requests are counted per address
//! (3 per window) and per source (20 per window): past the address's limit the answer is
//! the same and no mail goes out, so the limit tells nobody whether the address has an
//! account; past the source's limit the answer is 429.

use super::signin::{AttemptCounter, ATTEMPT_WINDOW};
use super::Email;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use time::Duration;

/// How long a reset link works.
pub const RESET_LINK_TTL: Duration = Duration::minutes(30);
/// How long the link confirming an address works.
pub const VERIFY_LINK_TTL: Duration = Duration::days(7);
/// Verification mails one address may ask again for, per window.
pub const VERIFY_RESENDS: u32 = 3;

/// The counter of "send the verification link again" for an address.
pub fn verify_counter(email: &Email) -> AttemptCounter {
    AttemptCounter {
        key: format!("VERIFY#ADDR#{email}"),
        limit: VERIFY_RESENDS,
        reset_on_success: false,
    }
}
/// How long a link confirming a change of address works.
pub const EMAIL_CHANGE_LINK_TTL: Duration = Duration::hours(24);

/// The counter of changes of address one account may ask for per window (each sends
/// two mails).
pub fn email_change_counter(email: &Email) -> AttemptCounter {
    AttemptCounter {
        key: format!("CHANGE#ADDR#{email}"),
        limit: VERIFY_RESENDS,
        reset_on_success: false,
    }
}

/// Reset mails per address per window ([`ATTEMPT_WINDOW`]).
pub const RESETS_PER_ADDRESS: u32 = 3;
/// Reset requests per source per window.
pub const RESETS_PER_SOURCE: u32 = 20;

/// The counters a reset request is reserved on: the address's, the source's.
pub fn reset_counters(email: &Email, source: Option<&str>) -> [AttemptCounter; 2] {
    let source = super::signin::source_key(source);
    [
        AttemptCounter {
            key: format!("RESET#ADDR#{email}"),
            limit: RESETS_PER_ADDRESS,
            reset_on_success: false,
        },
        AttemptCounter {
            key: format!("RESET#SRC#{source}"),
            limit: RESETS_PER_SOURCE,
            reset_on_success: false,
        },
    ]
}

/// The window the counters above use.
pub const RESET_WINDOW: Duration = ATTEMPT_WINDOW;

/// A one-time link's secret (password reset, address verification): what the mail
/// carries, and the hash that is stored.
#[derive(Debug, Clone)]
pub struct ResetToken {
    pub token: String,
    pub hash: String,
}

impl ResetToken {
    /// 32 random bytes, URL-safe base64 (43 characters).
    pub fn generate() -> Result<Self, &'static str> {
        use ring::rand::{SecureRandom, SystemRandom};
        let mut bytes = [0u8; 32];
        SystemRandom::new()
            .fill(&mut bytes)
            .map_err(|_| "no randomness")?;
        let token = URL_SAFE_NO_PAD.encode(bytes);
        let hash = Self::hash(&token);
        Ok(Self { token, hash })
    }

    fn hash(token: &str) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
    }

    /// The stored form of a token someone presents, if it could be one at all.
    pub fn hash_of(presented: &str) -> Option<String> {
        let ok = presented.len() == 43
            && presented
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| Self::hash(presented))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_matches() {
        let a = ResetToken::generate().expect("token");
        let b = ResetToken::generate().expect("token");
        assert_ne!(a.token, b.token);
        assert_eq!(a.token.len(), 43);
        assert_eq!(ResetToken::hash_of(&a.token), Some(a.hash.clone()));
        assert_ne!(a.hash, a.token);
        assert_eq!(ResetToken::hash_of("short"), None);
        assert_eq!(ResetToken::hash_of(&"!".repeat(43)), None);
    }

    #[test]
    fn requests_count_per_address_and_per_source() {
        let email = Email::parse("Ana@Example.com").expect("email");
        let [addr, src] = reset_counters(&email, Some("203.0.113.7"));
        assert_eq!(addr.key, "RESET#ADDR#ana@example.com");
        assert_eq!(src.key, "RESET#SRC#203.0.113.7");
        assert!(addr.limit < src.limit);
    }
}
