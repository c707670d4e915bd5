//! The token-signing key in Secrets Manager: `toko keys new` and the tests store it the
//! same way.

use crate::BoxError;

/// Stores the signing secret under `name` (a new secret, or a new current version of an
/// existing one: a rotation); returns the secret's ARN.
pub async fn store_signing_secret(
    sdk: &toko::aws::SdkConfig,
    name: &str,
    secret: &str,
) -> Result<String, BoxError> {
    let client = toko::adapters::secrets::client(sdk);
    let created = client
        .create_secret()
        .name(name)
        .description("Toko: the Ed25519 key that signs access tokens (only login reads it)")
        .secret_string(secret)
        .send()
        .await;
    match created {
        Ok(out) => Ok(out.arn.ok_or("no ARN")?),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_resource_exists_exception()) =>
        {
            let out = client
                .put_secret_value()
                .secret_id(name)
                .secret_string(secret)
                .send()
                .await?;
            Ok(out.arn.ok_or("no ARN")?)
        }
        Err(e) => Err(e.into()),
    }
}
