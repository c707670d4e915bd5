//! DynamoDB for the inbox. A message is `USER#{customerId}` / `MSG#{messageId}`; a
//! customer's message to the shop is also in the staff queue:
//! `gsi1pk = STAFF_INBOX#unanswered|answered` and `gsi2pk = STAFF_INBOX` (all), both
//! sorted by `{createdAt}#{id}`.

use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{
    parse_rfc3339, rfc3339, Message, MessageId, MessageKind, Missing, OrderId, Refusal, Role,
    UserId,
};
use crate::ports::PortError;
use crate::ports::{Conversations, Inbox, Page, PageRequest};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};
use std::collections::HashMap;

pub(crate) fn message_item(m: &Message) -> Item {
    let mut item = key(format!("USER#{}", m.customer_id), &format!("MSG#{}", m.id));
    item.insert("type".into(), s("message"));
    item.insert("id".into(), s(m.id.as_str()));
    item.insert("customerId".into(), s(m.customer_id.as_str()));
    item.insert("subject".into(), s(&m.subject));
    item.insert("body".into(), s(&m.body));
    item.insert("from".into(), s(&m.from));
    item.insert("read".into(), AttributeValue::Bool(m.read));
    if let Some(o) = &m.order_id {
        item.insert("orderId".into(), s(o.as_str()));
    }
    if let Some(k) = m.kind {
        item.insert("kind".into(), s(k.as_str()));
    }
    if let Some(r) = &m.in_reply_to {
        item.insert("inReplyTo".into(), s(r.as_str()));
    }
    item.insert("createdAt".into(), s(rfc3339(m.created_at)));
    item
}

pub(crate) fn message_from(item: &Item) -> Result<Message, PortError> {
    Ok(Message {
        id: MessageId::parse(get_s(item, "id")?).ok_or_else(|| corrupt("id"))?,
        customer_id: UserId::parse(get_s(item, "customerId")?)
            .ok_or_else(|| corrupt("customerId"))?,
        subject: get_s(item, "subject")?.to_owned(),
        body: get_s(item, "body")?.to_owned(),
        from: get_s(item, "from")?.to_owned(),
        read: item
            .get("read")
            .and_then(|v| v.as_bool().ok())
            .copied()
            .unwrap_or(false),
        order_id: opt_s(item, "orderId").and_then(OrderId::parse),
        kind: opt_s(item, "kind").and_then(|k| MessageKind::parse(k).ok()),
        in_reply_to: opt_s(item, "inReplyTo").and_then(MessageId::parse),
        answered_at: opt_s(item, "answeredAt").and_then(parse_rfc3339),
        created_at: ts(item, "createdAt")?,
    })
}

#[async_trait]
impl Inbox for DynamoStore {
    async fn list(&self, user: &UserId, page: &PageRequest) -> Result<Page<Message>, PortError> {
        let (items, next_cursor) = self
            .query_prefix_page(&format!("USER#{user}"), "MSG#", page)
            .await?;
        Ok(Page {
            items: items.iter().map(message_from).collect::<Result<_, _>>()?,
            next_cursor,
        })
    }

    async fn mark_read(&self, user: &UserId, id: &MessageId) -> Result<Message, PortError> {
        let k = key(format!("USER#{user}"), &format!("MSG#{id}"));
        let Some(item) = self.get_item(k.clone()).await? else {
            return Err(Refusal::NotFound(Missing::Message).into());
        };
        let mut message = message_from(&item)?;
        if message.read {
            return Ok(message);
        }
        let mark = Update::builder()
            .table_name(self.table())
            .set_key(Some(k))
            .update_expression("SET #read = :true")
            .condition_expression("#read = :false")
            .expression_attribute_names("#read", "read")
            .expression_attribute_values(":true", AttributeValue::Bool(true))
            .expression_attribute_values(":false", AttributeValue::Bool(false))
            .build()
            .map_err(PortError::internal)?;
        let count = Update::builder()
            .table_name(self.table())
            .set_key(Some(user_key(user)))
            .update_expression("ADD unreadMessages :minus")
            .condition_expression("unreadMessages > :zero")
            .expression_attribute_values(":minus", n(-1))
            .expression_attribute_values(":zero", n(0))
            .build()
            .map_err(PortError::internal)?;
        let result = self
            .client()
            .await
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().update(mark).build())
            .transact_items(TransactWriteItem::builder().update(count).build())
            .send()
            .await;
        match result {
            // Already read by a concurrent request: the count was lowered once, by it.
            Err(e) if cancellation_codes(&e).is_some() => {}
            Err(e) => return Err(sdk_error(e)),
            Ok(_) => {}
        }
        message.read = true;
        Ok(message)
    }
}

pub(crate) fn put(
    table: &str,
    item: super::store::Item,
    condition: Option<&str>,
) -> Result<TransactWriteItem, PortError> {
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(item))
        .set_condition_expression(condition.map(str::to_owned))
        .build()
        .map_err(PortError::internal)?;
    Ok(TransactWriteItem::builder().put(put).build())
}

pub(crate) fn unread_plus_one(
    table: &str,
    message: &Message,
) -> Result<TransactWriteItem, PortError> {
    let update = Update::builder()
        .table_name(table)
        .set_key(Some(user_key(&message.customer_id)))
        .update_expression("ADD unreadMessages :one")
        .condition_expression("attribute_exists(pk) AND #role = :customer")
        .expression_attribute_names("#role", "role")
        .expression_attribute_values(":one", n(1))
        .expression_attribute_values(":customer", s(Role::Customer.as_str()))
        .build()
        .map_err(PortError::internal)?;
    Ok(TransactWriteItem::builder().update(update).build())
}

/// A customer's message as it is stored: in their inbox and in the staff queue, unanswered.
pub(crate) fn staff_inbox_item(message: &Message) -> Item {
    let mut item = message_item(message);
    let sort = format!("{}#{}", rfc3339(message.created_at), message.id);
    item.insert("gsi1pk".into(), s("STAFF_INBOX#unanswered"));
    item.insert("gsi1sk".into(), s(&sort));
    item.insert("gsi2pk".into(), s("STAFF_INBOX"));
    item.insert("gsi2sk".into(), s(sort));
    item
}

#[async_trait]
impl Conversations for DynamoStore {
    async fn receive(&self, message: &Message, ack: &Message) -> Result<(), PortError> {
        let item = staff_inbox_item(message);
        self.client()
            .await
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
    ) -> Result<Page<Message>, PortError> {
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

    async fn reply(&self, message: &Message) -> Result<(), PortError> {
        let mut tx = self
            .client()
            .await
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
                .map_err(PortError::internal)?;
            tx = tx.transact_items(TransactWriteItem::builder().update(answered).build());
        }
        match tx.send().await {
            Ok(_) => Ok(()),
            Err(e) => {
                let codes = super::store::cancellation_codes(&e).unwrap_or_default();
                let failed =
                    |i: usize| codes.get(i).map(String::as_str) == Some("ConditionalCheckFailed");
                if failed(1) {
                    Err(Refusal::NotFound(Missing::Customer).into())
                } else if failed(2) {
                    Err(Refusal::NotFound(Missing::CustomerMessage).into())
                } else if e.as_service_error().is_some_and(is_conditional_failure) {
                    Err(Refusal::NotFound(Missing::Customer).into())
                } else {
                    Err(sdk_error(e))
                }
            }
        }
    }
}
