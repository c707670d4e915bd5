//! DynamoDB, single-table design. Every request path is a GetItem, a Query on a key
//! or index, an UpdateItem, or a transaction: never a Scan.
//!
//! | item | pk | sk | gsi1pk / gsi1sk |
//! | --- | --- | --- | --- |
//! | profile | `USER#{id}` | `PROFILE` | `CUSTOMERS#{status}` or `STAFF` / `{createdAt}#{id}` |
//! | e-mail claim | `EMAIL#{email}` | `EMAIL` | |
//! | failed sign-ins | `LOGINFAIL#{email}` | `LOGINFAIL` | |

use crate::aws::sdk_error;
use crate::domain::{
    parse_rfc3339, rfc3339, AccountStatus, CustomerDecision, Email, Locale, Note, PersonName,
    Phone, Role, User, UserId,
};
use crate::ports::{LoginAttempts, Page, PageRequest, Users};
use crate::Error;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Put, ReturnValue, TransactWriteItem};
use aws_sdk_dynamodb::Client;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use std::collections::HashMap;
use time::OffsetDateTime;

pub(crate) type Item = HashMap<String, AttributeValue>;

/// The one table of Toko, and the client to reach it.
#[derive(Clone)]
pub struct DynamoStore {
    client: Client,
    table: String,
}

impl DynamoStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }

    pub fn from_sdk(sdk: &aws_config::SdkConfig, table: impl Into<String>) -> Self {
        Self::new(Client::new(sdk), table)
    }

    pub fn client(&self) -> &Client {
        &self.client
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

pub(crate) fn user_key(id: &UserId) -> Item {
    HashMap::from([
        ("pk".to_owned(), s(format!("USER#{id}"))),
        ("sk".to_owned(), s("PROFILE")),
    ])
}

fn email_key(email: &Email) -> Item {
    HashMap::from([
        ("pk".to_owned(), s(format!("EMAIL#{email}"))),
        ("sk".to_owned(), s("EMAIL")),
    ])
}

fn attempts_key(email: &Email) -> Item {
    HashMap::from([
        ("pk".to_owned(), s(format!("LOGINFAIL#{email}"))),
        ("sk".to_owned(), s("LOGINFAIL")),
    ])
}

fn user_partition(role: Role, status: AccountStatus) -> String {
    if role == Role::Customer {
        format!("CUSTOMERS#{}", status.as_str())
    } else {
        "STAFF".to_owned()
    }
}

pub(crate) fn corrupt(what: &str) -> Error {
    Error::internal(format!("stored item is malformed: {what}"))
}

pub(crate) fn get_s<'a>(item: &'a Item, key: &str) -> Result<&'a str, Error> {
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

fn user_item(u: &User) -> Item {
    let mut item = user_key(&u.id);
    item.insert("type".into(), s("user"));
    item.insert("id".into(), s(u.id.as_str()));
    item.insert("email".into(), s(u.email.as_str()));
    item.insert("name".into(), s(u.name.as_str()));
    if let Some(p) = &u.phone {
        item.insert("phone".into(), s(p.as_str()));
    }
    item.insert("role".into(), s(u.role.as_str()));
    item.insert("status".into(), s(u.status.as_str()));
    item.insert("locale".into(), s(u.locale.as_str()));
    item.insert(
        "marketingOptIn".into(),
        AttributeValue::Bool(u.marketing_opt_in),
    );
    item.insert("passwordHash".into(), s(&u.password_hash));
    let created = rfc3339(u.created_at);
    item.insert("gsi1pk".into(), s(user_partition(u.role, u.status)));
    item.insert("gsi1sk".into(), s(format!("{created}#{}", u.id)));
    if u.marketing_opt_in && u.role == Role::Customer {
        // Opted-in customers, for promo mail.
        item.insert("gsi3pk".into(), s("MARKETING"));
        item.insert("gsi3sk".into(), s(u.id.as_str()));
    }
    item.insert("createdAt".into(), s(created));
    item.insert("pendingOrders".into(), n(u.pending_orders));
    item.insert("unreadMessages".into(), n(u.unread_messages));
    item
}

