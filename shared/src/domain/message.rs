//! Inbox messages: the shop's news and replies to a customer, and what customers write.

use super::id::ulid_id;
use super::order::OrderId;
use super::{multi_line, rfc3339, ParseError, UserId};
use serde::Serialize;
use time::OffsetDateTime;

ulid_id!(MessageId);

/// An inbox message, to a customer from the shop or the other way round.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: MessageId,
    pub customer_id: UserId,
    pub subject: String,
    pub body: String,
    /// `shop` or `customer`.
    pub from: String,
    pub read: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
    /// What a customer's message is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<MessageKind>,
    /// The customer's message a shop reply answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<MessageId>,
    /// When the shop answered a customer's message.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_time"
    )]
    pub answered_at: Option<OffsetDateTime>,
    #[serde(serialize_with = "ser_time")]
    pub created_at: OffsetDateTime,
}

impl Message {
    /// A message from the shop to a customer, unread.
    pub fn from_shop(
        customer: UserId,
        subject: String,
        body: String,
        order: Option<OrderId>,
        at: OffsetDateTime,
    ) -> Self {
        Self {
            id: MessageId::generate(),
            customer_id: customer,
            subject,
            body,
            from: "shop".to_owned(),
            read: false,
            order_id: order,
            kind: None,
            in_reply_to: None,
            answered_at: None,
            created_at: at,
        }
    }

    /// A message from a customer to the shop (read on their side: they wrote it).
    pub fn from_customer(
        customer: UserId,
        subject: String,
        body: String,
        order: Option<OrderId>,
        kind: Option<MessageKind>,
        at: OffsetDateTime,
    ) -> Self {
        Self {
            from: "customer".to_owned(),
            read: true,
            kind,
            ..Self::from_shop(customer, subject, body, order, at)
        }
    }
}

/// What a customer writes to the shop about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageKind {
    Question,
    Critique,
    Suggestion,
    Complaint,
}

impl MessageKind {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        match raw.trim() {
            "question" => Ok(Self::Question),
            "critique" => Ok(Self::Critique),
            "suggestion" => Ok(Self::Suggestion),
            "complaint" => Ok(Self::Complaint),
            _ => Err("must be one of question, critique, suggestion, complaint"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Question => "question",
            Self::Critique => "critique",
            Self::Suggestion => "suggestion",
            Self::Complaint => "complaint",
        }
    }
}

/// A message's text: trimmed, 1 to 5,000 characters, line breaks allowed.
pub fn parse_message_body(raw: &str) -> Result<String, ParseError> {
    let s = multi_line(raw, 5000, "must be at most 5000 characters")?;
    if s.is_empty() {
        return Err("is required");
    }
    Ok(s)
}

fn ser_opt_time<S: serde::Serializer>(t: &Option<OffsetDateTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&rfc3339(*t)),
        None => s.serialize_none(),
    }
}

fn ser_time<S: serde::Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(*t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_made_in_one_process_keep_their_order() {
        let ids: Vec<MessageId> = (0..1000).map(|_| MessageId::generate()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
    }
}
