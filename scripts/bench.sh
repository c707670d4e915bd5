#!/usr/bin/env bash
# The benchmark (`make bench`; not part of the test run). Prints one table:
#   - stripped arm64 bootstrap size per function (cargo lambda build --release --arm64);
#   - cold-start proxy: process start to first answer through a local Lambda runtime API,
#     median of 5, for the host's release build of each function, and as a ratio to a
#     hello-world lambda_http function measured in the same run;
#   - warm p50/p99 of 200 calls of one route per function, against moto;
#   - DynamoDB requests, sequential round trips and items read per request, with 100
#     and with 10,000 orders in the table (SDK interceptor, in process).
# Then the peer, side by side with Toko's `catalog`: `get-products` of aws-samples'
# serverless-rust-demo (source in ../shared/peers/serverless-rust-demo, skipped with a
# note when absent), built from a copy in .dev/peer/ patched at copy time (explicit
# DynamoDB endpoint; Toko's release profile) and measured by the same harness in the
# same moto, against a table of its shape holding the products Toko's list shows.
# The tables are also written to .dev/bench/table.md.
#   TOKO_BENCH_SKIP_ARM64=1 scripts/bench.sh   reuse target/lambda from an earlier build
#   TOKO_BENCH_ONLY=hello,catalog,peer scripts/bench.sh
#                                     only these (function names; `peer`: the peer); builds
#                                     only them and skips the in-process DynamoDB counts
#   TOKO_BENCH_PEER_SRC=DIR scripts/bench.sh   the peer's source somewhere else
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"
out="$ROOT/.dev/bench"
mkdir -p "$out"
started=$SECONDS

only="${TOKO_BENCH_ONLY:-}"
wants() { [[ -z "$only" || ",$only," == *",$1,"* ]]; }
peer_src="${TOKO_BENCH_PEER_SRC:-$ROOT/../shared/peers/serverless-rust-demo}"
peer_dir="$ROOT/.dev/peer/serverless-rust-demo"
peer_table="peer-serverless-rust-demo-products"

# What to build: the whole workspace, or the packages of the functions asked for.
if [[ -z "$only" ]]; then
  host_packages=(--workspace --bins)
  arm64_packages=(--workspace --bins)
else
  host_packages=(-p toko-bench -p toko-tools)
  arm64_packages=()
  for f in ${only//,/ }; do
    case "$f" in
      peer) ;;
      hello) arm64_packages+=(-p toko-bench) ;;
      *)
        host_packages+=(-p "$f")
        arm64_packages+=(-p "$f")
        ;;
    esac
  done
fi

