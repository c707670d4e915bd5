//! Access tokens and signed links.
//!
//! Access tokens are JWTs signed with Ed25519 (EdDSA) under a key id (`kid`). Only the
//! function that issues them (`login`) holds a private key, read from Secrets Manager at
//! cold start; every other function has only the public keys (`TOKO_TOKEN_PUBLIC_KEYS`,
//! `kid:key,...`), so reading a function's configuration no longer lets anyone mint
//! tokens. During a rotation two public keys are listed: tokens of the old key verify
//! until it is removed. Links in e-mail (unsubscribe) are HS256 with a key derived for that
//! purpose alone from their own secret (`TOKO_LINK_SECRET`), so a link is never a token.

use crate::domain::{Role, User, UserId};
use crate::error::Error;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::signature::{Ed25519KeyPair, KeyPair};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

/// What a token says about its bearer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    pub sub: String,
    pub role: Role,
    pub iss: String,
    pub iat: i64,
    pub exp: i64,
    /// The account's session version when issued ([`User::session_version`]).
    #[serde(default)]
    pub ver: u32,
    /// `enrol`: a session that may only set up a second factor (an admin without one
    /// when the shop requires it); absent for a full session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// The scope of a session that may only set up a second factor.
pub const ENROL_SCOPE: &str = "enrol";
/// How long such a session lasts.
pub const ENROL_TTL: Duration = Duration::minutes(15);

const ISSUER: &str = "toko";

/// How long an unsubscribe link works (a newer promo mail carries a fresh one).
pub const UNSUBSCRIBE_LINK_LIFETIME: Duration = Duration::days(90);

const UNSUBSCRIBE_ISSUER: &str = "toko-unsubscribe";

/// A private signing key and its id.
struct Signer {
    kid: String,
    pair: Ed25519KeyPair,
}

/// The keys one function holds: public keys to verify access tokens; the private key only
/// where tokens are issued; the link key only where links are made or followed.
#[derive(Clone)]
pub struct TokenKeys {
    public: Vec<(String, Vec<u8>)>,
    signer: Option<Arc<Signer>>,
    link_secret: Option<Vec<u8>>,
    ttl: Duration,
}

