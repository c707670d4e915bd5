//! Staff decisions on registrations and orders.
//! - `GET /api/admin/customers?status=pending&cursor=&limit=`: oldest first (admin);
//!   with `q=`, customers of any status by name or e-mail (`search.rs`).
//! - `POST /api/admin/customers/{id}/confirm` `{decision:"approve"|"reject", note}`:
//!   exactly one decision per registration (a conditional write), then an e-mail.
//! - `GET /api/admin/orders?status=pending`: the queue, longest-waiting first (staff);
//!   with `q=`, orders by invoice code (`search.rs`).
//! - `POST /api/admin/orders/{id}/confirm` `{decision:"accept"|"reject", note}` (admin).
//! - `POST /api/admin/orders/{id}/status` `{status, trackingNumber?, note?}`: one step
//!   along accepted → paid → in_production → shipped → completed (operator, admin).
//!   Accepting copies the shop's payment settings into the order: the amount with its
//!   unique code, the accounts, the deadline (`toko::domain::payment`).
//! - `GET|PUT /api/admin/settings/payment` (admin): bank accounts and payment window.
//! - `GET|PUT /api/admin/settings/security` (admin): whether admins must use two-step
//!   sign-in.
//! - `GET|PUT /api/admin/settings/storefront` (admin): what the site shows of the shop.
//! - `GET|PUT /api/admin/settings/shipping` (admin): flat rate, rates per city, free from.
//! - `GET|PUT /api/admin/settings/digest` (admin): how often staff are mailed new work.
//! - Points and shop settings, customers' points: `points.rs`.
//! - `GET /api/admin/counts` (staff): the work waiting, for the console's badges.
//!
//! Every decision, move, settings change and adjustment is recorded in the activity
//! log (`toko::activity`).
//!
//! Each order move writes the order, its history entry and the customer's inbox message
//! (raising the unread count) in one transaction, then e-mails the customer; a mail
//! failure is logged and never undoes the move.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use toko::activity::Recorder;
use toko::auth::{authenticate_session, Principal, TokenKeys};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{changes, Action, RecordRef};
use toko::domain::{AccountStatus, CustomerDecision, Note, UserId, UserView};
use toko::domain::{
    Line, Message, Missing, Order, OrderId, OrderStatus, OrderView, PaymentRequest,
    PaymentSettings, Refusal, Transition,
};
use toko::http::{self, Form, HttpResult};
use toko::mail;
use toko::ports::{
    Clock, Files, Mailer, ObjectStore, Orders, Points, ShopSettings, Users, WorkQueue,
};
use toko::wiring;
use toko::Error;

