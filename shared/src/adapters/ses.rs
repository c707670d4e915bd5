//! SES through its v1 API, which AWS, moto and LocalStack all answer (LocalStack's
//! community edition does not emulate v2): `SendEmail` (subject, text and HTML parts) for
//! mail without extra headers, and `SendRawEmail` with a MIME message of our own for mail
//! that carries headers (promo mail's `List-Unsubscribe`), which `SendEmail` cannot set.

use crate::aws::{sdk_error, LazyClient, Sdk};
use crate::mail::Mail;
use crate::ports::Mailer;
use crate::ports::PortError;
use async_trait::async_trait;
use aws_sdk_ses::primitives::Blob;
use aws_sdk_ses::types::{Body, Content, Destination, Message, RawMessage};
use aws_sdk_ses::Client;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

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

    /// The client is built on the first mail.
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

/// An SES client for `sdk`, at `AWS_ENDPOINT_URL_SES` when that is set (the tests give SES
/// an emulator of its own; the LocalStack stack puts it there).
pub fn client(sdk: &aws_types::SdkConfig) -> Client {
    let mut conf = aws_sdk_ses::config::Builder::from(sdk);
    if let Some(endpoint) = crate::aws::endpoint_for(sdk, "SES") {
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
        let client = self.client.get().await;
        if mail.headers.is_empty() {
            let message = Message::builder()
                .subject(content(&mail.subject)?)
                .body(
                    Body::builder()
                        .text(content(&mail.text)?)
                        .html(content(&mail.html)?)
                        .build(),
                )
                .build();
            client
                .send_email()
                .source(&self.from)
                .set_configuration_set_name(self.configuration_set.clone())
                .destination(
                    Destination::builder()
                        .to_addresses(mail.to.as_str())
                        .build(),
                )
                .message(message)
                .send()
                .await
                .map_err(sdk_error)?;
        } else {
            let raw = RawMessage::builder()
                .data(Blob::new(mime(&self.from, mail, &boundary())?))
                .build()
                .map_err(PortError::internal)?;
            client
                .send_raw_email()
                .source(&self.from)
                .destinations(mail.to.as_str())
                .set_configuration_set_name(self.configuration_set.clone())
                .raw_message(raw)
                .send()
                .await
                .map_err(sdk_error)?;
        }
        Ok(())
    }
}

/// A boundary that cannot occur in base64 text (it has `=_`), unique per message.
fn boundary() -> String {
    format!("=_toko_{}", ulid::Ulid::new())
}

