//! Quote requests (`toko::domain::quote`): custom work priced by the shop.
//! - `POST /api/quotes` `{description, quantities?, deadline?, productId?}` (approved
//!   customers): a request; the staff queue gets it as the customer's message.
//! - `GET /api/quotes` (customers): their quotes, newest first.
//! - `GET /api/quotes/{id}` (its customer; staff with `quotes`).
//! - `POST /api/quotes/{id}/accept` `{shippingAddress, note?, updatedAt}` (its customer;
//!   `updatedAt` as they saw the quote: one priced again since is 409 `quote_changed`): the offer
//!   becomes a pending order at its prices, shipping by the address's city (the
//!   5-pending limit applies), in one transaction with the quote's acceptance.
//! - `POST /api/quotes/{id}/decline` `{reason, updatedAt}` (its customer).
//! - `GET /api/admin/quotes?state=` (`quotes`): by state, the longest waiting first.
//! - `POST /api/admin/quotes/{id}/offer` `{lines: [{description, quantity, unitPrice}],
//!   validUntil, note?}` (`quotes`): prices a request (or prices it again); the customer
//!   gets an inbox message and a mail.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::{json, Value};
use std::sync::Arc;
use toko::activity::Recorder;
use toko::auth::{authenticate_session, require_approved, Principal, TokenKeys};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{
    invoice_day, Action, Day, InvoiceCode, Note, Offer, OfferLine, Order, Permission, Placement,
    ProductId, Quote, QuoteId, QuoteRequest, QuoteState, QuotedProduct, RecordRef, Role, Totals,
    MAX_OFFER_LINES,
};
use toko::http::{self, Form, HttpResult};
use toko::ports::{Catalog, Clock, Mailer, Orders, Quotes, ShopSettings, Users};
use toko::wiring;
use toko::Error;

/// The customer's mail about a new offer (the inbox message went with it).
async fn offer_ready(deps: &Deps, quote: &Quote) {
    let user = match deps.users.get(&quote.customer_id).await {
        Ok(Some(u)) => u,
        Ok(None) => return,
        Err(e) => {
            tracing::error!(quote_id = %quote.id, error = %e, "quote e-mail not sent");
            return;
        }
    };
    let mail = toko::order_mail::quote_ready(&user, quote, &deps.site_url);
    if let Err(e) = deps.mailer.send(&mail).await {
        tracing::error!(quote_id = %quote.id, error = %e, "quote e-mail not sent");
    }
}

pub struct Deps {
    pub quotes: Arc<dyn Quotes>,
    pub users: Arc<dyn Users>,
    pub catalog: Arc<dyn Catalog>,
    /// The day's invoice numbers, for the order an acceptance places.
    pub orders: Arc<dyn Orders>,
    pub settings: Arc<dyn ShopSettings>,
    pub mailer: Arc<dyn Mailer>,
    pub keys: TokenKeys,
    pub sessions: Arc<toko::sessions::Sessions>,
    pub clock: Arc<dyn Clock>,
    pub activity: Recorder,
    pub site_url: String,
    /// The deployment's flat shipping rate (`TOKO_SHIPPING_COST`), until a table is set.
    pub shipping_cost: i64,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        let sessions = wiring::sessions(store.clone());
        Ok(Self {
            activity: wiring::activity(store.clone(), sessions.clone(), clock.clone()),
            quotes: store.clone(),
            users: store.clone(),
            catalog: store.clone(),
            orders: store.clone(),
            settings: store.clone(),
            mailer: wiring::reliable_mailer(sdk, settings, store, clock.clone())?,
            keys: settings.token_keys()?,
            sessions,
            clock,
            site_url: settings.site_url()?,
            shipping_cost: settings.shipping_cost()?,
        })
    }
}

pub async fn handle(deps: &Deps, req: Request) -> Result<Response<Body>, lambda_http::Error> {
    http::respond(route(deps, &req).await)
}

toko::routes! {
    Deps;
    POST "/api/quotes" => request,
    GET "/api/quotes" => mine,
    GET "/api/quotes/{id}" => one(id),
    POST "/api/quotes/{id}/accept" => accept(id),
    POST "/api/quotes/{id}/decline" => decline(id),
    GET "/api/admin/quotes" => by_state,
    POST "/api/admin/quotes/{id}/offer" => offer(id),
}

fn no_quote() -> Error {
    Error::not_found("No such quote.")
}

/// A quote as the API shows it: as stored, with the state as of now (an offer past its
/// validity reads `expired`).
fn view(q: &Quote, now: time::OffsetDateTime) -> Value {
    let mut v = json!(q);
    v["state"] = json!(q.state_at(now));
    v
}

