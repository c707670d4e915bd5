//! DynamoDB for the shop's catalogue, orders and inbox (same table as accounts).
//!
//! | item | pk | sk | gsi1 | gsi2 |
//! | --- | --- | --- | --- | --- |
//! | product | `PRODUCT#{id}` | `PRODUCT` | `PRODUCTS` / `{createdAt}#{id}` | `CATEGORY#{c}` / `{createdAt}#{id}` |
//! | order | `ORDER#{id}` | `ORDER` | `CUSTOMER#{cid}#ORDERS` / `{createdAt}#{id}` | `ORDERS#{status}` / `{statusAt}#{id}` |
//! | invoice counter | `COUNTER#INVOICE#{yyyymmdd}` | `COUNTER` | | |
//! | idempotency key | `IDEMPOTENCY#{cid}#{key}` | `IDEMPOTENCY` | | |
//! | message | `USER#{cid}` | `MSG#{messageId}` | | |

use super::dynamo::{
    cancellation_codes, corrupt, decode_cursor, encode_cursor, exists_or_not_found, get_s, n,
    opt_s, s, user_key, DynamoStore, Item,
};
use crate::aws::sdk_error;
use crate::domain::MessageKind;
use crate::domain::{
    parse_rfc3339, rfc3339, AccountStatus, Category, Description, Email, HistoryEntry, InvoiceCode,
    Line, Locale, Message, MessageId, Note, Order, OrderId, OrderStatus, PersonName, Product,
    ProductId, ProductName, Transition, UserId, MAX_PENDING_ORDERS,
};
use crate::ports::{
    Catalog, IdempotencyRecord, Inbox, Orders, Page, PageRequest, Placed, ProductSort,
};
use crate::Error;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{
    AttributeValue, KeysAndAttributes, Put, ReturnValue, TransactWriteItem, Update,
};
use std::collections::HashMap;

fn key(pk: String, sk: &str) -> Item {
    HashMap::from([("pk".to_owned(), s(pk)), ("sk".to_owned(), s(sk))])
}

fn product_key(id: &ProductId) -> Item {
    key(format!("PRODUCT#{id}"), "PRODUCT")
}

/// The marker that a customer has a completed order containing the product.
pub(crate) fn purchase_key(customer: &UserId, product: &ProductId) -> Item {
    key(format!("USER#{customer}"), &format!("PURCHASED#{product}"))
}

fn order_key(id: &OrderId) -> Item {
    key(format!("ORDER#{id}"), "ORDER")
}

fn json<T: serde::Serialize>(v: &T) -> Result<AttributeValue, Error> {
    serde_json::to_string(v).map(s).map_err(Error::internal)
}

fn from_json<T: serde::de::DeserializeOwned>(item: &Item, k: &str) -> Result<T, Error> {
    serde_json::from_str(get_s(item, k)?).map_err(|_| corrupt(k))
}

fn ts(item: &Item, k: &str) -> Result<time::OffsetDateTime, Error> {
    opt_s(item, k)
        .and_then(parse_rfc3339)
        .ok_or_else(|| corrupt(k))
}

fn product_item(p: &Product) -> Result<Item, Error> {
    let mut item = product_key(&p.id);
    let created = rfc3339(p.created_at);
    item.insert("type".into(), s("product"));
    item.insert("id".into(), s(p.id.as_str()));
    item.insert("name".into(), s(p.name.as_str()));
    item.insert("category".into(), s(p.category.as_str()));
    item.insert("price".into(), n(p.price));
    item.insert("description".into(), s(p.description.as_str()));
    if let Some(url) = &p.image_url {
        item.insert("imageUrl".into(), s(url));
    }
    item.insert("ratingSum".into(), n(p.rating_sum));
    item.insert("ratingCount".into(), n(p.rating_count));
    item.insert("gsi1pk".into(), s("PRODUCTS"));
    item.insert("gsi1sk".into(), s(format!("{created}#{}", p.id)));
    item.insert(
        "gsi2pk".into(),
        s(format!("CATEGORY#{}", p.category.as_str())),
    );
    item.insert("gsi2sk".into(), s(format!("{created}#{}", p.id)));
    let by_name = format!("{}#{}", name_key(p.name.as_str()), p.id);
    item.insert("gsi3pk".into(), s("PRODUCTS"));
    item.insert("gsi3sk".into(), s(&by_name));
    item.insert(
        "gsi4pk".into(),
        s(format!("CATEGORY#{}", p.category.as_str())),
    );
    item.insert("gsi4sk".into(), s(by_name));
    item.insert("createdAt".into(), s(created));
    item.insert("updatedAt".into(), s(rfc3339(p.updated_at)));
    Ok(item)
}

