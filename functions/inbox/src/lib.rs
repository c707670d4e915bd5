//! The inbox (read side).
//! - `GET /api/messages?cursor=&limit=`: own messages, newest first, with the unread count.
//! - `POST /api/messages/{id}/read`: marks one read (the unread count drops once).

use lambda_http::http::{Method, StatusCode};
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use toko::adapters::dynamo::DynamoStore;
use toko::auth::{authenticate, TokenKeys};
use toko::aws::SdkConfig;
use toko::config::{self, ConfigError};
use toko::domain::MessageId;
use toko::http::{self, HttpResult};
use toko::ports::{Clock, Inbox, SystemClock, Users};
use toko::Error;

pub struct Deps {
    pub users: Arc<dyn Users>,
    pub inbox: Arc<dyn Inbox>,
    pub keys: TokenKeys,
    pub clock: Arc<dyn Clock>,
}

impl Deps {
    pub fn from_env(sdk: &SdkConfig) -> Result<Self, ConfigError> {
        let store = Arc::new(DynamoStore::from_sdk(sdk, config::table_name()?));
        Ok(Self {
            users: store.clone(),
            inbox: store,
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
        ["api", "messages"] => match *req.method() {
            Method::GET => list(deps, req).await,
            _ => Err(http::method_not_allowed(&[Method::GET])),
        },
        ["api", "messages", id, "read"] => match *req.method() {
            Method::POST => read(deps, req, id).await,
            _ => Err(http::method_not_allowed(&[Method::POST])),
        },
        _ => Err(http::route_not_found()),
    }
}

async fn list(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate(req, &deps.keys, deps.clock.now())?;
    let page_req = http::page_request(&http::query(req))?;
    let (page, user) = tokio::join!(
        deps.inbox.list(&who.user_id, &page_req),
        deps.users.get(&who.user_id)
    );
    let (page, unread) = (page?, user?.map(|u| u.unread_messages).unwrap_or(0));
    http::json(
        StatusCode::OK,
        &json!({ "items": page.items, "unread": unread, "nextCursor": page.next_cursor }),
    )
}

async fn read(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate(req, &deps.keys, deps.clock.now())?;
    let id = MessageId::parse(id).ok_or_else(|| Error::not_found("No such message."))?;
    let message = deps.inbox.mark_read(&who.user_id, &id).await?;
    http::json(StatusCode::OK, &message)
}
