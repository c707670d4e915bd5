//! Accounts: e-mail addresses, passwords, roles, statuses and the user record.

use super::id::ulid_id;
use super::{rfc3339, Note, ParseError, PersonName, Phone};
use serde::{Deserialize, Serialize};
use std::fmt;
use time::OffsetDateTime;

/// An e-mail address, trimmed and lower-cased so that uniqueness is case-insensitive.
///
/// Look-alikes are one address or none: full-width forms (`ｂｕｄｉ@…`) are folded to
/// ASCII as NFKC folds them, and any other character outside ASCII is refused, so a
/// dotless `ı`, a Cyrillic `і` or a Greek `ο` can never make an address that reads like
/// another's. (Mail to non-ASCII local parts needs SMTPUTF8, which SES does not offer;
/// an internationalised domain is written in its `xn--` form.)
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let folded: String = raw.trim().chars().map(fold_width).collect();
        if !folded.is_ascii() {
            return Err("must be written with plain letters (a-z), digits and . _ - + only");
        }
        let s = folded.to_ascii_lowercase();
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

    /// An address as it was stored (checked by the rules of its day; older accounts may
    /// hold addresses today's rules refuse, and they must still load).
    pub fn from_stored(stored: &str) -> Result<Self, ParseError> {
        match stored.trim() {
            "" => Err("is required"),
            s => Ok(Self(s.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space, as NFKC folds them.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
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

ulid_id!(UserId);

impl UserId {
    /// An id no account has (all zeros: ULIDs made now never are).
    pub fn nobody() -> Self {
        Self::parse("00000000000000000000000000").unwrap_or_else(Self::generate)
    }
}

/// Someone with an account: a customer or a staff member.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub name: PersonName,
    pub phone: Option<Phone>,
    /// Where the shop may reach the customer on WhatsApp (often not the phone number).
    pub whatsapp: Option<Phone>,
    pub role: Role,
    pub status: AccountStatus,
    /// The language of the account's mail (and the site's default for it).
    pub locale: Locale,
    pub marketing_opt_in: bool,
    /// The argon2id hash. Stored apart from the profile, on an item no index reads; an
    /// account read by id (profile only) has it empty, one read by e-mail address (for
    /// sign-in) has it.
    pub password_hash: String,
    pub created_at: OffsetDateTime,
    pub decided_at: Option<OffsetDateTime>,
    pub decided_by: Option<UserId>,
    pub decision_note: Option<Note>,
    /// Pre-aggregated counters kept on the profile so `GET /api/me` reads one item.
    pub pending_orders: u32,
    /// Orders placed so far (raised by every placement; for first-order-only vouchers).
    pub orders_placed: u32,
    pub unread_messages: u32,
    /// Bumped when the account's access changes (role, deactivation, password): tokens
    /// carry the version they were issued under and stop working when it moves on.
    pub session_version: u32,
    /// Why mail to the address stopped (SES reported it), if it did.
    pub mail_blocked: Option<MailBlock>,
    /// Whether the owner of the address confirmed it (the link in the registration mail).
    /// Accounts from before verification, and staff, count as verified.
    pub email_verified: bool,
    /// Whether sign-in asks for a one-time code too (`second_factor.rs`).
    pub two_factor: bool,
}

/// Why an address gets no more promo mail: SES said it bounces for good, or its owner
/// marked a mail as spam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailBlock {
    Bounced,
    Complained,
}

impl MailBlock {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bounced => "bounced",
            Self::Complained => "complained",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "bounced" => Some(Self::Bounced),
            "complained" => Some(Self::Complained),
            _ => None,
        }
    }
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
            whatsapp: None,
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
            orders_placed: 0,
            unread_messages: 0,
            session_version: 0,
            mail_blocked: None,
            email_verified: true,
            two_factor: false,
        }
    }

    /// Whether a token issued as `role` under `version` still speaks for this account: the
    /// same role and version, and for staff an active account. (Customers keep signing in
    /// while pending; their routes check approval.)
    pub fn accepts_session(&self, role: Role, version: u32) -> bool {
        self.role == role && self.session_version == version && self.is_active()
    }

    /// Whether the account may have sessions at all: staff only while approved (active).
    pub fn is_active(&self) -> bool {
        self.role == Role::Customer || self.status == AccountStatus::Approved
    }
}

/// What a customer changes in their profile: each field given is set (`Some(None)`
/// removes a phone number), the others stay.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileChange {
    pub name: Option<PersonName>,
    pub phone: Option<Option<Phone>>,
    pub whatsapp: Option<Option<Phone>>,
    pub locale: Option<Locale>,
}

impl ProfileChange {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The account as it is after the change.
    pub fn apply(&self, user: &mut User) {
        if let Some(n) = &self.name {
            user.name = n.clone();
        }
        if let Some(p) = &self.phone {
            user.phone = p.clone();
        }
        if let Some(w) = &self.whatsapp {
            user.whatsapp = w.clone();
        }
        if let Some(l) = self.locale {
            user.locale = l;
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whatsapp: Option<Phone>,
    pub role: Role,
    pub status: AccountStatus,
    pub locale: Locale,
    pub marketing_opt_in: bool,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision_note: Option<Note>,
    /// Set when SES reported the address (promo mail skips it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mail_blocked: Option<MailBlock>,
    pub email_verified: bool,
    pub two_factor: bool,
    /// What the account may do in the console (`permissions.rs`; none for customers).
    pub permissions: Vec<super::Permission>,
}

impl From<&User> for UserView {
    fn from(u: &User) -> Self {
        Self {
            id: u.id.clone(),
            email: u.email.clone(),
            name: u.name.clone(),
            phone: u.phone.clone(),
            whatsapp: u.whatsapp.clone(),
            role: u.role,
            status: u.status,
            locale: u.locale,
            marketing_opt_in: u.marketing_opt_in,
            created_at: rfc3339(u.created_at),
            decided_at: u.decided_at.map(rfc3339),
            decision_note: u.decision_note.clone().filter(|n| !n.is_empty()),
            mail_blocked: u.mail_blocked,
            email_verified: u.email_verified,
            two_factor: u.two_factor,
            permissions: u.role.permissions(),
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
    fn look_alike_addresses_are_one_address_or_refused() {
        // Full-width letters fold to ASCII: the same address as budi@example.com.
        let wide = Email::parse("ｂｕｄｉ@ｅｘａｍｐｌｅ．ｃｏｍ").expect("full-width folds");
        assert_eq!(wide.as_str(), "budi@example.com");
        // A dotless ı (Latin), a Cyrillic і, a Greek ο: refused, never a second account.
        for fake in [
            "budı@example.com",
            "budі@example.com",
            "bοdi@example.com",
            "budi@exаmple.com",
        ] {
            assert!(Email::parse(fake).is_err(), "{fake:?} must be refused");
        }
        assert_eq!(
            Email::parse("budi@xn--bcher-kva.example").map(|e| e.as_str().to_owned()),
            Ok("budi@xn--bcher-kva.example".to_owned())
        );
        // Stored addresses from before these rules still load.
        assert!(Email::from_stored("budı@example.com").is_ok());
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
    fn user_ids_must_be_ulids() {
        let id = UserId::generate();
        assert_eq!(UserId::parse(id.as_str()), Some(id));
        assert_eq!(UserId::parse("../../etc/passwd"), None);
        assert_eq!(UserId::parse(""), None);
    }
}
