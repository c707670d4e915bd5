//! Quote requests: custom work priced by the shop. A customer describes the job
//! (description, quantities, deadline, optionally the product it is about); staff with
//! `quotes` answer with priced lines, a validity date and a note; the customer accepts
//! (the quote becomes a pending order, the 5-pending limit applies) or declines with a
//! reason. States: `requested → quoted → accepted | declined | expired`. A quote past
//! its validity is expired when read (no job rewrites it); staff may quote it again.

use super::id::ulid_id;
use super::{
    multi_line, rfc3339, single_line, Category, Locale, Message, Money, OrderId, OrderLine,
    ParseError, ProductId, ProductName, Refusal, Role, User, UserId, MAX_PRICE, MAX_QUANTITY,
};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

ulid_id!(QuoteId);

/// Priced lines one quote may have.
pub const MAX_OFFER_LINES: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteState {
    Requested,
    Quoted,
    Accepted,
    Declined,
    Expired,
}

impl QuoteState {
    pub const ALL: [QuoteState; 5] = [
        Self::Requested,
        Self::Quoted,
        Self::Accepted,
        Self::Declined,
        Self::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Quoted => "quoted",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Expired => "expired",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
            .ok_or("must be one of requested, quoted, accepted, declined, expired")
    }
}

/// The product a request is about, as it was named then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuotedProduct {
    pub id: ProductId,
    pub name: String,
    pub category: Category,
}

/// What the customer asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuoteRequest {
    pub description: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quantities: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<QuotedProduct>,
}

impl QuoteRequest {
    /// The job's description: 10 to 5,000 characters (enough to price it).
    pub fn parse_description(raw: &str) -> Result<String, ParseError> {
        let s = multi_line(raw, 5000, "must be at most 5000 characters")?;
        if s.chars().count() < 10 {
            return Err("must say what you need (at least 10 characters)");
        }
        Ok(s)
    }

    /// Quantities as the customer says them ("500 A5, 200 A4"): up to 200 characters.
    pub fn parse_quantities(raw: &str) -> Result<String, ParseError> {
        multi_line(raw, 200, "must be at most 200 characters")
    }

    /// A deadline: a `YYYY-MM-DD` day from today (in Indonesia's western time) on.
    pub fn parse_deadline(raw: &str, now: OffsetDateTime) -> Result<Day, ParseError> {
        let day = Day::parse(raw)?;
        if day.0 < today(now) {
            return Err("must not be in the past");
        }
        Ok(day)
    }
}

/// One priced line of an offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferLine {
    pub description: String,
    pub quantity: u32,
    pub unit_price: Money,
}

impl OfferLine {
    pub fn parse_description(raw: &str) -> Result<String, ParseError> {
        single_line(raw, 120, "must be at most 120 characters")
    }

    pub fn parse_quantity(v: &serde_json::Value) -> Result<u32, ParseError> {
        v.as_u64()
            .filter(|q| (1..=u64::from(MAX_QUANTITY)).contains(q))
            .map(|q| q as u32)
            .ok_or("must be a whole number from 1 to 999")
    }

    pub fn parse_unit_price(v: &serde_json::Value) -> Result<Money, ParseError> {
        match v.as_i64() {
            Some(p) if (1..=MAX_PRICE).contains(&p) => Ok(p),
            _ => Err("must be a whole number of rupiah from 1 to 1000000000000"),
        }
    }

    pub fn total(&self) -> Money {
        self.unit_price * Money::from(self.quantity)
    }
}

/// The shop's answer: priced lines, valid through a day, with a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Offer {
    pub lines: Vec<OfferLine>,
    /// The goods' total (shipping comes with the order, by the address's city).
    pub total: Money,
    pub valid_until: Day,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Offer {
    pub fn new(lines: Vec<OfferLine>, valid_until: Day, note: String) -> Self {
        let total = lines.iter().map(OfferLine::total).sum();
        Self {
            lines,
            total,
            valid_until,
            note,
        }
    }
}

