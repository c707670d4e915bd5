//! A product's pictures: the main one (`imageUrl`) and the others in order (`gallery`, a
//! list), at most [`MAX_PICTURES`] in all. An upload is added with one conditional
//! UpdateItem (the main one if there is none, else appended while the product has room),
//! so pictures completed at once are all kept up to the limit and never past it. A new
//! order is written on the condition that the pictures are still those it was made from.

use super::catalog::product_from;
use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{Missing, Product, ProductId, Refusal, MAX_PICTURES};
use crate::ports::PortError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};

fn list(urls: &[String]) -> AttributeValue {
    AttributeValue::L(urls.iter().map(s).collect())
}

impl DynamoStore {
    pub(crate) async fn append_picture(
        &self,
        id: &ProductId,
        url: &str,
    ) -> Result<Product, PortError> {
        for _ in 0..3 {
            let main = self
                .client()
                .await
                .update_item()
                .table_name(self.table())
                .set_key(Some(product_key(id)))
                .update_expression("SET imageUrl = :url")
                .condition_expression("attribute_exists(pk) AND attribute_not_exists(imageUrl)")
                .expression_attribute_values(":url", s(url))
                .return_values(ReturnValue::AllNew)
                .send()
                .await;
            match main {
                Ok(out) => {
                    self.catalogue_changed().await;
                    return product_from(out.attributes().unwrap_or(&Item::new()));
                }
                Err(e) if e.as_service_error().is_some_and(is_conditional_failure) => {}
                Err(e) => return Err(sdk_error(e)),
            }
            let more = self
                .client()
                .await
                .update_item()
                .table_name(self.table())
                .set_key(Some(product_key(id)))
                .update_expression("SET gallery = list_append(if_not_exists(gallery, :empty), :one)")
                .condition_expression(
                    "attribute_exists(imageUrl) AND (attribute_not_exists(gallery) OR size(gallery) < :room)",
                )
                .expression_attribute_values(":empty", AttributeValue::L(Vec::new()))
                .expression_attribute_values(":one", list(&[url.to_owned()]))
                .expression_attribute_values(":room", n(MAX_PICTURES - 1))
                .return_values(ReturnValue::AllNew)
                .send()
                .await;
            match more {
                Ok(out) => {
                    self.catalogue_changed().await;
                    return product_from(out.attributes().unwrap_or(&Item::new()));
                }
                Err(e) if e.as_service_error().is_some_and(is_conditional_failure) => {
                    // Full, gone, or its main picture removed meanwhile (try again).
                    match self.get_item(product_key(id)).await? {
                        None => return Err(Refusal::NotFound(Missing::Product).into()),
                        Some(item) if product_from(&item)?.pictures().len() >= MAX_PICTURES => {
                            return Err(Refusal::TooManyPictures.into())
                        }
                        Some(_) => {}
                    }
                }
                Err(e) => return Err(sdk_error(e)),
            }
        }
        Err(Refusal::ProductChanged.into())
    }

    pub(crate) async fn store_pictures(
        &self,
        before: &Product,
        after: &Product,
    ) -> Result<(), PortError> {
        let mut sets = Vec::new();
        let mut removes = Vec::new();
        let mut conditions = vec!["attribute_exists(pk)".to_owned()];
        let mut request = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(product_key(&after.id)));
        match &after.image_url {
            Some(url) => {
                sets.push("imageUrl = :main");
                request = request.expression_attribute_values(":main", s(url));
            }
            None => removes.push("imageUrl"),
        }
        if after.gallery.is_empty() {
            removes.push("gallery");
        } else {
            sets.push("gallery = :gallery");
            request = request.expression_attribute_values(":gallery", list(&after.gallery));
        }
        match &before.image_url {
            Some(url) => {
                conditions.push("imageUrl = :oldMain".into());
                request = request.expression_attribute_values(":oldMain", s(url));
            }
            None => conditions.push("attribute_not_exists(imageUrl)".into()),
        }
        if before.gallery.is_empty() {
            conditions.push("(attribute_not_exists(gallery) OR size(gallery) = :zero)".into());
            request = request.expression_attribute_values(":zero", n(0));
        } else {
            conditions.push("gallery = :oldGallery".into());
            request = request.expression_attribute_values(":oldGallery", list(&before.gallery));
        }
        let mut expression = String::new();
        if !sets.is_empty() {
            expression.push_str(&format!("SET {}", sets.join(", ")));
        }
        if !removes.is_empty() {
            expression.push_str(&format!(" REMOVE {}", removes.join(", ")));
        }
        let result = request
            .update_expression(expression.trim())
            .condition_expression(conditions.join(" AND "))
            .send()
            .await;
        match result {
            Ok(_) => {
                self.catalogue_changed().await;
                Ok(())
            }
            Err(e) if e.as_service_error().is_some_and(is_conditional_failure) => {
                Err(Refusal::ProductChanged.into())
            }
            Err(e) => Err(sdk_error(e)),
        }
    }
}
