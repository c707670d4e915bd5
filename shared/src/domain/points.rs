//! Reward points: earned on completed orders, spent at checkout, returned when an order
//! that spent them is rejected or cancelled, expired after a settable number of months,
//! adjusted by staff with a reason.
//!
//! Rules (documented in the README):
//! - A completed order earns `floor(total / earn_per)` points (`total`: what the order
//!   charged, shipping included, before the transfer's unique code); `earn_per` 0 turns
//!   earning off.
//! - At checkout a customer may spend whole points, each worth `point_value` rupiah, up to
//!   `max_share_percent` of what the goods cost after promos and voucher (shipping is
//!   never paid with points), rounded down to whole points. Points apply after the voucher.
//! - The balance never goes below zero: spending is a conditional write in the order's
//!   transaction.
//! - Points expire first in, first out: each earning (or positive adjustment) is a lot
//!   that expires `expiry_months` after it was credited (0: never); when a lot expires,
//!   whatever of it the customer has not spent expires with it (`expiring`).

use super::catalog::Money;
use super::{rfc3339, OrderId, ParseError, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The most points one request may spend or one adjustment may move.
pub const MAX_POINTS_MOVE: u64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PointsSettings {
    /// Rupiah of a completed order's total per point earned (0: no points are earned).
    pub earn_per: Money,
    /// Rupiah one point takes off at checkout (0: points cannot be spent).
    pub point_value: Money,
    /// The largest share of the goods (after promos and voucher) points may pay, in percent.
    pub max_share_percent: u8,
    /// Months after which an earning expires (0: never).
    pub expiry_months: u32,
}

impl Default for PointsSettings {
    fn default() -> Self {
        Self {
            earn_per: 10_000,
            point_value: 100,
            max_share_percent: 50,
            expiry_months: 12,
        }
    }
}

/// A setting: a whole number from 0 to `max`.
pub fn parse_setting(value: &serde_json::Value, max: u64) -> Result<u64, ParseError> {
    match value.as_u64() {
        Some(v) if v <= max => Ok(v),
        _ => Err("must be a whole number in range"),
    }
}

/// A number of points to spend: a whole number from 0 to [`MAX_POINTS_MOVE`].
pub fn parse_points(value: &serde_json::Value) -> Result<u64, ParseError> {
    match value.as_u64() {
        Some(p) if p <= MAX_POINTS_MOVE => Ok(p),
        _ => Err("must be a whole number of points from 0 to 1000000"),
    }
}

/// A staff adjustment: a non-zero whole number from −[`MAX_POINTS_MOVE`] to +.
pub fn parse_adjustment(value: &serde_json::Value) -> Result<i64, ParseError> {
    const MAX: i64 = MAX_POINTS_MOVE as i64;
    match value.as_i64() {
        Some(p) if p != 0 && (-MAX..=MAX).contains(&p) => Ok(p),
        _ => Err("must be a non-zero whole number from -1000000 to 1000000"),
    }
}

/// Why points cannot be spent as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointsRefusal {
    /// More than the balance.
    NotEnough { balance: u64 },
    /// More than the order's share allows.
    OverLimit { max: u64 },
    /// The shop does not take points.
    Disabled,
}

impl PointsRefusal {
    pub fn code(self) -> &'static str {
        match self {
            Self::NotEnough { .. } => "points_not_enough",
            Self::OverLimit { .. } => "points_over_limit",
            Self::Disabled => "points_disabled",
        }
    }

    pub fn detail(self) -> String {
        match self {
            Self::NotEnough { balance } => {
                format!("You have {balance} points: you cannot spend more than that.")
            }
            Self::OverLimit { max } => format!("This order can take at most {max} points."),
            Self::Disabled => "This shop does not take points at checkout.".to_owned(),
        }
    }
}

/// What an order spent: the points and the rupiah they took off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppliedPoints {
    pub points: u64,
    pub discount: Money,
}

impl PointsSettings {
    /// The most points an order whose goods come to `goods` (after promos and voucher)
    /// may spend, whatever the balance.
    pub fn max_points(&self, goods: Money) -> u64 {
        if self.point_value <= 0 || goods <= 0 {
            return 0;
        }
        let share = goods.saturating_mul(i64::from(self.max_share_percent)) / 100;
        (share / self.point_value) as u64
    }

    /// Spends `points` of `balance` on goods of `goods`: `None` for no points.
    pub fn spend(
        &self,
        points: u64,
        balance: u64,
        goods: Money,
    ) -> Result<Option<AppliedPoints>, PointsRefusal> {
        if points == 0 {
            return Ok(None);
        }
        if self.point_value <= 0 || self.max_share_percent == 0 {
            return Err(PointsRefusal::Disabled);
        }
        if points > balance {
            return Err(PointsRefusal::NotEnough { balance });
        }
        let max = self.max_points(goods);
        if points > max {
            return Err(PointsRefusal::OverLimit { max });
        }
        Ok(Some(AppliedPoints {
            points,
            discount: points as Money * self.point_value,
        }))
    }

    /// The points an order of `total` earns on completion.
    pub fn earned(&self, total: Money) -> u64 {
        if self.earn_per <= 0 || total <= 0 {
            0
        } else {
            (total / self.earn_per) as u64
        }
    }

