//! How a function gets its dependencies: the process's one SDK configuration (so one
//! HTTP client), the settings read once, and adapters whose clients are built on first
//! use. Each function's `Deps::new` calls these; its `main.rs` and the integration tests
//! call `Deps::new` alike.

use crate::adapters::dynamo::DynamoStore;
use crate::adapters::s3::S3Store;
use crate::adapters::ses::SesMailer;
use crate::aws::Sdk;
use crate::config::{ConfigError, Settings};
use crate::outbox::ReliableMailer;
use crate::ports::Clock;
use std::sync::Arc;

/// The table.
pub fn store(sdk: &Sdk, settings: &Settings) -> Result<Arc<DynamoStore>, ConfigError> {
    Ok(Arc::new(DynamoStore::lazy(sdk, settings.table_name()?)))
}

/// Session checks on the table's profiles.
pub fn sessions(store: Arc<DynamoStore>) -> Arc<crate::sessions::Sessions> {
    Arc::new(crate::sessions::Sessions::new(store))
}

/// Customers' private files.
pub fn files_bucket(sdk: &Sdk, settings: &Settings) -> Result<Arc<S3Store>, ConfigError> {
    Ok(Arc::new(S3Store::lazy(sdk, settings.files_bucket()?)))
}

/// Product pictures.
pub fn media_bucket(sdk: &Sdk, settings: &Settings) -> Result<Arc<S3Store>, ConfigError> {
    Ok(Arc::new(S3Store::lazy(sdk, settings.media_bucket()?)))
}

/// SES as it is: a failed send is the caller's to handle (the outbox's own sender).
pub fn ses(sdk: &Sdk, settings: &Settings) -> Result<Arc<SesMailer>, ConfigError> {
    Ok(Arc::new(
        SesMailer::lazy(sdk, settings.mail_from()?)
            .with_configuration_set(settings.ses_configuration_set()),
    ))
}

/// SES with the table's outbox behind it: a mail SES refuses now is kept and retried.
pub fn reliable_mailer(
    sdk: &Sdk,
    settings: &Settings,
    store: Arc<DynamoStore>,
    clock: Arc<dyn Clock>,
) -> Result<Arc<ReliableMailer>, ConfigError> {
    Ok(Arc::new(ReliableMailer {
        send: ses(sdk, settings)?,
        outbox: store,
        clock,
    }))
}

/// The activity log on the table, naming staff through the function's session checks.
pub fn activity(
    store: Arc<DynamoStore>,
    sessions: Arc<crate::sessions::Sessions>,
    clock: Arc<dyn Clock>,
) -> crate::activity::Recorder {
    crate::activity::Recorder::new(store, sessions, clock)
}
