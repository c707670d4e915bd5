//! Narrow async traits, one per capability. Functions hold them as `Arc<dyn Port>`;
//! the AWS adapters and the in-memory fakes implement them.

use crate::domain::{
    AccountStatus, Category, CustomerDecision, Email, Message, MessageId, Note, Order, OrderId,
    OrderStatus, Product, ProductId, Transition, User, UserId,
};
use crate::mail::Mail;
use crate::Error;
use async_trait::async_trait;
use time::OffsetDateTime;

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

#[async_trait]
pub trait Users: Send + Sync {
    /// Stores a new account. The e-mail is claimed atomically with the profile:
    /// 409 `email_taken` when it is in use, and nothing half-written either way.
    async fn create(&self, user: &User) -> Result<(), Error>;
    async fn get(&self, id: &UserId) -> Result<Option<User>, Error>;
    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, Error>;
    /// Customers with the status, oldest registration first.
    async fn list_customers(
        &self,
        status: AccountStatus,
        page: &PageRequest,
    ) -> Result<Page<User>, Error>;
    /// Moves a pending customer to approved or rejected, exactly once:
    /// 404 when there is no such customer, 409 `invalid_transition` when not pending.
    async fn decide(
        &self,
        id: &UserId,
        decision: CustomerDecision,
        by: &UserId,
        note: &Note,
        at: OffsetDateTime,
    ) -> Result<User, Error>;
}

/// Failed sign-ins per e-mail address, counted in a window that starts at the first failure.
#[async_trait]
pub trait LoginAttempts: Send + Sync {
    /// Failures recorded since `since`.
    async fn failures_since(&self, email: &Email, since: OffsetDateTime) -> Result<u32, Error>;
    /// Counts one failure; a window older than `since` starts over.
    async fn record_failure(
        &self,
        email: &Email,
        now: OffsetDateTime,
        since: OffsetDateTime,
    ) -> Result<(), Error>;
    async fn clear(&self, email: &Email) -> Result<(), Error>;
}

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: &Mail) -> Result<(), Error>;
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
    /// Products, optionally of one category.
    async fn list(
        &self,
        category: Option<&Category>,
        sort: ProductSort,
        page: &PageRequest,
    ) -> Result<Page<Product>, Error>;
    async fn get(&self, id: &ProductId) -> Result<Option<Product>, Error>;
    /// The products that exist among `ids` (at most 100), in no particular order.
    async fn get_many(&self, ids: &[ProductId]) -> Result<Vec<Product>, Error>;
    async fn create(&self, product: &Product) -> Result<(), Error>;
    /// Replaces name, category, price, description and image: 404 when absent.
    async fn update(&self, product: &Product) -> Result<(), Error>;
    /// 404 when absent.
    async fn delete(&self, id: &ProductId) -> Result<(), Error>;
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
    async fn next_invoice_number(&self, day: &str) -> Result<u64, Error>;
    /// Writes the order, raises the customer's pending count and records the
    /// idempotency key, all in one transaction: 409 `order_limit_reached` at
    /// [`MAX_PENDING_ORDERS`](crate::domain::MAX_PENDING_ORDERS), 403
    /// `account_not_approved` when the customer is not approved.
    async fn place(
        &self,
        order: &Order,
        idempotency: Option<(&str, &str)>,
    ) -> Result<Placed, Error>;
    async fn idempotency(
        &self,
        customer: &UserId,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, Error>;
    async fn get(&self, id: &OrderId) -> Result<Option<Order>, Error>;
    /// A customer's orders, newest first.
    async fn list_for_customer(
        &self,
        customer: &UserId,
        page: &PageRequest,
    ) -> Result<Page<Order>, Error>;
    /// Orders in a status, the longest-waiting first.
    async fn list_by_status(
        &self,
        status: OrderStatus,
        page: &PageRequest,
    ) -> Result<Page<Order>, Error>;
    /// Moves the order in one transaction: status, history entry and tracking number;
    /// the customer's pending count when it leaves `pending`; and the inbox message with
    /// the unread count. 409 `invalid_transition` unless the order is in `t.from`.
    async fn transition(&self, order: &Order, t: &Transition) -> Result<Order, Error>;
}

#[async_trait]
pub trait Inbox: Send + Sync {
    /// A user's messages, newest first.
    async fn list(&self, user: &UserId, page: &PageRequest) -> Result<Page<Message>, Error>;
    /// Marks a message read (and lowers the unread count once): 404 when not theirs.
    async fn mark_read(&self, user: &UserId, id: &MessageId) -> Result<Message, Error>;
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
}

/// Private object storage, reached by clients only through short-lived presigned URLs.
#[async_trait]
pub trait ObjectStore: Send + Sync {
    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        expires: std::time::Duration,
    ) -> Result<PresignedRequest, Error>;
    /// Size and type of an object, `None` when there is none.
    async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, Error>;
    /// The first `n` bytes of an object (to check what it really is).
    async fn first_bytes(&self, key: &str, n: u64) -> Result<Vec<u8>, Error>;
    async fn delete(&self, key: &str) -> Result<(), Error>;
    /// Sets one tag on an object (lifecycle rules act on tags); a missing object is fine.
    async fn tag(&self, key: &str, name: &str, value: &str) -> Result<(), Error>;
    /// A short-lived download link that saves the object under `disposition`.
    async fn presign_get(
        &self,
        key: &str,
        disposition: &str,
        expires: std::time::Duration,
    ) -> Result<PresignedRequest, Error>;
}

