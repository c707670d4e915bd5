//! The address book (customers): `GET|POST /api/account/addresses`,
//! `PUT|DELETE /api/account/addresses/{id}`. A body is the address's fields (recipient,
//! phone, street, district, city, province, postalCode) with a `label` and `isDefault`.

use crate::Deps;
use lambda_http::http::StatusCode;
use lambda_http::Request;
use serde_json::json;
use toko::auth::{authenticate_session, Principal};
use toko::domain::MAX_SAVED_ADDRESSES;
use toko::domain::{parse_label, Address, AddressId, Line, Missing, Refusal, Role};
use toko::http::{self, Form, HttpResult};
use toko::Error;

async fn customer(deps: &Deps, req: &Request) -> Result<Principal, Error> {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require(&[Role::Customer])?;
    Ok(who)
}

fn fields(req: &Request) -> Result<(Line, Address, bool), Error> {
    let mut form = Form::parse(req)?;
    let label = form.required("label", parse_label);
    let address = form.address(None);
    let make_default = form.flag("isDefault", false);
    form.finish()?;
    match (label, address) {
        (Some(l), Some(a)) => Ok((l, a, make_default)),
        _ => Err(Error::internal("a clean form without its fields")),
    }
}

fn address_id(raw: &str) -> Result<AddressId, Error> {
    AddressId::parse(raw).ok_or_else(|| Refusal::NotFound(Missing::Address).into())
}

pub(crate) async fn list(deps: &Deps, req: &Request) -> HttpResult {
    let who = customer(deps, req).await?;
    let items = deps.addresses.addresses(&who.user_id).await?;
    http::json(
        StatusCode::OK,
        &json!({ "items": items, "max": MAX_SAVED_ADDRESSES }),
    )
}

pub(crate) async fn save(deps: &Deps, req: &Request) -> HttpResult {
    let who = customer(deps, req).await?;
    let (label, address, make_default) = fields(req)?;
    let saved = deps
        .addresses
        .save_address(&who.user_id, &label, &address, make_default)
        .await?;
    http::json(StatusCode::CREATED, &saved)
}

pub(crate) async fn update(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = customer(deps, req).await?;
    let id = address_id(id)?;
    let (label, address, make_default) = fields(req)?;
    let saved = deps
        .addresses
        .update_address(&who.user_id, &id, &label, &address, make_default)
        .await?;
    http::json(StatusCode::OK, &saved)
}

pub(crate) async fn remove(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = customer(deps, req).await?;
    let id = address_id(id)?;
    deps.addresses.remove_address(&who.user_id, &id).await?;
    http::no_content()
}
