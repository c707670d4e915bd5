//! The shop's payment settings (admin): `GET|PUT /api/admin/settings/payment`
//! `{accounts: [{bank, number, holder}], windowHours}`; its security settings; its
//! storefront (`toko::domain::storefront`); its shipping table (`toko::domain::shipping`).

use crate::Deps;
use lambda_http::http::StatusCode;
use lambda_http::Request;
use toko::auth::authenticate_session;
use toko::domain::{
    parse_window_hours, BankAccount, PaymentSettings, ShippingRates, Storefront, MAX_ACCOUNTS,
};
use toko::http::{self, Form, HttpResult};

pub(crate) async fn payment_settings(deps: &Deps, req: &Request) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(toko::domain::Permission::Settings)?;
    http::json(StatusCode::OK, &deps.settings.payment_settings().await?)
}

pub(crate) async fn set_payment_settings(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(toko::domain::Permission::Settings)?;
    let mut form = Form::parse(req)?;
    let window = form.value("windowHours", parse_window_hours);
    let mut accounts = Vec::new();
    match form.raw("accounts").cloned() {
        None => form.reject("accounts", "is required"),
        Some(raw) => match raw.as_array().filter(|a| a.len() <= MAX_ACCOUNTS) {
            None => form.reject("accounts", "must be a list of at most 5 accounts"),
            Some(list) => {
                for (i, a) in list.iter().enumerate() {
                    let text = |k: &str| a[k].as_str().unwrap_or("");
                    match BankAccount::parse(text("bank"), text("number"), text("holder")) {
                        Ok(account) => accounts.push(account),
                        Err((field, message)) => {
                            form.reject(format!("accounts[{i}].{field}"), message)
                        }
                    }
                }
            }
        },
    }
    let Some(window_hours) = window else {
        return Err(form.into_error());
    };
    form.finish()?;
    let settings = PaymentSettings {
        accounts,
        window_hours,
    };
    let before = deps.settings.payment_settings().await?;
    deps.settings.set_payment_settings(&settings).await?;
    deps.activity
        .settings_changed(&who, "payment", &before, &settings)
        .await;
    http::json(StatusCode::OK, &settings)
}

/// `GET /api/admin/settings/security` (admin): whether admins must use two-step sign-in.
pub(crate) async fn security_settings(deps: &Deps, req: &Request) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(toko::domain::Permission::Settings)?;
    http::json(StatusCode::OK, &deps.settings.security_settings().await?)
}

/// `PUT /api/admin/settings/security` `{requireAdminTotp}` (admin). Only an admin who
/// signs in with a second factor may turn the rule on (so nobody locks the shop out of
/// its own console); admins without one get a set-up-only session at their next sign-in.
pub(crate) async fn set_security_settings(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(toko::domain::Permission::Settings)?;
    let mut form = Form::parse(req)?;
    let require = form.value("requireAdminTotp", |v| {
        v.as_bool().ok_or("must be true or false")
    });
    if require == Some(true) {
        let me = deps.users.get(&who.user_id).await?;
        if !me.is_some_and(|u| u.two_factor) {
            form.reject(
                "requireAdminTotp",
                "turn on two-step sign-in for your own account first",
            );
        }
    }
    let Some(require) = require else {
        return Err(form.into_error());
    };
    form.finish()?;
    let settings = toko::domain::SecuritySettings {
        require_admin_totp: require,
    };
    let before = deps.settings.security_settings().await?;
    deps.settings.set_security_settings(&settings).await?;
    deps.activity
        .settings_changed(&who, "security", &before, &settings)
        .await;
    http::json(StatusCode::OK, &settings)
}

/// `GET /api/admin/settings/storefront` (admin): what the site shows of the shop.
pub(crate) async fn storefront(deps: &Deps, req: &Request) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(toko::domain::Permission::Settings)?;
    http::json(StatusCode::OK, &deps.settings.storefront().await?)
}

/// `PUT /api/admin/settings/storefront` (admin): the whole storefront (contact, texts in
/// English and Indonesian, categories); what is left empty the site shows its default
/// for. Every problem is answered at once, by its path (`faq[2].answer.id`).
pub(crate) async fn set_storefront(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(toko::domain::Permission::Settings)?;
    let mut form = Form::parse(req)?;
    let known = [
        "phone",
        "whatsapp",
        "email",
        "hours",
        "about",
        "howToBuy",
        "faq",
        "categories",
    ];
    let body = serde_json::Value::Object(
        known
            .iter()
            .filter_map(|k| form.raw(k).map(|v| ((*k).to_owned(), v.clone())))
            .collect(),
    );
    let storefront = match Storefront::parse(&body) {
        Ok(s) => s,
        Err(problems) => {
            for (field, message) in problems {
                form.reject(field, message);
            }
            return Err(form.into_error());
        }
    };
    let before = deps.settings.storefront().await?;
    deps.settings.set_storefront(&storefront).await?;
    deps.activity
        .settings_changed(&who, "storefront", &before, &storefront)
        .await;
    http::json(StatusCode::OK, &storefront)
}

/// `GET /api/admin/settings/shipping` (admin): the shipping table (the deployment's flat
/// rate until one is set).
pub(crate) async fn shipping(deps: &Deps, req: &Request) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(toko::domain::Permission::Settings)?;
    http::json(StatusCode::OK, &current_shipping(deps).await?)
}

async fn current_shipping(deps: &Deps) -> Result<ShippingRates, toko::Error> {
    Ok(toko::ports::shipping_or_flat(&*deps.settings, deps.shipping_cost).await?)
}

/// `PUT /api/admin/settings/shipping` `{flat, cities: [{city, cost}], freeFrom?}` (admin):
/// every problem at once, by its path (`cities[2].cost`); nothing written then.
pub(crate) async fn set_shipping(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(toko::domain::Permission::Settings)?;
    let mut form = Form::parse(req)?;
    let body = serde_json::Value::Object(
        ["flat", "cities", "freeFrom"]
            .iter()
            .filter_map(|k| form.raw(k).map(|v| ((*k).to_owned(), v.clone())))
            .collect(),
    );
    let rates = match ShippingRates::parse(&body) {
        Ok(r) => r,
        Err(problems) => {
            for (field, message) in problems {
                form.reject(field, message);
            }
            return Err(form.into_error());
        }
    };
    form.finish()?;
    let before = current_shipping(deps).await?;
    deps.settings.set_shipping_rates(&rates).await?;
    deps.activity
        .settings_changed(&who, "shipping", &before, &rates)
        .await;
    http::json(StatusCode::OK, &rates)
}

/// `GET /api/admin/settings/digest` (admin): how often staff get the digest of new work.
pub(crate) async fn digest(deps: &Deps, req: &Request) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(toko::domain::Permission::Settings)?;
    http::json(StatusCode::OK, &deps.settings.digest_settings().await?)
}

/// `PUT /api/admin/settings/digest` `{mode: "off" | "each" | "hourly"}` (admin).
pub(crate) async fn set_digest(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(toko::domain::Permission::Settings)?;
    let mut form = Form::parse(req)?;
    let mode = form.required("mode", toko::domain::DigestMode::parse);
    let Some(mode) = mode else {
        return Err(form.into_error());
    };
    form.finish()?;
    let settings = toko::domain::DigestSettings { mode };
    let before = deps.settings.digest_settings().await?;
    deps.settings.set_digest_settings(&settings).await?;
    deps.activity
        .settings_changed(&who, "digest", &before, &settings)
        .await;
    http::json(StatusCode::OK, &settings)
}
