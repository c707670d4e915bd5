//! "Download my data": everything the shop holds about a customer, gathered from the
//! ports (profile, consents, addresses, orders, messages, quotes, reviews, testimonial, points), written as
//! one JSON file to the private bucket and offered as a short-lived link.

use crate::{export_key, orders_of, Deps};
use serde_json::{json, Value};
use toko::domain::{attachment_disposition, rfc3339, OrderView, User, UserView, EXPORT_LINK_TTL};
use toko::ports::every_page;
use toko::Error;

/// The export document of the customer.
pub(crate) async fn document(deps: &Deps, user: &User) -> Result<Value, Error> {
    let id = &user.id;
    let orders: Vec<Value> = orders_of(deps, id)
        .await?
        .iter()
        .map(|o| serde_json::to_value(OrderView::from(o)).map_err(Error::internal))
        .collect::<Result<_, _>>()?;
    let messages = every_page(usize::MAX, |page| async move {
        deps.inbox.list(id, &page).await
    })
    .await?;
    let ledger = every_page(usize::MAX, |page| async move {
        deps.points.ledger(id, &page).await
    })
    .await?;
    let quotes = every_page(usize::MAX, |page| async move {
        deps.quotes.list_for_customer(id, &page).await
    })
    .await?;
    let (addresses, reviews, balance, notes, testimonial, imported) = tokio::join!(
        deps.addresses.addresses(id),
        deps.privacy.reviews_of(id),
        deps.points.balance(id),
        deps.notes.notes(id, usize::MAX),
        deps.testimonials.get(id),
        deps.privacy.imported_sales_of(&user.email)
    );
    let reviews: Vec<Value> = reviews?
        .iter()
        .map(|r| {
            json!({
                "productId": r.product_id,
                "rating": r.rating,
                "comment": r.comment,
                "authorName": r.author_name,
                "createdAt": rfc3339(r.created_at),
            })
        })
        .collect();
    Ok(json!({
        "exportedAt": rfc3339(deps.clock.now()),
        "about": "Everything Toko holds about this account (UU PDP). Orders are shown as the shop keeps them.",
        "profile": UserView::from(user),
        "consents": {
            "promotionsByEmail": user.marketing_opt_in,
            "emailVerified": user.email_verified,
            "mailLanguage": user.locale,
        },
        "addresses": addresses?,
        "orders": orders,
        "messages": messages,
        "quotes": quotes,
        "reviews": reviews,
        "testimonial": testimonial?.map(|t| t.for_customer()),
        // Past orders the shop brought in from its books under this address.
        "importedSales": imported?,
        "points": { "balance": balance?.balance, "ledger": ledger },
        // What staff noted about the person is theirs to see too.
        "staffNotes": notes?,
    }))
}

/// Writes the export and answers its link.
pub(crate) async fn export(deps: &Deps, user: &User) -> Result<Value, Error> {
    let doc = document(deps, user).await?;
    let bytes = serde_json::to_vec_pretty(&doc).map_err(Error::internal)?;
    let key = export_key(&user.id);
    deps.storage.put(&key, bytes, "application/json").await?;
    let day = toko::domain::invoice_day(deps.clock.now()).1;
    let link = deps
        .storage
        .presign_get(
            &key,
            &attachment_disposition(&format!("toko-data-{day}.json")),
            std::time::Duration::from_secs(EXPORT_LINK_TTL.whole_seconds().unsigned_abs()),
        )
        .await?;
    Ok(json!({ "url": link.url, "expiresAt": link.expires_at }))
}
