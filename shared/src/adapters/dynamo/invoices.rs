//! Orders by invoice code, for staff looking one up: the order item carries
//! `gsi3pk = INVOICES#{YYYYMM}` (the code's month) and `gsi3sk = {code}`, so a code or
//! its beginning is one Query of one month's partition (`begins_with`). Orders placed
//! before this index existed get their keys from `toko search-index`.

use super::store::*;
use crate::aws::sdk_error;
use crate::domain::Order;
use crate::ports::{Page, PageRequest, PortError};

impl DynamoStore {
    pub(crate) async fn invoices_with_prefix(
        &self,
        prefix: &str,
        page: &PageRequest,
    ) -> Result<Page<Order>, PortError> {
        let month = prefix.get(4..10).unwrap_or("");
        let partition = format!("INVOICES#{month}");
        let q = PageQuery {
            prefix,
            ..PageQuery::index("gsi3", &partition)
        };
        let (items, next_cursor) = self.query_page(&q, page).await?;
        Ok(Page {
            items: items
                .iter()
                .map(super::orders::order_from)
                .collect::<Result<_, _>>()?,
            next_cursor,
        })
    }

    /// Gives an order stored before the invoice index its keys (`toko search-index`).
    pub async fn index_invoice(&self, order: &Order) -> Result<(), PortError> {
        self.client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(order_key(&order.id)))
            .update_expression("SET gsi3pk = :p, gsi3sk = :code")
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_values(
                ":p",
                s(format!("INVOICES#{}", order.invoice_code.month())),
            )
            .expression_attribute_values(":code", s(order.invoice_code.as_str()))
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    /// Brings a customer's search entries in line with their profile (`toko
    /// search-index`).
    pub async fn index_person(&self, id: &crate::domain::UserId) -> Result<(), PortError> {
        self.refresh_person(id).await
    }
}
