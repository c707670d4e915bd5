//! Orders of an approved customer.
//! - `POST /api/orders` (`Idempotency-Key` header): place an order from a cart.
//! - `GET /api/orders`: own orders, newest first. `GET /api/orders/{id}`: owner or staff.
//! - `POST /api/orders/{id}/cancel`: the owner, while pending (frees a slot).
//! - `POST /api/orders/quote` `{items, voucherCode?, points?}`: the cart priced as an
//!   order would be (signed in: with the customer's points).
//! - `GET /api/orders/{id}/invoice[?format=pdf]`: the invoice (`invoice.rs`).
//!
//! Prices and names come from the catalogue, discounts from the running promos (the
//! best per line, `toko::domain::promo`), shipping from the shop's setting; totals are
//! computed here; the 5-pending limit is enforced in the transaction that writes the
//! order.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use toko::auth::{authenticate_session, require_approved, Principal, TokenKeys};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{
    best_for, invoice_day, InvoiceCode, Line, Missing, Money, Note, Order, OrderId, OrderLine,
    OrderStatus, OrderView, Placement, PointsBalance, PointsRefusal, PointsSettings, ProductId,
    Promo, Refusal, Role, ShippingRates, Totals, UserId, Voucher, VoucherCode, VoucherHistory,
    VoucherRefusal,
};
use toko::http::{self, Form, HttpResult};
use toko::ports::{
    Catalog, Clock, Files, Mailer, ObjectStore, Orders, Placed, Points, Promos, ShopSettings,
    Users, Vouchers,
};
use toko::wiring;
use toko::Error;

pub struct Deps {
    pub users: Arc<dyn Users>,
    pub catalog: Arc<dyn Catalog>,
    /// The running promos whose discounts quote and placement apply.
    pub promos: Arc<dyn Promos>,
    /// Voucher codes entered at checkout.
    pub vouchers: Arc<dyn Vouchers>,
    /// Reward points spent at checkout (the balance; the order's transaction spends them).
    pub points: Arc<dyn Points>,
    /// How points are spent; the shop's name, address and tax number for invoices.
    pub settings: Arc<dyn ShopSettings>,
    pub orders: Arc<dyn Orders>,
    /// The order's files, tagged for expiry when it is cancelled.
    pub files: Arc<dyn Files>,
    pub storage: Arc<dyn ObjectStore>,
    pub keys: TokenKeys,
    /// Whether a token's session still stands (role, version, active staff).
    pub sessions: Arc<toko::sessions::Sessions>,
    pub clock: Arc<dyn Clock>,
    /// The deployment's flat shipping cost per order (`TOKO_SHIPPING_COST`), until an
    /// admin sets the shipping table.
    pub shipping_cost: Money,
    /// "Order received" mail (kept in the outbox if SES refuses it).
    pub mailer: Arc<dyn Mailer>,
    /// Public origin of the site, for links in e-mails.
    pub site_url: String,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        let sessions = wiring::sessions(store.clone());
        let store_for_mail = store.clone();
        Ok(Self {
            users: store.clone(),
            catalog: store.clone(),
            promos: store.clone(),
            vouchers: store.clone(),
            points: store.clone(),
            settings: store.clone(),
            orders: store.clone(),
            files: store,
            storage: wiring::files_bucket(sdk, settings)?,
            keys: settings.token_keys()?,
            sessions,
            mailer: wiring::reliable_mailer(sdk, settings, store_for_mail, clock.clone())?,
            clock,
            shipping_cost: settings.shipping_cost()?,
            site_url: settings.site_url()?,
        })
    }
}

pub async fn handle(deps: &Deps, req: Request) -> Result<Response<Body>, lambda_http::Error> {
    http::respond(route(deps, &req).await)
}

mod cart;
mod invoice;
mod pdf;
use cart::{parse_cart, parse_lines, parse_points_field, CartLine};
use invoice::invoice;

