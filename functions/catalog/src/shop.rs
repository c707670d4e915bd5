//! `GET /api/shop` (public): what the site shows of the shop — its name and address (the
//! shop profile), its logo, with the storefront (contact, home-page texts, categories), in one
//! answer the browser may keep for a minute (`ETag`: a revalidation costs no body).

use crate::Deps;
use lambda_http::Request;
use toko::domain::PublicShop;
use toko::http::{self, HttpResult};

/// How long browsers and caches may keep the answer (an admin's change shows within it).
pub const MAX_AGE_SECONDS: u32 = 60;

pub(crate) async fn shop(deps: &Deps, req: &Request) -> HttpResult {
    let (profile, storefront, logo) = tokio::join!(
        deps.settings.shop_profile(),
        deps.settings.storefront(),
        deps.settings.logo()
    );
    let profile = profile?;
    let shop = PublicShop {
        name: profile.name,
        address: profile.address,
        logo: logo?,
        storefront: storefront?,
    };
    http::public_json(req, &shop, MAX_AGE_SECONDS)
}