/// One step of a quote's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuoteEntry {
    pub state: QuoteState,
    pub at: String,
    pub by: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quote {
    pub id: QuoteId,
    pub customer_id: UserId,
    pub customer_name: String,
    pub customer_locale: Locale,
    /// As stored: a `quoted` quote past its validity reads as expired ([`Quote::state_at`]).
    pub state: QuoteState,
    pub request: QuoteRequest,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<Offer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decline_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
    pub history: Vec<QuoteEntry>,
    pub created_at: String,
    pub updated_at: String,
}

/// Indonesia's western time (WIB, UTC+7): the day a shop in Java lives in.
pub fn today(now: OffsetDateTime) -> Date {
    (now.to_offset(time::UtcOffset::UTC) + time::Duration::hours(7)).date()
}

/// A calendar day, written `YYYY-MM-DD` in the API and the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub Date);

impl Day {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        Date::parse(raw.trim(), &format)
            .map(Self)
            .map_err(|_| "must be a day as YYYY-MM-DD")
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// A change decided for a quote: the quote after it, the state it must still be in
/// (with its last change), and who is told.
#[derive(Debug, Clone)]
pub struct QuoteStep {
    pub quote: Quote,
    pub expected: (QuoteState, String),
    /// To the customer's inbox (an offer), or the staff queue (a request, a decline).
    pub message: Option<Message>,
}

impl Quote {
    /// A new request of `customer`; the staff queue hears of it.
    pub fn request(customer: &User, request: QuoteRequest, at: OffsetDateTime) -> QuoteStep {
        let when = rfc3339(at);
        let quote = Self {
            id: QuoteId::generate(),
            customer_id: customer.id.clone(),
            customer_name: customer.name.as_str().to_owned(),
            customer_locale: customer.locale,
            state: QuoteState::Requested,
            request,
            offer: None,
            decline_reason: None,
            order_id: None,
            history: vec![QuoteEntry {
                state: QuoteState::Requested,
                at: when.clone(),
                by: Role::Customer,
                note: None,
            }],
            created_at: when.clone(),
            updated_at: when.clone(),
        };
        let subject = match &quote.request.product {
            Some(p) => format!("Quote request: {}", p.name),
            None => "Quote request".to_owned(),
        };
        let mut body = quote.request.description.clone();
        if !quote.request.quantities.is_empty() {
            body.push_str(&format!("\nQuantities: {}", quote.request.quantities));
        }
        if let Some(d) = quote.request.deadline {
            body.push_str(&format!("\nNeeded by: {d}"));
        }
        let message = Message::from_customer(customer.id.clone(), subject, body, None, None, at);
        QuoteStep {
            expected: (QuoteState::Requested, when),
            message: Some(message),
            quote,
        }
    }

    /// Whether the quote is still as the customer saw it (its last change).
    fn unchanged_since(&self, seen: &str) -> Result<(), Refusal> {
        if self.updated_at == seen {
            Ok(())
        } else {
            Err(Refusal::QuoteChanged)
        }
    }

    /// The state as of `now`: a quote past its validity is expired.
    pub fn state_at(&self, now: OffsetDateTime) -> QuoteState {
        match (&self.state, &self.offer) {
            (QuoteState::Quoted, Some(o)) if o.valid_until.0 < today(now) => QuoteState::Expired,
            (s, _) => *s,
        }
    }

    fn step(&self, state: QuoteState, by: Role, note: Option<String>, at: OffsetDateTime) -> Self {
        let mut after = self.clone();
        after.state = state;
        after.updated_at = rfc3339(at);
        after.history.push(QuoteEntry {
            state,
            at: after.updated_at.clone(),
            by,
            note,
        });
        after
    }

    fn expected(&self) -> (QuoteState, String) {
        (self.state, self.updated_at.clone())
    }

