//! DynamoDB for reward points. Orders spend, give back and earn them inside their own
//! transactions (`orders.rs`); staff adjust them and the scheduled job expires them here.
//!
//! | item | pk | sk | gsi2 |
//! | --- | --- | --- | --- |
//! | balance (`balance`, `debits`, `settled`) | `POINTS#{cid}` | `BALANCE` | |
//! | ledger line | `POINTS#{cid}` | `ENTRY#{at}#{id}` | credits not yet expired: `POINTS#LOTS` / `{expiresAt}#{cid}#{id}` |

use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{
    Order, PointsBalance, PointsEntry, PointsKind, PointsLot, PointsRefusal, Refusal, UserId,
};
use crate::ports::{Page, PageRequest, Points, PortError};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{Put, TransactWriteItem, Update};
use time::OffsetDateTime;

const LOTS: &str = "POINTS#LOTS";

fn balance_key(customer: &UserId) -> Item {
    key(format!("POINTS#{customer}"), "BALANCE")
}

fn entry_key(customer: &UserId, at: &str, id: &str) -> Item {
    key(format!("POINTS#{customer}"), &format!("ENTRY#{at}#{id}"))
}

fn entry_item(customer: &UserId, e: &PointsEntry) -> Result<Item, PortError> {
    let mut item = entry_key(customer, &e.at, &e.id);
    item.insert("entry".into(), json(e)?);
    item.insert("customerId".into(), s(customer.as_str()));
    if let (Some(expires), true) = (&e.expires_at, e.points > 0) {
        // A credit: a lot the expiry job finds by its date until it has looked at it.
        item.insert("gsi2pk".into(), s(LOTS));
        item.insert("gsi2sk".into(), s(format!("{expires}#{customer}#{}", e.id)));
        item.insert("lot".into(), n(e.points));
    }
    Ok(item)
}

fn balance_from(item: Option<&Item>) -> PointsBalance {
    let num = |k: &str| item.map_or(0, |i| big_n(i, k).max(0) as u64);
    PointsBalance {
        balance: num("balance"),
        debits: num("debits"),
        settled: num("settled"),
    }
}

impl DynamoStore {
    fn put_entry(
        &self,
        customer: &UserId,
        e: &PointsEntry,
    ) -> Result<TransactWriteItem, PortError> {
        let put = Put::builder()
            .table_name(self.table())
            .set_item(Some(entry_item(customer, e)?))
            .build()
            .map_err(PortError::internal)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// Moves the balance by `delta` (and the debits by `debit`); with `floor`, only if the
    /// balance is at least that.
    fn move_balance(
        &self,
        customer: &UserId,
        delta: i64,
        debit: i64,
        floor: Option<u64>,
    ) -> Result<TransactWriteItem, PortError> {
        let mut update = Update::builder()
            .table_name(self.table())
            .set_key(Some(balance_key(customer)))
            .update_expression("ADD balance :delta, debits :debit")
            .expression_attribute_values(":delta", n(delta))
            .expression_attribute_values(":debit", n(debit));
        if let Some(floor) = floor {
            update = update
                .condition_expression("balance >= :floor")
                .expression_attribute_values(":floor", n(floor));
        }
        let update = update.build().map_err(PortError::internal)?;
        Ok(TransactWriteItem::builder().update(update).build())
    }

    /// An order's spending, for its placement: the balance (never below zero: the
    /// position's refusal is [`PointsRefusal::NotEnough`]) and the ledger line.
    pub(crate) fn spend_writes(&self, order: &Order) -> Result<Vec<TransactWriteItem>, PortError> {
        let Some(spent) = &order.points else {
            return Ok(Vec::new());
        };
        let p = spent.points as i64;
        let entry = PointsEntry::new(PointsKind::Spent, -p, order.created_at)
            .for_order(&order.id, order.invoice_code.as_str());
        Ok(vec![
            self.move_balance(&order.customer_id, -p, p, Some(spent.points))?,
            self.put_entry(&order.customer_id, &entry)?,
        ])
    }

    /// A rejected or cancelled order's points go back.
    pub(crate) fn points_back_writes(
        &self,
        order: &Order,
        at: OffsetDateTime,
    ) -> Result<Vec<TransactWriteItem>, PortError> {
        let Some(spent) = &order.points else {
            return Ok(Vec::new());
        };
        let p = spent.points as i64;
        let entry = PointsEntry::new(PointsKind::Reversed, p, at)
            .for_order(&order.id, order.invoice_code.as_str());
        Ok(vec![
            self.move_balance(&order.customer_id, p, -p, None)?,
            self.put_entry(&order.customer_id, &entry)?,
        ])
    }

    /// A completed order's earning: the balance and the ledger's credit (a lot).
    pub(crate) fn earn_writes(
        &self,
        order: &Order,
        entry: &PointsEntry,
    ) -> Result<Vec<TransactWriteItem>, PortError> {
        Ok(vec![
            self.move_balance(&order.customer_id, entry.points, 0, None)?,
            self.put_entry(&order.customer_id, entry)?,
        ])
    }

    /// Expires what is left of one lot, conditionally on the balance as read.
    async fn expire_once(
        &self,
        lot: &PointsLot,
        at: OffsetDateTime,
    ) -> Result<Option<u64>, PortError> {
        let before = balance_from(self.get_item(balance_key(&lot.customer_id)).await?.as_ref());
        let x = before.expiring(lot.points);
        let seen = |attr: &str, v: u64| {
            if v == 0 {
                format!("(attribute_not_exists({attr}) OR {attr} = :{attr})")
            } else {
                format!("{attr} = :{attr}")
            }
        };
        let balance = Update::builder()
            .table_name(self.table())
            .set_key(Some(balance_key(&lot.customer_id)))
            .update_expression("ADD balance :minus, debits :x, settled :lot")
            .condition_expression(format!(
                "{} AND {}",
                seen("debits", before.debits),
                seen("settled", before.settled)
            ))
            .expression_attribute_values(":minus", n(-(x as i64)))
            .expression_attribute_values(":x", n(x))
            .expression_attribute_values(":lot", n(lot.points))
            .expression_attribute_values(":debits", n(before.debits))
            .expression_attribute_values(":settled", n(before.settled))
            .build()
            .map_err(PortError::internal)?;
        let looked_at = Update::builder()
            .table_name(self.table())
            .set_key(Some(entry_key(&lot.customer_id, &lot.at, &lot.entry_id)))
            .update_expression("REMOVE gsi2pk, gsi2sk SET expired = :x")
            .condition_expression("attribute_exists(gsi2pk)")
            .expression_attribute_values(":x", n(x))
            .build()
            .map_err(PortError::internal)?;
        let mut tx = self
            .client()
            .await
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().update(balance).build())
            .transact_items(TransactWriteItem::builder().update(looked_at).build());
        if x > 0 {
            let entry = PointsEntry::new(PointsKind::Expired, -(x as i64), at);
            tx = tx.transact_items(self.put_entry(&lot.customer_id, &entry)?);
        }
        match tx.send().await {
            Ok(_) => Ok(Some(x)),
            Err(err) => match cancellation_codes(&err) {
                // Looked at already (another run): nothing to do.
                Some(c) if c.get(1).map(String::as_str) == Some("ConditionalCheckFailed") => {
                    Ok(Some(0))
                }
                // The balance moved meanwhile: read it again.
                Some(c) if c.first().map(String::as_str) == Some("ConditionalCheckFailed") => {
                    Ok(None)
                }
                _ => Err(sdk_error(err)),
            },
        }
    }
}

