//! The catalogue.
//! - `GET /api/products?category=&sort=newest|name&cursor=&limit=`: public.
//! - `GET /api/products/{id}`: one product with its description, public.
//! - `GET /api/shop`: the shop as the site shows it, public (`shop.rs`).
//! - `POST /api/admin/products`, `PUT|DELETE /api/admin/products/{id}`: admins.
//! - `POST /api/admin/products/{id}/image` `{contentType, size}`: a presigned upload of
//!   the product's picture straight to the media bucket (admins); then
//!   `POST /api/admin/products/{id}/image/complete` `{key}` checks the object's real size
//!   and bytes, deletes it if it is not a JPEG/PNG/WebP of at most 5 MiB, and otherwise
//!   makes it the product's picture (`/media/...`, served by CloudFront).
//! - The shop's logo, uploaded the same way (`logo.rs`).
//! - The catalogue as CSV, out and back in by SKU (`spreadsheet.rs`).
//! - `GET /api/catalogue?lang=`: the catalogue as a PDF, made once per version (`catalogue.rs`).
//!
//! Each change of the catalogue is recorded in the activity log.

mod catalogue;
mod logo;
mod pictures;
mod shop;
mod spreadsheet;

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use logo::{complete_logo, remove_logo, start_logo};
use serde_json::json;
use shop::shop as public_shop;
use std::sync::Arc;
use toko::activity::Recorder;
use toko::auth::{authenticate_session, Principal, TokenKeys};
use toko::aws::Sdk;
use toko::config::{ConfigError, Settings};
use toko::domain::{changes, Action, RecordRef};
use toko::domain::{
    image_url, parse_price, Category, Description, MadeToOrder, Product, ProductId, ProductName,
    ProductView, Sku,
};
use toko::http::{self, Form, HttpResult};
use toko::ports::{Catalog, Clock, ObjectStore, ProductSort, ShopSettings};
use toko::wiring;
use toko::Error;

pub struct Deps {
    pub catalog: Arc<dyn Catalog>,
    /// The shop profile and storefront (`GET /api/shop`).
    pub settings: Arc<dyn ShopSettings>,
    pub media: Arc<dyn ObjectStore>,
    pub keys: TokenKeys,
    /// Whether a token's session still stands (role, version, active staff).
    pub sessions: Arc<toko::sessions::Sessions>,
    /// Where pictures may come from besides the shop (`TOKO_IMAGE_HOSTS`).
    pub image_hosts: Vec<String>,
    pub clock: Arc<dyn Clock>,
    pub activity: Recorder,
}

impl Deps {
    pub fn new(sdk: &Sdk, settings: &Settings, clock: Arc<dyn Clock>) -> Result<Self, ConfigError> {
        let store = wiring::store(sdk, settings)?;
        let sessions = wiring::sessions(store.clone());
        Ok(Self {
            activity: wiring::activity(store.clone(), sessions.clone(), clock.clone()),
            sessions,
            settings: store.clone(),
            catalog: store,
            media: wiring::media_bucket(sdk, settings)?,
            keys: settings.token_keys()?,
            image_hosts: settings.image_hosts(),
            clock,
        })
    }
}

pub async fn handle(deps: &Deps, req: Request) -> Result<Response<Body>, lambda_http::Error> {
    http::respond(route(deps, &req).await)
}

toko::routes! {
    Deps;
    GET "/api/products" => list,
    GET "/api/products/search" => search,
    GET "/api/products/{id}" => detail(id),
    GET "/api/shop" => public_shop,
    GET "/api/catalogue" => catalogue_pdf,
    POST "/api/admin/products" => create,
    GET "/api/admin/products/export" => export_products,
    POST "/api/admin/products/import" => import_products,
    PUT "/api/admin/products/{id}" => update(id),
    DELETE "/api/admin/products/{id}" => delete(id),
    POST "/api/admin/products/{id}/image" => start_image(id),
    POST "/api/admin/products/{id}/image/complete" => complete_image(id),
    PUT "/api/admin/products/{id}/pictures" => order_pictures(id),
    POST "/api/admin/settings/logo" => start_logo,
    POST "/api/admin/settings/logo/complete" => complete_logo,
    DELETE "/api/admin/settings/logo" => remove_logo,
}

async fn catalogue_pdf(deps: &Deps, req: &Request) -> HttpResult {
    catalogue::catalogue(deps, req).await
}

async fn export_products(deps: &Deps, req: &Request) -> HttpResult {
    spreadsheet::export(deps, req).await
}

