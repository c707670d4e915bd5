//! `POST /api/auth/email` `{newEmail, password}` (signed in, any role): moving the
//! account to another address. The password is confirmed (counted like sign-ins); the
//! new address gets a link (24 hours) that makes the change (`POST /api/auth/verify`,
//! the `register` function), the current one a notice. When the new address already has
//! an account, its owner is told someone tried and no link is made; the answer is the
//! same 202 either way. At most 3 requests per account per window (429 after).

use crate::Deps;
use lambda_http::http::StatusCode;
use lambda_http::Request;
use serde_json::json;
use toko::account_mail;
use toko::auth::authenticate_session;
use toko::domain::{email_change_counter, Email, ResetToken, EMAIL_CHANGE_LINK_TTL};
use toko::http::{self, source_ip, Form, HttpResult};
use toko::reauth::confirm_password;
use toko::Error;

pub(crate) async fn change_email(deps: &Deps, req: &Request) -> HttpResult {
    let now = deps.clock.now();
    let keys = deps.signing.get().await?;
    let who = authenticate_session(req, keys, &deps.sessions, now).await?;
    let mut form = Form::parse(req)?;
    let new = form.required("newEmail", Email::parse);
    let password = form.required("password", |s| Ok(s.to_owned()));
    let account = deps
        .users
        .get(&who.user_id)
        .await?
        .ok_or_else(toko::auth::account_gone)?;
    if new.as_ref() == Some(&account.email) {
        form.reject("newEmail", "is the address the account has");
    }
    let (Some(new), Some(password)) = (new, password) else {
        return Err(form.into_error());
    };
    form.finish()?;
    let user = confirm_password(
        deps.users.as_ref(),
        deps.attempts.as_ref(),
        &account,
        &password,
        source_ip(req).as_deref(),
        now,
    )
    .await?;
    if let Some(frees) = deps
        .attempts
        .reserve(&email_change_counter(&user.email), now)
        .await?
    {
        return Err(Error::too_many_attempts(
            now,
            frees,
            "The address was asked to change several times already.",
        ));
    }
    let mails = match deps.users.find_by_email(&new).await? {
        Some(_) => vec![account_mail::registration_attempt(
            &new,
            user.locale,
            &deps.site_url,
        )],
        None => {
            let link = ResetToken::generate().map_err(Error::internal)?;
            deps.recovery
                .store_verify_link(
                    &link.hash,
                    &user.id,
                    Some(&new),
                    now + EMAIL_CHANGE_LINK_TTL,
                )
                .await?;
            vec![
                account_mail::confirm_new_address(&user, &new, &link.token, &deps.site_url),
                account_mail::address_change_requested(&user, &new, &deps.site_url),
            ]
        }
    };
    for mail in &mails {
        if let Err(e) = deps.mailer.send(mail).await {
            tracing::error!(user_id = %user.id, error = %e, "address-change mail not sent");
        }
    }
    tracing::info!(user_id = %user.id, "address change asked");
    http::json(StatusCode::ACCEPTED, &json!({ "status": "sent" }))
}
