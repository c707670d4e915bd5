//! Sent mail as the emulator recorded it: moto's `/moto-api/data.json` (`Message` for
//! `SendEmail`, `RawMessage` for `SendRawEmail`) or LocalStack's `/_aws/ses`. Raw
//! messages are read back from their MIME form (headers, RFC 2047 subject, base64 parts).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::Value;

/// An e-mail as the emulator recorded it.
#[derive(Debug, Clone)]
pub struct SentMail {
    pub subject: String,
    /// The HTML part (the text part when there is no HTML).
    pub body: String,
    pub source: String,
    /// The message's own headers (raw messages only; SES sets those of `SendEmail`).
    pub headers: Vec<(String, String)>,
}

/// Mail the emulator at `endpoint` recorded for the recipient `to`.
pub async fn sent_mail_to(endpoint: &str, to: &str) -> Vec<SentMail> {
    let url = format!("{endpoint}/_aws/ses");
    let localstack = reqwest::get(format!("{endpoint}/_localstack/health"))
        .await
        .is_ok_and(|r| r.status().is_success());
    if localstack {
        let data: Value = get_json(&url).await;
        return data["messages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| match m["RawData"].as_str() {
                Some(raw) => Some(parse_raw(raw, m["Source"].as_str().unwrap_or("")))
                    .filter(|m| m.header("To") == Some(to)),
                None => to_addressed(&m["Destination"]["ToAddresses"], to).then(|| SentMail {
                    subject: text(&m["Subject"]),
                    body: text(
                        m["Body"]
                            .get("html_part")
                            .unwrap_or(&m["Body"]["text_part"]),
                    ),
                    source: text(&m["Source"]),
                    headers: Vec::new(),
                }),
            })
            .collect();
    }
    let data = get_json(&format!("{endpoint}/moto-api/data.json")).await;
    let simple = data["ses"]["Message"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| to_addressed(&m["destinations"]["ToAddresses"], to))
        .map(|m| SentMail {
            subject: text(&m["subject"]),
            body: text(&m["body"]),
            source: text(&m["source"]),
            headers: Vec::new(),
        });
    let raw = data["ses"]["RawMessage"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            parse_raw(
                m["raw_data"].as_str().unwrap_or(""),
                m["source"].as_str().unwrap_or(""),
            )
        })
        .filter(|m| m.header("To") == Some(to));
    simple.chain(raw).collect()
}

/// A JSON page of the emulator. moto serialises all its state for its page; while other
/// tests write to it an attempt can fail with a 500: try again a bounded number of times.
async fn get_json(url: &str) -> Value {
    for _ in 0..20 {
        let resp = reqwest::get(url).await.expect("emulator answers");
        if !resp.status().is_server_error() {
            return resp.json().await.expect("json");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{url} kept failing")
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or("").to_owned()
}

fn to_addressed(list: &Value, to: &str) -> bool {
    list.as_array().is_some_and(|a| a.iter().any(|x| x == to))
}

/// The mail the recipient got besides the "order received" ones each placement sends
/// (`toko::order_mail::order_received`) and the link confirming the address each
/// registration sends, for tests about other mail.
pub async fn other_mail_to(endpoint: &str, to: &str) -> Vec<SentMail> {
    let mut mails = sent_mail_to(endpoint, to).await;
    mails.retain(|m| {
        let received = (m.subject.starts_with("Order ") && m.subject.ends_with(" received"))
            || (m.subject.starts_with("Pesanan ") && m.subject.ends_with(" sudah tercatat"));
        let confirm = m.subject == "Confirm your e-mail address"
            || m.subject == "Konfirmasi alamat e-mail Anda";
        !received && !confirm
    });
    mails
}

impl SentMail {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads a message of the form `toko::adapters::ses::mime` writes.
fn parse_raw(raw: &str, source: &str) -> SentMail {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    let headers = unfold(head);
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let content_type = find("Content-Type");
    let mut parts = Vec::new();
    if let Some(boundary) = content_type
        .split("boundary=")
        .nth(1)
        .map(|b| b.trim_matches('"'))
    {
        for part in body.split(&format!("--{boundary}")) {
            let Some((part_head, part_body)) = part.split_once("\r\n\r\n") else {
                continue;
            };
            let part_headers = unfold(part_head.trim_start_matches("\r\n"));
            let kind = part_headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("Content-Type"))
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            parts.push((kind, decode_body(&part_headers, part_body)));
        }
    } else {
        parts.push((content_type, decode_body(&headers, body)));
    }
    let pick = |kind: &str| {
        parts
            .iter()
            .find(|(k, _)| k.starts_with(kind))
            .map(|(_, b)| b.clone())
    };
    SentMail {
        subject: decode_words(&find("Subject")),
        body: pick("text/html")
            .or_else(|| pick("text/plain"))
            .unwrap_or_default(),
        source: source.to_owned(),
        headers,
    }
}

fn unfold(head: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push_str(line);
            }
        } else if let Some((name, value)) = line.split_once(':') {
            out.push((name.to_owned(), value.trim().to_owned()));
        }
    }
    out
}

fn decode_body(headers: &[(String, String)], body: &str) -> String {
    let base64 = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("Content-Transfer-Encoding") && v.eq_ignore_ascii_case("base64")
    });
    if !base64 {
        return body.to_owned();
    }
    let joined: String = body.split_whitespace().collect();
    String::from_utf8(STANDARD.decode(joined).expect("base64 part")).expect("UTF-8 part")
}

/// RFC 2047 `B` words in UTF-8 (the only kind Toko writes); other text as it is.
fn decode_words(value: &str) -> String {
    let mut bytes = Vec::new();
    for word in value.split_whitespace() {
        match word
            .strip_prefix("=?UTF-8?B?")
            .and_then(|w| w.strip_suffix("?="))
        {
            Some(b64) => bytes.extend(STANDARD.decode(b64).expect("encoded word")),
            None => return value.to_owned(),
        }
    }
    String::from_utf8(bytes).expect("UTF-8 subject")
}
