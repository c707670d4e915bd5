//! Testimonials: what a customer with a completed order says about the shop, shown on the
//! home page once staff approve it (name shortened, stars, date). One per customer:
//! writing again replaces it and it waits for approval again. Staff decide on the text
//! they read (`writtenAt`): a testimonial rewritten meanwhile is not approved unseen.

use super::{multi_line, rfc3339, ParseError, PersonName, Rating, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Approved testimonials the home page shows at most.
pub const MAX_SHOWN_TESTIMONIALS: u32 = 12;

/// What a testimonial says: 10 to 1,000 characters, line breaks allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TestimonialText(String);

impl TestimonialText {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let text = multi_line(raw, 1000, "must be at most 1000 characters")?;
        if text.chars().count() < 10 {
            return Err("must be at least 10 characters");
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TestimonialState {
    Pending,
    Approved,
    Hidden,
}

impl TestimonialState {
    pub const ALL: [Self; 3] = [Self::Pending, Self::Approved, Self::Hidden];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Hidden => "hidden",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or("must be pending, approved or hidden")
    }
}

/// "Budi Santoso" → "Budi S.": the first name and the initial of the last.
pub fn short_name(name: &PersonName) -> String {
    let mut words = name.as_str().split_whitespace();
    let first = words.next().unwrap_or("");
    match words.last().and_then(|w| w.chars().next()) {
        Some(initial) => format!("{first} {}.", initial.to_uppercase()),
        None => first.to_owned(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Testimonial {
    pub customer_id: UserId,
    /// As the home page shows it ([`short_name`]), fixed when written.
    pub name: String,
    pub rating: u8,
    pub text: TestimonialText,
    pub state: TestimonialState,
    pub written_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
}

impl Testimonial {
    pub fn new(
        customer: UserId,
        name: &PersonName,
        rating: Rating,
        text: TestimonialText,
        at: OffsetDateTime,
    ) -> Self {
        Self {
            customer_id: customer,
            name: short_name(name),
            rating: rating.value(),
            text,
            state: TestimonialState::Pending,
            written_at: rfc3339(at),
            decided_at: None,
            decided_by: None,
        }
    }

    /// The testimonial once staff (`by`) decided `state`.
    pub fn decided(mut self, state: TestimonialState, by: &str, at: OffsetDateTime) -> Self {
        self.state = state;
        self.decided_at = Some(rfc3339(at));
        self.decided_by = Some(by.to_owned());
        self
    }

    /// What its writer sees: no staff member's name.
    pub fn for_customer(&self) -> Self {
        Self {
            decided_by: None,
            ..self.clone()
        }
    }

    /// What the home page shows: no ids, the name shortened, the day.
    pub fn public(&self) -> serde_json::Value {
        serde_json::json!({
            "name": self.name, "rating": self.rating, "text": self.text,
            "date": self.written_at.get(..10).unwrap_or(""),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_shortened_and_texts_bounded() {
        let name = |s: &str| PersonName::parse(s).expect("name");
        assert_eq!(short_name(&name("Budi Santoso")), "Budi S.");
        assert_eq!(short_name(&name("Sari Dewi Lestari")), "Sari L.");
        assert_eq!(short_name(&name("Ani")), "Ani");
        assert!(TestimonialText::parse("Bagus").is_err());
        assert!(TestimonialText::parse(&"x".repeat(1001)).is_err());
        assert!(TestimonialText::parse("Cetakan rapi, cepat sekali!").is_ok());
    }
}