pub(crate) fn user_from(item: &Item) -> Result<User, Error> {
    let ts = |key: &str| opt_s(item, key).and_then(parse_rfc3339);
    Ok(User {
        id: UserId::parse(get_s(item, "id")?).ok_or_else(|| corrupt("id"))?,
        email: Email::parse(get_s(item, "email")?).map_err(|_| corrupt("email"))?,
        name: PersonName::parse(get_s(item, "name")?).map_err(|_| corrupt("name"))?,
        phone: opt_s(item, "phone").and_then(|p| Phone::parse(p).ok()),
        role: Role::parse(get_s(item, "role")?).map_err(|_| corrupt("role"))?,
        status: AccountStatus::parse(get_s(item, "status")?).map_err(|_| corrupt("status"))?,
        locale: opt_s(item, "locale")
            .and_then(|l| Locale::parse(l).ok())
            .unwrap_or_default(),
        marketing_opt_in: item
            .get("marketingOptIn")
            .and_then(|v| v.as_bool().ok())
            .copied()
            .unwrap_or(false),
        password_hash: get_s(item, "passwordHash")?.to_owned(),
        created_at: ts("createdAt").ok_or_else(|| corrupt("createdAt"))?,
        decided_at: ts("decidedAt"),
        decided_by: opt_s(item, "decidedBy").and_then(UserId::parse),
        decision_note: opt_s(item, "decisionNote").and_then(|t| Note::parse(t).ok()),
        pending_orders: get_n(item, "pendingOrders"),
        unread_messages: get_n(item, "unreadMessages"),
    })
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
pub fn decode_cursor(cursor: &str, keys: &[&str], partition: (&str, &str)) -> Result<Item, Error> {
    let bad = || {
        Error::bad_request(
            "invalid_cursor",
            "The cursor is not valid for this listing.",
        )
    };
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
    what: &'static str,
) -> Result<(), Error>
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match result {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(is_conditional_failure) => {
            Err(Error::not_found(what))
        }
        Err(e) => Err(sdk_error(e)),
    }
}

pub(crate) fn is_conditional_failure<E: aws_sdk_dynamodb::error::ProvideErrorMetadata>(
    e: &E,
) -> bool {
    e.code() == Some("ConditionalCheckFailedException")
}

#[async_trait]
impl Users for DynamoStore {
    async fn create(&self, user: &User) -> Result<(), Error> {
        let claim = Put::builder()
            .table_name(&self.table)
            .set_item(Some({
                let mut i = email_key(&user.email);
                i.insert("type".into(), s("email"));
                i.insert("userId".into(), s(user.id.as_str()));
                i
            }))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(Error::internal)?;
        let profile = Put::builder()
            .table_name(&self.table)
            .set_item(Some(user_item(user)))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(Error::internal)?;
        let result = self
            .client
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().put(claim).build())
            .transact_items(TransactWriteItem::builder().put(profile).build())
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(err) => {
                use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
                let email_taken = match err.as_service_error() {
                    Some(TransactWriteItemsError::TransactionCanceledException(e)) => {
                        e.cancellation_reasons().first().and_then(|r| r.code())
                            == Some("ConditionalCheckFailed")
                    }
                    _ => false,
                };
                if email_taken {
                    Err(Error::conflict(
                        "email_taken",
                        "An account with this e-mail address already exists.",
                    ))
                } else {
                    Err(sdk_error(err))
                }
            }
        }
    }

    async fn get(&self, id: &UserId) -> Result<Option<User>, Error> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(user_key(id)))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        out.item().map(user_from).transpose()
    }

    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, Error> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(email_key(email)))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        let Some(claim) = out.item() else {
            return Ok(None);
        };
        let id = UserId::parse(get_s(claim, "userId")?).ok_or_else(|| corrupt("userId"))?;
        self.get(&id).await
    }

    async fn list_customers(
        &self,
        status: AccountStatus,
        page: &PageRequest,
    ) -> Result<Page<User>, Error> {
        let partition = user_partition(Role::Customer, status);
        let start = page
            .cursor
            .as_deref()
            .map(|c| decode_cursor(c, &["pk", "sk", "gsi1pk", "gsi1sk"], ("gsi1pk", &partition)))
            .transpose()?;
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .index_name("gsi1")
            .key_condition_expression("gsi1pk = :p")
            .expression_attribute_values(":p", s(&partition))
            .scan_index_forward(true)
            .limit(page.limit.max(1) as i32)
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(sdk_error)?;
        let items = out
            .items()
            .iter()
            .map(user_from)
            .collect::<Result<_, _>>()?;
        Ok(Page {
            items,
            next_cursor: out.last_evaluated_key().and_then(encode_cursor),
        })
    }

    async fn decide(
        &self,
        id: &UserId,
        decision: CustomerDecision,
        by: &UserId,
        note: &Note,
        at: OffsetDateTime,
    ) -> Result<User, Error> {
        let to = decision.outcome();
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(user_key(id)))
            .update_expression(
                "SET #status = :to, gsi1pk = :gpk, decidedAt = :at, decidedBy = :by, decisionNote = :note",
            )
            .condition_expression("attribute_exists(pk) AND #role = :customer AND #status = :pending")
            .expression_attribute_names("#status", "status")
            .expression_attribute_names("#role", "role")
            .expression_attribute_values(":to", s(to.as_str()))
            .expression_attribute_values(":gpk", s(user_partition(Role::Customer, to)))
            .expression_attribute_values(":at", s(rfc3339(at)))
            .expression_attribute_values(":by", s(by.as_str()))
            .expression_attribute_values(":note", s(note.as_str()))
            .expression_attribute_values(":customer", s(Role::Customer.as_str()))
            .expression_attribute_values(":pending", s(AccountStatus::Pending.as_str()))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match result {
            Ok(out) => user_from(
                out.attributes()
                    .ok_or_else(|| corrupt("no attributes returned"))?,
            ),
            Err(err) if err.as_service_error().is_some_and(is_conditional_failure) => {
                match self.get(id).await? {
                    Some(u) if u.role == Role::Customer => Err(Error::conflict(
                        "invalid_transition",
                        format!("This registration is already {}.", u.status.as_str()),
                    )),
                    _ => Err(Error::not_found("No such customer.")),
                }
            }
            Err(err) => Err(sdk_error(err)),
        }
    }
}

