//! Parsed domain types. Nothing here knows about AWS or HTTP; a value of these types
//! has already passed its checks, so the rest of the code never re-validates.

pub mod catalog;
pub mod files;
pub mod order;
pub mod promo;
pub mod review;

pub use catalog::*;
pub use files::*;
pub use order::*;
pub use promo::*;
pub use review::*;

use serde::{Deserialize, Serialize};
use std::fmt;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Why a raw value was refused, phrased for the person who typed it.
pub type ParseError = &'static str;

/// An e-mail address, trimmed and lower-cased so that uniqueness is case-insensitive.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err("is required");
        }
        if s.len() > 254 {
            return Err("must be at most 254 characters");
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err("must be an e-mail address like name@example.com");
        };
        let valid_local = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let valid_domain = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if valid_local && valid_domain {
            Ok(Self(s))
        } else {
            Err("must be an e-mail address like name@example.com")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A plain-text password as typed. Never printed, never stored (only its hash is).
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let n = raw.chars().count();
        if n < Self::MIN_CHARS {
            return Err("must be at least 8 characters");
        }
        if n > Self::MAX_CHARS {
            return Err("must be at most 128 characters");
        }
        if raw.trim().is_empty() {
            return Err("must not be only spaces");
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Trimmed one-line text: required, at most `max` characters, no control characters.
pub(crate) fn single_line(
    raw: &str,
    max: usize,
    too_long: ParseError,
) -> Result<String, ParseError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("is required");
    }
    if s.chars().count() > max {
        return Err(too_long);
    }
    if s.chars().any(char::is_control) {
        return Err("must not contain control characters");
    }
    Ok(s.to_owned())
}

/// Trimmed free text: at most `max` characters, line breaks and tabs allowed, no other
/// control characters. May be empty (callers that need text check for that).
pub(crate) fn multi_line(
    raw: &str,
    max: usize,
    too_long: ParseError,
) -> Result<String, ParseError> {
    let s = raw.trim();
    if s.chars().count() > max {
        return Err(too_long);
    }
    if s.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err("must not contain control characters");
    }
    Ok(s.to_owned())
}

/// A person's or company's display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        single_line(raw, 100, "must be at most 100 characters").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number as people write it: digits with optional `+`, spaces, dashes, brackets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let s = raw.trim();
        let digits = s.chars().filter(char::is_ascii_digit).count();
        let allowed = s
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        if !allowed || !(6..=20).contains(&digits) || s.len() > 30 {
            return Err("must be a phone number (6 to 20 digits)");
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A free-text note (decision reasons and the like), trimmed, at most 1,000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(transparent)]
pub struct Note(String);

impl Note {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        multi_line(raw, 1000, "must be at most 1000 characters").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The UI and e-mail language of a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
    Id,
}

impl Locale {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "en" => Ok(Self::En),
            "id" => Ok(Self::Id),
            _ => Err("must be \"en\" or \"id\""),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Id => "id",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Customer,
    Operator,
    Marketing,
    Manager,
    Admin,
}

impl Role {
    pub const STAFF: [Role; 4] = [Role::Operator, Role::Marketing, Role::Manager, Role::Admin];

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        match raw.trim() {
            "customer" => Ok(Self::Customer),
            "operator" => Ok(Self::Operator),
            "marketing" => Ok(Self::Marketing),
            "manager" => Ok(Self::Manager),
            "admin" => Ok(Self::Admin),
            _ => Err("must be one of customer, operator, marketing, manager, admin"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::Operator => "operator",
            Self::Marketing => "marketing",
            Self::Manager => "manager",
            Self::Admin => "admin",
        }
    }

    pub fn is_staff(self) -> bool {
        self != Self::Customer
    }
}

/// A customer's account status. Staff accounts are always `approved`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountStatus {
    Pending,
    Approved,
    Rejected,
}