toko::routes! {
    Deps;
    GET "/api/orders" => list,
    POST "/api/orders" => place,
    POST "/api/orders/quote" => quote,
    GET "/api/orders/{id}" => detail(id),
    GET "/api/orders/{id}/invoice" => invoice(id),
    POST "/api/orders/{id}/cancel" => cancel(id),
    POST "/api/orders/{id}/agree" => agree(id),
    GET "/api/orders/{id}/reorder" => reorder(id),
}

fn not_found() -> Error {
    Refusal::NotFound(Missing::Order).into()
}

fn order_json(status: StatusCode, order: &Order) -> HttpResult {
    http::json(status, &OrderView::from(order))
}

/// The order, if the caller may see it: its customer or staff who see orders. Others
/// get 404.
pub(crate) async fn visible_order(deps: &Deps, who: &Principal, id: &str) -> Result<Order, Error> {
    let id = OrderId::parse(id).ok_or_else(not_found)?;
    let order = deps.orders.get(&id).await?.ok_or_else(not_found)?;
    if who.role.may(toko::domain::Permission::OrdersView) || order.customer_id == who.user_id {
        Ok(order)
    } else {
        Err(not_found())
    }
}

fn idempotency_key(req: &Request) -> Result<Option<String>, Error> {
    let Some(v) = req.headers().get("idempotency-key") else {
        return Ok(None);
    };
    match v.to_str() {
        Ok(k) if (1..=100).contains(&k.len()) && k.chars().all(|c| c.is_ascii_graphic()) => {
            Ok(Some(k.to_owned()))
        }
        _ => Err(Error::bad_request(
            "invalid_idempotency_key",
            "Idempotency-Key must be 1 to 100 visible ASCII characters.",
        )),
    }
}

/// The request as stored with its idempotency key: the JSON body with sorted keys.
fn canonical(req: &Request) -> String {
    serde_json::from_slice::<Value>(req.body().as_ref())
        .map(|v| v.to_string())
        .unwrap_or_default()
}

/// The cart's lines at catalogue prices, each with the best running promo's discount
/// (`toko::domain::promo::best_for`): 422 naming each line whose product is unknown.
fn priced_lines(
    lines: &[CartLine],
    products: &HashMap<ProductId, toko::domain::Product>,
    promos: &[Promo],
    now: time::OffsetDateTime,
) -> Result<Vec<OrderLine>, Error> {
    let mut problems = Vec::new();
    let mut items = Vec::new();
    for (i, (id, quantity, configuration)) in lines.iter().enumerate() {
        let Some(p) = products.get(id) else {
            problems.push(toko::error::FieldError::new(
                format!("items[{i}].productId"),
                "is not in the catalogue",
            ));
            continue;
        };
        // The price from what was chosen (`toko::domain::made_to_order`): a fixed-price
        // product takes no options and no size.
        match p
            .pricing
            .price(p.price, *quantity, configuration, &format!("items[{i}]"))
        {
            Ok((unit_price, options)) => items.push(OrderLine {
                product_id: p.id.clone(),
                name: p.name.clone(),
                category: p.category.clone(),
                quantity: *quantity,
                unit_price,
                discount: 0,
                promo: None,
                options,
                size: configuration.size,
            }),
            Err(refused) => problems.extend(
                refused
                    .into_iter()
                    .map(|(field, message)| toko::error::FieldError::new(field, message)),
            ),
        }
    }
    if problems.is_empty() {
        best_for(&mut items, promos, now);
        Ok(items)
    } else {
        Err(Error::validation(problems))
    }
}

/// The voucher of `code` (`Unknown` when there is none) and the customer's uses of it
/// (none for a guest); `None` without a code.
async fn voucher_and_history(
    deps: &Deps,
    code: Option<&VoucherCode>,
    customer: Option<&UserId>,
) -> Result<Option<(Result<Voucher, VoucherRefusal>, VoucherHistory)>, Error> {
    let Some(code) = code else {
        return Ok(None);
    };
    let uses = async {
        match customer {
            Some(c) => deps.vouchers.uses_by(code, c).await,
            None => Ok(0),
        }
    };
    let (voucher, uses) = tokio::join!(deps.vouchers.get(code), uses);
    let history = VoucherHistory {
        uses: uses?,
        orders_placed: 0,
    };
    Ok(Some((voucher?.ok_or(VoucherRefusal::Unknown), history)))
}