if [[ -z "${TOKO_BENCH_SKIP_ARM64:-}" && ${#arm64_packages[@]} -gt 0 ]]; then
  log "building the arm64 bootstraps (cargo lambda build --release --arm64)"
  cargo lambda build --release --arm64 "${arm64_packages[@]}"
fi
log "building the host release binaries (the same profile) for the cold-start runs"
cargo build --release --quiet "${host_packages[@]}"

# The peer: copied (never into the repository), patched, built like Toko's functions.
peer=""
if wants peer; then
  if [[ ! -d "$peer_src" ]]; then
    log "peer skipped: $peer_src is absent (the serverless-rust-demo source); measuring Toko only"
  else
    log "peer: copying $peer_src to .dev/peer/ and patching the copy (DynamoDB endpoint, release profile)"
    "$VENV/bin/python" - "$peer_src" "$peer_dir" <<'PY'
# Sync the peer's source into the build copy, patched; files are rewritten only when
# they change, so cargo rebuilds only what changed. target/ and Cargo.lock are kept.
import pathlib, sys

src, dst = map(pathlib.Path, sys.argv[1:3])
KEEP = {"target", "Cargo.lock"}
# SDK 0.7 predates AWS_ENDPOINT_URL: get_store builds its client with that endpoint.
CLIENT = "    let client = aws_sdk_dynamodb::Client::new(&config);\n"
ENDPOINT = """    // toko bench patch (build copy only): SDK 0.7 predates AWS_ENDPOINT_URL.
    let client = match std::env::var("AWS_ENDPOINT_URL") {
        Ok(url) => aws_sdk_dynamodb::Client::from_conf(
            aws_sdk_dynamodb::config::Builder::from(&config)
                .endpoint_resolver(aws_sdk_dynamodb::Endpoint::immutable(
                    url.parse().expect("AWS_ENDPOINT_URL is not a URI"),
                ))
                .build(),
        ),
        Err(_) => aws_sdk_dynamodb::Client::new(&config),
    };
"""
PROFILE = """
# toko bench patch (build copy only): a workspace of its own (the copy sits inside
# Toko's tree) and Toko's release profile.
[workspace]

[profile.release]
strip = true
lto = true
codegen-units = 1
panic = "abort"
opt-level = "z"
"""


def patch(rel, data):
    if rel == "src/utils.rs":
        text = data.decode()
        if text.count(CLIENT) != 1:
            sys.exit("peer patch: the DynamoDB client line of get_store is not in src/utils.rs")
        return text.replace(CLIENT, ENDPOINT).encode()
    if rel == "Cargo.toml":
        text = data.decode()
        if "[workspace]" in text or "[profile.release]" in text:
            sys.exit("peer patch: Cargo.toml already has [workspace] or [profile.release]")
        return (text.rstrip("\n") + "\n" + PROFILE).encode()
    return data


wanted = {
    p.relative_to(src).as_posix(): patch(p.relative_to(src).as_posix(), p.read_bytes())
    for p in src.rglob("*")
    if p.is_file()
}
dst.mkdir(parents=True, exist_ok=True)
for p in sorted(dst.rglob("*"), reverse=True):
    rel = p.relative_to(dst)
    if rel.parts[0] in KEEP:
        continue
    if p.is_file() and rel.as_posix() not in wanted:
        p.unlink()
for rel, data in wanted.items():
    target = dst / rel
    if target.is_file() and target.read_bytes() == data:
        continue
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
PY
    log "peer: building get-products (host release$([[ -z "${TOKO_BENCH_SKIP_ARM64:-}" ]] && echo ', arm64'))"
    if (cd "$peer_dir" && cargo build --release --quiet --bin get-products &&
      if [[ -z "${TOKO_BENCH_SKIP_ARM64:-}" ]]; then
        cargo lambda build --release --arm64 --bin get-products
      fi); then
      peer="$peer_dir"
    else
      log "peer skipped: its build failed (above); measuring Toko only"
    fi
  fi
fi

PORT="${TOKO_BENCH_MOTO_PORT:-5090}"
log "starting moto on 127.0.0.1:$PORT"
start_moto "$PORT"
moto_pid="$MOTO_PID"
trap 'stop_group "$moto_pid"' EXIT
use_local_aws "http://127.0.0.1:$PORT"

if [[ -z "$only" ]]; then
  log "counting DynamoDB requests and items read (100, then 10,000 orders)"
  # moto copies a whole table for every transaction, so with 10,000 orders a transaction
  # takes seconds there (DynamoDB does not); the counting run gets long SDK timeouts.
  TOKO_SDK_ATTEMPT_TIMEOUT_MS=60000 TOKO_SDK_OPERATION_TIMEOUT_MS=120000 \
    TOKO_BENCH_OUT="$out/requests.json" cargo test --quiet -p toko-tests --test api -- \
    --ignored bench_round_trips_and_items_read >/dev/null
else
  log "TOKO_BENCH_ONLY=$only: skipping the in-process DynamoDB counts"
  rm -f "$out/requests.json"
fi

log "provisioning tables for the function processes"
TOKO_BENCH_SECRET="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
export TOKO_BENCH_SECRET
./target/release/toko provision --prefix bench- --env-out "$out/env" \
  --set "TOKO_LINK_SECRET=$TOKO_BENCH_SECRET" \
  --set "AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL" --set "AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID" \
  --set "AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY" --set "AWS_REGION=$AWS_REGION" >/dev/null
# The functions' signing key, derived from the bench's secret so the bench can sign
# its callers' tokens with it.
./target/release/toko keys new --secret-id bench-token-signing-key --derive-from "$TOKO_BENCH_SECRET" \
  | sed -e 's/^TokenSigningSecretArn=/TOKO_TOKEN_SIGNING_SECRET=/' -e 's/^TokenPublicKeys=/TOKO_TOKEN_PUBLIC_KEYS=/' >>"$out/env"
set -a
# shellcheck disable=SC1091
source "$out/env"
set +a
./target/release/toko seed >/dev/null

peer_args=()
if [[ -n "$peer" ]]; then
  log "peer: table $peer_table (partition key id, S) with the products GET /api/products lists"
  ./target/release/toko-bench products >"$out/peer-products.json"
  "$VENV/bin/python" - "$peer_table" "$out/peer-products.json" <<'PY'
# The peer's table in the same moto: its shape (partition key `id`, S), and the same
# products as Toko's list, with the peer's fields (id, name, price) and Toko's others.
import json, os, sys

import boto3

table, path = sys.argv[1:3]
ddb = boto3.client(
    "dynamodb", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name=os.environ["AWS_REGION"]
)
ddb.create_table(
    TableName=table,
    KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
    BillingMode="PAY_PER_REQUEST",
)
ddb.get_waiter("table_exists").wait(TableName=table)
with open(path) as f:
    products = json.load(f)
for p in products:
    item = {k: {"S": p[k]} for k in ("id", "name", "category", "description") if p.get(k)}
    item["price"] = {"N": str(p["price"])}
    if p.get("image_url"):
        item["image_url"] = {"S": p["image_url"]}
    ddb.put_item(TableName=table, Item=item)
print(f"peer: {len(products)} products in {table}", file=sys.stderr)
PY
  peer_args=(--peer "$peer" --peer-table "$peer_table")
fi

log "cold starts and warm calls through a local Lambda runtime API"
./target/release/toko-bench --bins target/release --lambda target/lambda \
  --requests "$out/requests.json" "${peer_args[@]}" | tee "$out/table.md"
log "done in $((SECONDS - started)) s; machine: $(nproc) cores, $(uname -m); the table is in .dev/bench/table.md"
