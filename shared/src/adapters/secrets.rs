//! Secrets Manager: the one secret a function reads at cold start (the token-signing key).

use crate::aws::{sdk_error, LazyClient, Sdk};
use crate::ports::{PortError, Secrets};
use async_trait::async_trait;
use aws_sdk_secretsmanager::Client;

pub struct SecretsManager {
    client: LazyClient<Client>,
}

impl SecretsManager {
    /// The client is built on first use.
    pub fn lazy(sdk: &Sdk) -> Self {
        Self {
            client: LazyClient::new(sdk, Client::new),
        }
    }
}

#[async_trait]
impl Secrets for SecretsManager {
    async fn secret_string(&self, id: &str) -> Result<String, PortError> {
        let out = self
            .client
            .get()
            .await
            .get_secret_value()
            .secret_id(id)
            .send()
            .await
            .map_err(sdk_error)?;
        out.secret_string
            .ok_or_else(|| PortError::internal("the secret has no string value"))
    }
}
