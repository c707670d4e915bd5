//! Imported past sales (`toko::domain::sales_import`).
//!
//! | item | pk | sk | indexes |
//! | --- | --- | --- | --- |
//! | an import | `IMPORT#{id}` | `IMPORT` | gsi1 `IMPORTS` / `{at}#{id}` (newest first) |
//! | a month's imported figures | `STATS#IMPORTED` | `MONTH#{yyyy-mm}` | |
//! | a customer's imported orders | `STATS#IMPORT#{id}` | `CUSTOMER#{email}` | gsi1 `TOPCUSTOMERS` / `{spend}#{id}#{email}`, gsi2 `IMPORTED#{email}` / `{id}` |
//!
//! A month item belongs to one import (`importId`): its put is conditional on that, so
//! two files never count one month twice. The import and its months are written in one
//! transaction (at most [`MAX_IMPORT_MONTHS`] + 1 items); customers follow in batches and
//! the import turns `applied` last. Readers count only applied imports, so a half-written
//! one is never seen; writing the same file again completes it. The dashboard reads the
//! imported months with one Query beside the live ones; imported customers share the
//! best-customers index with live ones (merged by e-mail when read); erasure finds a
//! person's imported entries by e-mail on gsi2.

use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{
    parse_rfc3339, rfc3339, ImportState, ImportedMonth, Refusal, SalesFile, SalesForm, SalesImport,
    MAX_IMPORT_MONTHS,
};
use crate::ports::{PortError, SalesImports};
use aws_sdk_dynamodb::types::{
    AttributeValue, Delete, DeleteRequest, Put, PutRequest, TransactWriteItem, Update, WriteRequest,
};
use std::collections::{BTreeMap, BTreeSet};
use time::OffsetDateTime;

const MONTHS: &str = "STATS#IMPORTED";

fn import_key(id: &str) -> Item {
    key(format!("IMPORT#{id}"), "IMPORT")
}

fn month_key(month: &str) -> Item {
    key(MONTHS.to_owned(), &format!("MONTH#{month}"))
}

fn import_item(i: &SalesImport) -> Item {
    let mut item = import_key(&i.id);
    item.insert("type".into(), s("sales_import"));
    item.insert("importId".into(), s(&i.id));
    item.insert("form".into(), s(i.form.as_str()));
    item.insert("fileName".into(), s(&i.file_name));
    item.insert("rows".into(), n(i.rows));
    item.insert(
        "months".into(),
        AttributeValue::L(i.months.iter().map(s).collect()),
    );
    item.insert("customers".into(), n(i.customers));
    item.insert("units".into(), n(i.units));
    item.insert("revenue".into(), n(i.revenue));
    item.insert("state".into(), s(i.state.as_str()));
    item.insert("by".into(), s(&i.by));
    item.insert("at".into(), s(rfc3339(i.at)));
    item.insert("gsi1pk".into(), s("IMPORTS"));
    item.insert("gsi1sk".into(), s(format!("{}#{}", rfc3339(i.at), i.id)));
    item
}

fn import_from(item: &Item) -> Result<SalesImport, PortError> {
    let months = match item.get("months") {
        Some(AttributeValue::L(l)) => l.iter().filter_map(|v| v.as_s().ok().cloned()).collect(),
        _ => Vec::new(),
    };
    Ok(SalesImport {
        id: get_s(item, "importId")?.to_owned(),
        form: SalesForm::parse(get_s(item, "form")?).ok_or_else(|| corrupt("import form"))?,
        file_name: opt_s(item, "fileName").unwrap_or("").to_owned(),
        rows: big_n(item, "rows").max(0) as usize,
        months,
        customers: big_n(item, "customers").max(0) as usize,
        units: big_n(item, "units"),
        revenue: big_n(item, "revenue"),
        state: ImportState::parse(get_s(item, "state")?).ok_or_else(|| corrupt("import state"))?,
        by: opt_s(item, "by").unwrap_or("").to_owned(),
        at: ts(item, "at")?,
        undone_at: opt_s(item, "undoneAt").and_then(parse_rfc3339),
    })
}

fn month_item(id: &str, m: &ImportedMonth) -> Result<Item, PortError> {
    let mut item = month_key(&m.month);
    item.insert("importId".into(), s(id));
    item.insert("month".into(), s(&m.month));
    item.insert("orders".into(), n(m.orders));
    item.insert("units".into(), n(m.units));
    item.insert("revenue".into(), n(m.revenue));
    item.insert("categories".into(), json(&m.categories)?);
    Ok(item)
}

fn month_from(item: &Item) -> Result<(String, ImportedMonth), PortError> {
    let categories: BTreeMap<String, (i64, i64)> = from_json(item, "categories")?;
    Ok((
        get_s(item, "importId")?.to_owned(),
        ImportedMonth {
            month: get_s(item, "month")?.to_owned(),
            orders: big_n(item, "orders"),
            units: big_n(item, "units"),
            revenue: big_n(item, "revenue"),
            categories,
        },
    ))
}

