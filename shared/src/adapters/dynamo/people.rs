//! The console's customer search (`toko::domain::search::person_terms`): one item per
//! term and customer, `pk = PEOPLE#{term}`, `sk = {userId}`; a search reads one
//! partition (the query's longest word) with one Query. The profile keeps its terms
//! (`peopleTerms`), so a change writes only the difference.
//!
//! Cost: a customer has about 20 terms (prefixes of the words of their name and
//! address): one or two `BatchWriteItem` calls at registration, the difference when the
//! name or the address changes, all of them deleted on erasure. The index is refreshed
//! after the profile's own write and a failure there does not fail it (logged; the next
//! change or `toko search-index` completes it). Staff accounts are not indexed.

use super::store::*;
use crate::aws::sdk_error;
use crate::domain::search::person_terms;
use crate::domain::UserId;
use crate::ports::{Page, PageRequest, PortError};
use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, PutRequest, WriteRequest};
use std::collections::BTreeSet;

fn entry(term: &str, id: &str) -> Item {
    key(format!("PEOPLE#{term}"), id)
}

/// The terms a stored profile was last indexed under.
pub(crate) fn people_terms_of(profile: &Item) -> BTreeSet<String> {
    match profile.get("peopleTerms") {
        Some(AttributeValue::L(list)) => {
            list.iter().filter_map(|v| v.as_s().ok().cloned()).collect()
        }
        _ => BTreeSet::new(),
    }
}

/// The index entries a profile may have (erasure deletes them): the terms it records,
/// and those of its name and address now (in case a refresh stopped part-way).
pub(crate) fn people_entries(profile: &Item) -> Vec<Item> {
    let id = opt_s(profile, "id").unwrap_or("");
    let mut terms = people_terms_of(profile);
    terms.extend(person_terms(
        opt_s(profile, "name").unwrap_or(""),
        opt_s(profile, "email").unwrap_or(""),
    ));
    terms.iter().map(|t| entry(t, id)).collect()
}

impl DynamoStore {
    /// Brings a customer's index entries in line with their profile as stored.
    pub(crate) async fn refresh_person(&self, id: &UserId) -> Result<(), PortError> {
        self.refresh_person_terms(id, false).await
    }

    /// `all`: every current term written again (after a race with another refresh).
    async fn refresh_person_terms(&self, id: &UserId, all: bool) -> Result<(), PortError> {
        let Some(profile) = self.get_item(user_key(id)).await? else {
            return Ok(());
        };
        if opt_s(&profile, "role") != Some("customer") {
            return Ok(());
        }
        let before = people_terms_of(&profile);
        let after = person_terms(
            opt_s(&profile, "name").unwrap_or(""),
            opt_s(&profile, "email").unwrap_or(""),
        );
        if before == after && !all {
            return Ok(());
        }
        let added: BTreeSet<String> = if all {
            after.clone()
        } else {
            after.difference(&before).cloned().collect()
        };
        let mut writes = Vec::new();
        for term in &added {
            let mut item = entry(term, id.as_str());
            item.insert("userId".into(), s(id.as_str()));
            let put = PutRequest::builder()
                .set_item(Some(item))
                .build()
                .map_err(PortError::internal)?;
            writes.push(WriteRequest::builder().put_request(put).build());
        }
        for term in before.difference(&after) {
            let delete = DeleteRequest::builder()
                .set_key(Some(entry(term, id.as_str())))
                .build()
                .map_err(PortError::internal)?;
            writes.push(WriteRequest::builder().delete_request(delete).build());
        }
        self.batch_write(writes, "the customer index was not all written")
            .await?;
        let list = after.iter().map(s).collect();
        let done = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(user_key(id)))
            .update_expression("SET peopleTerms = :terms")
            // Only if the name and address are still those indexed: else a newer change
            // refreshes it (and its terms stay listed for erasure).
            .condition_expression("#name = :name AND email = :email")
            .expression_attribute_names("#name", "name")
            .expression_attribute_values(":name", s(opt_s(&profile, "name").unwrap_or("")))
            .expression_attribute_values(":email", s(opt_s(&profile, "email").unwrap_or("")))
            .expression_attribute_values(":terms", AttributeValue::L(list))
            .send()
            .await;
        match done {
            Ok(_) => Ok(()),
            Err(e) if e.as_service_error().is_some_and(is_conditional_failure) => {
                // Changed meanwhile by another request, which indexes the new name: take
                // back what this one put, then write every current term again (what was
                // taken back may be among them).
                let undo = added
                    .iter()
                    .map(|t| {
                        let d = DeleteRequest::builder()
                            .set_key(Some(entry(t, id.as_str())))
                            .build()
                            .map_err(PortError::internal)?;
                        Ok(WriteRequest::builder().delete_request(d).build())
                    })
                    .collect::<Result<Vec<_>, PortError>>()?;
                self.batch_write(undo, "the customer index was not all written")
                    .await?;
                Box::pin(self.refresh_person_terms(id, true)).await
            }
            Err(e) => Err(sdk_error(e)),
        }
    }

    /// [`refresh_person`](Self::refresh_person), a failure logged (the change it
    /// follows stands).
    pub(crate) async fn refresh_person_or_log(&self, id: &UserId) {
        if let Err(e) = self.refresh_person(id).await {
            tracing::error!(user_id = %id, error = %e, "customer search index not written; the next change or `toko search-index` completes it");
        }
    }

    /// The customers indexed under one term, a page at a time.
    pub async fn people(&self, term: &str, page: &PageRequest) -> Result<Page<UserId>, PortError> {
        let pk = format!("PEOPLE#{term}");
        let (items, next_cursor) = self.query_page(&PageQuery::table(&pk), page).await?;
        Ok(Page {
            items: items
                .iter()
                .filter_map(|i| opt_s(i, "sk").and_then(UserId::parse))
                .collect(),
            next_cursor,
        })
    }
}
