//! Password resets in memory, over [`MemoryUsers`].

use super::{lock, MemoryUsers};
use crate::domain::{Email, Refusal, TotpSecret, User, UserId};
use crate::ports::{PortError, Recovery, SecondFactor, Verified};
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use time::OffsetDateTime;

/// Whose a verification link is, the address it moves the account to, until when.
type VerifyLink = (UserId, Option<Email>, OffsetDateTime);

pub struct MemoryRecovery {
    pub users: Arc<MemoryUsers>,
    links: Mutex<HashMap<String, (UserId, OffsetDateTime)>>,
    verify: Mutex<HashMap<String, VerifyLink>>,
    totp: Mutex<HashMap<Email, Totp>>,
}

impl MemoryRecovery {
    pub fn new(users: Arc<MemoryUsers>) -> Self {
        Self {
            users,
            links: Mutex::default(),
            verify: Mutex::default(),
            totp: Mutex::default(),
        }
    }
}

#[async_trait]
impl Recovery for MemoryRecovery {
    async fn store_reset_link(
        &self,
        hash: &str,
        user: &UserId,
        expires: OffsetDateTime,
    ) -> Result<(), PortError> {
        lock(&self.links).insert(hash.to_owned(), (user.clone(), expires));
        Ok(())
    }

    async fn reset_link_user(
        &self,
        hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<UserId>, PortError> {
        Ok(lock(&self.links)
            .get(hash)
            .filter(|(_, expires)| *expires > now)
            .map(|(id, _)| id.clone()))
    }

    async fn set_password(
        &self,
        user: &User,
        password_hash: &str,
        link: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<(), PortError> {
        if let Some(hash) = link {
            let mut links = lock(&self.links);
            match links.get(hash) {
                Some((id, expires)) if *id == user.id && *expires > now => {
                    links.remove(hash);
                }
                _ => return Err(Refusal::ResetLinkInvalid.into()),
            }
        }
        let mut users = lock(&self.users.users);
        let u = users
            .iter_mut()
            .find(|u| u.id == user.id)
            .ok_or(Refusal::ResetLinkInvalid)?;
        u.password_hash = password_hash.to_owned();
        u.session_version += 1;
        u.email_verified |= link.is_some();
        Ok(())
    }

    async fn store_verify_link(
        &self,
        hash: &str,
        user: &UserId,
        new_email: Option<&Email>,
        expires: OffsetDateTime,
    ) -> Result<(), PortError> {
        lock(&self.verify).insert(hash.to_owned(), (user.clone(), new_email.cloned(), expires));
        Ok(())
    }

    async fn verify_email(&self, hash: &str, now: OffsetDateTime) -> Result<Verified, PortError> {
        let (id, new_email, expires) = lock(&self.verify)
            .remove(hash)
            .ok_or(Refusal::VerifyLinkInvalid)?;
        if expires <= now {
            return Err(Refusal::VerifyLinkInvalid.into());
        }
        let mut users = lock(&self.users.users);
        if let Some(new) = &new_email {
            if users.iter().any(|u| &u.email == new) {
                return Err(Refusal::EmailTaken.into());
            }
        }
        if let Some(u) = users.iter_mut().find(|u| u.id == id) {
            u.email_verified = true;
            if let Some(new) = &new_email {
                u.email = new.clone();
            }
        }
        Ok(Verified {
            user: id,
            new_email,
        })
    }
}

/// A second factor in memory: the waiting key, the key in use, the last step, the codes.
#[derive(Default)]
struct Totp {
    pending: Option<TotpSecret>,
    secret: Option<TotpSecret>,
    step: Option<u64>,
    codes: Vec<String>,
}

#[async_trait]
impl SecondFactor for MemoryRecovery {
    async fn start_totp(&self, user: &User, secret: &TotpSecret) -> Result<(), PortError> {
        lock(&self.totp)
            .entry(user.email.clone())
            .or_default()
            .pending = Some(secret.clone());
        Ok(())
    }

    async fn totp_keys(
        &self,
        email: &Email,
    ) -> Result<(Option<TotpSecret>, Option<TotpSecret>), PortError> {
        Ok(lock(&self.totp)
            .get(email)
            .map(|t| (t.pending.clone(), t.secret.clone()))
            .unwrap_or_default())
    }

    async fn enable_totp(
        &self,
        user: &User,
        secret: &TotpSecret,
        step: u64,
        recovery: &[String],
    ) -> Result<bool, PortError> {
        let mut all = lock(&self.totp);
        let t = all.entry(user.email.clone()).or_default();
        if t.pending.as_ref() != Some(secret) {
            return Ok(false);
        }
        *t = Totp {
            pending: None,
            secret: Some(secret.clone()),
            step: Some(step),
            codes: recovery.to_vec(),
        };
        if let Some(u) = lock(&self.users.users).iter_mut().find(|u| u.id == user.id) {
            u.two_factor = true;
            u.session_version += 1;
        }
        Ok(true)
    }

    async fn use_step(&self, email: &Email, step: u64) -> Result<bool, PortError> {
        let mut all = lock(&self.totp);
        match all.get_mut(email) {
            Some(t) if t.secret.is_some() && t.step.is_none_or(|s| s < step) => {
                t.step = Some(step);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn use_recovery_code(&self, email: &Email, hash: &str) -> Result<bool, PortError> {
        let mut all = lock(&self.totp);
        let Some(t) = all.get_mut(email) else {
            return Ok(false);
        };
        let before = t.codes.len();
        t.codes.retain(|c| c != hash);
        Ok(t.codes.len() < before)
    }

    async fn disable_totp(&self, user: &User) -> Result<(), PortError> {
        lock(&self.totp).remove(&user.email);
        if let Some(u) = lock(&self.users.users).iter_mut().find(|u| u.id == user.id) {
            u.two_factor = false;
            u.session_version += 1;
        }
        Ok(())
    }
}
