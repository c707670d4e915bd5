# The two commands: `make dev` runs the shop locally, `make test` runs every test.
.PHONY: dev test build lambda-build lint bench deploy-check

dev:            ## emulator + resources + demo data + functions + site and console on http://localhost:8080
	bash scripts/dev.sh

test:           ## fmt, clippy, cfn-lint, unit, integration (moto) and browser (chromium) tests
	bash scripts/test.sh

bench:          ## benchmark table: bootstrap sizes, cold starts vs hello world, warm p50/p99, DynamoDB requests and items read
	bash scripts/bench.sh

deploy-check:   ## sam validate --lint and sam build (cargo-lambda, arm64 release) of every function, timed
	bash scripts/setup.sh --qa
	bash scripts/deploy_check.sh

lambda-build:   ## release arm64 bootstraps for deployment, in target/lambda/<function>/
	bash scripts/setup.sh
	.venv/bin/cargo-lambda lambda build --release --arm64 --workspace --bins

lint:
	bash scripts/setup.sh
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	.venv/bin/cfn-lint infra/template.yaml
