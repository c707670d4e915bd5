//! Measuring one function: cold starts of fresh processes through the local runtime API,
//! then warm calls on the last one.

use crate::runtime::{Done, Runtime};
use crate::BoxError;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Instant;

/// What a function is measured with: its binaries, its route and a fresh event per call.
pub struct Case {
    /// The binary's name (also `AWS_LAMBDA_FUNCTION_NAME`).
    pub function: String,
    /// The name `TOKO_BENCH_ONLY` selects it by (the function, or `peer`).
    pub key: String,
    pub route: &'static str,
    /// The host's release build, started for the cold starts and warm calls.
    pub bin: PathBuf,
    /// The arm64 bootstrap, whose size is reported.
    pub bootstrap: PathBuf,
    /// Set on top of the benchmark's own environment.
    pub env: Vec<(&'static str, String)>,
    pub event: Box<dyn Fn(usize) -> Value>,
    /// A request the function answers without any AWS call (a 401 or 422): its first
    /// answer is the cold start itself, comparable with hello world's.
    pub probe: Option<Value>,
}

pub struct Measured {
    pub init_ms: Vec<f64>,
    pub cold_ms: Vec<f64>,
    pub warm_ms: Vec<f64>,
    pub status: String,
    /// The body of the last answer (the last warm call's).
    pub last: Vec<u8>,
}

/// The status of an HTTP answer (`statusCode`), or "ok" for the scheduled function.
pub fn outcome(done: &Done) -> String {
    if !done.ok {
        return "error".into();
    }
    match serde_json::from_slice::<Value>(&done.body) {
        Ok(v) => v["statusCode"]
            .as_u64()
            .map_or_else(|| "ok".to_owned(), |s| s.to_string()),
        Err(_) => "?".into(),
    }
}

/// How many entries the listing in an HTTP answer's JSON body has: the first array
/// among its fields (`items` for Toko, `products` for the peer), or the body itself.
pub fn listed(answer: &[u8]) -> Option<usize> {
    let outer: Value = serde_json::from_slice(answer).ok()?;
    let body: Value = serde_json::from_str(outer["body"].as_str()?).ok()?;
    match &body {
        Value::Array(a) => Some(a.len()),
        Value::Object(o) => o.values().find_map(|v| v.as_array().map(Vec::len)),
        _ => None,
    }
}

fn lambda_env(function: &str) -> Vec<(&'static str, String)> {
    vec![
        ("AWS_LAMBDA_FUNCTION_NAME", function.to_owned()),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".into()),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256".into()),
        ("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/bench".into()),
        ("AWS_LAMBDA_LOG_STREAM_NAME", "bench".into()),
        ("RUST_LOG", "error".into()),
    ]
}

/// Starts the function, sends it `event`, and times process start to its answer.
async fn cold(
    case: &Case,
    event: &Value,
) -> Result<(f64, Done, Runtime, tokio::process::Child), BoxError> {
    let mut rt = Runtime::start().await?;
    rt.send(event)?;
    let started = Instant::now();
    let mut child = tokio::process::Command::new(&case.bin)
        .envs(lambda_env(&case.function))
        .envs(case.env.iter().map(|(k, v)| (k, v)))
        .env("AWS_LAMBDA_RUNTIME_API", &rt.addr)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("{}: {e}", case.bin.display()))?;
    // A function that exits instead of answering is reported at once, not after 30 s.
    let first = tokio::select! {
        biased;
        done = rt.answer() => done?,
        status = child.wait() => {
            return Err(format!("{} exited before answering ({})", case.function, status?).into())
        }
    };
    let ms = (first.at - started).as_secs_f64() * 1000.0;
    Ok((ms, first, rt, child))
}

/// Cold starts (`runs` fresh processes, with the probe and with the real request),
/// then `warm` real requests on the last process.
pub async fn measure(case: &Case, runs: usize, warm: usize) -> Result<Measured, BoxError> {
    let (mut init_ms, mut cold_ms, mut warm_ms) = (Vec::new(), Vec::new(), Vec::new());
    let mut status = String::new();
    let mut last = Vec::new();
    let mut call = 0;
    for run in 0..runs {
        if let Some(probe) = &case.probe {
            let (ms, _, _, mut child) = cold(case, probe).await?;
            init_ms.push(ms);
            child.kill().await.ok();
        }
        let (ms, first, mut rt, mut child) = cold(case, &(case.event)(call)).await?;
        call += 1;
        cold_ms.push(ms);
        status = outcome(&first);
        last = first.body;
        if run + 1 == runs {
            for _ in 0..warm {
                let sent = Instant::now();
                rt.send(&(case.event)(call))?;
                call += 1;
                let done = rt.answer().await?;
                warm_ms.push((done.at - sent).as_secs_f64() * 1000.0);
                last = done.body;
            }
        }
        child.kill().await.ok();
    }
    if case.probe.is_none() {
        init_ms.clone_from(&cold_ms);
    }
    Ok(Measured {
        init_ms,
        cold_ms,
        warm_ms,
        status,
        last,
    })
}

pub fn percentile(values: &[f64], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
    v[rank.min(v.len() - 1)]
}
