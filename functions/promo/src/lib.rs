//! Promotions and voucher codes (`vouchers.rs`).
//! - `GET /api/promos`: the promos running now (public).
//! - `GET /api/admin/promos`, `POST /api/admin/promos`, `PUT|DELETE /api/admin/promos/{id}`
//!   (marketing, admin): every promo, post, edit (schedule with `startsAt`/`endsAt`), delete.
//!
//! - `POST /api/admin/promos/{id}/notify?cursor=` (and `notify: true` when posting):
//!   e-mails the promo to customers who opted in, [`BATCH`] per request; the answer's
//!   `nextCursor` continues. Each mail is claimed once (a conditional write) before it is
//!   sent, so a retried or interrupted send never mails anyone twice; a mail SES refuses
//!   gives its claim back for the next try. Each mail has a signed one-click unsubscribe
//!   link.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use time::OffsetDateTime;
use toko::auth::{authenticate_session, TokenKeys};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{
    image_url, parse_amount, parse_message_body, parse_min_quantity, parse_percent, parse_rfc3339,
    parse_title, Category, Money, ProductId, Promo, PromoId, PromoView, MAX_TARGETS,
};
use toko::domain::{rfc3339, AccountStatus, Action, RecordRef};
use toko::http::{self, Form, HttpResult};
use toko::mail;
use toko::ports::{Clock, Mailer, Marketing, PageRequest, Promos, Vouchers};
use toko::wiring;
use toko::Error;

/// Customers mailed per request (SES' default sending rate is 14/s in production).
pub const BATCH: u32 = 25;

pub struct Deps {
    pub promos: Arc<dyn Promos>,
    /// Voucher codes (`vouchers.rs`).
    pub vouchers: Arc<dyn Vouchers>,
    pub marketing: Arc<dyn Marketing>,
    pub mailer: Arc<dyn Mailer>,
    pub site_url: String,
    pub keys: TokenKeys,
    /// Whether a token's session still stands (role, version, active staff).
    pub sessions: Arc<toko::sessions::Sessions>,
    /// Where pictures may come from besides the shop (`TOKO_IMAGE_HOSTS`).
    pub image_hosts: Vec<String>,
    pub clock: Arc<dyn Clock>,
    pub activity: toko::activity::Recorder,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        let sessions = wiring::sessions(store.clone());
        Ok(Self {
            activity: wiring::activity(store.clone(), sessions.clone(), clock.clone()),
            promos: store.clone(),
            vouchers: store.clone(),
            marketing: store,
            mailer: wiring::ses(sdk, settings)?,
            site_url: settings.site_url()?,
            keys: settings.token_keys()?,
            sessions,
            image_hosts: settings.image_hosts(),
            clock,
        })
    }
}

pub async fn handle(deps: &Deps, req: Request) -> Result<Response<Body>, lambda_http::Error> {
    http::respond(route(deps, &req).await)
}

toko::routes! {
    Deps;
    GET "/api/promos" => active,
    GET "/api/admin/promos" => all,
    POST "/api/admin/promos" => create,
    POST "/api/admin/promos/{id}/notify" => notify_route(id),
    PUT "/api/admin/promos/{id}" => update(id),
    DELETE "/api/admin/promos/{id}" => delete(id),
    GET "/api/admin/vouchers" => list_vouchers,
    POST "/api/admin/vouchers" => create_voucher,
    PUT "/api/admin/vouchers/{code}" => update_voucher(code),
    GET "/api/admin/vouchers/{code}/redemptions" => redemptions(code),
}

mod vouchers;
use vouchers::{create_voucher, list_vouchers, redemptions, update_voucher};

async fn active(deps: &Deps, _req: &Request) -> HttpResult {
    let promos = deps.promos.active(deps.clock.now()).await?;
    let items: Vec<PromoView> = promos.iter().map(PromoView::from).collect();
    http::json(StatusCode::OK, &json!({ "items": items }))
}

async fn all(deps: &Deps, req: &Request) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(toko::domain::Permission::Promos)?;
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

