//! Passwords (argon2id), the caller of a request (its access token: `tokens.rs`) and
//! role checks.
//! The same code runs under cargo-lambda, in tests and on AWS.

use crate::domain::{AccountStatus, Password, Role, User, UserId};
use crate::error::Error;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use lambda_http::Request;
use std::sync::OnceLock;
use time::OffsetDateTime;

/// Hashes a password with argon2id and a fresh random salt (PHC string format).
pub fn hash_password(password: &Password) -> Result<String, Error> {
    let salt = SaltString::generate(&mut rand_core::OsRng);
    Argon2::default()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::internal(format!("hashing a password failed: {e}")))
}

/// Whether `password` matches the stored PHC hash. A malformed hash never matches.
pub fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spends the same time as a real check, for sign-ins of unknown addresses, so that
/// response time does not tell whether an account exists.
pub fn verify_against_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let phc = DUMMY.get_or_init(|| {
        Password::parse("dummy-password-for-timing")
            .ok()
            .and_then(|p| hash_password(&p).ok())
            .unwrap_or_default()
    });
    let _ = verify_password(password, phc);
}

use crate::tokens::invalid_token;
pub use crate::tokens::{Claims, TokenKeys, UNSUBSCRIBE_LINK_LIFETIME};

/// The signed-in caller of a request.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    pub user_id: UserId,
    pub role: Role,
    /// The session version the token was issued under.
    pub session: u32,
    /// The session may only set up a second factor (`tokens::ENROL_SCOPE`).
    pub enrolment: bool,
}

impl Principal {
    /// 403 unless the caller has one of the roles; admins may do everything staff can.
    pub fn require(&self, roles: &[Role]) -> Result<(), Error> {
        let staff_route = roles.iter().any(|r| r.is_staff());
        if roles.contains(&self.role) || (staff_route && self.role == Role::Admin) {
            Ok(())
        } else {
            Err(Error::forbidden(
                "forbidden",
                "Your account is not allowed to do this.",
            ))
        }
    }
}

impl Principal {
    /// 403 `forbidden` unless the caller's role has the permission
    /// (`toko::domain::permissions`).
    pub fn require_to(&self, p: crate::domain::Permission) -> Result<(), Error> {
        if self.role.may(p) {
            Ok(())
        } else {
            Err(Error::forbidden(
                "forbidden",
                "Your account is not allowed to do this.",
            ))
        }
    }
}

/// Reads and verifies the bearer token: 401 `missing_token`, `invalid_token` or
/// `token_expired`; 403 `second_factor_setup_required` for a session that may only set up
/// a second factor.
pub fn authenticate(
    req: &Request,
    keys: &TokenKeys,
    now: OffsetDateTime,
) -> Result<Principal, Error> {
    let principal = authenticate_any(req, keys, now)?;
    if principal.enrolment {
        return Err(Error::forbidden(
            "second_factor_setup_required",
            "The shop requires admins to use two-step sign-in: set it up first.",
        ));
    }
    Ok(principal)
}

/// [`authenticate`] that also lets an enrol-only session through (the routes that set up
/// a second factor).
pub fn authenticate_any(
    req: &Request,
    keys: &TokenKeys,
    now: OffsetDateTime,
) -> Result<Principal, Error> {
    let token = crate::http::bearer_token(req).ok_or_else(|| {
        Error::unauthorized(
            "missing_token",
            "Please sign in: this route needs an access token.",
        )
    })?;
    let claims = keys.verify(token, now)?;
    let user_id = UserId::parse(&claims.sub).ok_or_else(invalid_token)?;
    Ok(Principal {
        user_id,
        role: claims.role,
        session: claims.ver,
        enrolment: claims.scope.as_deref() == Some(crate::tokens::ENROL_SCOPE),
    })
}

/// [`authenticate`], then whether the account still accepts the token's session (its role,
/// version and, for staff, being active), read at most once a minute per account and
/// container: a role change, a deactivation or a new password takes effect within a
/// minute. 401 `session_revoked` otherwise.
pub async fn authenticate_session(
    req: &Request,
    keys: &TokenKeys,
    sessions: &crate::sessions::Sessions,
    now: OffsetDateTime,
) -> Result<Principal, Error> {
    let principal = authenticate(req, keys, now)?;
    sessions.check(&principal, now).await?;
    Ok(principal)
}

/// [`authenticate_session`] for the routes an enrol-only session may use.
pub async fn authenticate_session_any(
    req: &Request,
    keys: &TokenKeys,
    sessions: &crate::sessions::Sessions,
    now: OffsetDateTime,
) -> Result<Principal, Error> {
    let principal = authenticate_any(req, keys, now)?;
    sessions.check(&principal, now).await?;
    Ok(principal)
}

/// 401 `invalid_token`: the account a valid token names is gone (deleted meanwhile).
pub fn account_gone() -> Error {
    Error::unauthorized(
        "invalid_token",
        "The account of this token no longer exists.",
    )
}

/// 403 `account_not_approved` for a customer whose registration is not approved yet.
pub fn require_approved(user: &User) -> Result<(), Error> {
    if user.role == Role::Customer && user.status != AccountStatus::Approved {
        return Err(crate::domain::Refusal::AccountNotApproved.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Email, PersonName};

    fn user(role: Role) -> User {
        User::new(
            Email::parse("a@example.com").expect("valid"),
            PersonName::parse("A").expect("valid"),
            String::new(),
            role,
            AccountStatus::Approved,
            OffsetDateTime::UNIX_EPOCH,
        )
    }

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let p = Password::parse("correct horse battery").expect("valid");
        let h = hash_password(&p).expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterY", &h));
        assert!(!verify_password("correct horse battery", "not-a-hash"));
    }

    #[test]
    fn admins_pass_staff_checks_but_not_the_other_way_round() {
        let admin = Principal {
            user_id: UserId::generate(),
            role: Role::Admin,
            session: 0,
            enrolment: false,
        };
        let operator = Principal {
            user_id: UserId::generate(),
            role: Role::Operator,
            session: 0,
            enrolment: false,
        };
        let customer = Principal {
            user_id: UserId::generate(),
            role: Role::Customer,
            session: 0,
            enrolment: false,
        };
        assert!(admin.require(&[Role::Operator]).is_ok());
        assert!(operator.require(&[Role::Operator]).is_ok());
        assert!(operator.require(&[Role::Admin]).is_err());
        assert!(customer.require(&[Role::Operator]).is_err());
        assert!(customer.require(&[Role::Customer]).is_ok());
    }

    #[test]
    fn pending_customers_are_not_approved() {
        let mut u = user(Role::Customer);
        u.status = AccountStatus::Pending;
        assert_eq!(
            require_approved(&u).err().map(|e| e.code),
            Some("account_not_approved")
        );
        u.status = AccountStatus::Approved;
        assert!(require_approved(&u).is_ok());
    }
}
