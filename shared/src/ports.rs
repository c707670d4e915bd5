//! Narrow async traits, one per capability. Functions hold them as `Arc<dyn Port>`;
//! the AWS adapters and the in-memory fakes implement them.

use crate::domain::{
    AccountStatus, Category, CategoryMonth, CustomerDecision, CustomerStats, Email, Message,
    MessageId, MonthTotal, Note, Order, OrderId, OrderStatus, Product, ProductId, Refusal,
    Satisfaction, Transition, User, UserId,
};
use crate::domain::{Address, AddressId, Erased, Line, PrivacyRun, Review, SavedAddress};
use crate::mail::Mail;
use async_trait::async_trait;
use time::OffsetDateTime;

type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a port could not do what was asked. Ports speak the domain: a rule the stored
/// state enforces is a [`Refusal`]; anything else is a dependency that did not answer
/// (worth a retry) or something broken. `error.rs` is the one place that turns these
/// into HTTP answers.
#[derive(Debug)]
pub enum PortError {
    Refused(Refusal),
    /// Timeouts, refused connections, throttling, 5xx: the caller may retry.
    Unavailable(Cause),
    /// A bug, a malformed item, a call the service refused.
    Internal(Cause),
}

impl PortError {
    pub fn internal(cause: impl Into<Cause>) -> Self {
        Self::Internal(cause.into())
    }

    pub fn unavailable(cause: impl Into<Cause>) -> Self {
        Self::Unavailable(cause.into())
    }

    /// The refusal, when that is what this is.
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            Self::Refused(r) => Some(r),
            _ => None,
        }
    }
}

impl From<Refusal> for PortError {
    fn from(r: Refusal) -> Self {
        Self::Refused(r)
    }
}

impl std::fmt::Display for PortError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Refused(r) => write!(f, "refused: {r}"),
            Self::Unavailable(c) => write!(f, "unavailable: {c}"),
            Self::Internal(c) => write!(f, "internal: {c}"),
        }
    }
}

impl std::error::Error for PortError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Refused(_) => None,
            Self::Unavailable(c) | Self::Internal(c) => Some(c.as_ref()),
        }
    }
}

/// One page of a listing and the opaque cursor of the next (absent on the last page).
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// Where a listing starts and how long a page is.
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    pub cursor: Option<String>,
    pub limit: u32,
}

/// The items of a paged listing, page after page (up to 100 at a time), until it ends or
/// `at_most` are read (`usize::MAX`: all of them).
pub async fn every_page<T, F, Fut>(at_most: usize, mut fetch: F) -> Result<Vec<T>, PortError>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: std::future::Future<Output = Result<Page<T>, PortError>>,
{
    let limit = u32::try_from(at_most.min(100)).unwrap_or(100);
    let mut out = Vec::new();
    let mut cursor = None;
    loop {
        let page = fetch(PageRequest { cursor, limit }).await?;
        out.extend(page.items);
        cursor = page.next_cursor;
        if cursor.is_none() || out.len() >= at_most {
            out.truncate(at_most);
            return Ok(out);
        }
    }
}

#[async_trait]
pub trait Users: Send + Sync {
    /// Stores a new account. The e-mail is claimed atomically with the profile:
    /// [`Refusal::EmailTaken`] when it is in use, and nothing half-written either way.
    async fn create(&self, user: &User) -> Result<(), PortError>;
    async fn get(&self, id: &UserId) -> Result<Option<User>, PortError>;
    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, PortError>;
    /// Sets the fields the change gives (name, phones, language): `NotFound(Account)`
    /// when there is no such account. Answers the account as it is after.
    async fn update_profile(
        &self,
        id: &UserId,
        change: &crate::domain::ProfileChange,
    ) -> Result<User, PortError>;
    /// Customers indexed under one search term (`domain::search::person_terms`), a page
    /// at a time (the caller reads them and checks the query's other words).
    async fn search_customers(
        &self,
        term: &str,
        page: &PageRequest,
    ) -> Result<Page<UserId>, PortError>;
    /// Customers with the status, oldest registration first.
    async fn list_customers(
        &self,
        status: AccountStatus,
        page: &PageRequest,
    ) -> Result<Page<User>, PortError>;
    /// Moves a pending customer to approved or rejected, exactly once:
    /// `NotFound(Customer)` when there is no such customer, `AlreadyDecided` when not
    /// pending.
    async fn decide(
        &self,
        id: &UserId,
        decision: CustomerDecision,
        by: &UserId,
        note: &Note,
        at: OffsetDateTime,
    ) -> Result<User, PortError>;
    /// Sets an account's role and status and ends its sessions (the session version moves
    /// on): staff changes and deactivations. `NotFound(Account)` when there is none.
    async fn set_access(
        &self,
        id: &UserId,
        role: crate::domain::Role,
        status: AccountStatus,
    ) -> Result<User, PortError>;
}

