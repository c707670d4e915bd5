//! DynamoDB for orders.
//!
//! | item | pk | sk | gsi1 | gsi2 |
//! | --- | --- | --- | --- | --- |
//! | order | `ORDER#{id}` | `ORDER` | `CUSTOMER#{cid}#ORDERS` / `{createdAt}#{id}` | `ORDERS#{status}` / `{statusAt}#{id}` |
//! | invoice counter | `COUNTER#INVOICE#{yyyymmdd}` | `COUNTER` | | |
//! | idempotency key | `IDEMPOTENCY#{cid}#{key}` | `IDEMPOTENCY` | | |

use super::inbox::message_item;
use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{
    rfc3339, AccountStatus, Email, HistoryEntry, InvoiceCode, Line, Locale, Note, Order, OrderId,
    OrderStatus, PersonName, PointsRefusal, ProductId, ProofState, ProofStep, Refusal, Transition,
    UserId, Voucher, VoucherRefusal, MAX_PENDING_ORDERS,
};
use crate::ports::Points;
use crate::ports::PortError;
use crate::ports::{IdempotencyRecord, Orders, Page, PageRequest, Placed};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};

fn order_item(o: &Order) -> Result<Item, PortError> {
    let mut item = order_key(&o.id);
    let created = rfc3339(o.created_at);
    let updated = rfc3339(o.updated_at);
    item.insert("type".into(), s("order"));
    item.insert("id".into(), s(o.id.as_str()));
    item.insert("invoiceCode".into(), s(o.invoice_code.as_str()));
    item.insert("customerId".into(), s(o.customer_id.as_str()));
    item.insert("customerName".into(), s(o.customer_name.as_str()));
    item.insert("customerEmail".into(), s(o.customer_email.as_str()));
    item.insert("customerLocale".into(), s(o.customer_locale.as_str()));
    item.insert("status".into(), s(o.status.as_str()));
    item.insert("items".into(), json(&o.items)?);
    item.insert("subtotal".into(), n(o.subtotal));
    item.insert("shippingCost".into(), n(o.shipping_cost));
    item.insert("discount".into(), n(o.discount));
    item.insert("total".into(), n(o.total));
    if let Some(v) = &o.voucher {
        item.insert("voucher".into(), json(v)?);
    }
    if let Some(p) = &o.points {
        item.insert("points".into(), json(p)?);
    }
    if o.points_earned > 0 {
        item.insert("pointsEarned".into(), n(o.points_earned));
    }
    if let Some(p) = &o.payment {
        item.insert("payment".into(), json(p)?);
    }
    item.insert("shippingAddress".into(), json(&o.shipping_address)?);
    item.insert("note".into(), s(o.note.as_str()));
    let history = o.history.iter().map(json).collect::<Result<Vec<_>, _>>()?;
    item.insert("history".into(), AttributeValue::L(history));
    item.insert("fileCount".into(), n(o.file_count));
    item.insert(
        "proofToCheck".into(),
        AttributeValue::Bool(o.proof_to_check),
    );
    if let Some(a) = &o.adjustment {
        item.insert("adjustment".into(), json(a)?);
    }
    if let Some(p) = &o.proof {
        item.insert("proof".into(), json(p)?);
        item.insert("proofVersion".into(), n(p.version));
        item.insert("proofState".into(), s(p.state.as_str()));
    }
    item.insert(
        "gsi1pk".into(),
        s(format!("CUSTOMER#{}#ORDERS", o.customer_id)),
    );
    item.insert("gsi1sk".into(), s(format!("{created}#{}", o.id)));
    item.insert("gsi2pk".into(), s(format!("ORDERS#{}", o.status.as_str())));
    // Staff find an order by its invoice code (`invoices.rs`).
    item.insert(
        "gsi3pk".into(),
        s(format!("INVOICES#{}", o.invoice_code.month())),
    );
    item.insert("gsi3sk".into(), s(o.invoice_code.as_str()));
    item.insert("gsi2sk".into(), s(format!("{updated}#{}", o.id)));
    item.insert("createdAt".into(), s(created));
    item.insert("updatedAt".into(), s(updated));
    Ok(item)
}

