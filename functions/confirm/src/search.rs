//! Staff look-ups in the console:
//! - `GET /api/admin/orders?q=INV-20261201-0003` (`orders.view`): orders whose invoice
//!   code starts with what was typed (naming at least its month: `INV-202612`,
//!   `20261201-3`), in code order, any status.
//! - `GET /api/admin/customers?q=budi santoso` (`customers.view`): customers by the
//!   beginnings of the words of their name and e-mail address, any status; every word
//!   must match. One Query of the longest word's partition (`PEOPLE#{term}`), then the
//!   profiles.

use crate::Deps;
use lambda_http::http::StatusCode;
use serde_json::json;
use toko::domain::search::{person_matches, query_words};
use toko::domain::{invoice_prefix, OrderView, Role, UserView};
use toko::http::{self, HttpResult};
use toko::ports::PageRequest;
use toko::Error;

pub async fn orders(deps: &Deps, typed: &str, page: &PageRequest) -> HttpResult {
    let prefix = invoice_prefix(typed).ok_or_else(|| {
        Error::bad_request(
            "invalid_query",
            "q must be an invoice code or its beginning, naming at least the month: INV-20261201-0003, INV-202612 or 20261201-3.",
        )
    })?;
    let found = deps.orders.find_by_invoice(&prefix, page).await?;
    let items: Vec<OrderView> = found.items.iter().map(OrderView::from).collect();
    http::json(
        StatusCode::OK,
        &json!({ "items": items, "nextCursor": found.next_cursor }),
    )
}

pub async fn customers(deps: &Deps, typed: &str, page: &PageRequest) -> HttpResult {
    let words = query_words(typed);
    if typed.chars().count() > 100 || words.is_empty() {
        return Err(Error::bad_request(
            "invalid_query",
            "q must have a word of at least 2 letters or digits, and at most 100 characters.",
        ));
    }
    let found = deps.users.search_customers(&words[0], page).await?;
    let read = futures::future::join_all(found.items.iter().map(|id| deps.users.get(id))).await;
    let mut items = Vec::new();
    for user in read {
        let Some(user) = user? else { continue };
        if user.role == Role::Customer
            && person_matches(user.name.as_str(), user.email.as_str(), &words)
        {
            items.push(UserView::from(&user));
        }
    }
    http::json(
        StatusCode::OK,
        &json!({ "items": items, "nextCursor": found.next_cursor }),
    )
}
