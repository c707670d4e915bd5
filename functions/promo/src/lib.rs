//! Promotions.
//! - `GET /api/promos`: the promos running now (public).
//! - `GET /api/admin/promos`, `POST /api/admin/promos`, `PUT|DELETE /api/admin/promos/{id}`
//!   (marketing, admin): every promo, post, edit (schedule with `startsAt`/`endsAt`), delete.
//!
//! Mailing a promo to opted-in customers (`notify`) is not built yet: a request asking
//! for it is refused (422 `notify_unavailable`) rather than silently ignored.

use lambda_http::http::{Method, StatusCode};
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use toko::adapters::dynamo::DynamoStore;
use toko::auth::{authenticate, TokenKeys};
use toko::aws::SdkConfig;
use toko::config::{self, ConfigError};
use toko::domain::{
    parse_message_body, parse_percent, parse_rfc3339, parse_title, Promo, PromoId, PromoView, Role,
};
use toko::http::{self, Form, HttpResult};
use toko::ports::{Clock, Promos, SystemClock};
use toko::Error;

pub struct Deps {
    pub promos: Arc<dyn Promos>,
    pub keys: TokenKeys,
    pub clock: Arc<dyn Clock>,
}

impl Deps {
    pub fn from_env(sdk: &SdkConfig) -> Result<Self, ConfigError> {
        Ok(Self {
            promos: Arc::new(DynamoStore::from_sdk(sdk, config::table_name()?)),
            keys: config::token_keys()?,
            clock: Arc::new(SystemClock),
        })
    }
}

pub async fn handle(deps: &Deps, req: Request) -> Result<Response<Body>, lambda_http::Error> {
    http::respond(route(deps, &req).await)
}

async fn route(deps: &Deps, req: &Request) -> HttpResult {
    match http::segments(req).as_slice() {
        ["api", "promos"] => match *req.method() {
            Method::GET => active(deps).await,
            _ => Err(http::method_not_allowed(&[Method::GET])),
        },
        ["api", "admin", "promos"] => match *req.method() {
            Method::GET => all(deps, req).await,
            Method::POST => create(deps, req).await,
            _ => Err(http::method_not_allowed(&[Method::GET, Method::POST])),
        },
        ["api", "admin", "promos", id] => match *req.method() {
            Method::PUT => update(deps, req, id).await,
            Method::DELETE => delete(deps, req, id).await,
            _ => Err(http::method_not_allowed(&[Method::PUT, Method::DELETE])),
        },
        _ => Err(http::route_not_found()),
    }
}

const EDITORS: [Role; 2] = [Role::Marketing, Role::Admin];

async fn active(deps: &Deps) -> HttpResult {
    let promos = deps.promos.active(deps.clock.now()).await?;
    let items: Vec<PromoView> = promos.iter().map(PromoView::from).collect();
    http::json(StatusCode::OK, &json!({ "items": items }))
}

async fn all(deps: &Deps, req: &Request) -> HttpResult {
    authenticate(req, &deps.keys, deps.clock.now())?.require(&EDITORS)?;
    let page = deps
        .promos
        .all(&http::page_request(&http::query(req))?)
        .await?;
    let items: Vec<PromoView> = page.items.iter().map(PromoView::from).collect();
    http::json(
        StatusCode::OK,
        &json!({ "items": items, "nextCursor": page.next_cursor }),
    )
}

fn image_url(raw: &str) -> Result<String, &'static str> {
    let s = raw.trim();
    let ok = s.len() <= 1000
        && (s.starts_with("https://") || s.starts_with('/'))
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<');
    if ok {
        Ok(s.to_owned())
    } else {
        Err("must be an https URL or a path starting with /")
    }
}

/// The promo's fields from the body (a new id and creation time for `POST`).
fn parse(req: &Request, id: PromoId, now: time::OffsetDateTime) -> Result<Promo, Error> {
    let mut form = Form::parse(req)?;
    let title = form.required("title", parse_title);
    let body = form.required("body", parse_message_body);
    let image_url = form.optional("imageUrl", image_url);
    let discount_percent = form.raw("discountPercent").cloned().and_then(|v| {
        parse_percent(&v)
            .map_err(|m| form.reject("discountPercent", m))
            .ok()
    });
    let starts_at = form.required("startsAt", |s| {
        parse_rfc3339(s).ok_or("must be an RFC 3339 time")
    });
    let ends_at = form.required("endsAt", |s| {
        parse_rfc3339(s).ok_or("must be an RFC 3339 time")
    });
    if form.flag("notify", false) {
        return Err(Error::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "notify_unavailable",
            "Mailing promos to customers is not available yet; post the promo without notify.",
        ));
    }
    if let (Some(s), Some(e)) = (starts_at, ends_at) {
        if e <= s {
            form.reject("endsAt", "must be after startsAt");
        }
    }
    let (Some(title), Some(body), Some(starts_at), Some(ends_at)) =
        (title, body, starts_at, ends_at)
    else {
        return Err(form.into_error());
    };
    form.finish()?;
    Ok(Promo {
        id,
        title,
        body,
        image_url,
        discount_percent,
        starts_at,
        ends_at,
        created_at: now,
    })
}

async fn create(deps: &Deps, req: &Request) -> HttpResult {
    authenticate(req, &deps.keys, deps.clock.now())?.require(&EDITORS)?;
    let promo = parse(req, PromoId::generate(), deps.clock.now())?;
    deps.promos.put(&promo, false).await?;
    http::json(StatusCode::CREATED, &PromoView::from(&promo))
}

async fn update(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    authenticate(req, &deps.keys, deps.clock.now())?.require(&EDITORS)?;
    let id = PromoId::parse(id).ok_or_else(|| Error::not_found("No such promo."))?;
    let existing = deps
        .promos
        .get(&id)
        .await?
        .ok_or_else(|| Error::not_found("No such promo."))?;
    let promo = parse(req, id, existing.created_at)?;
    deps.promos.put(&promo, true).await?;
    http::json(StatusCode::OK, &PromoView::from(&promo))
}

async fn delete(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    authenticate(req, &deps.keys, deps.clock.now())?.require(&EDITORS)?;
    let id = PromoId::parse(id).ok_or_else(|| Error::not_found("No such promo."))?;
    deps.promos.delete(&id).await?;
    http::no_content()
}
