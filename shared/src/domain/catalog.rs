//! Products of the shop's catalogue.

use super::{rfc3339, ParseError};
use serde::Serialize;
use std::fmt;
use time::OffsetDateTime;

/// An amount of money in the currency's smallest unit (IDR has none below the rupiah).
pub type Money = i64;

/// Prices and totals stay far below this, so sums of 999 × 50 lines cannot overflow.
pub const MAX_PRICE: Money = 1_000_000_000_000;

/// An opaque, time-sortable id (a ULID) of any entity.
macro_rules! ulid_id {
    ($name:ident) => {
        #[derive(
            Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize, PartialOrd, Ord,
        )]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn generate() -> Self {
                Self(ulid::Ulid::new().to_string())
            }

            /// Anything that is not a ULID names nothing.
            pub fn parse(raw: &str) -> Option<Self> {
                ulid::Ulid::from_string(raw)
                    .ok()
                    .map(|u| Self(u.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
pub(crate) use ulid_id;

ulid_id!(ProductId);

/// A category slug: lower-case letters, digits and dashes, 1 to 40 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Category(String);

impl Category {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let s = raw.trim().to_lowercase();
        let ok = (1..=40).contains(&s.len())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !s.starts_with('-')
            && !s.ends_with('-');
        if ok {
            Ok(Self(s))
        } else {
            Err("must be 1 to 40 lower-case letters, digits or dashes, like \"printers\"")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A product or service name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct ProductName(String);

impl ProductName {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err("is required");
        }
        if s.chars().count() > 120 {
            return Err("must be at most 120 characters");
        }
        if s.chars().any(char::is_control) {
            return Err("must not contain control characters");
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A product description: free text up to 4,000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(transparent)]
pub struct Description(String);

impl Description {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let s = raw.trim();
        if s.chars().count() > 4000 {
            return Err("must be at most 4000 characters");
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A price: a whole number of the currency's smallest unit, from 0 to [`MAX_PRICE`].
pub fn parse_price(value: &serde_json::Value) -> Result<Money, ParseError> {
    match value.as_i64() {
        Some(p) if (0..=MAX_PRICE).contains(&p) => Ok(p),
        _ => Err("must be a whole number from 0 to 1000000000000"),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    pub id: ProductId,
    pub name: ProductName,
    pub category: Category,
    pub price: Money,
    pub description: Description,
    pub image_url: Option<String>,
    pub rating_sum: u64,
    pub rating_count: u64,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl Product {
    /// The average rating with one decimal, 0 when there are no ratings.
    pub fn rating_average(&self) -> f64 {
        if self.rating_count == 0 {
            0.0
        } else {
            (self.rating_sum as f64 / self.rating_count as f64 * 10.0).round() / 10.0
        }
    }
}

/// The public view of a product; `description` only on the detail route.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductView {
    pub id: ProductId,
    pub name: ProductName,
    pub category: Category,
    pub price: Money,
    pub image_url: Option<String>,
    pub rating_average: f64,
    pub rating_count: u64,
    pub created_at: String,
    pub updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Description>,
}

impl ProductView {
    pub fn summary(p: &Product) -> Self {
        Self {
            id: p.id.clone(),
            name: p.name.clone(),
            category: p.category.clone(),
            price: p.price,
            image_url: p.image_url.clone(),
            rating_average: p.rating_average(),
            rating_count: p.rating_count,
            created_at: rfc3339(p.created_at),
            updated_at: rfc3339(p.updated_at),
            description: None,
        }
    }

    pub fn detail(p: &Product) -> Self {
        Self {
            description: Some(p.description.clone()),
            ..Self::summary(p)
        }
    }
}
