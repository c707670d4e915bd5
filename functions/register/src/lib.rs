//! `POST /api/auth/register`: a guest creates a customer account, which starts `pending`
//! until an admin approves it.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use toko::auth::hash_password;
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{
    AccountStatus, Email, Locale, NewCustomer, Password, PersonName, Phone, Role, User, UserView,
};
use toko::http::{self, Form, HttpResult};
use toko::ports::{Clock, Users};
use toko::wiring;

pub struct Deps {
    pub users: Arc<dyn Users>,
    pub clock: Arc<dyn Clock>,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        Ok(Self {
            users: wiring::store(sdk, settings)?,
            clock,
        })
    }
}

pub async fn handle(deps: &Deps, req: Request) -> Result<Response<Body>, lambda_http::Error> {
    http::respond(route(deps, &req).await)
}

toko::routes! {
    Deps;
    POST "/api/auth/register" => register,
}

fn parse(req: &Request) -> Result<NewCustomer, toko::Error> {
    let mut form = Form::parse(req)?;
    let email = form.required("email", Email::parse);
    let password = form.required("password", Password::parse);
    let name = form.required("name", PersonName::parse);
    let phone = form.optional("phone", Phone::parse);
    let locale = form.optional("locale", Locale::parse).unwrap_or_default();
    let marketing_opt_in = form.flag("marketingOptIn", false);
    let (Some(email), Some(password), Some(name)) = (email, password, name) else {
        return Err(form.into_error());
    };
    form.finish()?;
    Ok(NewCustomer {
        email,
        password,
        name,
        phone,
        locale,
        marketing_opt_in,
    })
}

async fn register(deps: &Deps, req: &Request) -> HttpResult {
    let new = parse(req)?;
    let password_hash = hash_password(&new.password)?;
    let user = User {
        phone: new.phone,
        locale: new.locale,
        marketing_opt_in: new.marketing_opt_in,
        ..User::new(
            new.email,
            new.name,
            password_hash,
            Role::Customer,
            AccountStatus::Pending,
            deps.clock.now(),
        )
    };
    deps.users.create(&user).await?;
    tracing::info!(user_id = %user.id, "customer registered");
    http::json(
        StatusCode::CREATED,
        &json!({ "customer": UserView::from(&user) }),
    )
}