/// `POST /api/orders/quote` `{items, voucherCode?}`: what the cart costs now, promos,
/// voucher and shipping included, computed exactly as placing the order would (with a
/// token, the customer's own voucher history counts). A voucher that does not apply
/// leaves the price as it is and says why in `voucherRefusal` (its stable code). Writes
/// nothing; no sign-in needed.
async fn quote(deps: &Deps, req: &Request) -> HttpResult {
    let mut form = Form::parse(req)?;
    let lines = parse_lines(&mut form);
    let code = form.optional("voucherCode", VoucherCode::parse);
    let wanted = parse_points_field(&mut form);
    // Where it ships (the checkout's city): shipping is priced by it.
    let city = form.optional("city", |s| Line::parse(s, 100));
    let Some(lines) = lines else {
        return Err(form.into_error());
    };
    form.finish()?;
    let now = deps.clock.now();
    // Signed in, the customer's own voucher history counts; any other caller (a guest, a
    // stale token) gets the guest's quote: the route is public.
    let who = match req.headers().contains_key("authorization") {
        true => authenticate_session(req, &deps.keys, &deps.sessions, now)
            .await
            .ok(),
        false => None,
    };
    let customer = who.as_ref().map(|w| &w.user_id);
    let ids: Vec<ProductId> = lines.iter().map(|(id, _, _)| id.clone()).collect();
    let user = async {
        match customer {
            Some(c) => deps.users.get(c).await,
            None => Ok(None),
        }
    };
    let (products, promos, voucher, user, wallet, rates) = tokio::join!(
        deps.catalog.get_many(&ids),
        deps.promos.active(now),
        voucher_and_history(deps, code.as_ref(), customer),
        user,
        wallet(deps, customer),
        shipping_rates(deps)
    );
    let rates = rates?;
    let products: HashMap<ProductId, _> =
        products?.into_iter().map(|p| (p.id.clone(), p)).collect();
    let items = priced_lines(&lines, &products, &promos?, now)?;
    let user = user?;
    let (applied, refusal) = match voucher? {
        None => (None, None),
        Some((found, mut history)) => {
            history.orders_placed = user.map_or(0, |u| u.orders_placed);
            match found.and_then(|v| v.apply(&items, history, now)) {
                Ok(applied) => (Some(applied), None),
                Err(r) => (None, Some(r)),
            }
        }
    };
    let goods = Totals::of(&items, applied.as_ref(), None, 0).goods();
    let shipping = rates.cost(city.as_ref().map(Line::as_str), goods);
    let before_points = Totals::of(&items, applied.as_ref(), None, shipping);
    // Points: what the customer has, the most this cart takes, and the effect of `points`.
    let (mut spent, mut points_refusal, mut wallet_view) = (None, None, None);
    if let Some((settings, balance)) = wallet? {
        let goods = before_points.goods();
        match settings.spend(wanted, balance.balance, goods) {
            Ok(s) => spent = s,
            Err(r) => points_refusal = Some(r),
        }
        wallet_view = Some(json!({
            "balance": balance.balance,
            "maxPoints": settings.max_points(goods).min(balance.balance),
            "pointValue": settings.point_value,
        }));
    } else if wanted > 0 {
        points_refusal = Some(PointsRefusal::NotEnough { balance: 0 });
    }
    let totals = Totals::of(&items, applied.as_ref(), spent.as_ref(), shipping);
    let mut body = json!({
        "items": items,
        "subtotal": totals.subtotal,
        "shippingCost": shipping,
        "freeShippingFrom": rates.free_from,
        "discount": totals.discount,
        "pointsDiscount": totals.points_discount,
        "total": totals.total,
    });
    if let Some(v) = applied {
        body["voucher"] = json!(v);
    }
    if let Some(r) = refusal {
        body["voucherRefusal"] = json!({ "code": r.code(), "detail": r.detail() });
    }
    if let Some(w) = wallet_view {
        body["wallet"] = w;
    }
    if let Some(p) = spent {
        body["points"] = json!(p);
    }
    if let Some(r) = points_refusal {
        body["pointsRefusal"] = json!({ "code": r.code(), "detail": r.detail() });
    }
    http::json(StatusCode::OK, &body)
}

