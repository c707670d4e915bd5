//! `GET /api/admin/counts` (staff): the work waiting, for the console's tab badges —
//! registrations, orders waiting for acceptance, payment proofs to check, unanswered
//! messages, each only for the roles that may see it (`toko::domain::work`). The console
//! asks every 30 s; the answer carries an ETag, so an unchanged count costs a 304.

use crate::Deps;
use lambda_http::Request;
use toko::auth::authenticate_session;
use toko::domain::Role;
use toko::http::{self, HttpResult};

pub(crate) async fn counts(deps: &Deps, req: &Request) -> HttpResult {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require(&Role::STAFF)?;
    let waiting = deps.work.waiting().await?;
    http::revalidated_json(req, &waiting.for_role(who.role))
}
