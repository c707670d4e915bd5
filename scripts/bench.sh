#!/usr/bin/env bash
# The benchmark (`make bench`; not part of the test run). Prints one table:
#   - stripped arm64 bootstrap size per function (cargo lambda build --release --arm64);
#   - cold-start proxy: process start to first answer through a local Lambda runtime API,
#     median of 5, for the host's release build of each function, and as a ratio to a
#     hello-world lambda_http function measured in the same run;
#   - warm p50/p99 of 200 calls of one route per function, against moto;
#   - DynamoDB requests, sequential round trips and items read per request, with 100
#     and with 10,000 orders in the table (SDK interceptor, in process).
# The table is also written to .dev/bench/table.md.
#   TOKO_BENCH_SKIP_ARM64=1 scripts/bench.sh   reuse target/lambda from an earlier build
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"
out="$ROOT/.dev/bench"
mkdir -p "$out"
started=$SECONDS

if [[ -z "${TOKO_BENCH_SKIP_ARM64:-}" ]]; then
  log "building the arm64 bootstraps (cargo lambda build --release --arm64)"
  cargo lambda build --release --arm64 --workspace --bins
fi
log "building the host release binaries (the same profile) for the cold-start runs"
cargo build --release --quiet --workspace --bins

PORT="${TOKO_BENCH_MOTO_PORT:-5090}"
log "starting moto on 127.0.0.1:$PORT"
start_moto "$PORT"
moto_pid="$MOTO_PID"
trap 'stop_group "$moto_pid"' EXIT
use_local_aws "http://127.0.0.1:$PORT"

log "counting DynamoDB requests and items read (100, then 10,000 orders)"
# moto copies a whole table for every transaction, so with 10,000 orders a transaction
# takes seconds there (DynamoDB does not); the counting run gets long SDK timeouts.
TOKO_SDK_ATTEMPT_TIMEOUT_MS=60000 TOKO_SDK_OPERATION_TIMEOUT_MS=120000 \
  TOKO_BENCH_OUT="$out/requests.json" cargo test --quiet -p toko-tests --test api -- \
  --ignored bench_round_trips_and_items_read >/dev/null

log "provisioning tables for the function processes"
./target/release/toko provision --prefix bench- --env-out "$out/env" \
  --set "TOKO_JWT_SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')" \
  --set "AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL" --set "AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID" \
  --set "AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY" --set "AWS_REGION=$AWS_REGION" >/dev/null
set -a
# shellcheck disable=SC1091
source "$out/env"
set +a
./target/release/toko seed >/dev/null

log "cold starts and warm calls through a local Lambda runtime API"
./target/release/toko-bench --bins target/release --lambda target/lambda \
  --requests "$out/requests.json" | tee "$out/table.md"
log "done in $((SECONDS - started)) s; machine: $(nproc) cores, $(uname -m); the table is in .dev/bench/table.md"
