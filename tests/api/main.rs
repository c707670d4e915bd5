//! Integration tests: every handler called in-process against the emulator
//! (`AWS_ENDPOINT_URL`), with fresh tables per test. `scripts/test.sh` starts moto.

mod account;
mod analytics;
mod authorization;
mod bad_input;
mod bench;
mod bounces;
mod catalog;
mod confirm;
mod events;
mod faults;
mod files;
mod files_access;
mod helpers;
mod iam;
mod login;
mod media;
mod messages;
mod meter;
mod order_moves;
mod orders;
mod promos;
mod provision;
mod register;
mod reviews;
mod round_trips;
mod routes;
mod sessions;
mod signin_limits;
mod uploads;