/// `discountPercent` and `discountAmount` (each optional; `what` has one or the other,
/// not both), as promos and vouchers take them.
pub(crate) fn discount_fields(form: &mut Form, what: &str) -> (Option<u8>, Option<Money>) {
    let percent = form.raw("discountPercent").cloned().and_then(|v| {
        parse_percent(&v)
            .map_err(|m| form.reject("discountPercent", m))
            .ok()
    });
    let amount = form.raw("discountAmount").cloned().and_then(|v| {
        parse_amount(&v)
            .map_err(|m| form.reject("discountAmount", m))
            .ok()
    });
    if percent.is_some() && amount.is_some() {
        form.reject(
            "discountAmount",
            format!("{what} has a percent or an amount, not both"),
        );
    }
    (percent, amount)
}

/// `startsAt` and `endsAt`, the second after the first.
pub(crate) fn window(form: &mut Form) -> (Option<OffsetDateTime>, Option<OffsetDateTime>) {
    let starts_at = form.required("startsAt", |s| {
        parse_rfc3339(s).ok_or("must be an RFC 3339 time")
    });
    let ends_at = form.required("endsAt", |s| {
        parse_rfc3339(s).ok_or("must be an RFC 3339 time")
    });
    if let (Some(s), Some(e)) = (starts_at, ends_at) {
        if e <= s {
            form.reject("endsAt", "must be after startsAt");
        }
    }
    (starts_at, ends_at)
}