    /// When points credited `at` expire (`None`: never).
    pub fn expires_at(&self, at: OffsetDateTime) -> Option<OffsetDateTime> {
        if self.expiry_months == 0 {
            return None;
        }
        let months = self.expiry_months as i32;
        let date = at.date();
        let total = date.year() * 12 + i32::from(u8::from(date.month())) - 1 + months;
        let (year, month) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
        let month = time::Month::try_from(month).ok()?;
        let last = month.length(year);
        let day = date.day().min(last);
        let date = time::Date::from_calendar_date(year, month, day).ok()?;
        Some(at.replace_date(date))
    }
}

/// A customer's points: the balance, and the running totals expiry works from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PointsBalance {
    pub balance: u64,
    /// Everything ever taken off: spent (net of returns), expired, adjusted down.
    #[serde(skip)]
    pub debits: u64,
    /// Credits of the lots expiry has already looked at.
    #[serde(skip)]
    pub settled: u64,
}

impl PointsBalance {
    /// What expires with a lot of `lot` points: the part of the oldest credits (those
    /// settled before, and this lot) that debits have not used up, first in first out.
    pub fn expiring(&self, lot: u64) -> u64 {
        (self.settled + lot)
            .saturating_sub(self.debits)
            .min(self.balance)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointsKind {
    Earned,
    Spent,
    /// Spent points an order gave back (rejected or cancelled).
    Reversed,
    Expired,
    Adjusted,
}

impl PointsKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Earned => "earned",
            Self::Spent => "spent",
            Self::Reversed => "reversed",
            Self::Expired => "expired",
            Self::Adjusted => "adjusted",
        }
    }
}

/// One line of a customer's points ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PointsEntry {
    pub id: String,
    pub kind: PointsKind,
    /// Signed: credits positive, debits negative.
    pub points: i64,
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_code: Option<String>,
    /// Staff adjustments: why, and who.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_id: Option<UserId>,
    /// Credits: when they expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

impl PointsEntry {
    pub fn new(kind: PointsKind, points: i64, at: OffsetDateTime) -> Self {
        Self {
            id: super::next_ulid().to_string(),
            kind,
            points,
            at: rfc3339(at),
            order_id: None,
            invoice_code: None,
            reason: None,
            by_id: None,
            expires_at: None,
        }
    }

    /// A credit of an order or an adjustment: a lot with its expiry.
    pub fn credit(
        kind: PointsKind,
        points: u64,
        at: OffsetDateTime,
        settings: &PointsSettings,
    ) -> Self {
        Self {
            expires_at: settings.expires_at(at).map(rfc3339),
            ..Self::new(kind, points as i64, at)
        }
    }

    pub fn for_order(mut self, id: &OrderId, invoice: &str) -> Self {
        self.order_id = Some(id.clone());
        self.invoice_code = Some(invoice.to_owned());
        self
    }
}

/// A credit expiry has to look at: whose, which ledger line, how many points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointsLot {
    pub customer_id: UserId,
    pub entry_id: String,
    pub at: String,
    pub points: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spending_is_bounded_by_balance_and_share() {
        let s = PointsSettings::default();
        // Goods of Rp 100.000: half is Rp 50.000, 500 points of Rp 100.
        assert_eq!(s.max_points(100_000), 500);
        assert_eq!(
            s.spend(300, 400, 100_000),
            Ok(Some(AppliedPoints {
                points: 300,
                discount: 30_000
            }))
        );
        assert_eq!(
            s.spend(401, 400, 100_000),
            Err(PointsRefusal::NotEnough { balance: 400 })
        );
        assert_eq!(
            s.spend(501, 1_000, 100_000),
            Err(PointsRefusal::OverLimit { max: 500 })
        );
        assert_eq!(s.spend(0, 0, 100_000), Ok(None));
        let off = PointsSettings {
            point_value: 0,
            ..s
        };
        assert_eq!(off.spend(1, 10, 100_000), Err(PointsRefusal::Disabled));
    }

    #[test]
    fn earning_rounds_down() {
        let s = PointsSettings::default();
        assert_eq!(s.earned(129_999), 12);
        assert_eq!(s.earned(9_999), 0);
        let off = PointsSettings { earn_per: 0, ..s };
        assert_eq!(off.earned(1_000_000), 0);
    }

    #[test]
    fn expiry_is_months_later_on_the_same_day_or_the_months_last() {
        let s = PointsSettings {
            expiry_months: 1,
            ..Default::default()
        };
        let at = time::macros::datetime!(2026-01-31 10:00 UTC);
        assert_eq!(
            s.expires_at(at),
            Some(time::macros::datetime!(2026-02-28 10:00 UTC))
        );
        let twelve = PointsSettings::default();
        assert_eq!(
            twelve.expires_at(time::macros::datetime!(2026-11-30 08:00 UTC)),
            Some(time::macros::datetime!(2027-11-30 08:00 UTC))
        );
        let never = PointsSettings {
            expiry_months: 0,
            ..s
        };
        assert_eq!(never.expires_at(at), None);
    }

    #[test]
    fn expiry_takes_what_is_left_of_the_oldest_credits() {
        // Earned 100 then 50; spent 120. The first lot is used up; 30 of the second left.
        let b = PointsBalance {
            balance: 30,
            debits: 120,
            settled: 0,
        };
        assert_eq!(b.expiring(100), 0);
        let b = PointsBalance { settled: 100, ..b };
        assert_eq!(b.expiring(50), 30);
        // Nothing spent: the whole lot expires.
        let fresh = PointsBalance {
            balance: 80,
            debits: 0,
            settled: 0,
        };
        assert_eq!(fresh.expiring(80), 80);
    }
}
