//! Testimonials: `pk = TESTIMONIAL#{customerId}`, `sk = TESTIMONIAL` (one per customer), the
//! testimonial as JSON in `body` with `state` and `writtenAt` beside it for conditions;
//! gsi1 `TESTIMONIALS#{state}` / `{writtenAt}#{customerId}` lists each state newest
//! first (the home page reads the approved partition with one Query).

use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{Missing, Refusal, Testimonial, TestimonialState, UserId};
use crate::ports::{Page, PageRequest, PortError, Testimonials};
use async_trait::async_trait;

fn testimonial_key(customer: &UserId) -> Item {
    key(format!("TESTIMONIAL#{customer}"), "TESTIMONIAL")
}

fn testimonial_item(t: &Testimonial) -> Result<Item, PortError> {
    let mut item = testimonial_key(&t.customer_id);
    item.insert("type".into(), s("testimonial"));
    item.insert("state".into(), s(t.state.as_str()));
    item.insert("writtenAt".into(), s(&t.written_at));
    item.insert("body".into(), json(t)?);
    item.insert(
        "gsi1pk".into(),
        s(format!("TESTIMONIALS#{}", t.state.as_str())),
    );
    item.insert(
        "gsi1sk".into(),
        s(format!("{}#{}", t.written_at, t.customer_id)),
    );
    Ok(item)
}

#[async_trait]
impl Testimonials for DynamoStore {
    async fn write(&self, t: &Testimonial) -> Result<(), PortError> {
        self.client()
            .await
            .put_item()
            .table_name(self.table())
            .set_item(Some(testimonial_item(t)?))
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    async fn get(&self, customer: &UserId) -> Result<Option<Testimonial>, PortError> {
        self.get_item(testimonial_key(customer))
            .await?
            .map(|item| from_json(&item, "body"))
            .transpose()
    }

    async fn list(
        &self,
        state: TestimonialState,
        page: &PageRequest,
    ) -> Result<Page<Testimonial>, PortError> {
        let (items, next_cursor) = self
            .query_index_page(
                "gsi1",
                &format!("TESTIMONIALS#{}", state.as_str()),
                false,
                page,
            )
            .await?;
        Ok(Page {
            items: items
                .iter()
                .map(|i| from_json(i, "body"))
                .collect::<Result<_, _>>()?,
            next_cursor,
        })
    }

    async fn decide(&self, t: &Testimonial, seen: &str) -> Result<(), PortError> {
        let result = self
            .client()
            .await
            .put_item()
            .table_name(self.table())
            .set_item(Some(testimonial_item(t)?))
            .condition_expression("writtenAt = :seen")
            .expression_attribute_values(":seen", s(seen))
            .send()
            .await;
        self.changed_or_not_found(
            result,
            testimonial_key(&t.customer_id),
            Refusal::TestimonialChanged,
            Missing::Testimonial,
        )
        .await
    }

    async fn has_completed_order(&self, customer: &UserId) -> Result<bool, PortError> {
        Ok(self.customer_stats(customer).await?.orders > 0)
    }
}
