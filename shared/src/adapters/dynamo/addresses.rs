//! DynamoDB for the address book.
//!
//! | item | pk | sk |
//! | --- | --- | --- |
//! | a saved address (`label`, `address` as JSON, `createdAt`) | `USER#{id}` | `ADDRESS#{addressId}` |
//!
//! The profile (`USER#{id}`/`PROFILE`) keeps `addressCount` and `defaultAddress`: saving
//! puts the address and raises the count under the condition `addressCount < 10` in one
//! transaction, so parallel saves never pass the limit.

use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{
    rfc3339, Address, AddressId, Line, Missing, Refusal, SavedAddress, UserId, MAX_SAVED_ADDRESSES,
};
use crate::ports::{AddressBook, PortError};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{Delete, Put, TransactWriteItem, Update};
use time::OffsetDateTime;

const PREFIX: &str = "ADDRESS#";

pub(crate) fn address_key(user: &UserId, id: &AddressId) -> Item {
    key(format!("USER#{user}"), &format!("{PREFIX}{id}"))
}

fn saved_from(item: &Item, default: Option<&str>) -> Result<SavedAddress, PortError> {
    let id = AddressId::parse(get_s(item, "id")?).ok_or_else(|| corrupt("id"))?;
    Ok(SavedAddress {
        is_default: default == Some(id.as_str()),
        id,
        label: Line::parse(get_s(item, "label")?, 40).map_err(|_| corrupt("label"))?,
        address: from_json(item, "address")?,
    })
}

impl DynamoStore {
    /// The profile's `defaultAddress`, if any.
    async fn default_address(&self, user: &UserId) -> Result<Option<String>, PortError> {
        let out = self
            .client()
            .await
            .get_item()
            .table_name(self.table())
            .set_key(Some(user_key(user)))
            .projection_expression("defaultAddress")
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(out
            .item
            .as_ref()
            .and_then(|i| opt_s(i, "defaultAddress"))
            .map(str::to_owned))
    }
}

#[async_trait]
impl AddressBook for DynamoStore {
    async fn addresses(&self, user: &UserId) -> Result<Vec<SavedAddress>, PortError> {
        let pk = format!("USER#{user}");
        let list = async {
            self.client()
                .await
                .query()
                .table_name(self.table())
                .key_condition_expression("pk = :pk AND begins_with(sk, :prefix)")
                .expression_attribute_values(":pk", s(pk.as_str()))
                .expression_attribute_values(":prefix", s(PREFIX))
                .scan_index_forward(false)
                .consistent_read(true)
                .limit(MAX_SAVED_ADDRESSES as i32 * 2)
                .send()
                .await
                .map_err(sdk_error)
        };
        let (list, default) = tokio::join!(list, self.default_address(user));
        let default = default?;
        let mut out = list?
            .items()
            .iter()
            .map(|i| saved_from(i, default.as_deref()))
            .collect::<Result<Vec<_>, _>>()?;
        // Newest first (ULIDs sort by time), the default before the rest.
        out.sort_by_key(|a| !a.is_default);
        Ok(out)
    }

