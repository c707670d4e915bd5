//! Orders of an approved customer.
//! - `POST /api/orders` (`Idempotency-Key` header): place an order from a cart.
//! - `GET /api/orders`: own orders, newest first. `GET /api/orders/{id}`: owner or staff.
//! - `POST /api/orders/{id}/cancel`: the owner, while pending (frees a slot).
//! - `POST /api/orders/quote` `{items}`: the cart priced as an order would be.
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
    best_for, invoice_day, Address, InvoiceCode, Line, Missing, Money, Note, Order, OrderId,
    OrderLine, OrderStatus, OrderView, PersonName, Phone, Placement, ProductId, Promo, Refusal,
    Role, Totals, UserId, Voucher, VoucherCode, VoucherHistory, VoucherRefusal, MAX_LINES,
    MAX_QUANTITY,
};
use toko::http::{self, Form, HttpResult};
use toko::ports::{
    Catalog, Clock, Files, Mailer, ObjectStore, Orders, Placed, Promos, Users, Vouchers,
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
    pub orders: Arc<dyn Orders>,
    /// The order's files, tagged for expiry when it is cancelled.
    pub files: Arc<dyn Files>,
    pub storage: Arc<dyn ObjectStore>,
    pub keys: TokenKeys,
    /// Whether a token's session still stands (role, version, active staff).
    pub sessions: Arc<toko::sessions::Sessions>,
    pub clock: Arc<dyn Clock>,
    /// The shop's flat shipping cost per order.
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

toko::routes! {
    Deps;
    GET "/api/orders" => list,
    POST "/api/orders" => place,
    POST "/api/orders/quote" => quote,
    GET "/api/orders/{id}" => detail(id),
    POST "/api/orders/{id}/cancel" => cancel(id),
}

fn not_found() -> Error {
    Refusal::NotFound(Missing::Order).into()
}

fn order_json(status: StatusCode, order: &Order) -> HttpResult {
    http::json(status, &OrderView::from(order))
}

/// The order, if the caller may see it: its customer or staff. Others get 404.
async fn visible_order(deps: &Deps, who: &Principal, id: &str) -> Result<Order, Error> {
    let id = OrderId::parse(id).ok_or_else(not_found)?;
    let order = deps.orders.get(&id).await?.ok_or_else(not_found)?;
    if who.role.is_staff() || order.customer_id == who.user_id {
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

struct Cart {
    lines: Vec<(ProductId, u32)>,
    voucher: Option<VoucherCode>,
    address: Address,
    note: Note,
}

fn parse_lines(form: &mut Form) -> Option<Vec<(ProductId, u32)>> {
    let Some(raw) = form.raw("items").cloned() else {
        form.reject("items", "is required");
        return None;
    };
    let Some(list) = raw
        .as_array()
        .filter(|l| !l.is_empty() && l.len() <= MAX_LINES)
    else {
        form.reject("items", "must be a list of 1 to 40 items");
        return None;
    };
    let mut lines = Vec::new();
    let mut ok = true;
    for (i, item) in list.iter().enumerate() {
        let product = item["productId"].as_str().and_then(ProductId::parse);
        if product.is_none() {
            form.reject(format!("items[{i}].productId"), "must be a product id");
        }
        let quantity = item["quantity"]
            .as_u64()
            .filter(|q| (1..=u64::from(MAX_QUANTITY)).contains(q));
        if quantity.is_none() {
            form.reject(
                format!("items[{i}].quantity"),
                "must be a whole number from 1 to 999",
            );
        }
        match (product, quantity) {
            (Some(p), Some(q)) => lines.push((p, q as u32)),
            _ => ok = false,
        }
    }
    ok.then_some(lines)
}

fn parse_address(form: &mut Form) -> Option<Address> {
    let Some(raw) = form.raw("shippingAddress").cloned() else {
        form.reject("shippingAddress", "is required");
        return None;
    };
    let Some(obj) = raw.as_object() else {
        form.reject("shippingAddress", "must be an object");
        return None;
    };
    fn part<T>(
        form: &mut Form,
        obj: &serde_json::Map<String, Value>,
        key: &str,
        parse: impl FnOnce(&str) -> Result<T, &'static str>,
    ) -> Option<T> {
        let field = format!("shippingAddress.{key}");
        match obj.get(key).and_then(Value::as_str) {
            None => {
                form.reject(field, "is required");
                None
            }
            Some(s) => parse(s).map_err(|m| form.reject(field, m)).ok(),
        }
    }
    let recipient = part(form, obj, "recipient", PersonName::parse);
    let phone = part(form, obj, "phone", Phone::parse);
    let street = part(form, obj, "street", |s| Line::parse(s, 200));
    let city = part(form, obj, "city", |s| Line::parse(s, 100));
    let postal_code = part(form, obj, "postalCode", |s| Line::parse(s, 20));
    Some(Address {
        recipient: recipient?,
        phone: phone?,
        street: street?,
        city: city?,
        postal_code: postal_code?,
    })
}

fn parse_cart(req: &Request) -> Result<Cart, Error> {
    let mut form = Form::parse(req)?;
    let lines = parse_lines(&mut form);
    let voucher = form.optional("voucherCode", VoucherCode::parse);
    let address = parse_address(&mut form);
    let note = form.optional("note", Note::parse).unwrap_or_default();
    let (Some(lines), Some(address)) = (lines, address) else {
        return Err(form.into_error());
    };
    form.finish()?;
    Ok(Cart {
        lines,
        voucher,
        address,
        note,
    })
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
    lines: &[(ProductId, u32)],
    products: &HashMap<ProductId, toko::domain::Product>,
    promos: &[Promo],
    now: time::OffsetDateTime,
) -> Result<Vec<OrderLine>, Error> {
    let mut unknown = Vec::new();
    let mut items = Vec::new();
    for (i, (id, quantity)) in lines.iter().enumerate() {
        match products.get(id) {
            Some(p) => items.push(OrderLine {
                product_id: p.id.clone(),
                name: p.name.clone(),
                category: p.category.clone(),
                quantity: *quantity,
                unit_price: p.price,
                discount: 0,
                promo: None,
            }),
            None => unknown.push(toko::error::FieldError::new(
                format!("items[{i}].productId"),
                "is not in the catalogue",
            )),
        }
    }
    if unknown.is_empty() {
        best_for(&mut items, promos, now);
        Ok(items)
    } else {
        Err(Error::validation(unknown))
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
    let ids: Vec<ProductId> = lines.iter().map(|(id, _)| id.clone()).collect();
    let user = async {
        match customer {
            Some(c) => deps.users.get(c).await,
            None => Ok(None),
        }
    };
    let (products, promos, voucher, user) = tokio::join!(
        deps.catalog.get_many(&ids),
        deps.promos.active(now),
        voucher_and_history(deps, code.as_ref(), customer),
        user
    );
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
    let totals = Totals::of(&items, applied.as_ref(), deps.shipping_cost);
    let mut body = json!({
        "items": items,
        "subtotal": totals.subtotal,
        "shippingCost": deps.shipping_cost,
        "discount": totals.discount,
        "total": totals.total,
    });
    if let Some(v) = applied {
        body["voucher"] = json!(v);
    }
    if let Some(r) = refusal {
        body["voucherRefusal"] = json!({ "code": r.code(), "detail": r.detail() });
    }
    http::json(StatusCode::OK, &body)
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
    let ids: Vec<ProductId> = cart.lines.iter().map(|(id, _)| id.clone()).collect();
    let replay = async {
        match &key {
            Some(k) => deps.orders.idempotency(&who.user_id, k).await,
            None => Ok(None),
        }
    };
    let now = deps.clock.now();
    let (day, day_key) = invoice_day(now);
    let (replay, user, products, promos, voucher, seq) = tokio::join!(
        replay,
        deps.users.get(&who.user_id),
        deps.catalog.get_many(&ids),
        deps.promos.active(now),
        voucher_and_history(deps, cart.voucher.as_ref(), Some(&who.user_id)),
        deps.orders.next_invoice_number(&day_key)
    );
    if let Some(rec) = replay? {
        return replayed(deps, &request, &rec.request, &rec.order_id).await;
    }
    let user = user?.ok_or_else(|| {
        Error::unauthorized(
            "invalid_token",
            "The account of this token no longer exists.",
        )
    })?;
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

    let order = Order::place(
        &user,
        Placement {
            invoice_code: InvoiceCode::new(day, seq?),
            items,
            shipping_cost: deps.shipping_cost,
            voucher: voucher.as_ref().map(|(applied, _)| applied.clone()),
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
