//! Promotions: shown on the site during their window and, when they carry a discount,
//! applied to the lines they target by quote and placement alike ([`best_for`]).
//!
//! Rules (documented in the README): a promo targets the whole shop (no categories and no
//! products named) or the lines whose product or category it names; its discount is a
//! percent of the line or a fixed amount off each unit (never more than the unit price),
//! from an optional minimum quantity of that line. Promos do not stack: each line gets
//! the one running promo that takes the most off it (a tie goes to the promo ending
//! first, then the lower id). A percent is taken of the line total and rounded down to
//! whole rupiah.

use super::catalog::{Category, Money, ProductId, MAX_PRICE};
use super::id::ulid_id;
use super::order::{OrderLine, MAX_QUANTITY};
use super::{rfc3339, single_line, ParseError};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

ulid_id!(PromoId);

/// At most this many categories and products one promo names.
pub const MAX_TARGETS: usize = 50;

/// A discount percentage, 1 to 100.
pub fn parse_percent(value: &serde_json::Value) -> Result<u8, ParseError> {
    match value.as_u64() {
        Some(p @ 1..=100) => Ok(p as u8),
        _ => Err("must be a whole number from 1 to 100"),
    }
}

/// A fixed amount off each unit, in whole rupiah.
pub fn parse_amount(value: &serde_json::Value) -> Result<Money, ParseError> {
    match value.as_i64() {
        Some(a) if (1..=MAX_PRICE).contains(&a) => Ok(a),
        _ => Err("must be a whole number of rupiah from 1"),
    }
}

/// The smallest quantity of a line the discount applies to.
pub fn parse_min_quantity(value: &serde_json::Value) -> Result<u32, ParseError> {
    match value.as_u64() {
        Some(q) if (1..=u64::from(MAX_QUANTITY)).contains(&q) => Ok(q as u32),
        _ => Err("must be a whole number from 1 to 999"),
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
    /// At most one of the two discounts; neither makes the promo an announcement.
    pub discount_percent: Option<u8>,
    pub discount_amount: Option<Money>,
    /// What it applies to: lines of these categories or products; both empty: all.
    pub categories: Vec<Category>,
    pub product_ids: Vec<ProductId>,
    /// The discount applies to a line of at least this many units.
    pub min_quantity: u32,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub created_at: OffsetDateTime,
}

impl Promo {
    pub fn is_active(&self, now: OffsetDateTime) -> bool {
        self.starts_at <= now && now < self.ends_at
    }

    /// Whether the promo names this line's product or category (or names none).
    pub fn targets(&self, line: &OrderLine) -> bool {
        (self.categories.is_empty() && self.product_ids.is_empty())
            || self.product_ids.contains(&line.product_id)
            || self.categories.contains(&line.category)
    }

    /// What the promo takes off the line (0 when it does not apply to it).
    pub fn line_discount(&self, line: &OrderLine) -> Money {
        if !self.targets(line) || line.quantity < self.min_quantity {
            return 0;
        }
        let off = match (self.discount_percent, self.discount_amount) {
            (Some(p), _) => line.total() * Money::from(p) / 100,
            (None, Some(a)) => a.min(line.unit_price) * Money::from(line.quantity),
            (None, None) => 0,
        };
        off.clamp(0, line.total())
    }
}

/// The promo that applies to a line, as the order keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppliedPromo {
    pub id: PromoId,
    pub title: String,
}

