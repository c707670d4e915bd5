//! Reward points and the shop's profile, for staff.
//! - `GET|PUT /api/admin/settings/points` (admin) `{earnPer, pointValue, maxSharePercent,
//!   expiryMonths}`: how points are earned, spent and expire (`toko::domain::points`).
//! - `GET|PUT /api/admin/settings/shop` (admin) `{name, address, taxNumber}`: what
//!   invoices say about the shop.
//! - `GET /api/admin/customers/{id}/points` (marketing, manager, admin): a customer's
//!   balance and ledger, newest first.
//! - `POST /api/admin/customers/{id}/points` `{points, reason}` (marketing, admin): an
//!   adjustment up or down, never below zero; the ledger keeps who made it and why.

use crate::Deps;
use lambda_http::http::StatusCode;
use lambda_http::Request;
use serde_json::json;
use toko::auth::authenticate_session;
use toko::domain::{
    parse_adjustment, parse_setting, Note, PointsEntry, PointsKind, PointsSettings, ShopProfile,
    UserId,
};
use toko::http::{self, Form, HttpResult};
use toko::Error;

pub(crate) async fn points_settings(deps: &Deps, req: &Request) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(toko::domain::Permission::Settings)?;
    http::json(StatusCode::OK, &deps.settings.points_settings().await?)
}

pub(crate) async fn set_points_settings(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(toko::domain::Permission::Settings)?;
    let mut form = Form::parse(req)?;
    let earn_per = form.value("earnPer", |v| parse_setting(v, 1_000_000_000));
    let point_value = form.value("pointValue", |v| parse_setting(v, 1_000_000));
    let share = form.value("maxSharePercent", |v| parse_setting(v, 100));
    let expiry = form.value("expiryMonths", |v| parse_setting(v, 120));
    let (Some(earn_per), Some(point_value), Some(share), Some(expiry)) =
        (earn_per, point_value, share, expiry)
    else {
        return Err(form.into_error());
    };
    form.finish()?;
    let settings = PointsSettings {
        earn_per: earn_per as i64,
        point_value: point_value as i64,
        max_share_percent: share as u8,
        expiry_months: expiry as u32,
    };
    let before = deps.settings.points_settings().await?;
    deps.settings.set_points_settings(&settings).await?;
    deps.activity
        .settings_changed(&who, "points", &before, &settings)
        .await;
    http::json(StatusCode::OK, &settings)
}

pub(crate) async fn shop_profile(deps: &Deps, req: &Request) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(toko::domain::Permission::Settings)?;
    http::json(StatusCode::OK, &deps.settings.shop_profile().await?)
}

pub(crate) async fn set_shop_profile(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(toko::domain::Permission::Settings)?;
    let mut form = Form::parse(req)?;
    let name = form.required("name", ShopProfile::parse_name);
    let address = form
        .optional("address", ShopProfile::parse_address)
        .unwrap_or_default();
    let tax_number = form
        .optional("taxNumber", ShopProfile::parse_tax_number)
        .unwrap_or_default();
    let Some(name) = name else {
        return Err(form.into_error());
    };
    form.finish()?;
    let profile = ShopProfile {
        name,
        address,
        tax_number,
    };
    let before = deps.settings.shop_profile().await?;
    deps.settings.set_shop_profile(&profile).await?;
    deps.activity
        .settings_changed(&who, "shop", &before, &profile)
        .await;
    http::json(StatusCode::OK, &profile)
}

/// The customer of `id`: 404 for anyone else.
async fn customer(deps: &Deps, id: &str) -> Result<UserId, Error> {
    Ok(toko::ports::find_customer(deps.users.as_ref(), id)
        .await?
        .id)
}

pub(crate) async fn customer_points(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(toko::domain::Permission::PointsView)?;
    let page = http::page_request(&http::query(req))?;
    let id = customer(deps, id).await?;
    let (balance, ledger) = tokio::join!(deps.points.balance(&id), deps.points.ledger(&id, &page));
    let ledger = ledger?;
    http::json(
        StatusCode::OK,
        &json!({
            "balance": balance?.balance,
            "items": ledger.items,
            "nextCursor": ledger.next_cursor,
        }),
    )
}

pub(crate) async fn adjust_points(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(toko::domain::Permission::PointsAdjust)?;
    let mut form = Form::parse(req)?;
    let points = form.value("points", parse_adjustment);
    let reason = form.required("reason", |s| {
        Note::parse(s)
            .ok()
            .filter(|n| !n.is_empty() && n.as_str().chars().count() <= 200)
            .ok_or("must be 1 to 200 characters")
    });
    let (Some(points), Some(reason)) = (points, reason) else {
        return Err(form.into_error());
    };
    form.finish()?;
    let id = customer(deps, id).await?;
    let now = deps.clock.now();
    let mut entry = if points > 0 {
        let settings = deps.settings.points_settings().await?;
        PointsEntry::credit(PointsKind::Adjusted, points as u64, now, &settings)
    } else {
        PointsEntry::new(PointsKind::Adjusted, points, now)
    };
    entry.reason = Some(reason.as_str().to_owned());
    entry.by_id = Some(who.user_id.clone());
    let balance = deps.points.adjust(&id, &entry).await?;
    tracing::info!(customer_id = %id, by = %who.user_id, points, "points adjusted");
    // The amount and the balance; the reason stays in the customer's ledger only.
    let change = format!("points: {points:+}; balance → {}", balance.balance);
    let record = toko::domain::RecordRef::new("customer", &id);
    deps.activity
        .record(
            &who,
            toko::domain::Action::CustomerPointsAdjusted,
            record,
            &change,
        )
        .await;
    http::json(
        StatusCode::CREATED,
        &json!({ "balance": balance.balance, "entry": entry }),
    )
}
