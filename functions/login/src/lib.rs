//! `POST /api/auth/login`: e-mail and password for a signed access token.
//!
//! The answer never tells whether an address has an account: unknown addresses get
//! the same 401 after the same amount of hashing work, and the lock-out after
//! [`MAX_FAILURES`] failures in [`WINDOW`] counts per address whether it exists or not.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use time::Duration;
use toko::auth::{verify_against_dummy, verify_password, TokenKeys};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{rfc3339, Email, UserView};
use toko::http::{self, Form, HttpResult};
use toko::ports::{Clock, LoginAttempts, Users};
use toko::wiring;
use toko::Error;

/// Failed sign-ins allowed per address within [`WINDOW`]; the next one gets 429.
pub const MAX_FAILURES: u32 = 5;
pub const WINDOW: Duration = Duration::minutes(15);
/// Longer inputs are never a valid password (and would only cost hashing time).
const MAX_PASSWORD_BYTES: usize = 1024;

pub struct Deps {
    pub users: Arc<dyn Users>,
    pub attempts: Arc<dyn LoginAttempts>,
    pub keys: TokenKeys,
    pub clock: Arc<dyn Clock>,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        Ok(Self {
            users: store.clone(),
            attempts: store,
            keys: settings.token_keys()?,
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
}

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
    let (Some(email), Some(password)) = (email, password) else {
        return Err(form.into_error());
    };
    let Ok(email) = Email::parse(&email) else {
        verify_against_dummy(&password);
        return Err(invalid_credentials());
    };

    let now = deps.clock.now();
    let since = now - WINDOW;
    let (failures, user) = tokio::join!(
        deps.attempts.failures_since(&email, since),
        deps.users.find_by_email(&email)
    );
    if failures? >= MAX_FAILURES {
        return Err(Error::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            "Too many failed sign-in attempts. Please wait 15 minutes and try again.",
        )
        .with_retry_after(WINDOW.whole_seconds().unsigned_abs()));
    }

    let user = user?;
    let matches = match (&user, password.len() <= MAX_PASSWORD_BYTES) {
        (Some(u), true) => verify_password(&password, &u.password_hash),
        _ => {
            verify_against_dummy(&password);
            false
        }
    };
    let Some(user) = user.filter(|_| matches) else {
        deps.attempts.record_failure(&email, now, since).await?;
        return Err(invalid_credentials());
    };

    if deps.attempts.failures_since(&email, since).await? > 0 {
        deps.attempts.clear(&email).await?;
    }
    let (token, expires_at) = deps.keys.issue(&user, now)?;
    tracing::info!(user_id = %user.id, role = user.role.as_str(), "signed in");
    http::json(
        StatusCode::OK,
        &json!({
            "token": token,
            "expiresAt": rfc3339(expires_at),
            "user": UserView::from(&user),
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
        Deps {
            users,
            attempts: Arc::new(MemoryAttempts::default()),
            keys: TokenKeys::new(&[3u8; 32], Duration::hours(1)).expect("keys"),
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
        for _ in 0..MAX_FAILURES {
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
}
