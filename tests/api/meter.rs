//! An SDK interceptor that meters DynamoDB requests: how many, how many one after
//! another (sequential round trips: requests that overlap in time count once), and the
//! items their answers carry.

use aws_sdk_dynamodb::config::interceptors::{
    BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_dynamodb::error::BoxError;
use aws_smithy_types::config_bag::{Storable, StoreReplace};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use toko::adapters::dynamo::DynamoStore;

/// One DynamoDB request: when it went out, when its answer was read, items it read.
#[derive(Debug, Clone, Copy)]
struct Call {
    start: Instant,
    end: Instant,
    items: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Meter(Arc<Mutex<Vec<Call>>>);

/// When the current operation's request went out, kept in its own config bag.
#[derive(Debug, Clone)]
struct Started(Instant);

impl Storable for Started {
    type Storer = StoreReplace<Self>;
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Items a DynamoDB JSON answer carries: Count for Query/Scan, the item of GetItem, the
/// responses of BatchGetItem and TransactGetItems.
fn items_read(body: &[u8]) -> u64 {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return 0;
    };
    if let Some(n) = v["Count"].as_u64() {
        return n;
    }
    if v.get("Item").is_some() {
        return 1;
    }
    match &v["Responses"] {
        Value::Array(list) => list.iter().filter(|r| r.get("Item").is_some()).count() as u64,
        Value::Object(tables) => tables
            .values()
            .map(|t| t.as_array().map_or(0, Vec::len) as u64)
            .sum(),
        _ => 0,
    }
}

impl Intercept for Meter {
    fn name(&self) -> &'static str {
        "Meter"
    }

    fn read_before_transmit(
        &self,
        _: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state().store_put(Started(Instant::now()));
        Ok(())
    }

    fn read_after_execution(
        &self,
        ctx: &FinalizerInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let end = Instant::now();
        let items = ctx
            .response()
            .and_then(|r| r.body().bytes())
            .map_or(0, items_read);
        if let Some(Started(start)) = cfg.load::<Started>().cloned() {
            lock(&self.0).push(Call { start, end, items });
        }
        Ok(())
    }
}

impl Meter {
    /// (requests, sequential round trips, items read) since the last take.
    pub fn take(&self) -> (usize, usize, u64) {
        let mut calls = std::mem::take(&mut *lock(&self.0));
        calls.sort_by_key(|c| c.start);
        let mut waves = 0;
        let mut until: Option<Instant> = None;
        for c in &calls {
            if until.is_none_or(|u| c.start > u) {
                waves += 1;
                until = Some(c.end);
            } else if until.is_some_and(|u| c.end > u) {
                until = Some(c.end);
            }
        }
        (calls.len(), waves, calls.iter().map(|c| c.items).sum())
    }
}

impl Meter {
    /// A store on the same table whose client this meter counts.
    pub async fn store(&self, table: &str) -> Arc<DynamoStore> {
        let conf = aws_sdk_dynamodb::config::Builder::from(&toko::aws::from_env())
            .interceptor(self.clone())
            .build();
        Arc::new(DynamoStore::new(
            aws_sdk_dynamodb::Client::from_conf(conf),
            table,
        ))
    }
}
