//! DynamoDB for promo mail: opted-in customers are on `gsi3pk = MARKETING` (the profile
//! carries the key only while opted in); each sent promo mail is claimed once with a
//! conditional put of `PROMOSENT#{promo}` / `{customer}`.

use super::store::{is_conditional_failure, s, user_key, DynamoStore};
use crate::aws::sdk_error;
use crate::domain::{Email, MailBlock, Missing, PromoId, User, UserId};
use crate::ports::PortError;
use crate::ports::{Marketing, Page, PageRequest};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use std::collections::HashMap;
use time::OffsetDateTime;

fn sent_key(promo: &PromoId, user: &UserId) -> HashMap<String, AttributeValue> {
    HashMap::from([
        ("pk".to_owned(), s(format!("PROMOSENT#{promo}"))),
        ("sk".to_owned(), s(user.as_str())),
    ])
}

#[async_trait]
impl Marketing for DynamoStore {
    async fn subscribers(&self, page: &PageRequest) -> Result<Page<User>, PortError> {
        let (items, next_cursor) = self
            .query_index_page("gsi3", "MARKETING", true, page)
            .await?;
        Ok(Page {
            items: items
                .iter()
                .map(super::users::user_from)
                .collect::<Result<_, _>>()?,
            next_cursor,
        })
    }

    async fn set_opt_in(&self, user: &UserId, opt_in: bool) -> Result<(), PortError> {
        let update = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(user_key(user)))
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_values(":v", AttributeValue::Bool(opt_in));
        let update = if opt_in {
            update
                .update_expression("SET marketingOptIn = :v, gsi3pk = :m, gsi3sk = :id")
                .expression_attribute_values(":m", s("MARKETING"))
                .expression_attribute_values(":id", s(user.as_str()))
        } else {
            update.update_expression("SET marketingOptIn = :v REMOVE gsi3pk, gsi3sk")
        };
        super::store::exists_or_not_found(update.send().await, Missing::Account)
    }

    async fn block_mail(
        &self,
        email: &Email,
        why: MailBlock,
        at: OffsetDateTime,
    ) -> Result<bool, PortError> {
        let Some((id, _)) = self.email_claim(email).await? else {
            return Ok(false);
        };
        let update = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(user_key(&id)))
            .condition_expression("attribute_exists(pk)")
            .update_expression(
                "SET marketingOptIn = :off, mailBlocked = :why, mailBlockedAt = :at REMOVE gsi3pk, gsi3sk",
            )
            .expression_attribute_values(":off", AttributeValue::Bool(false))
            .expression_attribute_values(":why", s(why.as_str()))
            .expression_attribute_values(":at", s(crate::domain::rfc3339(at)))
            .send()
            .await;
        super::store::exists_or_not_found(update, Missing::Account)?;
        Ok(true)
    }

    async fn claim_send(&self, promo: &PromoId, user: &UserId) -> Result<bool, PortError> {
        let mut item = sent_key(promo, user);
        item.insert("type".into(), s("promo-sent"));
        match self
            .client()
            .await
            .put_item()
            .table_name(self.table())
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await
        {
            Ok(_) => Ok(true),
            Err(e) if e.as_service_error().is_some_and(is_conditional_failure) => Ok(false),
            Err(e) => Err(sdk_error(e)),
        }
    }

    async fn release_send(&self, promo: &PromoId, user: &UserId) -> Result<(), PortError> {
        self.client()
            .await
            .delete_item()
            .table_name(self.table())
            .set_key(Some(sent_key(promo, user)))
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }
}
