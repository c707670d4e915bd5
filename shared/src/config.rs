//! Typed settings, read once per cold start from the environment that
//! `infra/template.yaml` (or the local `.dev/env`) sets, or given by a test. Nothing is
//! hard-coded. Each function asks for what it needs; a missing or invalid value stops
//! its start with the variable's name.

use crate::auth::TokenKeys;
use std::collections::HashMap;
use time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("environment variable {0} is not set")]
    Missing(&'static str),
    #[error("environment variable {0} is invalid: {1}")]
    Invalid(&'static str, String),
}

/// The `TOKO_*` variables, read once. Its `Debug` names the variables, never the values
/// (the token secret is one of them).
#[derive(Clone, Default)]
pub struct Settings {
    vars: HashMap<String, String>,
}

impl Settings {
    /// The process environment's `TOKO_*` variables (any that is not UTF-8 counts as
    /// not set).
    pub fn from_env() -> Self {
        Self::from_vars(
            std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
        )
    }

    /// Settings from given variables (the integration tests use the template's).
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Self {
        Self {
            vars: vars
                .into_iter()
                .filter(|(k, _)| k.starts_with("TOKO_"))
                .collect(),
        }
    }

    /// Sets one variable (tests override the secret, the site and the shipping cost).
    pub fn with(mut self, name: &str, value: impl Into<String>) -> Self {
        self.vars.insert(name.to_owned(), value.into());
        self
    }

    fn var(&self, name: &'static str) -> Result<String, ConfigError> {
        match self.vars.get(name) {
            Some(v) if !v.trim().is_empty() => Ok(v.clone()),
            _ => Err(ConfigError::Missing(name)),
        }
    }

    /// `TOKO_TABLE`: the DynamoDB table.
    pub fn table_name(&self) -> Result<String, ConfigError> {
        self.var("TOKO_TABLE")
    }

    /// `TOKO_MAIL_FROM`: the verified SES sender.
    pub fn mail_from(&self) -> Result<String, ConfigError> {
        self.var("TOKO_MAIL_FROM")
    }

    /// `TOKO_SES_CONFIGURATION_SET`: sent mail's configuration set, whose bounce and
    /// complaint events reach the `bounces` function (unset: none).
    pub fn ses_configuration_set(&self) -> Option<String> {
        self.vars
            .get("TOKO_SES_CONFIGURATION_SET")
            .filter(|v| !v.trim().is_empty())
            .cloned()
    }

    /// `TOKO_SITE_URL`: the public origin of the site, for links in e-mails.
    pub fn site_url(&self) -> Result<String, ConfigError> {
        self.var("TOKO_SITE_URL")
    }

    /// The keys of this function: `TOKO_TOKEN_PUBLIC_KEYS` (`kid:key,...`, to verify
    /// access tokens), `TOKO_TOKEN_TTL_MINUTES` (default 720, at most 12 hours) and, where
    /// links in e-mail are made or followed, `TOKO_LINK_SECRET` (at least 32 bytes). The
    /// private key is not here: `login` reads it from Secrets Manager.
    pub fn token_keys(&self) -> Result<TokenKeys, ConfigError> {
        let public = self.var("TOKO_TOKEN_PUBLIC_KEYS")?;
        let minutes = match self.vars.get("TOKO_TOKEN_TTL_MINUTES") {
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|m| (5..=720).contains(m))
                .ok_or_else(|| {
                    ConfigError::Invalid("TOKO_TOKEN_TTL_MINUTES", "must be 5..=720".into())
                })?,
            None => 720,
        };
        let keys = TokenKeys::verifying(&public, Duration::minutes(minutes))
            .map_err(|e| ConfigError::Invalid("TOKO_TOKEN_PUBLIC_KEYS", e))?;
        match self.vars.get("TOKO_LINK_SECRET") {
            Some(link) => keys
                .with_link_secret(link.as_bytes())
                .map_err(|e| ConfigError::Invalid("TOKO_LINK_SECRET", e)),
            None => Ok(keys),
        }
    }

    /// `TOKO_TOKEN_SIGNING_SECRET`: the Secrets Manager secret holding the token-signing
    /// key (`login` only).
    pub fn token_signing_secret(&self) -> Result<String, ConfigError> {
        self.var("TOKO_TOKEN_SIGNING_SECRET")
    }

    /// `TOKO_SHIPPING_COST`: the flat shipping cost of an order, in the smallest currency unit.
    /// `TOKO_IMAGE_HOSTS`: https origins pictures may come from besides the shop's own
    /// (space- or comma-separated; empty or unset: none).
    pub fn image_hosts(&self) -> Vec<String> {
        self.vars
            .get("TOKO_IMAGE_HOSTS")
            .map(|v| {
                v.split([' ', ','])
                    .map(|h| h.trim().trim_end_matches('/').to_owned())
                    .filter(|h| h.starts_with("https://"))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn shipping_cost(&self) -> Result<i64, ConfigError> {
        self.var("TOKO_SHIPPING_COST")?
            .parse::<i64>()
            .ok()
            .filter(|c| (0..=crate::domain::MAX_PRICE).contains(c))
            .ok_or_else(|| {
                ConfigError::Invalid("TOKO_SHIPPING_COST", "must be a whole number ≥ 0".into())
            })
    }

    /// `TOKO_MEDIA_BUCKET`: public product images (served under `/media/` by CloudFront).
    pub fn media_bucket(&self) -> Result<String, ConfigError> {
        self.var("TOKO_MEDIA_BUCKET")
    }

    /// `TOKO_FILES_BUCKET`: customers' private files.
    pub fn files_bucket(&self) -> Result<String, ConfigError> {
        self.var("TOKO_FILES_BUCKET")
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<&str> = self.vars.keys().map(String::as_str).collect();
        names.sort_unstable();
        f.debug_struct("Settings").field("set", &names).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_name_what_is_missing_or_invalid() {
        let s = Settings::from_vars([("TOKO_SHIPPING_COST".to_owned(), "-1".to_owned())]);
        assert!(matches!(
            s.table_name(),
            Err(ConfigError::Missing("TOKO_TABLE"))
        ));
        assert!(matches!(
            s.shipping_cost(),
            Err(ConfigError::Invalid("TOKO_SHIPPING_COST", _))
        ));
        let s = s.with("TOKO_SHIPPING_COST", "20000").with("PATH", "/bin");
        assert_eq!(s.shipping_cost().ok(), Some(20_000));
        let s = s.with("TOKO_LINK_SECRET", "a secret that must never be logged");
        assert!(!format!("{s:?}").contains("never be logged"));
    }
}
