//! Orders: status, invoice code, lines, address, history (the moves: `lifecycle.rs`).

use super::catalog::{Category, Money, ProductId, ProductName};
use super::id::ulid_id;
use super::payment::PaymentRequest;
use super::points::AppliedPoints;
use super::promo::AppliedPromo;
use super::voucher::AppliedVoucher;
use super::{
    rfc3339, single_line, Address, Email, Locale, Note, ParseError, PersonName, Role, UserId,
};
use serde::{Deserialize, Serialize};
use std::fmt;
use time::OffsetDateTime;

ulid_id!(OrderId);

/// At most this many orders of one customer wait for the shop's confirmation.
pub const MAX_PENDING_ORDERS: u32 = 5;
/// Lines per order, and units per line.
pub const MAX_LINES: usize = 40;
pub const MAX_QUANTITY: u32 = 999;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Pending,
    /// Accepted at a changed price: waits for the customer to agree (or cancel).
    AwaitingCustomer,
    Accepted,
    Rejected,
    Cancelled,
    Paid,
    InProduction,
    Shipped,
    Completed,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 9] = [
        Self::Pending,
        Self::AwaitingCustomer,
        Self::Accepted,
        Self::Rejected,
        Self::Cancelled,
        Self::Paid,
        Self::InProduction,
        Self::Shipped,
        Self::Completed,
    ];

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
            .ok_or("must be one of pending, awaiting_customer, accepted, rejected, cancelled, paid, in_production, shipped, completed")
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::AwaitingCustomer => "awaiting_customer",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Cancelled => "cancelled",
            Self::Paid => "paid",
            Self::InProduction => "in_production",
            Self::Shipped => "shipped",
            Self::Completed => "completed",
        }
    }

    /// The one status an operator may move an order to from this one, if any.
    pub fn next_in_production(self) -> Option<Self> {
        match self {
            Self::Accepted => Some(Self::Paid),
            Self::Paid => Some(Self::InProduction),
            Self::InProduction => Some(Self::Shipped),
            Self::Shipped => Some(Self::Completed),
            _ => None,
        }
    }

    /// The status an operator move to `self` must start from.
    pub fn previous_in_production(self) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.next_in_production() == Some(self))
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `INV-YYYYMMDD-NNNN`: the day's date (UTC) and that day's sequence number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct InvoiceCode(String);

impl InvoiceCode {
    pub fn new(day: time::Date, seq: u64) -> Self {
        Self(format!(
            "INV-{:04}{:02}{:02}-{:04}",
            day.year(),
            u8::from(day.month()),
            day.day(),
            seq
        ))
    }

