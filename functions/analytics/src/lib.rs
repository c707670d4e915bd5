//! `GET /api/admin/analytics?from=2025-01&to=2025-10[&format=csv]` (manager, admin):
//! units and revenue by category by month, month totals, the best customers with RFM
//! scores, and the satisfaction index. Every figure is read from counters kept by the
//! order's completion: a few Queries, whatever the number of orders.
//! `format=csv` gives sales by category and month as CSV; `format=customers` the
//! customer list (up to [`CUSTOMER_EXPORT`], best first) with RFM scores.
//! Past sales imported from the shop's books (`imports`) are added in, each figure saying
//! how much of it was imported.

mod imports;

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use time::OffsetDateTime;
use toko::activity::Recorder;
use toko::auth::{authenticate_session, TokenKeys};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{merge_customers, month_range, rfc3339, rfm, with_imported, CustomerStats};
use toko::http::{self, HttpResult};
use toko::ports::{Analytics, Catalog, Clock, SalesImports, ShopSettings};
use toko::wiring;
use toko::Error;

pub struct Deps {
    pub analytics: Arc<dyn Analytics>,
    pub imports: Arc<dyn SalesImports>,
    /// Products and category names, for what a sales file's category column names.
    pub catalog: Arc<dyn Catalog>,
    pub settings: Arc<dyn ShopSettings>,
    pub activity: Recorder,
    pub keys: TokenKeys,
    /// Whether a token's session still stands (role, version, active staff).
    pub sessions: Arc<toko::sessions::Sessions>,
    pub clock: Arc<dyn Clock>,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        let sessions = wiring::sessions(store.clone());
        Ok(Self {
            activity: wiring::activity(store.clone(), sessions.clone(), clock.clone()),
            sessions,
            imports: store.clone(),
            catalog: store.clone(),
            settings: store.clone(),
            analytics: store,
            keys: settings.token_keys()?,
            clock,
        })
    }
}

pub async fn handle(deps: &Deps, req: Request) -> Result<Response<Body>, lambda_http::Error> {
    http::respond(route(deps, &req).await)
}

toko::routes! {
    Deps;
    GET "/api/admin/analytics" => report,
    GET "/api/admin/imports" => list_imports,
    POST "/api/admin/imports/sales" => import_sales,
    POST "/api/admin/imports/{id}/undo" => undo_import(id),
}

async fn list_imports(deps: &Deps, req: &Request) -> HttpResult {
    imports::list(deps, req).await
}

async fn import_sales(deps: &Deps, req: &Request) -> HttpResult {
    imports::import_sales(deps, req).await
}

async fn undo_import(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    imports::undo(deps, req, id).await
}

/// Sales of `from..=to` with the applied imports' months added in.
async fn sales(
    deps: &Deps,
    from: &str,
    to: &str,
) -> Result<
    (
        Vec<toko::domain::CategoryMonth>,
        Vec<toko::domain::MonthTotal>,
    ),
    Error,
> {
    let (live, imported) = tokio::join!(
        deps.analytics.sales(from, to),
        deps.imports.imported_months(from, to)
    );
    Ok(with_imported(live?, &imported?))
}

/// The best customers, imported past orders included (applied imports only), one entry
/// per e-mail address.
async fn best_customers(deps: &Deps, limit: usize) -> Result<Vec<CustomerStats>, Error> {
    // Imported entries of one person sit beside their account's: read more, then merge.
    let (entries, applied) = tokio::join!(
        deps.analytics
            .top_customers(i32::try_from(limit * 3).unwrap_or(i32::MAX)),
        deps.imports.applied()
    );
    let applied = applied?;
    let counted = entries?
        .into_iter()
        .filter(|c| c.import_id.as_ref().is_none_or(|id| applied.contains(id)))
        .collect();
    Ok(merge_customers(counted, limit))
}

/// Customers in one export (one Query on the best-customers index).
pub const CUSTOMER_EXPORT: usize = 1000;

/// A CSV field: quoted, with quotes doubled, and no leading formula characters.
fn csv_field(raw: &str) -> String {
    let safe = raw.trim_start_matches(['=', '+', '-', '@']);
    format!("\"{}\"", safe.replace('"', "\"\""))
}

/// `format=months`: one line per month of the range, money net of discounts, with the
/// discounts given, the vouchers redeemed and the points issued and spent.
async fn months_csv(deps: &Deps, from: &str, to: &str) -> HttpResult {
    let (_, months) = sales(deps, from, to).await?;
    let mut out = String::from(
        "month,orders,units,revenue,shipping,discounts,vouchers_redeemed,voucher_discounts,points_issued,points_spent,points_discounts\n",
    );
    for m in &months {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{}\n",
            m.month,
            m.orders,
            m.units,
            m.revenue,
            m.shipping,
            m.discounts,
            m.vouchers_redeemed,
            m.voucher_discounts,
            m.points_issued,
            m.points_spent,
            m.points_discounts
        ));
    }
    http::csv_download(out, &format!("months-{from}-{to}.csv"))
}

async fn customers_csv(deps: &Deps, now: OffsetDateTime) -> HttpResult {
    let customers = best_customers(deps, CUSTOMER_EXPORT).await?;
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
    http::csv_download(out, "customers.csv")
}

async fn report(deps: &Deps, req: &Request) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(toko::domain::Permission::Dashboard)?;
    let now = deps.clock.now();
    let q = http::query(req);
    let (from, to) = month_range(
        q.get("from").map(String::as_str),
        q.get("to").map(String::as_str),
        now,
    )
    .map_err(|m| Error::bad_request("invalid_query", m))?;
    let format = q.get("format").map(String::as_str).unwrap_or("");
    let csv = match format {
        "" | "json" => false,
        "csv" => true,
        "customers" => return customers_csv(deps, now).await,
        "months" => return months_csv(deps, &from, &to).await,
        _ => {
            return Err(Error::bad_request(
                "invalid_query",
                "format must be json, csv, months or customers.",
            ))
        }
    };

    let (sales, top, satisfaction) = tokio::join!(
        sales(deps, &from, &to),
        best_customers(deps, 10),
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
        return http::csv_download(out, &format!("sales-{from}-{to}.csv"));
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
                "importedRevenue": c.imported_revenue,
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
                "discounts": months.iter().map(|m| m.discounts).sum::<i64>(),
                "vouchersRedeemed": months.iter().map(|m| m.vouchers_redeemed).sum::<i64>(),
                "voucherDiscounts": months.iter().map(|m| m.voucher_discounts).sum::<i64>(),
                "pointsIssued": months.iter().map(|m| m.points_issued).sum::<i64>(),
                "pointsSpent": months.iter().map(|m| m.points_spent).sum::<i64>(),
                "pointsDiscounts": months.iter().map(|m| m.points_discounts).sum::<i64>(),
                "imported": {
                    "orders": months.iter().map(|m| m.imported_orders).sum::<i64>(),
                    "units": months.iter().map(|m| m.imported_units).sum::<i64>(),
                    "revenue": months.iter().map(|m| m.imported_revenue).sum::<i64>(),
                },
                "byMonth": months,
            },
            "topCustomers": top_customers,
            "satisfaction": { "average": average, "count": count, "index": index },
        }),
    )
}