pub struct Deps {
    pub users: Arc<dyn Users>,
    pub orders: Arc<dyn Orders>,
    /// The order's files, tagged for expiry when it is rejected.
    pub files: Arc<dyn Files>,
    pub storage: Arc<dyn ObjectStore>,
    pub mailer: Arc<dyn Mailer>,
    /// The payment settings an acceptance copies, and the payment-code sequence.
    pub settings: Arc<dyn ShopSettings>,
    /// Customers' reward points (staff view and adjustments).
    pub points: Arc<dyn Points>,
    /// The work waiting, for the console's badges (`counts.rs`).
    pub work: Arc<dyn WorkQueue>,
    pub keys: TokenKeys,
    /// Whether a token's session still stands (role, version, active staff).
    pub sessions: Arc<toko::sessions::Sessions>,
    pub clock: Arc<dyn Clock>,
    /// Public origin of the site, for links in e-mails.
    pub site_url: String,
    pub activity: Recorder,
    /// The deployment's flat shipping rate (`TOKO_SHIPPING_COST`), until a table is set.
    pub shipping_cost: i64,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        let sessions = wiring::sessions(store.clone());
        Ok(Self {
            users: store.clone(),
            orders: store.clone(),
            files: store.clone(),
            settings: store.clone(),
            points: store.clone(),
            work: store.clone(),
            activity: wiring::activity(store.clone(), sessions.clone(), clock.clone()),
            storage: wiring::files_bucket(sdk, settings)?,
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
    GET "/api/admin/customers" => list_customers,
    GET "/api/admin/counts" => counts,
    POST "/api/admin/customers/{id}/confirm" => decide_customer(id),
    GET "/api/admin/orders" => list_orders,
    POST "/api/admin/orders/{id}/confirm" => decide_order(id),
    POST "/api/admin/orders/{id}/status" => move_order(id),
    POST "/api/admin/orders/{id}/reprice" => reprice_order(id),
    GET "/api/admin/settings/payment" => payment_settings,
    PUT "/api/admin/settings/payment" => set_payment_settings,
    GET "/api/admin/settings/points" => points_settings,
    PUT "/api/admin/settings/points" => set_points_settings,
    GET "/api/admin/settings/shop" => shop_profile,
    PUT "/api/admin/settings/shop" => set_shop_profile,
    GET "/api/admin/settings/security" => security_settings,
    PUT "/api/admin/settings/security" => set_security_settings,
    GET "/api/admin/settings/storefront" => storefront,
    PUT "/api/admin/settings/storefront" => set_storefront,
    GET "/api/admin/settings/shipping" => shipping,
    PUT "/api/admin/settings/shipping" => set_shipping,
    GET "/api/admin/settings/digest" => digest,
    PUT "/api/admin/settings/digest" => set_digest,
    GET "/api/admin/customers/{id}/points" => customer_points(id),
    POST "/api/admin/customers/{id}/points" => adjust_points(id),
}

mod counts;
mod points;
mod reprice;
mod search;
mod settings;
use counts::counts;
use points::{
    adjust_points, customer_points, points_settings, set_points_settings, set_shop_profile,
    shop_profile,
};
use reprice::reprice_order;
use settings::{
    digest, payment_settings, security_settings, set_digest, set_payment_settings,
    set_security_settings, set_shipping, set_storefront, shipping, storefront,
};

async fn list_customers(deps: &Deps, req: &Request) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(toko::domain::Permission::CustomersView)?;
    let q = http::query(req);
    if let Some(typed) = q.get("q").filter(|v| !v.trim().is_empty()) {
        return search::customers(deps, typed, &http::page_request(&q)?).await;
    }
    let status = match q.get("status").map(String::as_str) {
        None | Some("") => AccountStatus::Pending,
        Some(raw) => AccountStatus::parse(raw)
            .map_err(|m| Error::bad_request("invalid_query", format!("status {m}.")))?,
    };
    let page = deps
        .users
        .list_customers(status, &http::page_request(&q)?)
        .await?;
    let items: Vec<UserView> = page.items.iter().map(UserView::from).collect();
    http::json(
        StatusCode::OK,
        &json!({ "items": items, "nextCursor": page.next_cursor }),
    )
}

async fn decide_customer(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let admin = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    admin.require_to(toko::domain::Permission::CustomersDecide)?;
    let mut form = Form::parse(req)?;
    let decision = form.required("decision", CustomerDecision::parse);
    let note = form.optional("note", Note::parse).unwrap_or_default();
    let Some(decision) = decision else {
        return Err(form.into_error());
    };
    form.finish()?;
    let id = UserId::parse(id).ok_or_else(|| Error::not_found("No such customer."))?;

    let customer = deps
        .users
        .decide(&id, decision, &admin.user_id, &note, deps.clock.now())
        .await?;
    tracing::info!(customer_id = %customer.id, by = %admin.user_id, status = customer.status.as_str(), "registration decided");
    let action = match decision {
        CustomerDecision::Approve => Action::CustomerApproved,
        CustomerDecision::Reject => Action::CustomerRejected,
    };
    deps.activity
        .record(&admin, action, RecordRef::new("customer", &customer.id), "")
        .await;

    let message = match decision {
        CustomerDecision::Approve => mail::account_approved(&customer, &deps.site_url),
        CustomerDecision::Reject => mail::account_rejected(&customer, &deps.site_url),
    };
    // The decision stands even if the mail cannot go out now: the mailer keeps it in the
    // outbox for a later try (only if even that fails is it just logged).
    if let Err(e) = deps.mailer.send(&message).await {
        tracing::error!(customer_id = %customer.id, error = %e, "decision e-mail not sent");
    }
    http::json(StatusCode::OK, &UserView::from(&customer))
}

async fn list_orders(deps: &Deps, req: &Request) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(toko::domain::Permission::OrdersView)?;
    let q = http::query(req);
    if let Some(typed) = q.get("q").filter(|v| !v.trim().is_empty()) {
        return search::orders(deps, typed, &http::page_request(&q)?).await;
    }
    let status = match q.get("status").map(String::as_str) {
        None | Some("") => OrderStatus::Pending,
        Some(raw) => OrderStatus::parse(raw)
            .map_err(|m| Error::bad_request("invalid_query", format!("status {m}.")))?,
    };
    let page = deps
        .orders
        .list_by_status(status, &http::page_request(&q)?)
        .await?;
    let now = deps.clock.now();
    let mut items = Vec::new();
    for order in &page.items {
        let mut view = serde_json::to_value(OrderView::from(order)).map_err(Error::internal)?;
        // Past the payment deadline and still not paid: staff decide what to do.
        let overdue = order.status == OrderStatus::Accepted
            && order.payment.as_ref().is_some_and(|p| p.is_overdue(now));
        view["paymentOverdue"] = json!(overdue);
        items.push(view);
    }
    http::json(
        StatusCode::OK,
        &json!({ "items": items, "nextCursor": page.next_cursor }),
    )
}

