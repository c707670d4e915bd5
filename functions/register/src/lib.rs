//! Registration and the confirmation of an address.
//! - `POST /api/auth/register`: a guest creates a customer account, which starts `pending`
//!   until an admin approves it, and gets a mail with a link confirming the address (7
//!   days). An address that already has an account gets the same 201 answer (with an id
//!   that belongs to nothing) and its owner a mail saying someone tried: the answer never
//!   tells a stranger which addresses have accounts.
//! - `POST /api/auth/verify` `{token}`: confirms the address (400
//!   `invalid_verification_link` when unknown, used or expired).
//! - `POST /api/auth/verify/resend` (signed in): a new link, 3 per address per window.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use toko::account_mail;
use toko::auth::{authenticate_session, hash_password, TokenKeys};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{
    verify_counter, AccountStatus, Email, Locale, NewCustomer, Password, PersonName, Phone,
    Refusal, ResetToken, Role, User, UserView, VERIFY_LINK_TTL,
};
use toko::http::{self, Form, HttpResult};
use toko::ports::{Clock, LoginAttempts, Mailer, PortError, Recovery, Users};
use toko::wiring;
use toko::Error;

pub struct Deps {
    pub users: Arc<dyn Users>,
    /// Address-verification links.
    pub recovery: Arc<dyn Recovery>,
    /// Counts "send the link again" per address.
    pub attempts: Arc<dyn LoginAttempts>,
    /// Verification and "someone tried" mails (kept in the outbox if SES refuses them).
    pub mailer: Arc<dyn Mailer>,
    pub keys: TokenKeys,
    /// Whether a token's session still stands (asking for the link again).
    pub sessions: Arc<toko::sessions::Sessions>,
    pub clock: Arc<dyn Clock>,
    /// Public origin of the site, for links in e-mails.
    pub site_url: String,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        Ok(Self {
            users: store.clone(),
            recovery: store.clone(),
            attempts: store.clone(),
            sessions: wiring::sessions(store.clone()),
            mailer: wiring::reliable_mailer(sdk, settings, store, clock.clone())?,
            keys: settings.token_keys()?,
            site_url: settings.site_url()?,
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
    POST "/api/auth/verify" => verify,
    POST "/api/auth/verify/resend" => resend,
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
    let now = deps.clock.now();
    let user = User {
        phone: new.phone,
        locale: new.locale,
        marketing_opt_in: new.marketing_opt_in,
        email_verified: false,
        ..User::new(
            new.email,
            new.name,
            password_hash,
            Role::Customer,
            AccountStatus::Pending,
            deps.clock.now(),
        )
    };
    let mail = match deps.users.create(&user).await {
        Ok(()) => {
            tracing::info!(user_id = %user.id, "customer registered");
            verification_mail(deps, &user, now).await?
        }
        // The address has an account: its owner hears of the try; the caller gets the
        // answer a new registration gets.
        Err(PortError::Refused(Refusal::EmailTaken)) => {
            account_mail::registration_attempt(&user.email, user.locale, &deps.site_url)
        }
        Err(e) => return Err(e.into()),
    };
    if let Err(e) = deps.mailer.send(&mail).await {
        tracing::error!(error = %e, "registration mail not sent");
    }
    http::json(
        StatusCode::CREATED,
        &json!({ "customer": UserView::from(&user) }),
    )
}

/// A new verification link for the account, stored, and its mail.
async fn verification_mail(
    deps: &Deps,
    user: &User,
    now: time::OffsetDateTime,
) -> Result<toko::mail::Mail, Error> {
    let link = ResetToken::generate().map_err(Error::internal)?;
    deps.recovery
        .store_verify_link(&link.hash, &user.id, None, now + VERIFY_LINK_TTL)
        .await?;
    Ok(account_mail::verify_address(
        user,
        &link.token,
        &deps.site_url,
    ))
}

async fn verify(deps: &Deps, req: &Request) -> HttpResult {
    let mut form = Form::parse(req)?;
    let token = form.required("token", |s| Ok(s.to_owned()));
    let Some(token) = token else {
        return Err(form.into_error());
    };
    form.finish()?;
    let hash = ResetToken::hash_of(&token).ok_or(Refusal::VerifyLinkInvalid)?;
    let done = deps.recovery.verify_email(&hash, deps.clock.now()).await?;
    match &done.new_email {
        None => tracing::info!(user_id = %done.user, "address verified"),
        Some(_) => tracing::info!(user_id = %done.user, "address changed"),
    }
    http::json(
        StatusCode::OK,
        &json!({ "status": "verified", "changed": done.new_email.is_some() }),
    )
}

async fn resend(deps: &Deps, req: &Request) -> HttpResult {
    let now = deps.clock.now();
    let who = authenticate_session(req, &deps.keys, &deps.sessions, now).await?;
    let user = deps
        .users
        .get(&who.user_id)
        .await?
        .ok_or_else(toko::auth::account_gone)?;
    if user.email_verified {
        return http::json(StatusCode::OK, &json!({ "status": "verified" }));
    }
    if let Some(frees) = deps
        .attempts
        .reserve(&verify_counter(&user.email), now)
        .await?
    {
        return Err(Error::too_many_attempts(
            now,
            frees,
            "The link was sent several times already.",
        ));
    }
    let mail = verification_mail(deps, &user, now).await?;
    if let Err(e) = deps.mailer.send(&mail).await {
        tracing::error!(user_id = %user.id, error = %e, "verification mail not sent");
    }
    http::json(StatusCode::ACCEPTED, &json!({ "status": "sent" }))
}
