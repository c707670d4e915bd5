//! What the stored state refuses: each rule's refusal named once. Adapters and the
//! domain return these; `error.rs` turns each into a status, a stable code and a text.

use super::{AccountStatus, OrderStatus};

/// The kinds of record a request may name that does not exist (for the caller).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Account,
    Address,
    Customer,
    CustomerMessage,
    File,
    Message,
    Order,
    Product,
    Promo,
    Quote,
    Import,
    Testimonial,
    Staff,
    Voucher,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotFound(Missing),
    /// The address already has an account.
    EmailTaken,
    /// The registration was decided before.
    AlreadyDecided(AccountStatus),
    /// [`MAX_PENDING_ORDERS`](super::MAX_PENDING_ORDERS) orders wait for the shop.
    OrderLimitReached,
    /// The customer's account is not approved (yet).
    AccountNotApproved,
    /// The order left the status a move starts from while the move was made.
    OrderMoved {
        expected: OrderStatus,
    },
    /// No such move from the order's status.
    InvalidMove {
        from: OrderStatus,
        to: OrderStatus,
    },
    /// A second review of one product by one customer.
    AlreadyReviewed,
    /// A listing cursor that this listing did not make.
    InvalidCursor,
    /// The caller's role may not do this.
    NotAllowed,
    /// The upload was replaced while it was being checked.
    UploadChanged,
    /// A voucher with this code exists.
    VoucherCodeTaken,
    /// The voucher does not apply to this order (each reason its own code).
    Voucher(super::VoucherRefusal),
    /// The points cannot be spent as asked.
    Points(super::PointsRefusal),
    /// A password-reset link that is unknown, used or expired.
    ResetLinkInvalid,
    /// The current password given to change it is wrong.
    WrongPassword,
    /// An address-verification link that is unknown or expired.
    VerifyLinkInvalid,
    /// The address book holds [`MAX_SAVED_ADDRESSES`](super::MAX_SAVED_ADDRESSES).
    AddressBookFull,
    /// Orders of the customer still on their way (erasure waits for them).
    OrdersInProgress(u32),
    /// Staff cannot change their own role or deactivate themselves (another admin can).
    OwnAccount,
    /// The staff member already set a password (an invitation is for those who have not).
    AlreadyJoined,
    /// Proofs go to orders before production.
    ProofTooLate(OrderStatus),
    /// The order has [`MAX_PROOF_VERSIONS`](super::MAX_PROOF_VERSIONS) proofs.
    TooManyProofs,
    /// The proof answered is not the latest, or was answered before.
    ProofNotCurrent,
    /// Production waits for the customer to approve the latest proof.
    ProofNotApproved,
    /// The quote is not open for this (accepted, declined, not priced yet).
    QuoteNotOpen(super::QuoteState),
    /// The quote's validity has passed (or an offer would be valid until a past day).
    QuoteExpired,
    /// The offer changed since the customer saw it (priced again, or answered).
    QuoteChanged,
    /// An order that spent a voucher or points keeps its prices (reject it instead).
    RepriceNotPossible,
    /// Months of a sales file hold figures of another import (undo that one first).
    MonthsAlreadyImported(Vec<String>),
    /// Only an applied import can be undone.
    ImportNotApplied,
    /// Another product has this SKU.
    SkuTaken(String),
    /// The product was changed or deleted while this change was made.
    ProductChanged,
    /// The customer rewrote the testimonial since staff read it.
    TestimonialChanged,
    /// The product has [`MAX_PICTURES`](super::MAX_PICTURES) pictures.
    TooManyPictures,
}