impl DynamoStore {
    async fn months_between(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<(String, ImportedMonth)>, PortError> {
        let (from, to) = (format!("MONTH#{from}"), format!("MONTH#{to}"));
        self.all_pages(MONTHS, |q| {
            q.key_condition_expression("pk = :pk AND sk BETWEEN :from AND :to")
                .expression_attribute_values(":from", s(&from))
                .expression_attribute_values(":to", s(&to))
        })
        .await?
        .iter()
        .map(month_from)
        .collect()
    }

    /// The keys of an import's customer entries.
    async fn import_customers(&self, id: &str) -> Result<Vec<Item>, PortError> {
        self.all_pages(&format!("STATS#IMPORT#{id}"), |q| {
            q.key_condition_expression("pk = :pk")
                .projection_expression("pk, sk")
        })
        .await
    }

    fn customer_writes(
        import: &SalesImport,
        file: &SalesFile,
    ) -> Result<Vec<WriteRequest>, PortError> {
        file.customers
            .iter()
            .map(|c| {
                let mut item = key(
                    format!("STATS#IMPORT#{}", import.id),
                    &format!("CUSTOMER#{}", c.email),
                );
                let last = c.last_day.midnight().assume_utc();
                item.insert("importId".into(), s(&import.id));
                item.insert("email".into(), s(&c.email));
                item.insert("orders".into(), n(c.orders));
                item.insert("revenue".into(), n(c.revenue));
                item.insert("lastOrderAt".into(), s(rfc3339(last)));
                item.insert("gsi1pk".into(), s("TOPCUSTOMERS"));
                item.insert(
                    "gsi1sk".into(),
                    s(format!(
                        "{:020}#{}#{}",
                        c.revenue.max(0),
                        import.id,
                        c.email
                    )),
                );
                item.insert("gsi2pk".into(), s(format!("IMPORTED#{}", c.email)));
                item.insert("gsi2sk".into(), s(&import.id));
                let put = PutRequest::builder()
                    .set_item(Some(item))
                    .build()
                    .map_err(PortError::internal)?;
                Ok(WriteRequest::builder().put_request(put).build())
            })
            .collect()
    }
}

#[async_trait::async_trait]
impl SalesImports for DynamoStore {
    async fn get(&self, id: &str) -> Result<Option<SalesImport>, PortError> {
        self.get_item(import_key(id))
            .await?
            .as_ref()
            .map(import_from)
            .transpose()
    }

    async fn list(&self, limit: i32) -> Result<Vec<SalesImport>, PortError> {
        let page = crate::ports::PageRequest {
            limit: limit.max(1) as u32,
            cursor: None,
        };
        let (items, _) = self
            .query_index_page("gsi1", "IMPORTS", false, &page)
            .await?;
        items.iter().map(import_from).collect()
    }

    async fn months_taken(
        &self,
        months: &[String],
        except: &str,
    ) -> Result<Vec<(String, String)>, PortError> {
        let (Some(first), Some(last)) = (months.iter().min(), months.iter().max()) else {
            return Ok(Vec::new());
        };
        let wanted: BTreeSet<&String> = months.iter().collect();
        Ok(self
            .months_between(first, last)
            .await?
            .into_iter()
            .filter(|(id, m)| id != except && wanted.contains(&m.month))
            .map(|(id, m)| (m.month, id))
            .collect())
    }

