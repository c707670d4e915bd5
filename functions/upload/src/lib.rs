//! Files on orders, straight to a private bucket: customers' designs and payment proofs,
//! and the design proofs staff send for approval (`proofs.rs`).
//! - `POST /api/orders/{id}/files` `{name, contentType, size, kind}` (owner; staff who
//!   send proofs for `design_proof`): checks the declared size and type, records the file
//!   and returns a presigned upload.
//! - `POST /api/orders/{id}/files/{fileId}/complete` (whoever may start it): checks what
//!   really arrived (size, first bytes); a bad file is deleted and marked `rejected` with
//!   a reason; a good design proof becomes the order's next proof version.
//! - `POST /api/orders/{id}/proof` (owner): the customer approves the latest proof or
//!   asks for changes.
//! - `GET /api/orders/{id}/files` (owner, staff): the files with their status.
//! - `GET /api/orders/{id}/files/{fileId}` (owner, staff): a download link valid for
//!   minutes, saving under the original (sanitised) name.
//!
//! Keys are made here (`orders/{orderId}/{fileId}/file.{ext}`), never from the name.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use toko::activity::Recorder;
use toko::auth::{authenticate_session, Principal, TokenKeys};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{
    attachment_disposition, sanitise_file_name, Arrival, FileFormat, FileId, FileKind, FileStatus,
    FileView, Locale, Message, Order, OrderFile, OrderId, OrderStatus, Role, MAX_FILES_PER_ORDER,
    UPLOAD_WINDOW,
};
use toko::http::{self, Form, HttpResult};
use toko::ports::{Clock, FileOutcome, Files, Mailer, ObjectStore, Orders};
use toko::wiring;
use toko::Error;

mod proofs;
use proofs::answer as answer_proof;

/// How long presigned downloads stay valid (uploads: [`UPLOAD_WINDOW`]).
const DOWNLOAD_WINDOW: Duration = Duration::from_secs(5 * 60);
/// Bytes read back to recognise a format.
const SNIFF_BYTES: u64 = 1024;

pub struct Deps {
    pub orders: Arc<dyn Orders>,
    pub files: Arc<dyn Files>,
    pub storage: Arc<dyn ObjectStore>,
    pub keys: TokenKeys,
    /// Whether a token's session still stands (role, version, active staff).
    pub sessions: Arc<toko::sessions::Sessions>,
    pub clock: Arc<dyn Clock>,
    /// Mail about a new proof (kept in the outbox when SES fails).
    pub mailer: Arc<dyn Mailer>,
    /// Public origin of the site, for links in e-mails.
    pub site_url: String,
    pub activity: Recorder,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        let sessions = wiring::sessions(store.clone());
        Ok(Self {
            orders: store.clone(),
            files: store.clone(),
            activity: wiring::activity(store.clone(), sessions.clone(), clock.clone()),
            mailer: wiring::reliable_mailer(sdk, settings, store, clock.clone())?,
            storage: wiring::files_bucket(sdk, settings)?,
            keys: settings.token_keys()?,
            sessions,
            clock,
            site_url: settings.site_url()?,
        })
    }
}

pub async fn handle(deps: &Deps, req: Request) -> Result<Response<Body>, lambda_http::Error> {
    http::respond(route(deps, &req).await)
}

toko::routes! {
    Deps;
    GET "/api/orders/{id}/files" => list(id),
    POST "/api/orders/{id}/files" => start(id),
    GET "/api/orders/{id}/files/{fileId}" => download(id, file),
    POST "/api/orders/{id}/files/{fileId}/complete" => complete(id, file),
    POST "/api/orders/{id}/proof" => answer_proof(id),
}

fn no_order() -> Error {
    Error::not_found("No such order.")
}

fn no_file() -> Error {
    Error::not_found("No such file.")
}

/// Who may reach an order's files for a purpose.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Its customer only (their own uploads).
    Owner,
    /// Its customer, or staff who see orders (listing, downloads).
    OwnerOrStaff,
    /// Staff who send design proofs.
    ProofStaff,
}

impl Access {
    fn to_upload(kind: FileKind) -> Self {
        if kind.by_staff() {
            Self::ProofStaff
        } else {
            Self::Owner
        }
    }
}