/// The shipping table: the admin's, else the deployment's flat rate everywhere.
async fn shipping_rates(deps: &Deps) -> Result<ShippingRates, Error> {
    Ok(toko::ports::shipping_or_flat(&*deps.settings, deps.shipping_cost).await?)
}

/// A signed-in customer's points and how the shop takes them (`None` for anyone else).
async fn wallet(
    deps: &Deps,
    customer: Option<&UserId>,
) -> Result<Option<(PointsSettings, PointsBalance)>, Error> {
    let Some(c) = customer else {
        return Ok(None);
    };
    let (settings, balance) = tokio::join!(deps.settings.points_settings(), deps.points.balance(c));
    Ok(Some((settings?, balance?)))
}

async fn place(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require(&[Role::Customer])?;
    let key = idempotency_key(req)?;
    let cart = match parse_cart(req) {
        Ok(cart) => cart,
        Err(e) => {
            // Someone who may not order at all hears that first, not what the form lacks.
            if let Some(user) = deps.users.get(&who.user_id).await? {
                require_approved(&user)?;
            }
            return Err(e);
        }
    };
    let request = canonical(req);

    // The reads and the day's invoice number are independent: one round trip of wall
    // time, then the transaction: two in all. The price is that a placement refused
    // after this point (or replayed) leaves a gap in the day's numbers; codes stay
    // unique and increasing.
    let ids: Vec<ProductId> = cart.lines.iter().map(|(id, _, _)| id.clone()).collect();
    let replay = async {
        match &key {
            Some(k) => deps.orders.idempotency(&who.user_id, k).await,
            None => Ok(None),
        }
    };
    let now = deps.clock.now();
    let (day, day_key) = invoice_day(now);
    let wants_points = cart.points > 0;
    let points = async {
        match wants_points {
            true => wallet(deps, Some(&who.user_id)).await,
            false => Ok(None),
        }
    };
    let (replay, user, products, promos, voucher, seq, points, rates) = tokio::join!(
        replay,
        deps.users.get(&who.user_id),
        deps.catalog.get_many(&ids),
        deps.promos.active(now),
        voucher_and_history(deps, cart.voucher.as_ref(), Some(&who.user_id)),
        deps.orders.next_invoice_number(&day_key),
        points,
        shipping_rates(deps)
    );
    if let Some(rec) = replay? {
        return replayed(deps, &request, &rec.request, &rec.order_id).await;
    }
    let user = user?.ok_or_else(toko::auth::account_gone)?;
    require_approved(&user)?;
    Order::may_place(&user)?;
    let products: HashMap<ProductId, _> =
        products?.into_iter().map(|p| (p.id.clone(), p)).collect();
    let items = priced_lines(&cart.lines, &products, &promos?, now)?;
    let voucher = match voucher? {
        Some((found, mut history)) => {
            history.orders_placed = user.orders_placed;
            let v = found.map_err(Refusal::Voucher)?;
            Some((v.apply(&items, history, now).map_err(Refusal::Voucher)?, v))
        }
        None => None,
    };
    // Points apply after the voucher, to the goods: their balance is checked again by the
    // transaction that spends them.
    let spent = match points? {
        Some((settings, balance)) => {
            let applied = voucher.as_ref().map(|(a, _)| a);
            let goods = Totals::of(&items, applied, None, 0).goods();
            settings
                .spend(cart.points, balance.balance, goods)
                .map_err(Refusal::Points)?
        }
        None => None,
    };

    // Shipping by the city it goes to, on the goods after promos and voucher.
    let goods = Totals::of(&items, voucher.as_ref().map(|(a, _)| a), None, 0).goods();
    let shipping_cost = rates?.cost(Some(cart.address.city.as_str()), goods);
    let order = Order::place(
        &user,
        Placement {
            invoice_code: InvoiceCode::new(day, seq?),
            items,
            shipping_cost,
            voucher: voucher.as_ref().map(|(applied, _)| applied.clone()),
            points: spent,
            shipping_address: cart.address,
            note: cart.note,
        },
        now,
    )?;
    match deps
        .orders
        .place(
            &order,
            voucher.as_ref().map(|(_, v)| v),
            key.as_deref().map(|k| (k, request.as_str())),
        )
        .await?
    {
        Placed::Created => {
            tracing::info!(order_id = %order.id, invoice = order.invoice_code.as_str(), "order placed");
            let mail = toko::order_mail::order_received(&order, &deps.site_url);
            if let Err(e) = deps.mailer.send(&mail).await {
                tracing::error!(order_id = %order.id, error = %e, "order-received e-mail not sent");
            }
            order_json(StatusCode::CREATED, &order)
        }
        // A concurrent request with the same key got there first.
        Placed::Replayed(id) => {
            let first = match &key {
                Some(k) => deps.orders.idempotency(&who.user_id, k).await?,
                None => None,
            };
            let first = first.map(|r| r.request).unwrap_or_default();
            replayed(deps, &request, &first, &id).await
        }
    }
}

