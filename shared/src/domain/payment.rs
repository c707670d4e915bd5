//! Paying by bank transfer: the shop's accounts and payment window (settings), and what an
//! accepted order asks of the customer: the exact amount, the accounts, the deadline.
//!
//! Rules (documented in the README): on acceptance the order's total gets a code of 1 to
//! 999 rupiah added (drawn from a counter, so the last 999 accepted orders all differ),
//! which lets staff match a transfer at a glance; the deadline is the acceptance time
//! plus the window; one reminder goes out when a quarter of the window (at most 12 hours)
//! is left; after the deadline the staff queue flags the order as overdue (staff decide).

use super::catalog::Money;
use super::{rfc3339, single_line, ParseError};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// Bank accounts one shop lists.
pub const MAX_ACCOUNTS: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BankAccount {
    pub bank: String,
    pub number: String,
    pub holder: String,
}

impl BankAccount {
    pub fn parse(
        bank: &str,
        number: &str,
        holder: &str,
    ) -> Result<Self, (&'static str, ParseError)> {
        let bank = single_line(bank, 60, "must be 1 to 60 characters")
            .ok()
            .filter(|b| !b.is_empty())
            .ok_or(("bank", "must be 1 to 60 characters"))?;
        let number = number.trim();
        let digits = number.chars().filter(char::is_ascii_digit).count();
        if !(5..=30).contains(&number.len())
            || digits < 5
            || !number
                .chars()
                .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
        {
            return Err((
                "number",
                "must be 5 to 30 digits (spaces and dashes allowed)",
            ));
        }
        let holder = single_line(holder, 100, "must be 1 to 100 characters")
            .ok()
            .filter(|h| !h.is_empty())
            .ok_or(("holder", "must be 1 to 100 characters"))?;
        Ok(Self {
            bank,
            number: number.to_owned(),
            holder,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentSettings {
    pub accounts: Vec<BankAccount>,
    /// Hours the customer has to pay once the order is accepted.
    pub window_hours: u32,
}

impl Default for PaymentSettings {
    fn default() -> Self {
        Self {
            accounts: Vec::new(),
            window_hours: 48,
        }
    }
}

/// Hours of a payment window: 1 hour to 14 days.
pub fn parse_window_hours(value: &serde_json::Value) -> Result<u32, ParseError> {
    match value.as_u64() {
        Some(h @ 1..=336) => Ok(h as u32),
        _ => Err("must be a whole number of hours from 1 to 336"),
    }
}

/// What an accepted order asks the customer to pay, where and by when (a copy of the
/// accounts as they were, so later changes do not rewrite it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentRequest {
    /// The order's total plus the unique code.
    pub amount: Money,
    pub unique_code: u32,
    pub due_at: String,
    pub accounts: Vec<BankAccount>,
    pub window_hours: u32,
}

impl PaymentRequest {
    /// The request for an order of `total` accepted `at`; `draw` is the shop's payment
    /// counter (any positive number: the code is `draw` modulo 999, from 1).
    pub fn new(total: Money, draw: u64, at: OffsetDateTime, settings: &PaymentSettings) -> Self {
        let unique_code = (draw.saturating_sub(1) % 999 + 1) as u32;
        Self {
            amount: total + Money::from(unique_code),
            unique_code,
            due_at: rfc3339(at + Duration::hours(i64::from(settings.window_hours))),
            accounts: settings.accounts.clone(),
            window_hours: settings.window_hours,
        }
    }

    /// The same request with its window starting `at` (an order accepted later than it
    /// was priced: a re-priced one its customer agreed to).
    pub fn restarted(&self, at: OffsetDateTime) -> Self {
        Self {
            due_at: rfc3339(at + Duration::hours(i64::from(self.window_hours))),
            ..self.clone()
        }
    }

    pub fn due(&self) -> Option<OffsetDateTime> {
        super::parse_rfc3339(&self.due_at)
    }

    pub fn is_overdue(&self, now: OffsetDateTime) -> bool {
        self.due().is_some_and(|d| now > d)
    }

    /// When the reminder goes out: a quarter of the window before the deadline, at most
    /// 12 hours before it.
    pub fn remind_at(&self) -> Option<OffsetDateTime> {
        let before =
            Duration::minutes(i64::from(self.window_hours) * 60 / 4).min(Duration::hours(12));
        self.due().map(|d| d - before)
    }
}

/// Where an order stands with its payment, as the invoice says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// Pending: the shop has not confirmed the order, nothing is due yet.
    NotDue,
    Unpaid,
    Overdue,
    Paid,
    /// Rejected or cancelled: nothing is owed.
    Void,
}

impl PaymentStatus {
    pub fn of(order: &super::Order, now: OffsetDateTime) -> Self {
        use super::OrderStatus::*;
        match order.status {
            Pending | AwaitingCustomer => Self::NotDue,
            Accepted if order.payment.as_ref().is_some_and(|p| p.is_overdue(now)) => Self::Overdue,
            Accepted => Self::Unpaid,
            Paid | InProduction | Shipped | Completed => Self::Paid,
            Rejected | Cancelled => Self::Void,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotDue => "not_due",
            Self::Unpaid => "unpaid",
            Self::Overdue => "overdue",
            Self::Paid => "paid",
            Self::Void => "void",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> PaymentSettings {
        PaymentSettings {
            accounts: vec![BankAccount::parse("BCA", "123 456 7890", "CV XYZ").expect("account")],
            window_hours: 24,
        }
    }

    #[test]
    fn the_code_runs_from_1_to_999_and_goes_on_the_amount() {
        let at = OffsetDateTime::UNIX_EPOCH;
        let s = settings();
        assert_eq!(PaymentRequest::new(185_000, 1, at, &s).amount, 185_001);
        assert_eq!(PaymentRequest::new(185_000, 999, at, &s).unique_code, 999);
        assert_eq!(PaymentRequest::new(185_000, 1000, at, &s).unique_code, 1);
        assert_eq!(PaymentRequest::new(185_000, 0, at, &s).unique_code, 1);
    }

    #[test]
    fn the_deadline_reminder_and_overdue_follow_the_window() {
        let at = OffsetDateTime::UNIX_EPOCH;
        let p = PaymentRequest::new(100_000, 7, at, &settings());
        assert_eq!(p.due(), Some(at + Duration::hours(24)));
        assert_eq!(p.remind_at(), Some(at + Duration::hours(18)));
        assert!(!p.is_overdue(at + Duration::hours(24)));
        assert!(p.is_overdue(at + Duration::hours(24) + Duration::seconds(1)));
        let long = PaymentRequest::new(
            1,
            1,
            at,
            &PaymentSettings {
                window_hours: 168,
                ..settings()
            },
        );
        assert_eq!(
            long.remind_at(),
            Some(at + Duration::hours(156)),
            "at most 12 h before"
        );
    }

    #[test]
    fn accounts_are_checked() {
        assert!(BankAccount::parse("BCA", "12-34 567", "CV XYZ").is_ok());
        assert_eq!(
            BankAccount::parse("", "1234567", "x").map_err(|e| e.0),
            Err("bank")
        );
        assert_eq!(
            BankAccount::parse("BCA", "12ab567", "x").map_err(|e| e.0),
            Err("number")
        );
        assert_eq!(
            BankAccount::parse("BCA", "1234", "x").map_err(|e| e.0),
            Err("number")
        );
        assert_eq!(
            BankAccount::parse("BCA", "1234567", " ").map_err(|e| e.0),
            Err("holder")
        );
    }
}
