//! `POST /api/auth/login`: e-mail and password for a signed access token. Forgotten and
//! changed passwords: `recovery.rs`; a change of address: `email.rs`.
//!
//! The answer never tells whether an address has an account: unknown addresses get
//! the same 401 after the same amount of hashing work, and attempts are counted per
//! address whether it exists or not. Each attempt is reserved on its counters (address
//! from this source, address, source: `toko::domain::signin`) before the password is
//! checked, so parallel guesses get no more than the limits; a full counter is 429 with
//! `Retry-After` until its window ends.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use toko::adapters::secrets::SecretsManager;
use toko::auth::{verify_against_dummy, verify_password};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{attempt_counters, rfc3339, Email, UserView};
use toko::http::{self, Form, HttpResult};
use toko::ports::{Clock, LoginAttempts, Mailer, Recovery, SecondFactor, ShopSettings, Users};
use toko::tokens::SigningKeys;
use toko::wiring;
use toko::Error;

use toko::http::source_ip;
use toko::reauth::MAX_PASSWORD_BYTES;

pub struct Deps {
    pub users: Arc<dyn Users>,
    pub attempts: Arc<dyn LoginAttempts>,
    /// Reset links and password changes.
    pub recovery: Arc<dyn Recovery>,
    /// Staff's second factor (`totp.rs`).
    pub second_factor: Arc<dyn SecondFactor>,
    /// Whether admins must use a second factor.
    pub settings: Arc<dyn ShopSettings>,
    /// Reset links and notices (kept in the outbox if SES refuses them).
    pub mailer: Arc<dyn Mailer>,
    /// Whether a token's session still stands (changing a password).
    pub sessions: Arc<toko::sessions::Sessions>,
    /// Public origin of the site, for links in e-mails.
    pub site_url: String,
    /// The token-signing key, from Secrets Manager at the first sign-in of a container.
    pub signing: SigningKeys,
    pub clock: Arc<dyn Clock>,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        Ok(Self {
            users: store.clone(),
            attempts: store.clone(),
            recovery: store.clone(),
            second_factor: store.clone(),
            settings: store.clone(),
            sessions: wiring::sessions(store.clone()),
            mailer: wiring::reliable_mailer(sdk, settings, store, clock.clone())?,
            site_url: settings.site_url()?,
            signing: SigningKeys::new(
                settings.token_keys()?,
                Arc::new(SecretsManager::lazy(sdk)),
                settings.token_signing_secret()?,
            ),
            clock,
        })
    }
}

pub async fn handle(deps: &Deps, req: Request) -> Result<Response<Body>, lambda_http::Error> {
    http::respond(route(deps, &req).await)
}

toko::routes! {
    Deps;
    POST "/api/auth/login" => login,
    POST "/api/auth/forgot" => forgot,
    POST "/api/auth/reset" => reset,
    POST "/api/auth/password" => change,
    POST "/api/auth/email" => change_email,
    POST "/api/auth/totp/setup" => totp_setup,
    POST "/api/auth/totp/enable" => totp_enable,
    POST "/api/auth/totp/disable" => totp_disable,
}

mod email;
mod recovery;
mod totp;
use email::change_email;
use recovery::{change, forgot, reset};
use totp::{disable as totp_disable, enable as totp_enable, setup as totp_setup};

fn invalid_credentials() -> Error {
    Error::unauthorized(
        "invalid_credentials",
        "The e-mail address or password is wrong.",
    )
}

