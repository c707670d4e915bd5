//! The peer measured beside Toko's `catalog`: `get-products` of aws-samples'
//! serverless-rust-demo (built by scripts/bench.sh from a patched copy in `.dev/peer/`).
//! It answers any HTTP event with the first page (20) of its table, read with a Scan.

use crate::cases::http_event;
use crate::measure::Case;
use crate::BoxError;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::Path;
use toko::ports::{Catalog, ProductSort};

pub const FUNCTION: &str = "get-products";
pub const ROUTE: &str = "GET / (list products: Scan, page of 20)";

/// The peer's case, when its release build is in `dir` (its own `target/`).
pub fn case(dir: &Path, table: &str) -> Option<Case> {
    let bin = dir.join("target/release").join(FUNCTION);
    if !bin.is_file() {
        eprintln!(
            "peer skipped: no build at {} (scripts/bench.sh builds it)",
            bin.display()
        );
        return None;
    }
    Some(Case {
        function: FUNCTION.to_owned(),
        key: "peer".to_owned(),
        route: ROUTE,
        bin,
        bootstrap: dir.join("target/lambda").join(FUNCTION).join("bootstrap"),
        env: vec![("TABLE_NAME", table.to_owned())],
        event: Box::new(|_| http_event("GET", "/", None, None)),
        // Every HTTP event it gets runs the Scan: it has no request without an AWS call.
        probe: None,
    })
}

/// The products `GET /api/products` lists (its first page, default size) as JSON, with
/// the fields the peer's table gets (its own `id`, `name`, `price` and Toko's others).
pub async fn products() -> Result<Value, BoxError> {
    let store = crate::cases::store().await?;
    let page = toko::http::page_request(&HashMap::new())?;
    let listed = store.list(None, ProductSort::Newest, &page).await?.items;
    // The listing reads a summary; the peer's items get the whole product (its
    // description too), so both tables hold items of about the same size.
    let ids: Vec<_> = listed.iter().map(|p| p.id.clone()).collect();
    let full = store.get_many(&ids).await?;
    Ok(ids
        .iter()
        .filter_map(|id| full.iter().find(|p| &p.id == id))
        .map(|p| {
            json!({
                "id": p.id.to_string(),
                "name": p.name.as_str(),
                "price": p.price,
                "category": p.category.as_str(),
                "description": p.description.as_str(),
                "image_url": p.image_url,
            })
        })
        .collect())
}