impl Refusal {
    /// The stable machine-readable code of the refusal.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "not_found",
            Self::EmailTaken => "email_taken",
            Self::AlreadyDecided(_) | Self::OrderMoved { .. } | Self::InvalidMove { .. } => {
                "invalid_transition"
            }
            Self::OrderLimitReached => "order_limit_reached",
            Self::AccountNotApproved => "account_not_approved",
            Self::AlreadyReviewed => "already_reviewed",
            Self::InvalidCursor => "invalid_cursor",
            Self::NotAllowed => "forbidden",
            Self::UploadChanged => "upload_changed",
            Self::VoucherCodeTaken => "voucher_code_taken",
            Self::Voucher(r) => r.code(),
            Self::Points(r) => r.code(),
            Self::ResetLinkInvalid => "invalid_reset_link",
            Self::WrongPassword => "wrong_password",
            Self::VerifyLinkInvalid => "invalid_verification_link",
            Self::AddressBookFull => "address_book_full",
            Self::OrdersInProgress(_) => "orders_in_progress",
            Self::OwnAccount => "own_account",
            Self::AlreadyJoined => "already_joined",
            Self::ProofTooLate(_) => "proof_too_late",
            Self::TooManyProofs => "too_many_proofs",
            Self::ProofNotCurrent => "proof_not_current",
            Self::ProofNotApproved => "proof_not_approved",
            Self::QuoteNotOpen(_) => "quote_not_open",
            Self::QuoteExpired => "quote_expired",
            Self::QuoteChanged => "quote_changed",
            Self::RepriceNotPossible => "reprice_not_possible",
            Self::MonthsAlreadyImported(_) => "months_already_imported",
            Self::ImportNotApplied => "import_not_applied",
            Self::SkuTaken(_) => "sku_taken",
            Self::ProductChanged => "product_changed",
            Self::TestimonialChanged => "testimonial_changed",
            Self::TooManyPictures => "too_many_pictures",
        }
    }

    /// What the person is told.
    pub fn detail(&self) -> String {
        match self {
            Self::NotFound(m) => match m {
                Missing::Account => "No such account.",
                Missing::Address => "No such saved address.",
                Missing::Customer => "No such customer.",
                Missing::CustomerMessage => "No such message of this customer.",
                Missing::File => "No such file.",
                Missing::Message => "No such message.",
                Missing::Order => "No such order.",
                Missing::Product => "No such product.",
                Missing::Promo => "No such promo.",
                Missing::Quote => "No such quote.",
                Missing::Import => "No such import.",
                Missing::Testimonial => "No such testimonial.",
                Missing::Staff => "No such staff account.",
                Missing::Voucher => "No such voucher.",
            }
            .to_owned(),
            Self::EmailTaken => "An account with this e-mail address already exists.".to_owned(),
            Self::AlreadyDecided(status) => {
                format!("This registration is already {}.", status.as_str())
            }
            Self::OrderLimitReached => format!(
                "You already have {} orders waiting for confirmation. Please wait until the shop confirms one, or cancel one.",
                super::MAX_PENDING_ORDERS
            ),
            Self::AccountNotApproved => {
                "Your account is waiting for the shop's approval.".to_owned()
            }
            Self::OrderMoved { expected } => format!("The order is no longer {expected}."),
            Self::InvalidMove { from, to } if *to == OrderStatus::Cancelled => {
                format!("Only pending orders can be cancelled; this one is {from}.")
            }
            Self::InvalidMove { from, to } => {
                format!("An order that is {from} cannot become {to}.")
            }
            Self::AlreadyReviewed => "You have already reviewed this product.".to_owned(),
            Self::InvalidCursor => "The cursor is not valid for this listing.".to_owned(),
            Self::NotAllowed => "Your account is not allowed to do this.".to_owned(),
            Self::UploadChanged => {
                "The file changed while it was being checked: complete it again.".to_owned()
            }
            Self::VoucherCodeTaken => "A voucher with this code already exists.".to_owned(),
            Self::Voucher(r) => r.detail(),
            Self::Points(r) => r.detail(),
            Self::ResetLinkInvalid => "This link to set a new password is not valid any more: it was used, it expired (links work for 30 minutes) or it is incomplete. Ask for a new one.".to_owned(),
            Self::WrongPassword => "The current password is wrong.".to_owned(),
            Self::VerifyLinkInvalid => "This link to confirm an e-mail address is not valid: it expired (links work for 7 days), it was replaced by a newer one, or it is incomplete. Sign in and ask for a new one.".to_owned(),
            Self::OrdersInProgress(n) => format!(
                "{n} order(s) are still pending or on their way: cancel the pending ones, or wait until the shop completes them, then delete the account."
            ),
            Self::OwnAccount => "You cannot change your own role or deactivate your own account: ask another admin.".to_owned(),
            Self::AlreadyJoined => "This staff member has already set a password and signed in; an invitation is only for those who have not (they can use \"Forgot password?\").".to_owned(),
            Self::ProofTooLate(status) => format!(
                "Proofs are sent before production; this order is {status}."
            ),
            Self::TooManyProofs => format!(
                "An order can have at most {} proof versions.",
                super::MAX_PROOF_VERSIONS
            ),
            Self::ProofNotCurrent => "This proof was answered already or a newer version replaced it: reload the order.".to_owned(),
            Self::ProofNotApproved => "The customer has not approved the latest proof yet: production starts after their approval.".to_owned(),
            Self::QuoteNotOpen(state) => format!(
                "This quote is {}: it cannot be changed that way.",
                state.as_str()
            ),
            Self::QuoteExpired => "This quote's validity has passed: ask the shop for a new one.".to_owned(),
            Self::QuoteChanged => "The shop changed this quote since you opened it: look at it again before you answer.".to_owned(),
            Self::RepriceNotPossible => "This order used a voucher or points, which were worked out on its prices: it cannot be re-priced. Reject it with a note instead, and the customer can order again.".to_owned(),
            Self::MonthsAlreadyImported(months) => format!(
                "These months already have imported sales: {}. Undo that import first to replace them, so no sale is counted twice.",
                months.join(", ")
            ),
            Self::ImportNotApplied => "This import is not applied (undone already, or still being written).".to_owned(),
            Self::SkuTaken(sku) => format!("Another product already has the SKU {sku}: SKUs are unique (without regard to case)."),
            Self::ProductChanged => "The product was changed or deleted meanwhile: open it again.".to_owned(),
            Self::TooManyPictures => format!(
                "A product has at most {} pictures: remove one to add another.",
                super::MAX_PICTURES
            ),
            Self::TestimonialChanged => "The customer rewrote this testimonial since you read it: read it again before you decide.".to_owned(),
            Self::AddressBookFull => format!(
                "Your address book is full ({} addresses): remove one to save another.",
                super::MAX_SAVED_ADDRESSES
            ),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.detail())
    }
}
