//! The one error type: an HTTP status, a stable machine-readable `code`, a human
//! `detail`, optional field errors, and (never sent to clients) an internal cause.

use crate::domain::Refusal;
use crate::ports::PortError;
use lambda_http::http::StatusCode;
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

pub struct Error {
    pub status: StatusCode,
    pub code: &'static str,
    pub detail: String,
    pub errors: Vec<FieldError>,
    /// Seconds a client should wait (sets `Retry-After`).
    pub retry_after: Option<u64>,
    cause: Option<Cause>,
}

impl Error {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            status,
            code,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after: None,
            cause: None,
        }
    }

    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }

    pub fn unauthorized(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, detail)
    }

    pub fn forbidden(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", detail)
    }

    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, detail)
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            "Some fields are missing or invalid.",
        );
        e.errors = errors;
        e
    }

    /// A failure of ours (a bug or a broken dependency). The cause is logged, never sent.
    pub fn internal(cause: impl Into<Cause>) -> Self {
        let mut e = Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Something went wrong on our side. Please try again.",
        );
        e.cause = Some(cause.into());
        e
    }

    /// A dependency (database, mail) did not answer in time: the client may retry.
    pub fn unavailable(cause: impl Into<Cause>) -> Self {
        let mut e = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "service_unavailable",
            "The service is temporarily unavailable. Please try again shortly.",
        );
        e.cause = Some(cause.into());
        e.retry_after = Some(1);
        e
    }

    /// 429 `too_many_attempts` until `frees` (an attempt counter's window), with
    /// `Retry-After`; `what` says which limit it was.
    pub fn too_many_attempts(
        now: time::OffsetDateTime,
        frees: time::OffsetDateTime,
        what: &str,
    ) -> Self {
        let wait = (frees - now).whole_seconds().max(1).unsigned_abs();
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            format!(
                "{what} Please wait {} minutes and try again.",
                wait.div_ceil(60)
            ),
        )
        .with_retry_after(wait)
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn cause(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.cause.as_deref()
    }

    /// The human title for the status, as RFC 9457 suggests.
    pub fn title(&self) -> &'static str {
        self.status.canonical_reason().unwrap_or("Error")
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("status", &self.status.as_u16())
            .field("code", &self.code)
            .field("detail", &self.detail)
            .field("cause", &self.cause.as_ref().map(|c| format!("{c:#}")))
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.detail)?;
        if let Some(cause) = &self.cause {
            write!(f, " (cause: {cause}")?;
            let mut source = cause.source();
            while let Some(s) = source {
                write!(f, ": {s}")?;
                source = s.source();
            }
            write!(f, ")")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// The one mapping of the domain's refusals to HTTP.
impl From<Refusal> for Error {
    fn from(r: Refusal) -> Self {
        let status = match &r {
            Refusal::NotFound(_) => StatusCode::NOT_FOUND,
            Refusal::AccountNotApproved | Refusal::NotAllowed => StatusCode::FORBIDDEN,
            Refusal::InvalidCursor | Refusal::ResetLinkInvalid | Refusal::VerifyLinkInvalid => {
                StatusCode::BAD_REQUEST
            }
            Refusal::WrongPassword => StatusCode::FORBIDDEN,
            Refusal::EmailTaken
            | Refusal::AlreadyDecided(_)
            | Refusal::OrderLimitReached
            | Refusal::OrderMoved { .. }
            | Refusal::InvalidMove { .. }
            | Refusal::AlreadyReviewed
            | Refusal::UploadChanged
            | Refusal::VoucherCodeTaken
            | Refusal::AddressBookFull
            | Refusal::OrdersInProgress(_)
            | Refusal::OwnAccount
            | Refusal::AlreadyJoined
            | Refusal::ProofTooLate(_)
            | Refusal::TooManyProofs
            | Refusal::ProofNotCurrent
            | Refusal::ProofNotApproved
            | Refusal::QuoteNotOpen(_)
            | Refusal::QuoteExpired
            | Refusal::QuoteChanged
            | Refusal::RepriceNotPossible
            | Refusal::MonthsAlreadyImported(_)
            | Refusal::ImportNotApplied
            | Refusal::SkuTaken(_)
            | Refusal::ProductChanged
            | Refusal::TestimonialChanged
            | Refusal::TooManyPictures => StatusCode::CONFLICT,
            Refusal::Voucher(_) | Refusal::Points(_) => StatusCode::UNPROCESSABLE_ENTITY,
        };
        Self::new(status, r.code(), r.detail())
    }
}

/// What a port's failure means for the caller: a refusal as above, a dependency that did
/// not answer as a retryable 503, anything else as a 500 (the cause is logged, not sent).
impl From<PortError> for Error {
    fn from(e: PortError) -> Self {
        match e {
            PortError::Refused(r) => r.into(),
            PortError::Unavailable(cause) => Self::unavailable(cause),
            PortError::Internal(cause) => Self::internal(cause),
        }
    }
}