async fn load_order(deps: &Deps, id: &str) -> Result<Order, Error> {
    let not_found = || Error::from(Refusal::NotFound(Missing::Order));
    let id = OrderId::parse(id).ok_or_else(not_found)?;
    deps.orders.get(&id).await?.ok_or_else(not_found)
}

/// Decides the move in the domain, tells the customer in the inbox (same transaction)
/// and by e-mail.
async fn apply(
    deps: &Deps,
    order: &Order,
    to: OrderStatus,
    note: Note,
    tracking: Option<Line>,
    by: &Principal,
    moved: Moved,
) -> HttpResult {
    let at = deps.clock.now();
    let mut t = order.move_to(to, note, tracking, at, by.role, &by.user_id)?;
    t.earned = moved.earned.filter(|_| to == OrderStatus::Completed);
    if let Some((settings, code)) = moved.payment.filter(|_| to == OrderStatus::Accepted) {
        // What to pay, where and by when: the shop's accounts and a code on the amount.
        t.payment = Some(PaymentRequest::new(order.total, code, at, &settings));
    }
    record(deps, order, t, by).await
}

/// Stores a decided move and tells about it: the customer's inbox message and mail, the
/// activity log, the files of a rejected order tagged for expiry.
async fn record(deps: &Deps, order: &Order, mut t: Transition, by: &Principal) -> HttpResult {
    let (to, at) = (t.to, t.at);
    let mail = mail::order_update(
        &order.applied(&t),
        t.entry.note.as_deref().unwrap_or(""),
        &deps.site_url,
    );
    t.message = Some(Message::from_shop(
        order.customer_id.clone(),
        mail.subject.clone(),
        mail.text.clone(),
        Some(order.id.clone()),
        at,
    ));
    let updated = deps.orders.transition(order, &t).await?;
    tracing::info!(order_id = %updated.id, status = to.as_str(), "order moved");
    let action = match to {
        OrderStatus::Accepted | OrderStatus::AwaitingCustomer => Action::OrderAccepted,
        OrderStatus::Rejected => Action::OrderRejected,
        _ => Action::OrderMoved,
    };
    let record = RecordRef::new("order", &updated.id).labelled(updated.invoice_code.as_str());
    let change = changes(&[
        ("status", order.status.as_str().into(), to.as_str().into()),
        (
            "tracking",
            order
                .tracking_number
                .as_ref()
                .map(|l| l.as_str().to_owned())
                .unwrap_or_default(),
            updated
                .tracking_number
                .as_ref()
                .map(|l| l.as_str().to_owned())
                .unwrap_or_default(),
        ),
    ]);
    let change = match &updated.adjustment {
        Some(a) if to == OrderStatus::AwaitingCustomer => format!(
            "{change}; total: {} → {} ({})",
            a.total_before, updated.total, a.reason
        ),
        _ => change,
    };
    deps.activity.record(by, action, record, &change).await;
    if to == OrderStatus::Rejected {
        if let Err(e) =
            toko::retention::close_order_files(&*deps.files, &*deps.storage, &updated.id).await
        {
            tracing::error!(order_id = %updated.id, error = %e, "files of a rejected order not tagged for expiry");
        }
    }
    if let Err(e) = deps.mailer.send(&mail).await {
        tracing::error!(order_id = %updated.id, error = %e, "order e-mail not sent");
    }
    http::json(StatusCode::OK, &OrderView::from(&updated))
}