/// The id of a public key: the first 8 bytes of its SHA-256, in hex.
pub fn key_id(public: &[u8]) -> String {
    Sha256::digest(public)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A key for one purpose, derived from a secret (HMAC-SHA256 of the purpose).
fn derive_key(secret: &[u8], purpose: &str) -> Vec<u8> {
    use hmac::Mac;
    crate::jwt::mac(secret, purpose)
        .finalize()
        .into_bytes()
        .to_vec()
}

fn key_pair(seed: &[u8]) -> Result<Ed25519KeyPair, String> {
    let seed: [u8; 32] = seed
        .try_into()
        .map_err(|_| "an Ed25519 seed is 32 bytes".to_owned())?;
    Ed25519KeyPair::from_seed_unchecked(&seed).map_err(|e| format!("Ed25519 seed: {e}"))
}

/// A new signing key: the secret to store (`{"kid","seed"}`, base64url seed) and the
/// public key as `TOKO_TOKEN_PUBLIC_KEYS` lists it (`kid:key`).
pub fn new_signing_secret() -> Result<(String, String), String> {
    use ring::rand::{SecureRandom, SystemRandom};
    let mut seed = [0u8; 32];
    SystemRandom::new()
        .fill(&mut seed)
        .map_err(|_| "no randomness".to_owned())?;
    let public = key_pair(&seed)?.public_key().as_ref().to_vec();
    let kid = key_id(&public);
    let secret = serde_json::json!({ "kid": kid, "seed": URL_SAFE_NO_PAD.encode(seed) });
    Ok((
        secret.to_string(),
        format!("{kid}:{}", URL_SAFE_NO_PAD.encode(public)),
    ))
}

/// The signing secret [`TokenKeys::new`] derives from `secret` (tests and local tools
/// store it where `login` reads it).
pub fn derived_signing_secret(secret: &[u8]) -> String {
    let seed = derive_key(secret, SEED_PURPOSE);
    let kid = key_pair(&seed)
        .map(|p| key_id(p.public_key().as_ref()))
        .unwrap_or_default();
    serde_json::json!({ "kid": kid, "seed": URL_SAFE_NO_PAD.encode(seed) }).to_string()
}

const SEED_PURPOSE: &str = "toko/tokens/seed/v1";

impl TokenKeys {
    pub const MIN_SECRET_BYTES: usize = 32;

    /// Every key from one secret (tests and local tools): the signing key's seed and the
    /// link key are derived from it; its public key is the one listed.
    pub fn new(secret: &[u8], ttl: Duration) -> Result<Self, String> {
        if secret.len() < Self::MIN_SECRET_BYTES {
            return Err(format!(
                "the secret must be at least {} bytes",
                Self::MIN_SECRET_BYTES
            ));
        }
        let keys = Self {
            public: Vec::new(),
            signer: None,
            link_secret: None,
            ttl,
        };
        let seed = derive_key(secret, SEED_PURPOSE);
        let keys = keys.with_signing_seed(&seed)?.with_link_secret(secret)?;
        let public = keys.public_spec();
        keys.with_public_keys(&public)
    }

    /// Verifying keys from `kid:base64url-key,...` (at least one).
    pub fn verifying(spec: &str, ttl: Duration) -> Result<Self, String> {
        Self {
            public: Vec::new(),
            signer: None,
            link_secret: None,
            ttl,
        }
        .with_public_keys(spec)
    }

    fn with_public_keys(mut self, spec: &str) -> Result<Self, String> {
        let mut public = Vec::new();
        for entry in spec.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (kid, key) = entry
                .split_once(':')
                .ok_or_else(|| format!("{entry:?} is not kid:key"))?;
            let key = URL_SAFE_NO_PAD
                .decode(key.trim())
                .ok()
                .filter(|k| k.len() == 32)
                .ok_or_else(|| format!("the key of {kid:?} is not a base64url Ed25519 key"))?;
            public.push((kid.trim().to_owned(), key));
        }
        if public.is_empty() {
            return Err("no public key".into());
        }
        self.public = public;
        Ok(self)
    }

    /// Adds the private key, from its 32-byte seed.
    pub fn with_signing_seed(mut self, seed: &[u8]) -> Result<Self, String> {
        let pair = key_pair(seed)?;
        let kid = key_id(pair.public_key().as_ref());
        self.signer = Some(Arc::new(Signer { kid, pair }));
        Ok(self)
    }

    /// Adds the private key from the stored secret (`{"kid","seed"}`), as
    /// [`new_signing_secret`] makes it.
    pub fn with_signing_secret(self, secret: &str) -> Result<Self, String> {
        let v: serde_json::Value =
            serde_json::from_str(secret).map_err(|_| "the signing secret is not JSON")?;
        let seed = v["seed"]
            .as_str()
            .and_then(|s| URL_SAFE_NO_PAD.decode(s).ok())
            .ok_or("the signing secret has no base64url seed")?;
        let keys = self.with_signing_seed(&seed)?;
        if !keys
            .public
            .iter()
            .any(|(kid, _)| Some(kid) == keys.signing_kid().as_ref())
        {
            tracing::warn!(
                kid = keys.signing_kid(),
                "the signing key is not among TOKO_TOKEN_PUBLIC_KEYS: its tokens will not verify"
            );
        }
        Ok(keys)
    }

    /// Adds the key of links in e-mail, derived from `secret` for that purpose.
    pub fn with_link_secret(mut self, secret: &[u8]) -> Result<Self, String> {
        if secret.len() < Self::MIN_SECRET_BYTES {
            return Err(format!(
                "the link secret must be at least {} bytes",
                Self::MIN_SECRET_BYTES
            ));
        }
        self.link_secret = Some(derive_key(secret, "toko/links/unsubscribe/v1"));
        Ok(self)
    }

    /// The signing key's id, where there is one.
    pub fn signing_kid(&self) -> Option<String> {
        self.signer.as_ref().map(|s| s.kid.clone())
    }

    /// The signing key's public key as `TOKO_TOKEN_PUBLIC_KEYS` lists it.
    pub fn public_spec(&self) -> String {
        match &self.signer {
            Some(s) => format!(
                "{}:{}",
                s.kid,
                URL_SAFE_NO_PAD.encode(s.pair.public_key().as_ref())
            ),
            None => String::new(),
        }
    }

    /// A signed token for the user and the instant it expires.
    pub fn issue(
        &self,
        user: &User,
        now: OffsetDateTime,
    ) -> Result<(String, OffsetDateTime), Error> {
        self.issue_scoped(user, now, None)
    }

    /// A token that may only set up a second factor ([`ENROL_SCOPE`], [`ENROL_TTL`]).
    pub fn issue_enrolment(
        &self,
        user: &User,
        now: OffsetDateTime,
    ) -> Result<(String, OffsetDateTime), Error> {
        self.issue_scoped(user, now, Some(ENROL_SCOPE))
    }

    fn issue_scoped(
        &self,
        user: &User,
        now: OffsetDateTime,
        scope: Option<&str>,
    ) -> Result<(String, OffsetDateTime), Error> {
        let signer = self
            .signer
            .as_ref()
            .ok_or_else(|| Error::internal("this function holds no signing key"))?;
        let exp = now
            + if scope.is_some() {
                ENROL_TTL.min(self.ttl)
            } else {
                self.ttl
            };
        let claims = Claims {
            sub: user.id.as_str().to_owned(),
            role: user.role,
            iss: ISSUER.to_owned(),
            iat: now.unix_timestamp(),
            exp: exp.unix_timestamp(),
            ver: user.session_version,
            scope: scope.map(str::to_owned),
        };
        let token =
            crate::jwt::sign_eddsa(&claims, &signer.kid, &signer.pair).map_err(Error::internal)?;
        Ok((token, exp))
    }

    /// Checks algorithm, key id, signature, issuer and expiry (against `now`).
    pub fn verify(&self, token: &str, now: OffsetDateTime) -> Result<Claims, Error> {
        let claims = crate::jwt::verify_eddsa::<Claims>(token, &self.public)
            .filter(|c| c.iss == ISSUER)
            .ok_or_else(invalid_token)?;
        if claims.exp <= now.unix_timestamp() {
            return Err(Error::unauthorized(
                "token_expired",
                "Your session has expired. Please sign in again.",
            ));
        }
        Ok(claims)
    }

    fn link_key(&self) -> Result<&[u8], Error> {
        self.link_secret
            .as_deref()
            .ok_or_else(|| Error::internal("this function holds no link key"))
    }

    /// A signed token for a one-click unsubscribe link, valid for
    /// [`UNSUBSCRIBE_LINK_LIFETIME`].
    pub fn unsubscribe_token(&self, user: &UserId, now: OffsetDateTime) -> Result<String, Error> {
        let claims = UnsubscribeClaims {
            sub: user.as_str().to_owned(),
            iss: UNSUBSCRIBE_ISSUER.to_owned(),
            iat: now.unix_timestamp(),
            exp: (now + UNSUBSCRIBE_LINK_LIFETIME).unix_timestamp(),
        };
        crate::jwt::sign(&claims, self.link_key()?).map_err(Error::internal)
    }

    /// The user an unsubscribe token names: 400 `invalid_link` for anything forged,
    /// `link_expired` once its time is over.
    pub fn verify_unsubscribe(&self, token: &str, now: OffsetDateTime) -> Result<UserId, Error> {
        let bad = || Error::bad_request("invalid_link", "This unsubscribe link is not valid.");
        let claims = crate::jwt::verify::<UnsubscribeClaims>(token, self.link_key()?)
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

/// The keys of the function that issues tokens: its verifying keys, with the private key
/// read from Secrets Manager on first use and kept for the container's life (a rotated
/// secret is picked up by new containers).
pub struct SigningKeys {
    secrets: Option<(Arc<dyn crate::ports::Secrets>, String)>,
    keys: TokenKeys,
    loaded: tokio::sync::OnceCell<TokenKeys>,
}

impl SigningKeys {
    pub fn new(
        keys: TokenKeys,
        secrets: Arc<dyn crate::ports::Secrets>,
        secret_id: String,
    ) -> Self {
        Self {
            secrets: Some((secrets, secret_id)),
            keys,
            loaded: tokio::sync::OnceCell::new(),
        }
    }

    /// Keys that hold their private key already (unit tests).
    pub fn ready(keys: TokenKeys) -> Self {
        Self {
            secrets: None,
            keys: keys.clone(),
            loaded: tokio::sync::OnceCell::new_with(Some(keys)),
        }
    }

    pub async fn get(&self) -> Result<&TokenKeys, Error> {
        self.loaded
            .get_or_try_init(|| async {
                let (secrets, id) = self
                    .secrets
                    .as_ref()
                    .ok_or_else(|| Error::internal("no signing key"))?;
                let secret = secrets.secret_string(id).await?;
                self.keys
                    .clone()
                    .with_signing_secret(&secret)
                    .map_err(Error::internal)
            })
            .await
    }
}

/// What an unsubscribe link carries: whose marketing mail to stop. It has no role, so it
/// can never pass as an access token, and a different issuer and algorithm.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct UnsubscribeClaims {
    sub: String,
    iss: String,
    iat: i64,
    exp: i64,
}

pub(crate) fn invalid_token() -> Error {
    Error::unauthorized("invalid_token", "The access token is not valid.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AccountStatus, Email, PersonName};

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
        let with_access_key = crate::jwt::sign(&claims, &[7u8; 32]).expect("sign");
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
    fn only_public_keys_verify_and_a_rotation_accepts_both_until_the_old_is_removed() {
        let now = OffsetDateTime::now_utc();
        let u = user(Role::Admin);
        let (old_secret, old_public) = new_signing_secret().expect("old");
        let (new_secret, new_public) = new_signing_secret().expect("new");
        let verifier = |spec: &str| TokenKeys::verifying(spec, Duration::hours(1)).expect("keys");
        let signer =
            |secret: &str, spec: &str| verifier(spec).with_signing_secret(secret).expect("signer");
        let old_token = signer(&old_secret, &old_public)
            .issue(&u, now)
            .expect("token")
            .0;
        // A function with public keys only verifies, and cannot issue.
        assert!(verifier(&old_public).verify(&old_token, now).is_ok());
        assert!(verifier(&old_public).issue(&u, now).is_err());
        // During the rotation both keys are listed: old and new tokens verify.
        let both = format!("{new_public},{old_public}");
        let new_token = signer(&new_secret, &both).issue(&u, now).expect("token").0;
        assert!(verifier(&both).verify(&old_token, now).is_ok());
        assert!(verifier(&both).verify(&new_token, now).is_ok());
        // The old key removed: its tokens stop working.
        assert_eq!(
            verifier(&new_public)
                .verify(&old_token, now)
                .err()
                .map(|e| e.code),
            Some("invalid_token")
        );
        assert!(verifier(&new_public).verify(&new_token, now).is_ok());
        assert!(TokenKeys::verifying("", Duration::hours(1)).is_err());
        assert!(TokenKeys::verifying("k:not-a-key", Duration::hours(1)).is_err());
    }
}