#[async_trait]
impl LoginAttempts for DynamoStore {
    async fn failures_since(&self, email: &Email, since: OffsetDateTime) -> Result<u32, Error> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(attempts_key(email)))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(match out.item() {
            Some(item) if i64::from(get_n(item, "windowStart")) >= since.unix_timestamp() => {
                get_n(item, "failures")
            }
            _ => 0,
        })
    }

    async fn record_failure(
        &self,
        email: &Email,
        now: OffsetDateTime,
        since: OffsetDateTime,
    ) -> Result<(), Error> {
        // Expire a day after the window opened (moto never expires; reads filter anyway).
        let expires = now.unix_timestamp() + 86_400;
        for _ in 0..3 {
            let counted = self
                .client
                .update_item()
                .table_name(&self.table)
                .set_key(Some(attempts_key(email)))
                .update_expression(
                    "ADD failures :one SET windowStart = if_not_exists(windowStart, :now), expiresAt = if_not_exists(expiresAt, :exp)",
                )
                .condition_expression("attribute_not_exists(pk) OR windowStart >= :since")
                .expression_attribute_values(":one", n(1))
                .expression_attribute_values(":now", n(now.unix_timestamp()))
                .expression_attribute_values(":exp", n(expires))
                .expression_attribute_values(":since", n(since.unix_timestamp()))
                .send()
                .await;
            match counted {
                Ok(_) => return Ok(()),
                Err(err) if err.as_service_error().is_some_and(is_conditional_failure) => {}
                Err(err) => return Err(sdk_error(err)),
            }
            // The window is stale: start a new one, unless someone else just did.
            let mut item = attempts_key(email);
            item.insert("failures".into(), n(1));
            item.insert("windowStart".into(), n(now.unix_timestamp()));
            item.insert("expiresAt".into(), n(expires));
            let restarted = self
                .client
                .put_item()
                .table_name(&self.table)
                .set_item(Some(item))
                .condition_expression("windowStart < :since")
                .expression_attribute_values(":since", n(since.unix_timestamp()))
                .send()
                .await;
            match restarted {
                Ok(_) => return Ok(()),
                Err(err) if err.as_service_error().is_some_and(is_conditional_failure) => {}
                Err(err) => return Err(sdk_error(err)),
            }
        }
        Err(Error::unavailable(
            "failed sign-in could not be counted after 3 tries",
        ))
    }

    async fn clear(&self, email: &Email) -> Result<(), Error> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(attempts_key(email)))
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }
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
