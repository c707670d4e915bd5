//! Passwords (argon2id), signed access tokens (HS256 JWT with expiry) and role checks.
//! The same code runs under cargo-lambda, in tests and on AWS.

use crate::domain::{AccountStatus, Password, Role, User, UserId};
use crate::error::Error;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use lambda_http::Request;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use time::{Duration, OffsetDateTime};

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

/// What a token says about its bearer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    pub sub: String,
    pub role: Role,
    pub iss: String,
    pub iat: i64,
    pub exp: i64,
}

const ISSUER: &str = "toko";

/// The signing keys and token lifetime. The secret comes from configuration only.
#[derive(Clone)]
pub struct TokenKeys {
    secret: Vec<u8>,
    /// Signs links in e-mail (unsubscribe): derived from the secret for that use alone,
    /// so no link ever verifies as an access token or the other way round.
    link_secret: Vec<u8>,
    ttl: Duration,
}

/// How long an unsubscribe link works (a newer promo mail carries a fresh one).
pub const UNSUBSCRIBE_LINK_LIFETIME: Duration = Duration::days(90);

/// A key for one purpose, derived from the configured secret (HMAC-SHA256 of the label).
fn derive_key(secret: &[u8], purpose: &str) -> Vec<u8> {
    use hmac::{KeyInit, Mac};
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

impl TokenKeys {
    pub const MIN_SECRET_BYTES: usize = 32;

    pub fn new(secret: &[u8], ttl: Duration) -> Result<Self, String> {
        if secret.len() < Self::MIN_SECRET_BYTES {
            return Err(format!(
                "the token signing secret must be at least {} bytes",
                Self::MIN_SECRET_BYTES
            ));
        }
        Ok(Self {
            secret: secret.to_vec(),
            link_secret: derive_key(secret, "toko/links/unsubscribe/v1"),
            ttl,
        })
    }

    /// A signed token for the user and the instant it expires.
    pub fn issue(
        &self,
        user: &User,
        now: OffsetDateTime,
    ) -> Result<(String, OffsetDateTime), Error> {
        let exp = now + self.ttl;
        let claims = Claims {
            sub: user.id.as_str().to_owned(),
            role: user.role,
            iss: ISSUER.to_owned(),
            iat: now.unix_timestamp(),
            exp: exp.unix_timestamp(),
        };
        let token = crate::jwt::sign(&claims, &self.secret).map_err(Error::internal)?;
        Ok((token, exp))
    }

    /// Checks signature, algorithm, issuer and expiry (against `now`).
    pub fn verify(&self, token: &str, now: OffsetDateTime) -> Result<Claims, Error> {
        let claims = crate::jwt::verify::<Claims>(token, &self.secret)
            .filter(|c| c.iss == ISSUER)
            .ok_or_else(invalid_token)?;
        // Expiry against the injected clock.
        if claims.exp <= now.unix_timestamp() {
            return Err(Error::unauthorized(
                "token_expired",
                "Your session has expired. Please sign in again.",
            ));
        }
        Ok(claims)
    }
}

/// What an unsubscribe link carries: whose marketing mail to stop. It has no role, so it
/// can never pass as an access token, and a different issuer, so no access token passes
/// as it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct UnsubscribeClaims {
    sub: String,
    iss: String,
    iat: i64,
    exp: i64,
}

const UNSUBSCRIBE_ISSUER: &str = "toko-unsubscribe";

impl TokenKeys {
    /// A signed token for a one-click unsubscribe link, valid for
    /// [`UNSUBSCRIBE_LINK_LIFETIME`], signed with the links' own key.
    pub fn unsubscribe_token(&self, user: &UserId, now: OffsetDateTime) -> Result<String, Error> {
        let claims = UnsubscribeClaims {
            sub: user.as_str().to_owned(),
            iss: UNSUBSCRIBE_ISSUER.to_owned(),
            iat: now.unix_timestamp(),
            exp: (now + UNSUBSCRIBE_LINK_LIFETIME).unix_timestamp(),
        };
        crate::jwt::sign(&claims, &self.link_secret).map_err(Error::internal)
    }

    /// The user an unsubscribe token names: 400 `invalid_link` for anything forged,
    /// `link_expired` once its time is over.
    pub fn verify_unsubscribe(&self, token: &str, now: OffsetDateTime) -> Result<UserId, Error> {
        let bad = || Error::bad_request("invalid_link", "This unsubscribe link is not valid.");
        let claims = crate::jwt::verify::<UnsubscribeClaims>(token, &self.link_secret)
            .filter(|c| c.iss == UNSUBSCRIBE_ISSUER)
            .ok_or_else(bad)?;
        if claims.exp <= now.unix_timestamp() {
            return Err(Error::bad_request(
                "link_expired",
                "This unsubscribe link has expired: use the one in a newer e-mail, or turn promotions off in your account.",
            ));
        }
        UserId::parse(&claims.sub).ok_or_else(bad)
    }
}

