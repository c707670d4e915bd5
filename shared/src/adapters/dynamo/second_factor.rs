//! DynamoDB for the staff second factor: on the e-mail claim (`EMAIL#{email}`/`EMAIL`,
//! which no index holds, beside the password hash) `totpPending` (a key waiting for its
//! first code), `totpSecret`, `totpStep` (the last step used) and `recoveryCodes` (a
//! string set of SHA-256 hashes); on the profile `twoFactor`.

use super::store::*;
use super::users::email_key;
use crate::aws::sdk_error;
use crate::domain::{Email, TotpSecret, User};
use crate::ports::{PortError, SecondFactor};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};

/// Whether a failed conditional write is only "the condition did not hold".
fn refused<
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
>(
    result: Result<
        impl Sized,
        aws_sdk_dynamodb::error::SdkError<E, aws_sdk_dynamodb::config::http::HttpResponse>,
    >,
) -> Result<bool, PortError> {
    match result {
        Ok(_) => Ok(true),
        Err(e) if e.as_service_error().is_some_and(is_conditional_failure) => Ok(false),
        Err(e) => Err(sdk_error(e)),
    }
}

#[async_trait]
impl SecondFactor for DynamoStore {
    async fn start_totp(&self, user: &User, secret: &TotpSecret) -> Result<(), PortError> {
        let out = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(email_key(&user.email)))
            .update_expression("SET totpPending = :s")
            .condition_expression("userId = :id")
            .expression_attribute_values(":s", s(secret.base32()))
            .expression_attribute_values(":id", s(user.id.as_str()))
            .send()
            .await;
        exists_or_not_found(out, crate::domain::Missing::Account)
    }

    async fn totp_keys(
        &self,
        email: &Email,
    ) -> Result<(Option<TotpSecret>, Option<TotpSecret>), PortError> {
        let Some(item) = self.get_item(email_key(email)).await? else {
            return Ok((None, None));
        };
        let key = |attr| opt_s(&item, attr).and_then(TotpSecret::from_base32);
        Ok((key("totpPending"), key("totpSecret")))
    }

    async fn enable_totp(
        &self,
        user: &User,
        secret: &TotpSecret,
        step: u64,
        recovery: &[String],
    ) -> Result<bool, PortError> {
        let claim = Update::builder()
            .table_name(self.table())
            .set_key(Some(email_key(&user.email)))
            .update_expression(
                "SET totpSecret = :s, totpStep = :step, recoveryCodes = :codes REMOVE totpPending",
            )
            .condition_expression("userId = :id AND totpPending = :s")
            .expression_attribute_values(":s", s(secret.base32()))
            .expression_attribute_values(":step", n(step))
            .expression_attribute_values(":codes", AttributeValue::Ss(recovery.to_vec()))
            .expression_attribute_values(":id", s(user.id.as_str()))
            .build()
            .map_err(PortError::internal)?;
        let profile = Update::builder()
            .table_name(self.table())
            .set_key(Some(user_key(&user.id)))
            .update_expression("SET twoFactor = :t ADD sessionVersion :one")
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_values(":t", AttributeValue::Bool(true))
            .expression_attribute_values(":one", n(1))
            .build()
            .map_err(PortError::internal)?;
        let out = self
            .client()
            .await
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().update(claim).build())
            .transact_items(TransactWriteItem::builder().update(profile).build())
            .send()
            .await;
        match out {
            Ok(_) => Ok(true),
            Err(err) if cancellation_codes(&err).is_some() => Ok(false),
            Err(err) => Err(sdk_error(err)),
        }
    }

    async fn use_step(&self, email: &Email, step: u64) -> Result<bool, PortError> {
        let out = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(email_key(email)))
            .update_expression("SET totpStep = :step")
            .condition_expression("attribute_exists(totpSecret) AND (attribute_not_exists(totpStep) OR totpStep < :step)")
            .expression_attribute_values(":step", n(step))
            .send()
            .await;
        refused(out)
    }

    async fn use_recovery_code(&self, email: &Email, hash: &str) -> Result<bool, PortError> {
        let out = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(email_key(email)))
            .update_expression("DELETE recoveryCodes :code")
            .condition_expression("contains(recoveryCodes, :one)")
            .expression_attribute_values(":code", AttributeValue::Ss(vec![hash.to_owned()]))
            .expression_attribute_values(":one", s(hash))
            .send()
            .await;
        refused(out)
    }

    async fn disable_totp(&self, user: &User) -> Result<(), PortError> {
        let claim = Update::builder()
            .table_name(self.table())
            .set_key(Some(email_key(&user.email)))
            .update_expression("REMOVE totpSecret, totpPending, totpStep, recoveryCodes")
            .condition_expression("userId = :id")
            .expression_attribute_values(":id", s(user.id.as_str()))
            .build()
            .map_err(PortError::internal)?;
        let profile = Update::builder()
            .table_name(self.table())
            .set_key(Some(user_key(&user.id)))
            .update_expression("SET twoFactor = :f ADD sessionVersion :one")
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_values(":f", AttributeValue::Bool(false))
            .expression_attribute_values(":one", n(1))
            .build()
            .map_err(PortError::internal)?;
        self.client()
            .await
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().update(claim).build())
            .transact_items(TransactWriteItem::builder().update(profile).build())
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }
}
