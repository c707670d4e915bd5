//! Integration tests: every handler called in-process against the emulator
//! (`AWS_ENDPOINT_URL`), with fresh tables per test. `scripts/test.sh` starts moto.

mod account;
mod analytics;
mod authorization;
mod bad_input;
mod bench;
mod confirm;
mod events;
mod faults;
mod files;
mod helpers;
mod login;
mod media;
mod messages;
mod meter;
mod orders;
mod promos;
mod provision;
mod register;
mod reviews;
mod round_trips;
mod routes;
