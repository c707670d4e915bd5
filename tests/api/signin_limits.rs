//! Abuse limits on sign-in, with real parallel requests: attempts are reserved before the
//! password is checked (so parallel guesses get no more than the limit), counted per
//! address from a source, per address and per source, and every lock lifts by itself.

use crate::helpers::{read, request, spawn_app, unique_email, TestApp, TestResponse};
use futures::future::join_all;
use lambda_http::aws_lambda_events::apigw::{
    ApiGatewayV2httpRequestContext, ApiGatewayV2httpRequestContextHttpDescription,
};
use lambda_http::http::StatusCode;
use lambda_http::request::RequestContext;
use serde_json::json;
use time::Duration;
use toko::domain::{PER_ADDRESS, PER_ADDRESS_AND_SOURCE, PER_SOURCE};

/// Signs in as API Gateway delivers it: with the caller's address in the context.
async fn login_from(app: &TestApp, ip: &str, email: &str, password: &str) -> TestResponse {
    let body = json!({ "email": email, "password": password }).to_string();
    let mut req = request("POST", "/api/auth/login", None, Some(body));
    let mut http = ApiGatewayV2httpRequestContextHttpDescription::default();
    http.source_ip = Some(ip.to_owned());
    let mut ctx = ApiGatewayV2httpRequestContext::default();
    ctx.http = http;
    req.extensions_mut()
        .insert(RequestContext::ApiGatewayV2(ctx));
    read(login::handle(&app.login, req).await.expect("handled")).await
}

fn count(responses: &[TestResponse], status: StatusCode) -> usize {
    responses.iter().filter(|r| r.status == status).count()
}

#[tokio::test]
async fn twenty_parallel_guesses_get_no_more_than_the_limit() {
    let app = spawn_app().await;
    let (_, email, password) = app.registered_customer("guess").await;

    let guesses = join_all((0..20).map(|i| {
        login_from(
            &app,
            "198.51.100.1",
            &email,
            if i % 2 == 0 { "aaaaaaaaa" } else { "bbbbbbbbb" },
        )
    }))
    .await;

    let checked = count(&guesses, StatusCode::UNAUTHORIZED);
    let refused = count(&guesses, StatusCode::TOO_MANY_REQUESTS);
    println!("20 parallel guesses: {checked} checked, {refused} refused");
    assert!(
        checked <= PER_ADDRESS_AND_SOURCE as usize,
        "{checked} passwords checked"
    );
    assert_eq!(checked + refused, 20);
    let r = guesses
        .iter()
        .find(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .expect("a 429");
    assert_eq!(r.code(), "too_many_attempts");
    let wait: i64 = r.headers["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=900).contains(&wait), "{wait}");
    // Even the right password waits, from this source.
    let right = login_from(&app, "198.51.100.1", &email, &password).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn one_attacker_cannot_lock_the_owner_out_and_no_lock_is_permanent() {
    let app = spawn_app().await;
    let (_, email, password) = app.registered_customer("owner").await;
    for _ in 0..10 {
        login_from(&app, "203.0.113.66", &email, "not the password").await;
    }
    let attacker = login_from(&app, "203.0.113.66", &email, &password).await;
    assert_eq!(attacker.status, StatusCode::TOO_MANY_REQUESTS);

    let owner = login_from(&app, "192.0.2.10", &email, &password).await;
    assert_eq!(owner.status, StatusCode::OK, "{:?}", owner.body);

    app.advance(Duration::minutes(16));
    let later = login_from(&app, "203.0.113.66", &email, &password).await;
    assert_eq!(later.status, StatusCode::OK, "the lock lifted by itself");
}

#[tokio::test]
async fn one_source_guessing_many_addresses_is_stopped_others_are_not() {
    let app = spawn_app().await;
    let tries = PER_SOURCE as usize + 5;
    let addresses: Vec<String> = (0..tries).map(|_| unique_email("spray")).collect();
    let sprayed = join_all(
        addresses
            .iter()
            .map(|a| login_from(&app, "198.51.100.99", a, "Password123")),
    )
    .await;
    let checked = count(&sprayed, StatusCode::UNAUTHORIZED);
    assert!(checked <= PER_SOURCE as usize, "{checked} checked");
    assert_eq!(
        count(&sprayed, StatusCode::TOO_MANY_REQUESTS),
        tries - checked
    );

    let (_, email, password) = app.registered_customer("bystander").await;
    let elsewhere = login_from(&app, "192.0.2.77", &email, &password).await;
    assert_eq!(elsewhere.status, StatusCode::OK);
}

#[tokio::test]
async fn guesses_from_many_sources_are_capped_per_address() {
    let app = spawn_app().await;
    let (_, email, _) = app.registered_customer("botnet").await;
    let sources: Vec<String> = (0..PER_ADDRESS + 5)
        .map(|i| format!("10.9.{}.{}", i / 200, i % 200))
        .collect();
    let guesses = join_all(
        sources
            .iter()
            .map(|ip| login_from(&app, ip, &email, "not the password")),
    )
    .await;
    let checked = count(&guesses, StatusCode::UNAUTHORIZED);
    assert!(checked <= PER_ADDRESS as usize, "{checked} checked");
    assert!(count(&guesses, StatusCode::TOO_MANY_REQUESTS) >= 5);
}

/// The median of some durations, in microseconds.
fn median(mut d: Vec<u128>) -> u128 {
    d.sort_unstable();
    d[d.len() / 2]
}

/// One round: 40 accounts and 40 unknown addresses, one wrong try each, from 80 sources
/// (no limit is reached), interleaved so that drift in the machine's load hits both
/// alike. The medians with and without an account, and the noise: how far apart two
/// halves of the same kind of try are.
async fn timing_round(app: &TestApp, round: usize) -> (u128, u128, u128) {
    let mut known = Vec::new();
    for i in 0..40 {
        let (user, _) = app
            .signed_in(
                toko::domain::Role::Customer,
                toko::domain::AccountStatus::Approved,
            )
            .await;
        known.push((
            user.email.as_str().to_owned(),
            format!("198.51.{round}.{i}"),
        ));
    }
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for (i, (email, ip)) in known.iter().enumerate() {
        let start = std::time::Instant::now();
        let r = login_from(app, ip, email, "not the password").await;
        with.push(start.elapsed().as_micros());
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let stranger = unique_email(&format!("nobody{round}x{i}"));
        let start = std::time::Instant::now();
        let r = login_from(
            app,
            &format!("203.0.{round}.{i}"),
            &stranger,
            "not the password",
        )
        .await;
        without.push(start.elapsed().as_micros());
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.body["code"], "invalid_credentials");
    }
    let (even, odd): (Vec<_>, Vec<_>) = with.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let noise = median(even.into_iter().map(|(_, d)| *d).collect())
        .abs_diff(median(odd.into_iter().map(|(_, d)| *d).collect()));
    (median(with), median(without), noise)
}

#[tokio::test]
async fn a_wrong_password_takes_as_long_for_an_address_without_an_account() {
    let app = spawn_app().await;
    // The other tests run beside this one on two cores: a round they disturb is measured
    // again (at most three). A real difference shows in every round.
    let mut rounds = Vec::new();
    for round in 0..3 {
        let (a, b, noise) = timing_round(&app, round).await;
        let diff = a.abs_diff(b);
        rounds.push(format!(
            "with an account {a} µs, without {b} µs: {diff} µs apart (noise {noise} µs)"
        ));
        if diff <= noise.max(a / 10) {
            return;
        }
    }
    panic!("every round differs: {rounds:#?}");
}
