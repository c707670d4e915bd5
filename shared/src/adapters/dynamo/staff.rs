//! DynamoDB for the staff roster. Staff profiles share one index partition
//! (`gsi1pk = STAFF`, `gsi1sk = {createdAt}#{id}`) whatever their role and status, so the
//! roster is one Query; a change is one transaction (the target's profile, and a
//! condition check on the admin making it).

use super::store::*;
use super::users::user_from;
use crate::aws::sdk_error;
use crate::domain::{AccountStatus, Missing, Refusal, Role, User, UserId, MAX_STAFF_LISTED};
use crate::ports::{every_page, Page, PortError, StaffRoster};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{ConditionCheck, TransactWriteItem, Update};

#[async_trait]
impl StaffRoster for DynamoStore {
    async fn staff(&self) -> Result<Vec<User>, PortError> {
        every_page(MAX_STAFF_LISTED, |page| async move {
            let (items, next_cursor) = self.query_index_page("gsi1", "STAFF", true, &page).await?;
            Ok(Page {
                items: items.iter().map(user_from).collect::<Result<_, _>>()?,
                next_cursor,
            })
        })
        .await
    }

    async fn change_staff(
        &self,
        target: &UserId,
        role: Role,
        status: AccountStatus,
        by: &UserId,
    ) -> Result<User, PortError> {
        let change = Update::builder()
            .table_name(self.table())
            .set_key(Some(user_key(target)))
            .update_expression("SET #role = :role, #status = :status ADD sessionVersion :one")
            .condition_expression("attribute_exists(pk) AND #role <> :customer")
            .expression_attribute_names("#role", "role")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":role", s(role.as_str()))
            .expression_attribute_values(":status", s(status.as_str()))
            .expression_attribute_values(":customer", s(Role::Customer.as_str()))
            .expression_attribute_values(":one", n(1))
            .build()
            .map_err(PortError::internal)?;
        let admin = ConditionCheck::builder()
            .table_name(self.table())
            .set_key(Some(user_key(by)))
            .condition_expression("#role = :admin AND #status = :approved")
            .expression_attribute_names("#role", "role")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":admin", s(Role::Admin.as_str()))
            .expression_attribute_values(":approved", s(AccountStatus::Approved.as_str()))
            .build()
            .map_err(PortError::internal)?;
        let result = self
            .client()
            .await
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().update(change).build())
            .transact_items(TransactWriteItem::builder().condition_check(admin).build())
            .send()
            .await;
        if let Err(err) = result {
            let codes = cancellation_codes(&err).unwrap_or_default();
            let failed =
                |i: usize| codes.get(i).map(String::as_str) == Some("ConditionalCheckFailed");
            if failed(0) {
                return Err(Refusal::NotFound(Missing::Staff).into());
            }
            if failed(1) {
                return Err(Refusal::NotAllowed.into());
            }
            return Err(sdk_error(err));
        }
        let item = self
            .get_item(user_key(target))
            .await?
            .ok_or(Refusal::NotFound(Missing::Staff))?;
        user_from(&item)
    }
}
