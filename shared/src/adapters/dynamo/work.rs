//! DynamoDB for the work waiting for staff: four counting Queries on the index partitions
//! the queues already have (`Select = COUNT`: no items come back), at once.
//!
//! | count | index partition |
//! | --- | --- |
//! | registrations waiting | gsi1 `CUSTOMERS#pending` |
//! | orders waiting | gsi2 `ORDERS#pending` |
//! | payment proofs to check | gsi2 `ORDERS#accepted`, filtered on `proofToCheck` |
//! | unanswered messages | gsi1 `STAFF_INBOX#unanswered` |

use super::store::*;
use crate::aws::sdk_error;
use crate::domain::WaitingWork;
use crate::ports::{PortError, WorkQueue};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Select};

impl DynamoStore {
    /// How many items of the index partition (pass the filter), page by page.
    async fn count(
        &self,
        index: &str,
        partition: &str,
        proof_only: bool,
    ) -> Result<u32, PortError> {
        let mut total = 0u32;
        let mut start = None;
        loop {
            let mut q = self
                .client()
                .await
                .query()
                .table_name(self.table())
                .index_name(index)
                .key_condition_expression(format!("{index}pk = :p"))
                .expression_attribute_values(":p", s(partition))
                .select(Select::Count)
                .set_exclusive_start_key(start);
            if proof_only {
                q = q
                    .filter_expression("proofToCheck = :yes")
                    .expression_attribute_values(":yes", AttributeValue::Bool(true));
            }
            let out = q.send().await.map_err(sdk_error)?;
            total = total.saturating_add(u32::try_from(out.count()).unwrap_or(0));
            start = out.last_evaluated_key().cloned();
            if start.is_none() {
                return Ok(total);
            }
        }
    }
}

#[async_trait]
impl WorkQueue for DynamoStore {
    async fn waiting(&self) -> Result<WaitingWork, PortError> {
        let (registrations, pending_orders, proofs_to_check, unanswered_messages) = tokio::join!(
            self.count("gsi1", "CUSTOMERS#pending", false),
            self.count("gsi2", "ORDERS#pending", false),
            self.count("gsi2", "ORDERS#accepted", true),
            self.count("gsi1", "STAFF_INBOX#unanswered", false),
        );
        Ok(WaitingWork {
            registrations: registrations?,
            pending_orders: pending_orders?,
            proofs_to_check: proofs_to_check?,
            unanswered_messages: unanswered_messages?,
        })
    }
}
