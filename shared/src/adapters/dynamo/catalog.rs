//! DynamoDB for the catalogue.
//!
//! | item | pk | sk | gsi1 | gsi2 | gsi3 | gsi4 |
//! | --- | --- | --- | --- | --- | --- | --- |
//! | product | `PRODUCT#{id}` | `PRODUCT` | `PRODUCTS` / `{createdAt}#{id}` | `CATEGORY#{c}` / `{createdAt}#{id}` | `PRODUCTS` / `{name}#{id}` | `CATEGORY#{c}` / `{name}#{id}` |
//! | search entry (`search.rs`) | `SEARCH#{term}` | `{rank}#{productId}` | | | | |
//! | SKU claim: the product that has it | `SKU#{SKU in upper case}` | `SKU` | | | | |
//!
//! A product with a SKU is written in one transaction with its claim (conditional on the
//! claim being free or the product's own), so two products never share one; a change of
//! SKU moves the claim in the same transaction, a delete removes it.

use super::search::terms_of;
use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{
    rfc3339, search, Category, Description, MadeToOrder, Missing, Product, ProductId, ProductName,
    Refusal, Sku,
};
use crate::ports::PortError;
use crate::ports::{Catalog, Page, PageRequest, ProductSort};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{
    AttributeValue, Delete, KeysAndAttributes, Put, TransactWriteItem, Update,
};
use std::collections::HashMap;

/// What a listing shows of a product: no description, no index keys (a third of the
/// item's bytes).
const SUMMARY: &[&str] = &[
    "id",
    "sku",
    "name",
    "category",
    "price",
    "imageUrl",
    "ratingSum",
    "ratingCount",
    "createdAt",
    "updatedAt",
    "pricing",
];

fn product_item(p: &Product) -> Result<Item, PortError> {
    let mut item = product_key(&p.id);
    let created = rfc3339(p.created_at);
    item.insert("type".into(), s("product"));
    item.insert("id".into(), s(p.id.as_str()));
    if let Some(sku) = &p.sku {
        item.insert("sku".into(), s(sku.as_str()));
    }
    item.insert("name".into(), s(p.name.as_str()));
    item.insert("category".into(), s(p.category.as_str()));
    item.insert("price".into(), n(p.price));
    item.insert("description".into(), s(p.description.as_str()));
    if let Some(url) = &p.image_url {
        item.insert("imageUrl".into(), s(url));
    }
    if !p.pricing.is_empty() {
        item.insert("pricing".into(), json(&p.pricing)?);
    }
    if !p.gallery.is_empty() {
        item.insert(
            "gallery".into(),
            AttributeValue::L(p.gallery.iter().map(s).collect()),
        );
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

/// The catalogue's version: moved on by every change the catalogue PDF shows (products,
/// their pictures, the shop's name, contact lines and category names), so the PDF
/// made for a version stays valid until the next change.
fn catalogue_key() -> Item {
    key("CATALOGUE".to_owned(), "VERSION")
}

impl DynamoStore {
    /// Moves the catalogue's version on (a failure is logged: the PDF is then made again
    /// only after the next change).
    pub(crate) async fn catalogue_changed(&self) {
        let result = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(catalogue_key()))
            .update_expression("ADD version :one")
            .expression_attribute_values(":one", n(1))
            .send()
            .await;
        if let Err(e) = result {
            tracing::error!(error = %sdk_error(e), "catalogue version not moved on");
        }
    }
}

fn claim_key(sku_key: &str) -> Item {
    key(format!("SKU#{sku_key}"), "SKU")
}

/// The claim of `sku` by product `id`: put if free or already the product's own.
fn claim_put(table: &str, sku: &Sku, id: &ProductId) -> Result<TransactWriteItem, PortError> {
    let mut item = claim_key(&sku.key());
    item.insert("sku".into(), s(sku.as_str()));
    item.insert("productId".into(), s(id.as_str()));
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(item))
        .condition_expression("attribute_not_exists(pk) OR productId = :id")
        .expression_attribute_values(":id", s(id.as_str()))
        .build()
        .map_err(PortError::internal)?;
    Ok(TransactWriteItem::builder().put(put).build())
}

fn claim_delete(table: &str, sku: &str, id: &ProductId) -> Result<TransactWriteItem, PortError> {
    let delete = Delete::builder()
        .table_name(table)
        .set_key(Some(claim_key(&sku.to_ascii_uppercase())))
        .condition_expression("attribute_not_exists(pk) OR productId = :id")
        .expression_attribute_values(":id", s(id.as_str()))
        .build()
        .map_err(PortError::internal)?;
    Ok(TransactWriteItem::builder().delete(delete).build())
}

