//! The inbox.
//! - `GET /api/messages?cursor=&limit=`: own messages, newest first, with the unread count.
//! - `POST /api/messages/{id}/read`: marks one read (the unread count drops once).
//! - `POST /api/messages` `{kind, subject, body, orderId?}` (approved customer): a message
//!   to the shop, answered at once by an automatic acknowledgement in the inbox and by
//!   e-mail.
//! - `GET /api/admin/messages?unanswered=true` (staff): customers' messages.
//! - `POST /api/admin/messages` `{customerId, subject, body, inReplyTo?}` (staff): a reply
//!   or a new message; it lands in the customer's inbox (unread count) and mailbox.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use toko::auth::{authenticate_session, require_approved, TokenKeys};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{
    parse_message_body, Line, Message, MessageId, MessageKind, OrderId, Role, UserId,
};
use toko::http::{self, Form, HttpResult};
use toko::mail;
use toko::ports::{Clock, Conversations, Inbox, Mailer, Orders, Users};
use toko::wiring;
use toko::Error;

pub struct Deps {
    pub users: Arc<dyn Users>,
    pub inbox: Arc<dyn Inbox>,
    pub conversations: Arc<dyn Conversations>,
    pub orders: Arc<dyn Orders>,
    pub mailer: Arc<dyn Mailer>,
    pub keys: TokenKeys,
    /// Whether a token's session still stands (role, version, active staff).
    pub sessions: Arc<toko::sessions::Sessions>,
    pub clock: Arc<dyn Clock>,
    pub site_url: String,
    pub activity: toko::activity::Recorder,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        let sessions = wiring::sessions(store.clone());
        Ok(Self {
            users: store.clone(),
            inbox: store.clone(),
            conversations: store.clone(),
            orders: store.clone(),
            activity: wiring::activity(store.clone(), sessions.clone(), clock.clone()),
            mailer: wiring::reliable_mailer(sdk, settings, store, clock.clone())?,
            keys: settings.token_keys()?,
            sessions,
            clock,
            site_url: settings.site_url()?,
        })
    }
}

pub async fn handle(deps: &Deps, req: Request) -> Result<Response<Body>, lambda_http::Error> {
    http::respond(route(deps, &req).await)
}

toko::routes! {
    Deps;
    GET "/api/messages" => list,
    POST "/api/messages" => send,
    POST "/api/messages/{id}/read" => read(id),
    GET "/api/admin/messages" => staff_list,
    POST "/api/admin/messages" => staff_send,
}

async fn list(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
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
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    let id = MessageId::parse(id).ok_or_else(|| Error::not_found("No such message."))?;
    let message = deps.inbox.mark_read(&who.user_id, &id).await?;
    http::json(StatusCode::OK, &message)
}

fn subject(raw: &str) -> Result<Line, &'static str> {
    Line::parse(raw, 150)
}

async fn send(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require(&[Role::Customer])?;
    // Someone who may not write yet hears that first, not what the form lacks.
    let user = deps
        .users
        .get(&who.user_id)
        .await?
        .ok_or_else(toko::auth::account_gone)?;
    require_approved(&user)?;
    let mut form = Form::parse(req)?;
    let kind = form.required("kind", MessageKind::parse);
    let subject = form.required("subject", subject);
    let body = form.required("body", parse_message_body);
    let order_id = form.optional("orderId", |s| {
        OrderId::parse(s).ok_or("must be an order id")
    });
    let (Some(kind), Some(subject), Some(body)) = (kind, subject, body) else {
        return Err(form.into_error());
    };
    form.finish()?;
    if let Some(id) = &order_id {
        let theirs = deps
            .orders
            .get(id)
            .await?
            .is_some_and(|o| o.customer_id == user.id);
        if !theirs {
            return Err(Error::validation(vec![toko::error::FieldError::new(
                "orderId",
                "is not one of your orders",
            )]));
        }
    }
    let now = deps.clock.now();
    let message = Message::from_customer(
        user.id.clone(),
        subject.as_str().to_owned(),
        body,
        order_id,
        Some(kind),
        now,
    );
    let ack_mail = mail::message_received(&user, subject.as_str(), &deps.site_url);
    let ack = Message {
        in_reply_to: Some(message.id.clone()),
        ..Message::from_shop(
            user.id.clone(),
            ack_mail.subject.clone(),
            ack_mail.text.clone(),
            None,
            now,
        )
    };
    deps.conversations.receive(&message, &ack).await?;
    if let Err(e) = deps.mailer.send(&ack_mail).await {
        tracing::error!(message_id = %message.id, error = %e, "acknowledgement e-mail not sent");
    }
    http::json(StatusCode::CREATED, &message)
}

async fn staff_list(deps: &Deps, req: &Request) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(toko::domain::Permission::MessagesView)?;
    let q = http::query(req);
    let unanswered = match q.get("unanswered").map(String::as_str) {
        None | Some("") | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            return Err(Error::bad_request(
                "invalid_query",
                "unanswered must be true or false.",
            ))
        }
    };
    let page = deps
        .conversations
        .staff_list(unanswered, &http::page_request(&q)?)
        .await?;
    http::json(
        StatusCode::OK,
        &json!({ "items": page.items, "nextCursor": page.next_cursor }),
    )
}

async fn staff_send(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(toko::domain::Permission::MessagesReply)?;
    let mut form = Form::parse(req)?;
    let customer = form.required("customerId", |s| {
        UserId::parse(s).ok_or("must be a customer id")
    });
    let subject = form.required("subject", subject);
    let body = form.required("body", parse_message_body);
    let in_reply_to = form.optional("inReplyTo", |s| {
        MessageId::parse(s).ok_or("must be a message id")
    });
    let (Some(customer), Some(subject), Some(body)) = (customer, subject, body) else {
        return Err(form.into_error());
    };
    form.finish()?;
    let user = deps
        .users
        .get(&customer)
        .await?
        .filter(|u| u.role == Role::Customer)
        .ok_or_else(|| Error::not_found("No such customer."))?;
    let message = Message {
        in_reply_to,
        ..Message::from_shop(
            user.id.clone(),
            subject.as_str().to_owned(),
            body,
            None,
            deps.clock.now(),
        )
    };
    deps.conversations.reply(&message).await?;
    // Who wrote to which customer; what was written stays in the customer's inbox.
    let record = toko::domain::RecordRef::new("customer", &user.id);
    let change = if message.in_reply_to.is_some() {
        "reply"
    } else {
        "new message"
    };
    deps.activity
        .record(&who, toko::domain::Action::MessageSent, record, change)
        .await;
    let reply = mail::shop_reply(&user, &message.subject, &message.body, &deps.site_url);
    if let Err(e) = deps.mailer.send(&reply).await {
        tracing::error!(message_id = %message.id, error = %e, "reply e-mail not sent");
    }
    http::json(StatusCode::CREATED, &message)
}
