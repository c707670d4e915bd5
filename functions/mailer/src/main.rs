use lambda_http::lambda_runtime::{self, service_fn, Error, LambdaEvent};

#[tokio::main]
async fn main() -> Result<(), Error> {
    toko::init_tracing();
    let sdk = toko::aws::load().await;
    let deps = mailer::Deps::from_env(&sdk)?;
    lambda_runtime::run(service_fn(|event: LambdaEvent<serde_json::Value>| {
        mailer::handle(&deps, event.payload)
    }))
    .await
}