/// The customer a path names: `NotFound(Customer)` for an id that is no ULID, nobody's,
/// or a staff member's.
pub async fn find_customer(users: &dyn Users, raw_id: &str) -> Result<User, PortError> {
    let missing = || PortError::from(Refusal::NotFound(crate::domain::Missing::Customer));
    let id = UserId::parse(raw_id).ok_or_else(missing)?;
    users
        .get(&id)
        .await?
        .filter(|u| u.role == crate::domain::Role::Customer)
        .ok_or_else(missing)
}

/// Sign-in attempts per counter ([`AttemptCounter`](crate::domain::AttemptCounter)), in a
/// window of [`ATTEMPT_WINDOW`](crate::domain::ATTEMPT_WINDOW) from its first attempt.
#[async_trait]
pub trait LoginAttempts: Send + Sync {
    /// Reserves one attempt, atomically: `None` when reserved (it counts as a failure
    /// until released), or when the counter is full, the time it frees up.
    async fn reserve(
        &self,
        counter: &crate::domain::AttemptCounter,
        now: OffsetDateTime,
    ) -> Result<Option<OffsetDateTime>, PortError>;
    /// The attempt succeeded: reset the counter, or give the one attempt back.
    async fn release(&self, counter: &crate::domain::AttemptCounter) -> Result<(), PortError>;
}

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: &Mail) -> Result<(), PortError>;
}

/// Secrets read at cold start.
#[async_trait]
pub trait Secrets: Send + Sync {
    /// The current value of a secret.
    async fn secret_string(&self, id: &str) -> Result<String, PortError>;
}

pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

/// The wall clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// The order of a product listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProductSort {
    #[default]
    Newest,
    /// A to Z, ignoring case.
    Name,
}

#[async_trait]
pub trait Catalog: Send + Sync {
    /// Products, optionally of one category, as listings show them: without their
    /// description (read it with [`Catalog::get`]).
    async fn list(
        &self,
        category: Option<&Category>,
        sort: ProductSort,
        page: &PageRequest,
    ) -> Result<Page<Product>, PortError>;
    async fn get(&self, id: &ProductId) -> Result<Option<Product>, PortError>;
    /// The products that exist among `ids` (at most 100), in no particular order.
    async fn get_many(&self, ids: &[ProductId]) -> Result<Vec<Product>, PortError>;
    async fn create(&self, product: &Product) -> Result<(), PortError>;
    /// Replaces name, category, price, description and image: `NotFound(Product)` when
    /// absent.
    async fn update(&self, product: &Product) -> Result<(), PortError>;
    /// `NotFound(Product)` when absent.
    async fn delete(&self, id: &ProductId) -> Result<(), PortError>;
    /// The catalogue's version (moves on with every change the catalogue PDF shows).
    async fn catalogue_version(&self) -> Result<u64, PortError>;
    /// Adds a picture after the others (as the main one when there is none):
    /// `TooManyPictures` at [`MAX_PICTURES`](crate::domain::MAX_PICTURES). Answers the
    /// product as it is after.
    async fn add_picture(&self, id: &ProductId, url: &str) -> Result<Product, PortError>;
    /// Stores `after`'s pictures (main and gallery) if they are still `before`'s:
    /// `ProductChanged` otherwise.
    async fn set_pictures(&self, before: &Product, after: &Product) -> Result<(), PortError>;
    /// The products indexed under one search term (`toko::domain::search`), name and
    /// category matches first, a page at a time.
    async fn search(&self, term: &str, page: &PageRequest) -> Result<Page<ProductId>, PortError>;
}

/// What placing an order did.
#[derive(Debug)]
pub enum Placed {
    Created,
    /// The idempotency key was used before, by the order with this id.
    Replayed(OrderId),
}

/// A stored idempotency key: the request it came with and the order it made.
#[derive(Debug, Clone)]
pub struct IdempotencyRecord {
    pub request: String,
    pub order_id: OrderId,
}

