//! Past sales brought in from the shop's books (`toko::domain::sales_import`), with
//! `sales.import` (managers, admins):
//! - `POST /api/admin/imports/sales?fileName=&dryRun=&lang=` with the CSV as the body:
//!   checks every line (422 `invalid_csv`, each bad line in `errors` as `line N`, phrased
//!   in `lang`, en or id), then with
//!   `dryRun=true` answers what would be imported, else imports it (201; the same file
//!   again: 200 and nothing changes; months another import holds: 409).
//! - `GET /api/admin/imports`: the imports, newest first.
//! - `POST /api/admin/imports/{id}/undo`: takes an import's figures out again (also one
//!   left half-written by a request that stopped part-way).

use crate::Deps;
use lambda_http::http::StatusCode;
use lambda_http::Request;
use serde_json::{json, Value};
use std::collections::HashMap;
use toko::auth::{authenticate_session, Principal};
use toko::domain::{
    parse_sales, rfc3339, today, Action, Category, Locale, Permission, RecordRef, SalesFile,
    SalesImport, Storefront, MAX_IMPORT_BYTES,
};
use toko::http::{self, HttpResult};
use toko::ports::{every_page, ProductSort};
use toko::Error;

async fn staff(deps: &Deps, req: &Request) -> Result<Principal, Error> {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(Permission::SalesImport)?;
    Ok(who)
}

fn view(i: &SalesImport) -> Value {
    json!({
        "id": i.id, "form": i.form.as_str(), "fileName": i.file_name, "rows": i.rows,
        "months": i.months, "customers": i.customers, "units": i.units, "revenue": i.revenue,
        "state": i.state.as_str(), "by": i.by, "at": rfc3339(i.at),
        "undoneAt": i.undone_at.map(rfc3339),
    })
}

/// What a file's category column may name: a category's slug or its name in either
/// language (as the site shows it), a category some product has, or a product's name
/// (its category).
async fn resolver(deps: &Deps) -> Result<(Storefront, HashMap<String, Category>), Error> {
    let key = |raw: &str| raw.trim().to_lowercase();
    let (storefront, products) = tokio::join!(
        deps.settings.storefront(),
        every_page(usize::MAX, |page| async move {
            deps.catalog.list(None, ProductSort::Newest, &page).await
        })
    );
    let mut names = HashMap::new();
    for p in products? {
        names.insert(key(p.category.as_str()), p.category.clone());
        names.insert(key(p.name.as_str()), p.category);
    }
    Ok((storefront?, names))
}

fn preview(file: &SalesFile) -> Value {
    json!({
        "id": file.id(), "form": file.form.as_str(), "rows": file.rows,
        "customers": file.customers.len(), "units": file.units(), "revenue": file.revenue(),
        "months": file.months.iter().map(|m| json!({
            "month": m.month, "orders": m.orders, "units": m.units, "revenue": m.revenue,
            "categories": m.categories.iter().map(|(c, (u, r))| json!({
                "category": c, "units": u, "revenue": r,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

pub async fn import_sales(deps: &Deps, req: &Request) -> HttpResult {
    let who = staff(deps, req).await?;
    let q = http::query(req);
    let dry_run = http::query_flag(&q, "dryRun")?;
    let file_name = q.get("fileName").map_or("sales.csv", String::as_str);
    let text = http::text_body(
        req,
        MAX_IMPORT_BYTES,
        &format!(
            "A sales file must be at most {} MiB: split a longer history into several files (by year).",
            MAX_IMPORT_BYTES / 1024 / 1024
        ),
    )?;
    let (storefront, names) = resolver(deps).await?;
    let now = deps.clock.now();
    let locale = q
        .get("lang")
        .and_then(|l| Locale::parse(l).ok())
        .unwrap_or_default();
    let file = parse_sales(
        text,
        &|raw: &str| {
            storefront
                .category_named(raw)
                .or_else(|| names.get(&raw.trim().to_lowercase()).cloned())
        },
        today(now),
        locale,
    )
    .map_err(http::invalid_csv)?;
    let existing = deps.imports.get(&file.id()).await?;
    let already = existing
        .as_ref()
        .is_some_and(|i| i.state == toko::domain::ImportState::Applied);
    let months: Vec<String> = file.months.iter().map(|m| m.month.clone()).collect();
    let taken = deps.imports.months_taken(&months, &file.id()).await?;
    if dry_run {
        let mut body = preview(&file);
        body["alreadyImported"] = json!(already);
        body["monthsTaken"] = json!(taken
            .iter()
            .map(|(m, id)| json!({"month": m, "importId": id}))
            .collect::<Vec<_>>());
        return http::json(StatusCode::OK, &body);
    }
    if let (true, Some(i)) = (already, existing) {
        let mut body = view(&i);
        body["alreadyImported"] = json!(true);
        return http::json(StatusCode::OK, &body);
    }
    if !taken.is_empty() {
        let mut months: Vec<String> = taken.into_iter().map(|(m, _)| m).collect();
        months.dedup();
        return Err(toko::domain::Refusal::MonthsAlreadyImported(months).into());
    }
    let by = deps
        .sessions
        .account(&who.user_id)
        .await
        .map(|u| u.name.as_str().to_owned())
        .unwrap_or_default();
    let import = SalesImport::of(&file, file_name, &by, now);
    deps.imports.apply(&import, &file).await?;
    let stored = deps
        .imports
        .get(&import.id)
        .await?
        .filter(|i| i.state == toko::domain::ImportState::Applied)
        .ok_or_else(|| {
            Error::unavailable("the import is still being written: send the file again")
        })?;
    deps.activity
        .record(
            &who,
            Action::SalesImported,
            RecordRef::new("import", &stored.id).labelled(&stored.file_name),
            &format!(
                "{} months, {} rows, revenue {}",
                stored.months.len(),
                stored.rows,
                stored.revenue
            ),
        )
        .await;
    let mut body = view(&stored);
    body["alreadyImported"] = json!(false);
    http::json(StatusCode::CREATED, &body)
}

pub async fn list(deps: &Deps, req: &Request) -> HttpResult {
    staff(deps, req).await?;
    let imports = deps.imports.list(50).await?;
    http::json(
        StatusCode::OK,
        &json!({ "items": imports.iter().map(view).collect::<Vec<_>>() }),
    )
}

pub async fn undo(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = staff(deps, req).await?;
    let valid = id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit());
    if !valid {
        return Err(Error::not_found("No such import."));
    }
    let undone = deps.imports.undo(id, deps.clock.now()).await?;
    deps.activity
        .record(
            &who,
            Action::SalesImportUndone,
            RecordRef::new("import", &undone.id).labelled(&undone.file_name),
            "",
        )
        .await;
    http::json(StatusCode::OK, &view(&undone))
}
