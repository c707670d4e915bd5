//! DynamoDB for the shop's settings and its sequences.
//!
//! | item | pk | sk |
//! | --- | --- | --- |
//! | payment settings (accounts, window) | `SETTINGS` | `PAYMENT` |
//! | points settings (earning, value, share, expiry) | `SETTINGS` | `POINTS` |
//! | shop profile (name, address, tax number: invoices) | `SETTINGS` | `SHOP` |
//! | storefront (contact, home-page texts, categories: the site) | `SETTINGS` | `STOREFRONT` |
//! | shipping table (flat rate, rates per city, free from) | `SETTINGS` | `SHIPPING` |
//! | the shop's logo (`url`) | `SHOPLOGO` | `LOGO` |
//! | staff digest: how often | `SETTINGS` | `DIGEST` |
//! | staff digest: counts of the last run, news not yet mailed (`seenAt` on top) | `DIGEST` | `STATE` |
//! | a sequence (invoice numbers per day, payment codes) | `COUNTER#…` | `COUNTER` |

use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{PaymentSettings, PointsSettings, ShopProfile};
use crate::ports::{PortError, ShopSettings};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::ReturnValue;

impl DynamoStore {
    /// One settings item's value, kept as JSON in its attribute `attr` (`None`: never
    /// set). (The payment settings, stored first, keep theirs in `payment`; later items
    /// in `value`.)
    async fn setting<T: serde::de::DeserializeOwned>(
        &self,
        sk: &str,
        attr: &str,
    ) -> Result<Option<T>, PortError> {
        match self.get_item(key("SETTINGS".to_owned(), sk)).await? {
            Some(item) => from_json(&item, attr).map(Some),
            None => Ok(None),
        }
    }

    async fn set_setting<T: serde::Serialize>(
        &self,
        sk: &str,
        attr: &str,
        value: &T,
    ) -> Result<(), PortError> {
        let mut item = key("SETTINGS".to_owned(), sk);
        item.insert(attr.into(), json(value)?);
        self.client()
            .await
            .put_item()
            .table_name(self.table())
            .set_item(Some(item))
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }
}

impl DynamoStore {
    /// The next number of the sequence kept at `pk` (an atomic counter: never reused).
    pub(crate) async fn next_in_sequence(&self, pk: &str) -> Result<u64, PortError> {
        let out = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(key(pk.to_owned(), "COUNTER")))
            .update_expression("ADD #seq :one")
            .expression_attribute_names("#seq", "seq")
            .expression_attribute_values(":one", n(1))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(sdk_error)?;
        out.attributes()
            .map(|a| big_n(a, "seq"))
            .filter(|n| *n > 0)
            .map(|n| n as u64)
            .ok_or_else(|| corrupt(pk))
    }
}

#[async_trait]
impl ShopSettings for DynamoStore {
    async fn payment_settings(&self) -> Result<PaymentSettings, PortError> {
        Ok(self
            .setting("PAYMENT", "payment")
            .await?
            .unwrap_or_default())
    }

    async fn set_payment_settings(&self, settings: &PaymentSettings) -> Result<(), PortError> {
        self.set_setting("PAYMENT", "payment", settings).await
    }

    async fn next_payment_code(&self) -> Result<u64, PortError> {
        self.next_in_sequence("COUNTER#PAYCODE").await
    }

    async fn points_settings(&self) -> Result<PointsSettings, PortError> {
        Ok(self.setting("POINTS", "value").await?.unwrap_or_default())
    }

    async fn set_points_settings(&self, settings: &PointsSettings) -> Result<(), PortError> {
        self.set_setting("POINTS", "value", settings).await
    }

    async fn shop_profile(&self) -> Result<ShopProfile, PortError> {
        Ok(self.setting("SHOP", "value").await?.unwrap_or_default())
    }

    async fn set_shop_profile(&self, profile: &ShopProfile) -> Result<(), PortError> {
        self.set_setting("SHOP", "value", profile).await?;
        // The catalogue PDF names the shop.
        self.catalogue_changed().await;
        Ok(())
    }

