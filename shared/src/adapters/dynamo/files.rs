//! DynamoDB for order files: `pk = ORDER#{orderId}`, `sk = FILE#{fileId}` (ULIDs, so a
//! Query on the order lists them oldest first).

use super::inbox::message_item;
use super::store::{
    cancellation_codes, corrupt, get_s, is_conditional_failure, lost, n, opt_s, s, user_key,
    DynamoStore, Item,
};
use crate::aws::sdk_error;
use crate::domain::{
    parse_rfc3339, rfc3339, FileFormat, FileId, FileKind, FileStatus, Message, Missing, OrderFile,
    OrderId, Refusal, UserId, MAX_FILES_PER_ORDER,
};
use crate::ports::PortError;
use crate::ports::{FileOutcome, Files};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};
use std::collections::HashMap;

fn file_key(order: &OrderId, file: &FileId) -> Item {
    HashMap::from([
        ("pk".to_owned(), s(format!("ORDER#{order}"))),
        ("sk".to_owned(), s(format!("FILE#{file}"))),
    ])
}

fn file_item(f: &OrderFile) -> Item {
    let mut item = file_key(&f.order_id, &f.id);
    item.insert("type".into(), s("file"));
    item.insert("id".into(), s(f.id.as_str()));
    item.insert("orderId".into(), s(f.order_id.as_str()));
    item.insert("customerId".into(), s(f.customer_id.as_str()));
    item.insert("name".into(), s(&f.name));
    item.insert("format".into(), s(f.format.extension()));
    item.insert("size".into(), n(f.size));
    item.insert("kind".into(), s(f.kind.as_str()));
    item.insert("status".into(), s(f.status.as_str()));
    item.insert("createdAt".into(), s(rfc3339(f.created_at)));
    item
}

fn file_from(item: &Item) -> Result<OrderFile, PortError> {
    let format = FileFormat::from_extension(&format!("x.{}", get_s(item, "format")?))
        .ok_or_else(|| corrupt("format"))?;
    Ok(OrderFile {
        id: FileId::parse(get_s(item, "id")?).ok_or_else(|| corrupt("id"))?,
        order_id: OrderId::parse(get_s(item, "orderId")?).ok_or_else(|| corrupt("orderId"))?,
        customer_id: UserId::parse(get_s(item, "customerId")?)
            .ok_or_else(|| corrupt("customerId"))?,
        name: get_s(item, "name")?.to_owned(),
        format,
        size: item
            .get("size")
            .and_then(|v| v.as_n().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
        kind: FileKind::parse(get_s(item, "kind")?).map_err(|_| corrupt("kind"))?,
        status: FileStatus::parse(get_s(item, "status")?).ok_or_else(|| corrupt("status"))?,
        reason: opt_s(item, "reason").map(str::to_owned),
        created_at: opt_s(item, "createdAt")
            .and_then(parse_rfc3339)
            .ok_or_else(|| corrupt("createdAt"))?,
        uploaded_at: opt_s(item, "uploadedAt").and_then(parse_rfc3339),
    })
}

fn message_put(table: &str, m: &Message) -> Result<TransactWriteItem, PortError> {
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(message_item(m)))
        .build()
        .map_err(PortError::internal)?;
    Ok(TransactWriteItem::builder().put(put).build())
}

