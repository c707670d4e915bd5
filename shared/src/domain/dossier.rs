//! A customer as staff see them on one page: their figures from their orders (count,
//! spend, last order, RFM scores and the segment they make), and the notes staff keep
//! about them (never shown to the customer; deleted with the account, exported with it).

use super::id::ulid_id;
use super::{rfc3339, rfm, CustomerStats, Note, Order, OrderStatus, UserId};
use serde::Serialize;
use time::OffsetDateTime;

ulid_id!(StaffNoteId);

/// Notes the customer page shows, newest first.
pub const NOTES_SHOWN: usize = 50;
/// Orders the customer page shows, newest first (the figures count all of them).
pub const ORDERS_SHOWN: usize = 20;

/// A staff member's note about a customer.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StaffNote {
    pub id: StaffNoteId,
    pub by_id: UserId,
    pub by_name: String,
    pub text: String,
    pub at: String,
}

impl StaffNote {
    pub fn new(by_id: UserId, by_name: &str, text: &Note, at: OffsetDateTime) -> Self {
        Self {
            id: StaffNoteId::generate(),
            by_id,
            by_name: by_name.to_owned(),
            text: text.as_str().to_owned(),
            at: rfc3339(at),
        }
    }
}

/// What the customer's orders add up to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Figures {
    /// Orders placed and not turned down (rejected or cancelled ones do not count).
    pub orders: u64,
    /// What completed orders came to (IDR).
    pub spend: i64,
    pub last_order_at: Option<String>,
    pub recency: u8,
    pub frequency: u8,
    pub monetary: u8,
    pub segment: Segment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// Recent, frequent and big: look after them.
    Champion,
    /// Order often.
    Loyal,
    /// A first order, lately.
    New,
    /// Used to order often, not lately.
    AtRisk,
    /// Not lately, not often.
    Lapsed,
    /// No order yet.
    Prospect,
    Regular,
}

/// The segment RFM scores make.
pub fn segment(orders: u64, (r, f, m): (u8, u8, u8)) -> Segment {
    match () {
        _ if orders == 0 => Segment::Prospect,
        _ if r >= 4 && f >= 4 && m >= 4 => Segment::Champion,
        _ if orders == 1 && r >= 4 => Segment::New,
        _ if r <= 2 && f >= 3 => Segment::AtRisk,
        _ if f >= 4 => Segment::Loyal,
        _ if r <= 2 => Segment::Lapsed,
        _ => Segment::Regular,
    }
}

/// The figures of a customer's orders; `best_spend` is the best customer's spend (the
/// monetary score is relative to it).
pub fn figures(orders: &[Order], best_spend: i64, now: OffsetDateTime) -> Figures {
    let counted: Vec<&Order> = orders
        .iter()
        .filter(|o| !matches!(o.status, OrderStatus::Rejected | OrderStatus::Cancelled))
        .collect();
    let spend = counted
        .iter()
        .filter(|o| o.status == OrderStatus::Completed)
        .map(|o| o.total)
        .sum();
    let last = counted.iter().map(|o| o.created_at).max();
    let stats = CustomerStats {
        orders: counted.len() as u64,
        revenue: spend,
        last_order_at: last,
        name: String::new(),
        email: String::new(),
        customer_id: String::new(),
        exists: true,
        ..Default::default()
    };
    let scores = rfm(&stats, now, best_spend.max(spend));
    Figures {
        orders: stats.orders,
        spend,
        last_order_at: last.map(rfc3339),
        recency: scores.0,
        frequency: scores.1,
        monetary: scores.2,
        segment: segment(stats.orders, scores),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_follow_the_scores() {
        assert_eq!(segment(0, (1, 1, 1)), Segment::Prospect);
        assert_eq!(segment(12, (5, 5, 5)), Segment::Champion);
        assert_eq!(segment(1, (5, 1, 2)), Segment::New);
        assert_eq!(segment(6, (1, 4, 3)), Segment::AtRisk);
        assert_eq!(segment(6, (4, 4, 2)), Segment::Loyal);
        assert_eq!(segment(1, (1, 1, 1)), Segment::Lapsed);
        assert_eq!(segment(2, (3, 2, 2)), Segment::Regular);
    }

    #[test]
    fn no_orders_make_a_prospect_with_nothing_spent() {
        let f = figures(&[], 1_000_000, OffsetDateTime::UNIX_EPOCH);
        assert_eq!((f.orders, f.spend, f.segment), (0, 0, Segment::Prospect));
        assert_eq!(f.last_order_at, None);
    }
}
