//! The table and the helpers every item of it shares: attribute values, keys, checked
//! reads of attributes, cursors, and how DynamoDB's refusals read.

use crate::aws::{sdk_error, LazyClient, Sdk};
use crate::domain::{parse_rfc3339, Missing, OrderId, ProductId, Refusal, UserId};
use crate::ports::{PageRequest, PortError};
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use std::collections::HashMap;

pub(crate) type Item = HashMap<String, AttributeValue>;

/// A DynamoDB client for `sdk`, at `AWS_ENDPOINT_URL_DYNAMODB` when that is set.
pub fn client(sdk: &aws_types::SdkConfig) -> Client {
    let mut conf = aws_sdk_dynamodb::config::Builder::from(sdk);
    if let Some(endpoint) = crate::aws::endpoint_for(sdk, "DYNAMODB") {
        conf = conf.endpoint_url(endpoint);
    }
    Client::from_conf(conf.build())
}

/// The one table of Toko, and the client to reach it (built on first use).
#[derive(Clone)]
pub struct DynamoStore {
    client: LazyClient<Client>,
    table: String,
}

impl DynamoStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client: LazyClient::ready(client),
            table: table.into(),
        }
    }

    pub fn from_sdk(sdk: &aws_types::SdkConfig, table: impl Into<String>) -> Self {
        Self::lazy(&Sdk::ready(sdk.clone()), table)
    }

    /// The client is built on first use, from the configuration loaded then.
    pub fn lazy(sdk: &Sdk, table: impl Into<String>) -> Self {
        Self {
            client: LazyClient::new(sdk, client),
            table: table.into(),
        }
    }

    pub async fn client(&self) -> &Client {
        self.client.get().await
    }

    pub fn table(&self) -> &str {
        &self.table
    }
}

pub(crate) fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

pub(crate) fn n(v: impl ToString) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

pub(crate) fn key(pk: String, sk: &str) -> Item {
    HashMap::from([("pk".to_owned(), s(pk)), ("sk".to_owned(), s(sk))])
}

pub(crate) fn user_key(id: &UserId) -> Item {
    HashMap::from([
        ("pk".to_owned(), s(format!("USER#{id}"))),
        ("sk".to_owned(), s("PROFILE")),
    ])
}

pub(crate) fn product_key(id: &ProductId) -> Item {
    key(format!("PRODUCT#{id}"), "PRODUCT")
}

/// The marker that a customer has a completed order containing the product.
pub(crate) fn purchase_key(customer: &UserId, product: &ProductId) -> Item {
    key(format!("USER#{customer}"), &format!("PURCHASED#{product}"))
}

pub(crate) fn order_key(id: &OrderId) -> Item {
    key(format!("ORDER#{id}"), "ORDER")
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> Result<AttributeValue, PortError> {
    serde_json::to_string(v).map(s).map_err(PortError::internal)
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    item: &Item,
    k: &str,
) -> Result<T, PortError> {
    serde_json::from_str(get_s(item, k)?).map_err(|_| corrupt(k))
}

pub(crate) fn ts(item: &Item, k: &str) -> Result<time::OffsetDateTime, PortError> {
    opt_s(item, k)
        .and_then(parse_rfc3339)
        .ok_or_else(|| corrupt(k))
}

pub(crate) fn big_n(item: &Item, k: &str) -> i64 {
    item.get(k)
        .and_then(|v| v.as_n().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

pub(crate) fn corrupt(what: &str) -> PortError {
    PortError::internal(format!("stored item is malformed: {what}"))
}

pub(crate) fn get_s<'a>(item: &'a Item, key: &str) -> Result<&'a str, PortError> {
    item.get(key)
        .and_then(|v| v.as_s().ok())
        .map(String::as_str)
        .ok_or_else(|| corrupt(key))
}

pub(crate) fn opt_s<'a>(item: &'a Item, key: &str) -> Option<&'a str> {
    item.get(key)
        .and_then(|v| v.as_s().ok())
        .map(String::as_str)
}