fn invalid_token() -> Error {
    Error::unauthorized("invalid_token", "The access token is not valid.")
}

/// The signed-in caller of a request.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    pub user_id: UserId,
    pub role: Role,
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

/// Reads and verifies the bearer token: 401 `missing_token`, `invalid_token` or `token_expired`.
pub fn authenticate(
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
    })
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

    fn keys() -> TokenKeys {
        TokenKeys::new(&[7u8; 32], Duration::hours(1)).expect("keys")
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
    fn tokens_round_trip_and_expire() {
        let u = user(Role::Manager);
        let now = OffsetDateTime::now_utc();
        let (token, exp) = keys().issue(&u, now).expect("token");
        assert_eq!(exp, now + Duration::hours(1));
        let claims = keys().verify(&token, now).expect("valid");
        assert_eq!(claims.sub, u.id.as_str());
        assert_eq!(claims.role, Role::Manager);
        let late = keys()
            .verify(&token, now + Duration::hours(2))
            .expect_err("expired");
        assert_eq!(late.code, "token_expired");
    }

    #[test]
    fn tampered_or_foreign_tokens_are_refused() {
        let now = OffsetDateTime::now_utc();
        let (token, _) = keys().issue(&user(Role::Customer), now).expect("token");
        let other = TokenKeys::new(&[9u8; 32], Duration::hours(1)).expect("keys");
        assert_eq!(
            other.verify(&token, now).err().map(|e| e.code),
            Some("invalid_token")
        );
        // Swap the payload for one that claims admin, keeping the old signature.
        let parts: Vec<&str> = token.split('.').collect();
        let (forged, _) = keys().issue(&user(Role::Admin), now).expect("token");
        let forged_payload = forged.split('.').nth(1).expect("payload");
        let tampered = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
        assert_eq!(
            keys().verify(&tampered, now).err().map(|e| e.code),
            Some("invalid_token")
        );
        assert!(keys().verify("garbage", now).is_err());
    }

    #[test]
    fn unsubscribe_tokens_and_access_tokens_do_not_mix() {
        let now = OffsetDateTime::now_utc();
        let u = user(Role::Customer);
        let link = keys().unsubscribe_token(&u.id, now).expect("token");
        assert_eq!(
            keys().verify_unsubscribe(&link, now).ok(),
            Some(u.id.clone())
        );
        assert!(keys().verify(&link, now).is_err(), "not an access token");
        let (access, _) = keys().issue(&u, now).expect("token");
        assert!(
            keys().verify_unsubscribe(&access, now).is_err(),
            "not an unsubscribe link"
        );
        let other = TokenKeys::new(&[9u8; 32], Duration::hours(1)).expect("keys");
        assert!(other.verify_unsubscribe(&link, now).is_err(), "forged");
        // Signed with the access-token key itself, a link is refused: links have their own.
        let claims = UnsubscribeClaims {
            sub: u.id.as_str().to_owned(),
            iss: UNSUBSCRIBE_ISSUER.to_owned(),
            iat: now.unix_timestamp(),
            exp: (now + Duration::days(1)).unix_timestamp(),
        };
        let with_access_key = crate::jwt::sign(&claims, &keys().secret).expect("sign");
        assert!(keys().verify_unsubscribe(&with_access_key, now).is_err());
    }

    #[test]
    fn unsubscribe_links_expire_after_90_days() {
        let now = OffsetDateTime::now_utc();
        let u = user(Role::Customer);
        let link = keys().unsubscribe_token(&u.id, now).expect("token");
        let later = now + UNSUBSCRIBE_LINK_LIFETIME - Duration::minutes(1);
        assert!(keys().verify_unsubscribe(&link, later).is_ok());
        let expired = keys()
            .verify_unsubscribe(&link, now + UNSUBSCRIBE_LINK_LIFETIME)
            .err()
            .map(|e| e.code);
        assert_eq!(expired, Some("link_expired"));
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(TokenKeys::new(b"short", Duration::hours(1)).is_err());
    }

    #[test]
    fn admins_pass_staff_checks_but_not_the_other_way_round() {
        let admin = Principal {
            user_id: UserId::generate(),
            role: Role::Admin,
        };
        let operator = Principal {
            user_id: UserId::generate(),
            role: Role::Operator,
        };
        let customer = Principal {
            user_id: UserId::generate(),
            role: Role::Customer,
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
