//! Parsed domain types. Nothing here knows about AWS or HTTP; a value of these types
//! has already passed its checks, so the rest of the code never re-validates.

pub mod account;
pub mod activity;
pub mod address;
pub mod analytics;
pub mod catalog;
pub mod digest;
pub mod dossier;
pub mod files;
pub mod id;
pub mod invoice;
pub mod lifecycle;
pub mod made_to_order;
pub mod message;
pub mod order;
pub mod payment;
pub mod permissions;
pub mod points;
pub mod privacy;
pub mod promo;
pub mod proof;
pub mod recovery;
pub mod refusal;
pub mod review;
pub mod second_factor;
pub mod shipping;
pub mod signin;
pub mod staff;
pub mod storefront;
pub mod text;
pub mod voucher;
pub mod work;

pub use account::*;
pub use activity::*;
pub use address::*;
pub use analytics::*;
pub use catalog::*;
pub use digest::*;
pub use dossier::*;
pub use files::*;
pub use id::next_ulid;
pub use invoice::*;
pub use lifecycle::*;
pub use made_to_order::*;
pub use message::*;
pub use order::*;
pub use payment::*;
pub use permissions::*;
pub use points::*;
pub use privacy::*;
pub use promo::*;
pub use proof::*;
pub use recovery::*;
pub use refusal::*;
pub use review::*;
pub use second_factor::*;
pub use shipping::*;
pub use signin::*;
pub use staff::*;
pub use storefront::*;
pub use text::*;
pub use voucher::*;
pub use work::*;

/// Why a raw value was refused, phrased for the person who typed it.
pub type ParseError = &'static str;
