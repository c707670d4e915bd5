//! Testimonials about the shop (`toko::domain::testimonial`):
//! - `GET /api/testimonials?limit=`: the approved ones, newest first (public, cached a
//!   minute): name shortened, stars, text, day.
//! - `POST /api/testimonials` `{rating: 1..5, text}`: a customer with a completed order
//!   (403 `no_completed_order`); writing again replaces theirs, which waits for staff.
//! - `GET /api/testimonials/mine`: the customer's own, with its state (404 if none).
//! - `GET /api/admin/testimonials?state=pending|approved|hidden` (`testimonials`).
//! - `POST /api/admin/testimonials/{customerId}/decide` `{decision: approve|hide,
//!   writtenAt}` (`testimonials`): on the text staff read (409 `testimonial_changed`).

use crate::Deps;
use lambda_http::http::StatusCode;
use lambda_http::Request;
use serde_json::json;
use toko::auth::authenticate_session;
use toko::domain::{
    Action, Permission, Rating, RecordRef, Role, Testimonial, TestimonialState, TestimonialText,
    UserId, MAX_SHOWN_TESTIMONIALS,
};
use toko::http::{self, Form, HttpResult};
use toko::ports::PageRequest;
use toko::Error;

pub async fn shown(deps: &Deps, req: &Request) -> HttpResult {
    let q = http::query(req);
    let limit = match q.get("limit").map(|l| l.parse::<u32>()) {
        None => 6,
        Some(Ok(n)) if (1..=MAX_SHOWN_TESTIMONIALS).contains(&n) => n,
        Some(_) => {
            return Err(Error::bad_request(
                "invalid_query",
                format!("limit must be 1 to {MAX_SHOWN_TESTIMONIALS}."),
            ))
        }
    };
    let page = deps
        .testimonials
        .list(
            TestimonialState::Approved,
            &PageRequest {
                cursor: None,
                limit,
            },
        )
        .await?;
    let items: Vec<_> = page.items.iter().map(Testimonial::public).collect();
    http::public_json(req, &json!({ "items": items }), 60)
}

pub async fn write(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require(&[Role::Customer])?;
    let mut form = Form::parse(req)?;
    let rating = form.value("rating", Rating::parse);
    let text = form.required("text", TestimonialText::parse);
    let (Some(rating), Some(text)) = (rating, text) else {
        return Err(form.into_error());
    };
    form.finish()?;
    let (eligible, user) = tokio::join!(
        deps.testimonials.has_completed_order(&who.user_id),
        deps.users.get(&who.user_id)
    );
    if !eligible? {
        return Err(Error::forbidden(
            "no_completed_order",
            "Testimonials are written by customers with a completed order.",
        ));
    }
    let user = user?.ok_or_else(toko::auth::account_gone)?;
    let testimonial = Testimonial::new(user.id, &user.name, rating, text, deps.clock.now());
    deps.testimonials.write(&testimonial).await?;
    http::json(StatusCode::CREATED, &testimonial.for_customer())
}

pub async fn mine(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require(&[Role::Customer])?;
    let own = deps.testimonials.get(&who.user_id).await?;
    let own = own.ok_or_else(|| Error::not_found("You have not written a testimonial yet."))?;
    http::json(StatusCode::OK, &own.for_customer())
}

pub async fn staff_list(deps: &Deps, req: &Request) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(Permission::Testimonials)?;
    let q = http::query(req);
    let state = TestimonialState::parse(q.get("state").map_or("pending", String::as_str))
        .map_err(|m| Error::bad_request("invalid_query", format!("state {m}.")))?;
    let page = deps
        .testimonials
        .list(state, &http::page_request(&q)?)
        .await?;
    http::json(
        StatusCode::OK,
        &json!({ "items": page.items, "nextCursor": page.next_cursor }),
    )
}

pub async fn decide(deps: &Deps, req: &Request, customer: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(Permission::Testimonials)?;
    let mut form = Form::parse(req)?;
    let state = form.required("decision", |d| match d {
        "approve" => Ok(TestimonialState::Approved),
        "hide" => Ok(TestimonialState::Hidden),
        _ => Err("must be approve or hide"),
    });
    let seen = form.required("writtenAt", |w| Ok(w.to_owned()));
    let (Some(state), Some(seen)) = (state, seen) else {
        return Err(form.into_error());
    };
    form.finish()?;
    let missing = || Error::not_found("No such testimonial.");
    let customer = UserId::parse(customer).ok_or_else(missing)?;
    let current = deps
        .testimonials
        .get(&customer)
        .await?
        .ok_or_else(missing)?;
    let by = deps
        .sessions
        .account(&who.user_id)
        .await
        .map(|u| u.name.as_str().to_owned())
        .unwrap_or_default();
    let decided = current.decided(state, &by, deps.clock.now());
    deps.testimonials.decide(&decided, &seen).await?;
    deps.activity
        .record(
            &who,
            Action::TestimonialDecided,
            RecordRef::new("customer", &customer),
            &format!("testimonial: {}", state.as_str()),
        )
        .await;
    http::json(StatusCode::OK, &decided)
}
