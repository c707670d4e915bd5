//! Voucher codes (marketing, admin):
//! - `GET /api/admin/vouchers`: every voucher with its uses, newest first.
//! - `POST /api/admin/vouchers`: a new code (409 `voucher_code_taken` if it exists).
//! - `PUT /api/admin/vouchers/{code}`: change its rules or switch it off (`enabled`);
//!   its uses are the orders' to count.
//! - `GET /api/admin/vouchers/{code}/redemptions`: the orders that used it.

use crate::{discount_fields, list, window, Deps};
use lambda_http::http::StatusCode;
use lambda_http::Request;
use serde_json::json;
use toko::auth::authenticate_session;
use toko::domain::{
    Category, Missing, Money, Refusal, Voucher, VoucherCode, VoucherValue, VoucherView,
};
use toko::http::{self, Form, HttpResult};
use toko::Error;

/// A whole number in `range`, or absent.
fn count(form: &mut Form, field: &str, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
    let v = form.raw(field)?.clone();
    match v.as_i64().filter(|n| range.contains(n)) {
        Some(n) => Some(n),
        None => {
            form.reject(
                field,
                format!(
                    "must be a whole number from {} to {}",
                    range.start(),
                    range.end()
                ),
            );
            None
        }
    }
}

/// The voucher's rules from the body; `code` from the path when editing.
fn parse(
    req: &Request,
    code: Option<VoucherCode>,
    now: time::OffsetDateTime,
) -> Result<Voucher, Error> {
    let mut form = Form::parse(req)?;
    let code = match code {
        Some(c) => Some(c),
        None => form.required("code", VoucherCode::parse),
    };
    let (percent, amount) = discount_fields(&mut form, "a voucher");
    let value = match (percent, amount) {
        (Some(p), None) => Some(VoucherValue::Percent(p)),
        (None, Some(a)) => Some(VoucherValue::Amount(a)),
        // Refused by `discount_fields`.
        (Some(_), Some(_)) => None,
        (None, None) => {
            if form.raw("discountPercent").is_none() && form.raw("discountAmount").is_none() {
                form.reject(
                    "discountPercent",
                    "a voucher needs discountPercent or discountAmount",
                );
            }
            None
        }
    };
    let max = toko::domain::MAX_PRICE;
    let min_spend: Money = count(&mut form, "minSpend", 0..=max).unwrap_or(0);
    let max_discount = count(&mut form, "maxDiscount", 1..=max);
    let total_uses = count(&mut form, "totalUses", 1..=1_000_000).map(|n| n as u32);
    let per_customer = count(&mut form, "perCustomer", 1..=100).map_or(1, |n| n as u32);
    let first_order_only = form.flag("firstOrderOnly", false);
    let enabled = form.flag("enabled", true);
    let categories = list(&mut form, "categories", |s| Category::parse(s).ok());
    let (starts_at, ends_at) = window(&mut form);
    let (Some(code), Some(value), Some(starts_at), Some(ends_at)) =
        (code, value, starts_at, ends_at)
    else {
        return Err(form.into_error());
    };
    form.finish()?;
    Ok(Voucher {
        code,
        value,
        min_spend,
        max_discount,
        starts_at,
        ends_at,
        total_uses,
        per_customer,
        first_order_only,
        categories,
        enabled,
        used: 0,
        created_at: now,
    })
}

fn path_code(raw: &str) -> Result<VoucherCode, Error> {
    VoucherCode::parse(raw).map_err(|_| Refusal::NotFound(Missing::Voucher).into())
}

pub(crate) async fn list_vouchers(deps: &Deps, req: &Request) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(toko::domain::Permission::Promos)?;
    let page = deps
        .vouchers
        .all(&http::page_request(&http::query(req))?)
        .await?;
    let items: Vec<VoucherView> = page.items.iter().map(VoucherView::from).collect();
    http::json(
        StatusCode::OK,
        &json!({ "items": items, "nextCursor": page.next_cursor }),
    )
}

pub(crate) async fn create_voucher(deps: &Deps, req: &Request) -> HttpResult {
    let now = deps.clock.now();
    let who = authenticate_session(req, &deps.keys, &deps.sessions, now).await?;
    who.require_to(toko::domain::Permission::Promos)?;
    let voucher = parse(req, None, now)?;
    deps.vouchers.create(&voucher).await?;
    let record = toko::domain::RecordRef::new("voucher", voucher.code.as_str());
    deps.activity
        .record(&who, toko::domain::Action::VoucherCreated, record, "")
        .await;
    http::json(StatusCode::CREATED, &VoucherView::from(&voucher))
}

pub(crate) async fn update_voucher(deps: &Deps, req: &Request, code: &str) -> HttpResult {
    let now = deps.clock.now();
    let who = authenticate_session(req, &deps.keys, &deps.sessions, now).await?;
    who.require_to(toko::domain::Permission::Promos)?;
    let code = path_code(code)?;
    let voucher = parse(req, Some(code.clone()), now)?;
    let before = deps.vouchers.get(&code).await?;
    deps.vouchers.update(&voucher).await?;
    let stored = deps
        .vouchers
        .get(&code)
        .await?
        .ok_or(Refusal::NotFound(Missing::Voucher))?;
    if let Some(before) = before {
        let record = toko::domain::RecordRef::new("voucher", code.as_str());
        let (before, after) = (VoucherView::from(&before), VoucherView::from(&stored));
        deps.activity
            .edited(
                &who,
                toko::domain::Action::VoucherUpdated,
                record,
                &before,
                &after,
            )
            .await;
    }
    http::json(StatusCode::OK, &VoucherView::from(&stored))
}

pub(crate) async fn redemptions(deps: &Deps, req: &Request, code: &str) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(toko::domain::Permission::Promos)?;
    let code = path_code(code)?;
    if deps.vouchers.get(&code).await?.is_none() {
        return Err(Refusal::NotFound(Missing::Voucher).into());
    }
    let page = deps
        .vouchers
        .redemptions(&code, &http::page_request(&http::query(req))?)
        .await?;
    http::json(
        StatusCode::OK,
        &json!({ "items": page.items, "nextCursor": page.next_cursor }),
    )
}
