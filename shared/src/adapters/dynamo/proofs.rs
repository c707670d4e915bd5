//! DynamoDB for design proofs. The latest proof lives on the order item: `proof` (JSON),
//! with `proofVersion` and `proofState` beside it for the conditions; each step is
//! appended to the order's `history`. A new proof is written with its file's settlement
//! (`files.rs`); an answer here, with the customer's message in the staff queue.

use super::inbox::staff_inbox_item;
use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{rfc3339, Order, OrderStatus, ProofStep, Refusal};
use crate::ports::PortError;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};

/// The part of an order update that records a proof step: what it sets, what it
/// requires (the order still takes proofs and its latest proof is the one the step
/// started from) and the values both use. The update names `#status`.
pub(crate) struct ProofWrite {
    pub set: String,
    pub condition: String,
    pub values: Vec<(&'static str, AttributeValue)>,
}

pub(crate) fn proof_write(step: &ProofStep) -> Result<ProofWrite, PortError> {
    let mut values = vec![
        (":proof", json(&step.proof)?),
        (":proofVersion", n(step.proof.version)),
        (":proofState", s(step.proof.state.as_str())),
        (":proofEntry", AttributeValue::L(vec![json(&step.entry)?])),
        (":proofAt", s(rfc3339(step.at))),
        (":takesPending", s(OrderStatus::Pending.as_str())),
        (":takesAccepted", s(OrderStatus::Accepted.as_str())),
        (":takesPaid", s(OrderStatus::Paid.as_str())),
    ];
    let mut condition = "#status IN (:takesPending, :takesAccepted, :takesPaid)".to_owned();
    match &step.before {
        None => condition.push_str(" AND attribute_not_exists(proofVersion)"),
        Some(mark) => {
            condition.push_str(" AND proofVersion = :beforeVersion AND proofState = :beforeState");
            values.push((":beforeVersion", n(mark.version)));
            values.push((":beforeState", s(mark.state.as_str())));
        }
    }
    Ok(ProofWrite {
        set: "proof = :proof, proofVersion = :proofVersion, proofState = :proofState, \
              history = list_append(history, :proofEntry), updatedAt = :proofAt"
            .to_owned(),
        condition,
        values,
    })
}

impl DynamoStore {
    /// Records the customer's answer to a proof and puts their message in the staff
    /// queue, in one transaction; refused when the proof moved on meanwhile.
    pub(crate) async fn record_answer(
        &self,
        order: &Order,
        step: &ProofStep,
    ) -> Result<Order, PortError> {
        let write = proof_write(step)?;
        let mut update = Update::builder()
            .table_name(self.table())
            .set_key(Some(order_key(&order.id)))
            .update_expression(format!("SET {}", write.set))
            .condition_expression(write.condition)
            .expression_attribute_names("#status", "status");
        for (name, value) in write.values {
            update = update.expression_attribute_values(name, value);
        }
        let message = Put::builder()
            .table_name(self.table())
            .set_item(Some(staff_inbox_item(&step.message)))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(PortError::internal)?;
        let sent = self
            .client()
            .await
            .transact_write_items()
            .transact_items(
                TransactWriteItem::builder()
                    .update(update.build().map_err(PortError::internal)?)
                    .build(),
            )
            .transact_items(TransactWriteItem::builder().put(message).build())
            .send()
            .await;
        match sent {
            Ok(_) => Ok(order.with_proof(step)),
            Err(e) if cancellation_codes(&e).is_some_and(|c| lost(&c, 0)) => {
                Err(Refusal::ProofNotCurrent.into())
            }
            Err(e) => Err(sdk_error(e)),
        }
    }
}
