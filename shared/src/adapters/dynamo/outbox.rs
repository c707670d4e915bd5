//! DynamoDB for the mail outbox: `OUTBOX` / `{due unix seconds, 12 digits}#{id}`, so the
//! mails due now are one Query (`sk <= now`) however many wait; mails given up on move
//! to `OUTBOX#DEAD` / `{id}`.

use super::store::{corrupt, get_n, get_s, n, opt_s, s, DynamoStore, Item};
use crate::aws::sdk_error;
use crate::domain::Email;
use crate::mail::Mail;
use crate::ports::PortError;
use crate::ports::{HeldMail, Outbox};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{Delete, Put, TransactWriteItem};
use time::OffsetDateTime;

const PARTITION: &str = "OUTBOX";
const DEAD: &str = "OUTBOX#DEAD";

fn sort_key(due: OffsetDateTime, id: &str) -> String {
    format!("{:012}#{id}", due.unix_timestamp().max(0))
}

fn item(pk: &str, sk: &str, id: &str, mail: &Mail, attempts: u32, due: OffsetDateTime) -> Item {
    Item::from([
        ("pk".to_owned(), s(pk)),
        ("sk".to_owned(), s(sk)),
        ("type".to_owned(), s("outbox-mail")),
        ("id".to_owned(), s(id)),
        ("to".to_owned(), s(mail.to.as_str())),
        ("subject".to_owned(), s(&mail.subject)),
        ("text".to_owned(), s(&mail.text)),
        ("html".to_owned(), s(&mail.html)),
        (
            "headers".to_owned(),
            s(serde_json::to_string(&mail.headers).unwrap_or_else(|_| "[]".into())),
        ),
        ("attempts".to_owned(), n(attempts)),
        ("dueAt".to_owned(), n(due.unix_timestamp())),
    ])
}

fn held_from(item: &Item) -> Result<HeldMail, PortError> {
    let due = get_s(item, "sk")?
        .split('#')
        .next()
        .and_then(|d| d.parse::<i64>().ok())
        .and_then(|d| OffsetDateTime::from_unix_timestamp(d).ok())
        .ok_or_else(|| corrupt("outbox key"))?;
    Ok(HeldMail {
        id: get_s(item, "id")?.to_owned(),
        mail: Mail {
            to: Email::from_stored(get_s(item, "to")?).map_err(|_| corrupt("outbox address"))?,
            subject: get_s(item, "subject")?.to_owned(),
            text: get_s(item, "text")?.to_owned(),
            html: get_s(item, "html")?.to_owned(),
            headers: opt_s(item, "headers")
                .and_then(|h| serde_json::from_str(h).ok())
                .unwrap_or_default(),
        },
        attempts: get_n(item, "attempts"),
        due_at: due,
    })
}

fn key(pk: &str, sk: &str) -> Item {
    Item::from([("pk".to_owned(), s(pk)), ("sk".to_owned(), s(sk))])
}

#[async_trait]
impl Outbox for DynamoStore {
    async fn hold(&self, mail: &Mail, due_at: OffsetDateTime) -> Result<(), PortError> {
        let id = ulid::Ulid::new().to_string();
        self.client()
            .await
            .put_item()
            .table_name(self.table())
            .set_item(Some(item(
                PARTITION,
                &sort_key(due_at, &id),
                &id,
                mail,
                1,
                due_at,
            )))
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    async fn due(&self, now: OffsetDateTime, limit: u32) -> Result<Vec<HeldMail>, PortError> {
        let out = self
            .client()
            .await
            .query()
            .table_name(self.table())
            .key_condition_expression("pk = :pk AND sk <= :now")
            .expression_attribute_values(":pk", s(PARTITION))
            // '~' sorts after every id character: everything due up to this second.
            .expression_attribute_values(":now", s(format!("{:012}#~", now.unix_timestamp())))
            .limit(limit.clamp(1, 100) as i32)
            .send()
            .await
            .map_err(sdk_error)?;
        out.items().iter().map(held_from).collect()
    }

    async fn sent(&self, held: &HeldMail) -> Result<(), PortError> {
        self.client()
            .await
            .delete_item()
            .table_name(self.table())
            .set_key(Some(key(PARTITION, &sort_key(held.due_at, &held.id))))
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    async fn failed(&self, held: &HeldMail, next: Option<OffsetDateTime>) -> Result<(), PortError> {
        let attempts = held.attempts + 1;
        let (pk, sk, due) = match next {
            Some(at) => (PARTITION, sort_key(at, &held.id), at),
            None => (DEAD, held.id.clone(), held.due_at),
        };
        let put = Put::builder()
            .table_name(self.table())
            .set_item(Some(item(pk, &sk, &held.id, &held.mail, attempts, due)))
            .build()
            .map_err(PortError::internal)?;
        let delete = Delete::builder()
            .table_name(self.table())
            .set_key(Some(key(PARTITION, &sort_key(held.due_at, &held.id))))
            // Another run already moved it: do nothing twice.
            .condition_expression("attribute_exists(pk)")
            .build()
            .map_err(PortError::internal)?;
        let done = self
            .client()
            .await
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().delete(delete).build())
            .transact_items(TransactWriteItem::builder().put(put).build())
            .send()
            .await;
        match done {
            Ok(_) => Ok(()),
            Err(e) if super::store::cancellation_codes(&e).is_some() => Ok(()),
            Err(e) => Err(sdk_error(e)),
        }
    }
}
