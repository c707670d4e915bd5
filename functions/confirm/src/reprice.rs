//! `POST /api/admin/orders/{id}/reprice` `{lines: [{index, unitPrice}], fees: [{label,
//! amount}], reason}` (`orders.reprice`: admins): accepts a pending order at changed
//! prices (`toko::domain::reprice`). It waits for its customer (`awaiting_customer`), who
//! is told the new total and the reason by inbox and mail, and agrees or cancels on the
//! order page. The payment request is made now on the new total; its window starts when
//! the customer agrees.

use super::{load_order, record, Deps};
use lambda_http::Request;
use toko::auth::authenticate_session;
use toko::domain::{PaymentRequest, Permission, Reprice};
use toko::error::FieldError;
use toko::http::{Form, HttpResult};
use toko::Error;

pub(crate) async fn reprice_order(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(Permission::OrdersReprice)?;
    let body = Form::parse(req)?.into_value();
    // The order, the payment settings and a payment code in one round trip.
    let (order, payment, code) = tokio::join!(
        load_order(deps, id),
        deps.settings.payment_settings(),
        deps.settings.next_payment_code()
    );
    let order = order?;
    let mut problems = Vec::new();
    let Some(asked) = Reprice::parse(&body, order.items.len(), &mut problems) else {
        return Err(Error::validation(
            problems
                .into_iter()
                .map(|(f, m)| FieldError::new(f, m))
                .collect(),
        ));
    };
    let at = deps.clock.now();
    let mut t = order.reprice(asked, at, who.role, &who.user_id)?;
    let total = t.repriced.as_ref().map_or(order.total, |r| r.total);
    t.payment = Some(PaymentRequest::new(total, code?, at, &payment?));
    record(deps, &order, t, &who).await
}
