//! The manager's figures: sales by category and month, month totals, customers'
//! running totals, the shop's satisfaction, and the scores computed from them.

use super::Money;
use time::OffsetDateTime;

/// A customer's running totals, as read before a completion.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerStats {
    pub orders: u64,
    pub revenue: Money,
    pub last_order_at: Option<OffsetDateTime>,
    pub name: String,
    pub email: String,
    pub customer_id: String,
    pub exists: bool,
    /// The part of `revenue` brought in by a sales import (`sales_import`).
    pub imported_revenue: Money,
    /// The import an imported entry belongs to (counted only while it is applied).
    pub import_id: Option<String>,
}

/// The month key of an instant, `yyyy-mm` (UTC).
pub fn month_of(t: OffsetDateTime) -> String {
    let d = t.to_offset(time::UtcOffset::UTC).date();
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

/// One category's figures in one month.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CategoryMonth {
    pub month: String,
    pub category: String,
    pub units: i64,
    pub revenue: Money,
    /// The part of `units` and `revenue` brought in by a sales import.
    pub imported_units: i64,
    pub imported_revenue: Money,
}

/// A month's totals.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MonthTotal {
    pub month: String,
    pub orders: i64,
    pub units: i64,
    pub revenue: Money,
    pub shipping: Money,
    /// What promos and vouchers took off the month's completed orders.
    pub discounts: Money,
    /// Completed orders that carried a voucher, and what the vouchers took off.
    pub vouchers_redeemed: i64,
    pub voucher_discounts: Money,
    /// Points the month's completed orders earned and spent, and what those spent took off.
    pub points_issued: i64,
    pub points_spent: i64,
    pub points_discounts: Money,
    /// The part of `orders`, `units` and `revenue` brought in by a sales import.
    pub imported_orders: i64,
    pub imported_units: i64,
    pub imported_revenue: Money,
}

impl MonthTotal {
    pub fn empty(month: &str) -> Self {
        Self {
            month: month.to_owned(),
            orders: 0,
            units: 0,
            revenue: 0,
            shipping: 0,
            discounts: 0,
            vouchers_redeemed: 0,
            voucher_discounts: 0,
            points_issued: 0,
            points_spent: 0,
            points_discounts: 0,
            imported_orders: 0,
            imported_units: 0,
            imported_revenue: 0,
        }
    }
}

/// The shop's review ratings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Satisfaction {
    pub rating_sum: i64,
    pub rating_count: i64,
    pub high_count: i64,
}

/// `yyyy-mm` as (year, month).
pub fn parse_month(raw: &str) -> Option<(i32, u8)> {
    let (y, m) = raw.split_once('-')?;
    let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u8>().ok()?);
    ((2000..=2200).contains(&y) && (1..=12).contains(&m) && raw.len() == 7).then_some((y, m))
}

pub fn months_between(a: (i32, u8), b: (i32, u8)) -> i32 {
    (b.0 - a.0) * 12 + i32::from(b.1) - i32::from(a.1)
}

/// Recency, frequency and monetary scores, 1 (low) to 5 (high).
pub fn rfm(c: &CustomerStats, now: OffsetDateTime, best_spend: i64) -> (u8, u8, u8) {
    let days = c
        .last_order_at
        .map(|t| (now - t).whole_days())
        .unwrap_or(i64::MAX);
    let r = match days {
        d if d <= 30 => 5,
        d if d <= 90 => 4,
        d if d <= 180 => 3,
        d if d <= 365 => 2,
        _ => 1,
    };
    let f = match c.orders {
        n if n >= 10 => 5,
        n if n >= 5 => 4,
        n if n >= 3 => 3,
        2 => 2,
        _ => 1,
    };
    let share = if best_spend > 0 {
        c.revenue * 100 / best_spend
    } else {
        0
    };
    let m = match share {
        s if s >= 80 => 5,
        s if s >= 60 => 4,
        s if s >= 40 => 3,
        s if s >= 20 => 2,
        _ => 1,
    };
    (r, f, m)
}

/// The months a report covers, `yyyy-mm` each: `to` defaults to this month, `from` to
/// twelve months before `to`; at most 36 months, `from` not after `to`.
pub fn month_range(
    from: Option<&str>,
    to: Option<&str>,
    now: OffsetDateTime,
) -> Result<(String, String), super::ParseError> {
    let to = to
        .filter(|v| !v.is_empty())
        .map_or_else(|| month_of(now), str::to_owned);
    let to_m = parse_month(&to).ok_or("to must be a month like 2025-10.")?;
    let from = match from.filter(|v| !v.is_empty()) {
        Some(v) => v.to_owned(),
        None => {
            let (y, m) = to_m;
            let back = i32::from(m) - 12;
            if back >= 1 {
                format!("{y:04}-{back:02}")
            } else {
                format!("{:04}-{:02}", y - 1, back + 12)
            }
        }
    };
    let from_m = parse_month(&from).ok_or("from must be a month like 2025-01.")?;
    if !(0..=36).contains(&months_between(from_m, to_m)) {
        return Err("from must not be after to, and the range at most 36 months.");
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_range_is_the_year_up_to_this_month() {
        let now = time::macros::datetime!(2026-03-15 10:00 UTC);
        assert_eq!(
            month_range(None, None, now),
            Ok(("2025-03".into(), "2026-03".into()))
        );
        assert_eq!(
            month_range(None, Some("2026-12"), now),
            Ok(("2025-12".into(), "2026-12".into()))
        );
        assert!(month_range(Some("2026-04"), Some("2026-03"), now).is_err());
        assert!(month_range(Some("2020-01"), Some("2026-03"), now).is_err());
    }

    #[test]
    fn months_parse_strictly() {
        assert_eq!(parse_month("2025-01"), Some((2025, 1)));
        for bad in ["2025-13", "2025-1", "25-01", "2025/01", "abcd-ef", ""] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
        assert_eq!(months_between((2024, 11), (2025, 2)), 3);
    }

    #[test]
    fn rfm_scores_reward_recent_frequent_big_spenders() {
        let now = OffsetDateTime::now_utc();
        let best = CustomerStats {
            orders: 12,
            revenue: 1_000,
            last_order_at: Some(now),
            ..Default::default()
        };
        let lapsed = CustomerStats {
            orders: 1,
            revenue: 100,
            last_order_at: Some(now - time::Duration::days(400)),
            ..Default::default()
        };
        assert_eq!(rfm(&best, now, 1_000), (5, 5, 5));
        assert_eq!(rfm(&lapsed, now, 1_000), (1, 1, 1));
    }
}