pub(crate) fn get_n(item: &Item, key: &str) -> u32 {
    item.get(key)
        .and_then(|v| v.as_n().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Encodes a `LastEvaluatedKey` as an opaque URL-safe cursor.
pub fn encode_cursor(key: &Item) -> Option<String> {
    let mut map = serde_json::Map::new();
    for (k, v) in key {
        map.insert(k.clone(), serde_json::Value::String(v.as_s().ok()?.clone()));
    }
    Some(URL_SAFE_NO_PAD.encode(serde_json::Value::Object(map).to_string()))
}

/// Decodes a cursor made by [`encode_cursor`] for the same index partition:
/// 400 `invalid_cursor` for anything else.
pub fn decode_cursor(
    cursor: &str,
    keys: &[&str],
    partition: (&str, &str),
) -> Result<Item, PortError> {
    let bad = || PortError::Refused(Refusal::InvalidCursor);
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    let obj = value.as_object().ok_or_else(bad)?;
    if obj.len() != keys.len() {
        return Err(bad());
    }
    let mut item = HashMap::new();
    for k in keys {
        let v = obj.get(*k).and_then(|v| v.as_str()).ok_or_else(bad)?;
        item.insert((*k).to_owned(), s(v));
    }
    if obj.get(partition.0).and_then(|v| v.as_str()) != Some(partition.1) {
        return Err(bad());
    }
    Ok(item)
}

/// The outcome of a write conditioned on the item existing: a failed condition is 404.
pub(crate) fn exists_or_not_found<T, E>(
    result: Result<
        T,
        aws_sdk_dynamodb::error::SdkError<E, aws_sdk_dynamodb::config::http::HttpResponse>,
    >,
    what: Missing,
) -> Result<(), PortError>
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match result {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(is_conditional_failure) => {
            Err(Refusal::NotFound(what).into())
        }
        Err(e) => Err(sdk_error(e)),
    }
}

impl DynamoStore {
    /// The outcome of a write conditioned on item `key` being as it was read: a failed
    /// condition is `changed` while the item is there, 404 `what` once it is gone.
    pub(crate) async fn changed_or_not_found<T, E>(
        &self,
        result: Result<
            T,
            aws_sdk_dynamodb::error::SdkError<E, aws_sdk_dynamodb::config::http::HttpResponse>,
        >,
        key: Item,
        changed: Refusal,
        what: Missing,
    ) -> Result<(), PortError>
    where
        E: aws_sdk_dynamodb::error::ProvideErrorMetadata
            + std::error::Error
            + Send
            + Sync
            + 'static,
    {
        match result {
            Ok(_) => Ok(()),
            Err(e) if e.as_service_error().is_some_and(is_conditional_failure) => {
                Err(match self.get_item(key).await? {
                    Some(_) => changed,
                    None => Refusal::NotFound(what),
                }
                .into())
            }
            Err(e) => Err(sdk_error(e)),
        }
    }
}

pub(crate) fn is_conditional_failure<E: aws_sdk_dynamodb::error::ProvideErrorMetadata>(
    e: &E,
) -> bool {
    e.code() == Some("ConditionalCheckFailedException")
}

/// Whether operation `i` of a cancelled transaction lost to the stored state: its
/// condition failed, or (on DynamoDB, under parallel writes) another transaction on the
/// same item was in flight. Either way the caller re-reads and refuses with a 409.
pub(crate) fn lost(codes: &[String], i: usize) -> bool {
    matches!(
        codes.get(i).map(String::as_str),
        Some("ConditionalCheckFailed" | "TransactionConflict")
    )
}

/// The codes of a cancelled transaction, one per operation in order.
pub(crate) fn cancellation_codes(
    err: &aws_sdk_dynamodb::error::SdkError<
        aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError,
        aws_sdk_dynamodb::config::http::HttpResponse,
    >,
) -> Option<Vec<String>> {
    match err.as_service_error() {
        Some(aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(e)) => Some(
            e.cancellation_reasons()
                .iter()
                .map(|r| r.code().unwrap_or("None").to_owned())
                .collect(),
        ),
        _ => None,
    }
}

impl DynamoStore {
    /// One page of an index partition, in the given direction.
    pub(crate) async fn query_index_page(
        &self,
        index: &str,
        partition: &str,
        forward: bool,
        page: &PageRequest,
    ) -> Result<(Vec<Item>, Option<String>), PortError> {
        self.query_index_projected(index, partition, forward, page, &[])
            .await
    }

    /// One page of the items of table partition `pk` whose sort key starts with `prefix`,
    /// newest (highest sort key) first.
    pub(crate) async fn query_prefix_page(
        &self,
        pk: &str,
        prefix: &str,
        page: &PageRequest,
    ) -> Result<(Vec<Item>, Option<String>), PortError> {
        let q = PageQuery {
            prefix,
            forward: false,
            ..PageQuery::table(pk)
        };
        self.query_page(&q, page).await
    }

    /// [`query_index_page`](Self::query_index_page) reading only `attributes` of each
    /// item (all of them when empty): fewer bytes on the wire for listings that show a
    /// summary.
    pub(crate) async fn query_index_projected(
        &self,
        index: &str,
        partition: &str,
        forward: bool,
        page: &PageRequest,
        attributes: &[&str],
    ) -> Result<(Vec<Item>, Option<String>), PortError> {
        let q = PageQuery {
            forward,
            attributes,
            ..PageQuery::index(index, partition)
        };
        self.query_page(&q, page).await
    }

    /// One page of the items `q` names; the cursor is the last key read (its partition
    /// checked, so a cursor of another listing is refused).
    pub(crate) async fn query_page(
        &self,
        q: &PageQuery<'_>,
        page: &PageRequest,
    ) -> Result<(Vec<Item>, Option<String>), PortError> {
        let (pk, sk) = match q.index {
            Some(index) => (format!("{index}pk"), format!("{index}sk")),
            None => ("pk".to_owned(), "sk".to_owned()),
        };
        let start = match q.index {
            Some(_) => page
                .cursor
                .as_deref()
                .map(|c| decode_cursor(c, &["pk", "sk", &pk, &sk], (&pk, q.partition)))
                .transpose()?,
            None => page
                .cursor
                .as_deref()
                .map(|c| decode_cursor(c, &["pk", "sk"], ("pk", q.partition)))
                .transpose()?,
        };
        // A cursor past the listing's own items (forged) would make DynamoDB refuse the
        // query: refuse it here as the cursor it is.
        if let Some(start) = &start {
            let inside = start
                .get(&sk)
                .and_then(|v| v.as_s().ok())
                .is_some_and(|v| v.starts_with(q.prefix));
            if !inside {
                return Err(PortError::Refused(Refusal::InvalidCursor));
            }
        }
        let condition = if q.prefix.is_empty() {
            "#p = :p"
        } else {
            "#p = :p AND begins_with(#s, :prefix)"
        };
        let mut query = self
            .client()
            .await
            .query()
            .table_name(self.table())
            .set_index_name(q.index.map(str::to_owned))
            .key_condition_expression(condition)
            .expression_attribute_names("#p", &pk)
            .expression_attribute_values(":p", s(q.partition))
            .scan_index_forward(q.forward)
            .limit(page.limit.max(1) as i32)
            .set_exclusive_start_key(start);
        if !q.prefix.is_empty() {
            query = query
                .expression_attribute_names("#s", &sk)
                .expression_attribute_values(":prefix", s(q.prefix));
        }
        if !q.attributes.is_empty() {
            let names: Vec<String> = (0..q.attributes.len()).map(|i| format!("#a{i}")).collect();
            query = query.projection_expression(names.join(", "));
            for (name, attribute) in names.iter().zip(q.attributes) {
                query = query.expression_attribute_names(name, *attribute);
            }
        }
        let out = query.send().await.map_err(sdk_error)?;
        Ok((
            out.items().to_vec(),
            out.last_evaluated_key().and_then(encode_cursor),
        ))
    }

    /// Puts and deletes in `BatchWriteItem` calls of 25, unprocessed ones sent again a
    /// few times; `incomplete` is the error when some still are not written.
    pub(crate) async fn batch_write(
        &self,
        writes: Vec<aws_sdk_dynamodb::types::WriteRequest>,
        incomplete: &'static str,
    ) -> Result<(), PortError> {
        for chunk in writes.chunks(25) {
            let mut pending = chunk.to_vec();
            for _ in 0..5 {
                let out = self
                    .client()
                    .await
                    .batch_write_item()
                    .request_items(self.table(), pending)
                    .send()
                    .await
                    .map_err(sdk_error)?;
                pending = out
                    .unprocessed_items()
                    .and_then(|u| u.get(self.table()))
                    .cloned()
                    .unwrap_or_default();
                if pending.is_empty() {
                    break;
                }
            }
            if !pending.is_empty() {
                return Err(PortError::unavailable(incomplete));
            }
        }
        Ok(())
    }

    /// Every page of a query on partition `pk` (`shape` adds the rest of the query).
    pub(crate) async fn all_pages(
        &self,
        pk: &str,
        shape: impl Fn(
            aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder,
        ) -> aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder,
    ) -> Result<Vec<Item>, PortError> {
        let mut out = Vec::new();
        let mut start = None;
        loop {
            let query = self
                .client()
                .await
                .query()
                .table_name(self.table())
                .expression_attribute_values(":pk", s(pk));
            let page = shape(query)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(sdk_error)?;
            out.extend(page.items().iter().cloned());
            start = page.last_evaluated_key().map(|k| k.to_owned());
            if start.is_none() {
                return Ok(out);
            }
        }
    }

    pub(crate) async fn get_item(&self, k: Item) -> Result<Option<Item>, PortError> {
        let out = self
            .client()
            .await
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

/// What one page query reads: a partition of the table or of an index (`gsi1`…), the
/// items whose sort key begins with `prefix` (all when empty), in sort-key order
/// (`forward`) or newest first, with only `attributes` (all when empty).
pub(crate) struct PageQuery<'a> {
    pub index: Option<&'a str>,
    pub partition: &'a str,
    pub prefix: &'a str,
    pub forward: bool,
    pub attributes: &'a [&'a str],
}

impl<'a> PageQuery<'a> {
    /// Table partition `pk`, all of it, in sort-key order.
    pub fn table(pk: &'a str) -> Self {
        Self {
            index: None,
            partition: pk,
            prefix: "",
            forward: true,
            attributes: &[],
        }
    }

    /// Partition `partition` of index `index`, all of it, in sort-key order.
    pub fn index(index: &'a str, partition: &'a str) -> Self {
        Self {
            index: Some(index),
            ..Self::table(partition)
        }
    }
}