/// Sets each line's discount to the best of the running `promos` (see the module's rules).
pub fn best_for(lines: &mut [OrderLine], promos: &[Promo], now: OffsetDateTime) {
    let mut running: Vec<&Promo> = promos.iter().filter(|p| p.is_active(now)).collect();
    running.sort_by(|a, b| (a.ends_at, &a.id.as_str()).cmp(&(b.ends_at, &b.id.as_str())));
    for line in lines {
        line.discount = 0;
        line.promo = None;
        for promo in &running {
            let off = promo.line_discount(line);
            if off > line.discount {
                line.discount = off;
                line.promo = Some(AppliedPromo {
                    id: promo.id.clone(),
                    title: promo.title.clone(),
                });
            }
        }
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount_amount: Option<Money>,
    pub categories: Vec<Category>,
    pub product_ids: Vec<ProductId>,
    pub min_quantity: u32,
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
            discount_amount: p.discount_amount,
            categories: p.categories.clone(),
            product_ids: p.product_ids.clone(),
            min_quantity: p.min_quantity,
            starts_at: rfc3339(p.starts_at),
            ends_at: rfc3339(p.ends_at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ProductName;
    use time::Duration;

    const NOW: OffsetDateTime = OffsetDateTime::UNIX_EPOCH;

    fn promo(title: &str) -> Promo {
        Promo {
            id: PromoId::generate(),
            title: title.into(),
            body: String::new(),
            image_url: None,
            discount_percent: None,
            discount_amount: None,
            categories: Vec::new(),
            product_ids: Vec::new(),
            min_quantity: 1,
            starts_at: NOW - Duration::days(1),
            ends_at: NOW + Duration::days(1),
            created_at: NOW,
        }
    }

    fn line(category: &str, quantity: u32, unit_price: Money) -> OrderLine {
        OrderLine {
            product_id: ProductId::generate(),
            name: ProductName::parse("Banner").expect("name"),
            category: Category::parse(category).expect("category"),
            quantity,
            unit_price,
            discount: 0,
            promo: None,
            options: Vec::new(),
            size: None,
        }
    }

    #[test]
    fn a_percent_is_of_the_line_and_rounds_down() {
        let p = Promo {
            discount_percent: Some(15),
            ..promo("15%")
        };
        // 3 × 33,333 = 99,999; 15 % = 14,999.85 → 14,999.
        assert_eq!(p.line_discount(&line("printing", 3, 33_333)), 14_999);
    }

    #[test]
    fn a_fixed_amount_is_per_unit_and_never_more_than_the_price() {
        let p = Promo {
            discount_amount: Some(5_000),
            ..promo("5k")
        };
        assert_eq!(p.line_discount(&line("printing", 4, 20_000)), 20_000);
        assert_eq!(
            p.line_discount(&line("printing", 2, 3_000)),
            6_000,
            "free, not negative"
        );
    }

    #[test]
    fn targets_and_minimum_quantity_decide_which_lines() {
        let mut l = line("printing", 10, 1_000);
        let by_category = Promo {
            discount_percent: Some(10),
            categories: vec![Category::parse("printing").expect("c")],
            min_quantity: 10,
            ..promo("cat")
        };
        assert_eq!(by_category.line_discount(&l), 1_000);
        l.quantity = 9;
        assert_eq!(by_category.line_discount(&l), 0, "below the minimum");
        let by_product = Promo {
            discount_percent: Some(10),
            product_ids: vec![ProductId::generate()],
            ..promo("other product")
        };
        assert_eq!(by_product.line_discount(&l), 0);
        let other_category = Promo {
            discount_percent: Some(10),
            categories: vec![Category::parse("laptops").expect("c")],
            ..promo("laptops")
        };
        assert_eq!(other_category.line_discount(&l), 0);
        let announcement = promo("news");
        assert_eq!(announcement.line_discount(&l), 0);
    }

    #[test]
    fn each_line_gets_the_best_running_promo_and_promos_do_not_stack() {
        let ten = Promo {
            discount_percent: Some(10),
            ..promo("ten percent")
        };
        let fixed = Promo {
            discount_amount: Some(3_000),
            categories: vec![Category::parse("printing").expect("c")],
            ..promo("3k off printing")
        };
        let ended = Promo {
            discount_percent: Some(90),
            ends_at: NOW,
            ..promo("over")
        };
        let mut lines = vec![line("printing", 2, 20_000), line("laptops", 1, 100_000)];
        best_for(&mut lines, &[ten.clone(), fixed.clone(), ended], NOW);
        // Printing: 10 % of 40,000 = 4,000 vs 2 × 3,000 = 6,000 → the fixed amount alone.
        assert_eq!(lines[0].discount, 6_000);
        assert_eq!(lines[0].promo.as_ref().map(|p| &p.id), Some(&fixed.id));
        assert_eq!(lines[1].discount, 10_000);
        assert_eq!(lines[1].promo.as_ref().map(|p| &p.id), Some(&ten.id));
    }

    #[test]
    fn a_tie_goes_to_the_promo_ending_first() {
        let later = Promo {
            discount_percent: Some(10),
            ends_at: NOW + Duration::days(5),
            ..promo("later")
        };
        let sooner = Promo {
            discount_percent: Some(10),
            ..promo("sooner")
        };
        let mut lines = vec![line("printing", 1, 10_000)];
        best_for(&mut lines, &[later, sooner.clone()], NOW);
        assert_eq!(lines[0].promo.as_ref().map(|p| &p.id), Some(&sooner.id));
    }
}
