//! Staff's second factor: time-based one-time codes (RFC 6238: HMAC-SHA1, 6 digits,
//! 30-second steps, one step of clock drift either way; `totp-rs`) and single-use
//! recovery codes. A code is accepted once: the step it belongs to must be later than
//! the last one used.

use super::ParseError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use totp_rs::{Algorithm, TOTP};

/// The shop's rule for staff sign-in (admin: console → Orders → Security).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecuritySettings {
    /// Admins must use a second factor: one without it gets a session that can only set
    /// one up.
    pub require_admin_totp: bool,
}

/// Recovery codes made at a time.
pub const RECOVERY_CODES: usize = 10;
const STEP: u64 = 30;
const ISSUER: &str = "Toko";

/// The shared key of an authenticator app: 160 random bits (RFC 4226's recommendation).
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(…)")
    }
}

fn random<const N: usize>() -> Result<[u8; N], &'static str> {
    use ring::rand::{SecureRandom, SystemRandom};
    let mut bytes = [0u8; N];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| "no randomness")?;
    Ok(bytes)
}

impl TotpSecret {
    pub fn generate() -> Result<Self, &'static str> {
        Ok(Self(random::<20>()?.to_vec()))
    }

    /// As typed into an authenticator app and stored (RFC 4648 base32, no padding).
    pub fn base32(&self) -> String {
        base32_encode(&self.0)
    }

    pub fn from_base32(raw: &str) -> Option<Self> {
        let bytes = totp_rs::Secret::Encoded(raw.to_owned()).to_bytes().ok()?;
        (bytes.len() >= 16).then_some(Self(bytes))
    }

    fn totp(&self) -> Option<TOTP> {
        TOTP::new(Algorithm::SHA1, 6, 0, STEP, self.0.clone()).ok()
    }

    /// The code of the step containing `at` (what an app shows then).
    pub fn code_at(&self, at: OffsetDateTime) -> String {
        self.totp()
            .map(|t| t.generate(at.unix_timestamp().max(0) as u64))
            .unwrap_or_default()
    }

    /// The step (of 30 s) whose code `code` is, within one step of `now`.
    pub fn step_of(&self, code: &str, now: OffsetDateTime) -> Option<u64> {
        let totp = self.totp()?;
        let current = now.unix_timestamp().max(0) as u64 / STEP;
        [current.saturating_sub(1), current, current + 1]
            .into_iter()
            .find(|step| totp.check(code, step * STEP))
    }

    /// The `otpauth://` link apps read (label "Toko:{account}").
    pub fn otpauth_url(&self, account: &str) -> String {
        let label: String = format!("{ISSUER}:{account}")
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b':' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        format!(
            "otpauth://totp/{label}?secret={}&issuer={ISSUER}&algorithm=SHA1&digits=6&period=30",
            self.base32()
        )
    }
}

fn base32_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// What a person types as the second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondFactorCode {
    /// Six digits from the app.
    Totp(String),
    /// A recovery code, as stored (its hash).
    Recovery(String),
}

impl SecondFactorCode {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let compact: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if compact.len() == 6 && compact.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Self::Totp(compact));
        }
        if compact.len() == 10 && compact.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Ok(Self::Recovery(recovery_hash(&compact)));
        }
        Err("must be the 6 digits from the app or a recovery code")
    }
}

fn recovery_hash(compact: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(compact.as_bytes()))
}

/// New recovery codes: what the person writes down ("abcde-fghij") and what is stored
/// (their SHA-256).
pub fn recovery_codes() -> Result<(Vec<String>, Vec<String>), &'static str> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut shown = Vec::with_capacity(RECOVERY_CODES);
    let mut stored = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let bytes = random::<10>()?;
        let code: String = bytes
            .iter()
            .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
            .collect();
        stored.push(recovery_hash(&code));
        shown.push(format!("{}-{}", &code[..5], &code[5..]));
    }
    Ok((shown, stored))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    /// RFC 6238 appendix B, SHA-1 (its 8-digit codes end in these 6 digits).
    #[test]
    fn codes_match_the_rfc_test_vectors() {
        let secret = TotpSecret(b"12345678901234567890".to_vec());
        assert_eq!(secret.code_at(datetime!(1970-01-01 00:00:59 UTC)), "287082");
        assert_eq!(secret.code_at(datetime!(2005-03-18 01:58:29 UTC)), "081804");
        assert_eq!(secret.code_at(datetime!(2009-02-13 23:31:30 UTC)), "005924");
        assert_eq!(secret.base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(TotpSecret::from_base32(&secret.base32()), Some(secret));
    }

    #[test]
    fn a_code_is_good_for_a_step_either_way_and_no_further() {
        let secret = TotpSecret::generate().expect("secret");
        let now = datetime!(2026-11-30 10:00:15 UTC);
        let code = secret.code_at(now);
        let step = secret.step_of(&code, now).expect("now");
        assert_eq!(
            secret.step_of(&code, now + time::Duration::seconds(30)),
            Some(step)
        );
        assert_eq!(
            secret.step_of(&code, now - time::Duration::seconds(30)),
            Some(step)
        );
        assert_eq!(
            secret.step_of(&code, now + time::Duration::seconds(90)),
            None
        );
        assert_eq!(
            secret.step_of("000000", now).filter(|_| code != "000000"),
            None
        );
    }

    #[test]
    fn recovery_codes_are_typed_loosely_and_stored_hashed() {
        let (shown, stored) = recovery_codes().expect("codes");
        assert_eq!(shown.len(), RECOVERY_CODES);
        let typed = format!(" {} ", shown[3].to_uppercase().replace('-', " "));
        assert_eq!(
            SecondFactorCode::parse(&typed),
            Ok(SecondFactorCode::Recovery(stored[3].clone()))
        );
        assert!(!stored.contains(&shown[3]));
        assert_eq!(
            SecondFactorCode::parse("123 456"),
            Ok(SecondFactorCode::Totp("123456".into()))
        );
        assert!(SecondFactorCode::parse("12345").is_err());
    }

    #[test]
    fn the_app_link_names_the_shop_and_the_account() {
        let secret = TotpSecret(b"12345678901234567890".to_vec());
        assert_eq!(
            secret.otpauth_url("ayu@toko.example"),
            "otpauth://totp/Toko:ayu%40toko.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Toko&algorithm=SHA1&digits=6&period=30"
        );
    }
}
