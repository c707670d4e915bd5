use super::*;
use crate::domain::{AccountStatus, Email, PersonName};

fn customer() -> User {
    User::new(
        Email::parse("dewi@example.com").expect("email"),
        PersonName::parse("Dewi").expect("name"),
        String::new(),
        Role::Customer,
        AccountStatus::Approved,
        OffsetDateTime::UNIX_EPOCH,
    )
}

/// 2026-12-01 10:00 WIB.
fn at(days: i64) -> OffsetDateTime {
    time::macros::datetime!(2026-12-01 03:00 UTC) + time::Duration::days(days)
}

fn request() -> QuoteRequest {
    QuoteRequest {
        description: "Undangan pernikahan, kertas jasmine, 2 sisi".to_owned(),
        quantities: "300".to_owned(),
        deadline: Some(Day(time::macros::date!(2026 - 12 - 20))),
        product: None,
    }
}

fn offer(valid_until: Day) -> Offer {
    Offer::new(
        vec![
            OfferLine {
                description: "Undangan 300 pcs".to_owned(),
                quantity: 1,
                unit_price: 1_350_000,
            },
            OfferLine {
                description: "Desain".to_owned(),
                quantity: 2,
                unit_price: 150_000,
            },
        ],
        valid_until,
        "Harga termasuk plastik".to_owned(),
    )
}

#[test]
fn requested_quoted_accepted_into_order_lines() {
    let asked = Quote::request(&customer(), request(), at(0));
    assert_eq!(asked.quote.state, QuoteState::Requested);
    assert_eq!(
        asked.message.as_ref().map(|m| m.from.as_str()),
        Some("customer")
    );
    let q = asked.quote;
    assert_eq!(
        q.answer(
            offer(Day(time::macros::date!(2026 - 12 - 08))),
            Role::Marketing,
            at(0)
        )
        .err(),
        Some(Refusal::NotAllowed)
    );
    let quoted = q
        .answer(
            offer(Day(time::macros::date!(2026 - 12 - 08))),
            Role::Operator,
            at(0),
        )
        .expect("quoted");
    assert_eq!(quoted.expected.0, QuoteState::Requested);
    let q = quoted.quote;
    assert_eq!(q.offer.as_ref().map(|o| o.total), Some(1_650_000));
    assert!(quoted.message.expect("news").body.contains("1.650.000"));
    let order = OrderId::generate();
    assert_eq!(
        q.accept(&order, "2020-01-01T00:00:00Z", at(2)).err(),
        Some(Refusal::QuoteChanged),
        "a price not seen"
    );
    let (accepted, lines) = q.accept(&order, &q.updated_at, at(2)).expect("accepted");
    assert_eq!(accepted.quote.state, QuoteState::Accepted);
    assert_eq!(accepted.quote.order_id.as_ref(), Some(&order));
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1].total(), 300_000);
    assert_eq!(
        lines[0].product_id.as_str(),
        q.id.as_str(),
        "a line of its own"
    );
    // Once accepted, nothing else.
    let done = accepted.quote;
    assert_eq!(
        done.decline("Terlalu mahal".to_owned(), &done.updated_at, at(2))
            .err(),
        Some(Refusal::QuoteNotOpen(QuoteState::Accepted))
    );
    assert!(done.accept(&order, &done.updated_at, at(2)).is_err());
}

#[test]
fn an_offer_expires_after_its_last_day_in_wib_and_can_be_quoted_again() {
    let q = Quote::request(&customer(), request(), at(0)).quote;
    let q = q
        .answer(
            offer(Day(time::macros::date!(2026 - 12 - 03))),
            Role::Admin,
            at(0),
        )
        .expect("quoted")
        .quote;
    // 3 December 23:59 WIB is still valid; 4 December 00:00 WIB is not.
    let last = time::macros::datetime!(2026-12-03 16:59 UTC);
    assert_eq!(q.state_at(last), QuoteState::Quoted);
    let after = time::macros::datetime!(2026-12-03 17:00 UTC);
    assert_eq!(q.state_at(after), QuoteState::Expired);
    assert_eq!(
        q.accept(&OrderId::generate(), &q.updated_at, after).err(),
        Some(Refusal::QuoteExpired)
    );
    assert_eq!(
        q.decline("x".to_owned(), &q.updated_at, after).err(),
        Some(Refusal::QuoteExpired)
    );
    // An offer valid until a past day is refused; a new one revives the quote.
    assert_eq!(
        q.answer(
            offer(Day(time::macros::date!(2026 - 12 - 03))),
            Role::Admin,
            after + time::Duration::days(1)
        )
        .err(),
        Some(Refusal::QuoteExpired)
    );
    let again = q
        .answer(
            offer(Day(time::macros::date!(2026 - 12 - 10))),
            Role::Admin,
            after,
        )
        .expect("quoted again");
    assert_eq!(again.quote.state_at(after), QuoteState::Quoted);
    assert_eq!(again.quote.history.len(), 3);
}

#[test]
fn declining_keeps_the_reason_and_requests_are_checked() {
    let q = Quote::request(&customer(), request(), at(0)).quote;
    assert_eq!(
        q.decline("x".to_owned(), &q.updated_at, at(0)).err(),
        Some(Refusal::QuoteNotOpen(QuoteState::Requested))
    );
    let q = q
        .answer(
            offer(Day(time::macros::date!(2026 - 12 - 08))),
            Role::Admin,
            at(0),
        )
        .expect("quoted")
        .quote;
    let d = q
        .decline("Terlalu mahal".to_owned(), &q.updated_at, at(1))
        .expect("declined");
    assert_eq!(d.quote.decline_reason.as_deref(), Some("Terlalu mahal"));
    assert_eq!(d.message.expect("to staff").body, "Terlalu mahal");
    assert!(QuoteRequest::parse_description("short").is_err());
    assert!(QuoteRequest::parse_deadline("2026-11-30", at(0)).is_err());
    assert!(QuoteRequest::parse_deadline("2026-12-01", at(0)).is_ok());
    assert!(QuoteRequest::parse_deadline("1 Dec", at(0)).is_err());
    assert!(OfferLine::parse_quantity(&serde_json::json!(0)).is_err());
    assert!(OfferLine::parse_unit_price(&serde_json::json!(-5)).is_err());
}
