//! Typed settings, read once per cold start from the environment that
//! `infra/template.yaml` (or the local `.dev/env`) sets. Nothing is hard-coded.

use crate::auth::TokenKeys;
use time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("environment variable {0} is not set")]
    Missing(&'static str),
    #[error("environment variable {0} is invalid: {1}")]
    Invalid(&'static str, String),
}

fn var(name: &'static str) -> Result<String, ConfigError> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(ConfigError::Missing(name)),
    }
}

/// `TOKO_TABLE`: the DynamoDB table.
pub fn table_name() -> Result<String, ConfigError> {
    var("TOKO_TABLE")
}

/// `TOKO_MAIL_FROM`: the verified SES sender.
pub fn mail_from() -> Result<String, ConfigError> {
    var("TOKO_MAIL_FROM")
}

/// `TOKO_SITE_URL`: the public origin of the site, for links in e-mails.
pub fn site_url() -> Result<String, ConfigError> {
    var("TOKO_SITE_URL")
}

/// `TOKO_JWT_SECRET` (at least 32 bytes) and `TOKO_TOKEN_TTL_MINUTES` (default 720).
pub fn token_keys() -> Result<TokenKeys, ConfigError> {
    let secret = var("TOKO_JWT_SECRET")?;
    let minutes = match std::env::var("TOKO_TOKEN_TTL_MINUTES") {
        Ok(v) => v
            .parse::<i64>()
            .ok()
            .filter(|m| (5..=43_200).contains(m))
            .ok_or_else(|| {
                ConfigError::Invalid("TOKO_TOKEN_TTL_MINUTES", "must be 5..=43200".into())
            })?,
        Err(_) => 720,
    };
    TokenKeys::new(secret.as_bytes(), Duration::minutes(minutes))
        .map_err(|e| ConfigError::Invalid("TOKO_JWT_SECRET", e))
}

/// `TOKO_SHIPPING_COST`: the flat shipping cost of an order, in the smallest currency unit.
pub fn shipping_cost() -> Result<i64, ConfigError> {
    var("TOKO_SHIPPING_COST")?
        .parse::<i64>()
        .ok()
        .filter(|c| (0..=crate::domain::MAX_PRICE).contains(c))
        .ok_or_else(|| {
            ConfigError::Invalid("TOKO_SHIPPING_COST", "must be a whole number ≥ 0".into())
        })
}

/// `TOKO_MEDIA_BUCKET`: public product images (served under `/media/` by CloudFront).
pub fn media_bucket() -> Result<String, ConfigError> {
    var("TOKO_MEDIA_BUCKET")
}

/// `TOKO_FILES_BUCKET`: customers' private files.
pub fn files_bucket() -> Result<String, ConfigError> {
    var("TOKO_FILES_BUCKET")
}
