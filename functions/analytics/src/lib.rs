//! `GET /api/admin/analytics?from=2025-01&to=2025-10[&format=csv]` (manager, admin):
//! units and revenue by category by month, month totals, the best customers with RFM
//! scores, and the satisfaction index. Every figure is read from counters kept by the
//! order's completion: a few Queries, whatever the number of orders.
//! `format=csv` gives sales by category and month as CSV; `format=customers` the
//! customer list (up to [`CUSTOMER_EXPORT`], best first) with RFM scores.

use lambda_http::http::{header, Method, StatusCode};
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use time::OffsetDateTime;
use toko::adapters::dynamo::DynamoStore;
use toko::adapters::dynamo_analytics::{month_of, CustomerStats};
use toko::auth::{authenticate, TokenKeys};
use toko::aws::SdkConfig;
use toko::config::{self, ConfigError};
use toko::domain::{rfc3339, Role};
use toko::http::{self, HttpResult};
use toko::ports::{Analytics, Clock, SystemClock};
use toko::Error;

pub struct Deps {
    pub analytics: Arc<dyn Analytics>,
    pub keys: TokenKeys,
    pub clock: Arc<dyn Clock>,
}

impl Deps {
    pub fn from_env(sdk: &SdkConfig) -> Result<Self, ConfigError> {
        Ok(Self {
            analytics: Arc::new(DynamoStore::from_sdk(sdk, config::table_name()?)),
            keys: config::token_keys()?,
            clock: Arc::new(SystemClock),
        })
    }
}

pub async fn handle(deps: &Deps, req: Request) -> Result<Response<Body>, lambda_http::Error> {
    http::respond(route(deps, &req).await)
}

async fn route(deps: &Deps, req: &Request) -> HttpResult {
    match http::segments(req).as_slice() {
        ["api", "admin", "analytics"] => match *req.method() {
            Method::GET => report(deps, req).await,
            _ => Err(http::method_not_allowed(&[Method::GET])),
        },
        _ => Err(http::route_not_found()),
    }
}

/// Customers in one export (one Query on the best-customers index).
pub const CUSTOMER_EXPORT: i32 = 1000;

/// A CSV field: quoted, with quotes doubled, and no leading formula characters.
fn csv_field(raw: &str) -> String {
    let safe = raw.trim_start_matches(['=', '+', '-', '@']);
    format!("\"{}\"", safe.replace('"', "\"\""))
}

fn csv_response(body: String, name: &str) -> HttpResult {
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "text/csv; charset=utf-8")
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        )
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body))
        .map_err(Error::internal)
}

async fn customers_csv(deps: &Deps, now: OffsetDateTime) -> HttpResult {
    let customers = deps.analytics.top_customers(CUSTOMER_EXPORT).await?;
    let best = customers.first().map(|c| c.revenue).unwrap_or(0);
    let mut out =
        String::from("name,email,orders,revenue,last_order_at,recency,frequency,monetary\n");
    for c in &customers {
        let (r, f, m) = rfm(c, now, best);
        out.push_str(&format!(
            "{},{},{},{},{},{r},{f},{m}\n",
            csv_field(&c.name),
            csv_field(&c.email),
            c.orders,
            c.revenue,
            c.last_order_at.map(rfc3339).unwrap_or_default()
        ));
    }
    csv_response(out, "customers.csv")
}

/// `yyyy-mm` as (year, month).
fn parse_month(raw: &str) -> Option<(i32, u8)> {
    let (y, m) = raw.split_once('-')?;
    let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u8>().ok()?);
    ((2000..=2200).contains(&y) && (1..=12).contains(&m) && raw.len() == 7).then_some((y, m))
}

fn months_between(a: (i32, u8), b: (i32, u8)) -> i32 {
    (b.0 - a.0) * 12 + i32::from(b.1) - i32::from(a.1)
}

/// Recency, frequency and monetary scores, 1 (low) to 5 (high).
fn rfm(c: &CustomerStats, now: OffsetDateTime, best_spend: i64) -> (u8, u8, u8) {
    let days = c
        .last_order_at
        .map(|t| (now - t).whole_days())
        .unwrap_or(i64::MAX);
    let r = match days {
        d if d <= 30 => 5,
        d if d <= 90 => 4,
        d if d <= 180 => 3,
        d if d <= 365 => 2,
        _ => 1,
    };
    let f = match c.orders {
        n if n >= 10 => 5,
        n if n >= 5 => 4,
        n if n >= 3 => 3,
        2 => 2,
        _ => 1,
    };
    let share = if best_spend > 0 {
        c.revenue * 100 / best_spend
    } else {
        0
    };
    let m = match share {
        s if s >= 80 => 5,
        s if s >= 60 => 4,
        s if s >= 40 => 3,
        s if s >= 20 => 2,
        _ => 1,
    };
    (r, f, m)
}

