//! Verified reviews.
//! - `GET /api/products/{id}/reviews?cursor=&limit=`: newest first, with the product's
//!   rating average and count (public).
//! - `POST /api/products/{id}/reviews` `{rating: 1..5, comment}`: a customer with a
//!   completed order containing the product (403 `not_purchased`), once per product
//!   (409 `already_reviewed`); the product's rating counters move in the same transaction.
//! - Testimonials about the shop (`testimonials.rs`).

mod testimonials;

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use toko::activity::Recorder;
use toko::auth::{authenticate_session, TokenKeys};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{Comment, ProductId, Rating, Review, ReviewId, ReviewView, Role};
use toko::http::{self, Form, HttpResult};
use toko::ports::{Catalog, Clock, Reviews, Testimonials, Users};
use toko::wiring;
use toko::Error;

pub struct Deps {
    pub users: Arc<dyn Users>,
    pub catalog: Arc<dyn Catalog>,
    pub reviews: Arc<dyn Reviews>,
    pub testimonials: Arc<dyn Testimonials>,
    pub activity: Recorder,
    pub keys: TokenKeys,
    /// Whether a token's session still stands (role, version, active staff).
    pub sessions: Arc<toko::sessions::Sessions>,
    pub clock: Arc<dyn Clock>,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        let sessions = wiring::sessions(store.clone());
        Ok(Self {
            activity: wiring::activity(store.clone(), sessions.clone(), clock.clone()),
            users: store.clone(),
            catalog: store.clone(),
            testimonials: store.clone(),
            reviews: store,
            keys: settings.token_keys()?,
            sessions,
            clock,
        })
    }
}

pub async fn handle(deps: &Deps, req: Request) -> Result<Response<Body>, lambda_http::Error> {
    http::respond(route(deps, &req).await)
}

toko::routes! {
    Deps;
    GET "/api/products/{id}/reviews" => list(id),
    POST "/api/products/{id}/reviews" => add(id),
    GET "/api/testimonials" => shown_testimonials,
    POST "/api/testimonials" => write_testimonial,
    GET "/api/testimonials/mine" => own_testimonial,
    GET "/api/admin/testimonials" => staff_testimonials,
    POST "/api/admin/testimonials/{id}/decide" => decide_testimonial(id),
}

async fn shown_testimonials(deps: &Deps, req: &Request) -> HttpResult {
    testimonials::shown(deps, req).await
}

async fn write_testimonial(deps: &Deps, req: &Request) -> HttpResult {
    testimonials::write(deps, req).await
}

async fn own_testimonial(deps: &Deps, req: &Request) -> HttpResult {
    testimonials::mine(deps, req).await
}

async fn staff_testimonials(deps: &Deps, req: &Request) -> HttpResult {
    testimonials::staff_list(deps, req).await
}

async fn decide_testimonial(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    testimonials::decide(deps, req, id).await
}

fn no_product() -> Error {
    Error::not_found("No such product.")
}

async fn list(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let id = ProductId::parse(id).ok_or_else(no_product)?;
    let page_req = http::page_request(&http::query(req))?;
    let (product, page) = tokio::join!(deps.catalog.get(&id), deps.reviews.list(&id, &page_req));
    let product = product?.ok_or_else(no_product)?;
    let page = page?;
    let items: Vec<ReviewView> = page.items.iter().map(ReviewView::from).collect();
    http::json(
        StatusCode::OK,
        &json!({
            "items": items,
            "ratingAverage": product.rating_average(),
            "ratingCount": product.rating_count,
            "nextCursor": page.next_cursor,
        }),
    )
}

async fn add(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require(&[Role::Customer])?;
    let mut form = Form::parse(req)?;
    let rating = form.value("rating", Rating::parse);
    let comment = form.optional("comment", Comment::parse).unwrap_or_default();
    let Some(rating) = rating else {
        return Err(form.into_error());
    };
    form.finish()?;
    let id = ProductId::parse(id).ok_or_else(no_product)?;
    let (product, purchased, user) = tokio::join!(
        deps.catalog.get(&id),
        deps.reviews.has_purchased(&who.user_id, &id),
        deps.users.get(&who.user_id)
    );
    product?.ok_or_else(no_product)?;
    if !purchased? {
        return Err(Error::forbidden(
            "not_purchased",
            "You can review products from your completed orders.",
        ));
    }
    let user = user?.ok_or_else(toko::auth::account_gone)?;
    let review = Review {
        id: ReviewId::generate(),
        product_id: id,
        customer_id: user.id,
        author_name: user.name,
        rating,
        comment,
        created_at: deps.clock.now(),
    };
    deps.reviews.add(&review).await?;
    http::json(StatusCode::CREATED, &ReviewView::from(&review))
}