#[async_trait]
pub trait Orders: Send + Sync {
    /// The next number of the day's invoice sequence (an atomic counter, never reused).
    async fn next_invoice_number(&self, day: &str) -> Result<u64, PortError>;
    /// Writes the order, raises the customer's pending and placed counts, redeems the
    /// order's voucher (`voucher`: its rules as read) and records the idempotency key,
    /// all in one transaction: [`Refusal::OrderLimitReached`] at
    /// [`MAX_PENDING_ORDERS`](crate::domain::MAX_PENDING_ORDERS),
    /// [`Refusal::AccountNotApproved`] when the customer is not approved, the voucher's
    /// refusal when another order took its last use (or the customer's).
    async fn place(
        &self,
        order: &Order,
        voucher: Option<&crate::domain::Voucher>,
        idempotency: Option<(&str, &str)>,
    ) -> Result<Placed, PortError>;
    async fn idempotency(
        &self,
        customer: &UserId,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, PortError>;
    async fn get(&self, id: &OrderId) -> Result<Option<Order>, PortError>;
    /// A customer's orders, newest first.
    async fn list_for_customer(
        &self,
        customer: &UserId,
        page: &PageRequest,
    ) -> Result<Page<Order>, PortError>;
    /// Orders in a status, the longest-waiting first.
    async fn list_by_status(
        &self,
        status: OrderStatus,
        page: &PageRequest,
    ) -> Result<Page<Order>, PortError>;
    /// Orders whose invoice code starts with `prefix` (naming at least the month:
    /// [`invoice_prefix`](crate::domain::invoice_prefix)), in code order.
    async fn find_by_invoice(
        &self,
        prefix: &str,
        page: &PageRequest,
    ) -> Result<Page<Order>, PortError>;
    /// Orders of a status, most recently moved there first.
    async fn list_by_status_newest(
        &self,
        status: OrderStatus,
        page: &PageRequest,
    ) -> Result<Page<Order>, PortError>;
    /// Claims the one payment reminder of an accepted order for the run named `claim`:
    /// true for the first run only (a conditional write), false once another run claimed
    /// it or the order is no longer accepted. The same run claiming again is true, so a
    /// write the store made but whose answer was lost (and retried) still sends.
    async fn claim_payment_reminder(&self, id: &OrderId, claim: &str) -> Result<bool, PortError>;
    /// Takes back this run's claim (its mail could be neither sent nor kept in the
    /// outbox) so a later run sends it; nothing when another run holds the claim.
    async fn release_payment_reminder(&self, id: &OrderId, claim: &str) -> Result<(), PortError>;
    /// Stores a move the domain decided ([`Order::move_to`]) in one transaction: status,
    /// history entry, tracking number and proof flag; the customer's pending count when
    /// it leaves `pending`; the inbox message with the unread count; for a completion the
    /// purchase markers and sales figures. [`Refusal::OrderMoved`] unless the order is
    /// still in `t.from`. Answers the order as [`Order::apply`] leaves it.
    async fn transition(&self, order: &Order, t: &Transition) -> Result<Order, PortError>;
    /// Stores the customer's answer to a proof ([`Order::answer_proof`]) with their
    /// message in the staff queue, in one transaction: [`Refusal::ProofNotCurrent`]
    /// when another answer or a newer proof came first. Answers the order after it.
    async fn answer_proof(
        &self,
        order: &Order,
        step: &crate::domain::ProofStep,
    ) -> Result<Order, PortError>;
}

#[async_trait]
pub trait Inbox: Send + Sync {
    /// A user's messages, newest first.
    async fn list(&self, user: &UserId, page: &PageRequest) -> Result<Page<Message>, PortError>;
    /// Marks a message read (and lowers the unread count once): `NotFound(Message)` when
    /// not theirs.
    async fn mark_read(&self, user: &UserId, id: &MessageId) -> Result<Message, PortError>;
}

/// A presigned request the browser sends straight to storage.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PresignedRequest {
    pub url: String,
    pub method: String,
    pub headers: std::collections::BTreeMap<String, String>,
    pub expires_at: String,
}

/// What storage knows about an uploaded object.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectInfo {
    pub size: u64,
    pub content_type: Option<String>,
    /// The version of the bytes (S3's ETag), to copy exactly what was checked.
    pub etag: Option<String>,
    /// When storage received the bytes.
    pub modified: Option<OffsetDateTime>,
}

/// Private object storage, reached by clients only through short-lived presigned URLs.
#[async_trait]
pub trait ObjectStore: Send + Sync {
    /// A link to upload exactly `size` bytes of the type (the length and type are signed:
    /// S3 refuses any other) for `expires` from `issued` (the caller's clock: S3 refuses
    /// the link after that).
    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        issued: OffsetDateTime,
        expires: std::time::Duration,
    ) -> Result<PresignedRequest, PortError>;
    /// Size and type of an object, `None` when there is none.
    async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, PortError>;
    /// The first `n` bytes of an object (to check what it really is).
    async fn first_bytes(&self, key: &str, n: u64) -> Result<Vec<u8>, PortError>;
    async fn delete(&self, key: &str) -> Result<(), PortError>;
    /// Stores bytes the server made (an export), replacing what the key held.
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), PortError>;
    /// Moves checked bytes to their final key: copies `from` to `to` only if `from` is
    /// still the version `etag` names ([`Refusal::UploadChanged`] otherwise), then
    /// deletes `from`.
    async fn promote(&self, from: &str, to: &str, etag: Option<&str>) -> Result<(), PortError>;
    /// Sets one tag on an object (lifecycle rules act on tags); a missing object is fine.
    async fn tag(&self, key: &str, name: &str, value: &str) -> Result<(), PortError>;
    /// A short-lived download link that saves the object under `disposition`.
    async fn presign_get(
        &self,
        key: &str,
        disposition: &str,
        expires: std::time::Duration,
    ) -> Result<PresignedRequest, PortError>;
}

