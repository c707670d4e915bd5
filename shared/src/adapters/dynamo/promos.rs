//! DynamoDB for promos: `pk = PROMO#{id}`, `sk = PROMO` (targets as one JSON attribute
//! `[categories, productIds]`), on
//! `gsi1pk = PROMOS`, `gsi1sk = {endsAt}#{id}`: "active now" is a Query for the promos
//! ending after now (bounded), filtered on their start.

use super::store::{
    corrupt, exists_or_not_found, from_json, get_n, get_s, json, n, opt_s, s, DynamoStore, Item,
};
use crate::aws::sdk_error;
use crate::domain::{parse_rfc3339, rfc3339, Missing, Promo, PromoId};
use crate::ports::PortError;
use crate::ports::{Page, PageRequest, Promos};
use async_trait::async_trait;
use std::collections::HashMap;
use time::OffsetDateTime;

fn key(id: &PromoId) -> Item {
    HashMap::from([
        ("pk".to_owned(), s(format!("PROMO#{id}"))),
        ("sk".to_owned(), s("PROMO")),
    ])
}

fn item(p: &Promo) -> Result<Item, PortError> {
    let mut item = key(&p.id);
    item.insert("type".into(), s("promo"));
    item.insert("id".into(), s(p.id.as_str()));
    item.insert("title".into(), s(&p.title));
    item.insert("body".into(), s(&p.body));
    if let Some(url) = &p.image_url {
        item.insert("imageUrl".into(), s(url));
    }
    if let Some(d) = p.discount_percent {
        item.insert("discountPercent".into(), n(d));
    }
    if let Some(a) = p.discount_amount {
        item.insert("discountAmount".into(), n(a));
    }
    if !p.categories.is_empty() || !p.product_ids.is_empty() {
        item.insert("targets".into(), json(&(&p.categories, &p.product_ids))?);
    }
    if p.min_quantity > 1 {
        item.insert("minQuantity".into(), n(p.min_quantity));
    }
    item.insert("startsAt".into(), s(rfc3339(p.starts_at)));
    item.insert("endsAt".into(), s(rfc3339(p.ends_at)));
    item.insert("createdAt".into(), s(rfc3339(p.created_at)));
    item.insert("gsi1pk".into(), s("PROMOS"));
    item.insert(
        "gsi1sk".into(),
        s(format!("{}#{}", rfc3339(p.ends_at), p.id)),
    );
    Ok(item)
}

fn from(item: &Item) -> Result<Promo, PortError> {
    let ts = |k: &str| {
        opt_s(item, k)
            .and_then(parse_rfc3339)
            .ok_or_else(|| corrupt(k))
    };
    let (categories, product_ids) = if item.contains_key("targets") {
        from_json(item, "targets")?
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(Promo {
        id: PromoId::parse(get_s(item, "id")?).ok_or_else(|| corrupt("id"))?,
        title: get_s(item, "title")?.to_owned(),
        body: get_s(item, "body")?.to_owned(),
        image_url: opt_s(item, "imageUrl").map(str::to_owned),
        discount_percent: item
            .get("discountPercent")
            .and_then(|v| v.as_n().ok())
            .and_then(|v| v.parse().ok()),
        discount_amount: item
            .get("discountAmount")
            .and_then(|v| v.as_n().ok())
            .and_then(|v| v.parse().ok()),
        categories,
        product_ids,
        min_quantity: match get_n(item, "minQuantity") {
            0 => 1,
            q => q,
        },
        starts_at: ts("startsAt")?,
        ends_at: ts("endsAt")?,
        created_at: ts("createdAt")?,
    })
}

#[async_trait]
impl Promos for DynamoStore {
    async fn active(&self, now: OffsetDateTime) -> Result<Vec<Promo>, PortError> {
        let out = self
            .client()
            .await
            .query()
            .table_name(self.table())
            .index_name("gsi1")
            .key_condition_expression("gsi1pk = :p AND gsi1sk > :now")
            .filter_expression("startsAt <= :now")
            .expression_attribute_values(":p", s("PROMOS"))
            .expression_attribute_values(":now", s(rfc3339(now)))
            .limit(50)
            .send()
            .await
            .map_err(sdk_error)?;
        let mut promos = out
            .items()
            .iter()
            .map(from)
            .collect::<Result<Vec<_>, _>>()?;
        promos.retain(|p| p.is_active(now));
        Ok(promos)
    }

    async fn all(&self, page: &PageRequest) -> Result<Page<Promo>, PortError> {
        let (items, next_cursor) = self.query_index_page("gsi1", "PROMOS", false, page).await?;
        Ok(Page {
            items: items.iter().map(from).collect::<Result<_, _>>()?,
            next_cursor,
        })
    }

    async fn get(&self, id: &PromoId) -> Result<Option<Promo>, PortError> {
        let item = self.get_item(key(id)).await?;
        item.as_ref().map(from).transpose()
    }

    async fn put(&self, promo: &Promo, must_exist: bool) -> Result<(), PortError> {
        let condition = if must_exist {
            "attribute_exists(pk)"
        } else {
            "attribute_not_exists(pk)"
        };
        exists_or_not_found(
            self.client()
                .await
                .put_item()
                .table_name(self.table())
                .set_item(Some(item(promo)?))
                .condition_expression(condition)
                .send()
                .await,
            Missing::Promo,
        )
    }

    async fn delete(&self, id: &PromoId) -> Result<(), PortError> {
        exists_or_not_found(
            self.client()
                .await
                .delete_item()
                .table_name(self.table())
                .set_key(Some(key(id)))
                .condition_expression("attribute_exists(pk)")
                .send()
                .await,
            Missing::Promo,
        )
    }
}