#[async_trait]
impl Points for DynamoStore {
    async fn balance(&self, customer: &UserId) -> Result<PointsBalance, PortError> {
        Ok(balance_from(
            self.get_item(balance_key(customer)).await?.as_ref(),
        ))
    }

    async fn ledger(
        &self,
        customer: &UserId,
        page: &PageRequest,
    ) -> Result<Page<PointsEntry>, PortError> {
        let (items, next_cursor) = self
            .query_prefix_page(&format!("POINTS#{customer}"), "ENTRY#", page)
            .await?;
        Ok(Page {
            items: items
                .iter()
                .map(|i| from_json(i, "entry"))
                .collect::<Result<_, _>>()?,
            next_cursor,
        })
    }

    async fn adjust(
        &self,
        customer: &UserId,
        entry: &PointsEntry,
    ) -> Result<PointsBalance, PortError> {
        let p = entry.points;
        let write = if p < 0 {
            self.move_balance(customer, p, -p, Some(p.unsigned_abs()))?
        } else {
            self.move_balance(customer, p, 0, None)?
        };
        let out = self
            .client()
            .await
            .transact_write_items()
            .transact_items(write)
            .transact_items(self.put_entry(customer, entry)?)
            .send()
            .await;
        if let Err(err) = out {
            let refused = cancellation_codes(&err)
                .and_then(|c| c.first().cloned())
                .as_deref()
                == Some("ConditionalCheckFailed");
            if refused {
                let balance = self.balance(customer).await?.balance;
                return Err(Refusal::Points(PointsRefusal::NotEnough { balance }).into());
            }
            return Err(sdk_error(err));
        }
        self.balance(customer).await
    }

    async fn due_lots(&self, now: OffsetDateTime, limit: u32) -> Result<Vec<PointsLot>, PortError> {
        let out = self
            .client()
            .await
            .query()
            .table_name(self.table())
            .index_name("gsi2")
            .key_condition_expression("gsi2pk = :p AND gsi2sk < :now")
            .expression_attribute_values(":p", s(LOTS))
            .expression_attribute_values(":now", s(crate::domain::rfc3339(now)))
            .limit(limit.max(1) as i32)
            .send()
            .await
            .map_err(sdk_error)?;
        out.items()
            .iter()
            .map(|item| {
                let e: PointsEntry = from_json(item, "entry")?;
                Ok(PointsLot {
                    customer_id: UserId::parse(get_s(item, "customerId")?)
                        .ok_or_else(|| corrupt("customerId"))?,
                    entry_id: e.id,
                    at: e.at,
                    points: big_n(item, "lot").max(0) as u64,
                })
            })
            .collect()
    }

    async fn expire(&self, lot: &PointsLot, at: OffsetDateTime) -> Result<u64, PortError> {
        for _ in 0..3 {
            if let Some(x) = self.expire_once(lot, at).await? {
                return Ok(x);
            }
        }
        Err(PortError::unavailable("the points balance kept moving"))
    }
}
