//! DynamoDB for accounts and failed sign-ins.
//!
//! | item | pk | sk | gsi1pk / gsi1sk |
//! | --- | --- | --- | --- |
//! | profile | `USER#{id}` | `PROFILE` | `CUSTOMERS#{status}` or `STAFF` / `{createdAt}#{id}` |
//! | e-mail claim and credentials | `EMAIL#{email}` | `EMAIL` | (none: no index ever holds a password hash) |
//! | sign-in attempts | `LOGINFAIL#{counter}` (`PAIR#{email}#{ip}`, `ADDR#{email}`, `SRC#{ip}`) | `LOGINFAIL` | |

use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{
    parse_rfc3339, rfc3339, AccountStatus, AttemptCounter, CustomerDecision, Email, Locale,
    MailBlock, Missing, Note, PersonName, Phone, Refusal, Role, User, UserId, ATTEMPT_WINDOW,
};
use crate::ports::PortError;
use crate::ports::{LoginAttempts, Page, PageRequest, Users};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Put, ReturnValue, TransactWriteItem};
use std::collections::HashMap;
use time::OffsetDateTime;

pub(crate) fn email_key(email: &Email) -> Item {
    HashMap::from([
        ("pk".to_owned(), s(format!("EMAIL#{email}"))),
        ("sk".to_owned(), s("EMAIL")),
    ])
}

