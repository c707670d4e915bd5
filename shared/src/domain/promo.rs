//! Promotions shown on the site during their window.

use super::id::ulid_id;
use super::{rfc3339, single_line, ParseError};
use serde::Serialize;
use time::OffsetDateTime;

ulid_id!(PromoId);

/// A discount percentage, 1 to 100.
pub fn parse_percent(value: &serde_json::Value) -> Result<u8, ParseError> {
    match value.as_u64() {
        Some(p @ 1..=100) => Ok(p as u8),
        _ => Err("must be a whole number from 1 to 100"),
    }
}

pub fn parse_title(raw: &str) -> Result<String, ParseError> {
    single_line(raw, 120, "must be at most 120 characters")
}

#[derive(Debug, Clone, PartialEq)]
pub struct Promo {
    pub id: PromoId,
    pub title: String,
    pub body: String,
    pub image_url: Option<String>,
    pub discount_percent: Option<u8>,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub created_at: OffsetDateTime,
}

impl Promo {
    pub fn is_active(&self, now: OffsetDateTime) -> bool {
        self.starts_at <= now && now < self.ends_at
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PromoView {
    pub id: PromoId,
    pub title: String,
    pub body: String,
    pub image_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount_percent: Option<u8>,
    pub starts_at: String,
    pub ends_at: String,
}

impl From<&Promo> for PromoView {
    fn from(p: &Promo) -> Self {
        Self {
            id: p.id.clone(),
            title: p.title.clone(),
            body: p.body.clone(),
            image_url: p.image_url.clone(),
            discount_percent: p.discount_percent,
            starts_at: rfc3339(p.starts_at),
            ends_at: rfc3339(p.ends_at),
        }
    }
}
