//! Design proofs (`toko::domain::proof`): the news of a new proof, and the customer's
//! answer.
//! - A proof is a file of kind `design_proof` that staff with `orders.proof` upload like
//!   any file; `complete` records it as the order's next version with the file's
//!   settlement, and [`announce`] mails the customer and logs the action.
//! - `POST /api/orders/{id}/proof` `{version, decision: "approve" | "changes", comment}`
//!   (the order's customer): answers the latest proof once; the answer goes into the
//!   order's history and, as the customer's message, into the staff queue.

use super::{order_for, Access, Deps};
use lambda_http::http::StatusCode;
use lambda_http::Request;
use serde_json::json;
use toko::auth::{authenticate_session, Principal};
use toko::domain::{Action, Order, OrderView, ProofAnswer, ProofStep, RecordRef};
use toko::error::FieldError;
use toko::http::{self, Form, HttpResult};
use toko::Error;

/// After a proof is recorded: the customer's mail (the inbox message went with the
/// record) and the activity log.
pub(crate) async fn announce(deps: &Deps, who: &Principal, order: &Order, step: &ProofStep) {
    let mail = toko::order_mail::proof_ready(order, step.proof.version, &deps.site_url);
    if let Err(e) = deps.mailer.send(&mail).await {
        tracing::error!(order_id = %order.id, error = %e, "proof e-mail not sent");
    }
    let record = RecordRef::new("order", &order.id).labelled(order.invoice_code.as_str());
    let change = format!(
        "proof: version {} ({})",
        step.proof.version, step.proof.name
    );
    deps.activity
        .record(who, Action::ProofSent, record, &change)
        .await;
}

/// A checked proof that lost its race (another version, or production, came first):
/// settled as rejected with the reason, its promoted bytes deleted.
pub(crate) async fn withdrawn(
    deps: &Deps,
    file: &toko::domain::OrderFile,
    at: time::OffsetDateTime,
) -> Result<toko::domain::OrderFile, Error> {
    deps.storage.delete(&file.key()).await?;
    let outcome = toko::ports::FileOutcome {
        status: toko::domain::FileStatus::Rejected,
        reason: Some(
            "Another proof was sent, or the order went into production, meanwhile: reload the order and send it again if it is still needed."
                .to_owned(),
        ),
        at,
        ack: None,
        proof: None,
    };
    Ok(deps.files.settle(file, &outcome).await?)
}

pub(crate) async fn answer(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    let mut form = Form::parse(req)?;
    let version = form.value("version", |v| {
        v.as_u64()
            .filter(|n| (1..=u64::from(toko::domain::MAX_PROOF_VERSIONS)).contains(n))
            .map(|n| n as u32)
            .ok_or("must be the number of the proof answered")
    });
    let decision = form.required("decision", |s| Ok(s.to_owned()));
    let comment = form.optional("comment", |s| Ok(s.to_owned()));
    let (Some(version), Some(decision)) = (version, decision) else {
        return Err(form.into_error());
    };
    form.finish()?;
    let answer = ProofAnswer::parse(&decision, comment.as_deref())
        .map_err(|(field, problem)| Error::validation(vec![FieldError::new(field, problem)]))?;
    let order = order_for(deps, &who, id, Access::Owner).await?;
    let step = order.answer_proof(version, answer, deps.clock.now())?;
    let updated = deps.orders.answer_proof(&order, &step).await?;
    tracing::info!(order_id = %updated.id, version, state = step.proof.state.as_str(), "proof answered");
    http::json(
        StatusCode::OK,
        &json!({ "order": OrderView::from(&updated) }),
    )
}
