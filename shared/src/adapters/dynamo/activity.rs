//! DynamoDB for the activity log. Entries are only ever put (if absent): no code path
//! and no IAM grant updates or deletes them.
//!
//! | item | pk | sk | index keys |
//! | --- | --- | --- | --- |
//! | an entry (`entry`: the JSON) | `ACTIVITY` | `LOG#{at}#{id}` | gsi1 `ACTIVITY#BY#{staff}`, gsi2 `ACTIVITY#AREA#{area}`, gsi3 `ACTIVITY#BY#{staff}#{area}`; each sorted by `{at}#{id}` |
//!
//! Every listing is one Query, newest first: the whole log on the table, one person on
//! gsi1, one area on gsi2, both on gsi3. A write is one PutItem (four index entries).

use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{Activity, ActivityFilter};
use crate::ports::{ActivityLog, Page, PageRequest, PortError};
use async_trait::async_trait;

const LOG: &str = "ACTIVITY";

#[async_trait]
impl ActivityLog for DynamoStore {
    async fn append(&self, entry: &Activity) -> Result<(), PortError> {
        let order = format!("{}#{}", entry.at, entry.id);
        let area = entry.area.as_str();
        let by = entry.by.id.as_str();
        let mut item = key(LOG.to_owned(), &format!("LOG#{order}"));
        item.insert("type".into(), s("activity"));
        item.insert("entry".into(), json(entry)?);
        for (index, partition) in [
            ("gsi1", format!("{LOG}#BY#{by}")),
            ("gsi2", format!("{LOG}#AREA#{area}")),
            ("gsi3", format!("{LOG}#BY#{by}#{area}")),
        ] {
            item.insert(format!("{index}pk"), s(partition));
            item.insert(format!("{index}sk"), s(order.clone()));
        }
        self.client()
            .await
            .put_item()
            .table_name(self.table())
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    async fn activities(
        &self,
        filter: &ActivityFilter,
        page: &PageRequest,
    ) -> Result<Page<Activity>, PortError> {
        let (items, next_cursor) = match (&filter.by, filter.area) {
            (None, None) => self.query_prefix_page(LOG, "LOG#", page).await?,
            (Some(by), None) => {
                self.query_index_page("gsi1", &format!("{LOG}#BY#{by}"), false, page)
                    .await?
            }
            (None, Some(area)) => {
                let p = format!("{LOG}#AREA#{}", area.as_str());
                self.query_index_page("gsi2", &p, false, page).await?
            }
            (Some(by), Some(area)) => {
                let p = format!("{LOG}#BY#{by}#{}", area.as_str());
                self.query_index_page("gsi3", &p, false, page).await?
            }
        };
        Ok(Page {
            items: items
                .iter()
                .map(|item| from_json(item, "entry"))
                .collect::<Result<_, _>>()?,
            next_cursor,
        })
    }
}
