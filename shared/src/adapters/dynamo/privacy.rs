//! DynamoDB for privacy requests (`toko::domain::privacy`): the erasure's writes, and
//! the record of every run.
//!
//! | item | pk | sk |
//! | --- | --- | --- |
//! | a privacy run (`kind`, `customerId`, `byId`, `byRole`, `reason`) | `PRIVACY` | `RUN#{at}#{ulid}` |
//! | an erased customer's review | `PRODUCT#{productId}` | `REVIEW#FORMER#{reviewId}` |
//!
//! Erasure reads the customer's partitions by key (`USER#{id}`, `POINTS#{id}`,
//! `STATS#CUSTOMER#{id}`, the orders' `FILE#` items, their vouchers' `USE#{id}`, the
//! outbox's mail to the address) and deletes or rewrites item by item: each step may run
//! again, so a run that stopped half-way is finished by running it again.

use super::store::*;
use super::users::email_key;
use crate::aws::sdk_error;
use crate::domain::{
    next_ulid, rfc3339, Email, Erased, Note, Order, PrivacyKind, PrivacyRun, Review, Role, User,
    UserId, ERASED_EMAIL, FORMER_CUSTOMER,
};
use crate::ports::{Page, PageRequest, PortError, Privacy};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem};

const RUNS: &str = "PRIVACY";

impl DynamoStore {
    /// Every item of partition `pk` whose sort key starts with `prefix` (empty: all).
    async fn partition(&self, pk: &str, prefix: &str) -> Result<Vec<Item>, PortError> {
        self.all_pages(pk, |q| {
            let q = q.consistent_read(true);
            // (An empty prefix is not a valid begins_with.)
            if prefix.is_empty() {
                q.key_condition_expression("pk = :pk")
            } else {
                q.key_condition_expression("pk = :pk AND begins_with(sk, :prefix)")
                    .expression_attribute_values(":prefix", s(prefix))
            }
        })
        .await
    }

    /// The keys of the items of partition `pk` whose attribute `to` is `email` (the
    /// outbox's mail).
    async fn mail_to(&self, pk: &str, email: &str) -> Result<Vec<Item>, PortError> {
        self.all_pages(pk, |q| {
            q.key_condition_expression("pk = :pk")
                .filter_expression("#to = :to")
                .expression_attribute_names("#to", "to")
                .expression_attribute_values(":to", s(email))
                .projection_expression("pk, sk")
        })
        .await
    }

    /// Deletes the items by their keys (already gone is fine), a few at a time.
    async fn delete_all(&self, items: &[Item]) -> Result<u32, PortError> {
        for chunk in items.chunks(8) {
            let deletes = chunk.iter().map(|i| {
                let k: Item = ["pk", "sk"]
                    .iter()
                    .filter_map(|a| Some(((*a).to_owned(), i.get(*a)?.clone())))
                    .collect();
                async move {
                    self.client()
                        .await
                        .delete_item()
                        .table_name(self.table())
                        .set_key(Some(k))
                        .send()
                        .await
                        .map_err(sdk_error)
                }
            });
            for r in futures::future::join_all(deletes).await {
                r?;
            }
        }
        Ok(items.len() as u32)
    }

