//! The account.
//! - `GET /api/me`: who is signed in, their account status, and the counters the site
//!   shows as badges (read from the profile item: one GetItem, no scan).
//! - `PUT /api/me` `{name?, phone?, whatsapp?, locale?, marketingOptIn?}`: the profile
//!   (a phone `null` or blank removes it; the language is that of the account's mail)
//!   and promo mail on or off; at least one field.
//! - `GET /api/account/points?cursor=&limit=` (customer): the points balance, how the
//!   shop takes and expires them, and the ledger, newest first.
//! - `GET|POST /api/account/addresses`, `PUT|DELETE /api/account/addresses/{id}`
//!   (customer): the address book (`addresses.rs`).
//! - `GET /api/unsubscribe?token=`: the link in promo mail (no sign-in) shows a page that
//!   asks to confirm (mail scanners open links); `POST` (its button, or a mail client's
//!   one-click unsubscribe) turns promo mail off.

mod addresses;

use addresses::{
    list as list_addresses, remove as remove_address, save as save_address,
    update as update_address,
};

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use toko::auth::{authenticate_session, authenticate_session_any, TokenKeys};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::Role;
use toko::domain::{Locale, PersonName, Phone, ProfileChange, UserView};
use toko::http::Form;
use toko::http::{self, HttpResult};
use toko::mail::escape_html;
use toko::ports::{AddressBook, Clock, Marketing, Points, ShopSettings, Users};
use toko::wiring;
use toko::Error;

pub struct Deps {
    pub users: Arc<dyn Users>,
    /// The customer's points and the shop's rules for them.
    pub points: Arc<dyn Points>,
    pub settings: Arc<dyn ShopSettings>,
    pub addresses: Arc<dyn AddressBook>,
    pub marketing: Arc<dyn Marketing>,
    pub keys: TokenKeys,
    /// Whether a token's session still stands (role, version, active staff).
    pub sessions: Arc<toko::sessions::Sessions>,
    pub clock: Arc<dyn Clock>,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        let sessions = wiring::sessions(store.clone());
        Ok(Self {
            users: store.clone(),
            points: store.clone(),
            settings: store.clone(),
            addresses: store.clone(),
            marketing: store,
            keys: settings.token_keys()?,
            sessions,
            clock,
        })
    }
}

pub async fn handle(deps: &Deps, req: Request) -> Result<Response<Body>, lambda_http::Error> {
    http::respond(route(deps, &req).await)
}

toko::routes! {
    Deps;
    GET "/api/me" => me,
    PUT "/api/me" => preferences,
    GET "/api/account/points" => points,
    GET "/api/account/addresses" => list_addresses,
    POST "/api/account/addresses" => save_address,
    PUT "/api/account/addresses/{id}" => update_address(id),
    DELETE "/api/account/addresses/{id}" => remove_address(id),
    GET "/api/unsubscribe" => unsubscribe_page,
    POST "/api/unsubscribe" => unsubscribe,
}