/// The order if the caller may reach its files as `access` says (404 otherwise; a role
/// without the proof permission gets 403).
async fn order_for(deps: &Deps, who: &Principal, id: &str, access: Access) -> Result<Order, Error> {
    if access == Access::ProofStaff {
        who.require_to(toko::domain::Permission::OrdersProof)?;
    }
    let id = OrderId::parse(id).ok_or_else(no_order)?;
    let order = deps.orders.get(&id).await?.ok_or_else(no_order)?;
    let owner = who.role == Role::Customer && order.customer_id == who.user_id;
    let allowed = match access {
        Access::Owner => owner,
        Access::OwnerOrStaff => owner || who.role.may(toko::domain::Permission::OrdersView),
        Access::ProofStaff => true,
    };
    if allowed {
        Ok(order)
    } else {
        Err(no_order())
    }
}

fn view(file: &OrderFile) -> FileView {
    FileView::from(file)
}

async fn start(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    let mut form = Form::parse(req)?;
    let name = form.required("name", |s| Ok(s.to_owned()));
    let declared = form.required("contentType", |s| {
        if s.len() <= 100 {
            Ok(s.to_owned())
        } else {
            Err("is too long")
        }
    });
    let size = form.value("size", |v| {
        v.as_u64()
            .filter(|n| *n > 0)
            .ok_or("must be a whole number of bytes, at least 1")
    });
    let kind = form.required("kind", FileKind::parse);
    let (Some(name), Some(_declared), Some(size), Some(kind)) = (name, declared, size, kind) else {
        return Err(form.into_error());
    };
    form.finish()?;
    let order = order_for(deps, &who, id, Access::to_upload(kind)).await?;

    let name = sanitise_file_name(&name);
    let format = FileFormat::from_extension(&name)
        .filter(|f| kind.allows(*f))
        .ok_or_else(|| {
            Error::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_type",
                match kind {
                    FileKind::Design => {
                        "Design files must be PDF, AI, EPS, PSD, SVG, CDR, TIFF, PNG, JPEG or ZIP."
                    }
                    FileKind::PaymentProof => "Payment proofs must be JPEG, PNG or PDF.",
                    FileKind::DesignProof => "Proofs must be PDF, PNG or JPEG.",
                },
            )
        })?;
    if size > kind.max_bytes() {
        return Err(Error::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "file_too_large",
            match kind {
                FileKind::Design => "Design files can be at most 500 MB.",
                FileKind::PaymentProof => "Payment proofs can be at most 10 MB.",
                FileKind::DesignProof => "Proofs can be at most 50 MB.",
            },
        ));
    }
    match kind {
        FileKind::PaymentProof if order.status != OrderStatus::Accepted => {
            return Err(Error::conflict(
                "order_not_accepted",
                "A payment proof can be sent once the shop has accepted the order.",
            ))
        }
        FileKind::Design
            if matches!(
                order.status,
                OrderStatus::Completed | OrderStatus::Cancelled | OrderStatus::Rejected
            ) =>
        {
            return Err(Error::conflict(
                "order_closed",
                format!(
                    "Files cannot be added to an order that is {}.",
                    order.status
                ),
            ))
        }
        FileKind::DesignProof => order.may_send_proof()?,
        _ => {}
    }
    if deps.files.list(&order.id).await?.len() >= MAX_FILES_PER_ORDER {
        return Err(Error::conflict(
            "too_many_files",
            "An order can have at most 50 files.",
        ));
    }

    let file = OrderFile {
        id: FileId::generate(),
        order_id: order.id.clone(),
        customer_id: order.customer_id.clone(),
        name,
        format,
        size,
        kind,
        status: FileStatus::AwaitingUpload,
        reason: None,
        created_at: deps.clock.now(),
        uploaded_at: None,
    };
    let window = Duration::try_from(UPLOAD_WINDOW).unwrap_or(Duration::from_secs(600));
    let upload = deps
        .storage
        .presign_put(
            &file.upload_key(),
            format.content_type(),
            size,
            file.created_at,
            window,
        )
        .await?;
    deps.files.create(&file).await?;
    http::json(
        StatusCode::CREATED,
        &json!({ "file": view(&file), "upload": upload }),
    )
}