    async fn save_address(
        &self,
        user: &UserId,
        label: &Line,
        address: &Address,
        make_default: bool,
    ) -> Result<SavedAddress, PortError> {
        let id = AddressId::generate();
        let mut item = address_key(user, &id);
        item.insert("type".into(), s("address"));
        item.insert("id".into(), s(id.as_str()));
        item.insert("label".into(), s(label.as_str()));
        item.insert("address".into(), json(address)?);
        item.insert("createdAt".into(), s(rfc3339(OffsetDateTime::now_utc())));
        let put = Put::builder()
            .table_name(self.table())
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(PortError::internal)?;
        // The first address is the default whatever was asked.
        let set_default = if make_default {
            "defaultAddress = :id"
        } else {
            "defaultAddress = if_not_exists(defaultAddress, :id)"
        };
        let count = Update::builder()
            .table_name(self.table())
            .set_key(Some(user_key(user)))
            .update_expression(format!(
                "SET addressCount = if_not_exists(addressCount, :zero) + :one, {set_default}"
            ))
            .condition_expression(
                "attribute_exists(pk) AND (attribute_not_exists(addressCount) OR addressCount < :max)",
            )
            .expression_attribute_values(":zero", n(0))
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":max", n(MAX_SAVED_ADDRESSES))
            .expression_attribute_values(":id", s(id.as_str()))
            .build()
            .map_err(PortError::internal)?;
        let out = self
            .client()
            .await
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().put(put).build())
            .transact_items(TransactWriteItem::builder().update(count).build())
            .send()
            .await;
        match out {
            Ok(_) => {}
            Err(err)
                if cancellation_codes(&err).is_some_and(|c| {
                    c.get(1).map(String::as_str) == Some("ConditionalCheckFailed")
                }) =>
            {
                return Err(Refusal::AddressBookFull.into())
            }
            Err(err) => return Err(sdk_error(err)),
        }
        let default = self.default_address(user).await?;
        Ok(SavedAddress {
            is_default: default.as_deref() == Some(id.as_str()),
            id,
            label: label.clone(),
            address: address.clone(),
        })
    }

    async fn update_address(
        &self,
        user: &UserId,
        id: &AddressId,
        label: &Line,
        address: &Address,
        make_default: bool,
    ) -> Result<SavedAddress, PortError> {
        let change = Update::builder()
            .table_name(self.table())
            .set_key(Some(address_key(user, id)))
            .update_expression("SET label = :label, address = :address")
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_values(":label", s(label.as_str()))
            .expression_attribute_values(":address", json(address)?)
            .build()
            .map_err(PortError::internal)?;
        let mut tx = self
            .client()
            .await
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().update(change).build());
        if make_default {
            let default = Update::builder()
                .table_name(self.table())
                .set_key(Some(user_key(user)))
                .update_expression("SET defaultAddress = :id")
                .condition_expression("attribute_exists(pk)")
                .expression_attribute_values(":id", s(id.as_str()))
                .build()
                .map_err(PortError::internal)?;
            tx = tx.transact_items(TransactWriteItem::builder().update(default).build());
        }
        match tx.send().await {
            Ok(_) => {}
            Err(err)
                if cancellation_codes(&err).is_some_and(|c| {
                    c.first().map(String::as_str) == Some("ConditionalCheckFailed")
                }) =>
            {
                return Err(Refusal::NotFound(Missing::Address).into())
            }
            Err(err) => return Err(sdk_error(err)),
        }
        let default = self.default_address(user).await?;
        Ok(SavedAddress {
            is_default: default.as_deref() == Some(id.as_str()),
            id: id.clone(),
            label: label.clone(),
            address: address.clone(),
        })
    }

    async fn remove_address(&self, user: &UserId, id: &AddressId) -> Result<(), PortError> {
        let book = self.addresses(user).await?;
        let Some(gone) = book.iter().find(|a| &a.id == id) else {
            return Err(Refusal::NotFound(Missing::Address).into());
        };
        let delete = Delete::builder()
            .table_name(self.table())
            .set_key(Some(address_key(user, id)))
            .condition_expression("attribute_exists(pk)")
            .build()
            .map_err(PortError::internal)?;
        // The newest of the others becomes the default when the default goes.
        let next = book.iter().find(|a| &a.id != id).map(|a| a.id.as_str());
        let mut count = Update::builder()
            .table_name(self.table())
            .set_key(Some(user_key(user)))
            .condition_expression("attribute_exists(pk) AND addressCount > :zero")
            .expression_attribute_values(":zero", n(0))
            .expression_attribute_values(":minus", n(-1));
        count = match (gone.is_default, next) {
            (true, Some(next)) => count
                .update_expression("ADD addressCount :minus SET defaultAddress = :next")
                .expression_attribute_values(":next", s(next)),
            (true, None) => {
                count.update_expression("ADD addressCount :minus REMOVE defaultAddress")
            }
            (false, _) => count.update_expression("ADD addressCount :minus"),
        };
        let out = self
            .client()
            .await
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().delete(delete).build())
            .transact_items(
                TransactWriteItem::builder()
                    .update(count.build().map_err(PortError::internal)?)
                    .build(),
            )
            .send()
            .await;
        match out {
            Ok(_) => Ok(()),
            // Removed meanwhile by a parallel request.
            Err(err)
                if cancellation_codes(&err).is_some_and(|c| {
                    c.first().map(String::as_str) == Some("ConditionalCheckFailed")
                }) =>
            {
                Err(Refusal::NotFound(Missing::Address).into())
            }
            Err(err) => Err(sdk_error(err)),
        }
    }
}
