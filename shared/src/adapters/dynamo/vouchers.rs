//! DynamoDB for vouchers. Redemptions are written by the order's transaction
//! (`orders.rs`), given back by the move that rejects or cancels it.
//!
//! | item | pk | sk | gsi1 |
//! | --- | --- | --- | --- |
//! | voucher (with `used`) | `VOUCHER#{code}` | `VOUCHER` | `VOUCHERS` / `{createdAt}#{code}` |
//! | a customer's uses | `VOUCHER#{code}` | `USE#{customerId}` | |
//! | one order's redemption | `VOUCHER#{code}` | `REDEEMED#{orderId}` | |

use super::store::*;
use crate::aws::sdk_error;
use crate::domain::{
    rfc3339, Category, Missing, Order, Redemption, UserId, Voucher, VoucherCode, VoucherValue,
};
use crate::ports::{Page, PageRequest, PortError, Vouchers};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};

pub(crate) fn voucher_key(code: &VoucherCode) -> Item {
    key(format!("VOUCHER#{code}"), "VOUCHER")
}

fn use_key(code: &VoucherCode, customer: &UserId) -> Item {
    key(format!("VOUCHER#{code}"), &format!("USE#{customer}"))
}

fn redemption_key(code: &VoucherCode, order: &crate::domain::OrderId) -> Item {
    key(format!("VOUCHER#{code}"), &format!("REDEEMED#{order}"))
}

/// Every attribute of the voucher an edit may change (not `used`, which only orders
/// move); `None`: the attribute is absent (no cap, unlimited uses).
type Fields = Vec<(&'static str, Option<AttributeValue>)>;

fn fields(v: &Voucher) -> Result<Fields, PortError> {
    let (kind, value) = match v.value {
        VoucherValue::Percent(p) => ("percent", i64::from(p)),
        VoucherValue::Amount(a) => ("amount", a),
    };
    Ok(vec![
        ("kind", Some(s(kind))),
        ("amount", Some(n(value))),
        ("minSpend", Some(n(v.min_spend))),
        ("maxDiscount", v.max_discount.map(n)),
        ("startsAt", Some(s(rfc3339(v.starts_at)))),
        ("endsAt", Some(s(rfc3339(v.ends_at)))),
        ("totalUses", v.total_uses.map(n)),
        ("perCustomer", Some(n(v.per_customer))),
        (
            "firstOrderOnly",
            Some(AttributeValue::Bool(v.first_order_only)),
        ),
        ("categories", Some(json(&v.categories)?)),
        ("enabled", Some(AttributeValue::Bool(v.enabled))),
    ])
}

fn from(item: &Item) -> Result<Voucher, PortError> {
    let num = |k: &str| {
        item.get(k)
            .and_then(|v| v.as_n().ok())
            .and_then(|v| v.parse::<i64>().ok())
    };
    let flag = |k: &str| {
        item.get(k)
            .and_then(|v| v.as_bool().ok())
            .copied()
            .unwrap_or(false)
    };
    let amount = num("amount").ok_or_else(|| corrupt("amount"))?;
    let value = match get_s(item, "kind")? {
        "percent" => VoucherValue::Percent(u8::try_from(amount).map_err(|_| corrupt("amount"))?),
        _ => VoucherValue::Amount(amount),
    };
    Ok(Voucher {
        code: VoucherCode::parse(get_s(item, "code")?).map_err(|_| corrupt("code"))?,
        value,
        min_spend: num("minSpend").unwrap_or(0),
        max_discount: num("maxDiscount"),
        starts_at: ts(item, "startsAt")?,
        ends_at: ts(item, "endsAt")?,
        total_uses: num("totalUses").and_then(|t| u32::try_from(t).ok()),
        per_customer: get_n(item, "perCustomer").max(1),
        first_order_only: flag("firstOrderOnly"),
        categories: from_json::<Vec<Category>>(item, "categories")?,
        enabled: flag("enabled"),
        used: get_n(item, "used"),
        created_at: ts(item, "createdAt")?,
    })
}

fn redemption_from(item: &Item) -> Result<Redemption, PortError> {
    Ok(Redemption {
        order_id: get_s(item, "orderId")?.to_owned(),
        invoice_code: get_s(item, "invoiceCode")?.to_owned(),
        customer_id: get_s(item, "customerId")?.to_owned(),
        customer_name: get_s(item, "customerName")?.to_owned(),
        discount: big_n(item, "discount"),
        at: get_s(item, "at")?.to_owned(),
        returned: item
            .get("returned")
            .and_then(|v| v.as_bool().ok())
            .copied()
            .unwrap_or(false),
    })
}

impl DynamoStore {
    /// The order transaction's writes that redeem `voucher`: one more use in all (while it
    /// is enabled, running and not used up), one more for the customer (below the
    /// per-customer limit), and the redemption record. Their positions' refusals:
    /// used up (or switched off, or ended, meanwhile), already used.
    pub(crate) fn redeem_writes(
        &self,
        voucher: &Voucher,
        order: &Order,
    ) -> Result<[TransactWriteItem; 3], PortError> {
        let now = rfc3339(order.created_at);
        let discount = order.voucher.as_ref().map_or(0, |v| v.discount);
        let count = Update::builder()
            .table_name(self.table())
            .set_key(Some(voucher_key(&voucher.code)))
            .update_expression("ADD #used :one")
            .condition_expression(
                "#enabled = :t AND startsAt <= :now AND endsAt > :now AND (attribute_not_exists(totalUses) OR #used < totalUses)",
            )
            .expression_attribute_names("#used", "used")
            .expression_attribute_names("#enabled", "enabled")
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":t", AttributeValue::Bool(true))
            .expression_attribute_values(":now", s(&now))
            .build()
            .map_err(PortError::internal)?;
        let mine = Update::builder()
            .table_name(self.table())
            .set_key(Some(use_key(&voucher.code, &order.customer_id)))
            .update_expression("ADD #uses :one")
            .condition_expression("attribute_not_exists(#uses) OR #uses < :per")
            .expression_attribute_names("#uses", "uses")
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":per", n(voucher.per_customer))
            .build()
            .map_err(PortError::internal)?;
        let mut record = redemption_key(&voucher.code, &order.id);
        record.insert("orderId".into(), s(order.id.as_str()));
        record.insert("invoiceCode".into(), s(order.invoice_code.as_str()));
        record.insert("customerId".into(), s(order.customer_id.as_str()));
        record.insert("customerName".into(), s(order.customer_name.as_str()));
        record.insert("discount".into(), n(discount));
        record.insert("at".into(), s(now));
        let put = Put::builder()
            .table_name(self.table())
            .set_item(Some(record))
            .build()
            .map_err(PortError::internal)?;
        Ok([
            TransactWriteItem::builder().update(count).build(),
            TransactWriteItem::builder().update(mine).build(),
            TransactWriteItem::builder().put(put).build(),
        ])
    }

    /// The writes that give a rejected or cancelled order's voucher use back.
    pub(crate) fn give_back_writes(
        &self,
        order: &Order,
    ) -> Result<Vec<TransactWriteItem>, PortError> {
        let Some(applied) = &order.voucher else {
            return Ok(Vec::new());
        };
        let less = |k: Item, attr: &str| {
            Update::builder()
                .table_name(self.table())
                .set_key(Some(k))
                .update_expression("ADD #c :minus")
                .expression_attribute_names("#c", attr)
                .expression_attribute_values(":minus", n(-1))
                .build()
                .map(|u| TransactWriteItem::builder().update(u).build())
                .map_err(PortError::internal)
        };
        let returned = Update::builder()
            .table_name(self.table())
            .set_key(Some(redemption_key(&applied.code, &order.id)))
            .update_expression("SET #returned = :t")
            .expression_attribute_names("#returned", "returned")
            .expression_attribute_values(":t", AttributeValue::Bool(true))
            .build()
            .map_err(PortError::internal)?;
        Ok(vec![
            less(voucher_key(&applied.code), "used")?,
            less(use_key(&applied.code, &order.customer_id), "uses")?,
            TransactWriteItem::builder().update(returned).build(),
        ])
    }
}