pub(crate) fn order_from(item: &Item) -> Result<Order, PortError> {
    let history = match item.get("history") {
        Some(AttributeValue::L(list)) => list
            .iter()
            .map(|v| {
                v.as_s()
                    .ok()
                    .and_then(|t| serde_json::from_str::<HistoryEntry>(t).ok())
                    .ok_or_else(|| corrupt("history"))
            })
            .collect::<Result<Vec<_>, _>>()?,
        _ => Vec::new(),
    };
    Ok(Order {
        id: OrderId::parse(get_s(item, "id")?).ok_or_else(|| corrupt("id"))?,
        invoice_code: InvoiceCode::from_stored(get_s(item, "invoiceCode")?),
        customer_id: UserId::parse(get_s(item, "customerId")?)
            .ok_or_else(|| corrupt("customerId"))?,
        customer_name: PersonName::parse(get_s(item, "customerName")?)
            .map_err(|_| corrupt("customerName"))?,
        customer_email: Email::from_stored(get_s(item, "customerEmail")?)
            .map_err(|_| corrupt("customerEmail"))?,
        customer_locale: opt_s(item, "customerLocale")
            .and_then(|l| Locale::parse(l).ok())
            .unwrap_or_default(),
        status: OrderStatus::parse(get_s(item, "status")?).map_err(|_| corrupt("status"))?,
        items: from_json(item, "items")?,
        subtotal: big_n(item, "subtotal"),
        shipping_cost: big_n(item, "shippingCost"),
        discount: big_n(item, "discount"),
        total: big_n(item, "total"),
        voucher: if item.contains_key("voucher") {
            Some(from_json(item, "voucher")?)
        } else {
            None
        },
        points: if item.contains_key("points") {
            Some(from_json(item, "points")?)
        } else {
            None
        },
        points_earned: big_n(item, "pointsEarned").max(0) as u64,
        payment: if item.contains_key("payment") {
            Some(from_json(item, "payment")?)
        } else {
            None
        },
        shipping_address: from_json(item, "shippingAddress")?,
        note: Note::parse(opt_s(item, "note").unwrap_or("")).map_err(|_| corrupt("note"))?,
        tracking_number: opt_s(item, "trackingNumber").and_then(|t| Line::parse(t, 100).ok()),
        history,
        file_count: big_n(item, "fileCount").max(0) as u32,
        proof_to_check: item
            .get("proofToCheck")
            .and_then(|v| v.as_bool().ok())
            .copied()
            .unwrap_or(false),
        adjustment: if item.contains_key("adjustment") {
            Some(from_json(item, "adjustment")?)
        } else {
            None
        },
        proof: if item.contains_key("proof") {
            Some(from_json(item, "proof")?)
        } else {
            None
        },
        created_at: ts(item, "createdAt")?,
        updated_at: ts(item, "updatedAt")?,
    })
}

impl DynamoStore {
    /// One page of the orders of a status (gsi2, by the time they entered it).
    async fn by_status(
        &self,
        status: OrderStatus,
        oldest_first: bool,
        page: &PageRequest,
    ) -> Result<Page<Order>, PortError> {
        let (items, next_cursor) = self
            .query_index_page(
                "gsi2",
                &format!("ORDERS#{}", status.as_str()),
                oldest_first,
                page,
            )
            .await?;
        Ok(Page {
            items: items.iter().map(order_from).collect::<Result<_, _>>()?,
            next_cursor,
        })
    }
}

fn idempotency_key(customer: &UserId, key: &str) -> Item {
    self::key(format!("IDEMPOTENCY#{customer}#{key}"), "IDEMPOTENCY")
}

impl DynamoStore {
    /// The two writes every placement makes: the new order, and the customer's counts
    /// raised under the conditions that the account is approved and fewer than
    /// [`MAX_PENDING_ORDERS`] wait (and, for a first-order-only voucher, none was placed).
    pub(crate) fn placement_writes(
        &self,
        order: &Order,
        first_only: bool,
    ) -> Result<(TransactWriteItem, TransactWriteItem), PortError> {
        let put_order = Put::builder()
            .table_name(self.table())
            .set_item(Some(order_item(order)?))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(PortError::internal)?;
        let mut condition =
            "#status = :approved AND (attribute_not_exists(pendingOrders) OR pendingOrders < :max)"
                .to_owned();
        if first_only {
            condition.push_str(" AND (attribute_not_exists(ordersPlaced) OR ordersPlaced = :zero)");
        }
        let mut count = Update::builder()
            .table_name(self.table())
            .set_key(Some(user_key(&order.customer_id)))
            .update_expression("ADD pendingOrders :one, ordersPlaced :one")
            .condition_expression(condition)
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":approved", s(AccountStatus::Approved.as_str()))
            .expression_attribute_values(":max", n(MAX_PENDING_ORDERS));
        if first_only {
            count = count.expression_attribute_values(":zero", n(0));
        }
        let count = count.build().map_err(PortError::internal)?;
        Ok((
            TransactWriteItem::builder().put(put_order).build(),
            TransactWriteItem::builder().update(count).build(),
        ))
    }

    /// Why the customer's counts refused a placement, read back from the profile.
    pub(crate) async fn placement_refusal(
        &self,
        order: &Order,
        first_only: bool,
    ) -> Result<Refusal, PortError> {
        let profile = self.get_item(user_key(&order.customer_id)).await?;
        let approved = profile.as_ref().and_then(|p| opt_s(p, "status"))
            == Some(AccountStatus::Approved.as_str());
        let placed_before = profile
            .as_ref()
            .is_some_and(|p| get_n(p, "ordersPlaced") > 0);
        let pending = profile.as_ref().map_or(0, |p| get_n(p, "pendingOrders"));
        Ok(if !approved {
            Refusal::AccountNotApproved
        } else if first_only && placed_before && pending < MAX_PENDING_ORDERS {
            Refusal::Voucher(VoucherRefusal::FirstOrderOnly)
        } else {
            Refusal::OrderLimitReached
        })
    }
}