async fn decide_order(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(toko::domain::Permission::OrdersDecide)?;
    let mut form = Form::parse(req)?;
    let to = form.required("decision", |s| match s.trim() {
        "accept" => Ok(OrderStatus::Accepted),
        "reject" => Ok(OrderStatus::Rejected),
        _ => Err("must be \"accept\" or \"reject\""),
    });
    let note = form.optional("note", Note::parse).unwrap_or_default();
    let Some(to) = to else {
        return Err(form.into_error());
    };
    form.finish()?;
    if to == OrderStatus::Accepted {
        // The order, the payment settings and a payment code in one round trip (a code
        // drawn for a refused move is simply skipped).
        let (order, payment, code) = tokio::join!(
            load_order(deps, id),
            deps.settings.payment_settings(),
            deps.settings.next_payment_code()
        );
        let moved = Moved {
            payment: Some((payment?, code?)),
            earned: None,
        };
        return apply(deps, &order?, to, note, None, &who, moved).await;
    }
    let order = load_order(deps, id).await?;
    let moved = Moved {
        payment: None,
        earned: None,
    };
    apply(deps, &order, to, note, None, &who, moved).await
}

async fn move_order(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(toko::domain::Permission::OrdersMove)?;
    let mut form = Form::parse(req)?;
    let to = form.required("status", |s| {
        OrderStatus::parse(s)
            .ok()
            .filter(|st| st.previous_in_production().is_some())
            .ok_or("must be one of paid, in_production, shipped, completed")
    });
    let tracking = form.optional("trackingNumber", |s| Line::parse(s, 100));
    let note = form.optional("note", Note::parse).unwrap_or_default();
    if to == Some(OrderStatus::Shipped) && tracking.is_none() {
        form.reject("trackingNumber", "is required when the order ships");
    }
    let Some(to) = to else {
        return Err(form.into_error());
    };
    form.finish()?;
    let (order, earned) = if to == OrderStatus::Completed {
        // The order and how points are earned, in one round trip.
        let (order, points) = tokio::join!(load_order(deps, id), deps.settings.points_settings());
        let (order, points) = (order?, points?);
        let earned = order.earning(deps.clock.now(), &points);
        (order, earned)
    } else {
        (load_order(deps, id).await?, None)
    };
    apply(
        deps,
        &order,
        to,
        note,
        tracking,
        &who,
        Moved {
            payment: None,
            earned,
        },
    )
    .await
}

/// What a move adds beyond the status: the payment request of an acceptance (the
/// settings and a drawn code), the points a completion earns.
struct Moved {
    payment: Option<(PaymentSettings, u64)>,
    earned: Option<toko::domain::PointsEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_http::http;
    use std::sync::atomic::Ordering;
    use time::OffsetDateTime;
    use toko::domain::{Email, Locale, PersonName, Role, User};
    use toko::fakes::{FixedClock, MemoryMailer, MemoryUsers};

