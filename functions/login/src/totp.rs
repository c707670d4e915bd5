//! Two-step sign-in for staff (`toko::domain::second_factor`).
//! - At sign-in, an account with a second factor also gives `code` (6 digits from the app,
//!   or a recovery code): without it 401 `second_factor_required`, wrong or used before
//!   401 `invalid_second_factor` (counted like a wrong password). An admin without one,
//!   when the shop requires it, gets a 15-minute session that can only set one up.
//! - `POST /api/auth/totp/setup` (staff): a new key (base32 and `otpauth://` link).
//! - `POST /api/auth/totp/enable` `{code}`: the first code from the app confirms the key;
//!   the answer carries 10 single-use recovery codes and a fresh token (other sessions
//!   end).
//! - `POST /api/auth/totp/disable` `{password}`: removes it (409
//!   `second_factor_required_by_shop` for an admin while the shop requires it).

use crate::Deps;
use lambda_http::http::StatusCode;
use lambda_http::Request;
use serde_json::json;
use time::OffsetDateTime;
use toko::auth::{authenticate_session, authenticate_session_any, Principal};
use toko::domain::{recovery_codes, rfc3339, Role, SecondFactorCode, TotpSecret, User, UserView};
use toko::http::{self, source_ip, Form, HttpResult};
use toko::reauth::confirm_password;
use toko::Error;

/// What the sign-in gives after the password matched.
pub(crate) enum Gate {
    Full,
    /// An admin without a second factor while the shop requires one.
    EnrolOnly,
}

pub(crate) fn required() -> Error {
    Error::unauthorized(
        "second_factor_required",
        "Enter the 6-digit code from your authenticator app (or a recovery code).",
    )
}

fn invalid() -> Error {
    Error::unauthorized(
        "invalid_second_factor",
        "That code is not right, or was used already. Enter the current code from the app.",
    )
}

/// The second step of a sign-in whose password matched (`code` given when the account
/// has a second factor; `None` there is the caller's to answer with [`required`]).
pub(crate) async fn gate(
    deps: &Deps,
    user: &User,
    code: Option<&str>,
    now: OffsetDateTime,
) -> Result<Gate, Error> {
    if user.two_factor {
        let ok = match code.map(SecondFactorCode::parse) {
            None | Some(Err(_)) => false,
            Some(Ok(SecondFactorCode::Totp(c))) => {
                let (_, key) = deps.second_factor.totp_keys(&user.email).await?;
                match key.and_then(|k| k.step_of(&c, now)) {
                    Some(step) => deps.second_factor.use_step(&user.email, step).await?,
                    None => false,
                }
            }
            Some(Ok(SecondFactorCode::Recovery(hash))) => {
                deps.second_factor
                    .use_recovery_code(&user.email, &hash)
                    .await?
            }
        };
        return if ok { Ok(Gate::Full) } else { Err(invalid()) };
    }
    if user.role == Role::Admin && deps.settings.security_settings().await?.require_admin_totp {
        return Ok(Gate::EnrolOnly);
    }
    Ok(Gate::Full)
}

/// The signed-in staff account (an enrol-only session included).
async fn staff(
    deps: &Deps,
    req: &Request,
    now: OffsetDateTime,
) -> Result<(Principal, User), Error> {
    let keys = deps.signing.get().await?;
    let who = authenticate_session_any(req, keys, &deps.sessions, now).await?;
    if !who.role.is_staff() {
        return Err(Error::forbidden(
            "forbidden",
            "Two-step sign-in is for staff accounts.",
        ));
    }
    let user = deps
        .users
        .get(&who.user_id)
        .await?
        .ok_or_else(toko::auth::account_gone)?;
    Ok((who, user))
}

pub(crate) async fn setup(deps: &Deps, req: &Request) -> HttpResult {
    let now = deps.clock.now();
    let (_, user) = staff(deps, req, now).await?;
    let secret = TotpSecret::generate().map_err(Error::internal)?;
    deps.second_factor.start_totp(&user, &secret).await?;
    http::json(
        StatusCode::CREATED,
        &json!({ "secret": secret.base32(), "otpauthUrl": secret.otpauth_url(user.email.as_str()) }),
    )
}

pub(crate) async fn enable(deps: &Deps, req: &Request) -> HttpResult {
    let now = deps.clock.now();
    let (_, user) = staff(deps, req, now).await?;
    let mut form = Form::parse(req)?;
    let code = form.required("code", SecondFactorCode::parse);
    form.finish()?;
    let wrong = || {
        Error::validation(vec![toko::error::FieldError::new(
            "code",
            "is not the code the app shows now",
        )])
    };
    let Some(SecondFactorCode::Totp(code)) = code else {
        return Err(wrong());
    };
    let (pending, _) = deps.second_factor.totp_keys(&user.email).await?;
    let pending = pending.ok_or_else(|| {
        Error::conflict(
            "no_second_factor_setup",
            "Start the set-up first: there is no key waiting.",
        )
    })?;
    let step = pending.step_of(&code, now).ok_or_else(wrong)?;
    let (shown, stored) = recovery_codes().map_err(Error::internal)?;
    if !deps
        .second_factor
        .enable_totp(&user, &pending, step, &stored)
        .await?
    {
        return Err(Error::conflict(
            "no_second_factor_setup",
            "The set-up was started again meanwhile: use the newest key.",
        ));
    }
    // Every session ended with the old version; this device gets a full one.
    let mut fresh = user.clone();
    fresh.session_version += 1;
    fresh.two_factor = true;
    let (token, expires_at) = deps.signing.get().await?.issue(&fresh, now)?;
    tracing::info!(user_id = %user.id, "second factor on");
    http::json(
        StatusCode::OK,
        &json!({
            "token": token,
            "expiresAt": rfc3339(expires_at),
            "user": UserView::from(&fresh),
            "recoveryCodes": shown,
        }),
    )
}

pub(crate) async fn disable(deps: &Deps, req: &Request) -> HttpResult {
    let now = deps.clock.now();
    let keys = deps.signing.get().await?;
    let who = authenticate_session(req, keys, &deps.sessions, now).await?;
    let mut form = Form::parse(req)?;
    let password = form.required("password", |s| Ok(s.to_owned()));
    form.finish()?;
    let password = password.ok_or_else(|| Error::internal("a clean form without its field"))?;
    let account = deps
        .users
        .get(&who.user_id)
        .await?
        .ok_or_else(toko::auth::account_gone)?;
    if account.role == Role::Admin && deps.settings.security_settings().await?.require_admin_totp {
        return Err(Error::conflict(
            "second_factor_required_by_shop",
            "The shop requires admins to use two-step sign-in.",
        ));
    }
    let user = confirm_password(
        deps.users.as_ref(),
        deps.attempts.as_ref(),
        &account,
        &password,
        source_ip(req).as_deref(),
        now,
    )
    .await?;
    deps.second_factor.disable_totp(&user).await?;
    let mut fresh = user.clone();
    fresh.session_version += 1;
    fresh.two_factor = false;
    let (token, expires_at) = keys.issue(&fresh, now)?;
    tracing::info!(user_id = %user.id, "second factor off");
    http::json(
        StatusCode::OK,
        &json!({ "token": token, "expiresAt": rfc3339(expires_at), "user": UserView::from(&fresh) }),
    )
}
