//! DynamoDB for staff notes about customers.
//!
//! | item | pk | sk |
//! | --- | --- | --- |
//! | a staff note | `USER#{customer}` | `NOTE#{noteId}` (ULID: oldest first) |

use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{Missing, Refusal, Role, StaffNote, UserId};
use crate::ports::{every_page, CustomerNotes, Page, PortError};
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
        let pk = format!("USER#{customer}");
        every_page(limit, |page| {
            let pk = &pk;
            async move {
                let (items, next_cursor) = self.query_prefix_page(pk, "NOTE#", &page).await?;
                Ok(Page {
                    items: items
                        .iter()
                        .map(|item| from_json(item, "note"))
                        .collect::<Result<_, _>>()?,
                    next_cursor,
                })
            }
        })
        .await
    }
}