fn proof_ack(order: &Order, at: time::OffsetDateTime) -> Message {
    let code = order.invoice_code.as_str();
    let (subject, body) = match order.customer_locale {
        Locale::En => (
            format!("Payment proof received for {code}"),
            "Thank you: we received your payment proof and will check it shortly.".to_owned(),
        ),
        Locale::Id => (
            format!("Bukti pembayaran {code} diterima"),
            "Terima kasih: bukti pembayaran Anda sudah kami terima dan akan segera kami periksa."
                .to_owned(),
        ),
    };
    Message::from_shop(
        order.customer_id.clone(),
        subject,
        body,
        Some(order.id.clone()),
        at,
    )
}

async fn complete(deps: &Deps, req: &Request, id: &str, file_id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    let order_id = OrderId::parse(id).ok_or_else(no_order)?;
    let file_id = FileId::parse(file_id).ok_or_else(no_file)?;
    let file = deps
        .files
        .get(&order_id, &file_id)
        .await?
        .ok_or_else(no_file)?;
    let order = order_for(deps, &who, id, Access::to_upload(file.kind)).await?;
    if file.status != FileStatus::AwaitingUpload {
        return http::json(StatusCode::OK, &json!({ "file": view(&file) }));
    }
    let incoming = file.upload_key();
    let info = deps.storage.head(&incoming).await?.ok_or_else(|| {
        Error::conflict(
            "upload_missing",
            "The file has not arrived yet: upload it, then complete.",
        )
    })?;
    let arrived = Arrival {
        size: info.size,
        at: info.modified,
    };
    let reason = match file.refuse_arrival(&arrived) {
        Some(reason) => Some(reason),
        None if !file
            .format
            .matches(&deps.storage.first_bytes(&incoming, SNIFF_BYTES).await?) =>
        {
            Some(format!(
                "The content is not a .{} file.",
                file.format.extension()
            ))
        }
        None => None,
    };
    let at = deps.clock.now();
    // A good design proof becomes the next version: decided before anything is kept.
    let proof = match (&reason, file.kind) {
        (None, FileKind::DesignProof) => {
            Some(order.send_proof(&file, at, who.role, &who.user_id)?)
        }
        _ => None,
    };
    match reason {
        Some(_) => deps.storage.delete(&incoming).await?,
        // Exactly the checked bytes (by ETag) go to the key downloads read.
        None => {
            deps.storage
                .promote(&incoming, &file.key(), info.etag.as_deref())
                .await?
        }
    }
    let outcome = FileOutcome {
        status: if reason.is_some() {
            FileStatus::Rejected
        } else {
            FileStatus::Uploaded
        },
        ack: match &proof {
            Some(step) => Some(step.message.clone()),
            None => (reason.is_none() && file.kind == FileKind::PaymentProof)
                .then(|| proof_ack(&order, at)),
        },
        reason,
        at,
        proof,
    };
    let settled = match deps.files.settle(&file, &outcome).await {
        Ok(settled) => {
            if let Some(step) = &outcome.proof {
                proofs::announce(deps, &who, &order, step).await;
            }
            settled
        }
        // Another proof, or the move into production, came first: this one is no proof
        // (rejected with why, its bytes removed), rather than a file stuck half-way.
        Err(toko::ports::PortError::Refused(toko::domain::Refusal::ProofNotCurrent)) => {
            proofs::withdrawn(deps, &file, at).await?
        }
        Err(e) => return Err(e.into()),
    };
    tracing::info!(order_id = %order.id, file_id = %settled.id, status = settled.status.as_str(), "file settled");
    http::json(StatusCode::OK, &json!({ "file": view(&settled) }))
}

async fn list(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    let order = order_for(deps, &who, id, Access::OwnerOrStaff).await?;
    let files = deps.files.list(&order.id).await?;
    let items: Vec<FileView> = files.iter().map(view).collect();
    http::json(StatusCode::OK, &json!({ "items": items }))
}

async fn download(deps: &Deps, req: &Request, id: &str, file_id: &str) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    let order = order_for(deps, &who, id, Access::OwnerOrStaff).await?;
    let file_id = FileId::parse(file_id).ok_or_else(no_file)?;
    let file = deps
        .files
        .get(&order.id, &file_id)
        .await?
        .filter(|f| f.status == FileStatus::Uploaded)
        .ok_or_else(no_file)?;
    let link = deps
        .storage
        .presign_get(
            &file.key(),
            &attachment_disposition(&file.name),
            DOWNLOAD_WINDOW,
        )
        .await?;
    http::json(
        StatusCode::OK,
        &json!({ "url": link.url, "expiresAt": link.expires_at }),
    )
}
