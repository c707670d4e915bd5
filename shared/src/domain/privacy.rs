//! Privacy requests under Indonesia's personal-data law (UU PDP): a customer's data
//! exported, or the account erased. What erasure keeps, and why:
//! - **Orders** stay for the shop's books (tax records), with the person removed: name,
//!   e-mail, shipping address and note replaced (see [`Address::erased`]), the link to
//!   the customer's order list removed. Their files are deleted.
//! - **Reviews** keep their rating and text under "a former customer": they are about a
//!   product, and the ratings the shop shows stay true; nothing in them names the person.
//! - Everything else goes: profile, credentials, addresses, messages, points, purchase
//!   marks, voucher uses, spend statistics, mail waiting in the outbox, exports.
//! - What cannot be reached by key ages out by itself: idempotency records (24 hours),
//!   sign-in counters of a source (their window), one-time links (at most 7 days), and
//!   the backups (table point-in-time recovery 35 days, bucket versions 30 days).

use super::{Address, Line, Note, OrderStatus, PersonName, Phone, Role, UserId};
use serde::Serialize;
use time::OffsetDateTime;

/// The name orders and reviews show for an erased customer.
pub const FORMER_CUSTOMER: &str = "Former customer";
/// The address orders keep for an erased customer (a reserved domain: never mailed).
pub const ERASED_EMAIL: &str = "former-customer@erased.invalid";
/// How long an export's download link works.
pub const EXPORT_LINK_TTL: time::Duration = time::Duration::minutes(15);

impl Address {
    /// What an order keeps of the address it was shipped to once its customer is erased:
    /// the city and province (sales by region stay countable), nothing that finds the
    /// person.
    pub fn erased(&self) -> Address {
        let gone = || Line::parse("-", 5).unwrap_or_else(|_| self.street.clone());
        Address {
            recipient: PersonName::parse(FORMER_CUSTOMER)
                .unwrap_or_else(|_| self.recipient.clone()),
            phone: Phone::parse("000000").unwrap_or_else(|_| self.phone.clone()),
            street: gone(),
            district: None,
            city: self.city.clone(),
            province: self.province.clone(),
            postal_code: gone(),
        }
    }
}

/// An order that still needs its customer's address and contact: erasure waits for it
/// (a pending one the customer can cancel first).
pub fn in_progress(status: OrderStatus) -> bool {
    matches!(
        status,
        OrderStatus::Pending
            | OrderStatus::AwaitingCustomer
            | OrderStatus::Accepted
            | OrderStatus::Paid
            | OrderStatus::InProduction
            | OrderStatus::Shipped
    )
}

/// What a privacy run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivacyKind {
    Export,
    Erasure,
}

impl PrivacyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Export => "export",
            Self::Erasure => "erasure",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "export" => Some(Self::Export),
            "erasure" => Some(Self::Erasure),
            _ => None,
        }
    }
}

/// The record of one run: whose data (an id that names nobody once erased), who ran it
/// (the customer, or staff on their request, with the reason), when.
#[derive(Debug, Clone, PartialEq)]
pub struct PrivacyRun {
    pub kind: PrivacyKind,
    pub customer_id: UserId,
    pub by_id: UserId,
    pub by_role: Role,
    pub reason: Option<Note>,
    pub at: OffsetDateTime,
}

/// What an erasure removed or changed in the table, for the record and the answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Erased {
    pub orders_anonymised: u32,
    pub files_deleted: u32,
    pub messages_deleted: u32,
    pub reviews_anonymised: u32,
    pub addresses_deleted: u32,
    pub other_records_deleted: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_erased_address_keeps_only_the_region() {
        let a = Address {
            recipient: PersonName::parse("Siti Rahayu").expect("name"),
            phone: Phone::parse("081234567890").expect("phone"),
            street: Line::parse("Jl. Braga 12", 200).expect("street"),
            district: Some(Line::parse("Braga", 100).expect("district")),
            city: Line::parse("Bandung", 100).expect("city"),
            province: Some(Line::parse("Jawa Barat", 100).expect("province")),
            postal_code: Line::parse("40111", 20).expect("postal code"),
        };
        let e = a.erased();
        let text = serde_json::to_string(&e).expect("json");
        for personal in ["Siti", "0812", "Braga", "40111"] {
            assert!(!text.contains(personal), "{personal} in {text}");
        }
        assert_eq!(e.city.as_str(), "Bandung");
        assert_eq!(e.recipient.as_str(), FORMER_CUSTOMER);
    }

    #[test]
    fn only_orders_on_their_way_hold_an_erasure_back() {
        let waiting: Vec<_> = OrderStatus::ALL
            .into_iter()
            .filter(|s| in_progress(*s))
            .collect();
        assert_eq!(
            waiting,
            [
                OrderStatus::Pending,
                OrderStatus::AwaitingCustomer,
                OrderStatus::Accepted,
                OrderStatus::Paid,
                OrderStatus::InProduction,
                OrderStatus::Shipped
            ]
        );
    }
}
