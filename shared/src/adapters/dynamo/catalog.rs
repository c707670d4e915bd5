//! DynamoDB for the catalogue.
//!
//! | item | pk | sk | gsi1 | gsi2 | gsi3 | gsi4 |
//! | --- | --- | --- | --- | --- | --- | --- |
//! | product | `PRODUCT#{id}` | `PRODUCT` | `PRODUCTS` / `{createdAt}#{id}` | `CATEGORY#{c}` / `{createdAt}#{id}` | `PRODUCTS` / `{name}#{id}` | `CATEGORY#{c}` / `{name}#{id}` |
//! | search entry (`search.rs`) | `SEARCH#{term}` | `{rank}#{productId}` | | | | |

use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{
    rfc3339, search, Category, Description, MadeToOrder, Missing, Product, ProductId, ProductName,
};
use crate::ports::PortError;
use crate::ports::{Catalog, Page, PageRequest, ProductSort};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::KeysAndAttributes;
use std::collections::HashMap;

/// What a listing shows of a product: no description, no index keys (a third of the
/// item's bytes).
const SUMMARY: &[&str] = &[
    "id",
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

fn product_from(item: &Item) -> Result<Product, PortError> {
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
        pricing: match item.get("pricing") {
            Some(_) => from_json(item, "pricing")?,
            None => MadeToOrder::default(),
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
        self.client()
            .await
            .put_item()
            .table_name(self.table())
            .set_item(Some(product_item(product)?))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await
            .map_err(sdk_error)?;
        self.reindex_or_log(&product.id, &Default::default(), &search::terms(product))
            .await;
        Ok(())
    }

    async fn update(&self, product: &Product) -> Result<(), PortError> {
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
            .await
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
        let mut removes = Vec::new();
        match &product.image_url {
            Some(url) => {
                sets.push("imageUrl = :image".to_owned());
                request = request.expression_attribute_values(":image", s(url));
            }
            None => removes.push("imageUrl"),
        }
        match item.get("pricing") {
            Some(v) => {
                sets.push("pricing = :pricing".to_owned());
                request = request.expression_attribute_values(":pricing", v.clone());
            }
            None => removes.push("pricing"),
        }
        let mut expression = format!("SET {}", sets.join(", "));
        if !removes.is_empty() {
            expression.push_str(&format!(" REMOVE {}", removes.join(", ")));
        }
        let before = self.indexed_terms(&product.id).await?;
        let result = request.update_expression(expression).send().await;
        exists_or_not_found(result, Missing::Product)?;
        self.reindex_or_log(&product.id, &before, &search::terms(product))
            .await;
        Ok(())
    }

    async fn delete(&self, id: &ProductId) -> Result<(), PortError> {
        let before = self.indexed_terms(id).await?;
        let result = self
            .client()
            .await
            .delete_item()
            .table_name(self.table())
            .set_key(Some(product_key(id)))
            .condition_expression("attribute_exists(pk)")
            .send()
            .await;
        exists_or_not_found(result, Missing::Product)?;
        self.reindex_or_log(id, &before, &Default::default()).await;
        Ok(())
    }

    async fn search(&self, term: &str, page: &PageRequest) -> Result<Page<ProductId>, PortError> {
        self.search_term(term, page).await
    }
}
