//! Staff management, for admins (`toko::domain::staff`).
//! - `GET /api/admin/staff`: every staff account (role, active, joined, two-step).
//! - `POST /api/admin/staff` `{email, name, role, locale?}`: makes the account and mails
//!   an invitation with a link to set a password (72 hours); 409 `email_taken`.
//! - `PUT /api/admin/staff/{id}` `{role?, active?}`: changes the role or deactivates /
//!   reactivates; the account's sessions end (within the session cache's minute). 409
//!   `own_account` for one's own account; 404 for anything that is not staff.
//! - `POST /api/admin/staff/{id}/invite`: a new invitation link for someone who has not
//!   set a password yet (409 `already_joined` otherwise).
//! - `GET /api/admin/activity?by=&area=&cursor=&limit=` (admins, managers): the activity
//!   log, newest first (`toko::domain::activity`).
//!
//! Each change here is recorded in the activity log.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use toko::account_mail;
use toko::activity::Recorder;
use toko::auth::{authenticate_session, hash_password, Principal, TokenKeys};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{
    changes, invited, plan_change, Action, ActivityFilter, Area, Email, Locale, Missing, Password,
    Permission, PersonName, RecordRef, Refusal, ResetToken, Role, StaffChange, StaffView, User,
    UserId, INVITE_LINK_TTL,
};
use toko::http::{self, Form, HttpResult};
use toko::ports::{ActivityLog, Clock, Mailer, Recovery, StaffRoster, Users};
use toko::wiring;
use toko::Error;

