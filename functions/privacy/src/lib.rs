//! Privacy requests (UU PDP; what erasure keeps: `toko::domain::privacy`).
//! - `POST /api/account/export` (customer): everything the shop holds about the caller
//!   as one JSON file, stored privately and answered as a download link (15 minutes).
//! - `POST /api/account/delete` `{password}` (customer): erases the account (409
//!   `orders_in_progress` while an order is pending or on its way; 403 `wrong_password`).
//! - `POST /api/admin/customers/{id}/export|erase` `{reason}` (admin): the same for a
//!   customer who asked the shop.
//! - `GET /api/admin/privacy` (admin): the record of every run, newest first.

mod export;

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use toko::account_mail;
use toko::auth::{authenticate_session, Principal, TokenKeys};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{
    in_progress, Note, Order, PrivacyKind, PrivacyRun, Refusal, Role, User, UserId,
};
use toko::http::{self, source_ip, Form, HttpResult};
use toko::ports::{
    every_page, find_customer, AddressBook, Clock, CustomerNotes, Files, Inbox, LoginAttempts,
    Mailer, ObjectStore, Orders, Points, Privacy, Users,
};
use toko::reauth::confirm_password;
use toko::wiring;
use toko::Error;

pub struct Deps {
    pub users: Arc<dyn Users>,
    pub attempts: Arc<dyn LoginAttempts>,
    pub privacy: Arc<dyn Privacy>,
    pub orders: Arc<dyn Orders>,
    pub files: Arc<dyn Files>,
    pub inbox: Arc<dyn Inbox>,
    pub points: Arc<dyn Points>,
    pub addresses: Arc<dyn AddressBook>,
    /// Staff notes about the customer (in the export; erased with the partition).
    pub notes: Arc<dyn CustomerNotes>,
    /// Their quote requests (in the export; erased with the account).
    pub quotes: Arc<dyn toko::ports::Quotes>,
    /// Their testimonial (in the export; erased with the account).
    pub testimonials: Arc<dyn toko::ports::Testimonials>,
    /// The private bucket: order files to delete, exports to offer.
    pub storage: Arc<dyn ObjectStore>,
    /// The "account deleted" mail, straight to SES: kept nowhere if it fails (the
    /// outbox would hold the address the erasure just removed).
    pub mailer: Arc<dyn Mailer>,
    pub keys: TokenKeys,
    pub sessions: Arc<toko::sessions::Sessions>,
    pub clock: Arc<dyn Clock>,
    /// Staff runs also go to the activity log.
    pub activity: toko::activity::Recorder,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        let sessions = wiring::sessions(store.clone());
        Ok(Self {
            activity: wiring::activity(store.clone(), sessions.clone(), clock.clone()),
            users: store.clone(),
            attempts: store.clone(),
            privacy: store.clone(),
            orders: store.clone(),
            files: store.clone(),
            inbox: store.clone(),
            points: store.clone(),
            addresses: store.clone(),
            notes: store.clone(),
            quotes: store.clone(),
            testimonials: store.clone(),
            storage: wiring::files_bucket(sdk, settings)?,
            sessions,
            mailer: wiring::ses(sdk, settings)?,
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
    POST "/api/account/export" => own_export,
    POST "/api/account/delete" => own_erasure,
    POST "/api/admin/customers/{id}/export" => staff_export(id),
    POST "/api/admin/customers/{id}/erase" => staff_erasure(id),
    GET "/api/admin/privacy" => runs,
}

/// Where a customer's export is kept (one per customer, replaced by the next; the
/// bucket's lifecycle removes it after a day).
pub fn export_key(customer: &UserId) -> String {
    format!("exports/{customer}/data.json")
}

async fn signed_in(deps: &Deps, req: &Request) -> Result<Principal, Error> {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await
}

async fn account(deps: &Deps, id: &UserId) -> Result<User, Error> {
    deps.users
        .get(id)
        .await?
        .ok_or_else(toko::auth::account_gone)
}

/// The customer a staff request names (404 for staff accounts and unknown ids).
async fn customer(deps: &Deps, id: &str) -> Result<User, Error> {
    Ok(find_customer(deps.users.as_ref(), id).await?)
}

/// The reason staff give for acting on a customer's request.
fn reason(req: &Request) -> Result<Note, Error> {
    let mut form = Form::parse(req)?;
    let reason = form.required("reason", |raw| match Note::parse(raw)? {
        n if n.is_empty() => Err("is required"),
        n => Ok(n),
    });
    form.finish()?;
    reason.ok_or_else(|| Error::internal("a clean form without its field"))
}

async fn record(
    deps: &Deps,
    kind: PrivacyKind,
    customer: &UserId,
    by: &Principal,
    reason: Option<Note>,
) -> Result<(), Error> {
    deps.privacy
        .record(&PrivacyRun {
            kind,
            customer_id: customer.clone(),
            by_id: by.user_id.clone(),
            by_role: by.role,
            reason,
            at: deps.clock.now(),
        })
        .await?;
    if by.role.is_staff() {
        let action = match kind {
            PrivacyKind::Export => toko::domain::Action::CustomerExported,
            PrivacyKind::Erasure => toko::domain::Action::CustomerErased,
        };
        let record = toko::domain::RecordRef::new("customer", customer);
        deps.activity.record(by, action, record, "").await;
    }
    Ok(())
}

async fn own_export(deps: &Deps, req: &Request) -> HttpResult {
    let who = signed_in(deps, req).await?;
    who.require(&[Role::Customer])?;
    let user = account(deps, &who.user_id).await?;
    let link = export::export(deps, &user).await?;
    record(deps, PrivacyKind::Export, &user.id, &who, None).await?;
    http::json(StatusCode::CREATED, &link)
}

async fn staff_export(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = signed_in(deps, req).await?;
    who.require_to(toko::domain::Permission::Privacy)?;
    let reason = reason(req)?;
    let user = customer(deps, id).await?;
    let link = export::export(deps, &user).await?;
    record(deps, PrivacyKind::Export, &user.id, &who, Some(reason)).await?;
    http::json(StatusCode::CREATED, &link)
}

async fn own_erasure(deps: &Deps, req: &Request) -> HttpResult {
    let now = deps.clock.now();
    let who = signed_in(deps, req).await?;
    who.require(&[Role::Customer])?;
    let mut form = Form::parse(req)?;
    let password = form.required("password", |s| Ok(s.to_owned()));
    form.finish()?;
    let password = password.ok_or_else(|| Error::internal("a clean form without its field"))?;
    let account = account(deps, &who.user_id).await?;
    let user = confirm_password(
        deps.users.as_ref(),
        deps.attempts.as_ref(),
        &account,
        &password,
        source_ip(req).as_deref(),
        now,
    )
    .await?;
    erase(deps, &user, &who, None).await
}

async fn staff_erasure(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = signed_in(deps, req).await?;
    who.require_to(toko::domain::Permission::Privacy)?;
    let reason = reason(req)?;
    let user = customer(deps, id).await?;
    erase(deps, &user, &who, Some(reason)).await
}

/// Every order of the customer, all pages.
async fn orders_of(deps: &Deps, customer: &UserId) -> Result<Vec<Order>, Error> {
    Ok(every_page(usize::MAX, |page| async move {
        deps.orders.list_for_customer(customer, &page).await
    })
    .await?)
}

async fn erase(deps: &Deps, user: &User, by: &Principal, reason: Option<Note>) -> HttpResult {
    let orders = orders_of(deps, &user.id).await?;
    let waiting = orders.iter().filter(|o| in_progress(o.status)).count();
    if waiting > 0 {
        return Err(Refusal::OrdersInProgress(waiting as u32).into());
    }
    // The bucket first (its keys are found from the records the table still has).
    for order in orders.iter().filter(|o| o.file_count > 0) {
        for file in deps.files.list(&order.id).await? {
            deps.storage.delete(&file.key()).await?;
            deps.storage.delete(&file.upload_key()).await?;
        }
    }
    deps.storage.delete(&export_key(&user.id)).await?;
    deps.privacy.close_account(user).await?;
    let erased = deps.privacy.erase_records(user, &orders).await?;
    record(deps, PrivacyKind::Erasure, &user.id, by, reason).await?;
    tracing::info!(user_id = %user.id, by = %by.user_id, ?erased, "account erased");
    if let Err(e) = deps
        .mailer
        .send(&account_mail::account_erased(&user.email, user.locale))
        .await
    {
        tracing::error!(user_id = %user.id, error = %e, "account-erased mail not sent");
    }
    http::json(
        StatusCode::OK,
        &json!({ "status": "erased", "erased": erased }),
    )
}

async fn runs(deps: &Deps, req: &Request) -> HttpResult {
    let who = signed_in(deps, req).await?;
    who.require_to(toko::domain::Permission::Privacy)?;
    let page = deps
        .privacy
        .runs(&http::page_request(&http::query(req))?)
        .await?;
    let items: Vec<_> = page
        .items
        .iter()
        .map(|r| {
            json!({
                "kind": r.kind,
                "customerId": r.customer_id,
                "byId": r.by_id,
                "byRole": r.by_role,
                "reason": r.reason,
                "at": toko::domain::rfc3339(r.at),
            })
        })
        .collect();
    http::json(
        StatusCode::OK,
        &json!({ "items": items, "nextCursor": page.next_cursor }),
    )
}