async fn import_products(deps: &Deps, req: &Request) -> HttpResult {
    spreadsheet::import(deps, req).await
}

/// The admin making a change to the catalogue.
pub(crate) async fn catalog_admin(deps: &Deps, req: &Request) -> Result<Principal, Error> {
    let who = authenticate_session(req, &deps.keys, &deps.sessions, deps.clock.now()).await?;
    who.require_to(toko::domain::Permission::Catalog)?;
    Ok(who)
}

fn product_ref(p: &Product) -> RecordRef {
    RecordRef::new("product", &p.id).labelled(p.name.as_str())
}

/// What a product edit changed, short.
fn product_changes(before: &Product, after: &Product) -> String {
    let sku = |p: &Product| {
        p.sku
            .as_ref()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default()
    };
    changes(&[
        ("sku", sku(before), sku(after)),
        (
            "name",
            before.name.as_str().into(),
            after.name.as_str().into(),
        ),
        (
            "category",
            before.category.as_str().into(),
            after.category.as_str().into(),
        ),
        ("price", before.price.to_string(), after.price.to_string()),
        (
            "description",
            before.description.as_str().into(),
            after.description.as_str().into(),
        ),
        (
            "picture",
            before.image_url.clone().unwrap_or_default(),
            after.image_url.clone().unwrap_or_default(),
        ),
    ])
}

fn not_found() -> Error {
    Error::not_found("No such product.")
}

async fn list(deps: &Deps, req: &Request) -> HttpResult {
    let q = http::query(req);
    let category = match q.get("category").filter(|c| !c.is_empty()) {
        Some(c) => Some(
            Category::parse(c)
                .map_err(|m| Error::bad_request("invalid_query", format!("category {m}.")))?,
        ),
        None => None,
    };
    let sort = match q.get("sort").map(String::as_str) {
        None | Some("") | Some("newest") => ProductSort::Newest,
        Some("name") => ProductSort::Name,
        Some(_) => {
            return Err(Error::bad_request(
                "invalid_query",
                "sort must be newest or name.",
            ))
        }
    };
    let page = deps
        .catalog
        .list(category.as_ref(), sort, &http::page_request(&q)?)
        .await?;
    let items: Vec<ProductView> = page.items.iter().map(ProductView::summary).collect();
    http::json(
        StatusCode::OK,
        &json!({ "items": items, "nextCursor": page.next_cursor }),
    )
}

/// `GET /api/products/search?q=&category=&cursor=&limit=`: products by the words of their
/// name, category and description (`toko::domain::search`), and by the names of their
/// category in English and Indonesian as the site shows them (read from the storefront
/// at query time, so a renamed category is found by its new name at once). The longest
/// word that names no category picks the index partition read (one Query); when every
/// word names a category, the longest one's partition is read, and if it has nothing
/// (a name only the storefront knows) the first named category is listed instead. Every
/// other word must match too. A page can be shorter than `limit`; `nextCursor` goes on.
async fn search(deps: &Deps, req: &Request) -> HttpResult {
    use toko::domain::search::{has_word, names, query_words};
    let q = http::query(req);
    let raw = q.get("q").map(String::as_str).unwrap_or("");
    let words = query_words(raw);
    if raw.chars().count() > 100 || words.is_empty() {
        return Err(Error::bad_request(
            "invalid_query",
            "q must have a word of at least 2 letters or digits, and at most 100 characters.",
        ));
    }
    let category = match q.get("category").filter(|c| !c.is_empty()) {
        Some(c) => Some(
            Category::parse(c)
                .map_err(|m| Error::bad_request("invalid_query", format!("category {m}.")))?,
        ),
        None => None,
    };
    let storefront = deps.settings.storefront().await?;
    // The categories each word names (the beginning of a word of their EN or ID name).
    let named: Vec<Vec<Category>> = words
        .iter()
        .map(|w| {
            storefront
                .categories
                .iter()
                .filter(|c| names(&c.en, w) || names(&c.id, w))
                .filter_map(|c| Category::parse(&c.slug).ok())
                .collect()
        })
        .collect();
    let page_req = http::page_request(&q)?;
    // A page of the category listing carries its cursor marked "L:".
    let listing_cursor = page_req
        .cursor
        .as_deref()
        .and_then(|c| c.strip_prefix("L:"));
    let driver = named.iter().position(Vec::is_empty);
    let (found, next_cursor) = match listing_cursor {
        None => {
            let page = deps
                .catalog
                .search(&words[driver.unwrap_or(0)], &page_req)
                .await?;
            let products = if page.items.is_empty() {
                Vec::new()
            } else {
                deps.catalog.get_many(&page.items).await?
            };
            // In the index's order (name matches first).
            let ordered: Vec<Product> = page
                .items
                .iter()
                .filter_map(|id| products.iter().find(|p| &p.id == id).cloned())
                .collect();
            (ordered, page.next_cursor)
        }
        Some(_) => (Vec::new(), None),
    };
    // Every word names a category and the index has nothing for them ("percetakan"):
    // that category's listing.
    let (found, next_cursor) = if driver.is_none()
        && found.is_empty()
        && next_cursor.is_none()
        && (page_req.cursor.is_none() || listing_cursor.is_some())
    {
        let listed = category.clone().or_else(|| named[0].first().cloned());
        let page = deps
            .catalog
            .list(
                listed.as_ref(),
                ProductSort::Name,
                &toko::ports::PageRequest {
                    cursor: listing_cursor.map(str::to_owned),
                    limit: page_req.limit,
                },
            )
            .await?;
        (page.items, page.next_cursor.map(|c| format!("L:{c}")))
    } else {
        (found, next_cursor)
    };
    let items: Vec<ProductView> = found
        .iter()
        .filter(|p| {
            words
                .iter()
                .zip(&named)
                .all(|(w, n)| n.contains(&p.category) || has_word(p, w))
        })
        .filter(|p| category.as_ref().is_none_or(|c| &p.category == c))
        .map(ProductView::summary)
        .collect();
    http::json(
        StatusCode::OK,
        &json!({ "items": items, "nextCursor": next_cursor }),
    )
}

