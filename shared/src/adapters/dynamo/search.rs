//! The product search index (`toko::domain::search`): one item per term and product,
//! `pk = SEARCH#{term}`, `sk = {rank}#{productId}` — a search reads one partition with
//! one Query, name matches first. The product item keeps its terms (`searchTerms`, a list
//! of `{rank}:{term}`) so an edit writes only the difference.
//!
//! Cost per product write: a product of a three-word name and a 30-word description has
//! about 20 name/category prefixes and 30 description words, about 50 index items: two
//! or three `BatchWriteItem` calls when it is created, only the changed terms when it is
//! edited (a price change: none), all of them again when it is deleted. The index is
//! written after the product, and a failure there does not fail the save (the product is
//! stored; answering 5xx would make an admin's retry of a create add a second product): it
//! is logged, and the terms on the product, set last, still name the old index, so the
//! next save or `toko search-index` writes what is missing. Entries a failed delete left
//! behind name no product and are dropped from answers (the products are read).

use super::store::*;
use crate::aws::sdk_error;
use crate::domain::search::{entry_key, Rank};
use crate::domain::ProductId;
use crate::ports::{Page, PageRequest, PortError};
use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, PutRequest, WriteRequest};
use std::collections::BTreeSet;

pub(crate) type Terms = BTreeSet<(String, Rank)>;

fn rank_of(raw: &str) -> Option<(String, Rank)> {
    let (rank, term) = raw.split_once(':')?;
    let rank = match rank {
        "0" => Rank::Name,
        "1" => Rank::Description,
        _ => return None,
    };
    Some((term.to_owned(), rank))
}

fn entry(term: &str, rank: Rank, product: &ProductId) -> Item {
    key(format!("SEARCH#{term}"), &entry_key(rank, product))
}

/// The terms a stored product was last indexed under (empty for one never indexed).
pub(crate) fn terms_of(item: Option<&Item>) -> Terms {
    item.and_then(|i| i.get("searchTerms"))
        .and_then(|v| v.as_l().ok())
        .map(|list| {
            list.iter()
                .filter_map(|v| v.as_s().ok().and_then(|s| rank_of(s)))
                .collect()
        })
        .unwrap_or_default()
}

impl DynamoStore {
    /// What a write of the product must know of the stored one: the terms it was last
    /// indexed under, its SKU and main picture (`None`: no such product).
    pub(crate) async fn indexed(&self, id: &ProductId) -> Result<Option<Item>, PortError> {
        let out = self
            .client()
            .await
            .get_item()
            .table_name(self.table())
            .set_key(Some(product_key(id)))
            .projection_expression("searchTerms, sku, imageUrl")
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(out.item)
    }

    /// Moves a product's index from `before` to `after`: puts what is new, deletes what
    /// went; then records `after` on the product (unless it was deleted: `after` empty).
    pub(crate) async fn reindex(
        &self,
        id: &ProductId,
        before: &Terms,
        after: &Terms,
    ) -> Result<(), PortError> {
        let mut writes: Vec<WriteRequest> = Vec::new();
        for (term, rank) in after.difference(before) {
            let mut item = entry(term, *rank, id);
            item.insert("productId".into(), s(id.as_str()));
            let put = PutRequest::builder()
                .set_item(Some(item))
                .build()
                .map_err(PortError::internal)?;
            writes.push(WriteRequest::builder().put_request(put).build());
        }
        for (term, rank) in before.difference(after) {
            let delete = DeleteRequest::builder()
                .set_key(Some(entry(term, *rank, id)))
                .build()
                .map_err(PortError::internal)?;
            writes.push(WriteRequest::builder().delete_request(delete).build());
        }
        self.batch_write(writes, "the search index was not all written")
            .await?;
        if after.is_empty() {
            return Ok(());
        }
        let list: Vec<AttributeValue> = after
            .iter()
            .map(|(term, rank)| s(format!("{}:{term}", *rank as u8)))
            .collect();
        self.client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(product_key(id)))
            .update_expression("SET searchTerms = :terms")
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_values(":terms", AttributeValue::L(list))
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    /// [`reindex`](Self::reindex), with a failure logged rather than returned.
    pub(crate) async fn reindex_or_log(&self, id: &ProductId, before: &Terms, after: &Terms) {
        if let Err(e) = self.reindex(id, before, after).await {
            tracing::error!(product_id = %id, error = %e, "search index not written; the next save or `toko search-index` completes it");
        }
    }

    /// One page of the products indexed under `term`, name matches first.
    pub(crate) async fn search_term(
        &self,
        term: &str,
        page: &PageRequest,
    ) -> Result<Page<ProductId>, PortError> {
        let pk = format!("SEARCH#{term}");
        let (items, next_cursor) = self.query_page(&PageQuery::table(&pk), page).await?;
        let mut ids: Vec<ProductId> = Vec::new();
        for item in &items {
            if let Some(id) = opt_s(item, "productId").and_then(ProductId::parse) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        Ok(Page {
            items: ids,
            next_cursor,
        })
    }
}
