//! Re-pricing on acceptance: an admin accepts a pending order at changed line prices
//! and/or with fees (rush, design work), saying why. The order then waits for its
//! customer (`awaiting_customer`): they see each change and the new total, and agree
//! (→ `accepted`; the payment window starts then) or cancel.
//!
//! Rules: a changed line's unit price is the price (its promo discount no longer
//! applies); a fee is a line of its own (quantity 1, category `other`), so invoices,
//! totals and sales figures need nothing new; orders that spent a voucher or points are
//! not re-priced (their discounts were worked out on the old prices).

use super::{
    rfc3339, single_line, Category, HistoryEntry, Money, Order, OrderLine, OrderStatus, ParseError,
    ProductId, ProductName, Refusal, Role, Totals, Transition, UserId, MAX_PRICE,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Fees one re-pricing may add.
pub const MAX_FEES: usize = 5;

/// A line whose unit price changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineChange {
    pub line: usize,
    pub name: String,
    pub from: Money,
    pub to: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fee {
    pub label: String,
    pub amount: Money,
}

/// What a re-pricing changed, kept on the order for both sides to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Adjustment {
    pub reason: String,
    pub lines: Vec<LineChange>,
    pub fees: Vec<Fee>,
    pub total_before: Money,
}

/// What the admin asks for: `(line index, new unit price)`, fees, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reprice {
    pub lines: Vec<(usize, Money)>,
    pub fees: Vec<Fee>,
    pub reason: String,
}

/// The order's new lines and money, with the record of the change.
#[derive(Debug, Clone, PartialEq)]
pub struct Repriced {
    pub items: Vec<OrderLine>,
    pub subtotal: Money,
    pub discount: Money,
    pub total: Money,
    pub adjustment: Adjustment,
}

fn price(v: &serde_json::Value) -> Result<Money, ParseError> {
    match v.as_i64() {
        Some(p) if (1..=MAX_PRICE).contains(&p) => Ok(p),
        _ => Err("must be a whole number of rupiah from 1 to 1000000000000"),
    }
}

