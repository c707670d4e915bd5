use super::*;
use crate::domain::lifecycle::tests::order;
use crate::domain::{FileFormat, FileKind, FileStatus, Note};

fn proof_file(o: &Order, name: &str) -> OrderFile {
    OrderFile {
        id: FileId::generate(),
        order_id: o.id.clone(),
        customer_id: o.customer_id.clone(),
        name: name.to_owned(),
        format: FileFormat::Pdf,
        size: 1000,
        kind: FileKind::DesignProof,
        status: FileStatus::Uploaded,
        reason: None,
        created_at: OffsetDateTime::UNIX_EPOCH,
        uploaded_at: None,
    }
}

fn at(minutes: i64) -> OffsetDateTime {
    OffsetDateTime::UNIX_EPOCH + time::Duration::minutes(minutes)
}

#[test]
fn versions_count_up_and_production_waits_for_the_latest_approval() {
    let staff = UserId::generate();
    let paid = order(OrderStatus::Paid);
    assert!(paid.proof_cleared(), "no proof: production may start");

    let v1 = paid
        .send_proof(&proof_file(&paid, "v1.pdf"), at(1), Role::Operator, &staff)
        .expect("v1");
    assert_eq!(v1.proof.version, 1);
    assert_eq!(v1.before, None);
    assert_eq!(v1.message.from, "shop");
    assert!(v1.message.subject.contains("Proof 1"));
    let o = paid.with_proof(&v1);
    assert!(!o.proof_cleared());
    let moving = o.move_to(
        OrderStatus::InProduction,
        Note::default(),
        None,
        at(2),
        Role::Operator,
        &staff,
    );
    assert_eq!(moving.err(), Some(Refusal::ProofNotApproved));

    let changes = o
        .answer_proof(
            1,
            ProofAnswer::parse("changes", Some("Logo bigger")).expect("answer"),
            at(3),
        )
        .expect("changes");
    assert_eq!(changes.proof.state, ProofState::ChangesRequested);
    assert_eq!(changes.entry.note.as_deref(), Some("Logo bigger"));
    assert_eq!(changes.message.from, "customer");
    let o = o.with_proof(&changes);
    assert!(!o.proof_cleared());
    // Answered once only.
    let again = o.answer_proof(1, ProofAnswer::Approve(None), at(4));
    assert_eq!(again.err(), Some(Refusal::ProofNotCurrent));

    let v2 = o
        .send_proof(&proof_file(&o, "v2.pdf"), at(5), Role::Admin, &staff)
        .expect("v2");
    assert_eq!(v2.proof.version, 2);
    assert_eq!(
        v2.before,
        Some(ProofMark {
            version: 1,
            state: ProofState::ChangesRequested
        })
    );
    let o = o.with_proof(&v2);
    // The old version cannot be approved any more.
    let old = o.answer_proof(1, ProofAnswer::Approve(None), at(6));
    assert_eq!(old.err(), Some(Refusal::ProofNotCurrent));
    let ok = o
        .answer_proof(2, ProofAnswer::Approve(None), at(7))
        .expect("approved");
    let o = o.with_proof(&ok);
    assert!(o.proof_cleared());
    assert_eq!(o.history.iter().filter(|e| e.proof.is_some()).count(), 4);
    assert!(o
        .move_to(
            OrderStatus::InProduction,
            Note::default(),
            None,
            at(8),
            Role::Operator,
            &staff
        )
        .is_ok());
}

#[test]
fn who_may_send_and_until_when() {
    let staff = UserId::generate();
    let o = order(OrderStatus::Accepted);
    let file = proof_file(&o, "p.pdf");
    for role in [Role::Marketing, Role::Manager, Role::Customer] {
        assert_eq!(
            o.send_proof(&file, at(1), role, &staff).err(),
            Some(Refusal::NotAllowed)
        );
    }
    for status in [
        OrderStatus::InProduction,
        OrderStatus::Shipped,
        OrderStatus::Completed,
        OrderStatus::Cancelled,
        OrderStatus::Rejected,
    ] {
        let late = order(status);
        assert_eq!(
            late.send_proof(&file, at(1), Role::Operator, &staff).err(),
            Some(Refusal::ProofTooLate(status))
        );
    }
    let mut many = order(OrderStatus::Pending);
    for v in 1..=MAX_PROOF_VERSIONS {
        let step = many
            .send_proof(&file, at(v.into()), Role::Operator, &staff)
            .expect("under the limit");
        many = many.with_proof(&step);
    }
    assert_eq!(
        many.send_proof(&file, at(99), Role::Operator, &staff).err(),
        Some(Refusal::TooManyProofs)
    );
}

#[test]
fn answers_are_parsed_with_their_comment() {
    assert_eq!(
        ProofAnswer::parse("approve", Some("  ")),
        Ok(ProofAnswer::Approve(None))
    );
    assert_eq!(
        ProofAnswer::parse("changes", None).err().map(|e| e.0),
        Some("comment")
    );
    assert_eq!(
        ProofAnswer::parse("maybe", None).err().map(|e| e.0),
        Some("decision")
    );
    let long = "x".repeat(2001);
    assert_eq!(
        ProofAnswer::parse("changes", Some(&long))
            .err()
            .map(|e| e.0),
        Some("comment")
    );
    assert!(order(OrderStatus::Paid)
        .answer_proof(1, ProofAnswer::Approve(None), at(1))
        .is_err());
}
