//! `GET /api/orders/{id}/invoice` (owner or staff): the order's invoice as JSON (the
//! site's printable page draws it), or with `?format=pdf` as an A4 PDF made here
//! (`pdf-writer`, the standard Helvetica fonts: nothing embedded, no browser), in the
//! customer's language unless `lang=en|id` asks for the other.

use crate::pdf::render;
use crate::{visible_order, Deps};
use lambda_http::http::{header, StatusCode};
use lambda_http::{Body, Request, Response};
use serde_json::json;
use toko::auth::authenticate_session;
use toko::domain::{Locale, OrderView, PaymentStatus};
use toko::http::{self, HttpResult};
use toko::Error;

pub(crate) async fn invoice(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let now = deps.clock.now();
    let who = authenticate_session(req, &deps.keys, &deps.sessions, now).await?;
    let (order, shop) = tokio::join!(visible_order(deps, &who, id), deps.settings.shop_profile());
    let (order, shop) = (order?, shop?);
    let status = PaymentStatus::of(&order, now);
    let q = http::query(req);
    let locale = match q.get("lang").map(String::as_str) {
        None | Some("") => order.customer_locale,
        Some(raw) => Locale::parse(raw)
            .map_err(|m| Error::bad_request("invalid_query", format!("lang {m}.")))?,
    };
    match q.get("format").map(String::as_str) {
        None | Some("") | Some("json") => http::json(
            StatusCode::OK,
            &json!({
                "shop": shop,
                "order": OrderView::from(&order),
                "customerEmail": order.customer_email.as_str(),
                "paymentStatus": status.as_str(),
            }),
        ),
        Some("pdf") => {
            let bytes = render(&shop, &order, status, locale);
            Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_TYPE, "application/pdf")
                .header(
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"{}.pdf\"",
                        order.invoice_code.as_str()
                    ),
                )
                .header(header::CACHE_CONTROL, "no-store")
                .body(Body::Binary(bytes))
                .map_err(Error::internal)
        }
        Some(_) => Err(Error::bad_request(
            "invalid_query",
            "format must be json or pdf.",
        )),
    }
}