#[async_trait]
impl Orders for DynamoStore {
    async fn next_invoice_number(&self, day: &str) -> Result<u64, PortError> {
        self.next_in_sequence(&format!("COUNTER#INVOICE#{day}"))
            .await
    }

    async fn place(
        &self,
        order: &Order,
        voucher: Option<&Voucher>,
        idempotency: Option<(&str, &str)>,
    ) -> Result<Placed, PortError> {
        // A first-order-only voucher: no order may have been placed before this one.
        let first_only = voucher.is_some_and(|v| v.first_order_only);
        let (put_order, count) = self.placement_writes(order, first_only)?;
        let mut tx = self
            .client()
            .await
            .transact_write_items()
            .transact_items(put_order)
            .transact_items(count);
        // Positions: the order, the profile, the voucher's three writes, the points' two
        // (balance, ledger line), then the key.
        if let Some(v) = voucher {
            for write in self.redeem_writes(v, order)? {
                tx = tx.transact_items(write);
            }
        }
        let points_at = if voucher.is_some() { 5 } else { 2 };
        let spend = self.spend_writes(order)?;
        let key_at = points_at + spend.len();
        for write in spend {
            tx = tx.transact_items(write);
        }
        if let Some((k, request)) = idempotency {
            let mut item = idempotency_key(&order.customer_id, k);
            item.insert("orderId".into(), s(order.id.as_str()));
            item.insert("request".into(), s(request));
            item.insert(
                "expiresAt".into(),
                n(order.created_at.unix_timestamp() + 7 * 86_400),
            );
            let put = Put::builder()
                .table_name(self.table())
                .set_item(Some(item))
                .condition_expression("attribute_not_exists(pk)")
                .build()
                .map_err(PortError::internal)?;
            tx = tx.transact_items(TransactWriteItem::builder().put(put).build());
        }
        let err = match tx.send().await {
            Ok(_) => return Ok(Placed::Created),
            Err(e) => e,
        };
        let Some(codes) = cancellation_codes(&err) else {
            return Err(sdk_error(err));
        };
        let failed = |i: usize| codes.get(i).map(String::as_str) == Some("ConditionalCheckFailed");
        if failed(key_at) {
            if let Some((k, _)) = idempotency {
                if let Some(rec) = self.idempotency(&order.customer_id, k).await? {
                    return Ok(Placed::Replayed(rec.order_id));
                }
            }
        }
        if failed(1) {
            return Err(self.placement_refusal(order, first_only).await?.into());
        }
        if voucher.is_some() && failed(2) {
            return Err(Refusal::Voucher(VoucherRefusal::UsedUp).into());
        }
        if voucher.is_some() && failed(3) {
            return Err(Refusal::Voucher(VoucherRefusal::AlreadyUsed).into());
        }
        if order.points.is_some() && failed(points_at) {
            let balance = self.balance(&order.customer_id).await?.balance;
            return Err(Refusal::Points(PointsRefusal::NotEnough { balance }).into());
        }
        Err(sdk_error(err))
    }

    async fn idempotency(
        &self,
        customer: &UserId,
        k: &str,
    ) -> Result<Option<IdempotencyRecord>, PortError> {
        let Some(item) = self.get_item(idempotency_key(customer, k)).await? else {
            return Ok(None);
        };
        Ok(Some(IdempotencyRecord {
            request: get_s(&item, "request")?.to_owned(),
            order_id: OrderId::parse(get_s(&item, "orderId")?).ok_or_else(|| corrupt("orderId"))?,
        }))
    }

