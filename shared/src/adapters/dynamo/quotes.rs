//! DynamoDB for quotes: `pk = QUOTE#{id}`, `sk = QUOTE`, the quote as JSON in `body`
//! with `state` and `updatedAt` beside it for the conditions; gsi1
//! `CUSTOMER#{cid}#QUOTES` / `{createdAt}#{id}` (a customer's, newest first), gsi2
//! `QUOTES#{state}` / `{updatedAt}#{id}` (staff lists by state: what waits the longest
//! waiting first, what is closed the newest first; open and expired offers told apart by
//! `validUntil`).

use super::inbox::{message_item, put, staff_inbox_item, unread_plus_one};
use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{Day, Order, Quote, QuoteId, QuoteState, QuoteStep, Refusal, UserId};
use crate::ports::{Page, PageRequest, PortError, Quotes};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{Put, TransactWriteItem};

fn quote_key(id: &QuoteId) -> Item {
    key(format!("QUOTE#{id}"), "QUOTE")
}

fn quote_item(q: &Quote) -> Result<Item, PortError> {
    let mut item = quote_key(&q.id);
    item.insert("type".into(), s("quote"));
    item.insert("state".into(), s(q.state.as_str()));
    item.insert("customerId".into(), s(q.customer_id.as_str()));
    item.insert("updatedAt".into(), s(&q.updated_at));
    item.insert("body".into(), json(q)?);
    if let Some(o) = &q.offer {
        // For the staff lists: open offers apart from those past their last day.
        item.insert("validUntil".into(), s(o.valid_until.to_string()));
    }
    item.insert(
        "gsi1pk".into(),
        s(format!("CUSTOMER#{}#QUOTES", q.customer_id)),
    );
    item.insert("gsi1sk".into(), s(format!("{}#{}", q.created_at, q.id)));
    item.insert("gsi2pk".into(), s(format!("QUOTES#{}", q.state.as_str())));
    item.insert("gsi2sk".into(), s(format!("{}#{}", q.updated_at, q.id)));
    Ok(item)
}

fn quote_from(item: &Item) -> Result<Quote, PortError> {
    from_json(item, "body")
}

fn page(items: Vec<Item>, next_cursor: Option<String>) -> Result<Page<Quote>, PortError> {
    Ok(Page {
        items: items.iter().map(quote_from).collect::<Result<_, _>>()?,
        next_cursor,
    })
}

impl DynamoStore {
    /// The quote's put, conditional on it being new or as it was read.
    fn quote_put(&self, step: &QuoteStep) -> Result<TransactWriteItem, PortError> {
        let mut write = Put::builder()
            .table_name(self.table())
            .set_item(Some(quote_item(&step.quote)?));
        write = if step.quote.history.len() == 1 {
            write.condition_expression("attribute_not_exists(pk)")
        } else {
            write
                .condition_expression("#state = :state AND updatedAt = :updated")
                .expression_attribute_names("#state", "state")
                .expression_attribute_values(":state", s(step.expected.0.as_str()))
                .expression_attribute_values(":updated", s(&step.expected.1))
        };
        Ok(TransactWriteItem::builder()
            .put(write.build().map_err(PortError::internal)?)
            .build())
    }

    /// Why a quote's write was refused: it moved on meanwhile.
    async fn quote_moved(&self, id: &QuoteId) -> Result<Refusal, PortError> {
        let now = self
            .get_item(quote_key(id))
            .await?
            .as_ref()
            .map(quote_from)
            .transpose()?
            .map_or(QuoteState::Requested, |q| q.state);
        Ok(Refusal::QuoteNotOpen(now))
    }
}

#[async_trait]
impl Quotes for DynamoStore {
    async fn get(&self, id: &QuoteId) -> Result<Option<Quote>, PortError> {
        self.get_item(quote_key(id))
            .await?
            .as_ref()
            .map(quote_from)
            .transpose()
    }