fn attempts_key(counter: &str) -> Item {
    HashMap::from([
        ("pk".to_owned(), s(format!("LOGINFAIL#{counter}"))),
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

fn user_item(u: &User) -> Item {
    let mut item = user_key(&u.id);
    item.insert("type".into(), s("user"));
    item.insert("id".into(), s(u.id.as_str()));
    item.insert("email".into(), s(u.email.as_str()));
    item.insert("name".into(), s(u.name.as_str()));
    if let Some(p) = &u.phone {
        item.insert("phone".into(), s(p.as_str()));
    }
    if let Some(w) = &u.whatsapp {
        item.insert("whatsapp".into(), s(w.as_str()));
    }
    item.insert("role".into(), s(u.role.as_str()));
    item.insert("status".into(), s(u.status.as_str()));
    item.insert("locale".into(), s(u.locale.as_str()));
    item.insert(
        "marketingOptIn".into(),
        AttributeValue::Bool(u.marketing_opt_in),
    );
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
    item.insert("sessionVersion".into(), n(u.session_version));
    item.insert(
        "emailVerified".into(),
        AttributeValue::Bool(u.email_verified),
    );
    item
}

/// The account an UpdateItem returned (`ReturnValue::AllNew`).
fn updated_user(attributes: Option<&Item>) -> Result<User, PortError> {
    user_from(attributes.ok_or_else(|| corrupt("no attributes returned"))?)
}

pub(crate) fn user_from(item: &Item) -> Result<User, PortError> {
    let ts = |key: &str| opt_s(item, key).and_then(parse_rfc3339);
    Ok(User {
        id: UserId::parse(get_s(item, "id")?).ok_or_else(|| corrupt("id"))?,
        email: Email::from_stored(get_s(item, "email")?).map_err(|_| corrupt("email"))?,
        name: PersonName::parse(get_s(item, "name")?).map_err(|_| corrupt("name"))?,
        phone: opt_s(item, "phone").and_then(|p| Phone::parse(p).ok()),
        whatsapp: opt_s(item, "whatsapp").and_then(|p| Phone::parse(p).ok()),
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
        // Profiles written before credentials moved to the address claim carry it.
        password_hash: opt_s(item, "passwordHash").unwrap_or_default().to_owned(),
        created_at: ts("createdAt").ok_or_else(|| corrupt("createdAt"))?,
        decided_at: ts("decidedAt"),
        decided_by: opt_s(item, "decidedBy").and_then(UserId::parse),
        decision_note: opt_s(item, "decisionNote").and_then(|t| Note::parse(t).ok()),
        pending_orders: get_n(item, "pendingOrders"),
        orders_placed: get_n(item, "ordersPlaced"),
        unread_messages: get_n(item, "unreadMessages"),
        session_version: get_n(item, "sessionVersion"),
        mail_blocked: opt_s(item, "mailBlocked").and_then(MailBlock::parse),
        // Profiles from before verification count as verified.
        email_verified: item
            .get("emailVerified")
            .and_then(|v| v.as_bool().ok())
            .copied()
            .unwrap_or(true),
        two_factor: item
            .get("twoFactor")
            .and_then(|v| v.as_bool().ok())
            .copied()
            .unwrap_or(false),
    })
}

impl DynamoStore {
    /// The account an address belongs to, with its claim item (which holds the
    /// credentials); `None` when no account has it.
    pub(crate) async fn email_claim(
        &self,
        email: &Email,
    ) -> Result<Option<(UserId, Item)>, PortError> {
        let Some(claim) = self.get_item(email_key(email)).await? else {
            return Ok(None);
        };
        let id = UserId::parse(get_s(&claim, "userId")?).ok_or_else(|| corrupt("userId"))?;
        Ok(Some((id, claim)))
    }
}

#[async_trait]
impl Users for DynamoStore {
    async fn create(&self, user: &User) -> Result<(), PortError> {
        let claim = Put::builder()
            .table_name(self.table())
            .set_item(Some({
                // The credentials live here: this item has no index keys, so no index
                // (all of them project every attribute) ever holds a password hash.
                let mut i = email_key(&user.email);
                i.insert("type".into(), s("email"));
                i.insert("userId".into(), s(user.id.as_str()));
                i.insert("passwordHash".into(), s(&user.password_hash));
                i
            }))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(PortError::internal)?;
        let profile = Put::builder()
            .table_name(self.table())
            .set_item(Some(user_item(user)))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(PortError::internal)?;
        let result = self
            .client()
            .await
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().put(claim).build())
            .transact_items(TransactWriteItem::builder().put(profile).build())
            .send()
            .await;
        match result {
            Ok(_) => {
                self.refresh_person_or_log(&user.id).await;
                Ok(())
            }
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
                    Err(Refusal::EmailTaken.into())
                } else {
                    Err(sdk_error(err))
                }
            }
        }
    }

    async fn search_customers(
        &self,
        term: &str,
        page: &PageRequest,
    ) -> Result<Page<UserId>, PortError> {
        self.people(term, page).await
    }

    async fn get(&self, id: &UserId) -> Result<Option<User>, PortError> {
        let item = self.get_item(user_key(id)).await?;
        item.as_ref().map(user_from).transpose()
    }

    async fn set_access(
        &self,
        id: &UserId,
        role: Role,
        status: AccountStatus,
    ) -> Result<User, PortError> {
        let result = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(user_key(id)))
            .update_expression(
                "SET #role = :role, #status = :status, gsi1pk = :gpk ADD sessionVersion :one",
            )
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_names("#role", "role")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":role", s(role.as_str()))
            .expression_attribute_values(":status", s(status.as_str()))
            .expression_attribute_values(":gpk", s(user_partition(role, status)))
            .expression_attribute_values(":one", n(1))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match result {
            Ok(out) => updated_user(out.attributes()),
            Err(err) if err.as_service_error().is_some_and(is_conditional_failure) => {
                Err(Refusal::NotFound(Missing::Account).into())
            }
            Err(err) => Err(sdk_error(err)),
        }
    }

    async fn update_profile(
        &self,
        id: &UserId,
        change: &crate::domain::ProfileChange,
    ) -> Result<User, PortError> {
        let (mut set, mut remove) = (Vec::new(), Vec::new());
        let mut update = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(user_key(id)))
            .condition_expression("attribute_exists(pk)")
            .return_values(ReturnValue::AllNew);
        if let Some(n) = &change.name {
            set.push("#name = :name");
            update = update
                .expression_attribute_names("#name", "name")
                .expression_attribute_values(":name", s(n.as_str()));
        }
        for (attr, value) in [("phone", &change.phone), ("whatsapp", &change.whatsapp)] {
            match value {
                Some(Some(p)) => {
                    set.push(if attr == "phone" {
                        "phone = :phone"
                    } else {
                        "whatsapp = :whatsapp"
                    });
                    update = update.expression_attribute_values(format!(":{attr}"), s(p.as_str()));
                }
                Some(None) => remove.push(attr),
                None => {}
            }
        }
        if let Some(l) = change.locale {
            set.push("#locale = :locale");
            update = update
                .expression_attribute_names("#locale", "locale")
                .expression_attribute_values(":locale", s(l.as_str()));
        }
        let mut expr = String::new();
        if !set.is_empty() {
            expr.push_str(&format!("SET {}", set.join(", ")));
        }
        if !remove.is_empty() {
            expr.push_str(&format!(" REMOVE {}", remove.join(", ")));
        }
        if expr.is_empty() {
            return self
                .get(id)
                .await?
                .ok_or_else(|| Refusal::NotFound(Missing::Account).into());
        }
        match update.update_expression(expr.trim()).send().await {
            Ok(out) => {
                if change.name.is_some() {
                    self.refresh_person_or_log(id).await;
                }
                updated_user(out.attributes())
            }
            Err(err) if err.as_service_error().is_some_and(is_conditional_failure) => {
                Err(Refusal::NotFound(Missing::Account).into())
            }
            Err(err) => Err(sdk_error(err)),
        }
    }

    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, PortError> {
        let Some((id, claim)) = self.email_claim(email).await? else {
            // As many round trips as for an address that has an account (the claim,
            // then the profile), so the time taken tells nobody which it was.
            self.get_item(user_key(&UserId::nobody())).await?;
            return Ok(None);
        };
        let mut user = self.get(&id).await?;
        if let (Some(u), Some(hash)) = (user.as_mut(), opt_s(&claim, "passwordHash")) {
            u.password_hash = hash.to_owned();
        }
        Ok(user)
    }

    async fn list_customers(
        &self,
        status: AccountStatus,
        page: &PageRequest,
    ) -> Result<Page<User>, PortError> {
        let partition = user_partition(Role::Customer, status);
        let start = page
            .cursor
            .as_deref()
            .map(|c| decode_cursor(c, &["pk", "sk", "gsi1pk", "gsi1sk"], ("gsi1pk", &partition)))
            .transpose()?;
        let out = self
            .client()
            .await
            .query()
            .table_name(self.table())
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
    ) -> Result<User, PortError> {
        let to = decision.outcome();
        let result = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
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
            Ok(out) => updated_user(out.attributes()),
            Err(err) if err.as_service_error().is_some_and(is_conditional_failure) => {
                match self.get(id).await? {
                    Some(u) if u.role == Role::Customer => {
                        Err(Refusal::AlreadyDecided(u.status).into())
                    }
                    _ => Err(Refusal::NotFound(Missing::Customer).into()),
                }
            }
            Err(err) => Err(sdk_error(err)),
        }
    }
}