    async fn get(&self, id: &OrderId) -> Result<Option<Order>, PortError> {
        self.get_item(order_key(id))
            .await?
            .as_ref()
            .map(order_from)
            .transpose()
    }

    async fn list_for_customer(
        &self,
        customer: &UserId,
        page: &PageRequest,
    ) -> Result<Page<Order>, PortError> {
        let (items, next_cursor) = self
            .query_index_page("gsi1", &format!("CUSTOMER#{customer}#ORDERS"), false, page)
            .await?;
        Ok(Page {
            items: items.iter().map(order_from).collect::<Result<_, _>>()?,
            next_cursor,
        })
    }

    async fn list_by_status(
        &self,
        status: OrderStatus,
        page: &PageRequest,
    ) -> Result<Page<Order>, PortError> {
        self.by_status(status, true, page).await
    }

    async fn find_by_invoice(
        &self,
        prefix: &str,
        page: &PageRequest,
    ) -> Result<Page<Order>, PortError> {
        self.invoices_with_prefix(prefix, page).await
    }

    async fn list_by_status_newest(
        &self,
        status: OrderStatus,
        page: &PageRequest,
    ) -> Result<Page<Order>, PortError> {
        self.by_status(status, false, page).await
    }

    async fn claim_payment_reminder(&self, id: &OrderId, claim: &str) -> Result<bool, PortError> {
        let out = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(order_key(id)))
            .update_expression("SET paymentReminded = :claim")
            .condition_expression(
                "#status = :accepted AND (attribute_not_exists(paymentReminded) OR paymentReminded = :claim)",
            )
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":claim", s(claim))
            .expression_attribute_values(":accepted", s(OrderStatus::Accepted.as_str()))
            .send()
            .await;
        match out {
            Ok(_) => Ok(true),
            Err(e) if is_conditional_failure(&e) => Ok(false),
            Err(e) => Err(sdk_error(e)),
        }
    }

    async fn release_payment_reminder(&self, id: &OrderId, claim: &str) -> Result<(), PortError> {
        let out = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(order_key(id)))
            .update_expression("REMOVE paymentReminded")
            .condition_expression("paymentReminded = :claim")
            .expression_attribute_values(":claim", s(claim))
            .send()
            .await;
        match out {
            Ok(_) => Ok(()),
            Err(e) if is_conditional_failure(&e) => Ok(()),
            Err(e) => Err(sdk_error(e)),
        }
    }

    async fn transition(&self, order: &Order, t: &Transition) -> Result<Order, PortError> {
        let at = rfc3339(t.at);
        let mut set = "SET #status = :to, updatedAt = :at, gsi2pk = :gpk, gsi2sk = :gsk, history = list_append(history, :entry)".to_owned();
        let mut change = Update::builder()
            .table_name(self.table())
            .set_key(Some(order_key(&order.id)))
            .condition_expression("#status = :from")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":from", s(t.from.as_str()))
            .expression_attribute_values(":to", s(t.to.as_str()))
            .expression_attribute_values(":at", s(&at))
            .expression_attribute_values(":gpk", s(format!("ORDERS#{}", t.to.as_str())))
            .expression_attribute_values(":gsk", s(format!("{at}#{}", order.id)))
            .expression_attribute_values(":entry", AttributeValue::L(vec![json(&t.entry)?]));
        if t.clears_proof {
            // The payment proof has been checked.
            set.push_str(", proofToCheck = :false");
            change = change.expression_attribute_values(":false", AttributeValue::Bool(false));
        }
        if t.to == OrderStatus::InProduction {
            // Production waits for the latest proof's approval, if the order has proofs.
            change = change
                .condition_expression(
                    "#status = :from AND (attribute_not_exists(proofState) OR proofState = :approved)",
                )
                .expression_attribute_values(":approved", s(ProofState::Approved.as_str()));
        }
        if let Some(tracking) = &t.tracking_number {
            set.push_str(", trackingNumber = :tracking");
            change = change.expression_attribute_values(":tracking", s(tracking.as_str()));
        }
        if let Some(e) = &t.earned {
            set.push_str(", pointsEarned = :earned");
            change = change.expression_attribute_values(":earned", n(e.points));
        }
        if let Some(r) = &t.repriced {
            // Accepted at changed prices: the new lines and money, and what changed.
            // (`items` and the like are DynamoDB reserved words: named by placeholders.)
            set.push_str(", #items = :items, #subtotal = :subtotal, #discount = :discount, #total = :total, adjustment = :adjustment");
            change = change
                .expression_attribute_names("#items", "items")
                .expression_attribute_names("#subtotal", "subtotal")
                .expression_attribute_names("#discount", "discount")
                .expression_attribute_names("#total", "total")
                .expression_attribute_values(":items", json(&r.items)?)
                .expression_attribute_values(":subtotal", n(r.subtotal))
                .expression_attribute_values(":discount", n(r.discount))
                .expression_attribute_values(":total", n(r.total))
                .expression_attribute_values(":adjustment", json(&r.adjustment)?);
        }
        if let Some(p) = &t.payment {
            // The request, and its deadline where the reminder job reads it.
            set.push_str(", payment = :payment, paymentDueAt = :due");
            change = change
                .expression_attribute_values(":payment", json(p)?)
                .expression_attribute_values(":due", s(&p.due_at));
        }
        let change = change
            .update_expression(set)
            .build()
            .map_err(PortError::internal)?;
        // A completion also adds to the sales figures; the customer's running totals are
        // written conditionally on what was read, so a concurrent completion retries.
        let completing = t.to == OrderStatus::Completed;
        let attempts = if completing { 3 } else { 1 };
        for attempt in 1..=attempts {
            let stats = if completing {
                Some(self.customer_stats(&order.customer_id).await?)
            } else {
                None
            };
            let mut tx = self
                .client()
                .await
                .transact_write_items()
                .transact_items(TransactWriteItem::builder().update(change.clone()).build());

            if t.to == OrderStatus::Completed {
                // What the customer has bought, for verified reviews: one marker per product.
                let mut products: Vec<&ProductId> =
                    order.items.iter().map(|l| &l.product_id).collect();
                products.sort();
                products.dedup();
                for product in products {
                    let mut item = purchase_key(&order.customer_id, product);
                    item.insert("orderId".into(), s(order.id.as_str()));
                    item.insert("completedAt".into(), s(&at));
                    let put = Put::builder()
                        .table_name(self.table())
                        .set_item(Some(item))
                        .build()
                        .map_err(PortError::internal)?;
                    tx = tx.transact_items(TransactWriteItem::builder().put(put).build());
                }
            }
            let mut counters = Vec::new();
            if t.from == OrderStatus::Pending {
                counters.push(("pendingOrders", -1));
            }
            if matches!(t.to, OrderStatus::Rejected | OrderStatus::Cancelled) {
                // The order's voucher use goes back to the voucher and the customer.
                for write in self.give_back_writes(order)? {
                    tx = tx.transact_items(write);
                }
                // And the points it spent go back to the customer.
                for write in self.points_back_writes(order, t.at)? {
                    tx = tx.transact_items(write);
                }
            }
            if let Some(e) = &t.earned {
                for write in self.earn_writes(order, e)? {
                    tx = tx.transact_items(write);
                }
            }
            if let Some(m) = &t.message {
                let put = Put::builder()
                    .table_name(self.table())
                    .set_item(Some(message_item(m)))
                    .build()
                    .map_err(PortError::internal)?;
                tx = tx.transact_items(TransactWriteItem::builder().put(put).build());
                counters.push(("unreadMessages", 1));
            }
            if !counters.is_empty() {
                let expr = counters
                    .iter()
                    .map(|(name, _)| format!("{name} :{name}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut update = Update::builder()
                    .table_name(self.table())
                    .set_key(Some(user_key(&order.customer_id)))
                    .update_expression(format!("ADD {expr}"));
                for (name, delta) in &counters {
                    update = update.expression_attribute_values(format!(":{name}"), n(delta));
                }
                tx = tx.transact_items(
                    TransactWriteItem::builder()
                        .update(update.build().map_err(PortError::internal)?)
                        .build(),
                );
            }
            if let Some(before) = &stats {
                for write in self.completion_writes(
                    order,
                    t.at,
                    before,
                    t.earned.as_ref().map_or(0, |e| e.points.max(0) as u64),
                )? {
                    tx = tx.transact_items(write);
                }
            }
            match tx.send().await {
                Ok(_) => break,
                Err(err) => {
                    let codes = cancellation_codes(&err).unwrap_or_default();
                    let failed = |c: Option<&String>| {
                        c.map(String::as_str) == Some("ConditionalCheckFailed")
                    };
                    if failed(codes.first()) {
                        return Err(Refusal::OrderMoved { expected: t.from }.into());
                    }
                    if completing && failed(codes.last()) && attempt < attempts {
                        continue;
                    }
                    return Err(sdk_error(err));
                }
            }
        }
        Ok(order.applied(t))
    }

    async fn answer_proof(&self, order: &Order, step: &ProofStep) -> Result<Order, PortError> {
        self.record_answer(order, step).await
    }
}