pub struct Deps {
    pub users: Arc<dyn Users>,
    pub roster: Arc<dyn StaffRoster>,
    /// Invitation links (the same one-time links as password resets, longer lived).
    pub recovery: Arc<dyn Recovery>,
    /// Invitations (kept in the outbox if SES refuses them).
    pub mailer: Arc<dyn Mailer>,
    pub keys: TokenKeys,
    pub sessions: Arc<toko::sessions::Sessions>,
    /// Public origin of the site, for the link in the invitation.
    pub site_url: String,
    pub clock: Arc<dyn Clock>,
    /// The activity log: read here, and written with each change.
    pub log: Arc<dyn ActivityLog>,
    pub activity: Recorder,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        let sessions = wiring::sessions(store.clone());
        Ok(Self {
            users: store.clone(),
            roster: store.clone(),
            recovery: store.clone(),
            log: store.clone(),
            activity: wiring::activity(store.clone(), sessions.clone(), clock.clone()),
            sessions,
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
    GET "/api/admin/staff" => list,
    POST "/api/admin/staff" => invite,
    PUT "/api/admin/staff/{id}" => change(id),
    POST "/api/admin/staff/{id}/invite" => reinvite(id),
    GET "/api/admin/activity" => activity_log,
}

async fn admin(deps: &Deps, req: &Request) -> Result<Principal, Error> {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(Permission::Staff)?;
    Ok(who)
}

async fn staff_member(deps: &Deps, id: &str) -> Result<User, Error> {
    let missing = || Error::from(Refusal::NotFound(Missing::Staff));
    let id = UserId::parse(id).ok_or_else(missing)?;
    deps.users
        .get(&id)
        .await?
        .filter(|u| u.role.is_staff())
        .ok_or_else(missing)
}

/// Whether the account may work, as the log says it.
fn yes_no(u: &User) -> String {
    (if StaffView::from(u).active {
        "yes"
    } else {
        "no"
    })
    .to_owned()
}

fn staff_role(raw: &str) -> Result<Role, &'static str> {
    match Role::parse(raw) {
        Ok(r) if r.is_staff() => Ok(r),
        _ => Err("must be one of operator, marketing, manager, admin"),
    }
}

async fn list(deps: &Deps, req: &Request) -> HttpResult {
    admin(deps, req).await?;
    let staff = deps.roster.staff().await?;
    let items: Vec<StaffView> = staff.iter().map(StaffView::from).collect();
    http::json(StatusCode::OK, &json!({ "items": items }))
}

/// Mails `user` a fresh set-password link (the invitation).
async fn send_invitation(deps: &Deps, user: &User, by: &User) -> Result<(), Error> {
    let now = deps.clock.now();
    let link = ResetToken::generate().map_err(Error::internal)?;
    deps.recovery
        .store_reset_link(&link.hash, &user.id, now + INVITE_LINK_TTL)
        .await?;
    let mail = account_mail::staff_invite(user, by.name.as_str(), &link.token, &deps.site_url);
    if let Err(e) = deps.mailer.send(&mail).await {
        tracing::error!(user_id = %user.id, error = %e, "staff invitation not sent");
    }
    Ok(())
}

async fn me(deps: &Deps, who: &Principal) -> Result<User, Error> {
    deps.users
        .get(&who.user_id)
        .await?
        .ok_or_else(|| Error::from(Refusal::NotAllowed))
}

async fn invite(deps: &Deps, req: &Request) -> HttpResult {
    let who = admin(deps, req).await?;
    let mut form = Form::parse(req)?;
    let email = form.required("email", Email::parse);
    let name = form.required("name", PersonName::parse);
    let role = form.required("role", staff_role);
    let locale = form.optional("locale", Locale::parse).unwrap_or_default();
    let (Some(email), Some(name), Some(role)) = (email, name, role) else {
        return Err(form.into_error());
    };
    form.finish()?;
    // Nobody knows this password: the account signs in once its owner sets one.
    let secret = ResetToken::generate().map_err(Error::internal)?;
    let unusable = Password::parse(&secret.token).map_err(Error::internal)?;
    let user = invited(
        email,
        name,
        role,
        locale,
        hash_password(&unusable)?,
        deps.clock.now(),
    );
    deps.users.create(&user).await?;
    tracing::info!(user_id = %user.id, role = role.as_str(), by = %who.user_id, "staff invited");
    send_invitation(deps, &user, &me(deps, &who).await?).await?;
    let record = RecordRef::new("staff", &user.id).labelled(user.name.as_str());
    let change = format!("role: {}", role.as_str());
    deps.activity
        .record(&who, Action::StaffInvited, record, &change)
        .await;
    http::json(StatusCode::CREATED, &StaffView::from(&user))
}

async fn change(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = admin(deps, req).await?;
    let mut form = Form::parse(req)?;
    let role = form.optional("role", staff_role);
    let active = form.has("active").then(|| form.flag("active", true));
    form.finish()?;
    let target = staff_member(deps, id).await?;
    let changed = match plan_change(&who.user_id, &target, StaffChange { role, active })? {
        None => target,
        Some((role, status)) => {
            let u = deps
                .roster
                .change_staff(&target.id, role, status, &who.user_id)
                .await?;
            tracing::info!(user_id = %u.id, role = role.as_str(), status = status.as_str(), by = %who.user_id, "staff access changed");
            let change = changes(&[
                ("role", target.role.as_str().into(), u.role.as_str().into()),
                ("active", yes_no(&target), yes_no(&u)),
            ]);
            let record = RecordRef::new("staff", &u.id).labelled(u.name.as_str());
            deps.activity
                .record(&who, Action::StaffChanged, record, &change)
                .await;
            u
        }
    };
    http::json(StatusCode::OK, &StaffView::from(&changed))
}

async fn reinvite(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = admin(deps, req).await?;
    let target = staff_member(deps, id).await?;
    if target.email_verified {
        return Err(Refusal::AlreadyJoined.into());
    }
    send_invitation(deps, &target, &me(deps, &who).await?).await?;
    let record = RecordRef::new("staff", &target.id).labelled(target.name.as_str());
    deps.activity
        .record(&who, Action::StaffInvitedAgain, record, "")
        .await;
    http::json(StatusCode::ACCEPTED, &json!({ "status": "sent" }))
}

async fn activity_log(deps: &Deps, req: &Request) -> HttpResult {
    authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now())
        .await?
        .require_to(Permission::Activity)?;
    let q = http::query(req);
    let bad = |m: &str| Error::bad_request("invalid_query", m.to_owned());
    let by = match q.get("by").map(String::as_str) {
        None | Some("") => None,
        Some(raw) => Some(UserId::parse(raw).ok_or_else(|| bad("by must be a staff id."))?),
    };
    let area = match q.get("area").map(String::as_str) {
        None | Some("") => None,
        Some(raw) => Some(Area::parse(raw).map_err(|m| bad(&format!("area {m}.")))?),
    };
    let page = deps
        .log
        .activities(&ActivityFilter { by, area }, &http::page_request(&q)?)
        .await?;
    http::json(
        StatusCode::OK,
        &json!({ "items": page.items, "nextCursor": page.next_cursor }),
    )
}
