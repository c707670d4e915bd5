//! S3: presigned uploads, and the server-side checks that presigned URLs cannot make.

use crate::aws::{sdk_error, LazyClient, Sdk};
use crate::domain::{rfc3339, Refusal};
use crate::ports::PortError;
use crate::ports::{ObjectInfo, ObjectStore, PresignedRequest};
use async_trait::async_trait;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::Client;
use std::collections::BTreeMap;
use std::time::Duration;

/// An S3 client for `sdk`, at `AWS_ENDPOINT_URL_S3` when that is set. Emulators (an
/// endpoint is named) need path-style addressing; AWS gets the default virtual-host style.
pub fn client(sdk: &aws_types::SdkConfig) -> Client {
    let mut conf = aws_sdk_s3::config::Builder::from(sdk);
    if let Some(endpoint) = crate::aws::endpoint_for(sdk, "S3") {
        conf = conf.endpoint_url(endpoint).force_path_style(true);
    }
    Client::from_conf(conf.build())
}

#[derive(Clone)]
pub struct S3Store {
    client: LazyClient<Client>,
    bucket: String,
}

impl S3Store {
    pub fn new(client: Client, bucket: impl Into<String>) -> Self {
        Self {
            client: LazyClient::ready(client),
            bucket: bucket.into(),
        }
    }

    /// The client is built on first use.
    pub fn from_sdk(sdk: &aws_types::SdkConfig, bucket: impl Into<String>) -> Self {
        Self::lazy(&Sdk::ready(sdk.clone()), bucket)
    }

    /// The client is built on first use, from the configuration loaded then.
    pub fn lazy(sdk: &Sdk, bucket: impl Into<String>) -> Self {
        Self {
            client: LazyClient::new(sdk, client),
            bucket: bucket.into(),
        }
    }
}

/// The presigned request as clients use it: they must send every header listed. The
/// signed length is not listed: clients (browsers must) send it from the body itself.
fn request(
    presigned: aws_sdk_s3::presigning::PresignedRequest,
    issued: time::OffsetDateTime,
    expires: Duration,
) -> PresignedRequest {
    let headers: BTreeMap<String, String> = presigned
        .headers()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("content-length"))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let expires_at = issued + time::Duration::try_from(expires).unwrap_or(time::Duration::ZERO);
    PresignedRequest {
        url: presigned.uri().to_owned(),
        method: presigned.method().to_owned(),
        headers,
        expires_at: rfc3339(expires_at),
    }
}

#[async_trait]
impl ObjectStore for S3Store {
    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        issued: time::OffsetDateTime,
        expires: Duration,
    ) -> Result<PresignedRequest, PortError> {
        let config = PresigningConfig::builder()
            .start_time(issued.into())
            .expires_in(expires)
            .build()
            .map_err(PortError::internal)?;
        let presigned = self
            .client
            .get()
            .await
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .content_length(i64::try_from(size).map_err(PortError::internal)?)
            .presigned(config)
            .await
            .map_err(sdk_error)?;
        Ok(request(presigned, issued, expires))
    }

    async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, PortError> {
        match self
            .client
            .get()
            .await
            .head_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(out) => Ok(Some(ObjectInfo {
                size: out.content_length().unwrap_or(0).max(0) as u64,
                content_type: out.content_type().map(str::to_owned),
                etag: out.e_tag().map(str::to_owned),
                modified: out
                    .last_modified()
                    .and_then(|t| time::OffsetDateTime::from_unix_timestamp(t.secs()).ok()),
            })),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => Ok(None),
            Err(e) if e.raw_response().is_some_and(|r| r.status().as_u16() == 404) => Ok(None),
            Err(e) => Err(sdk_error(e)),
        }
    }

    async fn first_bytes(&self, key: &str, n: u64) -> Result<Vec<u8>, PortError> {
        let out = self
            .client
            .get()
            .await
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .range(format!("bytes=0-{}", n.saturating_sub(1)))
            .send()
            .await
            .map_err(sdk_error)?;
        let bytes = out.body.collect().await.map_err(PortError::unavailable)?;
        let mut v = bytes.into_bytes().to_vec();
        v.truncate(n as usize);
        Ok(v)
    }

    async fn presign_get(
        &self,
        key: &str,
        disposition: &str,
        expires: Duration,
    ) -> Result<PresignedRequest, PortError> {
        let config = PresigningConfig::expires_in(expires).map_err(PortError::internal)?;
        let presigned = self
            .client
            .get()
            .await
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .response_content_disposition(disposition)
            .presigned(config)
            .await
            .map_err(sdk_error)?;
        Ok(request(presigned, time::OffsetDateTime::now_utc(), expires))
    }

    async fn tag(&self, key: &str, name: &str, value: &str) -> Result<(), PortError> {
        use aws_sdk_s3::types::{Tag, Tagging};
        let tagging = Tagging::builder()
            .tag_set(
                Tag::builder()
                    .key(name)
                    .value(value)
                    .build()
                    .map_err(PortError::internal)?,
            )
            .build()
            .map_err(PortError::internal)?;
        match self
            .client
            .get()
            .await
            .put_object_tagging()
            .bucket(&self.bucket)
            .key(key)
            .tagging(tagging)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if e.raw_response().is_some_and(|r| r.status().as_u16() == 404) => Ok(()),
            Err(e) => Err(sdk_error(e)),
        }
    }

    async fn promote(&self, from: &str, to: &str, etag: Option<&str>) -> Result<(), PortError> {
        // Keys are made by the functions (ULIDs, `/`, `.`): nothing to escape.
        let copied = self
            .client
            .get()
            .await
            .copy_object()
            .bucket(&self.bucket)
            .key(to)
            .copy_source(format!("{}/{from}", self.bucket))
            .set_copy_source_if_match(etag.map(str::to_owned))
            .send()
            .await;
        match copied {
            Ok(_) => {}
            Err(e) if e.raw_response().is_some_and(|r| r.status().as_u16() == 412) => {
                return Err(PortError::Refused(Refusal::UploadChanged));
            }
            Err(e) => return Err(sdk_error(e)),
        }
        self.delete(from).await
    }

    async fn delete(&self, key: &str) -> Result<(), PortError> {
        self.client
            .get()
            .await
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), PortError> {
        self.client
            .get()
            .await
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(aws_sdk_s3::primitives::ByteStream::from(bytes))
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }
}