async fn customer(deps: &Deps, req: &Request) -> Result<Principal, Error> {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require(&[Role::Customer])?;
    Ok(who)
}

/// The quote `id` if the caller may see it: its customer, or staff with `quotes` when
/// `staff_too`.
async fn quote_for(
    deps: &Deps,
    who: &Principal,
    id: &str,
    staff_too: bool,
) -> Result<Quote, Error> {
    let id = QuoteId::parse(id).ok_or_else(no_quote)?;
    let quote = deps.quotes.get(&id).await?.ok_or_else(no_quote)?;
    let owner = who.role == Role::Customer && quote.customer_id == who.user_id;
    if owner || (staff_too && who.role.may(Permission::Quotes)) {
        Ok(quote)
    } else {
        Err(no_quote())
    }
}

async fn request(deps: &Deps, req: &Request) -> HttpResult {
    let who = customer(deps, req).await?;
    let now = deps.clock.now();
    let mut form = Form::parse(req)?;
    let description = form.required("description", QuoteRequest::parse_description);
    let quantities = form.optional("quantities", QuoteRequest::parse_quantities);
    let deadline = form.optional("deadline", |s| QuoteRequest::parse_deadline(s, now));
    let product = form.optional("productId", |s| {
        ProductId::parse(s).ok_or("must be a product id")
    });
    let Some(description) = description else {
        return Err(form.into_error());
    };
    form.finish()?;
    let user = deps
        .users
        .get(&who.user_id)
        .await?
        .ok_or_else(toko::auth::account_gone)?;
    require_approved(&user)?;
    let product = match product {
        Some(id) => {
            let p = deps.catalog.get(&id).await?.ok_or_else(|| {
                Error::validation(vec![toko::error::FieldError::new(
                    "productId",
                    "is not a product of the shop",
                )])
            })?;
            Some(QuotedProduct {
                id: p.id,
                name: p.name.as_str().to_owned(),
                category: p.category,
            })
        }
        None => None,
    };
    let request = QuoteRequest {
        description,
        quantities: quantities.unwrap_or_default(),
        deadline,
        product,
    };
    let step = Quote::request(&user, request, now);
    deps.quotes.save(&step).await?;
    tracing::info!(quote_id = %step.quote.id, "quote requested");
    http::json(StatusCode::CREATED, &view(&step.quote, now))
}

async fn mine(deps: &Deps, req: &Request) -> HttpResult {
    let who = customer(deps, req).await?;
    let page = http::page_request(&http::query(req))?;
    let found = deps.quotes.list_for_customer(&who.user_id, &page).await?;
    let now = deps.clock.now();
    let items: Vec<Value> = found.items.iter().map(|q| view(q, now)).collect();
    http::json(
        StatusCode::OK,
        &json!({ "items": items, "nextCursor": found.next_cursor }),
    )
}

async fn one(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    let quote = quote_for(deps, &who, id, true).await?;
    http::json(StatusCode::OK, &view(&quote, deps.clock.now()))
}

async fn decline(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = customer(deps, req).await?;
    let mut form = Form::parse(req)?;
    let reason = form.required("reason", |s| {
        Note::parse(s).map(|n| n.as_str().to_owned()).and_then(|s| {
            if s.is_empty() {
                Err("is required")
            } else {
                Ok(s)
            }
        })
    });
    let seen = form.required("updatedAt", |s| Ok(s.to_owned()));
    let (Some(reason), Some(seen)) = (reason, seen) else {
        return Err(form.into_error());
    };
    form.finish()?;
    let quote = quote_for(deps, &who, id, false).await?;
    let now = deps.clock.now();
    let step = quote.decline(reason, &seen, now)?;
    deps.quotes.save(&step).await?;
    http::json(StatusCode::OK, &view(&step.quote, now))
}

