use lambda_http::{service_fn, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    toko::init_tracing();
    let sdk = toko::aws::load().await;
    let deps = analytics::Deps::from_env(&sdk)?;
    lambda_http::run(service_fn(|req| analytics::handle(&deps, req))).await
}