/// A name as it sorts for people: case-insensitive (the id after it breaks ties).
fn name_key(name: &str) -> String {
    name.to_lowercase()
}

fn big_n(item: &Item, k: &str) -> i64 {
    item.get(k)
        .and_then(|v| v.as_n().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn product_from(item: &Item) -> Result<Product, Error> {
    Ok(Product {
        id: ProductId::parse(get_s(item, "id")?).ok_or_else(|| corrupt("id"))?,
        name: ProductName::parse(get_s(item, "name")?).map_err(|_| corrupt("name"))?,
        category: Category::parse(get_s(item, "category")?).map_err(|_| corrupt("category"))?,
        price: big_n(item, "price"),
        description: Description::parse(opt_s(item, "description").unwrap_or(""))
            .map_err(|_| corrupt("description"))?,
        image_url: opt_s(item, "imageUrl").map(str::to_owned),
        rating_sum: big_n(item, "ratingSum").max(0) as u64,
        rating_count: big_n(item, "ratingCount").max(0) as u64,
        created_at: ts(item, "createdAt")?,
        updated_at: ts(item, "updatedAt")?,
    })
}

fn order_item(o: &Order) -> Result<Item, Error> {
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
    item.insert("shippingAddress".into(), json(&o.shipping_address)?);
    item.insert("note".into(), s(o.note.as_str()));
    let history = o.history.iter().map(json).collect::<Result<Vec<_>, _>>()?;
    item.insert("history".into(), AttributeValue::L(history));
    item.insert("fileCount".into(), n(o.file_count));
    item.insert(
        "proofToCheck".into(),
        AttributeValue::Bool(o.proof_to_check),
    );
    item.insert(
        "gsi1pk".into(),
        s(format!("CUSTOMER#{}#ORDERS", o.customer_id)),
    );
    item.insert("gsi1sk".into(), s(format!("{created}#{}", o.id)));
    item.insert("gsi2pk".into(), s(format!("ORDERS#{}", o.status.as_str())));
    item.insert("gsi2sk".into(), s(format!("{updated}#{}", o.id)));
    item.insert("createdAt".into(), s(created));
    item.insert("updatedAt".into(), s(updated));
    Ok(item)
}

fn order_from(item: &Item) -> Result<Order, Error> {
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
        customer_email: Email::parse(get_s(item, "customerEmail")?)
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
        created_at: ts(item, "createdAt")?,
        updated_at: ts(item, "updatedAt")?,
    })
}

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

