//! The customer page, for staff (`toko::domain::dossier`).
//! - `GET /api/admin/customers/{id}` (`customers.view`): the account (verification,
//!   approval), what their orders add up to (count, spend, last order, RFM scores and
//!   segment), their newest orders and messages, their reviews, points, and staff notes.
//! - `POST /api/admin/customers/{id}/notes` `{text}` (`customers.note`): a note for staff
//!   only (never shown to the customer; erased with the account).

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use toko::auth::{authenticate_session, Principal, TokenKeys};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{
    figures, Note, Order, OrderView, Permission, Refusal, StaffNote, User, UserId, UserView,
    NOTES_SHOWN, ORDERS_SHOWN,
};
use toko::http::{self, Form, HttpResult};
use toko::ports::{
    every_page, find_customer, Analytics, Clock, CustomerNotes, Inbox, Orders, PageRequest, Points,
    Privacy, Users,
};
use toko::wiring;
use toko::Error;

/// Orders read for the figures at most (a small shop's best customers have far fewer).
const ORDERS_COUNTED: usize = 500;

pub struct Deps {
    pub users: Arc<dyn Users>,
    pub orders: Arc<dyn Orders>,
    pub inbox: Arc<dyn Inbox>,
    pub points: Arc<dyn Points>,
    /// The customer's reviews (found by their purchase marks).
    pub reviews: Arc<dyn Privacy>,
    /// The best customer's spend (the monetary score is relative to it).
    pub analytics: Arc<dyn Analytics>,
    pub notes: Arc<dyn CustomerNotes>,
    pub keys: TokenKeys,
    pub sessions: Arc<toko::sessions::Sessions>,
    pub clock: Arc<dyn Clock>,
    pub activity: toko::activity::Recorder,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        let sessions = wiring::sessions(store.clone());
        Ok(Self {
            activity: wiring::activity(store.clone(), sessions.clone(), clock.clone()),
            users: store.clone(),
            orders: store.clone(),
            inbox: store.clone(),
            points: store.clone(),
            reviews: store.clone(),
            analytics: store.clone(),
            notes: store.clone(),
            sessions,
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
    GET "/api/admin/customers/{id}" => page(id),
    POST "/api/admin/customers/{id}/notes" => add_note(id),
}

async fn staff(deps: &Deps, req: &Request, need: Permission) -> Result<Principal, Error> {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(need)?;
    Ok(who)
}

async fn customer(deps: &Deps, id: &str) -> Result<User, Error> {
    Ok(find_customer(deps.users.as_ref(), id).await?)
}

/// Every order of the customer (up to [`ORDERS_COUNTED`]), newest first.
async fn all_orders(deps: &Deps, id: &UserId) -> Result<Vec<Order>, Error> {
    Ok(every_page(ORDERS_COUNTED, |page| async move {
        deps.orders.list_for_customer(id, &page).await
    })
    .await?)
}

async fn page(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    staff(deps, req, Permission::CustomersView).await?;
    let c = customer(deps, id).await?;
    let first = PageRequest {
        cursor: None,
        limit: 20,
    };
    let (orders, best, messages, reviews, points, notes) = tokio::join!(
        all_orders(deps, &c.id),
        deps.analytics.top_customers(1),
        deps.inbox.list(&c.id, &first),
        deps.reviews.reviews_of(&c.id),
        deps.points.balance(&c.id),
        deps.notes.notes(&c.id, NOTES_SHOWN),
    );
    let orders = orders?;
    let best = best?.first().map_or(0, |b| b.revenue);
    let shown: Vec<OrderView> = orders
        .iter()
        .take(ORDERS_SHOWN)
        .map(OrderView::from)
        .collect();
    let reviews: Vec<_> = reviews?
        .iter()
        .map(|r| {
            json!({
                "productId": r.product_id, "rating": r.rating, "comment": r.comment,
                "createdAt": toko::domain::rfc3339(r.created_at),
            })
        })
        .collect();
    http::json(
        StatusCode::OK,
        &json!({
            "customer": UserView::from(&c),
            "status": c.status,
            "decidedAt": c.decided_at.map(toko::domain::rfc3339),
            "decisionNote": c.decision_note,
            "figures": figures(&orders, best, deps.clock.now()),
            "orders": shown,
            "messages": messages?.items,
            "reviews": reviews,
            "points": points?,
            "notes": notes?,
        }),
    )
}

async fn add_note(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = staff(deps, req, Permission::CustomersNote).await?;
    let mut form = Form::parse(req)?;
    let text = form.required("text", |s| match Note::parse(s)? {
        n if n.is_empty() => Err("is required"),
        n => Ok(n),
    });
    let Some(text) = text else {
        return Err(form.into_error());
    };
    form.finish()?;
    let c = customer(deps, id).await?;
    let author = deps
        .users
        .get(&who.user_id)
        .await?
        .ok_or_else(|| Error::from(Refusal::NotAllowed))?;
    let note = StaffNote::new(
        who.user_id.clone(),
        author.name.as_str(),
        &text,
        deps.clock.now(),
    );
    deps.notes.add_note(&c.id, &note).await?;
    // That a note was written; what it says stays on the customer's page.
    let record = toko::domain::RecordRef::new("customer", &c.id);
    deps.activity
        .record(&who, toko::domain::Action::CustomerNoteAdded, record, "")
        .await;
    http::json(StatusCode::CREATED, &note)
}
