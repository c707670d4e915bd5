//! DynamoDB for password resets and changes.
//!
//! | item | pk | sk |
//! | --- | --- | --- |
//! | a reset link (`userId`, `expiresAt`: TTL) | `RESET#{sha256 of the token}` | `RESET` |
//! | an address-verification link (`userId`, `expiresAt`: TTL; `newEmail` for a change of address) | `VERIFY#{sha256 of the token}` | `VERIFY` |
//!
//! Setting a password writes the credentials on the e-mail claim (`EMAIL#…`) and moves
//! the profile's `sessionVersion` on (`USER#…`), with the link's delete, in one transaction.
//! Confirming a new address moves the credentials from the old claim to the new one
//! (`EMAIL#{new}`, only if no account has it) and sets the profile's `email`, with the
//! link's delete, in one transaction.

use super::store::*;
use super::users::email_key;
use crate::aws::sdk_error;
use crate::domain::{Email, Refusal, User, UserId};
use crate::ports::{PortError, Recovery, Verified};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem, Update};
use time::OffsetDateTime;

fn link_key(hash: &str) -> Item {
    key(format!("RESET#{hash}"), "RESET")
}

fn verify_key(hash: &str) -> Item {
    key(format!("VERIFY#{hash}"), "VERIFY")
}

impl DynamoStore {
    /// Puts a one-time link's item: whose, and until when (also its TTL).
    async fn put_link(
        &self,
        mut item: Item,
        user: &UserId,
        expires: OffsetDateTime,
    ) -> Result<(), PortError> {
        item.insert("userId".into(), s(user.as_str()));
        item.insert("type".into(), s("link"));
        item.insert("expiresAt".into(), n(expires.unix_timestamp()));
        self.client()
            .await
            .put_item()
            .table_name(self.table())
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }
}

#[async_trait]
impl Recovery for DynamoStore {
    async fn store_reset_link(
        &self,
        hash: &str,
        user: &UserId,
        expires: OffsetDateTime,
    ) -> Result<(), PortError> {
        self.put_link(link_key(hash), user, expires).await
    }

