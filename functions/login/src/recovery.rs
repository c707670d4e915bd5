//! Getting back in and changing a password (`toko::domain::recovery`).
//! - `POST /api/auth/forgot` `{email, locale?}`: always 202 `{"status":"sent"}`. An
//!   address with an active account gets a one-time link (30 minutes); one without gets
//!   a mail saying so, so the two look alike from outside (status, body, work done).
//!   Past 3 requests per address per window no mail goes out (same answer); past 20 per
//!   source the answer is 429.
//! - `POST /api/auth/reset` `{token, password}`: sets the password, consumes the link and
//!   ends every session in one transaction, then mails a notice (not to an invited staff
//!   member setting their first password: that confirms their address); `staff` tells
//!   the page to point to the console. An unknown, used or expired link is 400
//!   `invalid_reset_link`.
//! - `POST /api/auth/password` `{currentPassword, newPassword}` (signed in, any role):
//!   the same with the current password instead of a link (403 `wrong_password`,
//!   counted like failed sign-ins); answers a fresh token for this device.

use crate::Deps;
use lambda_http::http::StatusCode;
use lambda_http::Request;
use serde_json::json;
use toko::account_mail;
use toko::auth::{authenticate_session, hash_password};
use toko::domain::{
    reset_counters, rfc3339, Email, Locale, Password, Refusal, ResetToken, UserView, RESET_LINK_TTL,
};
use toko::http::source_ip;
use toko::http::{self, Form, HttpResult};
use toko::reauth::confirm_password;
use toko::Error;

fn sent() -> HttpResult {
    http::json(StatusCode::ACCEPTED, &json!({ "status": "sent" }))
}

pub(crate) async fn forgot(deps: &Deps, req: &Request) -> HttpResult {
    let mut form = Form::parse(req)?;
    let email = form.required("email", Email::parse);
    let locale = form.optional("locale", Locale::parse).unwrap_or_default();
    let Some(email) = email else {
        return Err(form.into_error());
    };
    form.finish()?;
    let now = deps.clock.now();
    let [address, source] = &reset_counters(&email, source_ip(req).as_deref());
    let (address, source, user) = tokio::join!(
        deps.attempts.reserve(address, now),
        deps.attempts.reserve(source, now),
        deps.users.find_by_email(&email)
    );
    if let Some(at) = source? {
        return Err(Error::too_many_attempts(now, at, "Too many requests."));
    }
    if address?.is_some() {
        // This address had its mails for now: the same answer, nothing sent.
        return sent();
    }
    let mail = match user?.filter(|u| u.is_active()) {
        Some(user) => {
            let link = ResetToken::generate().map_err(Error::internal)?;
            deps.recovery
                .store_reset_link(&link.hash, &user.id, now + RESET_LINK_TTL)
                .await?;
            tracing::info!(user_id = %user.id, "password reset link sent");
            account_mail::password_reset(&user, &link.token, &deps.site_url)
        }
        None => account_mail::reset_without_account(&email, locale, &deps.site_url),
    };
    if let Err(e) = deps.mailer.send(&mail).await {
        tracing::error!(error = %e, "password reset mail not sent");
    }
    sent()
}

pub(crate) async fn reset(deps: &Deps, req: &Request) -> HttpResult {
    let mut form = Form::parse(req)?;
    let token = form.required("token", |s| Ok(s.to_owned()));
    let password = form.required("password", Password::parse);
    let (Some(token), Some(password)) = (token, password) else {
        return Err(form.into_error());
    };
    form.finish()?;
    let now = deps.clock.now();
    let invalid = || Error::from(Refusal::ResetLinkInvalid);
    let hash = ResetToken::hash_of(&token).ok_or_else(invalid)?;
    let id = deps
        .recovery
        .reset_link_user(&hash, now)
        .await?
        .ok_or_else(invalid)?;
    let user = deps.users.get(&id).await?.ok_or_else(invalid)?;
    let new_hash = hash_password(&password)?;
    deps.recovery
        .set_password(&user, &new_hash, Some(&hash), now)
        .await?;
    // An invited staff member setting their first password has nothing to be warned of.
    let joining = user.role.is_staff() && !user.email_verified;
    tracing::info!(user_id = %user.id, joining, "password reset");
    if !joining {
        if let Err(e) = deps
            .mailer
            .send(&account_mail::password_changed(&user, &deps.site_url))
            .await
        {
            tracing::error!(user_id = %user.id, error = %e, "password-changed mail not sent");
        }
    }
    http::json(
        StatusCode::OK,
        &json!({ "status": "changed", "staff": user.role.is_staff() }),
    )
}

pub(crate) async fn change(deps: &Deps, req: &Request) -> HttpResult {
    let now = deps.clock.now();
    let keys = deps.signing.get().await?;
    let who = authenticate_session(req, keys, &deps.sessions, now).await?;
    let mut form = Form::parse(req)?;
    let current = form.required("currentPassword", |s| Ok(s.to_owned()));
    let new = form.required("newPassword", Password::parse);
    let (Some(current), Some(new)) = (current, new) else {
        return Err(form.into_error());
    };
    form.finish()?;
    let account = deps
        .users
        .get(&who.user_id)
        .await?
        .ok_or_else(toko::auth::account_gone)?;
    let user = confirm_password(
        deps.users.as_ref(),
        deps.attempts.as_ref(),
        &account,
        &current,
        source_ip(req).as_deref(),
        now,
    )
    .await?;
    deps.recovery
        .set_password(&user, &hash_password(&new)?, None, now)
        .await?;
    // Every session ended with the old version; this device gets one under the new.
    let mut fresh = user.clone();
    fresh.session_version += 1;
    let (token, expires_at) = keys.issue(&fresh, now)?;
    tracing::info!(user_id = %user.id, "password changed");
    if let Err(e) = deps
        .mailer
        .send(&account_mail::password_changed(&user, &deps.site_url))
        .await
    {
        tracing::error!(user_id = %user.id, error = %e, "password-changed mail not sent");
    }
    http::json(
        StatusCode::OK,
        &json!({ "token": token, "expiresAt": rfc3339(expires_at), "user": UserView::from(&fresh) }),
    )
}