async fn report(deps: &Deps, req: &Request) -> HttpResult {
    authenticate(req, &deps.keys, deps.clock.now())?.require(&[Role::Manager])?;
    let now = deps.clock.now();
    let q = http::query(req);
    let bad = |m: &str| Error::bad_request("invalid_query", m.to_owned());
    let to = match q.get("to").filter(|v| !v.is_empty()) {
        Some(v) => v.clone(),
        None => month_of(now),
    };
    let to_m = parse_month(&to).ok_or_else(|| bad("to must be a month like 2025-10."))?;
    let from = match q.get("from").filter(|v| !v.is_empty()) {
        Some(v) => v.clone(),
        None => {
            let (y, m) = to_m;
            let back = i32::from(m) - 12;
            if back >= 1 {
                format!("{y:04}-{back:02}")
            } else {
                format!("{:04}-{:02}", y - 1, back + 12)
            }
        }
    };
    let from_m = parse_month(&from).ok_or_else(|| bad("from must be a month like 2025-01."))?;
    let span = months_between(from_m, to_m);
    if !(0..=36).contains(&span) {
        return Err(bad(
            "from must not be after to, and the range at most 36 months.",
        ));
    }
    let format = q.get("format").map(String::as_str).unwrap_or("");
    let csv = match format {
        "" | "json" => false,
        "csv" => true,
        "customers" => return customers_csv(deps, now).await,
        _ => return Err(bad("format must be json, csv or customers.")),
    };

    let (sales, top, satisfaction) = tokio::join!(
        deps.analytics.sales(&from, &to),
        deps.analytics.top_customers(10),
        deps.analytics.satisfaction()
    );
    let ((categories, months), top, satisfaction) = (sales?, top?, satisfaction?);

    if csv {
        let mut out = String::from("month,category,units,revenue\n");
        for c in &categories {
            let category = c.category.replace(['"', ','], "");
            out.push_str(&format!(
                "{},{},{},{}\n",
                c.month, category, c.units, c.revenue
            ));
        }
        return csv_response(out, &format!("sales-{from}-{to}.csv"));
    }

    let best = top.first().map(|c| c.revenue).unwrap_or(0);
    let top_customers: Vec<_> = top
        .iter()
        .map(|c| {
            let (r, f, m) = rfm(c, now, best);
            json!({
                "customerId": c.customer_id, "name": c.name, "email": c.email,
                "orders": c.orders, "revenue": c.revenue,
                "lastOrderAt": c.last_order_at.map(rfc3339),
                "rfm": { "recency": r, "frequency": f, "monetary": m, "score": format!("{r}{f}{m}") },
            })
        })
        .collect();
    let count = satisfaction.rating_count.max(0);
    let average = if count > 0 {
        (satisfaction.rating_sum as f64 / count as f64 * 10.0).round() / 10.0
    } else {
        0.0
    };
    let index = if count > 0 {
        (satisfaction.high_count as f64 * 1000.0 / count as f64).round() / 10.0
    } else {
        0.0
    };
    http::json(
        StatusCode::OK,
        &json!({
            "from": from, "to": to,
            "salesByCategoryByMonth": categories,
            "totals": {
                "orders": months.iter().map(|m| m.orders).sum::<i64>(),
                "units": months.iter().map(|m| m.units).sum::<i64>(),
                "revenue": months.iter().map(|m| m.revenue).sum::<i64>(),
                "shipping": months.iter().map(|m| m.shipping).sum::<i64>(),
                "byMonth": months,
            },
            "topCustomers": top_customers,
            "satisfaction": { "average": average, "count": count, "index": index },
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_strictly() {
        assert_eq!(parse_month("2025-01"), Some((2025, 1)));
        for bad in ["2025-13", "2025-1", "25-01", "2025/01", "abcd-ef", ""] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
        assert_eq!(months_between((2024, 11), (2025, 2)), 3);
    }

    #[test]
    fn rfm_scores_reward_recent_frequent_big_spenders() {
        let now = OffsetDateTime::now_utc();
        let best = CustomerStats {
            orders: 12,
            revenue: 1_000,
            last_order_at: Some(now),
            ..Default::default()
        };
        let lapsed = CustomerStats {
            orders: 1,
            revenue: 100,
            last_order_at: Some(now - time::Duration::days(400)),
            ..Default::default()
        };
        assert_eq!(rfm(&best, now, 1_000), (5, 5, 5));
        assert_eq!(rfm(&lapsed, now, 1_000), (1, 1, 1));
    }
}
