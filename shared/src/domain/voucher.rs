//! Voucher codes a customer enters at checkout.
//!
//! Rules (documented in the README): a voucher takes a percent or a fixed amount off
//! what the eligible lines cost after their promos (all lines, or those of its
//! categories), once that reaches its minimum spend, capped by its optional maximum and
//! never more than the eligible amount; it stacks with promos (it applies after them) and
//! one order carries at most one voucher. Its uses are counted in the order's
//! transaction (in total and per customer), and a rejected or cancelled order gives its
//! use back. Codes are case-insensitive (kept upper case).

use super::catalog::{Category, Money, MAX_PRICE};
use super::order::OrderLine;
use super::ParseError;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// `A-Z`, `0-9` and `-`, 3 to 32 characters, upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VoucherCode(String);

impl VoucherCode {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let code = raw.trim().to_ascii_uppercase();
        let ok = (3..=32).contains(&code.len())
            && code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
        if ok {
            Ok(Self(code))
        } else {
            Err("must be 3 to 32 letters, digits or dashes")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for VoucherCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoucherValue {
    Percent(u8),
    Amount(Money),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Voucher {
    pub code: VoucherCode,
    pub value: VoucherValue,
    /// What the eligible lines must cost (after promos) for the voucher to apply.
    pub min_spend: Money,
    /// The most it takes off one order.
    pub max_discount: Option<Money>,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    /// Uses in all (none: unlimited), and per customer.
    pub total_uses: Option<u32>,
    pub per_customer: u32,
    /// Only for a customer's first order.
    pub first_order_only: bool,
    /// Only lines of these categories count (empty: all).
    pub categories: Vec<Category>,
    /// Staff can switch a voucher off without deleting it.
    pub enabled: bool,
    /// Uses so far (orders that are not rejected or cancelled).
    pub used: u32,
    pub created_at: OffsetDateTime,
}

/// Why a voucher does not apply to this cart now: each a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoucherRefusal {
    Unknown,
    Disabled,
    NotStarted,
    Expired,
    UsedUp,
    AlreadyUsed,
    FirstOrderOnly,
    MinimumNotMet { min_spend: Money },
    NotApplicable,
}

impl VoucherRefusal {
    pub fn code(self) -> &'static str {
        match self {
            Self::Unknown => "voucher_unknown",
            Self::Disabled => "voucher_disabled",
            Self::NotStarted => "voucher_not_started",
            Self::Expired => "voucher_expired",
            Self::UsedUp => "voucher_used_up",
            Self::AlreadyUsed => "voucher_already_used",
            Self::FirstOrderOnly => "voucher_first_order_only",
            Self::MinimumNotMet { .. } => "voucher_minimum_not_met",
            Self::NotApplicable => "voucher_not_applicable",
        }
    }

    pub fn detail(self) -> String {
        match self {
            Self::Unknown => "There is no voucher with this code.".to_owned(),
            Self::Disabled => "This voucher is no longer valid.".to_owned(),
            Self::NotStarted => "This voucher is not valid yet.".to_owned(),
            Self::Expired => "This voucher has expired.".to_owned(),
            Self::UsedUp => "This voucher has been used up.".to_owned(),
            Self::AlreadyUsed => "You have already used this voucher.".to_owned(),
            Self::FirstOrderOnly => "This voucher is for a first order only.".to_owned(),
            Self::MinimumNotMet { min_spend } => format!(
                "This voucher needs a spend of at least Rp {min_spend} on the items it covers."
            ),
            Self::NotApplicable => "This voucher does not cover any item in your cart.".to_owned(),
        }
    }
}

/// What a customer has done with vouchers so far, as far as one voucher's rules ask.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VoucherHistory {
    /// Uses of this voucher by the customer (orders not rejected or cancelled).
    pub uses: u32,
    /// Orders the customer placed before.
    pub orders_placed: u32,
}

