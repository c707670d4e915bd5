use lambda_http::{service_fn, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    toko::init_tracing();
    // The SDK configuration and the clients are made on first use.
    let sdk = toko::aws::Sdk::lazy();
    let settings = toko::config::Settings::from_env();
    let clock = std::sync::Arc::new(toko::ports::SystemClock);
    let deps = quotes::Deps::new(&sdk, &settings, clock)?;
    lambda_http::run(service_fn(|req| quotes::handle(&deps, req))).await
}