impl Reprice {
    /// `{lines: [{index, unitPrice}], fees: [{label, amount}], reason}` against an order
    /// of `line_count` lines: every problem by its path.
    pub fn parse(
        body: &serde_json::Value,
        line_count: usize,
        problems: &mut Vec<(String, &'static str)>,
    ) -> Option<Self> {
        let mut lines = Vec::new();
        let raw_lines = body["lines"].as_array().cloned().unwrap_or_default();
        if raw_lines.len() > line_count {
            problems.push(("lines".into(), "has more changes than the order has lines"));
        }
        for (i, l) in raw_lines.iter().enumerate() {
            let index = l["index"]
                .as_u64()
                .map(|n| n as usize)
                .filter(|n| *n < line_count);
            if index.is_none() {
                problems.push((format!("lines[{i}].index"), "is not a line of this order"));
            }
            match (index, price(&l["unitPrice"])) {
                (Some(index), Ok(p)) if lines.iter().all(|(n, _)| *n != index) => {
                    lines.push((index, p))
                }
                (Some(_), Ok(_)) => {
                    problems.push((format!("lines[{i}].index"), "is changed twice"))
                }
                (_, Err(m)) => problems.push((format!("lines[{i}].unitPrice"), m)),
                _ => {}
            }
        }
        let mut fees = Vec::new();
        let raw_fees = body["fees"].as_array().cloned().unwrap_or_default();
        if raw_fees.len() > MAX_FEES {
            problems.push(("fees".into(), "must be at most 5 fees"));
        }
        for (i, f) in raw_fees.iter().enumerate() {
            let label = f["label"]
                .as_str()
                .ok_or("is required")
                .and_then(|s| single_line(s, 120, "must be at most 120 characters"));
            match (label, price(&f["amount"])) {
                (Ok(label), Ok(amount)) => fees.push(Fee { label, amount }),
                (label, amount) => {
                    if let Err(m) = label {
                        problems.push((format!("fees[{i}].label"), m));
                    }
                    if let Err(m) = amount {
                        problems.push((format!("fees[{i}].amount"), m));
                    }
                }
            }
        }
        if raw_lines.is_empty() && raw_fees.is_empty() {
            problems.push(("lines".into(), "change a price or add a fee"));
        }
        let reason = body["reason"]
            .as_str()
            .ok_or("is required")
            .and_then(|s| single_line(s, 500, "must be at most 500 characters"));
        if let Err(m) = &reason {
            problems.push(("reason".into(), m));
        }
        match reason {
            Ok(reason) if problems.is_empty() => Some(Self {
                lines,
                fees,
                reason,
            }),
            _ => None,
        }
    }
}

impl Order {
    /// An admin (`by`) accepts this pending order at changed prices: it waits for the
    /// customer. The payment request (on the new total) is added by the caller.
    pub fn reprice(
        &self,
        r: Reprice,
        at: OffsetDateTime,
        by: Role,
        by_id: &UserId,
    ) -> Result<Transition, Refusal> {
        if !by.may(super::Permission::OrdersReprice) {
            return Err(Refusal::NotAllowed);
        }
        if self.status != OrderStatus::Pending {
            return Err(Refusal::InvalidMove {
                from: self.status,
                to: OrderStatus::AwaitingCustomer,
            });
        }
        if self.voucher.is_some() || self.points.is_some() {
            return Err(Refusal::RepriceNotPossible);
        }
        let mut items = self.items.clone();
        let mut changes = Vec::new();
        for (index, to) in r.lines {
            if let Some(l) = items.get_mut(index) {
                changes.push(LineChange {
                    line: index,
                    name: l.name.as_str().to_owned(),
                    from: l.unit_price,
                    to,
                });
                l.unit_price = to;
                l.discount = 0;
                l.promo = None;
            }
        }
        let fee_product = ProductId::parse(self.id.as_str()).unwrap_or_else(ProductId::generate);
        for f in &r.fees {
            items.push(OrderLine {
                product_id: fee_product.clone(),
                name: ProductName::parse(&f.label).map_err(|_| Refusal::NotAllowed)?,
                category: Category::other(),
                quantity: 1,
                unit_price: f.amount,
                discount: 0,
                promo: None,
                options: Vec::new(),
                size: None,
            });
        }
        let totals = Totals::of(&items, None, None, self.shipping_cost);
        Ok(Transition {
            from: OrderStatus::Pending,
            to: OrderStatus::AwaitingCustomer,
            entry: HistoryEntry {
                status: OrderStatus::AwaitingCustomer,
                at: rfc3339(at),
                note: Some(r.reason.clone()),
                by: Some(by),
                by_id: Some(by_id.clone()),
                proof: None,
            },
            tracking_number: None,
            clears_proof: false,
            at,
            message: None,
            payment: None,
            earned: None,
            repriced: Some(Repriced {
                items,
                subtotal: totals.subtotal,
                discount: totals.discount,
                total: totals.total,
                adjustment: Adjustment {
                    reason: r.reason,
                    lines: changes,
                    fees: r.fees,
                    total_before: self.total,
                },
            }),
        })
    }

    /// Its customer agrees to the changed price: the order is accepted, and the payment
    /// window starts now.
    pub fn agree(&self, at: OffsetDateTime) -> Result<Transition, Refusal> {
        if self.status != OrderStatus::AwaitingCustomer {
            return Err(Refusal::InvalidMove {
                from: self.status,
                to: OrderStatus::Accepted,
            });
        }
        Ok(Transition {
            from: OrderStatus::AwaitingCustomer,
            to: OrderStatus::Accepted,
            entry: HistoryEntry {
                status: OrderStatus::Accepted,
                at: rfc3339(at),
                note: None,
                by: Some(Role::Customer),
                by_id: Some(self.customer_id.clone()),
                proof: None,
            },
            tracking_number: None,
            clears_proof: false,
            at,
            message: None,
            payment: self.payment.as_ref().map(|p| p.restarted(at)),
            earned: None,
            repriced: None,
        })
    }
}

#[cfg(test)]
mod tests;
