use lambda_http::lambda_runtime::{self, service_fn, Error, LambdaEvent};

#[tokio::main]
async fn main() -> Result<(), Error> {
    toko::init_tracing();
    // The SDK configuration and the clients are made on first use.
    let sdk = toko::aws::Sdk::lazy();
    let settings = toko::config::Settings::from_env();
    let clock = std::sync::Arc::new(toko::ports::SystemClock);
    let deps = bounces::Deps::new(&sdk, &settings, clock)?;
    lambda_runtime::run(service_fn(|event: LambdaEvent<serde_json::Value>| {
        bounces::handle(&deps, event.payload)
    }))
    .await
}