#[async_trait]
impl LoginAttempts for DynamoStore {
    async fn reserve(
        &self,
        counter: &AttemptCounter,
        now: OffsetDateTime,
    ) -> Result<Option<OffsetDateTime>, PortError> {
        let since = (now - ATTEMPT_WINDOW).unix_timestamp();
        // Gone a day after the window (reads check the window anyway; moto never expires).
        let expires = now.unix_timestamp() + ATTEMPT_WINDOW.whole_seconds() + 86_400;
        for _ in 0..3 {
            // Count one more in the current window, unless it is full.
            let counted = self
                .client()
                .await
                .update_item()
                .table_name(self.table())
                .set_key(Some(attempts_key(&counter.key)))
                .update_expression(
                    "ADD tries :one SET windowStart = if_not_exists(windowStart, :now), expiresAt = if_not_exists(expiresAt, :exp)",
                )
                .condition_expression(
                    "attribute_not_exists(pk) OR (windowStart > :since AND tries < :limit)",
                )
                .expression_attribute_values(":one", n(1))
                .expression_attribute_values(":now", n(now.unix_timestamp()))
                .expression_attribute_values(":exp", n(expires))
                .expression_attribute_values(":since", n(since))
                .expression_attribute_values(":limit", n(i64::from(counter.limit)))
                .send()
                .await;
            match counted {
                Ok(_) => return Ok(None),
                Err(err) if err.as_service_error().is_some_and(is_conditional_failure) => {}
                Err(err) => return Err(sdk_error(err)),
            }
            // Full, or the window is over: start a new one, unless someone just did.
            let mut item = attempts_key(&counter.key);
            item.insert("tries".into(), n(1));
            item.insert("windowStart".into(), n(now.unix_timestamp()));
            item.insert("expiresAt".into(), n(expires));
            let restarted = self
                .client()
                .await
                .put_item()
                .table_name(self.table())
                .set_item(Some(item))
                .condition_expression("windowStart <= :since")
                .expression_attribute_values(":since", n(since))
                .send()
                .await;
            match restarted {
                Ok(_) => return Ok(None),
                Err(err) if err.as_service_error().is_some_and(is_conditional_failure) => {}
                Err(err) => return Err(sdk_error(err)),
            }
            // The window is current: full, or it was just restarted by another attempt.
            if let Some(item) = self.get_item(attempts_key(&counter.key)).await? {
                let start = i64::from(get_n(&item, "windowStart"));
                if start > since && get_n(&item, "tries") >= counter.limit {
                    let frees = OffsetDateTime::from_unix_timestamp(start)
                        .map_err(PortError::internal)?
                        + ATTEMPT_WINDOW;
                    return Ok(Some(frees));
                }
            }
        }
        Err(PortError::unavailable(
            "a sign-in attempt could not be counted after 3 tries",
        ))
    }

    async fn release(&self, counter: &AttemptCounter) -> Result<(), PortError> {
        let client = self.client().await;
        if counter.reset_on_success {
            client
                .delete_item()
                .table_name(self.table())
                .set_key(Some(attempts_key(&counter.key)))
                .send()
                .await
                .map_err(sdk_error)?;
            return Ok(());
        }
        let given_back = client
            .update_item()
            .table_name(self.table())
            .set_key(Some(attempts_key(&counter.key)))
            .update_expression("ADD tries :minus")
            .condition_expression("tries > :zero")
            .expression_attribute_values(":minus", n(-1))
            .expression_attribute_values(":zero", n(0))
            .send()
            .await;
        match given_back {
            Ok(_) => Ok(()),
            Err(err) if err.as_service_error().is_some_and(is_conditional_failure) => Ok(()),
            Err(err) => Err(sdk_error(err)),
        }
    }
}