/// The mail as an RFC 5322 message: `multipart/alternative` with a text and an HTML part,
/// both UTF-8 in base64, the subject as RFC 2047 encoded words, and the mail's own
/// headers (which must be one line of ASCII each). SES adds `Message-ID` and `Date`.
pub fn mime(from: &str, mail: &Mail, boundary: &str) -> Result<Vec<u8>, PortError> {
    let header_safe = |s: &str| s.is_ascii() && !s.contains(['\r', '\n']);
    let mut out = String::new();
    let mut header = |name: &str, value: &str| {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
        out.push_str("\r\n");
    };
    for value in [from, mail.to.as_str()] {
        if !header_safe(value) {
            return Err(PortError::internal(format!(
                "address unfit for a header: {value:?}"
            )));
        }
    }
    header("From", from);
    header("To", mail.to.as_str());
    header("Subject", &encoded_words(&mail.subject));
    header("MIME-Version", "1.0");
    for (name, value) in &mail.headers {
        let name_ok = !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':');
        if !name_ok || !header_safe(value) {
            return Err(PortError::internal(format!(
                "header unfit for mail: {name:?}"
            )));
        }
        header(name, value);
    }
    header(
        "Content-Type",
        &format!("multipart/alternative; boundary=\"{boundary}\""),
    );
    out.push_str("\r\n");
    for (kind, body) in [("text/plain", &mail.text), ("text/html", &mail.html)] {
        out.push_str(&format!(
            "--{boundary}\r\nContent-Type: {kind}; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        ));
        let encoded = STANDARD.encode(body.as_bytes());
        for line in encoded.as_bytes().chunks(76) {
            out.push_str(&String::from_utf8_lossy(line));
            out.push_str("\r\n");
        }
    }
    out.push_str(&format!("--{boundary}--\r\n"));
    Ok(out.into_bytes())
}

/// RFC 2047 `B` encoded words of at most 75 characters, whole characters each, folded
/// onto continuation lines.
fn encoded_words(text: &str) -> String {
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        // 45 bytes of UTF-8 are 60 of base64; with `=?UTF-8?B?` and `?=` 72 in all.
        if chunk.len() + c.len_utf8() > 45 {
            words.push(format!("=?UTF-8?B?{}?=", STANDARD.encode(&chunk)));
            chunk.clear();
        }
        chunk.push(c);
    }
    if !chunk.is_empty() || words.is_empty() {
        words.push(format!("=?UTF-8?B?{}?=", STANDARD.encode(&chunk)));
    }
    words.join("\r\n ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Email;

    fn mail(subject: &str, headers: Vec<(String, String)>) -> Mail {
        Mail {
            to: Email::parse("ani@example.com").expect("email"),
            subject: subject.into(),
            text: "Halo Ani — diskon 20%".into(),
            html: "<p>Halo Ani — diskon 20%</p>".into(),
            headers,
        }
    }

    fn decode_words(header: &str) -> String {
        let mut bytes = Vec::new();
        for word in header.split("\r\n ") {
            let b64 = word
                .strip_prefix("=?UTF-8?B?")
                .and_then(|w| w.strip_suffix("?="))
                .expect("an encoded word");
            bytes.extend(STANDARD.decode(b64).expect("base64"));
        }
        String::from_utf8(bytes).expect("whole characters per word")
    }

    #[test]
    fn a_raw_message_carries_headers_subject_and_both_parts() {
        let headers = vec![(
            "List-Unsubscribe".to_owned(),
            "<https://shop.test/u?t=1>".to_owned(),
        )];
        let raw = mime(
            "shop@toko.example",
            &mail("Promo — 20% off", headers),
            "=_b",
        )
        .expect("mime");
        let raw = String::from_utf8(raw).expect("ascii");
        assert!(raw.is_ascii());
        assert!(raw.starts_with("From: shop@toko.example\r\nTo: ani@example.com\r\n"));
        assert!(raw.contains("\r\nList-Unsubscribe: <https://shop.test/u?t=1>\r\n"));
        assert!(
            raw.contains("Content-Type: multipart/alternative; boundary=\"=_b\"\r\n\r\n--=_b\r\n")
        );
        assert!(raw.ends_with("--=_b--\r\n"));
        let subject = raw
            .lines()
            .find_map(|l| l.strip_prefix("Subject: "))
            .expect("subject");
        assert_eq!(decode_words(subject), "Promo — 20% off");
        let parts: Vec<String> = raw
            .split("--=_b")
            .skip(1)
            .filter_map(|p| p.split_once("\r\n\r\n"))
            .map(|(_, b)| {
                String::from_utf8(STANDARD.decode(b.replace("\r\n", "")).expect("b64"))
                    .expect("utf-8")
            })
            .collect();
        assert_eq!(
            parts,
            ["Halo Ani — diskon 20%", "<p>Halo Ani — diskon 20%</p>"]
        );
    }

    #[test]
    fn long_subjects_fold_into_words_of_whole_characters() {
        let subject = "Diskon akhir tahun — kartu nama, spanduk, stiker: semua 20% lebih murah ✓";
        let folded = encoded_words(subject);
        assert!(folded.split("\r\n ").count() > 1);
        assert!(folded.split("\r\n ").all(|w| w.len() <= 75));
        assert_eq!(decode_words(&folded), subject);
        assert_eq!(decode_words(&encoded_words("")), "");
    }

    #[test]
    fn a_header_that_could_inject_lines_is_refused() {
        let bad = vec![("X-Note".to_owned(), "a\r\nBcc: x@example.com".to_owned())];
        assert!(mime("shop@toko.example", &mail("s", bad), "=_b").is_err());
        let bad_name = vec![("Bad Name".to_owned(), "v".to_owned())];
        assert!(mime("shop@toko.example", &mail("s", bad_name), "=_b").is_err());
    }
}
