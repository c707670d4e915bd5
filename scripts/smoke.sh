#!/usr/bin/env bash
# After `sam deploy`: checks the live shop end to end through its public address, as a
# customer and an admin would, and cleans up what it can.
#
#   TOKO_SMOKE_ADMIN_EMAIL=you@shop TOKO_SMOKE_ADMIN_PASSWORD=… scripts/smoke.sh https://dxxxx.cloudfront.net
#
# A customer registers (an address under TOKO_SMOKE_MAIL_DOMAIN, default example.com),
# the admin approves them, the customer orders a product (a throw-away one the script
# adds when the catalogue is empty), the admin accepts the order, and the customer's
# inbox and the decision mail (sent, or queued in the outbox when SES refuses: the
# order shows its decision either way) are checked. The script also checks the
# security headers and that another origin gets no CORS.
#
# Cleaned up: the throw-away product. Left behind, named "Smoke Test <time>": the smoke
# customer and their accepted order (Toko never deletes orders; its invoice number is
# used). Needs curl and python3.
set -euo pipefail

base="${1:?usage: scripts/smoke.sh https://your-site}"
base="${base%/}"
admin_email="${TOKO_SMOKE_ADMIN_EMAIL:?set TOKO_SMOKE_ADMIN_EMAIL (an admin made with toko create-staff)}"
admin_password="${TOKO_SMOKE_ADMIN_PASSWORD:?set TOKO_SMOKE_ADMIN_PASSWORD}"
stamp="$(date -u +%Y%m%d%H%M%S)"
customer_email="smoke.${stamp}@${TOKO_SMOKE_MAIL_DOMAIN:-example.com}"
customer_password="smoke-${stamp}-$RANDOM$RANDOM"
created_product=""
passed=0

step() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31mFAILED:\033[0m %s\n' "$*" >&2; exit 1; }
ok() { passed=$((passed + 1)); printf '    ok: %s\n' "$*"; }

# call METHOD PATH [TOKEN] [JSON] -> sets $status and $body
call() {
  local method="$1" path="$2" token="${3:-}" data="${4:-}" out
  local args=(-sS -o /tmp/toko-smoke.$$ -w '%{http_code}' -X "$method" -H 'content-type: application/json')
  [[ -n "$token" ]] && args+=(-H "authorization: Bearer $token")
  [[ -n "$data" ]] && args+=(--data "$data")
  [[ "$method" == POST && "$path" == /api/orders ]] && args+=(-H "idempotency-key: smoke-$stamp")
  status="$(curl "${args[@]}" "$base$path")" || fail "$method $path: no answer"
  body="$(cat /tmp/toko-smoke.$$)"
}
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1" <<<"$body"; }
expect() { [[ "$status" == "$1" ]] || fail "expected $1, got $status: $body"; }

cleanup() {
  rm -f /tmp/toko-smoke.$$
  if [[ -n "$created_product" && -n "${admin:-}" ]]; then
    call DELETE "/api/admin/products/$created_product" "$admin"
    [[ "$status" == 204 ]] && echo "    removed the throw-away product" || echo "    could not remove product $created_product ($status)"
  fi
}
trap cleanup EXIT

step "the site and its security headers"
headers="$(curl -sS -D - -o /dev/null "$base/")"
grep -qi '^content-security-policy:.*frame-ancestors .none.' <<<"$headers" || fail "no strict CSP on /"
grep -qi '^strict-transport-security:.*includesubdomains' <<<"$headers" || fail "no HSTS on /"
ok "CSP and HSTS"
cors="$(curl -sS -D - -o /dev/null -X OPTIONS -H 'origin: https://evil.example' -H 'access-control-request-method: POST' "$base/api/orders")"
grep -qi '^access-control-allow-origin' <<<"$cors" && fail "another origin gets CORS"
ok "no CORS for another origin"

step "a customer registers"
call POST /api/auth/register "" "{\"email\":\"$customer_email\",\"password\":\"$customer_password\",\"name\":\"Smoke Test $stamp\",\"phone\":\"+62 812 0000 0000\",\"locale\":\"en\"}"
expect 201
customer_id="$(json 'd["customer"]["id"]')"
ok "registered $customer_email ($customer_id)"

step "the admin approves them"
call POST /api/auth/login "" "{\"email\":\"$admin_email\",\"password\":\"$admin_password\"}"
expect 200
admin="$(json 'd["token"]')"
call POST "/api/admin/customers/$customer_id/confirm" "$admin" '{"decision":"approve","note":"smoke test"}'
expect 200
ok "approved"

step "the customer orders"
call POST /api/auth/login "" "{\"email\":\"$customer_email\",\"password\":\"$customer_password\"}"
expect 200
customer="$(json 'd["token"]')"
call GET /api/products
expect 200
product="$(json 'd["items"][0]["id"] if d["items"] else ""')"
if [[ -z "$product" ]]; then
  call POST /api/admin/products "$admin" "{\"name\":\"Smoke Test $stamp\",\"category\":\"smoke\",\"price\":1000}"
  expect 201
  product="$(json 'd["id"]')"
  created_product="$product"
fi
order_body="{\"items\":[{\"productId\":\"$product\",\"quantity\":1}],\"shippingAddress\":{\"recipient\":\"Smoke Test $stamp\",\"phone\":\"+62 812 0000 0000\",\"street\":\"Jl. Uji 1\",\"city\":\"Bandung\",\"postalCode\":\"40111\"},\"note\":\"smoke test, please ignore\"}"
call POST /api/orders "$customer" "$order_body"
expect 201
order="$(json 'd["id"]')"
invoice="$(json 'd["invoiceCode"]')"
total="$(json 'd["total"]')"
call POST /api/orders "$customer" "$order_body"
[[ "$status" == 201 && "$(json 'd["id"]')" == "$order" ]] || fail "a retried order made another: $body"
ok "order $invoice ($total IDR), and its retry is the same order"

step "the admin accepts it"
call POST "/api/admin/orders/$order/confirm" "$admin" '{"decision":"accept","note":"smoke test"}'
expect 200
[[ "$(json 'd["status"]')" == accepted ]] || fail "not accepted: $body"
ok "accepted"

step "the customer sees it"
call GET "/api/orders/$order" "$customer"
expect 200
[[ "$(json 'd["status"]')" == accepted ]] || fail "the customer sees $body"
call GET /api/me "$customer"
expect 200
ok "the order is accepted for the customer (mail: sent by SES, or queued in the outbox for the mailer)"

echo "smoke test passed: $passed checks against $base"