    async fn storefront(&self) -> Result<crate::domain::Storefront, PortError> {
        Ok(self
            .setting("STOREFRONT", "value")
            .await?
            .unwrap_or_default())
    }

    async fn set_storefront(
        &self,
        storefront: &crate::domain::Storefront,
    ) -> Result<(), PortError> {
        self.set_setting("STOREFRONT", "value", storefront).await?;
        // The catalogue PDF shows the contact lines and the category names.
        self.catalogue_changed().await;
        Ok(())
    }

    async fn logo(&self) -> Result<Option<String>, PortError> {
        let item = self.get_item(key("SHOPLOGO".to_owned(), "LOGO")).await?;
        Ok(item
            .as_ref()
            .and_then(|i| opt_s(i, "url"))
            .map(str::to_owned))
    }

    async fn set_logo(&self, logo: Option<&str>) -> Result<(), PortError> {
        let client = self.client().await;
        let k = key("SHOPLOGO".to_owned(), "LOGO");
        match logo {
            Some(url) => {
                let mut item = k;
                item.insert("url".into(), s(url));
                client
                    .put_item()
                    .table_name(self.table())
                    .set_item(Some(item))
                    .send()
                    .await
                    .map_err(sdk_error)?;
            }
            None => {
                client
                    .delete_item()
                    .table_name(self.table())
                    .set_key(Some(k))
                    .send()
                    .await
                    .map_err(sdk_error)?;
            }
        }
        Ok(())
    }

    async fn digest_settings(&self) -> Result<crate::domain::DigestSettings, PortError> {
        Ok(self.setting("DIGEST", "value").await?.unwrap_or_default())
    }

    async fn set_digest_settings(
        &self,
        settings: &crate::domain::DigestSettings,
    ) -> Result<(), PortError> {
        self.set_setting("DIGEST", "value", settings).await
    }

    async fn digest_state(&self) -> Result<crate::domain::DigestState, PortError> {
        match self.get_item(key("DIGEST".to_owned(), "STATE")).await? {
            Some(item) => from_json(&item, "value"),
            None => Ok(crate::domain::DigestState::default()),
        }
    }

    async fn save_digest_state(
        &self,
        state: &crate::domain::DigestState,
        previous: &crate::domain::DigestState,
    ) -> Result<bool, PortError> {
        let mut item = key("DIGEST".to_owned(), "STATE");
        item.insert("value".into(), json(state)?);
        item.insert(
            "seenAt".into(),
            s(state.seen_at.clone().unwrap_or_default()),
        );
        let mut put = self
            .client()
            .await
            .put_item()
            .table_name(self.table())
            .set_item(Some(item));
        put = match &previous.seen_at {
            None => put.condition_expression("attribute_not_exists(pk)"),
            Some(at) => put
                .condition_expression("seenAt = :previous")
                .expression_attribute_values(":previous", s(at.clone())),
        };
        match put.send().await {
            Ok(_) => Ok(true),
            Err(e) if e.as_service_error().is_some_and(is_conditional_failure) => Ok(false),
            Err(e) => Err(sdk_error(e)),
        }
    }

    async fn shipping_rates(&self) -> Result<Option<crate::domain::ShippingRates>, PortError> {
        self.setting("SHIPPING", "value").await
    }

    async fn set_shipping_rates(
        &self,
        rates: &crate::domain::ShippingRates,
    ) -> Result<(), PortError> {
        self.set_setting("SHIPPING", "value", rates).await
    }

    async fn security_settings(&self) -> Result<crate::domain::SecuritySettings, PortError> {
        Ok(self.setting("SECURITY", "value").await?.unwrap_or_default())
    }

    async fn set_security_settings(
        &self,
        settings: &crate::domain::SecuritySettings,
    ) -> Result<(), PortError> {
        self.set_setting("SECURITY", "value", settings).await
    }
}