    async fn reset_link_user(
        &self,
        hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<UserId>, PortError> {
        let Some(item) = self.get_item(link_key(hash)).await? else {
            return Ok(None);
        };
        // TTL deletes expired items some time later: the time is checked here.
        if big_n(&item, "expiresAt") <= now.unix_timestamp() {
            return Ok(None);
        }
        Ok(UserId::parse(get_s(&item, "userId")?))
    }

    async fn set_password(
        &self,
        user: &User,
        password_hash: &str,
        link: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<(), PortError> {
        let credentials = Update::builder()
            .table_name(self.table())
            .set_key(Some(email_key(&user.email)))
            .update_expression("SET passwordHash = :hash")
            .condition_expression("userId = :id")
            .expression_attribute_values(":hash", s(password_hash))
            .expression_attribute_values(":id", s(user.id.as_str()))
            .build()
            .map_err(PortError::internal)?;
        // A password set through a mailed link also proves the address (how an invited
        // staff member joins).
        let mut sessions = Update::builder()
            .table_name(self.table())
            .set_key(Some(user_key(&user.id)))
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_values(":one", n(1));
        sessions = if link.is_some() {
            sessions
                .update_expression("SET emailVerified = :yes ADD sessionVersion :one")
                .expression_attribute_values(":yes", AttributeValue::Bool(true))
        } else {
            sessions.update_expression("ADD sessionVersion :one")
        };
        let sessions = sessions.build().map_err(PortError::internal)?;
        let mut tx = self
            .client()
            .await
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().update(credentials).build())
            .transact_items(TransactWriteItem::builder().update(sessions).build());
        if let Some(hash) = link {
            let used = Delete::builder()
                .table_name(self.table())
                .set_key(Some(link_key(hash)))
                .condition_expression("userId = :id AND expiresAt > :now")
                .expression_attribute_values(":id", s(user.id.as_str()))
                .expression_attribute_values(":now", n(now.unix_timestamp()))
                .build()
                .map_err(PortError::internal)?;
            tx = tx.transact_items(TransactWriteItem::builder().delete(used).build());
        }
        match tx.send().await {
            Ok(_) => Ok(()),
            Err(err) => {
                let codes = cancellation_codes(&err).unwrap_or_default();
                if link.is_some()
                    && codes.get(2).map(String::as_str) == Some("ConditionalCheckFailed")
                {
                    return Err(Refusal::ResetLinkInvalid.into());
                }
                Err(sdk_error(err))
            }
        }
    }

    async fn store_verify_link(
        &self,
        hash: &str,
        user: &UserId,
        new_email: Option<&Email>,
        expires: OffsetDateTime,
    ) -> Result<(), PortError> {
        let mut item = verify_key(hash);
        if let Some(e) = new_email {
            item.insert("newEmail".into(), s(e.as_str()));
        }
        self.put_link(item, user, expires).await
    }

    async fn verify_email(&self, hash: &str, now: OffsetDateTime) -> Result<Verified, PortError> {
        let invalid = || PortError::from(Refusal::VerifyLinkInvalid);
        let item = self.get_item(verify_key(hash)).await?.ok_or_else(invalid)?;
        if big_n(&item, "expiresAt") <= now.unix_timestamp() {
            return Err(invalid());
        }
        let id = UserId::parse(get_s(&item, "userId")?).ok_or_else(invalid)?;
        let new_email = opt_s(&item, "newEmail")
            .map(Email::from_stored)
            .transpose()
            .map_err(|_| corrupt("newEmail"))?;
        let used = Delete::builder()
            .table_name(self.table())
            .set_key(Some(verify_key(hash)))
            .condition_expression("userId = :id AND expiresAt > :now")
            .expression_attribute_values(":id", s(id.as_str()))
            .expression_attribute_values(":now", n(now.unix_timestamp()))
            .build()
            .map_err(PortError::internal)?;
        let mut tx = self
            .client()
            .await
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().delete(used).build());
        match &new_email {
            None => {
                let verified = Update::builder()
                    .table_name(self.table())
                    .set_key(Some(user_key(&id)))
                    .update_expression("SET emailVerified = :t")
                    .condition_expression("attribute_exists(pk)")
                    .expression_attribute_values(":t", AttributeValue::Bool(true))
                    .build()
                    .map_err(PortError::internal)?;
                tx = tx.transact_items(TransactWriteItem::builder().update(verified).build());
            }
            Some(new) => {
                for write in self.move_claim(&id, new).await? {
                    tx = tx.transact_items(write);
                }
            }
        }
        match tx.send().await {
            Ok(_) => {
                if new_email.is_some() {
                    self.refresh_person_or_log(&id).await;
                }
                Ok(Verified {
                    user: id,
                    new_email,
                })
            }
            Err(err) => match cancellation_codes(&err) {
                // The new address got an account since the link was sent.
                Some(c)
                    if new_email.is_some()
                        && c.get(2).map(String::as_str) == Some("ConditionalCheckFailed") =>
                {
                    Err(Refusal::EmailTaken.into())
                }
                Some(_) => Err(invalid()),
                None => Err(sdk_error(err)),
            },
        }
    }
}

impl DynamoStore {
    /// The writes that move an account to a new address: the old claim deleted (still
    /// the account's), the new one put with the same credentials (if no account has that
    /// address), the profile's address set and counted verified (if it did not change).
    async fn move_claim(
        &self,
        id: &UserId,
        new: &Email,
    ) -> Result<Vec<TransactWriteItem>, PortError> {
        let invalid = || PortError::from(Refusal::VerifyLinkInvalid);
        let profile = self.get_item(user_key(id)).await?.ok_or_else(invalid)?;
        let old = Email::from_stored(get_s(&profile, "email")?).map_err(|_| corrupt("email"))?;
        let claim = self.get_item(email_key(&old)).await?.ok_or_else(invalid)?;
        let remove = Delete::builder()
            .table_name(self.table())
            .set_key(Some(email_key(&old)))
            .condition_expression("userId = :id AND passwordHash = :hash")
            .expression_attribute_values(":id", s(id.as_str()))
            .expression_attribute_values(":hash", s(get_s(&claim, "passwordHash")?))
            .build()
            .map_err(PortError::internal)?;
        let mut moved = claim.clone();
        moved.extend(email_key(new));
        let put = Put::builder()
            .table_name(self.table())
            .set_item(Some(moved))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(PortError::internal)?;
        let profile = Update::builder()
            .table_name(self.table())
            .set_key(Some(user_key(id)))
            .update_expression("SET email = :new, emailVerified = :t")
            .condition_expression("email = :old")
            .expression_attribute_values(":new", s(new.as_str()))
            .expression_attribute_values(":old", s(old.as_str()))
            .expression_attribute_values(":t", AttributeValue::Bool(true))
            .build()
            .map_err(PortError::internal)?;
        Ok(vec![
            TransactWriteItem::builder().delete(remove).build(),
            TransactWriteItem::builder().put(put).build(),
            TransactWriteItem::builder().update(profile).build(),
        ])
    }
}
