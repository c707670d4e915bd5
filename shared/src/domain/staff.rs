//! Staff management (admins): invitations, role changes, deactivation.
//!
//! An invited staff member gets an account at once (active, with a random password
//! nobody knows) and a mail with a link to set their own password, valid for
//! [`INVITE_LINK_TTL`]. Until they use it the account reads as "invited" (its address is
//! not yet confirmed: setting a password through a mailed link confirms it). Role changes
//! and deactivations end the account's sessions (its session version moves on, so tokens
//! stop working within the session cache's minute).
//!
//! Nobody changes their own role or deactivates themselves ([`Refusal::OwnAccount`]), and
//! a change only commits while the admin making it is still an active admin (checked in
//! the same transaction): so two admins demoting each other at once can never leave the
//! shop without one.

use super::{rfc3339, AccountStatus, Email, Locale, PersonName, Refusal, Role, User, UserId};
use serde::Serialize;
use time::{Duration, OffsetDateTime};

/// How long an invitation's set-password link works.
pub const INVITE_LINK_TTL: Duration = Duration::hours(72);

/// Staff accounts a listing answers at most (a small shop has a handful).
pub const MAX_STAFF_LISTED: usize = 200;

/// What an admin asks to change; `None` keeps the current value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StaffChange {
    pub role: Option<Role>,
    pub active: Option<bool>,
}

/// The role and status a change leads to, or why it may not happen. `Ok(None)` when it
/// changes nothing (no write, sessions untouched).
pub fn plan_change(
    by: &UserId,
    target: &User,
    change: StaffChange,
) -> Result<Option<(Role, AccountStatus)>, Refusal> {
    if !target.role.is_staff() {
        return Err(Refusal::NotFound(super::Missing::Staff));
    }
    let role = change.role.unwrap_or(target.role);
    let status = match change.active {
        Some(true) => AccountStatus::Approved,
        Some(false) => AccountStatus::Rejected,
        None => target.status,
    };
    if role == target.role && status == target.status {
        return Ok(None);
    }
    if &target.id == by {
        return Err(Refusal::OwnAccount);
    }
    Ok(Some((role, status)))
}

/// A new staff account as invited: active, its address not yet confirmed, and a password
/// hash of a random secret (so it signs in only after its owner sets a password).
pub fn invited(
    email: Email,
    name: PersonName,
    role: Role,
    locale: Locale,
    unusable_password_hash: String,
    now: OffsetDateTime,
) -> User {
    User {
        locale,
        email_verified: false,
        ..User::new(
            email,
            name,
            unusable_password_hash,
            role,
            AccountStatus::Approved,
            now,
        )
    }
}

/// A staff account as the admins' list shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StaffView {
    pub id: UserId,
    pub email: Email,
    pub name: PersonName,
    pub role: Role,
    /// Whether the account may sign in (deactivated ones may not).
    pub active: bool,
    /// Whether they set a password (accepted the invitation, or were made by the tool).
    pub joined: bool,
    pub two_factor: bool,
    pub created_at: String,
}

impl From<&User> for StaffView {
    fn from(u: &User) -> Self {
        Self {
            id: u.id.clone(),
            email: u.email.clone(),
            name: u.name.clone(),
            role: u.role,
            active: u.status == AccountStatus::Approved,
            joined: u.email_verified,
            two_factor: u.two_factor,
            created_at: rfc3339(u.created_at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(role: Role) -> User {
        User::new(
            Email::parse("op@toko.example").expect("email"),
            PersonName::parse("Op").expect("name"),
            String::new(),
            role,
            AccountStatus::Approved,
            OffsetDateTime::UNIX_EPOCH,
        )
    }

    #[test]
    fn an_admin_changes_others_but_not_themselves() {
        let admin = staff(Role::Admin);
        let op = staff(Role::Operator);
        let promote = StaffChange {
            role: Some(Role::Manager),
            active: None,
        };
        assert_eq!(
            plan_change(&admin.id, &op, promote),
            Ok(Some((Role::Manager, AccountStatus::Approved)))
        );
        let off = StaffChange {
            role: None,
            active: Some(false),
        };
        assert_eq!(
            plan_change(&admin.id, &op, off),
            Ok(Some((Role::Operator, AccountStatus::Rejected)))
        );
        assert_eq!(
            plan_change(&admin.id, &admin, off),
            Err(Refusal::OwnAccount)
        );
        // Asking for what already is changes nothing, even on one's own account.
        let same = StaffChange {
            role: Some(Role::Admin),
            active: Some(true),
        };
        assert_eq!(plan_change(&admin.id, &admin, same), Ok(None));
    }

    #[test]
    fn customers_are_not_staff() {
        let admin = staff(Role::Admin);
        let customer = staff(Role::Customer);
        assert_eq!(
            plan_change(&admin.id, &customer, StaffChange::default()),
            Err(Refusal::NotFound(super::super::Missing::Staff))
        );
    }

    #[test]
    fn an_invited_account_has_not_joined() {
        let u = invited(
            Email::parse("new@toko.example").expect("email"),
            PersonName::parse("New").expect("name"),
            Role::Operator,
            Locale::Id,
            "x".to_owned(),
            OffsetDateTime::UNIX_EPOCH,
        );
        let v = StaffView::from(&u);
        assert!(v.active && !v.joined);
        assert_eq!(u.locale, Locale::Id);
    }
}