    async fn list_for_customer(
        &self,
        customer: &UserId,
        page_req: &PageRequest,
    ) -> Result<Page<Quote>, PortError> {
        let (items, next) = self
            .query_index_page(
                "gsi1",
                &format!("CUSTOMER#{customer}#QUOTES"),
                false,
                page_req,
            )
            .await?;
        page(items, next)
    }

    async fn list_by_state(
        &self,
        state: QuoteState,
        today: Day,
        page_req: &PageRequest,
    ) -> Result<Page<Quote>, PortError> {
        // Offers past their last day are stored as quoted: a filter on `validUntil` keeps
        // them apart (read on until a page has something, at most a few pages).
        let stored = match state {
            QuoteState::Expired => QuoteState::Quoted,
            s => s,
        };
        let filter = match state {
            QuoteState::Quoted => Some("validUntil >= :today"),
            QuoteState::Expired => Some("validUntil < :today"),
            _ => None,
        };
        // What waits: the longest waiting first; what is closed: the newest first.
        let forward = matches!(state, QuoteState::Requested | QuoteState::Quoted);
        let pk = format!("QUOTES#{}", stored.as_str());
        let mut start = page_req
            .cursor
            .as_deref()
            .map(|c| decode_cursor(c, &["pk", "sk", "gsi2pk", "gsi2sk"], ("gsi2pk", &pk)))
            .transpose()?;
        let mut items = Vec::new();
        for _ in 0..5 {
            let mut query = self
                .client()
                .await
                .query()
                .table_name(self.table())
                .index_name("gsi2")
                .key_condition_expression("gsi2pk = :p")
                .expression_attribute_values(":p", s(&pk))
                .scan_index_forward(forward)
                .limit(page_req.limit.max(1) as i32)
                .set_exclusive_start_key(start);
            if let Some(f) = filter {
                query = query
                    .filter_expression(f)
                    .expression_attribute_values(":today", s(today.to_string()));
            }
            let out = query.send().await.map_err(sdk_error)?;
            for item in out.items() {
                items.push(quote_from(item)?);
            }
            start = out.last_evaluated_key().map(|k| k.to_owned());
            if !items.is_empty() || start.is_none() {
                break;
            }
        }
        Ok(Page {
            items,
            next_cursor: start.as_ref().and_then(encode_cursor),
        })
    }

    async fn save(&self, step: &QuoteStep) -> Result<(), PortError> {
        let mut tx = self
            .client()
            .await
            .transact_write_items()
            .transact_items(self.quote_put(step)?);
        if let Some(m) = &step.message {
            if m.from == "shop" {
                tx = tx
                    .transact_items(put(self.table(), message_item(m), None)?)
                    .transact_items(unread_plus_one(self.table(), m)?);
            } else {
                tx = tx.transact_items(put(
                    self.table(),
                    staff_inbox_item(m),
                    Some("attribute_not_exists(pk)"),
                )?);
            }
        }
        match tx.send().await {
            Ok(_) => Ok(()),
            Err(e) if cancellation_codes(&e).is_some_and(|c| lost(&c, 0)) => {
                Err(self.quote_moved(&step.quote.id).await?.into())
            }
            Err(e) => Err(sdk_error(e)),
        }
    }

    async fn accept(&self, step: &QuoteStep, order: &Order) -> Result<(), PortError> {
        let (put_order, count) = self.placement_writes(order, false)?;
        let sent = self
            .client()
            .await
            .transact_write_items()
            .transact_items(put_order)
            .transact_items(count)
            .transact_items(self.quote_put(step)?)
            .send()
            .await;
        let err = match sent {
            Ok(_) => return Ok(()),
            Err(e) => e,
        };
        let codes = cancellation_codes(&err).unwrap_or_default();
        // The quote first: a quote accepted meanwhile is not an order limit.
        if lost(&codes, 2) {
            return Err(self.quote_moved(&step.quote.id).await?.into());
        }
        if lost(&codes, 1) {
            return Err(self.placement_refusal(order, false).await?.into());
        }
        Err(sdk_error(err))
    }
}