/// A retried request: the first result again, or 422 when the key came with another body.
async fn replayed(deps: &Deps, request: &str, first: &str, id: &OrderId) -> HttpResult {
    if request != first {
        return Err(Error::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
            "This Idempotency-Key was used with a different request.",
        ));
    }
    let order = deps.orders.get(id).await?.ok_or_else(not_found)?;
    order_json(StatusCode::CREATED, &order)
}

async fn list(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require(&[Role::Customer])?;
    let page = deps
        .orders
        .list_for_customer(&who.user_id, &http::page_request(&http::query(req))?)
        .await?;
    let items: Vec<OrderView> = page.items.iter().map(OrderView::from).collect();
    http::json(
        StatusCode::OK,
        &json!({ "items": items, "nextCursor": page.next_cursor }),
    )
}

async fn detail(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    let order = visible_order(deps, &who, id).await?;
    order_json(StatusCode::OK, &order)
}

async fn cancel(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require(&[Role::Customer])?;
    let order = visible_order(deps, &who, id).await?;
    let t = order.move_to(
        OrderStatus::Cancelled,
        Note::default(),
        None,
        deps.clock.now(),
        Role::Customer,
        &who.user_id,
    )?;
    let order = deps.orders.transition(&order, &t).await?;
    if let Err(e) =
        toko::retention::close_order_files(&*deps.files, &*deps.storage, &order.id).await
    {
        tracing::error!(order_id = %order.id, error = %e, "files of a cancelled order not tagged for expiry");
    }
    order_json(StatusCode::OK, &order)
}

/// `POST /api/orders/{id}/agree` (the order's customer): agrees to the changed price of an
/// order an admin re-priced (`awaiting_customer` → `accepted`; the payment window starts
/// now). Cancelling instead is `POST …/cancel`.
async fn agree(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require(&[Role::Customer])?;
    let order = visible_order(deps, &who, id).await?;
    let t = order.agree(deps.clock.now())?;
    let order = deps.orders.transition(&order, &t).await?;
    tracing::info!(order_id = %order.id, "changed price agreed");
    order_json(StatusCode::OK, &order)
}

/// `GET /api/orders/{id}/reorder` (the order's customer): its lines as they can be ordered
/// again today — today's unit price with the same choices, or why not (gone from the
/// catalogue, choices no longer offered). Writes nothing: the site fills the cart.
async fn reorder(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require(&[Role::Customer])?;
    let order = visible_order(deps, &who, id).await?;
    let ids: Vec<ProductId> = order.items.iter().map(|l| l.product_id.clone()).collect();
    let products: HashMap<ProductId, _> = deps
        .catalog
        .get_many(&ids)
        .await?
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect();
    let items: Vec<toko::domain::Reorder> = order
        .items
        .iter()
        .map(|l| toko::domain::reorder(l, products.get(&l.product_id)))
        .collect();
    http::json(StatusCode::OK, &json!({ "items": items }))
}
