//! DynamoDB for customers' messages to the shop. A customer's message is one item in
//! their inbox partition (`USER#{id}` / `MSG#{id}`) that is also in the staff queue:
//! `gsi1pk = STAFF_INBOX#unanswered|answered` and `gsi2pk = STAFF_INBOX` (all), both
//! sorted by `{createdAt}#{id}`.

use super::dynamo::{is_conditional_failure, n, s, user_key, DynamoStore};
use super::dynamo_shop::{message_from, message_item};
use crate::aws::sdk_error;
use crate::domain::{rfc3339, Message, Role};
use crate::ports::{Conversations, Page, PageRequest};
use crate::Error;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{Put, TransactWriteItem, Update};
use std::collections::HashMap;

fn put(
    table: &str,
    item: super::dynamo::Item,
    condition: Option<&str>,
) -> Result<TransactWriteItem, Error> {
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(item))
        .set_condition_expression(condition.map(str::to_owned))
        .build()
        .map_err(Error::internal)?;
    Ok(TransactWriteItem::builder().put(put).build())
}

fn unread_plus_one(table: &str, message: &Message) -> Result<TransactWriteItem, Error> {
    let update = Update::builder()
        .table_name(table)
        .set_key(Some(user_key(&message.customer_id)))
        .update_expression("ADD unreadMessages :one")
        .condition_expression("attribute_exists(pk) AND #role = :customer")
        .expression_attribute_names("#role", "role")
        .expression_attribute_values(":one", n(1))
        .expression_attribute_values(":customer", s(Role::Customer.as_str()))
        .build()
        .map_err(Error::internal)?;
    Ok(TransactWriteItem::builder().update(update).build())
}

#[async_trait]
impl Conversations for DynamoStore {
    async fn receive(&self, message: &Message, ack: &Message) -> Result<(), Error> {
        let mut item = message_item(message);
        let sort = format!("{}#{}", rfc3339(message.created_at), message.id);
        item.insert("gsi1pk".into(), s("STAFF_INBOX#unanswered"));
        item.insert("gsi1sk".into(), s(&sort));
        item.insert("gsi2pk".into(), s("STAFF_INBOX"));
        item.insert("gsi2sk".into(), s(sort));
        self.client()
            .transact_write_items()
            .transact_items(put(self.table(), item, Some("attribute_not_exists(pk)"))?)
            .transact_items(put(self.table(), message_item(ack), None)?)
            .transact_items(unread_plus_one(self.table(), ack)?)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    async fn staff_list(
        &self,
        unanswered: bool,
        page: &PageRequest,
    ) -> Result<Page<Message>, Error> {
        let (index, partition) = if unanswered {
            ("gsi1", "STAFF_INBOX#unanswered")
        } else {
            ("gsi2", "STAFF_INBOX")
        };
        let (items, next_cursor) = self.query_index_page(index, partition, false, page).await?;
        Ok(Page {
            items: items.iter().map(message_from).collect::<Result<_, _>>()?,
            next_cursor,
        })
    }

    async fn reply(&self, message: &Message) -> Result<(), Error> {
        let mut tx = self
            .client()
            .transact_write_items()
            .transact_items(put(self.table(), message_item(message), None)?)
            .transact_items(unread_plus_one(self.table(), message)?);
        if let Some(original) = &message.in_reply_to {
            let answered = Update::builder()
                .table_name(self.table())
                .set_key(Some(HashMap::from([
                    ("pk".to_owned(), s(format!("USER#{}", message.customer_id))),
                    ("sk".to_owned(), s(format!("MSG#{original}"))),
                ])))
                .update_expression("SET gsi1pk = :answered, answeredAt = :at")
                .condition_expression("attribute_exists(pk) AND #from = :customer")
                .expression_attribute_names("#from", "from")
                .expression_attribute_values(":answered", s("STAFF_INBOX#answered"))
                .expression_attribute_values(":at", s(rfc3339(message.created_at)))
                .expression_attribute_values(":customer", s("customer"))
                .build()
                .map_err(Error::internal)?;
            tx = tx.transact_items(TransactWriteItem::builder().update(answered).build());
        }
        match tx.send().await {
            Ok(_) => Ok(()),
            Err(e) => {
                let codes = super::dynamo::cancellation_codes(&e).unwrap_or_default();
                let failed =
                    |i: usize| codes.get(i).map(String::as_str) == Some("ConditionalCheckFailed");
                if failed(1) {
                    Err(Error::not_found("No such customer."))
                } else if failed(2) {
                    Err(Error::not_found("No such message of this customer."))
                } else if e.as_service_error().is_some_and(is_conditional_failure) {
                    Err(Error::not_found("No such customer."))
                } else {
                    Err(sdk_error(e))
                }
            }
        }
    }
}
