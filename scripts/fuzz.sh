#!/usr/bin/env bash
# API fuzzing: schemathesis generates requests from infra/openapi.yaml for every
# operation and runs them against the real dev setup (scripts/dev.sh: moto, the
# functions under cargo lambda watch, the dev server), once per caller: anonymous and
# each demo role. It fails on any server error and on any answer the spec does not
# describe (status, content type, headers, body schema).
#   scripts/fuzz.sh                      as `make test` runs it
#   TOKO_FUZZ_EXAMPLES=100 scripts/fuzz.sh   more examples per operation
#   TOKO_FUZZ_URL=http://127.0.0.1:8080 scripts/fuzz.sh   against a dev setup already running
#
# Bodies that are not UTF-8 are left out (scripts/fuzz_hooks.py): `cargo lambda watch`
# answers them with its own 500 before any function runs.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh" --qa

PORT="${TOKO_FUZZ_PORT:-8282}"
EXAMPLES="${TOKO_FUZZ_EXAMPLES:-10}"
base="http://127.0.0.1:$PORT"
out="$ROOT/.dev/fuzz"
mkdir -p "$out"

if [[ -n "${TOKO_FUZZ_URL:-}" ]]; then
  base="$TOKO_FUZZ_URL"
else
  log "starting the dev setup for fuzzing on port $PORT"
  start_bg "$out/dev.log" env TOKO_PORT="$PORT" TOKO_LAMBDA_PORT=$((PORT + 1000)) \
    TOKO_MOTO_PORT=$((PORT - 3000)) TOKO_PREFIX=fuzz- bash scripts/dev.sh
  dev_pid="$BG_PID"
  # Time for the dev setup to stop what it started (killed before, its function watcher
  # and dev server would keep the ports).
  trap 'stop_group "$dev_pid" 60' EXIT
  for _ in $(seq 1800); do
    grep -q "Toko is running" "$out/dev.log" && break
    kill -0 "$dev_pid" 2>/dev/null || { cat "$out/dev.log" >&2; exit 1; }
    sleep 0.5
  done
  grep -q "Toko is running" "$out/dev.log" || { echo "dev setup did not start" >&2; exit 1; }
fi

token() {
  curl -sf -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\"}" "$base/api/auth/login" |
    "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

callers=(
  "anonymous::"
  "customer:budi@example.com:customer-demo-123"
  "pending:sari@example.com:pending-demo-123"
  "operator:operator@toko.example:operator-demo-123"
  "marketing:marketing@toko.example:marketing-demo-123"
  "manager:manager@toko.example:manager-demo-123"
  "admin:admin@toko.example:admin-demo-123"
)
# Every token first: fuzzing the sign-in route must not lock a demo account out later.
declare -A tokens
for caller in "${callers[@]}"; do
  IFS=: read -r name email password <<<"$caller"
  if [[ -n "$email" ]]; then tokens[$name]="$(token "$email" "$password")"; fi
done
failed=()
for caller in "${callers[@]}"; do
  IFS=: read -r name email password <<<"$caller"
  auth=()
  if [[ -n "$email" ]]; then auth=(--header "Authorization: Bearer ${tokens[$name]}"); fi
  log "schemathesis as $name ($EXAMPLES examples per operation)"
  # Run from .dev/fuzz: Hypothesis keeps its example database in the working directory,
  # and files changing in the project make `cargo lambda watch` restart every function.
  if ! (cd "$out" && SCHEMATHESIS_HOOKS="$ROOT/scripts/fuzz_hooks.py" "$QA_VENV/bin/schemathesis" run "$ROOT/infra/openapi.yaml" --url "$base" "${auth[@]}" \
      --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
      --max-examples "$EXAMPLES" --seed 1 --no-color \
      --request-timeout 30 --workers 1 \
      --report junit --report-dir "$out/$name" >"$out/$name.log" 2>&1); then
    failed+=("$name")
    tail -n 80 "$out/$name.log" >&2
  else
    grep -E "passed|failed|Test cases" "$out/$name.log" | tail -n 3 >&2 || true
  fi
done
if ((${#failed[@]})); then
  echo "fuzzing found problems as: ${failed[*]} (logs in .dev/fuzz/)" >&2
  exit 1
fi
log "fuzzing: no server errors and every answer as the spec describes"
