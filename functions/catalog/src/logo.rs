//! The shop's logo (admins; shown by the site's header and the printable invoice):
//! - `POST /api/admin/settings/logo` `{contentType, size}`: a presigned upload to the
//!   media bucket (`media/shop/`), as for product pictures;
//! - `POST /api/admin/settings/logo/complete` `{key}`: checked like a product picture,
//!   then the shop's logo; `GET /api/shop` carries it (`logo`: `/media/shop/…`);
//! - `DELETE /api/admin/settings/logo`: no logo (the site shows the name alone).

use crate::{pictures, Deps};
use lambda_http::http::StatusCode;
use lambda_http::Request;
use serde_json::json;
use toko::auth::{authenticate_session, Principal};
use toko::domain::Permission;
use toko::http::{self, HttpResult};
use toko::Error;

const PREFIX: &str = "media/shop/";

async fn admin(deps: &Deps, req: &Request) -> Result<Principal, Error> {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(Permission::Settings)?;
    Ok(who)
}

pub(crate) async fn start_logo(deps: &Deps, req: &Request) -> HttpResult {
    admin(deps, req).await?;
    let (content_type, size) = pictures::upload_form(req)?;
    let upload = pictures::start(deps, PREFIX, &content_type, size).await?;
    http::json(StatusCode::CREATED, &upload)
}

pub(crate) async fn complete_logo(deps: &Deps, req: &Request) -> HttpResult {
    let who = admin(deps, req).await?;
    let key = pictures::key_form(req)?;
    let url = pictures::complete(deps, PREFIX, &key).await?;
    let before = deps.settings.logo().await?;
    deps.settings.set_logo(Some(&url)).await?;
    let (before, after) = (json!({ "logo": before }), json!({ "logo": url }));
    deps.activity
        .settings_changed(&who, "logo", &before, &after)
        .await;
    http::json(StatusCode::OK, &json!({ "logo": url }))
}

pub(crate) async fn remove_logo(deps: &Deps, req: &Request) -> HttpResult {
    let who = admin(deps, req).await?;
    let before = deps.settings.logo().await?;
    deps.settings.set_logo(None).await?;
    let (before, after) = (json!({ "logo": before }), json!({ "logo": null }));
    deps.activity
        .settings_changed(&who, "logo", &before, &after)
        .await;
    http::no_content()
}
