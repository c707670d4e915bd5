//! DynamoDB for reviews: `pk = PRODUCT#{productId}`, `sk = REVIEW#{customerId}` (one per
//! customer, enforced by the key), listed newest first on
//! `gsi1pk = REVIEWS#{productId}`, `gsi1sk = {createdAt}#{reviewId}`.

use super::store::purchase_key;
use super::store::{corrupt, get_s, n, opt_s, s, DynamoStore, Item};
use crate::aws::sdk_error;
use crate::domain::{
    parse_rfc3339, rfc3339, Comment, Missing, PersonName, ProductId, Rating, Refusal, Review,
    ReviewId, UserId,
};
use crate::ports::PortError;
use crate::ports::{Page, PageRequest, Reviews};
use async_trait::async_trait;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{Put, TransactWriteItem, Update};
use std::collections::HashMap;

fn review_item(r: &Review) -> Item {
    let created = rfc3339(r.created_at);
    HashMap::from([
        ("pk".to_owned(), s(format!("PRODUCT#{}", r.product_id))),
        ("sk".to_owned(), s(format!("REVIEW#{}", r.customer_id))),
        ("type".to_owned(), s("review")),
        ("id".to_owned(), s(r.id.as_str())),
        ("productId".to_owned(), s(r.product_id.as_str())),
        ("customerId".to_owned(), s(r.customer_id.as_str())),
        ("authorName".to_owned(), s(r.author_name.as_str())),
        ("rating".to_owned(), n(r.rating.value())),
        ("comment".to_owned(), s(r.comment.as_str())),
        ("gsi1pk".to_owned(), s(format!("REVIEWS#{}", r.product_id))),
        ("gsi1sk".to_owned(), s(format!("{created}#{}", r.id))),
        ("createdAt".to_owned(), s(created)),
    ])
}

pub(super) fn review_from(item: &Item) -> Result<Review, PortError> {
    let rating = item
        .get("rating")
        .and_then(|v| v.as_n().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .map(serde_json::Value::from)
        .ok_or_else(|| corrupt("rating"))?;
    Ok(Review {
        id: ReviewId::parse(get_s(item, "id")?).ok_or_else(|| corrupt("id"))?,
        product_id: ProductId::parse(get_s(item, "productId")?)
            .ok_or_else(|| corrupt("productId"))?,
        customer_id: UserId::parse(get_s(item, "customerId")?)
            .ok_or_else(|| corrupt("customerId"))?,
        author_name: PersonName::parse(get_s(item, "authorName")?)
            .map_err(|_| corrupt("authorName"))?,
        rating: Rating::parse(&rating).map_err(|_| corrupt("rating"))?,
        comment: Comment::parse(opt_s(item, "comment").unwrap_or(""))
            .map_err(|_| corrupt("comment"))?,
        created_at: opt_s(item, "createdAt")
            .and_then(parse_rfc3339)
            .ok_or_else(|| corrupt("createdAt"))?,
    })
}

#[async_trait]
impl Reviews for DynamoStore {
    async fn has_purchased(
        &self,
        customer: &UserId,
        product: &ProductId,
    ) -> Result<bool, PortError> {
        let item = self.get_item(purchase_key(customer, product)).await?;
        Ok(item.is_some())
    }

    async fn add(&self, review: &Review) -> Result<(), PortError> {
        let put = Put::builder()
            .table_name(self.table())
            .set_item(Some(review_item(review)))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(PortError::internal)?;
        let rating = u64::from(review.rating.value());
        let product = Update::builder()
            .table_name(self.table())
            .set_key(Some(HashMap::from([
                ("pk".to_owned(), s(format!("PRODUCT#{}", review.product_id))),
                ("sk".to_owned(), s("PRODUCT")),
            ])))
            .update_expression("ADD ratingSum :r, ratingCount :one")
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_values(":r", n(rating))
            .expression_attribute_values(":one", n(1))
            .build()
            .map_err(PortError::internal)?;
        // The shop's satisfaction counters (for the manager's dashboard).
        let satisfaction = Update::builder()
            .table_name(self.table())
            .set_key(Some(HashMap::from([
                ("pk".to_owned(), s("STATS#SATISFACTION")),
                ("sk".to_owned(), s("ALL")),
            ])))
            .update_expression("ADD ratingSum :r, ratingCount :one, highCount :high")
            .expression_attribute_values(":r", n(rating))
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":high", n(u64::from(rating >= 4)))
            .build()
            .map_err(PortError::internal)?;
        let result = self
            .client()
            .await
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().put(put).build())
            .transact_items(TransactWriteItem::builder().update(product).build())
            .transact_items(TransactWriteItem::builder().update(satisfaction).build())
            .send()
            .await;
        let Err(err) = result else {
            return Ok(());
        };
        let codes: Vec<String> = match err.as_service_error() {
            Some(TransactWriteItemsError::TransactionCanceledException(e)) => e
                .cancellation_reasons()
                .iter()
                .map(|r| r.code().unwrap_or("None").to_owned())
                .collect(),
            _ => return Err(sdk_error(err)),
        };
        let failed = |i: usize| codes.get(i).map(String::as_str) == Some("ConditionalCheckFailed");
        if failed(0) {
            Err(Refusal::AlreadyReviewed.into())
        } else if failed(1) {
            Err(Refusal::NotFound(Missing::Product).into())
        } else {
            Err(sdk_error(err))
        }
    }

    async fn list(
        &self,
        product: &ProductId,
        page: &PageRequest,
    ) -> Result<Page<Review>, PortError> {
        let (items, next_cursor) = self
            .query_index_page("gsi1", &format!("REVIEWS#{product}"), false, page)
            .await?;
        Ok(Page {
            items: items.iter().map(review_from).collect::<Result<_, _>>()?,
            next_cursor,
        })
    }
}