async fn detail(deps: &Deps, _req: &Request, id: &str) -> HttpResult {
    let id = ProductId::parse(id).ok_or_else(not_found)?;
    let product = deps.catalog.get(&id).await?.ok_or_else(not_found)?;
    http::json(StatusCode::OK, &ProductView::detail(&product))
}

/// The editable fields of a product, parsed from the body.
struct ProductFields {
    /// `Some` when the body names `sku` (blank or null: none).
    sku: Option<Option<Sku>>,
    name: ProductName,
    category: Category,
    price: i64,
    description: Description,
    image_url: Option<String>,
    pricing: MadeToOrder,
}

fn fields(req: &Request, image_hosts: &[String]) -> Result<ProductFields, Error> {
    let mut form = Form::parse(req)?;
    let sku_given = form.has("sku");
    let sku = form.optional("sku", Sku::parse);
    let name = form.required("name", ProductName::parse);
    let category = form.required("category", Category::parse);
    let price = form.value("price", parse_price);
    let description = form
        .optional("description", Description::parse)
        .unwrap_or_default();
    let image_url = form.optional("imageUrl", |s| image_url(s, image_hosts));
    // Options, size and tiers (`toko::domain::made_to_order`): every problem by its path.
    let pricing = match form.raw("pricing").cloned() {
        None | Some(serde_json::Value::Null) => MadeToOrder::default(),
        Some(v) => MadeToOrder::parse(&v).unwrap_or_else(|problems| {
            for (field, message) in problems {
                form.reject(field, message);
            }
            MadeToOrder::default()
        }),
    };
    let (Some(name), Some(category), Some(price)) = (name, category, price) else {
        return Err(form.into_error());
    };
    form.finish()?;
    Ok(ProductFields {
        sku: sku_given.then_some(sku),
        name,
        category,
        price,
        description,
        image_url,
        pricing,
    })
}

async fn create(deps: &Deps, req: &Request) -> HttpResult {
    let who = catalog_admin(deps, req).await?;
    let f = fields(req, &deps.image_hosts)?;
    let now = deps.clock.now();
    let product = Product {
        id: ProductId::generate(),
        sku: f.sku.flatten(),
        name: f.name,
        category: f.category,
        price: f.price,
        description: f.description,
        image_url: f.image_url,
        rating_sum: 0,
        rating_count: 0,
        created_at: now,
        updated_at: now,
        pricing: f.pricing,
        gallery: Vec::new(),
    };
    deps.catalog.create(&product).await?;
    let change = format!(
        "price: {}; category: {}",
        product.price,
        product.category.as_str()
    );
    deps.activity
        .record(&who, Action::ProductCreated, product_ref(&product), &change)
        .await;
    http::json(StatusCode::CREATED, &ProductView::detail(&product))
}