pub(crate) fn message_from(item: &Item) -> Result<Message, Error> {
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

impl DynamoStore {
    /// One page of an index partition, in the given direction.
    pub(crate) async fn query_index_page(
        &self,
        index: &str,
        partition: &str,
        forward: bool,
        page: &PageRequest,
    ) -> Result<(Vec<Item>, Option<String>), Error> {
        let (pk, sk) = (format!("{index}pk"), format!("{index}sk"));
        let start = page
            .cursor
            .as_deref()
            .map(|c| decode_cursor(c, &["pk", "sk", &pk, &sk], (&pk, partition)))
            .transpose()?;
        let out = self
            .client()
            .query()
            .table_name(self.table())
            .index_name(index)
            .key_condition_expression("#p = :p")
            .expression_attribute_names("#p", &pk)
            .expression_attribute_values(":p", s(partition))
            .scan_index_forward(forward)
            .limit(page.limit.max(1) as i32)
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok((
            out.items().to_vec(),
            out.last_evaluated_key().and_then(encode_cursor),
        ))
    }

    async fn get_item(&self, k: Item) -> Result<Option<Item>, Error> {
        let out = self
            .client()
            .get_item()
            .table_name(self.table())
            .set_key(Some(k))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(out.item)
    }
}

#[async_trait]
impl Catalog for DynamoStore {
    async fn list(
        &self,
        category: Option<&Category>,
        sort: ProductSort,
        page: &PageRequest,
    ) -> Result<Page<Product>, Error> {
        let partition = match category {
            Some(c) => format!("CATEGORY#{}", c.as_str()),
            None => "PRODUCTS".to_owned(),
        };
        let (index, forward) = match (sort, category.is_some()) {
            (ProductSort::Newest, false) => ("gsi1", false),
            (ProductSort::Newest, true) => ("gsi2", false),
            (ProductSort::Name, false) => ("gsi3", true),
            (ProductSort::Name, true) => ("gsi4", true),
        };
        let (items, next_cursor) = self
            .query_index_page(index, &partition, forward, page)
            .await?;
        Ok(Page {
            items: items.iter().map(product_from).collect::<Result<_, _>>()?,
            next_cursor,
        })
    }

    async fn get(&self, id: &ProductId) -> Result<Option<Product>, Error> {
        self.get_item(product_key(id))
            .await?
            .as_ref()
            .map(product_from)
            .transpose()
    }

    async fn get_many(&self, ids: &[ProductId]) -> Result<Vec<Product>, Error> {
        let mut unique: Vec<&ProductId> = ids.iter().collect();
        unique.sort();
        unique.dedup();
        if unique.is_empty() {
            return Ok(Vec::new());
        }
        let keys = KeysAndAttributes::builder()
            .set_keys(Some(unique.iter().map(|id| product_key(id)).collect()))
            .consistent_read(true)
            .build()
            .map_err(Error::internal)?;
        let mut request = HashMap::from([(self.table().to_owned(), keys)]);
        let mut found = Vec::new();
        // Unprocessed keys (throttling) are retried a bounded number of times.
        for _ in 0..3 {
            let out = self
                .client()
                .batch_get_item()
                .set_request_items(Some(request))
                .send()
                .await
                .map_err(sdk_error)?;
            for item in out
                .responses()
                .and_then(|r| r.get(self.table()))
                .into_iter()
                .flatten()
            {
                found.push(product_from(item)?);
            }
            match out.unprocessed_keys().filter(|u| !u.is_empty()) {
                Some(rest) => request = rest.clone(),
                None => return Ok(found),
            }
        }
        Err(Error::unavailable("products could not all be read"))
    }

    async fn create(&self, product: &Product) -> Result<(), Error> {
        self.client()
            .put_item()
            .table_name(self.table())
            .set_item(Some(product_item(product)?))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    async fn update(&self, product: &Product) -> Result<(), Error> {
        // Only the editable fields (and the index keys that follow from them): the
        // rating counters belong to reviews, which update them concurrently.
        let item = product_item(product)?;
        let editable = [
            "name",
            "category",
            "price",
            "description",
            "updatedAt",
            "gsi2pk",
            "gsi3sk",
            "gsi4pk",
            "gsi4sk",
        ];
        let mut sets = Vec::new();
        let mut request = self
            .client()
            .update_item()
            .table_name(self.table())
            .set_key(Some(product_key(&product.id)))
            .condition_expression("attribute_exists(pk)");
        for (i, field) in editable.iter().enumerate() {
            if let Some(v) = item.get(*field) {
                sets.push(format!("#f{i} = :v{i}"));
                request = request
                    .expression_attribute_names(format!("#f{i}"), *field)
                    .expression_attribute_values(format!(":v{i}"), v.clone());
            }
        }
        let mut expression = format!("SET {}", sets.join(", "));
        match &product.image_url {
            Some(url) => {
                expression.push_str(", imageUrl = :image");
                request = request.expression_attribute_values(":image", s(url));
            }
            None => expression.push_str(" REMOVE imageUrl"),
        }
        let result = request.update_expression(expression).send().await;
        exists_or_not_found(result, "No such product.")
    }

    async fn delete(&self, id: &ProductId) -> Result<(), Error> {
        let result = self
            .client()
            .delete_item()
            .table_name(self.table())
            .set_key(Some(product_key(id)))
            .condition_expression("attribute_exists(pk)")
            .send()
            .await;
        exists_or_not_found(result, "No such product.")
    }
}

fn idempotency_key(customer: &UserId, key: &str) -> Item {
    self::key(format!("IDEMPOTENCY#{customer}#{key}"), "IDEMPOTENCY")
}

#[async_trait]
impl Orders for DynamoStore {
    async fn next_invoice_number(&self, day: &str) -> Result<u64, Error> {
        let out = self
            .client()
            .update_item()
            .table_name(self.table())
            .set_key(Some(key(format!("COUNTER#INVOICE#{day}"), "COUNTER")))
            .update_expression("ADD #seq :one")
            .expression_attribute_names("#seq", "seq")
            .expression_attribute_values(":one", n(1))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(sdk_error)?;
        out.attributes()
            .map(|a| big_n(a, "seq"))
            .filter(|n| *n > 0)
            .map(|n| n as u64)
            .ok_or_else(|| corrupt("invoice counter"))
    }

    async fn place(
        &self,
        order: &Order,
        idempotency: Option<(&str, &str)>,
    ) -> Result<Placed, Error> {
        let put_order = Put::builder()
            .table_name(self.table())
            .set_item(Some(order_item(order)?))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(Error::internal)?;
        let count = Update::builder()
            .table_name(self.table())
            .set_key(Some(user_key(&order.customer_id)))
            .update_expression("ADD pendingOrders :one")
            .condition_expression(
                "#status = :approved AND (attribute_not_exists(pendingOrders) OR pendingOrders < :max)",
            )
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":approved", s(AccountStatus::Approved.as_str()))
            .expression_attribute_values(":max", n(MAX_PENDING_ORDERS))
            .build()
            .map_err(Error::internal)?;
        let mut tx = self
            .client()
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().put(put_order).build())
            .transact_items(TransactWriteItem::builder().update(count).build());
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
                .map_err(Error::internal)?;
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
        if failed(2) {
            if let Some((k, _)) = idempotency {
                if let Some(rec) = self.idempotency(&order.customer_id, k).await? {
                    return Ok(Placed::Replayed(rec.order_id));
                }
            }
        }
        if failed(1) {
            let profile = self.get_item(user_key(&order.customer_id)).await?;
            let approved = profile.as_ref().and_then(|p| opt_s(p, "status"))
                == Some(AccountStatus::Approved.as_str());
            return Err(if approved {
                Error::conflict(
                    "order_limit_reached",
                    "You already have 5 orders waiting for confirmation. Please wait until the shop confirms one, or cancel one.",
                )
            } else {
                Error::forbidden(
                    "account_not_approved",
                    "Your account is waiting for the shop's approval.",
                )
            });
        }
        Err(sdk_error(err))
    }

    async fn idempotency(
        &self,
        customer: &UserId,
        k: &str,
    ) -> Result<Option<IdempotencyRecord>, Error> {
        let Some(item) = self.get_item(idempotency_key(customer, k)).await? else {
            return Ok(None);
        };
        Ok(Some(IdempotencyRecord {
            request: get_s(&item, "request")?.to_owned(),
            order_id: OrderId::parse(get_s(&item, "orderId")?).ok_or_else(|| corrupt("orderId"))?,
        }))
    }

    async fn get(&self, id: &OrderId) -> Result<Option<Order>, Error> {
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
    ) -> Result<Page<Order>, Error> {
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
    ) -> Result<Page<Order>, Error> {
        let (items, next_cursor) = self
            .query_index_page("gsi2", &format!("ORDERS#{}", status.as_str()), true, page)
            .await?;
        Ok(Page {
            items: items.iter().map(order_from).collect::<Result<_, _>>()?,
            next_cursor,
        })
    }

    async fn transition(&self, order: &Order, t: &Transition) -> Result<Order, Error> {
        let at = rfc3339(t.at);
        let entry = HistoryEntry {
            status: t.to,
            at: at.clone(),
            note: (!t.note.is_empty()).then(|| t.note.as_str().to_owned()),
        };
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
            .expression_attribute_values(":entry", AttributeValue::L(vec![json(&entry)?]));
        if t.to == OrderStatus::Paid {
            // The payment proof has been checked.
            set.push_str(", proofToCheck = :false");
            change = change.expression_attribute_values(":false", AttributeValue::Bool(false));
        }
        if let Some(tracking) = &t.tracking_number {
            set.push_str(", trackingNumber = :tracking");
            change = change.expression_attribute_values(":tracking", s(tracking.as_str()));
        }
        let change = change
            .update_expression(set)
            .build()
            .map_err(Error::internal)?;
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
                        .map_err(Error::internal)?;
                    tx = tx.transact_items(TransactWriteItem::builder().put(put).build());
                }
            }
            let mut counters = Vec::new();
            if t.from == OrderStatus::Pending {
                counters.push(("pendingOrders", -1));
            }
            if let Some(m) = &t.message {
                let put = Put::builder()
                    .table_name(self.table())
                    .set_item(Some(message_item(m)))
                    .build()
                    .map_err(Error::internal)?;
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
                        .update(update.build().map_err(Error::internal)?)
                        .build(),
                );
            }
            if let Some(before) = &stats {
                for write in self.completion_writes(order, t.at, before)? {
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
                        return Err(Error::conflict(
                            "invalid_transition",
                            format!("The order is no longer {}.", t.from.as_str()),
                        ));
                    }
                    if completing && failed(codes.last()) && attempt < attempts {
                        continue;
                    }
                    return Err(sdk_error(err));
                }
            }
        }
        let mut updated = order.clone();
        updated.status = t.to;
        if t.to == OrderStatus::Paid {
            updated.proof_to_check = false;
        }
        updated.updated_at = t.at;
        updated.history.push(entry);
        if t.tracking_number.is_some() {
            updated.tracking_number = t.tracking_number.clone();
        }
        Ok(updated)
    }
}