/// What completing an upload did.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    pub status: crate::domain::FileStatus,
    pub reason: Option<String>,
    pub at: OffsetDateTime,
    /// The acknowledgement for the customer's inbox (payment proofs), or the news of a
    /// design proof.
    pub ack: Option<Message>,
    /// A design proof's step ([`Order::send_proof`]), recorded on the order with the file.
    pub proof: Option<crate::domain::ProofStep>,
}

#[async_trait]
pub trait Files: Send + Sync {
    async fn create(&self, file: &crate::domain::OrderFile) -> Result<(), PortError>;
    /// The files of an order (at most [`MAX_FILES_PER_ORDER`](crate::domain::MAX_FILES_PER_ORDER)), oldest first.
    async fn list(&self, order: &OrderId) -> Result<Vec<crate::domain::OrderFile>, PortError>;
    async fn get(
        &self,
        order: &OrderId,
        file: &crate::domain::FileId,
    ) -> Result<Option<crate::domain::OrderFile>, PortError>;
    /// Settles an upload once, in one transaction: the file's status; for an uploaded
    /// file the order's file count (and, for a payment proof, its "proof to check" flag
    /// for staff); the customer's acknowledgement with the unread count. A file that was
    /// already settled is returned as it is.
    async fn settle(
        &self,
        file: &crate::domain::OrderFile,
        outcome: &FileOutcome,
    ) -> Result<crate::domain::OrderFile, PortError>;
}

#[async_trait]
pub trait Reviews: Send + Sync {
    /// Whether one of the customer's completed orders contains the product.
    async fn has_purchased(
        &self,
        customer: &UserId,
        product: &ProductId,
    ) -> Result<bool, PortError>;
    /// Stores the review and adds its rating to the product's counters in one
    /// transaction: [`Refusal::AlreadyReviewed`] for a second review of the product by
    /// the same customer, `NotFound(Product)` when the product is gone.
    async fn add(&self, review: &crate::domain::Review) -> Result<(), PortError>;
    /// A product's reviews, newest first.
    async fn list(
        &self,
        product: &ProductId,
        page: &PageRequest,
    ) -> Result<Page<crate::domain::Review>, PortError>;
}

/// The shop's side of the inbox: customers' messages in, replies out.
#[async_trait]
pub trait Conversations: Send + Sync {
    /// Stores a customer's message (their copy, and in the staff queue as unanswered)
    /// with the shop's automatic acknowledgement (unread count +1), in one transaction.
    async fn receive(&self, message: &Message, ack: &Message) -> Result<(), PortError>;
    /// Customers' messages for staff, newest first; only the unanswered ones if asked.
    async fn staff_list(
        &self,
        unanswered: bool,
        page: &PageRequest,
    ) -> Result<Page<Message>, PortError>;
    /// Delivers a shop message to a customer (unread count +1) and, when it answers one
    /// of theirs, marks that answered, in one transaction: `NotFound(Customer)` for an
    /// unknown customer, `NotFound(CustomerMessage)` for a message that is not theirs.
    async fn reply(&self, message: &Message) -> Result<(), PortError>;
}

#[async_trait]
pub trait Promos: Send + Sync {
    /// Promos running at `now` (at most 50), ending soonest first: one Query on the
    /// promos that have not ended, never a scan.
    async fn active(&self, now: OffsetDateTime) -> Result<Vec<crate::domain::Promo>, PortError>;
    /// Every promo, latest ending first, for the console.
    async fn all(&self, page: &PageRequest) -> Result<Page<crate::domain::Promo>, PortError>;
    async fn get(
        &self,
        id: &crate::domain::PromoId,
    ) -> Result<Option<crate::domain::Promo>, PortError>;
    async fn put(&self, promo: &crate::domain::Promo, must_exist: bool) -> Result<(), PortError>;
    async fn delete(&self, id: &crate::domain::PromoId) -> Result<(), PortError>;
}