    /// Staff (`by`) price the request, or price it again while it is open or expired.
    pub fn answer(&self, offer: Offer, by: Role, at: OffsetDateTime) -> Result<QuoteStep, Refusal> {
        if !by.may(super::Permission::Quotes) {
            return Err(Refusal::NotAllowed);
        }
        if !matches!(
            self.state_at(at),
            QuoteState::Requested | QuoteState::Quoted | QuoteState::Expired
        ) {
            return Err(Refusal::QuoteNotOpen(self.state_at(at)));
        }
        if offer.valid_until.0 < today(at) {
            return Err(Refusal::QuoteExpired);
        }
        let mut after = self.step(QuoteState::Quoted, by, None, at);
        let (subject, body) = match self.customer_locale {
            Locale::En => (
                "Your quote is ready".to_owned(),
                format!(
                    "The shop has priced your request: Rp {} for the goods, valid until {}. Accept it on the quote's page to turn it into an order, or decline it.",
                    super::grouped(offer.total),
                    offer.valid_until
                ),
            ),
            Locale::Id => (
                "Penawaran harga Anda sudah siap".to_owned(),
                format!(
                    "Toko sudah memberi harga untuk permintaan Anda: Rp {} untuk barangnya, berlaku sampai {}. Terima di halaman penawaran untuk menjadikannya pesanan, atau tolak.",
                    super::grouped(offer.total),
                    offer.valid_until
                ),
            ),
        };
        after.offer = Some(offer);
        let message = Message::from_shop(self.customer_id.clone(), subject, body, None, at);
        Ok(QuoteStep {
            quote: after,
            expected: self.expected(),
            message: Some(message),
        })
    }

    /// The customer declines an open offer, saying why.
    pub fn decline(
        &self,
        reason: String,
        seen: &str,
        at: OffsetDateTime,
    ) -> Result<QuoteStep, Refusal> {
        self.unchanged_since(seen)?;
        match self.state_at(at) {
            QuoteState::Quoted => {}
            QuoteState::Expired => return Err(Refusal::QuoteExpired),
            other => return Err(Refusal::QuoteNotOpen(other)),
        }
        let mut after = self.step(
            QuoteState::Declined,
            Role::Customer,
            Some(reason.clone()),
            at,
        );
        after.decline_reason = Some(reason.clone());
        let message = Message::from_customer(
            self.customer_id.clone(),
            "Quote declined".to_owned(),
            reason,
            None,
            None,
            at,
        );
        Ok(QuoteStep {
            quote: after,
            expected: self.expected(),
            message: Some(message),
        })
    }

    /// The customer accepts an open offer: the quote as accepted by `order`, and the
    /// order's lines (the offer's, at its prices; the product the request named, else
    /// a line of its own that no catalogue product matches).
    /// `seen` is the quote's `updatedAt` as the customer saw it: an offer priced again
    /// since is refused ([`Refusal::QuoteChanged`]), never accepted at a price unseen.
    pub fn accept(
        &self,
        order: &OrderId,
        seen: &str,
        at: OffsetDateTime,
    ) -> Result<(QuoteStep, Vec<OrderLine>), Refusal> {
        self.unchanged_since(seen)?;
        let offer = match (self.state_at(at), &self.offer) {
            (QuoteState::Quoted, Some(o)) => o,
            (QuoteState::Expired, _) => return Err(Refusal::QuoteExpired),
            (other, _) => return Err(Refusal::QuoteNotOpen(other)),
        };
        let (product, category) = match &self.request.product {
            Some(p) => (p.id.clone(), p.category.clone()),
            None => (
                ProductId::parse(self.id.as_str()).unwrap_or_else(ProductId::generate),
                Category::other(),
            ),
        };
        let lines = offer
            .lines
            .iter()
            .map(|l| {
                Ok(OrderLine {
                    product_id: product.clone(),
                    name: ProductName::parse(&l.description).map_err(|_| Refusal::NotAllowed)?,
                    category: category.clone(),
                    quantity: l.quantity,
                    unit_price: l.unit_price,
                    discount: 0,
                    promo: None,
                    options: Vec::new(),
                    size: None,
                })
            })
            .collect::<Result<Vec<_>, Refusal>>()?;
        let mut after = self.step(QuoteState::Accepted, Role::Customer, None, at);
        after.order_id = Some(order.clone());
        Ok((
            QuoteStep {
                quote: after,
                expected: self.expected(),
                message: None,
            },
            lines,
        ))
    }
}

/// 1250000 → "1.250.000".
#[cfg(test)]
mod tests;
