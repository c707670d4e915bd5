//! DynamoDB, single-table design: one file per port, the shared item helpers in
//! [`store`]. Every request path is a GetItem, a Query on a key or index, an
//! UpdateItem, or a transaction: never a Scan.
//!
//! | item | pk | sk | gsi1pk / gsi1sk |
//! | --- | --- | --- | --- |
//! | profile | `USER#{id}` | `PROFILE` | `CUSTOMERS#{status}` or `STAFF` / `{createdAt}#{id}` |
//! | e-mail claim and credentials | `EMAIL#{email}` | `EMAIL` | (none: no index holds a password hash) |
//! | failed sign-ins | `LOGINFAIL#{counter}` | `LOGINFAIL` | |
//!
//! Staff profiles all sit in the `STAFF` partition of gsi1 (the roster, `staff.rs`).
//! The other items are listed in the file of their port.

mod activity;
mod addresses;
mod analytics;
mod catalog;
mod files;
mod imports;
mod inbox;
mod invoices;
mod marketing;
mod notes;
mod orders;
mod outbox;
mod people;
mod pictures;
mod points;
mod privacy;
mod promos;
mod proofs;
mod quotes;
mod recovery;
mod reviews;
mod search;
mod second_factor;
mod settings;
mod staff;
pub mod store;
mod testimonials;
mod users;
mod vouchers;
mod work;

pub use store::{decode_cursor, encode_cursor, DynamoStore};