impl Voucher {
    /// What the voucher takes off these priced lines now, or why it does not apply. The
    /// order's transaction checks the counts again (another order may take the last use).
    pub fn discount(
        &self,
        lines: &[OrderLine],
        history: VoucherHistory,
        now: OffsetDateTime,
    ) -> Result<Money, VoucherRefusal> {
        if !self.enabled {
            return Err(VoucherRefusal::Disabled);
        }
        if now < self.starts_at {
            return Err(VoucherRefusal::NotStarted);
        }
        if now >= self.ends_at {
            return Err(VoucherRefusal::Expired);
        }
        if self.total_uses.is_some_and(|t| self.used >= t) {
            return Err(VoucherRefusal::UsedUp);
        }
        if history.uses >= self.per_customer {
            return Err(VoucherRefusal::AlreadyUsed);
        }
        if self.first_order_only && history.orders_placed > 0 {
            return Err(VoucherRefusal::FirstOrderOnly);
        }
        let eligible: Money = lines
            .iter()
            .filter(|l| self.categories.is_empty() || self.categories.contains(&l.category))
            .map(OrderLine::net)
            .sum();
        if eligible == 0 {
            return Err(VoucherRefusal::NotApplicable);
        }
        if eligible < self.min_spend {
            return Err(VoucherRefusal::MinimumNotMet {
                min_spend: self.min_spend,
            });
        }
        let off = match self.value {
            VoucherValue::Percent(p) => eligible * Money::from(p) / 100,
            VoucherValue::Amount(a) => a,
        };
        Ok(off
            .min(self.max_discount.unwrap_or(MAX_PRICE))
            .min(eligible)
            .max(0))
    }
}

impl Voucher {
    /// The voucher as this order would carry it, or why it does not apply.
    pub fn apply(
        &self,
        lines: &[OrderLine],
        history: VoucherHistory,
        now: OffsetDateTime,
    ) -> Result<AppliedVoucher, VoucherRefusal> {
        Ok(AppliedVoucher {
            code: self.code.clone(),
            discount: self.discount(lines, history, now)?,
        })
    }
}

/// The voucher an order carries and what it took off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppliedVoucher {
    pub code: VoucherCode,
    pub discount: Money,
}

/// One order's use of a voucher, for the console (given back when the order was rejected
/// or cancelled).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Redemption {
    pub order_id: String,
    pub invoice_code: String,
    pub customer_id: String,
    pub customer_name: String,
    pub discount: Money,
    pub at: String,
    pub returned: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VoucherView {
    pub code: VoucherCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount_percent: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount_amount: Option<Money>,
    pub min_spend: Money,
    pub max_discount: Option<Money>,
    pub starts_at: String,
    pub ends_at: String,
    pub total_uses: Option<u32>,
    pub per_customer: u32,
    pub first_order_only: bool,
    pub categories: Vec<Category>,
    pub enabled: bool,
    pub used: u32,
}