/// The product's own write (operation 0) and its claims, in one transaction: a lost
/// condition on a claim is `SkuTaken`, on the product `ProductChanged`.
async fn transact(
    store: &DynamoStore,
    writes: Vec<TransactWriteItem>,
    sku: Option<&Sku>,
) -> Result<(), PortError> {
    let sent = store
        .client()
        .await
        .transact_write_items()
        .set_transact_items(Some(writes))
        .send()
        .await;
    match sent {
        Ok(_) => Ok(()),
        Err(e) => match cancellation_codes(&e) {
            Some(codes) if lost(&codes, 0) => Err(Refusal::ProductChanged.into()),
            Some(codes) if (1..codes.len()).any(|i| lost(&codes, i)) => Err(Refusal::SkuTaken(
                sku.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            )
            .into()),
            _ => Err(sdk_error(e)),
        },
    }
}

/// A name as it sorts for people: case-insensitive (the id after it breaks ties).
fn name_key(name: &str) -> String {
    name.to_lowercase()
}

pub(crate) fn product_from(item: &Item) -> Result<Product, PortError> {
    Ok(Product {
        id: ProductId::parse(get_s(item, "id")?).ok_or_else(|| corrupt("id"))?,
        sku: opt_s(item, "sku").and_then(|v| Sku::parse(v).ok()),
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
        pricing: match item.get("pricing") {
            Some(_) => from_json(item, "pricing")?,
            None => MadeToOrder::default(),
        },
        gallery: match item.get("gallery") {
            Some(AttributeValue::L(l)) => l.iter().filter_map(|v| v.as_s().ok().cloned()).collect(),
            _ => Vec::new(),
        },
    })
}

#[async_trait]
impl Catalog for DynamoStore {
    async fn list(
        &self,
        category: Option<&Category>,
        sort: ProductSort,
        page: &PageRequest,
    ) -> Result<Page<Product>, PortError> {
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
            .query_index_projected(index, &partition, forward, page, SUMMARY)
            .await?;
        Ok(Page {
            items: items.iter().map(product_from).collect::<Result<_, _>>()?,
            next_cursor,
        })
    }

    async fn get(&self, id: &ProductId) -> Result<Option<Product>, PortError> {
        self.get_item(product_key(id))
            .await?
            .as_ref()
            .map(product_from)
            .transpose()
    }