/// The shop's settings that staff change in the console, and its sequences.
#[async_trait]
pub trait ShopSettings: Send + Sync {
    /// The bank accounts and payment window (the defaults until an admin sets them).
    async fn payment_settings(&self) -> Result<crate::domain::PaymentSettings, PortError>;
    async fn set_payment_settings(
        &self,
        settings: &crate::domain::PaymentSettings,
    ) -> Result<(), PortError>;
    /// The next number of the payment-code sequence (an atomic counter).
    async fn next_payment_code(&self) -> Result<u64, PortError>;
    /// How points are earned, spent and expire (the defaults until an admin sets them).
    async fn points_settings(&self) -> Result<crate::domain::PointsSettings, PortError>;
    async fn set_points_settings(
        &self,
        settings: &crate::domain::PointsSettings,
    ) -> Result<(), PortError>;
    /// The name, address and tax number invoices carry.
    async fn shop_profile(&self) -> Result<crate::domain::ShopProfile, PortError>;
    async fn set_shop_profile(&self, profile: &crate::domain::ShopProfile)
        -> Result<(), PortError>;
    /// What the site shows of the shop (contact, texts, categories); empty until set.
    async fn storefront(&self) -> Result<crate::domain::Storefront, PortError>;
    async fn set_storefront(&self, storefront: &crate::domain::Storefront)
        -> Result<(), PortError>;
    /// The shop's logo (a `/media/shop/…` path), if it has one.
    async fn logo(&self) -> Result<Option<String>, PortError>;
    async fn set_logo(&self, logo: Option<&str>) -> Result<(), PortError>;
    /// How often staff get the digest of new work (off until an admin sets it).
    async fn digest_settings(&self) -> Result<crate::domain::DigestSettings, PortError>;
    async fn set_digest_settings(
        &self,
        settings: &crate::domain::DigestSettings,
    ) -> Result<(), PortError>;
    /// What the digest remembers between runs.
    async fn digest_state(&self) -> Result<crate::domain::DigestState, PortError>;
    /// Keeps the run's state if no other run kept one since `previous` was read (its
    /// `seenAt`): `false` when another run came first (this one then sends nothing).
    async fn save_digest_state(
        &self,
        state: &crate::domain::DigestState,
        previous: &crate::domain::DigestState,
    ) -> Result<bool, PortError>;
    /// The shipping table (`None` until an admin sets one: the deployment's flat rate).
    async fn shipping_rates(&self) -> Result<Option<crate::domain::ShippingRates>, PortError>;
    async fn set_shipping_rates(
        &self,
        rates: &crate::domain::ShippingRates,
    ) -> Result<(), PortError>;
    /// Whether admins must use a second factor (off until an admin sets it).
    async fn security_settings(&self) -> Result<crate::domain::SecuritySettings, PortError>;
    async fn set_security_settings(
        &self,
        settings: &crate::domain::SecuritySettings,
    ) -> Result<(), PortError>;
}

/// The second factor's keys and codes, kept on the e-mail claim beside the password
/// hash (no index holds them) (`adapters/dynamo/second_factor.rs`).
#[async_trait]
pub trait SecondFactor: Send + Sync {
    /// Keeps a new key until the first code from it confirms it (replacing an earlier
    /// unconfirmed one).
    async fn start_totp(
        &self,
        user: &User,
        secret: &crate::domain::TotpSecret,
    ) -> Result<(), PortError>;
    /// The key waiting for its first code, and the key in use.
    async fn totp_keys(
        &self,
        email: &Email,
    ) -> Result<
        (
            Option<crate::domain::TotpSecret>,
            Option<crate::domain::TotpSecret>,
        ),
        PortError,
    >;
    /// Puts the waiting key in use with its recovery codes (hashes), marks the profile,
    /// moves the session version on (other sessions end) and records the step used, in
    /// one transaction; `false` when the waiting key changed meanwhile.
    async fn enable_totp(
        &self,
        user: &User,
        secret: &crate::domain::TotpSecret,
        step: u64,
        recovery: &[String],
    ) -> Result<bool, PortError>;
    /// Records a step as used: `false` when it (or a later one) was used already.
    async fn use_step(&self, email: &Email, step: u64) -> Result<bool, PortError>;
    /// Uses up a recovery code (by its hash): `false` when it is not one (any more).
    async fn use_recovery_code(&self, email: &Email, hash: &str) -> Result<bool, PortError>;
    /// Removes the key and the codes and unmarks the profile (sessions end).
    async fn disable_totp(&self, user: &User) -> Result<(), PortError>;
}

