use lambda_http::{service_fn, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    toko::init_tracing();
    let sdk = toko::aws::load().await;
    let settings = toko::config::Settings::from_env();
    let clock = std::sync::Arc::new(toko::ports::SystemClock);
    let deps = login::Deps::new(&sdk, &settings, clock)?;
    lambda_http::run(service_fn(|req| login::handle(&deps, req))).await
}