#[async_trait]
impl Files for DynamoStore {
    async fn create(&self, file: &OrderFile) -> Result<(), PortError> {
        self.client()
            .await
            .put_item()
            .table_name(self.table())
            .set_item(Some(file_item(file)))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    async fn list(&self, order: &OrderId) -> Result<Vec<OrderFile>, PortError> {
        let out = self
            .client()
            .await
            .query()
            .table_name(self.table())
            .key_condition_expression("pk = :pk AND begins_with(sk, :file)")
            .expression_attribute_values(":pk", s(format!("ORDER#{order}")))
            .expression_attribute_values(":file", s("FILE#"))
            .limit(MAX_FILES_PER_ORDER as i32)
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        out.items().iter().map(file_from).collect()
    }

    async fn get(&self, order: &OrderId, file: &FileId) -> Result<Option<OrderFile>, PortError> {
        let item = self.get_item(file_key(order, file)).await?;
        item.as_ref().map(file_from).transpose()
    }

    async fn settle(
        &self,
        file: &OrderFile,
        outcome: &FileOutcome,
    ) -> Result<OrderFile, PortError> {
        let at = rfc3339(outcome.at);
        let mut set = "SET #status = :to, uploadedAt = :at".to_owned();
        let mut change = Update::builder()
            .table_name(self.table())
            .set_key(Some(file_key(&file.order_id, &file.id)))
            .condition_expression("#status = :awaiting")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":to", s(outcome.status.as_str()))
            .expression_attribute_values(":at", s(&at))
            .expression_attribute_values(":awaiting", s(FileStatus::AwaitingUpload.as_str()));
        if let Some(reason) = &outcome.reason {
            set.push_str(", reason = :reason");
            change = change.expression_attribute_values(":reason", s(reason));
        }
        let change = change
            .update_expression(set)
            .build()
            .map_err(PortError::internal)?;
        let mut tx = self
            .client()
            .await
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().update(change).build());
        if outcome.status == FileStatus::Uploaded {
            let mut expr = "ADD fileCount :one".to_owned();
            let mut order = Update::builder()
                .table_name(self.table())
                .set_key(Some(HashMap::from([
                    ("pk".to_owned(), s(format!("ORDER#{}", file.order_id))),
                    ("sk".to_owned(), s("ORDER")),
                ])))
                .expression_attribute_values(":one", n(1));
            if file.kind == FileKind::PaymentProof {
                expr.push_str(" SET proofToCheck = :true");
                order = order.expression_attribute_values(":true", AttributeValue::Bool(true));
            }
            if let Some(step) = &outcome.proof {
                // The design proof becomes the order's latest, checked against the one
                // it follows.
                let write = super::proofs::proof_write(step)?;
                expr.push_str(" SET ");
                expr.push_str(&write.set);
                order = order
                    .condition_expression(write.condition)
                    .expression_attribute_names("#status", "status");
                for (name, value) in write.values {
                    order = order.expression_attribute_values(name, value);
                }
            }
            let order = order
                .update_expression(expr)
                .build()
                .map_err(PortError::internal)?;
            tx = tx.transact_items(TransactWriteItem::builder().update(order).build());
        }
        if let Some(m) = &outcome.ack {
            tx = tx.transact_items(message_put(self.table(), m)?);
            let unread = Update::builder()
                .table_name(self.table())
                .set_key(Some(user_key(&m.customer_id)))
                .update_expression("ADD unreadMessages :one")
                .expression_attribute_values(":one", n(1))
                .build()
                .map_err(PortError::internal)?;
            tx = tx.transact_items(TransactWriteItem::builder().update(unread).build());
        }
        match tx.send().await {
            Ok(_) => {
                let mut settled = file.clone();
                settled.status = outcome.status;
                settled.reason = outcome.reason.clone();
                settled.uploaded_at = Some(outcome.at);
                Ok(settled)
            }
            Err(e)
                if outcome.proof.is_some()
                    && cancellation_codes(&e).is_some_and(|c| !lost(&c, 0) && lost(&c, 1)) =>
            {
                // Another proof, or a move into production, came first.
                Err(Refusal::ProofNotCurrent.into())
            }
            Err(e) => {
                use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
                let already = match e.as_service_error() {
                    Some(TransactWriteItemsError::TransactionCanceledException(c)) => {
                        c.cancellation_reasons().first().and_then(|r| r.code())
                            == Some("ConditionalCheckFailed")
                    }
                    Some(other) => is_conditional_failure(other),
                    None => false,
                };
                if already {
                    self.get(&file.order_id, &file.id)
                        .await?
                        .ok_or_else(|| PortError::Refused(Refusal::NotFound(Missing::File)))
                } else {
                    Err(sdk_error(e))
                }
            }
        }
    }
}