async fn update(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = catalog_admin(deps, req).await?;
    let f = fields(req, &deps.image_hosts)?;
    let id = ProductId::parse(id).ok_or_else(not_found)?;
    let mut product = deps.catalog.get(&id).await?.ok_or_else(not_found)?;
    let before = product.clone();
    product.name = f.name;
    product.category = f.category;
    product.price = f.price;
    product.description = f.description;
    product.pricing = f.pricing;
    if let Some(sku) = f.sku {
        product.sku = sku;
    }
    // Absent or blank keeps the current picture (uploads set it through /image).
    if f.image_url.is_some() {
        product.image_url = f.image_url;
    }
    product.updated_at = deps.clock.now();
    deps.catalog.update(&product).await?;
    let change = product_changes(&before, &product);
    deps.activity
        .record(&who, Action::ProductUpdated, product_ref(&product), &change)
        .await;
    http::json(StatusCode::OK, &ProductView::detail(&product))
}

async fn delete(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = catalog_admin(deps, req).await?;
    let id = ProductId::parse(id).ok_or_else(not_found)?;
    // Read first only to name it in the log.
    let gone = deps.catalog.get(&id).await?;
    deps.catalog.delete(&id).await?;
    let record = match &gone {
        Some(p) => product_ref(p),
        None => RecordRef::new("product", &id),
    };
    deps.activity
        .record(&who, Action::ProductDeleted, record, "")
        .await;
    http::no_content()
}

/// `PUT /api/admin/products/{id}/pictures` `{pictures}`: the product's pictures in a new
/// order (the first is the main one), some left out (their files are deleted).
async fn order_pictures(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = catalog_admin(deps, req).await?;
    let order = pictures::order_form(req)?;
    let id = ProductId::parse(id).ok_or_else(not_found)?;
    let before = deps.catalog.get(&id).await?.ok_or_else(not_found)?;
    let mut after = before.clone();
    let dropped = after
        .reorder_pictures(&order)
        .map_err(|m| Error::validation(vec![toko::error::FieldError::new("pictures", m)]))?;
    deps.catalog.set_pictures(&before, &after).await?;
    let own = format!("/{}", image_prefix(&id));
    for url in dropped.iter().filter(|u| u.starts_with(&own)) {
        if let Err(e) = deps.media.delete(url.trim_start_matches('/')).await {
            tracing::error!(product_id = %id, error = %e, "a removed picture's file was not deleted");
        }
    }
    let change = format!(
        "pictures: {} → {}",
        before.pictures().len(),
        after.pictures().len()
    );
    deps.activity
        .record(
            &who,
            Action::ProductPictureChanged,
            product_ref(&after),
            &change,
        )
        .await;
    http::json(StatusCode::OK, &ProductView::detail(&after))
}

fn image_prefix(id: &ProductId) -> String {
    format!("media/products/{id}/")
}

async fn start_image(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    catalog_admin(deps, req).await?;
    let (content_type, size) = pictures::upload_form(req)?;
    let id = ProductId::parse(id).ok_or_else(not_found)?;
    deps.catalog.get(&id).await?.ok_or_else(not_found)?;
    let upload = pictures::start(deps, &image_prefix(&id), &content_type, size).await?;
    http::json(StatusCode::CREATED, &upload)
}

async fn complete_image(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    let who = catalog_admin(deps, req).await?;
    let (key, add) = pictures::picture_form(req)?;
    let id = ProductId::parse(id).ok_or_else(not_found)?;
    let mut product = deps.catalog.get(&id).await?.ok_or_else(not_found)?;
    let url = pictures::complete(deps, &image_prefix(&id), &key).await?;
    let before = product.clone();
    if add {
        let added = deps.catalog.add_picture(&id, &url).await;
        if added.is_err() {
            // Not kept: its bytes go too.
            let _ = deps.media.delete(url.trim_start_matches('/')).await;
        }
        product = added?;
        deps.activity
            .record(
                &who,
                Action::ProductPictureChanged,
                product_ref(&product),
                &format!("picture added: {url}"),
            )
            .await;
        return http::json(StatusCode::OK, &ProductView::detail(&product));
    }
    product.image_url = Some(url);
    product.updated_at = deps.clock.now();
    deps.catalog.update(&product).await?;
    let change = product_changes(&before, &product);
    deps.activity
        .record(
            &who,
            Action::ProductPictureChanged,
            product_ref(&product),
            &change,
        )
        .await;
    http::json(StatusCode::OK, &ProductView::detail(&product))
}
