//! Verified reviews: 1–5 stars and a comment, once per product per customer.

use super::catalog::ProductId;
use super::id::ulid_id;
use super::{multi_line, rfc3339, ParseError, PersonName, UserId};
use serde::Serialize;
use time::OffsetDateTime;

ulid_id!(ReviewId);

/// A star rating, 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Rating(u8);

impl Rating {
    pub fn parse(value: &serde_json::Value) -> Result<Self, ParseError> {
        match value.as_u64() {
            Some(r @ 1..=5) => Ok(Self(r as u8)),
            _ => Err("must be a whole number from 1 to 5"),
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

/// A review's text: trimmed, up to 2,000 characters, line breaks allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(transparent)]
pub struct Comment(String);

impl Comment {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        multi_line(raw, 2000, "must be at most 2000 characters").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub id: ReviewId,
    pub product_id: ProductId,
    pub customer_id: UserId,
    pub author_name: PersonName,
    pub rating: Rating,
    pub comment: Comment,
    pub created_at: OffsetDateTime,
}

/// The public view: the author's first name only.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewView {
    pub id: ReviewId,
    pub rating: Rating,
    pub comment: Comment,
    pub author_name: String,
    /// The author erased their account: the site shows "a former customer".
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub former: bool,
    pub created_at: String,
}

impl From<&Review> for ReviewView {
    fn from(r: &Review) -> Self {
        Self {
            id: r.id.clone(),
            rating: r.rating,
            comment: r.comment.clone(),
            author_name: if r.customer_id == UserId::nobody() {
                String::new()
            } else {
                r.author_name
                    .as_str()
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_owned()
            },
            former: r.customer_id == UserId::nobody(),
            created_at: rfc3339(r.created_at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_one_to_five_stars() {
        assert_eq!(
            Rating::parse(&serde_json::json!(5)).map(Rating::value),
            Ok(5)
        );
        for bad in [
            serde_json::json!(0),
            serde_json::json!(6),
            serde_json::json!(4.5),
            serde_json::json!("5"),
        ] {
            assert!(Rating::parse(&bad).is_err(), "{bad}");
        }
    }
}
