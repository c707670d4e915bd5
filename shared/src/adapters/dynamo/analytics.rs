//! Pre-aggregated sales figures, written in the transaction that completes an order, so a
//! dashboard read costs the same with 10 orders or 10 million.
//!
//! | item | pk | sk | gsi1 |
//! | --- | --- | --- | --- |
//! | units and revenue of a category in a month | `STATS#SALES` | `MONTH#{yyyy-mm}#CAT#{category}` | |
//! | a month's totals | `STATS#SALES` | `MONTH#{yyyy-mm}#TOTAL` | |
//! | a customer's orders, spend, last order | `STATS#CUSTOMER#{id}` | `STATS` | `TOPCUSTOMERS` / `{spend, zero-padded}#{id}` |
//! | review ratings of the shop | `STATS#SATISFACTION` | `ALL` | |

use super::store::*;
use crate::aws::sdk_error;
use crate::ports::PortError;

use crate::domain::{
    month_of, parse_rfc3339, rfc3339, Category, CategoryMonth, CustomerStats, Money, MonthTotal,
    Order, Satisfaction, UserId,
};
use aws_sdk_dynamodb::types::{TransactWriteItem, Update};
use std::collections::BTreeMap;
use std::collections::HashMap;
use time::OffsetDateTime;

fn num(item: &Item, k: &str) -> i64 {
    item.get(k)
        .and_then(|v| v.as_n().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn customer_key(id: &UserId) -> Item {
    HashMap::from([
        ("pk".to_owned(), s(format!("STATS#CUSTOMER#{id}"))),
        ("sk".to_owned(), s("STATS")),
    ])
}

fn stats_from(item: &Item) -> CustomerStats {
    CustomerStats {
        orders: num(item, "orders").max(0) as u64,
        revenue: num(item, "revenue"),
        last_order_at: opt_s(item, "lastOrderAt").and_then(parse_rfc3339),
        name: opt_s(item, "name").unwrap_or("").to_owned(),
        email: opt_s(item, "email").unwrap_or("").to_owned(),
        customer_id: opt_s(item, "customerId").unwrap_or("").to_owned(),
        exists: true,
        imported_revenue: if item.contains_key("importId") {
            num(item, "revenue")
        } else {
            0
        },
        import_id: opt_s(item, "importId").map(str::to_owned),
    }
}

impl DynamoStore {
    pub async fn customer_stats(&self, id: &UserId) -> Result<CustomerStats, PortError> {
        let item = self.get_item(customer_key(id)).await?;
        Ok(item.as_ref().map(stats_from).unwrap_or_default())
    }

    /// The writes that count a completed order; the last one (the customer's totals) is
    /// conditional on `before`, so two completions for one customer cannot lose a sum.
    pub(crate) fn completion_writes(
        &self,
        order: &Order,
        at: OffsetDateTime,
        before: &CustomerStats,
        earned: u64,
    ) -> Result<Vec<TransactWriteItem>, PortError> {
        let month = month_of(at);
        let mut by_category: BTreeMap<&Category, (i64, Money)> = BTreeMap::new();
        for line in &order.items {
            let e = by_category.entry(&line.category).or_default();
            e.0 += i64::from(line.quantity);
            e.1 += line.net(); // net of its promo: what the shop was paid for it
        }
        let mut writes = Vec::new();
        let update = |sk: String| {
            Update::builder()
                .table_name(self.table())
                .key("pk", s("STATS#SALES"))
                .key("sk", s(sk))
        };
        for (category, (units, revenue)) in &by_category {
            let u = update(format!("MONTH#{month}#CAT#{}", category.as_str()))
                .update_expression("ADD units :u, revenue :r SET #month = :m, category = :c")
                .expression_attribute_names("#month", "month")
                .expression_attribute_values(":u", n(units))
                .expression_attribute_values(":r", n(revenue))
                .expression_attribute_values(":m", s(&month))
                .expression_attribute_values(":c", s(category.as_str()))
                .build()
                .map_err(PortError::internal)?;
            writes.push(TransactWriteItem::builder().update(u).build());
        }
        let units: i64 = by_category.values().map(|(u, _)| u).sum();
        let total = update(format!("MONTH#{month}#TOTAL"))
            .update_expression(
                "ADD orders :one, units :u, revenue :r, shipping :sh, discounts :d, vouchersRedeemed :vr, voucherDiscounts :vd, pointsIssued :pi, pointsSpent :ps, pointsDiscounts :pd SET #month = :m",
            )
            .expression_attribute_names("#month", "month")
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":d", n(order.discount))
            .expression_attribute_values(":vr", n(i64::from(order.voucher.is_some())))
            .expression_attribute_values(
                ":vd",
                n(order.voucher.as_ref().map_or(0, |v| v.discount)),
            )
            .expression_attribute_values(":u", n(units))
            .expression_attribute_values(":pi", n(earned))
            .expression_attribute_values(":ps", n(order.points.map_or(0, |p| p.points)))
            .expression_attribute_values(":pd", n(order.points.map_or(0, |p| p.discount)))
            // Net of every discount (the lines' promos and the voucher) and of what points
            // paid; a category's revenue is net of its lines' promos (a voucher and points
            // are not split by category).
            .expression_attribute_values(
                ":r",
                n(order.subtotal - order.discount - order.points.map_or(0, |p| p.discount)),
            )
            .expression_attribute_values(":sh", n(order.shipping_cost))
            .expression_attribute_values(":m", s(&month))
            .build()
            .map_err(PortError::internal)?;
        writes.push(TransactWriteItem::builder().update(total).build());

        let revenue = before.revenue + order.total;
        let mut customer = Update::builder()
            .table_name(self.table())
            .set_key(Some(customer_key(&order.customer_id)))
            .update_expression(
                "SET orders = :orders, revenue = :revenue, lastOrderAt = :at, #name = :name, email = :email, customerId = :id, gsi1pk = :top, gsi1sk = :rank",
            )
            .expression_attribute_names("#name", "name")
            .expression_attribute_values(":orders", n(before.orders + 1))
            .expression_attribute_values(":revenue", n(revenue))
            .expression_attribute_values(":at", s(rfc3339(at)))
            .expression_attribute_values(":name", s(order.customer_name.as_str()))
            .expression_attribute_values(":email", s(order.customer_email.as_str()))
            .expression_attribute_values(":id", s(order.customer_id.as_str()))
            .expression_attribute_values(":top", s("TOPCUSTOMERS"))
            .expression_attribute_values(":rank", s(format!("{:020}#{}", revenue.max(0), order.customer_id)));
        customer = if before.exists {
            customer
                .condition_expression("revenue = :before")
                .expression_attribute_values(":before", n(before.revenue))
        } else {
            customer.condition_expression("attribute_not_exists(pk)")
        };
        writes.push(
            TransactWriteItem::builder()
                .update(customer.build().map_err(PortError::internal)?)
                .build(),
        );
        Ok(writes)
    }
}

#[async_trait::async_trait]
impl crate::ports::Analytics for DynamoStore {
    /// Category and total figures of the months `from..=to` (`yyyy-mm`).
    async fn sales(
        &self,
        from: &str,
        to: &str,
    ) -> Result<(Vec<CategoryMonth>, Vec<MonthTotal>), PortError> {
        let mut categories = Vec::new();
        let mut totals = Vec::new();
        let mut start = None;
        loop {
            let out = self
                .client()
                .await
                .query()
                .table_name(self.table())
                .key_condition_expression("pk = :pk AND sk BETWEEN :from AND :to")
                .expression_attribute_values(":pk", s("STATS#SALES"))
                .expression_attribute_values(":from", s(format!("MONTH#{from}")))
                .expression_attribute_values(":to", s(format!("MONTH#{to}#~")))
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(sdk_error)?;
            for item in out.items() {
                let sk = get_s(item, "sk")?;
                let month = opt_s(item, "month").unwrap_or("").to_owned();
                if sk.ends_with("#TOTAL") {
                    totals.push(MonthTotal {
                        month,
                        orders: num(item, "orders"),
                        units: num(item, "units"),
                        revenue: num(item, "revenue"),
                        shipping: num(item, "shipping"),
                        discounts: num(item, "discounts"),
                        vouchers_redeemed: num(item, "vouchersRedeemed"),
                        voucher_discounts: num(item, "voucherDiscounts"),
                        points_issued: num(item, "pointsIssued"),
                        points_spent: num(item, "pointsSpent"),
                        points_discounts: num(item, "pointsDiscounts"),
                        imported_orders: 0,
                        imported_units: 0,
                        imported_revenue: 0,
                    });
                } else {
                    categories.push(CategoryMonth {
                        month,
                        category: opt_s(item, "category").unwrap_or("").to_owned(),
                        units: num(item, "units"),
                        revenue: num(item, "revenue"),
                        imported_units: 0,
                        imported_revenue: 0,
                    });
                }
            }
            match out.last_evaluated_key() {
                Some(k) => start = Some(k.clone()),
                None => break,
            }
        }
        Ok((categories, totals))
    }

    /// The customers who spent most, best first.
    async fn top_customers(&self, limit: i32) -> Result<Vec<CustomerStats>, PortError> {
        let out = self
            .client()
            .await
            .query()
            .table_name(self.table())
            .index_name("gsi1")
            .key_condition_expression("gsi1pk = :top")
            .expression_attribute_values(":top", s("TOPCUSTOMERS"))
            .scan_index_forward(false)
            .limit(limit)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(out.items().iter().map(stats_from).collect())
    }

    async fn satisfaction(&self) -> Result<Satisfaction, PortError> {
        let out = self
            .client()
            .await
            .get_item()
            .table_name(self.table())
            .key("pk", s("STATS#SATISFACTION"))
            .key("sk", s("ALL"))
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(out
            .item()
            .map(|i| Satisfaction {
                rating_sum: num(i, "ratingSum"),
                rating_count: num(i, "ratingCount"),
                high_count: num(i, "highCount"),
            })
            .unwrap_or_default())
    }
}