    pub fn from_stored(s: &str) -> Self {
        Self(s.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The month its index partition is (`YYYYMM`), from the code itself.
    pub fn month(&self) -> &str {
        self.0.get(4..10).unwrap_or("")
    }
}

/// What staff typed to find an invoice, as a code prefix naming at least its month:
/// `inv-20261201-0003`, `INV-202612`, `20261201-3` (the number zero-padded when the
/// day is whole). `None`: it names no month.
pub fn invoice_prefix(typed: &str) -> Option<String> {
    let t = typed.trim().to_ascii_uppercase();
    let rest = t.strip_prefix("INV-").unwrap_or(&t);
    let (day, seq) = match rest.split_once('-') {
        Some((d, n)) => (d, Some(n)),
        None => (rest, None),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if day.len() < 6 || day.len() > 8 || !digits(day) {
        return None;
    }
    let month = day.get(4..6)?.parse::<u8>().ok()?;
    if !(1..=12).contains(&month) {
        return None;
    }
    match seq {
        None => Some(format!("INV-{day}")),
        Some(n) if day.len() == 8 && !n.is_empty() && n.len() <= 4 && digits(n) => {
            Some(format!("INV-{day}-{n:0>4}"))
        }
        Some(_) => None,
    }
}

/// The day key of the invoice counter, `YYYYMMDD`.
pub fn invoice_day(t: OffsetDateTime) -> (time::Date, String) {
    let d = t.to_offset(time::UtcOffset::UTC).date();
    (
        d,
        format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day()),
    )
}

/// A bounded line of free text (address parts, tracking numbers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Line(String);

impl Line {
    pub fn parse(raw: &str, max: usize) -> Result<Self, ParseError> {
        single_line(raw, max, "is too long").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderLine {
    pub product_id: ProductId,
    pub name: ProductName,
    /// The product's category when ordered (for sales by category).
    #[serde(default = "uncategorised")]
    pub category: Category,
    pub quantity: u32,
    pub unit_price: Money,
    /// What the line's promo took off the line (0 without one; see `promo::best_for`).
    #[serde(default)]
    pub discount: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promo: Option<AppliedPromo>,
    /// A made-to-order line's choices and size, as charged (`made_to_order`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<super::ChosenOption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<super::Size>,
}

fn uncategorised() -> Category {
    Category::other()
}

impl OrderLine {
    /// A made-to-order line's size and choices ("300 × 100 cm · Material: Albatros"),
    /// empty for a fixed-price one.
    pub fn details(&self, indonesian: bool) -> String {
        super::describe(self.size, &self.options, indonesian)
    }

    /// The line at its unit price, before any discount.
    pub fn total(&self) -> Money {
        self.unit_price * Money::from(self.quantity)
    }

    /// What the line costs after its discount.
    pub fn net(&self) -> Money {
        self.total() - self.discount
    }
}

/// What priced lines, a voucher, points and shipping add up to: the one formula quote
/// and placement share (`total = subtotal − discount − points + shipping`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub subtotal: Money,
    /// The lines' promo discounts and the voucher's, together.
    pub discount: Money,
    /// What spent points took off.
    pub points_discount: Money,
    pub total: Money,
}

impl Totals {
    pub fn of(
        items: &[OrderLine],
        voucher: Option<&AppliedVoucher>,
        points: Option<&AppliedPoints>,
        shipping: Money,
    ) -> Self {
        let subtotal: Money = items.iter().map(OrderLine::total).sum();
        let discount =
            items.iter().map(|l| l.discount).sum::<Money>() + voucher.map_or(0, |v| v.discount);
        let points_discount = points.map_or(0, |p| p.discount);
        Self {
            subtotal,
            discount,
            points_discount,
            total: subtotal - discount - points_discount + shipping,
        }
    }

    /// What the goods cost after promos and voucher: the base points may pay a share of.
    pub fn goods(&self) -> Money {
        self.subtotal - self.discount
    }
}

/// One step of an order's life: the status it entered, when, by whom, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub status: OrderStatus,
    pub at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The role of who made the move (absent on entries written before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Role>,
    /// The account that made the move: which staff member decided or moved the order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_id: Option<UserId>,
    /// Set on a proof's entry: which version was sent or answered, and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<super::ProofMark>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub id: OrderId,
    pub invoice_code: InvoiceCode,
    pub customer_id: UserId,
    pub customer_name: PersonName,
    pub customer_email: Email,
    pub customer_locale: Locale,
    pub status: OrderStatus,
    pub items: Vec<OrderLine>,
    pub subtotal: Money,
    pub shipping_cost: Money,
    /// The lines' promo discounts and the voucher's, together.
    pub discount: Money,
    pub total: Money,
    /// The voucher the order carries, and what it took off.
    pub voucher: Option<AppliedVoucher>,
    /// The points the order spent, and what they took off.
    pub points: Option<AppliedPoints>,
    /// Points the order earned on completion (0 before).
    pub points_earned: u64,
    /// Set on acceptance: the amount to transfer (with its code), the accounts, the deadline.
    pub payment: Option<PaymentRequest>,
    pub shipping_address: Address,
    pub note: Note,
    pub tracking_number: Option<Line>,
    pub history: Vec<HistoryEntry>,
    /// Files uploaded to the order, and whether a payment proof waits for staff.
    pub file_count: u32,
    pub proof_to_check: bool,
    /// The latest design proof sent to the customer, and their answer.
    pub proof: Option<super::Proof>,
    /// Set when an admin accepted at changed prices: what changed and why.
    pub adjustment: Option<super::Adjustment>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderView<'a> {
    pub id: &'a OrderId,
    pub invoice_code: &'a InvoiceCode,
    pub customer_id: &'a UserId,
    pub customer_name: &'a PersonName,
    pub status: OrderStatus,
    pub items: &'a [OrderLine],
    pub subtotal: Money,
    pub shipping_cost: Money,
    pub discount: Money,
    pub total: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voucher: Option<&'a AppliedVoucher>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<&'a AppliedPoints>,
    pub points_earned: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment: Option<&'a PaymentRequest>,
    pub shipping_address: &'a Address,
    pub note: &'a Note,
    pub tracking_number: Option<&'a Line>,
    pub history: &'a [HistoryEntry],
    pub file_count: u32,
    pub proof_to_check: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proof: Option<&'a super::Proof>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjustment: Option<&'a super::Adjustment>,
    pub created_at: String,
    pub updated_at: String,
}

impl<'a> From<&'a Order> for OrderView<'a> {
    fn from(o: &'a Order) -> Self {
        Self {
            id: &o.id,
            invoice_code: &o.invoice_code,
            customer_id: &o.customer_id,
            customer_name: &o.customer_name,
            status: o.status,
            items: &o.items,
            subtotal: o.subtotal,
            shipping_cost: o.shipping_cost,
            discount: o.discount,
            total: o.total,
            voucher: o.voucher.as_ref(),
            points: o.points.as_ref(),
            points_earned: o.points_earned,
            payment: o.payment.as_ref(),
            shipping_address: &o.shipping_address,
            note: &o.note,
            tracking_number: o.tracking_number.as_ref(),
            history: &o.history,
            file_count: o.file_count,
            proof_to_check: o.proof_to_check,
            proof: o.proof.as_ref(),
            adjustment: o.adjustment.as_ref(),
            created_at: rfc3339(o.created_at),
            updated_at: rfc3339(o.updated_at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invoice_codes_are_found_by_what_staff_type() {
        assert_eq!(
            invoice_prefix(" inv-20261201-0003 ").as_deref(),
            Some("INV-20261201-0003")
        );
        assert_eq!(
            invoice_prefix("20261201-3").as_deref(),
            Some("INV-20261201-0003")
        );
        assert_eq!(invoice_prefix("INV-202612").as_deref(), Some("INV-202612"));
        for bad in [
            "0003",
            "INV-2026",
            "202613",
            "INV-20261201-",
            "INV-20261201-12345",
            "budi",
        ] {
            assert_eq!(invoice_prefix(bad), None, "{bad}");
        }
        assert_eq!(
            InvoiceCode::from_stored("INV-20261201-0003").month(),
            "202612"
        );
    }

    #[test]
    fn invoice_codes_have_the_day_and_a_four_digit_sequence() {
        let day = time::macros::date!(2026 - 03 - 07);
        assert_eq!(InvoiceCode::new(day, 7).as_str(), "INV-20260307-0007");
        assert_eq!(InvoiceCode::new(day, 12345).as_str(), "INV-20260307-12345");
    }

    #[test]
    fn production_moves_one_step_at_a_time() {
        use OrderStatus::*;
        assert_eq!(Accepted.next_in_production(), Some(Paid));
        assert_eq!(Shipped.next_in_production(), Some(Completed));
        assert_eq!(Pending.next_in_production(), None);
        assert_eq!(Completed.next_in_production(), None);
        assert_eq!(Shipped.previous_in_production(), Some(InProduction));
        assert_eq!(Accepted.previous_in_production(), None);
    }
}