    /// The order without its customer: name, address, e-mail and note replaced, no
    /// longer listed under the customer.
    async fn anonymise_order(&self, order: &Order) -> Result<(), PortError> {
        // What the customer wrote on the order goes too: their notes in its history (a
        // proof's comments) and the latest proof's comment.
        let history: Vec<_> = order
            .history
            .iter()
            .map(|h| {
                let mut h = h.clone();
                if h.by == Some(crate::domain::Role::Customer) {
                    h.note = None;
                }
                json(&h)
            })
            .collect::<Result<_, _>>()?;
        let mut set = "SET customerName = :name, customerEmail = :email, shippingAddress = :address, note = :none, history = :history".to_owned();
        let mut values = vec![(":history", AttributeValue::L(history))];
        if let Some(p) = &order.proof {
            let mut p = p.clone();
            p.comment = None;
            set.push_str(", proof = :proof");
            values.push((":proof", json(&p)?));
        }
        let mut update = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(order_key(&order.id)))
            .update_expression(format!("{set} REMOVE gsi1pk, gsi1sk"));
        for (k, v) in values {
            update = update.expression_attribute_values(k, v);
        }
        let result = update
            .condition_expression("customerId = :id")
            .expression_attribute_values(":name", s(FORMER_CUSTOMER))
            .expression_attribute_values(":email", s(ERASED_EMAIL))
            .expression_attribute_values(":address", json(&order.shipping_address.erased())?)
            .expression_attribute_values(":none", s(""))
            .expression_attribute_values(":id", s(order.customer_id.as_str()))
            .send()
            .await;
        exists_or_not_found(result, crate::domain::Missing::Order)
    }

    /// The review kept under "a former customer": moved off the key that names the
    /// customer, in one transaction.
    async fn anonymise_review(&self, item: &Item) -> Result<(), PortError> {
        let review_id = get_s(item, "id")?;
        let mut kept = item.clone();
        kept.insert("sk".into(), s(format!("REVIEW#FORMER#{review_id}")));
        kept.insert("customerId".into(), s(UserId::nobody().as_str()));
        kept.insert("authorName".into(), s(FORMER_CUSTOMER));
        kept.insert("former".into(), AttributeValue::Bool(true));
        let old: Item = ["pk", "sk"]
            .iter()
            .filter_map(|a| Some(((*a).to_owned(), item.get(*a)?.clone())))
            .collect();
        self.client()
            .await
            .transact_write_items()
            .transact_items(
                TransactWriteItem::builder()
                    .delete(
                        Delete::builder()
                            .table_name(self.table())
                            .set_key(Some(old))
                            .build()
                            .map_err(PortError::internal)?,
                    )
                    .build(),
            )
            .transact_items(
                TransactWriteItem::builder()
                    .put(
                        Put::builder()
                            .table_name(self.table())
                            .set_item(Some(kept))
                            .build()
                            .map_err(PortError::internal)?,
                    )
                    .build(),
            )
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    /// The customer's reviews as stored, found by their purchase marks.
    async fn review_items(&self, customer: &UserId) -> Result<Vec<Item>, PortError> {
        let marks = self
            .partition(&format!("USER#{customer}"), "PURCHASED#")
            .await?;
        let mut out = Vec::new();
        for mark in &marks {
            let Some(product) = get_s(mark, "sk")?.strip_prefix("PURCHASED#") else {
                continue;
            };
            if let Some(item) = self
                .get_item(key(
                    format!("PRODUCT#{product}"),
                    &format!("REVIEW#{customer}"),
                ))
                .await?
            {
                out.push(item);
            }
        }
        Ok(out)
    }
}

fn run_from(item: &Item) -> Result<PrivacyRun, PortError> {
    Ok(PrivacyRun {
        kind: PrivacyKind::parse(get_s(item, "kind")?).ok_or_else(|| corrupt("kind"))?,
        customer_id: UserId::parse(get_s(item, "customerId")?)
            .ok_or_else(|| corrupt("customerId"))?,
        by_id: UserId::parse(get_s(item, "byId")?).ok_or_else(|| corrupt("byId"))?,
        by_role: Role::parse(get_s(item, "byRole")?).map_err(|_| corrupt("byRole"))?,
        reason: opt_s(item, "reason")
            .map(Note::parse)
            .transpose()
            .map_err(|_| corrupt("reason"))?,
        at: ts(item, "at")?,
    })
}

#[async_trait]
impl Privacy for DynamoStore {
    async fn reviews_of(&self, customer: &UserId) -> Result<Vec<Review>, PortError> {
        self.review_items(customer)
            .await?
            .iter()
            .map(super::reviews::review_from)
            .collect()
    }