/// What completing an upload did.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    pub status: crate::domain::FileStatus,
    pub reason: Option<String>,
    pub at: OffsetDateTime,
    /// The acknowledgement for the customer's inbox (payment proofs).
    pub ack: Option<Message>,
}

#[async_trait]
pub trait Files: Send + Sync {
    async fn create(&self, file: &crate::domain::OrderFile) -> Result<(), Error>;
    /// The files of an order (at most [`MAX_FILES_PER_ORDER`](crate::domain::MAX_FILES_PER_ORDER)), oldest first.
    async fn list(&self, order: &OrderId) -> Result<Vec<crate::domain::OrderFile>, Error>;
    async fn get(
        &self,
        order: &OrderId,
        file: &crate::domain::FileId,
    ) -> Result<Option<crate::domain::OrderFile>, Error>;
    /// Settles an upload once, in one transaction: the file's status; for an uploaded
    /// file the order's file count (and, for a payment proof, its "proof to check" flag
    /// for staff); the customer's acknowledgement with the unread count. A file that was
    /// already settled is returned as it is.
    async fn settle(
        &self,
        file: &crate::domain::OrderFile,
        outcome: &FileOutcome,
    ) -> Result<crate::domain::OrderFile, Error>;
}

#[async_trait]
pub trait Reviews: Send + Sync {
    /// Whether one of the customer's completed orders contains the product.
    async fn has_purchased(&self, customer: &UserId, product: &ProductId) -> Result<bool, Error>;
    /// Stores the review and adds its rating to the product's counters in one
    /// transaction: 409 `already_reviewed` for a second review of the product by the
    /// same customer, 404 when the product is gone.
    async fn add(&self, review: &crate::domain::Review) -> Result<(), Error>;
    /// A product's reviews, newest first.
    async fn list(
        &self,
        product: &ProductId,
        page: &PageRequest,
    ) -> Result<Page<crate::domain::Review>, Error>;
}

/// The shop's side of the inbox: customers' messages in, replies out.
#[async_trait]
pub trait Conversations: Send + Sync {
    /// Stores a customer's message (their copy, and in the staff queue as unanswered)
    /// with the shop's automatic acknowledgement (unread count +1), in one transaction.
    async fn receive(&self, message: &Message, ack: &Message) -> Result<(), Error>;
    /// Customers' messages for staff, newest first; only the unanswered ones if asked.
    async fn staff_list(
        &self,
        unanswered: bool,
        page: &PageRequest,
    ) -> Result<Page<Message>, Error>;
    /// Delivers a shop message to a customer (unread count +1) and, when it answers one
    /// of theirs, marks that answered, in one transaction: 404 for an unknown customer
    /// or a message that is not theirs.
    async fn reply(&self, message: &Message) -> Result<(), Error>;
}

#[async_trait]
pub trait Promos: Send + Sync {
    /// Promos running at `now` (at most 50), ending soonest first: one Query on the
    /// promos that have not ended, never a scan.
    async fn active(&self, now: OffsetDateTime) -> Result<Vec<crate::domain::Promo>, Error>;
    /// Every promo, latest ending first, for the console.
    async fn all(&self, page: &PageRequest) -> Result<Page<crate::domain::Promo>, Error>;
    async fn get(&self, id: &crate::domain::PromoId)
        -> Result<Option<crate::domain::Promo>, Error>;
    async fn put(&self, promo: &crate::domain::Promo, must_exist: bool) -> Result<(), Error>;
    async fn delete(&self, id: &crate::domain::PromoId) -> Result<(), Error>;
}

/// The manager's figures, all pre-aggregated.
#[async_trait]
pub trait Analytics: Send + Sync {
    async fn sales(
        &self,
        from: &str,
        to: &str,
    ) -> Result<
        (
            Vec<crate::adapters::dynamo_analytics::CategoryMonth>,
            Vec<crate::adapters::dynamo_analytics::MonthTotal>,
        ),
        Error,
    >;
    async fn top_customers(
        &self,
        limit: i32,
    ) -> Result<Vec<crate::adapters::dynamo_analytics::CustomerStats>, Error>;
    async fn satisfaction(&self) -> Result<crate::adapters::dynamo_analytics::Satisfaction, Error>;
}

/// Who receives promo mail, and which promo mails went out (each at most once).
#[async_trait]
pub trait Marketing: Send + Sync {
    /// Opted-in customers, one page at a time (in id order).
    async fn subscribers(&self, page: &PageRequest) -> Result<Page<User>, Error>;
    async fn set_opt_in(&self, user: &UserId, opt_in: bool) -> Result<(), Error>;
    /// Claims the sending of a promo to a customer: false when it was claimed before.
    async fn claim_send(
        &self,
        promo: &crate::domain::PromoId,
        user: &UserId,
    ) -> Result<bool, Error>;
    /// Gives a claim back (the mail could not be sent), so a retry sends it.
    async fn release_send(
        &self,
        promo: &crate::domain::PromoId,
        user: &UserId,
    ) -> Result<(), Error>;
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
    async fn hold(&self, mail: &Mail, due_at: OffsetDateTime) -> Result<(), Error>;
    /// Up to `limit` mails due at `now`, the longest-waiting first (one bounded Query).
    async fn due(&self, now: OffsetDateTime, limit: u32) -> Result<Vec<HeldMail>, Error>;
    /// Removes a mail that has now been sent.
    async fn sent(&self, held: &HeldMail) -> Result<(), Error>;
    /// Records one more failed send and when to try next; `None` gives up on the mail
    /// (it moves to the dead-letter partition, where staff can still read it).
    async fn failed(&self, held: &HeldMail, next: Option<OffsetDateTime>) -> Result<(), Error>;
}