impl AccountStatus {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        match raw.trim() {
            "pending" => Ok(Self::Pending),
            "approved" => Ok(Self::Approved),
            "rejected" => Ok(Self::Rejected),
            _ => Err("must be one of pending, approved, rejected"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }
}

catalog::ulid_id!(UserId);

/// RFC 3339 UTC text of an instant with exactly three fraction digits, as the API and
/// the table store it. The fixed width makes the text sort in time order (index keys).
pub fn rfc3339(t: OffsetDateTime) -> String {
    const FORMAT: &[time::format_description::BorrowedFormatItem<'_>] = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    t.to_offset(time::UtcOffset::UTC)
        .format(FORMAT)
        .unwrap_or_default()
}

pub fn parse_rfc3339(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// Someone with an account: a customer or a staff member.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub name: PersonName,
    pub phone: Option<Phone>,
    pub role: Role,
    pub status: AccountStatus,
    pub locale: Locale,
    pub marketing_opt_in: bool,
    pub password_hash: String,
    pub created_at: OffsetDateTime,
    pub decided_at: Option<OffsetDateTime>,
    pub decided_by: Option<UserId>,
    pub decision_note: Option<Note>,
    /// Pre-aggregated counters kept on the profile so `GET /api/me` reads one item.
    pub pending_orders: u32,
    pub unread_messages: u32,
}

impl User {
    /// A new account: a fresh id, English, no phone, no marketing, no decision yet,
    /// empty counters. Callers override what they know with `..User::new(..)`.
    pub fn new(
        email: Email,
        name: PersonName,
        password_hash: String,
        role: Role,
        status: AccountStatus,
        created_at: OffsetDateTime,
    ) -> Self {
        Self {
            id: UserId::generate(),
            email,
            name,
            phone: None,
            role,
            status,
            locale: Locale::En,
            marketing_opt_in: false,
            password_hash,
            created_at,
            decided_at: None,
            decided_by: None,
            decision_note: None,
            pending_orders: 0,
            unread_messages: 0,
        }
    }
}

/// A registration, parsed from the request body.
#[derive(Debug, Clone)]
pub struct NewCustomer {
    pub email: Email,
    pub password: Password,
    pub name: PersonName,
    pub phone: Option<Phone>,
    pub locale: Locale,
    pub marketing_opt_in: bool,
}

/// An admin's verdict on a pending registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerDecision {
    Approve,
    Reject,
}

impl CustomerDecision {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        match raw.trim() {
            "approve" => Ok(Self::Approve),
            "reject" => Ok(Self::Reject),
            _ => Err("must be \"approve\" or \"reject\""),
        }
    }

    pub fn outcome(self) -> AccountStatus {
        match self {
            Self::Approve => AccountStatus::Approved,
            Self::Reject => AccountStatus::Rejected,
        }
    }
}

/// The public view of a user, as every route returns it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    pub id: UserId,
    pub email: Email,
    pub name: PersonName,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
    pub role: Role,
    pub status: AccountStatus,
    pub locale: Locale,
    pub marketing_opt_in: bool,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision_note: Option<Note>,
}

impl From<&User> for UserView {
    fn from(u: &User) -> Self {
        Self {
            id: u.id.clone(),
            email: u.email.clone(),
            name: u.name.clone(),
            phone: u.phone.clone(),
            role: u.role,
            status: u.status,
            locale: u.locale,
            marketing_opt_in: u.marketing_opt_in,
            created_at: rfc3339(u.created_at),
            decided_at: u.decided_at.map(rfc3339),
            decision_note: u.decision_note.clone().filter(|n| !n.is_empty()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_trimmed_and_lower_cased() {
        let e = Email::parse("  Budi.Santoso@Example.CO.ID ").expect("valid");
        assert_eq!(e.as_str(), "budi.santoso@example.co.id");
    }

    #[test]
    fn email_rejects_malformed_addresses() {
        for bad in [
            "",
            "plain",
            "@example.com",
            "a@",
            "a@b",
            "a b@example.com",
            "a..b@example.com",
            "a@-example.com",
            "a@example..com",
            "<script>@x.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(Email::parse(&format!("{}@example.com", "a".repeat(250))).is_err());
    }

    #[test]
    fn password_length_is_bounded_and_hidden_in_debug() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse("        ").is_err());
        assert!(Password::parse(&"x".repeat(129)).is_err());
        let p = Password::parse("correct horse").expect("valid");
        assert_eq!(format!("{p:?}"), "Password(***)");
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            PersonName::parse("  Sari ").expect("valid").as_str(),
            "Sari"
        );
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse(&"n".repeat(101)).is_err());
        assert!(PersonName::parse("a\u{0}b").is_err());
    }

    #[test]
    fn phone_accepts_common_formats_only() {
        assert!(Phone::parse("+62 812-3456-7890").is_ok());
        assert!(Phone::parse("(021) 555 0101").is_ok());
        assert!(Phone::parse("12345").is_err());
        assert!(Phone::parse("call me").is_err());
    }

    #[test]
    fn user_ids_must_be_ulids() {
        let id = UserId::generate();
        assert_eq!(UserId::parse(id.as_str()), Some(id));
        assert_eq!(UserId::parse("../../etc/passwd"), None);
        assert_eq!(UserId::parse(""), None);
    }

    #[test]
    fn timestamps_have_a_fixed_width_so_they_sort_in_time_order() {
        let a = time::macros::datetime!(2026-01-02 03:04:05.9 UTC);
        let b = time::macros::datetime!(2026-01-02 03:04:05.95 UTC);
        assert_eq!(rfc3339(a), "2026-01-02T03:04:05.900Z");
        assert!(rfc3339(a) < rfc3339(b));
    }

    #[test]
    fn timestamps_are_rfc3339_utc_with_milliseconds() {
        let t = time::macros::datetime!(2026-01-02 03:04:05.123456 +07:00);
        assert_eq!(rfc3339(t), "2026-01-01T20:04:05.123Z");
        assert_eq!(
            parse_rfc3339(&rfc3339(t)).map(|p| p.unix_timestamp()),
            Some(t.unix_timestamp())
        );
    }
}