async fn accept(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = customer(deps, req).await?;
    let mut form = Form::parse(req)?;
    let address = form.address(Some("shippingAddress"));
    let note = form.optional("note", Note::parse).unwrap_or_default();
    // The quote as the customer saw it: a price changed since is not accepted unseen.
    let seen = form.required("updatedAt", |s| Ok(s.to_owned()));
    let (Some(address), Some(seen)) = (address, seen) else {
        return Err(form.into_error());
    };
    form.finish()?;
    let quote = quote_for(deps, &who, id, false).await?;
    let now = deps.clock.now();
    let (day, day_key) = invoice_day(now);
    let (user, seq, rates) = tokio::join!(
        deps.users.get(&who.user_id),
        deps.orders.next_invoice_number(&day_key),
        toko::ports::shipping_or_flat(&*deps.settings, deps.shipping_cost)
    );
    let user = user?.ok_or_else(toko::auth::account_gone)?;
    require_approved(&user)?;
    Order::may_place(&user)?;
    let order_id = toko::domain::OrderId::generate();
    let (step, items) = quote.accept(&order_id, &seen, now)?;
    let goods = Totals::of(&items, None, None, 0).goods();
    let shipping_cost = rates?.cost(Some(address.city.as_str()), goods);
    let mut order = Order::place(
        &user,
        Placement {
            invoice_code: InvoiceCode::new(day, seq?),
            items,
            shipping_cost,
            voucher: None,
            points: None,
            shipping_address: address,
            note,
        },
        now,
    )?;
    order.id = order_id;
    deps.quotes.accept(&step, &order).await?;
    tracing::info!(quote_id = %quote.id, order_id = %order.id, "quote accepted");
    let received = toko::order_mail::order_received(&order, &deps.site_url);
    if let Err(e) = deps.mailer.send(&received).await {
        tracing::error!(order_id = %order.id, error = %e, "order-received e-mail not sent");
    }
    http::json(
        StatusCode::CREATED,
        &json!({ "quote": view(&step.quote, now), "order": toko::domain::OrderView::from(&order) }),
    )
}

async fn by_state(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(Permission::Quotes)?;
    let q = http::query(req);
    let wanted = match q.get("state").map(String::as_str) {
        None | Some("") => QuoteState::Requested,
        Some(raw) => QuoteState::parse(raw)
            .map_err(|m| Error::bad_request("invalid_query", format!("state {m}.")))?,
    };
    let page = http::page_request(&q)?;
    let now = deps.clock.now();
    let found = deps
        .quotes
        .list_by_state(wanted, Day(toko::domain::today(now)), &page)
        .await?;
    let items: Vec<Value> = found
        .items
        .iter()
        .filter(|q| q.state_at(now) == wanted)
        .map(|q| view(q, now))
        .collect();
    http::json(
        StatusCode::OK,
        &json!({ "items": items, "nextCursor": found.next_cursor }),
    )
}

/// `lines[i].description|quantity|unitPrice`, every problem by its path.
fn offer_lines(form: &mut Form) -> Option<Vec<OfferLine>> {
    let Some(list) = form
        .raw("lines")
        .and_then(Value::as_array)
        .filter(|l| !l.is_empty() && l.len() <= MAX_OFFER_LINES)
        .cloned()
    else {
        form.reject("lines", "must be a list of 1 to 20 priced lines");
        return None;
    };
    let mut lines = Vec::new();
    for (i, line) in list.iter().enumerate() {
        let description = line["description"]
            .as_str()
            .ok_or("is required")
            .and_then(OfferLine::parse_description);
        let quantity = OfferLine::parse_quantity(&line["quantity"]);
        let unit_price = OfferLine::parse_unit_price(&line["unitPrice"]);
        match (description, quantity, unit_price) {
            (Ok(description), Ok(quantity), Ok(unit_price)) => lines.push(OfferLine {
                description,
                quantity,
                unit_price,
            }),
            (d, q, p) => {
                for (field, problem) in [
                    ("description", d.err()),
                    ("quantity", q.err()),
                    ("unitPrice", p.err()),
                ] {
                    if let Some(m) = problem {
                        form.reject(format!("lines[{i}].{field}"), m);
                    }
                }
            }
        }
    }
    (lines.len() == list.len()).then_some(lines)
}

async fn offer(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(Permission::Quotes)?;
    let mut form = Form::parse(req)?;
    let lines = offer_lines(&mut form);
    let valid_until = form.required("validUntil", Day::parse);
    let note = form
        .optional("note", |s| Note::parse(s).map(|n| n.as_str().to_owned()))
        .unwrap_or_default();
    let (Some(lines), Some(valid_until)) = (lines, valid_until) else {
        return Err(form.into_error());
    };
    form.finish()?;
    let quote = quote_for(deps, &who, id, true).await?;
    let now = deps.clock.now();
    let step = quote.answer(Offer::new(lines, valid_until, note), who.role, now)?;
    deps.quotes.save(&step).await?;
    offer_ready(deps, &step.quote).await;
    let total = step.quote.offer.as_ref().map_or(0, |o| o.total);
    deps.activity
        .record(
            &who,
            Action::QuoteOffered,
            RecordRef::new("quote", &step.quote.id),
            &format!("total: Rp {total}; valid until {valid_until}"),
        )
        .await;
    http::json(StatusCode::OK, &view(&step.quote, now))
}
