//! The account.
//! - `GET /api/me`: who is signed in, their account status, and the counters the site
//!   shows as badges (read from the profile item: one GetItem, no scan).
//! - `PUT /api/me` `{marketingOptIn}`: promo mail on or off.
//! - `GET|POST /api/unsubscribe?token=`: the one-click link in promo mail (no sign-in).

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use toko::auth::{authenticate, TokenKeys};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::UserView;
use toko::http::Form;
use toko::http::{self, HttpResult};
use toko::ports::{Clock, Marketing, Users};
use toko::wiring;
use toko::Error;

pub struct Deps {
    pub users: Arc<dyn Users>,
    pub marketing: Arc<dyn Marketing>,
    pub keys: TokenKeys,
    pub clock: Arc<dyn Clock>,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        Ok(Self {
            users: store.clone(),
            marketing: store,
            keys: settings.token_keys()?,
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
    GET "/api/unsubscribe" => unsubscribe,
    POST "/api/unsubscribe" => unsubscribe,
}

async fn me(deps: &Deps, req: &Request) -> HttpResult {
    let principal = authenticate(req, &deps.keys, deps.clock.now())?;
    let user = deps.users.get(&principal.user_id).await?.ok_or_else(|| {
        Error::unauthorized(
            "invalid_token",
            "The account of this token no longer exists.",
        )
    })?;
    http::json(
        StatusCode::OK,
        &json!({
            "user": UserView::from(&user),
            "pendingOrders": user.pending_orders,
            "unreadMessages": user.unread_messages,
        }),
    )
}

async fn preferences(deps: &Deps, req: &Request) -> HttpResult {
    let principal = authenticate(req, &deps.keys, deps.clock.now())?;
    let mut form = Form::parse(req)?;
    let opt_in = match form.raw("marketingOptIn") {
        Some(serde_json::Value::Bool(b)) => Some(*b),
        Some(_) => {
            form.reject("marketingOptIn", "must be true or false");
            None
        }
        None => {
            form.reject("marketingOptIn", "is required");
            None
        }
    };
    let Some(opt_in) = opt_in else {
        return Err(form.into_error());
    };
    form.finish()?;
    deps.marketing
        .set_opt_in(&principal.user_id, opt_in)
        .await?;
    me(deps, req).await
}

/// A small page for people who clicked the link in an e-mail.
async fn unsubscribe(deps: &Deps, req: &Request) -> HttpResult {
    let q = http::query(req);
    let token = q.get("token").map(String::as_str).unwrap_or("");
    let user = deps.keys.verify_unsubscribe(token)?;
    deps.marketing.set_opt_in(&user, false).await?;
    let page = "<!doctype html><meta charset=utf-8><title>Toko</title>\
<body style=\"font-family:system-ui,sans-serif;max-width:480px;margin:40px auto\">\
<h1>Unsubscribed</h1><p>You will no longer receive promotions from Toko.</p>\
<p lang=id>Anda tidak akan lagi menerima promo dari Toko.</p></body>";
    Response::builder()
        .status(StatusCode::OK)
        .header(
            lambda_http::http::header::CONTENT_TYPE,
            "text/html; charset=utf-8",
        )
        .header(lambda_http::http::header::CACHE_CONTROL, "no-store")
        .body(Body::from(page))
        .map_err(Error::internal)
}
