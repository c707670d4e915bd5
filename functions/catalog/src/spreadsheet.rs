//! The catalogue as a spreadsheet (`toko::domain::product_import`), for admins:
//! - `GET /api/admin/products/export`: every product as CSV
//!   (`sku,id,name,category,price,description`).
//! - `POST /api/admin/products/import?dryRun=&lang=` with a CSV body: every line checked
//!   (422 `invalid_csv`, each bad line as `line N`), then what each line does (create,
//!   update with the fields that change, unchanged); with `dryRun=true` nothing is written.
//!   Lines are written one by one: a failure part-way (a SKU taken meanwhile) stops with
//!   the line, and the same file again completes the rest (written lines are unchanged).

use crate::{catalog_admin, Deps};
use lambda_http::http::StatusCode;
use lambda_http::Request;
use serde_json::json;
use toko::domain::{
    parse_products, plan, products_csv, Action, Locale, Product, RecordRef, Step, MAX_PRODUCT_FILE,
};
use toko::http::{self, HttpResult};
use toko::ports::{every_page, ProductSort};
use toko::Error;

/// Every product by name, descriptions included (listings leave them out: read in
/// batches). The CSV export and the catalogue PDF show this.
pub(crate) async fn catalogue(deps: &Deps) -> Result<Vec<Product>, Error> {
    let listed = every_page(usize::MAX, |page| async move {
        deps.catalog.list(None, ProductSort::Name, &page).await
    })
    .await?;
    let ids: Vec<_> = listed.iter().map(|p| p.id.clone()).collect();
    let mut full = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(100) {
        full.extend(deps.catalog.get_many(chunk).await?);
    }
    // In the listing's order (by name).
    Ok(listed
        .iter()
        .filter_map(|l| full.iter().find(|p| p.id == l.id).cloned())
        .collect())
}

pub async fn export(deps: &Deps, req: &Request) -> HttpResult {
    catalog_admin(deps, req).await?;
    http::csv_download(products_csv(&catalogue(deps).await?), "products.csv")
}

pub async fn import(deps: &Deps, req: &Request) -> HttpResult {
    let who = catalog_admin(deps, req).await?;
    let q = http::query(req);
    let dry_run = http::query_flag(&q, "dryRun")?;
    let locale = q
        .get("lang")
        .and_then(|l| Locale::parse(l).ok())
        .unwrap_or_default();
    let text = http::text_body(
        req,
        MAX_PRODUCT_FILE,
        "A product file must be at most 1 MiB (200 products): split a larger one.",
    )?;
    let storefront = deps.settings.storefront().await?;
    let rows = parse_products(text, &|raw| storefront.category_named(raw), locale)
        .map_err(http::invalid_csv)?;
    let now = deps.clock.now();
    let steps = plan(rows, &catalogue(deps).await?, now, locale).map_err(http::invalid_csv)?;
    let count = |action: &str| steps.iter().filter(|(_, s)| s.action() == action).count();
    let (created, updated) = (count("create"), count("update"));
    if !dry_run {
        for (line, step) in &steps {
            let written = match step {
                Step::Create(p) => deps.catalog.create(p).await,
                Step::Update { after, .. } => deps.catalog.update(after).await,
                Step::Unchanged(_) => Ok(()),
            };
            if let Err(e) = written {
                let mut err = Error::from(e);
                err.detail = format!("Line {line}: {} Lines before it were saved; correct it and import the file again.", err.detail);
                return Err(err);
            }
        }
        if created + updated > 0 {
            deps.activity
                .record(
                    &who,
                    Action::ProductsImported,
                    RecordRef::new("catalog", "products"),
                    &format!("{created} created, {updated} updated"),
                )
                .await;
        }
    }
    let rows: Vec<_> = steps
        .iter()
        .map(|(line, step)| {
            let p = step.product();
            json!({
                "line": line, "action": step.action(), "id": p.id,
                "sku": p.sku, "name": p.name, "price": p.price,
                "changes": match step { Step::Update { changed, .. } => changed.clone(), _ => Vec::new() },
            })
        })
        .collect();
    http::json(
        StatusCode::OK,
        &json!({
            "dryRun": dry_run, "created": created, "updated": updated,
            "unchanged": steps.len() - created - updated, "rows": rows,
        }),
    )
}