impl From<&Voucher> for VoucherView {
    fn from(v: &Voucher) -> Self {
        let (discount_percent, discount_amount) = match v.value {
            VoucherValue::Percent(p) => (Some(p), None),
            VoucherValue::Amount(a) => (None, Some(a)),
        };
        Self {
            code: v.code.clone(),
            discount_percent,
            discount_amount,
            min_spend: v.min_spend,
            max_discount: v.max_discount,
            starts_at: super::rfc3339(v.starts_at),
            ends_at: super::rfc3339(v.ends_at),
            total_uses: v.total_uses,
            per_customer: v.per_customer,
            first_order_only: v.first_order_only,
            categories: v.categories.clone(),
            enabled: v.enabled,
            used: v.used,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ProductId, ProductName};
    use time::Duration;

    const NOW: OffsetDateTime = OffsetDateTime::UNIX_EPOCH;

    fn voucher(value: VoucherValue) -> Voucher {
        Voucher {
            code: VoucherCode::parse("hemat10").expect("code"),
            value,
            min_spend: 0,
            max_discount: None,
            starts_at: NOW - Duration::days(1),
            ends_at: NOW + Duration::days(1),
            total_uses: None,
            per_customer: 1,
            first_order_only: false,
            categories: Vec::new(),
            enabled: true,
            used: 0,
            created_at: NOW,
        }
    }

    fn line(category: &str, total: Money, discount: Money) -> OrderLine {
        OrderLine {
            product_id: ProductId::generate(),
            name: ProductName::parse("Item").expect("name"),
            category: Category::parse(category).expect("category"),
            quantity: 1,
            unit_price: total,
            discount,
            promo: None,
            options: Vec::new(),
            size: None,
        }
    }

    #[test]
    fn codes_are_upper_case_letters_digits_and_dashes() {
        assert_eq!(
            VoucherCode::parse(" hemat-10 ").expect("ok").as_str(),
            "HEMAT-10"
        );
        for bad in ["ab", "HEMAT 10", "HÉMAT", "x".repeat(33).as_str(), "a_b"] {
            assert!(VoucherCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_percent_is_of_the_eligible_lines_after_promos_capped() {
        let mut v = voucher(VoucherValue::Percent(10));
        v.categories = vec![Category::parse("printing").expect("c")];
        v.max_discount = Some(15_000);
        let lines = [
            line("printing", 100_000, 10_000),
            line("laptops", 5_000_000, 0),
        ];
        // 10 % of 90,000 (the printing line after its promo) = 9,000.
        assert_eq!(
            v.discount(&lines, VoucherHistory::default(), NOW),
            Ok(9_000)
        );
        let big = [line("printing", 1_000_000, 0)];
        assert_eq!(
            v.discount(&big, VoucherHistory::default(), NOW),
            Ok(15_000),
            "capped"
        );
    }

    #[test]
    fn an_amount_never_exceeds_what_it_covers() {
        let v = voucher(VoucherValue::Amount(50_000));
        let lines = [line("printing", 30_000, 0)];
        assert_eq!(
            v.discount(&lines, VoucherHistory::default(), NOW),
            Ok(30_000)
        );
    }

    #[test]
    fn each_rule_refuses_with_its_own_code() {
        let lines = [line("printing", 100_000, 0)];
        let fresh = VoucherHistory::default();
        let check = |v: &Voucher, h: VoucherHistory, at: OffsetDateTime| {
            v.discount(&lines, h, at).map_err(VoucherRefusal::code)
        };
        let v = voucher(VoucherValue::Percent(10));
        assert_eq!(
            check(&v, fresh, NOW - Duration::days(2)),
            Err("voucher_not_started")
        );
        assert_eq!(
            check(&v, fresh, NOW + Duration::days(1)),
            Err("voucher_expired")
        );
        let off = Voucher {
            enabled: false,
            ..v.clone()
        };
        assert_eq!(check(&off, fresh, NOW), Err("voucher_disabled"));
        let used_up = Voucher {
            total_uses: Some(3),
            used: 3,
            ..v.clone()
        };
        assert_eq!(check(&used_up, fresh, NOW), Err("voucher_used_up"));
        let once = VoucherHistory {
            uses: 1,
            orders_placed: 1,
        };
        assert_eq!(check(&v, once, NOW), Err("voucher_already_used"));
        let first = Voucher {
            first_order_only: true,
            per_customer: 5,
            ..v.clone()
        };
        assert_eq!(check(&first, once, NOW), Err("voucher_first_order_only"));
        let minimum = Voucher {
            min_spend: 150_000,
            ..v.clone()
        };
        assert_eq!(check(&minimum, fresh, NOW), Err("voucher_minimum_not_met"));
        let elsewhere = Voucher {
            categories: vec![Category::parse("laptops").expect("c")],
            ..v
        };
        assert_eq!(check(&elsewhere, fresh, NOW), Err("voucher_not_applicable"));
    }
}