/// A list of up to `MAX_TARGETS` distinct names in the body (empty when absent).
pub(crate) fn list<T: PartialEq>(
    form: &mut Form,
    field: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Vec<T> {
    let Some(raw) = form.raw(field).cloned() else {
        return Vec::new();
    };
    let Some(items) = raw.as_array().filter(|a| a.len() <= MAX_TARGETS) else {
        form.reject(field, "must be a list of at most 50");
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, v) in items.iter().enumerate() {
        match v.as_str().and_then(&parse) {
            Some(t) if !out.contains(&t) => out.push(t),
            Some(_) => {}
            None => form.reject(format!("{field}[{i}]"), "is not a valid name or id"),
        }
    }
    out
}

/// The promo's fields from the body (a new id and creation time for `POST`), and
/// whether to mail it.
fn parse(
    req: &Request,
    id: PromoId,
    now: time::OffsetDateTime,
    image_hosts: &[String],
) -> Result<(Promo, bool), Error> {
    let mut form = Form::parse(req)?;
    let title = form.required("title", parse_title);
    let body = form.required("body", parse_message_body);
    let image_url = form.optional("imageUrl", |s| image_url(s, image_hosts));
    let (discount_percent, discount_amount) = discount_fields(&mut form, "a promo");
    let min_quantity = form
        .raw("minQuantity")
        .cloned()
        .map_or(Some(1), |v| {
            parse_min_quantity(&v)
                .map_err(|m| form.reject("minQuantity", m))
                .ok()
        })
        .unwrap_or(1);
    let categories = list(&mut form, "categories", |s| Category::parse(s).ok());
    let product_ids = list(&mut form, "productIds", ProductId::parse);
    let (starts_at, ends_at) = window(&mut form);
    let notify = form.flag("notify", false);
    let (Some(title), Some(body), Some(starts_at), Some(ends_at)) =
        (title, body, starts_at, ends_at)
    else {
        return Err(form.into_error());
    };
    form.finish()?;
    let promo = Promo {
        id,
        title,
        body,
        image_url,
        discount_percent,
        discount_amount,
        categories,
        product_ids,
        min_quantity,
        starts_at,
        ends_at,
        created_at: now,
    };
    Ok((promo, notify))
}

async fn create(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(toko::domain::Permission::Promos)?;
    let (promo, notify) = parse(
        req,
        PromoId::generate(),
        deps.clock.now(),
        &deps.image_hosts,
    )?;
    deps.promos.put(&promo, false).await?;
    let change = format!("{} → {}", rfc3339(promo.starts_at), rfc3339(promo.ends_at));
    deps.activity
        .record(&who, Action::PromoCreated, promo_ref(&promo), &change)
        .await;
    let mut body = serde_json::to_value(PromoView::from(&promo)).map_err(Error::internal)?;
    if notify {
        body["notification"] = send_batch(deps, &promo, None).await?;
    }
    http::json(StatusCode::CREATED, &body)
}

async fn update(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(toko::domain::Permission::Promos)?;
    let id = PromoId::parse(id).ok_or_else(|| Error::not_found("No such promo."))?;
    let existing = deps
        .promos
        .get(&id)
        .await?
        .ok_or_else(|| Error::not_found("No such promo."))?;
    let (promo, _) = parse(req, id, existing.created_at, &deps.image_hosts)?;
    deps.promos.put(&promo, true).await?;
    let (before, after) = (PromoView::from(&existing), PromoView::from(&promo));
    deps.activity
        .edited(
            &who,
            Action::PromoUpdated,
            promo_ref(&promo),
            &before,
            &after,
        )
        .await;
    http::json(StatusCode::OK, &PromoView::from(&promo))
}

async fn delete(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(toko::domain::Permission::Promos)?;
    let id = PromoId::parse(id).ok_or_else(|| Error::not_found("No such promo."))?;
    // Read first only to name it in the log.
    let gone = deps.promos.get(&id).await?;
    deps.promos.delete(&id).await?;
    let record = gone
        .as_ref()
        .map_or_else(|| RecordRef::new("promo", &id), promo_ref);
    deps.activity
        .record(&who, Action::PromoDeleted, record, "")
        .await;
    http::no_content()
}

async fn notify_route(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(toko::domain::Permission::Promos)?;
    let id = PromoId::parse(id).ok_or_else(|| Error::not_found("No such promo."))?;
    let promo = deps
        .promos
        .get(&id)
        .await?
        .ok_or_else(|| Error::not_found("No such promo."))?;
    let cursor = http::query(req)
        .get("cursor")
        .filter(|c| !c.is_empty())
        .cloned();
    let result = send_batch(deps, &promo, cursor).await?;
    let change = format!("sent: {}", result["sent"]);
    deps.activity
        .record(&who, Action::PromoMailed, promo_ref(&promo), &change)
        .await;
    http::json(StatusCode::OK, &result)
}

fn promo_ref(p: &Promo) -> RecordRef {
    RecordRef::new("promo", &p.id).labelled(p.title.as_str())
}

/// Mails one batch of subscribers: `{sent, skipped, failed, nextCursor}`.
async fn send_batch(
    deps: &Deps,
    promo: &Promo,
    cursor: Option<String>,
) -> Result<serde_json::Value, Error> {
    let page = deps
        .marketing
        .subscribers(&PageRequest {
            cursor,
            limit: BATCH,
        })
        .await?;
    let (mut sent, mut skipped, mut failed) = (0u32, 0u32, 0u32);
    let now = deps.clock.now();
    for user in &page.items {
        // Not approved, opted out, an address its owner never confirmed, or one SES
        // reported: no promo mail.
        if user.status != AccountStatus::Approved
            || !user.marketing_opt_in
            || !user.email_verified
            || user.mail_blocked.is_some()
        {
            skipped += 1;
            continue;
        }
        if !deps.marketing.claim_send(&promo.id, &user.id).await? {
            skipped += 1; // mailed by an earlier try
            continue;
        }
        let token = deps.keys.unsubscribe_token(&user.id, now)?;
        let link = format!(
            "{}/api/unsubscribe?token={token}",
            deps.site_url.trim_end_matches('/')
        );
        match deps.mailer.send(&mail::promo(user, promo, &link)).await {
            Ok(()) => sent += 1,
            Err(e) => {
                tracing::error!(promo_id = %promo.id, user_id = %user.id, error = %e, "promo e-mail not sent");
                deps.marketing.release_send(&promo.id, &user.id).await?;
                failed += 1;
            }
        }
    }
    Ok(
        json!({ "sent": sent, "skipped": skipped, "failed": failed, "nextCursor": page.next_cursor }),
    )
}
