//! SES v2 `SendEmail` with simple content (subject, text and HTML parts).

use crate::aws::{sdk_error, LazyClient, Sdk};
use crate::mail::Mail;
use crate::ports::Mailer;
use crate::ports::PortError;
use async_trait::async_trait;
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message, MessageHeader};
use aws_sdk_sesv2::Client;

pub struct SesMailer {
    client: LazyClient<Client>,
    from: String,
    /// SES publishes the bounces and complaints of mail sent with it (`bounces`).
    configuration_set: Option<String>,
}

impl SesMailer {
    pub fn new(client: Client, from: impl Into<String>) -> Self {
        Self {
            client: LazyClient::ready(client),
            from: from.into(),
            configuration_set: None,
        }
    }

    /// The client is built on the first mail (at `AWS_ENDPOINT_URL_SESV2` when that is
    /// set: the tests give SES an emulator of its own).
    pub fn from_sdk(sdk: &aws_types::SdkConfig, from: impl Into<String>) -> Self {
        Self::lazy(&Sdk::ready(sdk.clone()), from)
    }

    /// The client is built on first use, from the configuration loaded then.
    pub fn lazy(sdk: &Sdk, from: impl Into<String>) -> Self {
        Self {
            client: LazyClient::new(sdk, client),
            from: from.into(),
            configuration_set: None,
        }
    }

    /// Sends with the configuration set, so SES reports bounces and complaints.
    pub fn with_configuration_set(mut self, name: Option<String>) -> Self {
        self.configuration_set = name;
        self
    }
}

/// An SES client for `sdk`, at `AWS_ENDPOINT_URL_SESV2` when that is set.
pub fn client(sdk: &aws_types::SdkConfig) -> Client {
    let mut conf = aws_sdk_sesv2::config::Builder::from(sdk);
    if let Some(endpoint) = crate::aws::service_endpoint("SESV2") {
        conf = conf.endpoint_url(endpoint);
    }
    Client::from_conf(conf.build())
}

fn content(data: &str) -> Result<Content, PortError> {
    Content::builder()
        .data(data)
        .charset("UTF-8")
        .build()
        .map_err(PortError::internal)
}

#[async_trait]
impl Mailer for SesMailer {
    async fn send(&self, mail: &Mail) -> Result<(), PortError> {
        let mut headers = Vec::new();
        for (name, value) in &mail.headers {
            headers.push(
                MessageHeader::builder()
                    .name(name)
                    .value(value)
                    .build()
                    .map_err(PortError::internal)?,
            );
        }
        let message = Message::builder()
            .set_headers((!headers.is_empty()).then_some(headers))
            .subject(content(&mail.subject)?)
            .body(
                Body::builder()
                    .text(content(&mail.text)?)
                    .html(content(&mail.html)?)
                    .build(),
            )
            .build();
        self.client
            .get()
            .await
            .send_email()
            .from_email_address(&self.from)
            .set_configuration_set_name(self.configuration_set.clone())
            .destination(
                Destination::builder()
                    .to_addresses(mail.to.as_str())
                    .build(),
            )
            .content(EmailContent::builder().simple(message).build())
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }
}