#[async_trait]
impl Inbox for DynamoStore {
    async fn list(&self, user: &UserId, page: &PageRequest) -> Result<Page<Message>, Error> {
        let pk = format!("USER#{user}");
        let start = page
            .cursor
            .as_deref()
            .map(|c| decode_cursor(c, &["pk", "sk"], ("pk", &pk)))
            .transpose()?;
        let out = self
            .client()
            .query()
            .table_name(self.table())
            .key_condition_expression("pk = :pk AND begins_with(sk, :msg)")
            .expression_attribute_values(":pk", s(&pk))
            .expression_attribute_values(":msg", s("MSG#"))
            .scan_index_forward(false)
            .limit(page.limit.max(1) as i32)
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(Page {
            items: out
                .items()
                .iter()
                .map(message_from)
                .collect::<Result<_, _>>()?,
            next_cursor: out.last_evaluated_key().and_then(encode_cursor),
        })
    }

    async fn mark_read(&self, user: &UserId, id: &MessageId) -> Result<Message, Error> {
        let k = key(format!("USER#{user}"), &format!("MSG#{id}"));
        let Some(item) = self.get_item(k.clone()).await? else {
            return Err(Error::not_found("No such message."));
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
            .map_err(Error::internal)?;
        let count = Update::builder()
            .table_name(self.table())
            .set_key(Some(user_key(user)))
            .update_expression("ADD unreadMessages :minus")
            .condition_expression("unreadMessages > :zero")
            .expression_attribute_values(":minus", n(-1))
            .expression_attribute_values(":zero", n(0))
            .build()
            .map_err(Error::internal)?;
        let result = self
            .client()
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