#[async_trait]
impl Vouchers for DynamoStore {
    async fn get(&self, code: &VoucherCode) -> Result<Option<Voucher>, PortError> {
        self.get_item(voucher_key(code))
            .await?
            .as_ref()
            .map(from)
            .transpose()
    }

    async fn uses_by(&self, code: &VoucherCode, customer: &UserId) -> Result<u32, PortError> {
        Ok(self
            .get_item(use_key(code, customer))
            .await?
            .map_or(0, |item| get_n(&item, "uses")))
    }

    async fn create(&self, v: &Voucher) -> Result<(), PortError> {
        let mut item = voucher_key(&v.code);
        for (k, value) in fields(v)? {
            if let Some(value) = value {
                item.insert(k.to_owned(), value);
            }
        }
        item.insert("type".into(), s("voucher"));
        item.insert("code".into(), s(v.code.as_str()));
        item.insert("used".into(), n(0));
        item.insert("createdAt".into(), s(rfc3339(v.created_at)));
        item.insert("gsi1pk".into(), s("VOUCHERS"));
        item.insert(
            "gsi1sk".into(),
            s(format!("{}#{}", rfc3339(v.created_at), v.code)),
        );
        let out = self
            .client()
            .await
            .put_item()
            .table_name(self.table())
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        match out {
            Ok(_) => Ok(()),
            Err(e) if is_conditional_failure(&e) => {
                Err(crate::domain::Refusal::VoucherCodeTaken.into())
            }
            Err(e) => Err(sdk_error(e)),
        }
    }

    async fn update(&self, v: &Voucher) -> Result<(), PortError> {
        let fields = fields(v)?;
        let (mut set, mut remove) = (Vec::new(), Vec::new());
        for (k, value) in &fields {
            match value {
                Some(_) => set.push(format!("#{k} = :{k}")),
                None => remove.push(format!("#{k}")),
            }
        }
        let mut expression = format!("SET {}", set.join(", "));
        if !remove.is_empty() {
            expression.push_str(&format!(" REMOVE {}", remove.join(", ")));
        }
        let mut update = self
            .client()
            .await
            .update_item()
            .table_name(self.table())
            .set_key(Some(voucher_key(&v.code)))
            .update_expression(expression)
            .condition_expression("attribute_exists(pk)");
        for (k, value) in fields {
            update = update.expression_attribute_names(format!("#{k}"), k);
            if let Some(value) = value {
                update = update.expression_attribute_values(format!(":{k}"), value);
            }
        }
        exists_or_not_found(update.send().await, Missing::Voucher)
    }

    async fn all(&self, page: &PageRequest) -> Result<Page<Voucher>, PortError> {
        let (items, next_cursor) = self
            .query_index_page("gsi1", "VOUCHERS", false, page)
            .await?;
        Ok(Page {
            items: items.iter().map(from).collect::<Result<_, _>>()?,
            next_cursor,
        })
    }

    async fn redemptions(
        &self,
        code: &VoucherCode,
        page: &PageRequest,
    ) -> Result<Page<Redemption>, PortError> {
        let (items, next_cursor) = self
            .query_prefix_page(&format!("VOUCHER#{code}"), "REDEEMED#", page)
            .await?;
        Ok(Page {
            items: items
                .iter()
                .map(redemption_from)
                .collect::<Result<_, _>>()?,
            next_cursor,
        })
    }
}