async fn login(deps: &Deps, req: &Request) -> HttpResult {
    let mut form = Form::parse(req)?;
    let email = form.required("email", |s| Ok(s.to_owned()));
    let password = form.required("password", |s| Ok(s.to_owned()));
    // The second factor, for accounts that have one (`totp.rs`).
    let code = form.optional("code", |s| Ok(s.to_owned()));
    let (Some(email), Some(password)) = (email, password) else {
        return Err(form.into_error());
    };
    let Ok(email) = Email::parse(&email) else {
        verify_against_dummy(&password);
        return Err(invalid_credentials());
    };

    let now = deps.clock.now();
    let counters = attempt_counters(&email, source_ip(req).as_deref());
    let [pair, address, source] = &counters;
    let (pair, address, source, user) = tokio::join!(
        deps.attempts.reserve(pair, now),
        deps.attempts.reserve(address, now),
        deps.attempts.reserve(source, now),
        deps.users.find_by_email(&email)
    );
    if let Some(at) = pair?.max(address?).max(source?) {
        return Err(Error::too_many_attempts(
            now,
            at,
            "Too many failed sign-in attempts.",
        ));
    }

    let user = user?;
    let matches = match (&user, password.len() <= MAX_PASSWORD_BYTES) {
        (Some(u), true) => verify_password(&password, &u.password_hash),
        _ => {
            verify_against_dummy(&password);
            false
        }
    };
    // A failure keeps its reservations: they are the count.
    let Some(user) = user.filter(|_| matches) else {
        return Err(invalid_credentials());
    };
    // A deactivated staff account gets no new session (nor keeps its old ones).
    if !user.is_active() {
        return Err(Error::forbidden(
            "account_disabled",
            "This account is disabled. Please ask the shop's admin.",
        ));
    }
    let release = || async {
        let [pair, address, source] = &counters;
        let (pair, address, source) = tokio::join!(
            deps.attempts.release(pair),
            deps.attempts.release(address),
            deps.attempts.release(source)
        );
        pair.and(address).and(source)
    };
    // The password was right: asking for the code is not a failed attempt.
    if user.two_factor && code.is_none() {
        release().await?;
        return Err(totp::required());
    }
    // A wrong or replayed code keeps its reservations: they are the count.
    let gate = totp::gate(deps, &user, code.as_deref(), now).await?;
    release().await?;
    let keys = deps.signing.get().await?;
    let (token, expires_at) = match gate {
        totp::Gate::Full => keys.issue(&user, now)?,
        totp::Gate::EnrolOnly => keys.issue_enrolment(&user, now)?,
    };
    let enrol_only = matches!(gate, totp::Gate::EnrolOnly);
    tracing::info!(user_id = %user.id, role = user.role.as_str(), enrol_only, "signed in");
    http::json(
        StatusCode::OK,
        &json!({
            "token": token,
            "expiresAt": rfc3339(expires_at),
            "user": UserView::from(&user),
            "secondFactorSetupRequired": enrol_only,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_http::http;
    use toko::auth::hash_password;
    use toko::domain::{AccountStatus, Password, PersonName, Role, User};
    use toko::fakes::{FixedClock, MemoryAttempts, MemoryUsers};

    async fn deps_with(email: &str, password: &str) -> Deps {
        let users = Arc::new(MemoryUsers::default());
        let user = User::new(
            Email::parse(email).expect("email"),
            PersonName::parse("Ana").expect("name"),
            hash_password(&Password::parse(password).expect("pw")).expect("hash"),
            Role::Customer,
            AccountStatus::Approved,
            time::OffsetDateTime::UNIX_EPOCH,
        );
        users.create(&user).await.expect("create");
        let recovery = Arc::new(toko::fakes::MemoryRecovery::new(users.clone()));
        Deps {
            recovery: recovery.clone(),
            second_factor: recovery,
            settings: Arc::new(toko::fakes::MemorySettings::default()),
            sessions: Arc::new(toko::sessions::Sessions::new(users.clone())),
            mailer: Arc::new(toko::fakes::MemoryMailer::default()),
            site_url: "https://shop.test".into(),
            users,
            attempts: Arc::new(MemoryAttempts::default()),
            signing: SigningKeys::ready(
                toko::auth::TokenKeys::new(&[3u8; 32], time::Duration::hours(1)).expect("keys"),
            ),
            clock: Arc::new(FixedClock::new(time::OffsetDateTime::now_utc())),
        }
    }

    async fn login(deps: &Deps, email: &str, password: &str) -> StatusCode {
        let body = json!({ "email": email, "password": password }).to_string();
        let req = http::Request::builder()
            .method("POST")
            .uri("/api/auth/login")
            .body(Body::from(body))
            .expect("request");
        handle(deps, req).await.expect("handled").status()
    }

    #[tokio::test]
    async fn over_long_passwords_are_refused_without_matching() {
        let deps = deps_with("ana@example.com", "password123").await;
        let long = "p".repeat(MAX_PASSWORD_BYTES + 1);
        assert_eq!(
            login(&deps, "ana@example.com", &long).await,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            login(&deps, "ana@example.com", "password123").await,
            StatusCode::OK
        );
    }

    #[tokio::test]
    async fn the_lockout_counts_failures_not_successes() {
        let deps = deps_with("ana@example.com", "password123").await;
        for _ in 0..toko::domain::PER_ADDRESS_AND_SOURCE {
            assert_eq!(
                login(&deps, "ANA@example.com", "nope-nope").await,
                StatusCode::UNAUTHORIZED
            );
        }
        assert_eq!(
            login(&deps, "ana@example.com", "password123").await,
            StatusCode::TOO_MANY_REQUESTS
        );
    }

    #[test]
    fn the_source_is_cloudfronts_viewer_address_without_the_port() {
        let with = |v: &str| {
            let req = http::Request::builder()
                .header("cloudfront-viewer-address", v)
                .body(Body::Empty)
                .expect("request");
            source_ip(&req)
        };
        assert_eq!(with("203.0.113.7:46532").as_deref(), Some("203.0.113.7"));
        assert_eq!(with("2001:db8::1:46532").as_deref(), Some("2001:db8::1"));
        assert_eq!(with("[2001:db8::1]:443").as_deref(), Some("2001:db8::1"));
        let none = http::Request::builder().body(Body::Empty).expect("request");
        assert_eq!(source_ip(&none), None);
    }
}