    async fn apply(&self, import: &SalesImport, file: &SalesFile) -> Result<(), PortError> {
        if file.months.len() > MAX_IMPORT_MONTHS {
            return Err(PortError::internal("too many months for one transaction"));
        }
        let mut writes = Vec::with_capacity(file.months.len() + 1);
        let record = Put::builder()
            .table_name(self.table())
            .set_item(Some(import_item(import)))
            .condition_expression("attribute_not_exists(pk) OR #state <> :applied")
            .expression_attribute_names("#state", "state")
            .expression_attribute_values(":applied", s(ImportState::Applied.as_str()))
            .build()
            .map_err(PortError::internal)?;
        writes.push(TransactWriteItem::builder().put(record).build());
        for m in &file.months {
            let put = Put::builder()
                .table_name(self.table())
                .set_item(Some(month_item(&import.id, m)?))
                .condition_expression("attribute_not_exists(pk) OR importId = :id")
                .expression_attribute_values(":id", s(&import.id))
                .build()
                .map_err(PortError::internal)?;
            writes.push(TransactWriteItem::builder().put(put).build());
        }
        let sent = self
            .client()
            .await
            .transact_write_items()
            .set_transact_items(Some(writes))
            .send()
            .await;
        if let Err(e) = sent {
            let Some(codes) = cancellation_codes(&e) else {
                return Err(sdk_error(e));
            };
            match codes.first().map(String::as_str) {
                // The same file, applied meanwhile by a twin request: nothing to do.
                Some("ConditionalCheckFailed") => return Ok(()),
                // A twin's write in flight: it may not commit; the caller may retry.
                Some("TransactionConflict") => {
                    return Err(PortError::unavailable(
                        "the import is being written by another request",
                    ))
                }
                _ => {}
            }
            let taken: Vec<String> = file
                .months
                .iter()
                .enumerate()
                .filter(|(i, _)| lost(&codes, i + 1))
                .map(|(_, m)| m.month.clone())
                .collect();
            if taken.is_empty() {
                return Err(sdk_error(e));
            }
            return Err(Refusal::MonthsAlreadyImported(taken).into());
        }
        self.batch_write(
            Self::customer_writes(import, file)?,
            "the imported customers were not all written",
        )
        .await?;
        let done = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(import_key(&import.id)))
            .update_expression("SET #state = :applied")
            .condition_expression("#state = :applying")
            .expression_attribute_names("#state", "state")
            .expression_attribute_values(":applied", s(ImportState::Applied.as_str()))
            .expression_attribute_values(":applying", s(ImportState::Applying.as_str()))
            .send()
            .await;
        match done {
            Ok(_) => Ok(()),
            // Applied by a twin request in the meantime.
            Err(e) if e.as_service_error().is_some_and(is_conditional_failure) => Ok(()),
            Err(e) => Err(sdk_error(e)),
        }
    }

    async fn undo(&self, id: &str, at: OffsetDateTime) -> Result<SalesImport, PortError> {
        let Some(mut import) = self.get(id).await? else {
            return Err(Refusal::NotFound(crate::domain::Missing::Import).into());
        };
        // An import left `applying` (a request that stopped part-way) can be undone too.
        if import.state == ImportState::Undone {
            return Err(Refusal::ImportNotApplied.into());
        }
        let mut writes = Vec::with_capacity(import.months.len() + 1);
        let record = Update::builder()
            .table_name(self.table())
            .set_key(Some(import_key(id)))
            .update_expression("SET #state = :undone, undoneAt = :at")
            .condition_expression("#state = :seen")
            .expression_attribute_names("#state", "state")
            .expression_attribute_values(":undone", s(ImportState::Undone.as_str()))
            .expression_attribute_values(":seen", s(import.state.as_str()))
            .expression_attribute_values(":at", s(rfc3339(at)))
            .build()
            .map_err(PortError::internal)?;
        writes.push(TransactWriteItem::builder().update(record).build());
        for month in &import.months {
            let delete = Delete::builder()
                .table_name(self.table())
                .set_key(Some(month_key(month)))
                .condition_expression("importId = :id")
                .expression_attribute_values(":id", s(id))
                .build()
                .map_err(PortError::internal)?;
            writes.push(TransactWriteItem::builder().delete(delete).build());
        }
        let sent = self
            .client()
            .await
            .transact_write_items()
            .set_transact_items(Some(writes))
            .send()
            .await;
        if let Err(e) = sent {
            return Err(match cancellation_codes(&e) {
                Some(codes) if lost(&codes, 0) => Refusal::ImportNotApplied.into(),
                _ => sdk_error(e),
            });
        }
        let deletes = self
            .import_customers(id)
            .await?
            .into_iter()
            .map(|k| {
                let d = DeleteRequest::builder()
                    .set_key(Some(k))
                    .build()
                    .map_err(PortError::internal)?;
                Ok(WriteRequest::builder().delete_request(d).build())
            })
            .collect::<Result<Vec<_>, PortError>>()?;
        // Undone already: customers left by a failure here are not counted.
        self.batch_write(deletes, "the imported customers were not all deleted")
            .await?;
        import.state = ImportState::Undone;
        import.undone_at = Some(at);
        Ok(import)
    }

    async fn imported_months(&self, from: &str, to: &str) -> Result<Vec<ImportedMonth>, PortError> {
        let (months, applied) = tokio::join!(self.months_between(from, to), self.applied());
        let applied = applied?;
        Ok(months?
            .into_iter()
            .filter(|(id, _)| applied.contains(id))
            .map(|(_, m)| m)
            .collect())
    }

    async fn applied(&self) -> Result<BTreeSet<String>, PortError> {
        let mut ids = BTreeSet::new();
        let mut page = crate::ports::PageRequest {
            limit: 100,
            cursor: None,
        };
        loop {
            let (items, next) = self
                .query_index_projected("gsi1", "IMPORTS", false, &page, &["importId", "state"])
                .await?;
            for item in &items {
                if opt_s(item, "state") == Some(ImportState::Applied.as_str()) {
                    ids.insert(get_s(item, "importId")?.to_owned());
                }
            }
            match next {
                Some(c) => page.cursor = Some(c),
                None => return Ok(ids),
            }
        }
    }
}
