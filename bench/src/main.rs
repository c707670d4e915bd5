//! `toko-bench`: the out-of-process half of the benchmark (scripts/bench.sh runs it and
//! documents the inputs). For each function it
//!
//! - reads the stripped arm64 bootstrap size from `target/lambda/<fn>/bootstrap`;
//! - starts the function's release binary against a local Lambda runtime API served
//!   here, and times process start to first response (the cold-start proxy), median of
//!   several runs: once for a request the function answers without an AWS call (a 401
//!   or 422: the start itself, set against `hello`, a hello-world `lambda_http`
//!   function) and once for the route's real request (start plus its first AWS calls);
//! - sends the same route again and again to the warm process: p50 and p99 latency;
//!
//! and prints one table, joined with the in-process counts (DynamoDB requests,
//! sequential round trips, items read with 100 and 10,000 orders) that the ignored
//! test `bench_round_trips_and_items_read` wrote to a JSON file. With `--peer DIR`, it
//! measures the peer's `get-products` the same way and prints it beside `catalog`.
//!
//! The environment is the functions' (`toko provision --env-out`), against the emulator.
//!
//! ```text
//! toko-bench [--bins DIR] [--lambda DIR] [--requests FILE] [--runs N] [--warm N]
//!            [--peer DIR --peer-table TABLE]
//! toko-bench products     the products GET /api/products lists, as JSON (for the peer's table)
//! ```
//! `TOKO_BENCH_ONLY=hello,catalog,peer` measures only the functions named (`peer`: the peer).

mod cases;
mod measure;
mod peer;
mod runtime;
mod table;

use serde_json::Value;
use std::path::PathBuf;
use table::Row;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn arg_or(name: &str, default: &str) -> String {
    arg(name).unwrap_or_else(|| default.to_owned())
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    if std::env::args().nth(1).as_deref() == Some("products") {
        println!("{}", peer::products().await?);
        return Ok(());
    }
    let bins = PathBuf::from(arg_or("--bins", "target/release"));
    let lambda = PathBuf::from(arg_or("--lambda", "target/lambda"));
    let requests = PathBuf::from(arg_or("--requests", ".dev/bench/requests.json"));
    let runs: usize = arg_or("--runs", "5").parse()?;
    let warm: usize = arg_or("--warm", "200").parse()?;
    let only: Option<Vec<String>> = std::env::var("TOKO_BENCH_ONLY")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| v.split(',').map(|s| s.trim().to_owned()).collect());

    let mut cases = cases::toko(&bins, &lambda).await?;
    if let Some(dir) = arg("--peer") {
        let table = arg("--peer-table").ok_or("--peer needs --peer-table")?;
        cases.extend(peer::case(&PathBuf::from(dir), &table));
    }
    if let Some(only) = &only {
        cases.retain(|c| only.contains(&c.key));
    }

    // The in-process counts, by route and table size.
    let counted: Vec<Value> = std::fs::read_to_string(&requests)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();

    // Registration is measured last: each of its calls adds a customer and their
    // look-up index entries (about 30 items) to the table, and moto answers an index
    // Query by reading the whole table, so every function measured after it would pay
    // for the items it wrote (DynamoDB reads only the index partition). Rows keep the
    // list's order.
    let order: Vec<usize> = (0..cases.len())
        .filter(|&i| cases[i].key != "register")
        .chain((0..cases.len()).filter(|&i| cases[i].key == "register"))
        .collect();
    let mut measured = Vec::new();
    for &i in &order {
        let case = &cases[i];
        eprintln!(
            "measuring {} ({} cold starts, {warm} warm calls)",
            case.function, runs
        );
        measured.push((i, measure::measure(case, runs, warm).await?));
    }
    measured.sort_by_key(|(i, _)| *i);
    let mut rows = Vec::new();
    for (case, (_, m)) in cases.into_iter().zip(measured) {
        let size = std::fs::metadata(&case.bootstrap).ok().map(|m| m.len());
        rows.push(Row { case, m, size });
    }

    let (peers, toko): (Vec<&Row>, Vec<&Row>) = rows.iter().partition(|r| r.case.key == "peer");
    table::print_toko(&toko, &counted);
    if let Some(p) = peers.first() {
        let catalog = toko.iter().copied().find(|r| r.case.function == "catalog");
        table::print_peer(catalog, p);
    }
    Ok(())
}
