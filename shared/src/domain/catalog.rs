//! Products of the shop's catalogue.

use super::id::ulid_id;
use super::{rfc3339, single_line, ParseError};
use serde::Serialize;
use time::OffsetDateTime;

/// An amount of money in the currency's smallest unit (IDR has none below the rupiah).
pub type Money = i64;

/// The amount's digits grouped by thousands as Indonesians write them (`1.250.000`),
/// without its sign.
pub fn grouped(amount: Money) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Prices and totals stay far below this, so sums of 999 × 50 lines cannot overflow.
pub const MAX_PRICE: Money = 1_000_000_000_000;

ulid_id!(ProductId);

/// A category slug: lower-case letters, digits and dashes, 1 to 40 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize, PartialOrd, Ord)]
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

    /// The category of lines stored before categories were recorded.
    pub fn other() -> Self {
        Self("other".to_owned())
    }
}

/// A product or service name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct ProductName(String);

impl ProductName {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        single_line(raw, 120, "must be at most 120 characters").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The shop's own code for a product (its stock-keeping unit), as its spreadsheets and
/// shelves name it: 1 to 40 letters, digits, `-`, `_`, `.` or `/`. Two products never
/// share one; compared without case ([`Sku::key`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Sku(String);

impl Sku {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let s = raw.trim();
        let ok = (1..=40).contains(&s.len())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err("must be 1 to 40 letters, digits, - _ . or /, like KN-0101")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What uniqueness compares: upper case.
    pub fn key(&self) -> String {
        self.0.to_ascii_uppercase()
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
    /// The shop's code for it, if it has one (unique).
    pub sku: Option<Sku>,
    pub name: ProductName,
    pub category: Category,
    pub price: Money,
    pub description: Description,
    pub image_url: Option<String>,
    pub rating_sum: u64,
    pub rating_count: u64,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    /// Options, size and quantity tiers (`made_to_order`); empty for a fixed price.
    pub pricing: super::MadeToOrder,
    /// More pictures after the main one (`image_url`), in order: at most
    /// [`MAX_PICTURES`] in all.
    pub gallery: Vec<String>,
}

/// Pictures a product may have, the main one included.
pub const MAX_PICTURES: usize = 8;

impl Product {
    /// Every picture, the main one first.
    pub fn pictures(&self) -> Vec<String> {
        self.image_url
            .iter()
            .chain(&self.gallery)
            .cloned()
            .collect()
    }

    /// The pictures in a new order (the first becomes the main one), some left out:
    /// every one must be one of the product's. Answers the ones left out.
    pub fn reorder_pictures(&mut self, order: &[String]) -> Result<Vec<String>, ParseError> {
        let current = self.pictures();
        let mut seen = std::collections::BTreeSet::new();
        if order
            .iter()
            .any(|p| !current.contains(p) || !seen.insert(p))
        {
            return Err("must list the product's own pictures, each once");
        }
        let dropped = current.into_iter().filter(|p| !order.contains(p)).collect();
        self.image_url = order.first().cloned();
        self.gallery = order.iter().skip(1).cloned().collect();
        Ok(dropped)
    }

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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku: Option<Sku>,
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
    /// Priced from options, size or quantity (the price is then the base: per m² with a
    /// size, or the first band's without tiers).
    pub made_to_order: bool,
    /// The options, size rule and tiers (on a product's own page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pricing: Option<super::MadeToOrder>,
    /// Every picture, the main one first (on a product's own page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pictures: Option<Vec<String>>,
}

impl ProductView {
    pub fn summary(p: &Product) -> Self {
        Self {
            id: p.id.clone(),
            sku: p.sku.clone(),
            name: p.name.clone(),
            category: p.category.clone(),
            price: p.price,
            image_url: p.image_url.clone(),
            rating_average: p.rating_average(),
            rating_count: p.rating_count,
            created_at: rfc3339(p.created_at),
            updated_at: rfc3339(p.updated_at),
            description: None,
            made_to_order: !p.pricing.is_empty(),
            pricing: None,
            pictures: None,
        }
    }

    pub fn detail(p: &Product) -> Self {
        Self {
            description: Some(p.description.clone()),
            pricing: (!p.pricing.is_empty()).then(|| p.pricing.clone()),
            pictures: Some(p.pictures()),
            ..Self::summary(p)
        }
    }
}

/// The image formats product pictures may have, recognised by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    Jpeg,
    Png,
    Webp,
}

impl ImageType {
    /// Product pictures are at most 5 MiB.
    pub const MAX_BYTES: u64 = 5 * 1024 * 1024;

    pub fn from_content_type(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "image/jpeg" => Some(Self::Jpeg),
            "image/png" => Some(Self::Png),
            "image/webp" => Some(Self::Webp),
            _ => None,
        }
    }

    /// What the bytes really are, whatever the upload claimed.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(Self::Png)
        } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(Self::Webp)
        } else {
            None
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Webp => "webp",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_recognised_by_their_bytes_not_their_label() {
        assert_eq!(
            ImageType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            Some(ImageType::Jpeg)
        );
        assert_eq!(
            ImageType::sniff(b"\x89PNG\r\n\x1a\n...."),
            Some(ImageType::Png)
        );
        assert_eq!(
            ImageType::sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(ImageType::Webp)
        );
        assert_eq!(ImageType::sniff(b"<svg xmlns="), None);
        assert_eq!(ImageType::sniff(b"MZ\x90\0"), None);
        assert_eq!(ImageType::sniff(b""), None);
        assert_eq!(
            ImageType::from_content_type("IMAGE/PNG"),
            Some(ImageType::Png)
        );
        assert_eq!(ImageType::from_content_type("image/svg+xml"), None);
    }

    #[test]
    fn categories_are_slugs() {
        assert_eq!(
            Category::parse(" Printers ").map(|c| c.as_str().to_owned()),
            Ok("printers".to_owned())
        );
        assert!(Category::parse("two words").is_err());
        assert!(Category::parse("-x").is_err());
        assert!(Category::parse("").is_err());
    }

    #[test]
    fn prices_are_whole_and_bounded() {
        assert_eq!(parse_price(&serde_json::json!(85000)), Ok(85_000));
        assert!(parse_price(&serde_json::json!(-1)).is_err());
        assert!(parse_price(&serde_json::json!(1.5)).is_err());
        assert!(parse_price(&serde_json::json!("85000")).is_err());
        assert!(parse_price(&serde_json::json!(MAX_PRICE + 1)).is_err());
    }
}
