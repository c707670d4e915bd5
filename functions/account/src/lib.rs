//! `GET /api/me`: who is signed in, their account status, and the counters the site
//! shows as badges (read from the profile item: one GetItem, no scan).

use lambda_http::http::{Method, StatusCode};
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use toko::adapters::dynamo::DynamoStore;
use toko::auth::{authenticate, TokenKeys};
use toko::aws::SdkConfig;
use toko::config::{self, ConfigError};
use toko::domain::UserView;
use toko::http::{self, HttpResult};
use toko::ports::{Clock, SystemClock, Users};
use toko::Error;

pub struct Deps {
    pub users: Arc<dyn Users>,
    pub keys: TokenKeys,
    pub clock: Arc<dyn Clock>,
}

impl Deps {
    pub fn from_env(sdk: &SdkConfig) -> Result<Self, ConfigError> {
        Ok(Self {
            users: Arc::new(DynamoStore::from_sdk(sdk, config::table_name()?)),
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
        ["api", "me"] => match *req.method() {
            Method::GET => me(deps, req).await,
            _ => Err(http::method_not_allowed(&[Method::GET])),
        },
        _ => Err(http::route_not_found()),
    }
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
