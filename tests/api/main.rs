//! Integration tests: every handler called in-process against the emulator
//! (`AWS_ENDPOINT_URL`, and `AWS_ENDPOINT_URL_<SERVICE>` per service), with fresh tables
//! per test. `scripts/test.sh` starts moto, and runs the S3 and SES tests once more with
//! those two services on LocalStack.

mod account;
mod activity;
mod addresses;
mod analytics;
mod authorization;
mod bad_input;
mod bench;
mod bounces;
mod catalog;
mod confirm;
mod counts;
mod customer_page;
mod digest;
mod discounts;
mod email_change;
mod events;
mod faults;
mod files;
mod files_access;
mod helpers;
mod iam;
mod imports;
mod invoices;
mod login;
mod made_to_order;
mod mail_log;
mod media;
mod messages;
mod meter;
mod order_moves;
mod orders;
mod payments;
mod points;
mod privacy;
mod promos;
mod proofs;
mod provision;
mod quotes;
mod recovery;
mod register;
mod reprice;
mod reviews;
mod round_trips;
mod routes;
mod search;
mod second_factor;
mod sessions;
mod shipping;
mod signin_limits;
mod staff;
mod storefront;
mod uploads;
mod vouchers;