/// Password resets and changes (`adapters/dynamo/recovery.rs`).
#[async_trait]
pub trait Recovery: Send + Sync {
    /// Keeps a reset link's hash for `user` until `expires` (then it is gone).
    async fn store_reset_link(
        &self,
        hash: &str,
        user: &UserId,
        expires: OffsetDateTime,
    ) -> Result<(), PortError>;
    /// Whose a reset link is, while it is unused and has not expired.
    async fn reset_link_user(
        &self,
        hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<UserId>, PortError>;
    /// Sets `user`'s password hash and ends every session of the account (the session
    /// version moves on), in one transaction; with `link`, consumes that reset link in the
    /// same transaction ([`Refusal::ResetLinkInvalid`] when it was used meanwhile or has
    /// expired) and marks the address confirmed (the link came to it).
    async fn set_password(
        &self,
        user: &User,
        password_hash: &str,
        link: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<(), PortError>;
    /// Keeps an address-verification link's hash for `user` until `expires`; with
    /// `new_email`, the link confirms a change of the account's address to it.
    async fn store_verify_link(
        &self,
        hash: &str,
        user: &UserId,
        new_email: Option<&Email>,
        expires: OffsetDateTime,
    ) -> Result<(), PortError>;
    /// Marks the address of the link's account verified (or, for a change of address,
    /// moves the account and its credentials to the new one) and consumes the link, in
    /// one transaction; [`Refusal::VerifyLinkInvalid`], or [`Refusal::EmailTaken`] when
    /// the new address got an account meanwhile.
    async fn verify_email(&self, hash: &str, now: OffsetDateTime) -> Result<Verified, PortError>;
}

/// What a confirmed link did.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    pub user: UserId,
    /// The account's new address, when the link confirmed a change.
    pub new_email: Option<Email>,
}

/// Staff notes about customers, in the customer's own partition (`adapters/dynamo/notes.rs`):
/// never shown to the customer, erased with the account.
#[async_trait]
pub trait CustomerNotes: Send + Sync {
    /// Keeps a note while the customer exists (`NotFound(Customer)` otherwise), in one
    /// transaction with that check.
    async fn add_note(
        &self,
        customer: &UserId,
        note: &crate::domain::StaffNote,
    ) -> Result<(), PortError>;
    /// The newest notes first, at most `limit`.
    async fn notes(
        &self,
        customer: &UserId,
        limit: usize,
    ) -> Result<Vec<crate::domain::StaffNote>, PortError>;
}

/// Work waiting for staff, counted (`adapters/dynamo/work.rs`).
#[async_trait]
pub trait WorkQueue: Send + Sync {
    async fn waiting(&self) -> Result<crate::domain::WaitingWork, PortError>;
}

/// Staff accounts as admins manage them (`adapters/dynamo/staff.rs`).
#[async_trait]
pub trait StaffRoster: Send + Sync {
    /// Every staff account, oldest first, at most
    /// [`MAX_STAFF_LISTED`](crate::domain::MAX_STAFF_LISTED).
    async fn staff(&self) -> Result<Vec<User>, PortError>;
    /// Sets a staff account's role and status and ends its sessions, in one transaction
    /// that also checks `by` is still an active admin: `NotFound(Staff)` when `target` is
    /// not a staff account, [`Refusal::NotAllowed`] when `by` no longer is an active admin.
    async fn change_staff(
        &self,
        target: &UserId,
        role: crate::domain::Role,
        status: AccountStatus,
        by: &UserId,
    ) -> Result<User, PortError>;
}

/// The customer's address book (`adapters/dynamo/addresses.rs`): at most
/// [`MAX_SAVED_ADDRESSES`](crate::domain::MAX_SAVED_ADDRESSES), one of them the default.
#[async_trait]
pub trait AddressBook: Send + Sync {
    /// The saved addresses, the default first, then newest first.
    async fn addresses(&self, user: &UserId) -> Result<Vec<SavedAddress>, PortError>;
    /// Saves a new address, the default when asked or when it is the first one;
    /// [`Refusal::AddressBookFull`] when the book holds the most it may.
    async fn save_address(
        &self,
        user: &UserId,
        label: &Line,
        address: &Address,
        make_default: bool,
    ) -> Result<SavedAddress, PortError>;
    /// Replaces a saved address (`NotFound(Address)` when there is none with that id);
    /// `make_default` makes it the default, otherwise the default stays as it was.
    async fn update_address(
        &self,
        user: &UserId,
        id: &AddressId,
        label: &Line,
        address: &Address,
        make_default: bool,
    ) -> Result<SavedAddress, PortError>;
    /// Removes a saved address (`NotFound(Address)` when there is none with that id).
    async fn remove_address(&self, user: &UserId, id: &AddressId) -> Result<(), PortError>;
}

/// Privacy requests (`toko::domain::privacy`, `adapters/dynamo/privacy.rs`).
#[async_trait]
pub trait Privacy: Send + Sync {
    /// The customer's reviews (for an export).
    async fn reviews_of(&self, customer: &UserId) -> Result<Vec<Review>, PortError>;
    /// Past orders under the address brought in by sales imports (for an export): per
    /// import, its orders, spend and last order.
    async fn imported_sales_of(&self, email: &Email) -> Result<Vec<serde_json::Value>, PortError>;
    /// The first step of an erasure: the address's claim (with the credentials) deleted
    /// and every session ended, so nobody signs in while the rest goes. Repeatable.
    async fn close_account(&self, user: &User) -> Result<(), PortError>;
    /// The rest in the table: the orders anonymised and their file records deleted,
    /// reviews kept under "a former customer", everything else of the customer deleted,
    /// the profile last. Repeatable.
    async fn erase_records(&self, user: &User, orders: &[Order]) -> Result<Erased, PortError>;
    /// Keeps the record of a run.
    async fn record(&self, run: &PrivacyRun) -> Result<(), PortError>;
    /// The runs, newest first.
    async fn runs(&self, page: &PageRequest) -> Result<Page<PrivacyRun>, PortError>;
}

/// Reward points (`adapters/dynamo/points.rs`); orders spend, give back and earn them in
/// their own transactions (`Orders::place`, `Orders::transition`).
#[async_trait]
pub trait Points: Send + Sync {
    async fn balance(&self, customer: &UserId) -> Result<crate::domain::PointsBalance, PortError>;
    /// The customer's ledger, newest first.
    async fn ledger(
        &self,
        customer: &UserId,
        page: &PageRequest,
    ) -> Result<Page<crate::domain::PointsEntry>, PortError>;
    /// A staff adjustment (`entry`: kind adjusted, signed points, reason, who) with the
    /// balance in one transaction: `Refusal::Points(NotEnough)` below zero.
    async fn adjust(
        &self,
        customer: &UserId,
        entry: &crate::domain::PointsEntry,
    ) -> Result<crate::domain::PointsBalance, PortError>;
    /// Credits whose expiry date has passed and that expiry has not looked at yet, the
    /// oldest first.
    async fn due_lots(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<crate::domain::PointsLot>, PortError>;
    /// Expires what is left of the lot (`PointsBalance::expiring`), once: the points
    /// that expired.
    async fn expire(
        &self,
        lot: &crate::domain::PointsLot,
        at: OffsetDateTime,
    ) -> Result<u64, PortError>;
}

/// Voucher codes (`adapters/dynamo/vouchers.rs`); their uses move only in the order's
/// transactions (`Orders::place`, `Orders::transition`).
#[async_trait]
pub trait Vouchers: Send + Sync {
    async fn get(
        &self,
        code: &crate::domain::VoucherCode,
    ) -> Result<Option<crate::domain::Voucher>, PortError>;
    /// How many orders of the customer (not rejected or cancelled) carry the voucher.
    async fn uses_by(
        &self,
        code: &crate::domain::VoucherCode,
        customer: &crate::domain::UserId,
    ) -> Result<u32, PortError>;
    /// A new code ([`Refusal::VoucherCodeTaken`](crate::domain::Refusal) if it exists).
    async fn create(&self, voucher: &crate::domain::Voucher) -> Result<(), PortError>;
    /// Everything but the uses, of an existing voucher.
    async fn update(&self, voucher: &crate::domain::Voucher) -> Result<(), PortError>;
    /// Every voucher, newest first.
    async fn all(&self, page: &PageRequest) -> Result<Page<crate::domain::Voucher>, PortError>;
    /// The orders that used it, newest first.
    async fn redemptions(
        &self,
        code: &crate::domain::VoucherCode,
        page: &PageRequest,
    ) -> Result<Page<crate::domain::Redemption>, PortError>;
}

/// The manager's figures, all pre-aggregated.
#[async_trait]
pub trait Analytics: Send + Sync {
    async fn sales(
        &self,
        from: &str,
        to: &str,
    ) -> Result<(Vec<CategoryMonth>, Vec<MonthTotal>), PortError>;
    async fn top_customers(&self, limit: i32) -> Result<Vec<CustomerStats>, PortError>;
    async fn satisfaction(&self) -> Result<Satisfaction, PortError>;
}

/// Testimonials about the shop (`domain::testimonial`): one per customer.
#[async_trait]
pub trait Testimonials: Send + Sync {
    /// Writes (or rewrites) the customer's testimonial.
    async fn write(&self, t: &crate::domain::Testimonial) -> Result<(), PortError>;
    async fn get(&self, customer: &UserId)
        -> Result<Option<crate::domain::Testimonial>, PortError>;
    /// Those in `state`, newest first.
    async fn list(
        &self,
        state: crate::domain::TestimonialState,
        page: &PageRequest,
    ) -> Result<Page<crate::domain::Testimonial>, PortError>;
    /// Stores staff's decision, conditional on the text being the one written at
    /// `seen` (`TestimonialChanged` otherwise; `NotFound` when there is none).
    async fn decide(&self, t: &crate::domain::Testimonial, seen: &str) -> Result<(), PortError>;
    /// Whether the customer has a completed order (the shop's counters of them).
    async fn has_completed_order(&self, customer: &UserId) -> Result<bool, PortError>;
}

/// Past sales brought in from a shop's books (`domain::sales_import`).
#[async_trait]
pub trait SalesImports: Send + Sync {
    async fn get(&self, id: &str) -> Result<Option<crate::domain::SalesImport>, PortError>;
    /// The imports, newest first (at most `limit`).
    async fn list(&self, limit: i32) -> Result<Vec<crate::domain::SalesImport>, PortError>;
    /// Which of `months` hold another import's figures (`(month, import id)`).
    async fn months_taken(
        &self,
        months: &[String],
        except: &str,
    ) -> Result<Vec<(String, String)>, PortError>;
    /// Writes an import: the record (applying) and its months in one transaction —
    /// refused with `MonthsAlreadyImported` if another import holds a month —, then its
    /// customers, then the record applied. Writing the same file again after a failure
    /// completes it.
    async fn apply(
        &self,
        import: &crate::domain::SalesImport,
        file: &crate::domain::SalesFile,
    ) -> Result<(), PortError>;
    /// Marks an applied import undone and deletes its months in one transaction, then its
    /// customers: `ImportNotApplied` otherwise.
    async fn undo(
        &self,
        id: &str,
        at: OffsetDateTime,
    ) -> Result<crate::domain::SalesImport, PortError>;
    /// The imported months from `from` to `to` (`yyyy-mm`), of applied imports only.
    async fn imported_months(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<crate::domain::ImportedMonth>, PortError>;
    /// The ids of the applied imports (their customers count among the best).
    async fn applied(&self) -> Result<std::collections::BTreeSet<String>, PortError>;
}

/// Who receives promo mail, and which promo mails went out (each at most once).
#[async_trait]
pub trait Marketing: Send + Sync {
    /// Opted-in customers, one page at a time (in id order).
    async fn subscribers(&self, page: &PageRequest) -> Result<Page<User>, PortError>;
    async fn set_opt_in(&self, user: &UserId, opt_in: bool) -> Result<(), PortError>;
    /// SES reported the address: no more promo mail to it (opted out, off the list), and
    /// the reason kept on the profile. False when no account has the address.
    async fn block_mail(
        &self,
        email: &crate::domain::Email,
        why: crate::domain::MailBlock,
        at: OffsetDateTime,
    ) -> Result<bool, PortError>;
    /// Claims the sending of a promo to a customer: false when it was claimed before.
    async fn claim_send(
        &self,
        promo: &crate::domain::PromoId,
        user: &UserId,
    ) -> Result<bool, PortError>;
    /// Gives a claim back (the mail could not be sent), so a retry sends it.
    async fn release_send(
        &self,
        promo: &crate::domain::PromoId,
        user: &UserId,
    ) -> Result<(), PortError>;
}

/// A mail waiting in the outbox: SES failed when it was first sent.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldMail {
    pub id: String,
    pub mail: Mail,
    /// Failed sends so far (the first one included).
    pub attempts: u32,
    pub due_at: OffsetDateTime,
}

/// Mail that could not be sent yet, kept until a later send succeeds.
#[async_trait]
pub trait Outbox: Send + Sync {
    /// Keeps a mail whose first send failed, due at `due_at`.
    async fn hold(&self, mail: &Mail, due_at: OffsetDateTime) -> Result<(), PortError>;
    /// Up to `limit` mails due at `now`, the longest-waiting first (one bounded Query).
    async fn due(&self, now: OffsetDateTime, limit: u32) -> Result<Vec<HeldMail>, PortError>;
    /// Removes a mail that has now been sent.
    async fn sent(&self, held: &HeldMail) -> Result<(), PortError>;
    /// Records one more failed send and when to try next; `None` gives up on the mail
    /// (it moves to the dead-letter partition, where staff can still read it).
    async fn failed(&self, held: &HeldMail, next: Option<OffsetDateTime>) -> Result<(), PortError>;
}

/// The activity log (`adapters/dynamo/activity.rs`): appended to, never changed.
#[async_trait]
pub trait ActivityLog: Send + Sync {
    async fn append(&self, entry: &crate::domain::Activity) -> Result<(), PortError>;
    /// Newest first, filtered.
    async fn activities(
        &self,
        filter: &crate::domain::ActivityFilter,
        page: &PageRequest,
    ) -> Result<Page<crate::domain::Activity>, PortError>;
}

/// The shop's shipping table, or until an admin sets one the deployment's flat rate
/// (`TOKO_SHIPPING_COST`): what every order, quote and the settings page charge by.
pub async fn shipping_or_flat(
    settings: &dyn ShopSettings,
    flat: i64,
) -> Result<crate::domain::ShippingRates, PortError> {
    Ok(settings
        .shipping_rates()
        .await?
        .unwrap_or_else(|| crate::domain::ShippingRates::flat(flat)))
}

/// Quote requests and the shop's offers (`toko::domain::quote`).
#[async_trait]
pub trait Quotes: Send + Sync {
    async fn get(
        &self,
        id: &crate::domain::QuoteId,
    ) -> Result<Option<crate::domain::Quote>, PortError>;
    /// A customer's quotes, newest first.
    async fn list_for_customer(
        &self,
        customer: &UserId,
        page: &PageRequest,
    ) -> Result<Page<crate::domain::Quote>, PortError>;
    /// Quotes in a state as of `today` (WIB): requested and open offers the longest
    /// waiting first, accepted, declined and expired ones the newest first.
    async fn list_by_state(
        &self,
        state: crate::domain::QuoteState,
        today: crate::domain::Day,
        page: &PageRequest,
    ) -> Result<Page<crate::domain::Quote>, PortError>;
    /// Stores a step the domain decided, with its message (the customer's inbox and
    /// unread count for the shop's, the staff queue for the customer's), in one
    /// transaction: a new request only if it is new, any other step only if the quote is
    /// still as it was read (state and last change), else [`Refusal::QuoteNotOpen`].
    async fn save(&self, step: &crate::domain::QuoteStep) -> Result<(), PortError>;
    /// Accepting: the order placed (its customer's counts as any placement) and the
    /// quote accepted, in one transaction; the placement's refusals
    /// ([`Refusal::OrderLimitReached`]) or [`Refusal::QuoteNotOpen`] when the quote moved.
    async fn accept(&self, step: &crate::domain::QuoteStep, order: &Order)
        -> Result<(), PortError>;
}