    async fn get_many(&self, ids: &[ProductId]) -> Result<Vec<Product>, PortError> {
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
            .map_err(PortError::internal)?;
        let mut request = HashMap::from([(self.table().to_owned(), keys)]);
        let mut found = Vec::new();
        // Unprocessed keys (throttling) are retried a bounded number of times.
        for _ in 0..3 {
            let out = self
                .client()
                .await
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
        Err(PortError::unavailable("products could not all be read"))
    }

    async fn create(&self, product: &Product) -> Result<(), PortError> {
        let item = product_item(product)?;
        match &product.sku {
            None => {
                self.client()
                    .await
                    .put_item()
                    .table_name(self.table())
                    .set_item(Some(item))
                    .condition_expression("attribute_not_exists(pk)")
                    .send()
                    .await
                    .map_err(sdk_error)?;
            }
            Some(sku) => {
                let put = Put::builder()
                    .table_name(self.table())
                    .set_item(Some(item))
                    .condition_expression("attribute_not_exists(pk)")
                    .build()
                    .map_err(PortError::internal)?;
                let writes = vec![
                    TransactWriteItem::builder().put(put).build(),
                    claim_put(self.table(), sku, &product.id)?,
                ];
                transact(self, writes, Some(sku)).await?;
            }
        }
        self.reindex_or_log(&product.id, &Default::default(), &search::terms(product))
            .await;
        self.catalogue_changed().await;
        Ok(())
    }

    async fn update(&self, product: &Product) -> Result<(), PortError> {
        let stored = self
            .indexed(&product.id)
            .await?
            .ok_or(Refusal::NotFound(Missing::Product))?;
        let before = terms_of(Some(&stored));
        let old_sku = opt_s(&stored, "sku").map(str::to_owned);
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
        let mut names = HashMap::new();
        let mut values: HashMap<String, AttributeValue> = HashMap::new();
        for (i, field) in editable.iter().enumerate() {
            if let Some(v) = item.get(*field) {
                sets.push(format!("#f{i} = :v{i}"));
                names.insert(format!("#f{i}"), (*field).to_owned());
                values.insert(format!(":v{i}"), v.clone());
            }
        }
        let mut removes = Vec::new();
        // The main picture only when this change sets it, on the one it replaces (the
        // pictures have writes of their own: `pictures.rs`).
        let old_image = opt_s(&stored, "imageUrl").map(str::to_owned);
        let mut guard = "";
        if product.image_url != old_image {
            match &product.image_url {
                Some(url) => {
                    sets.push("imageUrl = :image".to_owned());
                    values.insert(":image".into(), s(url));
                }
                None => removes.push("imageUrl"),
            }
            guard = match &old_image {
                Some(old) => {
                    values.insert(":oldImage".into(), s(old));
                    " AND imageUrl = :oldImage"
                }
                None => " AND attribute_not_exists(imageUrl)",
            };
        }
        match item.get("pricing") {
            Some(v) => {
                sets.push("pricing = :pricing".to_owned());
                values.insert(":pricing".into(), v.clone());
            }
            None => removes.push("pricing"),
        }
        let new_sku = product.sku.as_ref().map(|s| s.as_str().to_owned());
        let sku_changes = old_sku != new_sku;
        if sku_changes {
            match &product.sku {
                Some(sku) => {
                    sets.push("sku = :sku".to_owned());
                    values.insert(":sku".into(), s(sku.as_str()));
                }
                None => removes.push("sku"),
            }
        }
        let mut expression = format!("SET {}", sets.join(", "));
        if !removes.is_empty() {
            expression.push_str(&format!(" REMOVE {}", removes.join(", ")));
        }
        if !sku_changes {
            let result = self
                .client()
                .await
                .update_item()
                .table_name(self.table())
                .set_key(Some(product_key(&product.id)))
                .condition_expression(format!("attribute_exists(pk){guard}"))
                .update_expression(expression)
                .set_expression_attribute_names(Some(names))
                .set_expression_attribute_values(Some(values))
                .send()
                .await;
            self.changed_or_not_found(
                result,
                product_key(&product.id),
                Refusal::ProductChanged,
                Missing::Product,
            )
            .await?;
        } else {
            // The SKU moves: the product as read (its SKU unchanged meanwhile), the new
            // claim and the old one's release in one transaction.
            let condition = match &old_sku {
                Some(old) => {
                    values.insert(":oldSku".into(), s(old));
                    format!("attribute_exists(pk) AND sku = :oldSku{guard}")
                }
                None => format!("attribute_exists(pk) AND attribute_not_exists(sku){guard}"),
            };
            let update = Update::builder()
                .table_name(self.table())
                .set_key(Some(product_key(&product.id)))
                .condition_expression(condition)
                .update_expression(expression)
                .set_expression_attribute_names(Some(names))
                .set_expression_attribute_values(Some(values))
                .build()
                .map_err(PortError::internal)?;
            let mut writes = vec![TransactWriteItem::builder().update(update).build()];
            let same_claim = match (&old_sku, &product.sku) {
                (Some(old), Some(new)) => old.to_ascii_uppercase() == new.key(),
                _ => false,
            };
            if let Some(sku) = &product.sku {
                writes.push(claim_put(self.table(), sku, &product.id)?);
            }
            if let (Some(old), false) = (&old_sku, same_claim) {
                writes.push(claim_delete(self.table(), old, &product.id)?);
            }
            transact(self, writes, product.sku.as_ref()).await?;
        }
        self.reindex_or_log(&product.id, &before, &search::terms(product))
            .await;
        self.catalogue_changed().await;
        Ok(())
    }

    async fn delete(&self, id: &ProductId) -> Result<(), PortError> {
        let stored = self
            .indexed(id)
            .await?
            .ok_or(Refusal::NotFound(Missing::Product))?;
        let before = terms_of(Some(&stored));
        match opt_s(&stored, "sku") {
            None => {
                let result = self
                    .client()
                    .await
                    .delete_item()
                    .table_name(self.table())
                    .set_key(Some(product_key(id)))
                    .condition_expression("attribute_exists(pk) AND attribute_not_exists(sku)")
                    .send()
                    .await;
                exists_or_not_found(result, Missing::Product)?;
            }
            Some(sku) => {
                let delete = Delete::builder()
                    .table_name(self.table())
                    .set_key(Some(product_key(id)))
                    .condition_expression("sku = :sku")
                    .expression_attribute_values(":sku", s(sku))
                    .build()
                    .map_err(PortError::internal)?;
                let writes = vec![
                    TransactWriteItem::builder().delete(delete).build(),
                    claim_delete(self.table(), sku, id)?,
                ];
                transact(self, writes, None).await?;
            }
        }
        self.reindex_or_log(id, &before, &Default::default()).await;
        self.catalogue_changed().await;
        Ok(())
    }

    async fn catalogue_version(&self) -> Result<u64, PortError> {
        let item = self.get_item(catalogue_key()).await?;
        Ok(item.map_or(0, |i| big_n(&i, "version").max(0) as u64))
    }

    async fn add_picture(&self, id: &ProductId, url: &str) -> Result<Product, PortError> {
        self.append_picture(id, url).await
    }

    async fn set_pictures(&self, before: &Product, after: &Product) -> Result<(), PortError> {
        self.store_pictures(before, after).await
    }

    async fn search(&self, term: &str, page: &PageRequest) -> Result<Page<ProductId>, PortError> {
        self.search_term(term, page).await
    }
}
