use super::*;
use crate::domain::lifecycle::tests::order;
use crate::domain::{Note, PaymentRequest, PaymentSettings};
use serde_json::json;

fn at(hours: i64) -> OffsetDateTime {
    OffsetDateTime::UNIX_EPOCH + time::Duration::hours(hours)
}

fn parse(body: serde_json::Value, lines: usize) -> Result<Reprice, Vec<(String, &'static str)>> {
    let mut problems = Vec::new();
    Reprice::parse(&body, lines, &mut problems).ok_or(problems)
}

#[test]
fn a_changed_price_and_a_fee_make_the_new_total_and_the_customer_agrees() {
    let admin = UserId::generate();
    // 3 × 25.000 with a 5.000 promo discount, 10.000 shipping: 80.000.
    let o = order(OrderStatus::Pending);
    assert_eq!(o.total, 80_000);
    let r = parse(
        json!({ "lines": [{ "index": 0, "unitPrice": 30_000 }], "fees": [{ "label": "Rush (2 days)", "amount": 50_000 }], "reason": "Kertas naik harga; minta cepat" }),
        o.items.len(),
    )
    .expect("parsed");
    assert_eq!(
        o.reprice(r.clone(), at(1), Role::Operator, &admin).err(),
        Some(Refusal::NotAllowed)
    );
    let t = o.reprice(r, at(1), Role::Admin, &admin).expect("repriced");
    assert_eq!(t.to, OrderStatus::AwaitingCustomer);
    let after = o.applied(&t);
    // 3 × 30.000 (the promo no longer applies) + 50.000 fee + 10.000 shipping.
    assert_eq!(after.subtotal, 140_000);
    assert_eq!(after.discount, 0);
    assert_eq!(after.total, 150_000);
    assert_eq!(after.items.len(), 2);
    assert_eq!(after.items[1].name.as_str(), "Rush (2 days)");
    let adj = after.adjustment.as_ref().expect("adjustment");
    assert_eq!(
        (adj.total_before, adj.lines[0].from, adj.lines[0].to),
        (80_000, 25_000, 30_000)
    );
    assert_eq!(
        after.history.last().and_then(|h| h.note.as_deref()),
        Some("Kertas naik harga; minta cepat")
    );

    // Priced at 1 h with a 48 h window; agreed at 10 h: due at 58 h.
    let mut priced = after.clone();
    priced.payment = Some(PaymentRequest::new(
        priced.total,
        7,
        at(1),
        &PaymentSettings::default(),
    ));
    let agreed = priced.agree(at(10)).expect("agreed");
    assert_eq!(agreed.to, OrderStatus::Accepted);
    let due = agreed.payment.as_ref().and_then(PaymentRequest::due);
    assert_eq!(
        due,
        Some(at(10) + time::Duration::hours(i64::from(PaymentSettings::default().window_hours)))
    );
    assert_eq!(agreed.payment.map(|p| p.amount), Some(150_007));
    // Or cancels instead.
    assert!(priced
        .move_to(
            OrderStatus::Cancelled,
            Note::default(),
            None,
            at(10),
            Role::Customer,
            &priced.customer_id
        )
        .is_ok());
    // The shop may withdraw it instead.
    assert!(priced
        .move_to(
            OrderStatus::Rejected,
            Note::default(),
            None,
            at(10),
            Role::Admin,
            &admin
        )
        .is_ok());
    // Staff cannot accept it over the customer's head, and it cannot be agreed twice.
    assert!(priced
        .move_to(
            OrderStatus::Accepted,
            Note::default(),
            None,
            at(10),
            Role::Admin,
            &admin
        )
        .is_err());
    assert!(priced
        .applied(&priced.agree(at(10)).expect("agreed"))
        .agree(at(11))
        .is_err());
}

#[test]
fn bad_requests_are_refused_by_path_and_discounted_orders_keep_their_prices() {
    let problems = parse(
        json!({ "lines": [{ "index": 3, "unitPrice": 0 }], "fees": [{ "amount": -1 }] }),
        1,
    )
    .expect_err("refused");
    let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
    for f in [
        "lines[0].index",
        "lines[0].unitPrice",
        "fees[0].label",
        "fees[0].amount",
        "reason",
    ] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    assert!(
        parse(json!({ "reason": "x" }), 1).is_err(),
        "nothing to change"
    );
    assert!(parse(json!({ "lines": [{ "index": 0, "unitPrice": 1 }, { "index": 0, "unitPrice": 2 }], "reason": "x" }), 2).is_err());
    let mut o = order(OrderStatus::Pending);
    o.points = Some(crate::domain::AppliedPoints {
        points: 10,
        discount: 1_000,
    });
    let r = parse(
        json!({ "fees": [{ "label": "Desain", "amount": 75_000 }], "reason": "Desain baru" }),
        1,
    )
    .expect("parsed");
    assert_eq!(
        o.reprice(r.clone(), at(1), Role::Admin, &UserId::generate())
            .err(),
        Some(Refusal::RepriceNotPossible)
    );
    let accepted = order(OrderStatus::Accepted);
    assert!(accepted
        .reprice(r, at(1), Role::Admin, &UserId::generate())
        .is_err());
}
