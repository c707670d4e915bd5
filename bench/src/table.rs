//! The printed tables: Toko's functions (joined with the in-process DynamoDB counts),
//! then the peer beside Toko's `catalog`.

use crate::measure::{listed, percentile, Case, Measured};
use serde_json::Value;
use std::collections::HashSet;

/// One measured function.
pub struct Row {
    pub case: Case,
    pub m: Measured,
    /// Bytes of the arm64 bootstrap, when it was built.
    pub size: Option<u64>,
}

impl Row {
    /// Median cold start of the probe (no AWS call), or of the real request without one.
    pub fn start_ms(&self) -> f64 {
        percentile(&self.m.init_ms, 50.0)
    }

    fn first_ms(&self) -> f64 {
        percentile(&self.m.cold_ms, 50.0)
    }

    fn p50(&self) -> f64 {
        percentile(&self.m.warm_ms, 50.0)
    }

    fn p99(&self) -> f64 {
        percentile(&self.m.warm_ms, 99.0)
    }
}

/// Bytes, and MB (10^6) as the target is written.
fn size(bytes: Option<u64>) -> String {
    bytes.map_or_else(|| "–".into(), |b| format!("{b} ({:.2} MB)", b as f64 / 1e6))
}

/// A number, or "–" when it was not measured.
fn num(v: f64, decimals: usize) -> String {
    if v.is_finite() {
        format!("{v:.decimals$}")
    } else {
        "–".into()
    }
}

/// Toko's functions; `counted` is what `bench_round_trips_and_items_read` wrote.
pub fn print_toko(rows: &[&Row], counted: &[Value]) {
    let hello = rows
        .iter()
        .find(|r| r.case.function == "hello")
        .map_or(f64::NAN, |r| r.start_ms());
    let count = |route: &str, orders: u64| -> Option<&Value> {
        counted
            .iter()
            .find(|r| r["route"] == route && r["orders"] == orders)
    };
    println!("| function | route | status | bootstrap arm64 (bytes) | cold start, no AWS call (ms) | × hello | cold start, first real request (ms) | warm p50 (ms) | warm p99 (ms) | DynamoDB requests | sequential round trips | items read, 100 orders | items read, 10,000 orders |");
    println!("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let route_key = |r: &str| r.split(" (").next().unwrap_or(r).to_owned();
    let fmt_counts = |route: &str| -> [String; 4] {
        match (count(route, 100), count(route, 10_000)) {
            (Some(a), Some(b)) => [
                a["requests"].to_string(),
                a["sequential"].to_string(),
                a["items"].to_string(),
                b["items"].to_string(),
            ],
            _ => ["–".into(), "–".into(), "–".into(), "–".into()],
        }
    };
    for r in rows {
        let [req, seq, i100, i10k] = fmt_counts(&route_key(r.case.route));
        println!(
            "| {} | {} | {} | {} | {:.1} | {} | {:.1} | {:.2} | {:.2} | {req} | {seq} | {i100} | {i10k} |",
            r.case.function,
            r.case.route,
            r.m.status,
            size(r.size),
            r.start_ms(),
            num(r.start_ms() / hello, 2),
            r.first_ms(),
            r.p50(),
            r.p99(),
        );
    }
    // Routes counted in process only (they change state, so they are not replayed warm).
    let mut seen: HashSet<String> = rows.iter().map(|r| route_key(r.case.route)).collect();
    for r in counted {
        let route = r["route"].as_str().unwrap_or_default().to_owned();
        if r["orders"] != 100 || !seen.insert(route.clone()) {
            continue;
        }
        let [req, seq, i100, i10k] = fmt_counts(&route);
        println!("| | {route} | | | | | | | | {req} | {seq} | {i100} | {i10k} |");
    }
}

/// The peer beside Toko's `catalog` (when measured), and Toko ÷ peer for each figure.
pub fn print_peer(catalog: Option<&Row>, peer: &Row) {
    println!();
    println!(
        "Peer: aws-samples/serverless-rust-demo `get-products` beside Toko's `catalog`, \
         same harness, same moto, same number of products in each table."
    );
    println!();
    println!("| function | route | status | products listed | bootstrap arm64 (bytes) | cold start, no AWS call (ms) | cold start, first real request (ms) | warm p50 (ms) | warm p99 (ms) |");
    println!("|---|---|---|---:|---:|---:|---:|---:|---:|");
    let line = |name: &str, r: &Row| {
        let start = if r.case.probe.is_some() {
            r.start_ms()
        } else {
            f64::NAN
        };
        println!(
            "| {name} | {} | {} | {} | {} | {} | {:.1} | {:.2} | {:.2} |",
            r.case.route,
            r.m.status,
            listed(&r.m.last).map_or_else(|| "–".into(), |n| n.to_string()),
            size(r.size),
            num(start, 1),
            r.first_ms(),
            r.p50(),
            r.p99(),
        );
    };
    if let Some(c) = catalog {
        line("catalog (Toko)", c);
    }
    line("get-products (serverless-rust-demo)", peer);
    let Some(c) = catalog else {
        return;
    };
    let ratio = |a: f64, b: f64| num(a / b, 2);
    let bytes = |r: &Row| r.size.map_or(f64::NAN, |b| b as f64);
    let start = |r: &Row| {
        if r.case.probe.is_some() {
            r.start_ms()
        } else {
            f64::NAN
        }
    };
    println!(
        "| Toko catalog ÷ peer | | | | {} | {} | {} | {} | {} |",
        ratio(bytes(c), bytes(peer)),
        ratio(start(c), start(peer)),
        ratio(c.first_ms(), peer.first_ms()),
        ratio(c.p50(), peer.p50()),
        ratio(c.p99(), peer.p99()),
    );
}