    fn customer(locale: Locale) -> User {
        User {
            locale,
            ..User::new(
                Email::parse("dewi@example.com").expect("email"),
                PersonName::parse("Dewi").expect("name"),
                String::new(),
                Role::Customer,
                AccountStatus::Pending,
                OffsetDateTime::UNIX_EPOCH,
            )
        }
    }

    async fn setup(c: &User) -> (Deps, Arc<MemoryUsers>, Arc<MemoryMailer>, String) {
        let users = Arc::new(MemoryUsers::default());
        users.create(c).await.expect("create");
        let mailer = Arc::new(MemoryMailer::default());
        let keys = TokenKeys::new(&[1u8; 32], time::Duration::hours(1)).expect("keys");
        let now = OffsetDateTime::now_utc();
        let mut admin = c.clone();
        admin.id = UserId::generate();
        admin.role = Role::Admin;
        admin.status = AccountStatus::Approved;
        admin.email = toko::domain::Email::parse("admin@toko.example").expect("email");
        users.create(&admin).await.expect("create admin");
        let token = keys.issue(&admin, now).expect("token").0;
        let deps = Deps {
            sessions: Arc::new(toko::sessions::Sessions::new(users.clone())),
            users: users.clone(),
            orders: Arc::new(toko::fakes::MemoryOrders::default()),
            files: Arc::new(toko::fakes::MemoryFiles::default()),
            storage: Arc::new(toko::fakes::MemoryObjects::default()),
            mailer: mailer.clone(),
            settings: Arc::new(toko::fakes::MemorySettings::default()),
            points: Arc::new(toko::fakes::MemoryPoints::default()),
            work: Arc::new(toko::fakes::FixedWork::default()),
            keys,
            clock: Arc::new(FixedClock::new(now)),
            site_url: "https://shop.test".into(),
            shipping_cost: 20_000,
            activity: toko::activity::Recorder::new(
                Arc::new(toko::fakes::MemoryActivity::default()),
                Arc::new(toko::sessions::Sessions::new(users.clone())),
                Arc::new(FixedClock::new(now)),
            ),
        };
        (deps, users, mailer, token)
    }

    fn decide(id: &UserId, token: &str, decision: &str) -> Request {
        http::Request::builder()
            .method("POST")
            .uri(format!("/api/admin/customers/{id}/confirm"))
            .header("authorization", format!("Bearer {token}"))
            .body(Body::from(format!("{{\"decision\":\"{decision}\"}}")))
            .expect("request")
    }

    #[tokio::test]
    async fn a_decision_stands_when_the_mail_cannot_be_sent() {
        let c = customer(Locale::En);
        let (deps, users, mailer, token) = setup(&c).await;
        mailer.fail.store(true, Ordering::SeqCst);

        let resp = handle(&deps, decide(&c.id, &token, "approve"))
            .await
            .expect("handled");

        assert_eq!(resp.status(), StatusCode::OK);
        let stored = users.get(&c.id).await.expect("get").expect("exists");
        assert_eq!(stored.status, AccountStatus::Approved);
        assert!(mailer.sent().is_empty());
    }

    #[tokio::test]
    async fn the_rejection_mail_is_in_the_customers_language() {
        let c = customer(Locale::Id);
        let (deps, _, mailer, token) = setup(&c).await;

        let resp = handle(&deps, decide(&c.id, &token, "reject"))
            .await
            .expect("handled");

        assert_eq!(resp.status(), StatusCode::OK);
        let sent = mailer.sent();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].to.as_str(), "dewi@example.com");
        assert_eq!(sent[0].subject, "Pendaftaran akun Anda");
        assert!(sent[0].text.contains("https://shop.test/#/contact"));
    }
}