    async fn close_account(&self, user: &User) -> Result<(), PortError> {
        // Only the account's own claim (the address may belong to someone else by now
        // on a repeated run).
        let claim = self
            .client()
            .await
            .delete_item()
            .table_name(self.table())
            .set_key(Some(email_key(&user.email)))
            .condition_expression("attribute_not_exists(pk) OR userId = :id")
            .expression_attribute_values(":id", s(user.id.as_str()))
            .send()
            .await;
        match claim {
            Ok(_) => {}
            Err(e) if e.as_service_error().is_some_and(is_conditional_failure) => {}
            Err(e) => return Err(sdk_error(e)),
        }
        let ended = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(user_key(&user.id)))
            .update_expression("SET erasing = :t ADD sessionVersion :one")
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_values(":t", AttributeValue::Bool(true))
            .expression_attribute_values(":one", n(1))
            .send()
            .await;
        exists_or_not_found(ended, crate::domain::Missing::Customer)
    }

    async fn imported_sales_of(&self, email: &Email) -> Result<Vec<serde_json::Value>, PortError> {
        let items = self
            .all_pages(&format!("IMPORTED#{email}"), |q| {
                q.index_name("gsi2")
                    .key_condition_expression("gsi2pk = :pk")
            })
            .await?;
        Ok(items
            .iter()
            .map(|i| {
                serde_json::json!({
                    "importId": opt_s(i, "importId"),
                    "orders": big_n(i, "orders"),
                    "revenue": big_n(i, "revenue"),
                    "lastOrderAt": opt_s(i, "lastOrderAt"),
                })
            })
            .collect())
    }

    async fn erase_records(&self, user: &User, orders: &[Order]) -> Result<Erased, PortError> {
        let mut done = Erased::default();
        for order in orders {
            let files = self
                .partition(&format!("ORDER#{}", order.id), "FILE#")
                .await?;
            done.files_deleted += self.delete_all(&files).await?;
            self.anonymise_order(order).await?;
            done.orders_anonymised += 1;
        }
        // Their quote requests: their name and the job's description go with them.
        let quotes = self
            .all_pages(&format!("CUSTOMER#{}#QUOTES", user.id), |q| {
                q.index_name("gsi1")
                    .key_condition_expression("gsi1pk = :pk")
            })
            .await?;
        done.other_records_deleted += self.delete_all(&quotes).await?;
        // Its voucher uses (the redemptions name the order only).
        let codes: std::collections::BTreeSet<_> = orders
            .iter()
            .filter_map(|o| o.voucher.as_ref().map(|v| v.code.as_str().to_owned()))
            .collect();
        let uses: Vec<Item> = codes
            .iter()
            .map(|c| key(format!("VOUCHER#{c}"), &format!("USE#{}", user.id)))
            .collect();
        done.other_records_deleted += self.delete_all(&uses).await?;
        for review in self.review_items(&user.id).await? {
            self.anonymise_review(&review).await?;
            done.reviews_anonymised += 1;
        }
        let email = user.email.as_str();
        let mut other = self.partition(&format!("POINTS#{}", user.id), "").await?;
        other.push(key(format!("STATS#CUSTOMER#{}", user.id), "STATS"));
        other.push(key(format!("TESTIMONIAL#{}", user.id), "TESTIMONIAL"));
        for counter in ["ADDR#", "RESET#ADDR#", "VERIFY#ADDR#", "CHANGE#ADDR#"] {
            other.push(key(format!("LOGINFAIL#{counter}{email}"), "LOGINFAIL"));
        }
        other.extend(self.mail_to("OUTBOX", email).await?);
        other.extend(self.mail_to("OUTBOX#DEAD", email).await?);
        // Their past orders brought in by a sales import (`imports.rs`).
        other.extend(
            self.all_pages(&format!("IMPORTED#{email}"), |q| {
                q.index_name("gsi2")
                    .key_condition_expression("gsi2pk = :pk")
            })
            .await?,
        );
        done.other_records_deleted += self.delete_all(&other).await?;
        // The account's own partition, the profile last.
        let own = self.partition(&format!("USER#{}", user.id), "").await?;
        let (profile, rest): (Vec<Item>, Vec<Item>) = own
            .into_iter()
            .partition(|i| opt_s(i, "sk") == Some("PROFILE"));
        // Their entries in the console's customer search.
        let people: Vec<Item> = profile
            .iter()
            .flat_map(super::people::people_entries)
            .collect();
        self.delete_all(&people).await?;
        for i in &rest {
            match opt_s(i, "sk").unwrap_or("") {
                sk if sk.starts_with("MSG#") => done.messages_deleted += 1,
                sk if sk.starts_with("ADDRESS#") => done.addresses_deleted += 1,
                _ => done.other_records_deleted += 1,
            }
        }
        self.delete_all(&rest).await?;
        self.delete_all(&profile).await?;
        Ok(done)
    }

    async fn record(&self, run: &PrivacyRun) -> Result<(), PortError> {
        let at = rfc3339(run.at);
        let mut item = key(RUNS.to_owned(), &format!("RUN#{at}#{}", next_ulid()));
        item.insert("type".into(), s("privacy"));
        item.insert("kind".into(), s(run.kind.as_str()));
        item.insert("customerId".into(), s(run.customer_id.as_str()));
        item.insert("byId".into(), s(run.by_id.as_str()));
        item.insert("byRole".into(), s(run.by_role.as_str()));
        if let Some(r) = &run.reason {
            item.insert("reason".into(), s(r.as_str()));
        }
        item.insert("at".into(), s(at));
        self.client()
            .await
            .put_item()
            .table_name(self.table())
            .set_item(Some(item))
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    async fn runs(&self, page: &PageRequest) -> Result<Page<PrivacyRun>, PortError> {
        let (items, next_cursor) = self.query_prefix_page(RUNS, "RUN#", page).await?;
        Ok(Page {
            items: items.iter().map(run_from).collect::<Result<_, _>>()?,
            next_cursor,
        })
    }
}
