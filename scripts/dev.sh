#!/usr/bin/env bash
# Runs the whole shop locally: emulator, resources from infra/template.yaml, demo data,
# the functions under `cargo lambda watch` (routed under /api), and the site and console
# on the same origin. Ctrl-C stops everything it started.
#
# Settings (environment):
#   TOKO_PORT=8080          the one URL you open
#   TOKO_LAMBDA_PORT=9000   cargo lambda watch
#   TOKO_MOTO_PORT=5050     the moto emulator
#   TOKO_LOCAL_AWS=localstack  S3 and SES on LocalStack (host mode, installed on first use
#                           into .venv-localstack; needs CPython >= 3.13, else stays on
#                           moto), DynamoDB and Secrets Manager on moto
#   TOKO_LOCALSTACK_PORT=4566  LocalStack's port
#   TOKO_AWS_ENDPOINT=URL   use an emulator that is already running instead of starting
#                           moto (it must answer DynamoDB, S3, SES v1 and Secrets Manager)
#   TOKO_PREFIX=toko-dev-   prefix of local table and bucket names
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

PORT="${TOKO_PORT:-8080}"
LAMBDA_PORT="${TOKO_LAMBDA_PORT:-9000}"
MOTO_PORT="${TOKO_MOTO_PORT:-5050}"
LOCALSTACK_PORT="${TOKO_LOCALSTACK_PORT:-4566}"
PREFIX="${TOKO_PREFIX:-toko-dev-}"
LOCAL_AWS="${TOKO_LOCAL_AWS:-moto}"
case "$LOCAL_AWS" in
  moto) "$ROOT/scripts/setup.sh" ;;
  localstack)
    "$ROOT/scripts/setup.sh" --localstack
    have_localstack || LOCAL_AWS=moto
    ;;
  *) echo "TOKO_LOCAL_AWS is moto or localstack, not '$LOCAL_AWS'" >&2; exit 2 ;;
esac

pids=()
cleanup() {
  trap - INT TERM EXIT
  log "stopping"
  for pid in "${pids[@]}"; do stop_group "$pid"; done
}
trap cleanup INT TERM EXIT

if [[ -n "${TOKO_AWS_ENDPOINT:-}" ]]; then
  use_local_aws "$TOKO_AWS_ENDPOINT"
  log "using the emulator at $AWS_ENDPOINT_URL"
else
  use_local_aws "http://127.0.0.1:$MOTO_PORT"
  log "starting moto on $AWS_ENDPOINT_URL"
  start_moto "$MOTO_PORT"
  pids+=("$MOTO_PID")
fi
# Every service's endpoint, as the functions read them (toko::aws::endpoint_for).
S3_ENDPOINT="$AWS_ENDPOINT_URL"
SES_ENDPOINT="$AWS_ENDPOINT_URL"
if [[ "$LOCAL_AWS" == localstack && -z "${TOKO_AWS_ENDPOINT:-}" ]]; then
  log "starting LocalStack on 127.0.0.1:$LOCALSTACK_PORT for S3 and SES (DynamoDB stays on moto)"
  start_localstack "$LOCALSTACK_PORT"
  pids+=("$LOCALSTACK_PID")
  log "LocalStack ready in ${LOCALSTACK_SECONDS} s"
  S3_ENDPOINT="http://127.0.0.1:$LOCALSTACK_PORT"
  SES_ENDPOINT="$S3_ENDPOINT"
  export AWS_ENDPOINT_URL_S3="$S3_ENDPOINT" AWS_ENDPOINT_URL_SES="$SES_ENDPOINT"
fi

log "building the functions and tools (first time: a few minutes)"
# What `cargo lambda watch` builds (`cargo run --bin <fn>`), so that its first call of
# each function reuses these artifacts instead of compiling.
# One package at a time: `cargo run --bin <fn>` resolves features for that package
# alone, and a joint build could resolve them differently (and be rebuilt on first call).
for dir in functions/*/; do cargo build --quiet -p "$(basename "$dir")"; done
cargo build --quiet -p toko-tools

secret="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
log "creating tables, buckets and the sender identity from infra/template.yaml"
./target/debug/toko provision --prefix "$PREFIX" --env-out .dev/env \
  --set "TOKO_LINK_SECRET=$secret" \
  --param "SiteUrl=http://localhost:$PORT" \
  --set "AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL" \
  --set "AWS_ENDPOINT_URL_S3=$S3_ENDPOINT" \
  --set "AWS_ENDPOINT_URL_SES=$SES_ENDPOINT" \
  --set "AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID" \
  --set "AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY" \
  --set "AWS_REGION=$AWS_REGION"
log "a token-signing key in Secrets Manager (login reads it; the others get its public key)"
./target/debug/toko keys new --secret-id "${PREFIX}token-signing-key" \
  | sed -e 's/^TokenSigningSecretArn=/TOKO_TOKEN_SIGNING_SECRET=/' -e 's/^TokenPublicKeys=/TOKO_TOKEN_PUBLIC_KEYS=/' >>.dev/env
TOKO_TABLE="$(sed -n 's/^TOKO_TABLE=//p' .dev/env)" ./target/debug/toko seed

# A watcher or dev server left from an earlier run would answer in this one's place.
for port in "$LAMBDA_PORT" "$PORT"; do
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
    echo "port $port is taken (a dev setup left running?); stop it or choose other ports" >&2
    exit 1
  fi
done
log "starting the functions (cargo lambda watch on 127.0.0.1:$LAMBDA_PORT)"
start_bg .dev/functions.log cargo lambda watch -A 127.0.0.1 -P "$LAMBDA_PORT" --env-file .dev/env
pids+=("$BG_PID")
wait_for_url "http://127.0.0.1:$LAMBDA_PORT/" 120

media="$S3_ENDPOINT/$(sed -n 's/^TOKO_MEDIA_BUCKET=//p' .dev/env)"
start_bg .dev/devserver.log node scripts/devserver.mjs --port "$PORT" --api "http://127.0.0.1:$LAMBDA_PORT" --media "$media"
pids+=("$BG_PID")
wait_for_url "http://127.0.0.1:$PORT/" 30

if curl -sf -o /dev/null --max-time 1 "$SES_ENDPOINT/_localstack/health"; then
  MAIL_LOG="$SES_ENDPOINT/_aws/ses (LocalStack: sent e-mail under \"messages\"; S3 and SES here, DynamoDB on moto)"
else
  MAIL_LOG="$SES_ENDPOINT/moto-api/data.json (moto: sent e-mail under \"ses\")"
fi
cat <<MSG

  Toko is running: http://localhost:$PORT/
    site     http://localhost:$PORT/
    console  http://localhost:$PORT/console/
    api      http://localhost:$PORT/api/
    mail     $MAIL_LOG
  One function with a sample event:
    .venv/bin/cargo-lambda lambda invoke -A 127.0.0.1 -P $LAMBDA_PORT register --data-file events/register-valid.json
  Logs in .dev/ (functions.log, devserver.log). Press Ctrl-C to stop.

MSG
wait_any "${pids[@]}"
