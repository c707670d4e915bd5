//! Secrets Manager: the one secret a function reads at cold start (the token-signing key).

use crate::aws::{sdk_error, LazyClient, Sdk};
use crate::ports::{PortError, Secrets};
use async_trait::async_trait;
use aws_sdk_secretsmanager::Client;

/// A Secrets Manager client for `sdk`, at `AWS_ENDPOINT_URL_SECRETS_MANAGER` when that is set.
pub fn client(sdk: &aws_types::SdkConfig) -> Client {
    let mut conf = aws_sdk_secretsmanager::config::Builder::from(sdk);
    if let Some(endpoint) = crate::aws::endpoint_for(sdk, "SECRETS_MANAGER") {
        conf = conf.endpoint_url(endpoint);
    }
    Client::from_conf(conf.build())
}

pub struct SecretsManager {
    client: LazyClient<Client>,
}

impl SecretsManager {
    /// The client is built on first use.
    pub fn lazy(sdk: &Sdk) -> Self {
        Self {
            client: LazyClient::new(sdk, client),
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
