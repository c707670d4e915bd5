#!/usr/bin/env bash
# The deploy path without an AWS account: `sam validate --lint`, then `sam build` with
# cargo-lambda (release arm64 bootstraps of every function, as `sam deploy` uploads
# them), timed. Not part of `make test` (it takes long on two cores).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
export PATH="$VENV/bin:$PATH" SAM_CLI_TELEMETRY=0 AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-ap-southeast-3}"
started=$SECONDS
log "sam validate --lint"
"$SAM_VENV/bin/sam" validate --lint -t infra/template.yaml
log "sam build (cargo-lambda, arm64 release) into .dev/sam-build"
# SAM's Rust (cargo-lambda) build method is behind its beta-features switch.
"$SAM_VENV/bin/sam" build --beta-features -t infra/template.yaml --build-dir .dev/sam-build
ls -la .dev/sam-build/*/bootstrap 2>/dev/null | awk '{ printf "  %8.2f MB  %s\n", $5 / 1000000, $9 }'
log "sam validate and build took $((SECONDS - started)) s"