async fn me(deps: &Deps, req: &Request) -> HttpResult {
    // (A session that may only set up a second factor may still see whose it is.)
    let principal =
        authenticate_session_any(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    let user = deps
        .users
        .get(&principal.user_id)
        .await?
        .ok_or_else(toko::auth::account_gone)?;
    http::json(
        StatusCode::OK,
        &json!({
            "user": UserView::from(&user),
            "pendingOrders": user.pending_orders,
            "unreadMessages": user.unread_messages,
        }),
    )
}

async fn points(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require(&[Role::Customer])?;
    let page = http::page_request(&http::query(req))?;
    let (balance, settings, ledger) = tokio::join!(
        deps.points.balance(&who.user_id),
        deps.settings.points_settings(),
        deps.points.ledger(&who.user_id, &page)
    );
    let ledger = ledger?;
    http::json(
        StatusCode::OK,
        &json!({
            "balance": balance?.balance,
            "settings": settings?,
            "items": ledger.items,
            "nextCursor": ledger.next_cursor,
        }),
    )
}

/// A phone field of the profile: absent (unchanged), `null` or blank (removed), or a number.
fn phone_change(form: &mut Form, field: &str) -> Option<Option<Phone>> {
    match form.raw(field).cloned() {
        None if form.has(field) => Some(None),
        None => None,
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => Some(None),
        Some(serde_json::Value::String(s)) => match Phone::parse(&s) {
            Ok(p) => Some(Some(p)),
            Err(m) => {
                form.reject(field, m);
                None
            }
        },
        Some(_) => {
            form.reject(field, "must be a phone number, or null to remove it");
            None
        }
    }
}

async fn preferences(deps: &Deps, req: &Request) -> HttpResult {
    let principal = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    let mut form = Form::parse(req)?;
    let opt_in = match form.raw("marketingOptIn") {
        Some(serde_json::Value::Bool(b)) => Some(*b),
        Some(_) => {
            form.reject("marketingOptIn", "must be true or false");
            None
        }
        None => None,
    };
    let change = ProfileChange {
        // Given at all, a name or language must be a valid one (blank is not "unchanged").
        name: form
            .has("name")
            .then(|| form.required("name", PersonName::parse))
            .flatten(),
        phone: phone_change(&mut form, "phone"),
        whatsapp: phone_change(&mut form, "whatsapp"),
        locale: form
            .has("locale")
            .then(|| form.required("locale", Locale::parse))
            .flatten(),
    };
    if change.is_empty() && opt_in.is_none() && form.is_clean() {
        form.reject(
            "marketingOptIn",
            "give at least one of name, phone, whatsapp, locale, marketingOptIn",
        );
    }
    form.finish()?;
    if !change.is_empty() {
        deps.users
            .update_profile(&principal.user_id, &change)
            .await?;
    }
    if let Some(opt_in) = opt_in {
        deps.marketing
            .set_opt_in(&principal.user_id, opt_in)
            .await?;
    }
    me(deps, req).await
}

/// The link in promo mail, opened in a browser (or by a mail scanner): a page that asks
/// to confirm; nothing changes until the button posts.
async fn unsubscribe_page(deps: &Deps, req: &Request) -> HttpResult {
    let (token, _) = link_user(deps, req)?;
    let action = format!("/api/unsubscribe?token={}", escape_html(&token));
    page(&format!(
        "<h1>Unsubscribe from promotions?</h1>\
<p>Toko will stop sending you promotions. Orders and messages still arrive.</p>\
<p lang=id>Berhenti menerima promo dari Toko? Kabar pesanan dan pesan tetap dikirim.</p>\
<form method=post action=\"{action}\"><button type=submit class=btn>Unsubscribe · Berhenti berlangganan</button></form>"
    ))
}

/// The confirmation's button, or a mail client's one-click unsubscribe (RFC 8058): turns
/// promo mail off.
async fn unsubscribe(deps: &Deps, req: &Request) -> HttpResult {
    let (_, user) = link_user(deps, req)?;
    deps.marketing.set_opt_in(&user, false).await?;
    page(
        "<h1>Unsubscribed</h1><p>You will no longer receive promotions from Toko.</p>\
<p lang=id>Anda tidak akan lagi menerima promo dari Toko.</p>",
    )
}

/// The link's token and the account it names (400 for a forged or expired link).
fn link_user(deps: &Deps, req: &Request) -> Result<(String, toko::domain::UserId), Error> {
    let token = http::query(req).get("token").cloned().unwrap_or_default();
    let user = deps.keys.verify_unsubscribe(&token, deps.clock.now())?;
    Ok((token, user))
}

/// A small page in the site's style (no inline style or script: the CSP forbids them).
fn page(body: &str) -> HttpResult {
    let html = format!(
        "<!doctype html><html lang=en><meta charset=utf-8>\
<meta name=viewport content=\"width=device-width, initial-scale=1\">\
<title>Toko</title><link rel=stylesheet href=\"/assets/style.css\">\
<body><main class=narrow>{body}</main></body></html>"
    );
    Response::builder()
        .status(StatusCode::OK)
        .header(
            lambda_http::http::header::CONTENT_TYPE,
            "text/html; charset=utf-8",
        )
        .header(lambda_http::http::header::CACHE_CONTROL, "no-store")
        .body(Body::from(html))
        .map_err(Error::internal)
}
