//! DynamoDB for staff notes about customers.
//!
//! | item | pk | sk |
//! | --- | --- | --- |
//! | a staff note | `USER#{customer}` | `NOTE#{noteId}` (ULID: oldest first) |

use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{Missing, Refusal, Role, StaffNote, UserId};
use crate::ports::{CustomerNotes, PortError};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{ConditionCheck, Put, TransactWriteItem};

#[async_trait]
impl CustomerNotes for DynamoStore {
    async fn add_note(&self, customer: &UserId, note: &StaffNote) -> Result<(), PortError> {
        let mut item = key(format!("USER#{customer}"), &format!("NOTE#{}", note.id));
        item.insert("type".into(), s("staffNote"));
        item.insert("note".into(), json(note)?);
        let put = Put::builder()
            .table_name(self.table())
            .set_item(Some(item))
            .build()
            .map_err(PortError::internal)?;
        let exists = ConditionCheck::builder()
            .table_name(self.table())
            .set_key(Some(user_key(customer)))
            .condition_expression("attribute_exists(pk) AND #role = :customer")
            .expression_attribute_names("#role", "role")
            .expression_attribute_values(":customer", s(Role::Customer.as_str()))
            .build()
            .map_err(PortError::internal)?;
        let result = self
            .client()
            .await
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().condition_check(exists).build())
            .transact_items(TransactWriteItem::builder().put(put).build())
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(err) => {
                let codes = cancellation_codes(&err).unwrap_or_default();
                if codes.first().map(String::as_str) == Some("ConditionalCheckFailed") {
                    return Err(Refusal::NotFound(Missing::Customer).into());
                }
                Err(sdk_error(err))
            }
        }
    }

    async fn notes(&self, customer: &UserId, limit: usize) -> Result<Vec<StaffNote>, PortError> {
        let mut out = Vec::new();
        let mut start = None;
        loop {
            let page = self
                .client()
                .await
                .query()
                .table_name(self.table())
                .key_condition_expression("pk = :pk AND begins_with(sk, :note)")
                .expression_attribute_values(":pk", s(format!("USER#{customer}")))
                .expression_attribute_values(":note", s("NOTE#"))
                .scan_index_forward(false)
                .limit(i32::try_from(limit.min(100)).unwrap_or(100))
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(sdk_error)?;
            for item in page.items() {
                out.push(from_json(item, "note")?);
            }
            start = page.last_evaluated_key().cloned();
            if start.is_none() || out.len() >= limit {
                out.truncate(limit);
                return Ok(out);
            }
        }
    }
}
