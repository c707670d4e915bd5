//! The catalogue.
//! - `GET /api/products?category=&sort=newest|name&cursor=&limit=`: public.
//! - `GET /api/products/{id}`: one product with its description, public.
//! - `POST /api/admin/products`, `PUT|DELETE /api/admin/products/{id}`: admins.

use lambda_http::http::{Method, StatusCode};
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use toko::adapters::dynamo::DynamoStore;
use toko::auth::{authenticate, TokenKeys};
use toko::aws::SdkConfig;
use toko::config::{self, ConfigError};
use toko::domain::{
    parse_price, Category, Description, Product, ProductId, ProductName, ProductView, Role,
};
use toko::http::{self, Form, HttpResult};
use toko::ports::{Catalog, Clock, ProductSort, SystemClock};
use toko::Error;

pub struct Deps {
    pub catalog: Arc<dyn Catalog>,
    pub keys: TokenKeys,
    pub clock: Arc<dyn Clock>,
}

impl Deps {
    pub fn from_env(sdk: &SdkConfig) -> Result<Self, ConfigError> {
        Ok(Self {
            catalog: Arc::new(DynamoStore::from_sdk(sdk, config::table_name()?)),
            keys: config::token_keys()?,
            clock: Arc::new(SystemClock),
        })
    }
}

pub async fn handle(deps: &Deps, req: Request) -> Result<Response<Body>, lambda_http::Error> {
    http::respond(route(deps, &req).await)
}

async fn route(deps: &Deps, req: &Request) -> HttpResult {
    match http::segments(req).as_slice() {
        ["api", "products"] => match *req.method() {
            Method::GET => list(deps, req).await,
            _ => Err(http::method_not_allowed(&[Method::GET])),
        },
        ["api", "products", id] => match *req.method() {
            Method::GET => detail(deps, id).await,
            _ => Err(http::method_not_allowed(&[Method::GET])),
        },
        ["api", "admin", "products"] => match *req.method() {
            Method::POST => create(deps, req).await,
            _ => Err(http::method_not_allowed(&[Method::POST])),
        },
        ["api", "admin", "products", id] => match *req.method() {
            Method::PUT => update(deps, req, id).await,
            Method::DELETE => delete(deps, req, id).await,
            _ => Err(http::method_not_allowed(&[Method::PUT, Method::DELETE])),
        },
        _ => Err(http::route_not_found()),
    }
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

async fn detail(deps: &Deps, id: &str) -> HttpResult {
    let id = ProductId::parse(id).ok_or_else(not_found)?;
    let product = deps.catalog.get(&id).await?.ok_or_else(not_found)?;
    http::json(StatusCode::OK, &ProductView::detail(&product))
}

/// The editable fields of a product, parsed from the body.
struct ProductFields {
    name: ProductName,
    category: Category,
    price: i64,
    description: Description,
    image_url: Option<String>,
}

fn image_url(raw: &str) -> Result<String, &'static str> {
    let s = raw.trim();
    let ok = s.len() <= 1000
        && (s.starts_with("https://") || s.starts_with("http://") || s.starts_with('/'))
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<');
    if ok {
        Ok(s.to_owned())
    } else {
        Err("must be an http(s) URL or a path starting with /")
    }
}

fn fields(req: &Request) -> Result<ProductFields, Error> {
    let mut form = Form::parse(req)?;
    let name = form.required("name", ProductName::parse);
    let category = form.required("category", Category::parse);
    let price = form.value("price", parse_price);
    let description = form
        .optional("description", Description::parse)
        .unwrap_or_default();
    let image_url = form.optional("imageUrl", image_url);
    let (Some(name), Some(category), Some(price)) = (name, category, price) else {
        return Err(form.into_error());
    };
    form.finish()?;
    Ok(ProductFields {
        name,
        category,
        price,
        description,
        image_url,
    })
}

async fn create(deps: &Deps, req: &Request) -> HttpResult {
    authenticate(req, &deps.keys, deps.clock.now())?.require(&[Role::Admin])?;
    let f = fields(req)?;
    let now = deps.clock.now();
    let product = Product {
        id: ProductId::generate(),
        name: f.name,
        category: f.category,
        price: f.price,
        description: f.description,
        image_url: f.image_url,
        rating_sum: 0,
        rating_count: 0,
        created_at: now,
        updated_at: now,
    };
    deps.catalog.create(&product).await?;
    http::json(StatusCode::CREATED, &ProductView::detail(&product))
}

async fn update(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    authenticate(req, &deps.keys, deps.clock.now())?.require(&[Role::Admin])?;
    let f = fields(req)?;
    let id = ProductId::parse(id).ok_or_else(not_found)?;
    let mut product = deps.catalog.get(&id).await?.ok_or_else(not_found)?;
    product.name = f.name;
    product.category = f.category;
    product.price = f.price;
    product.description = f.description;
    product.image_url = f.image_url;
    product.updated_at = deps.clock.now();
    deps.catalog.update(&product).await?;
    http::json(StatusCode::OK, &ProductView::detail(&product))
}

async fn delete(deps: &Deps, req: &Request, id: &str) -> HttpResult {
    authenticate(req, &deps.keys, deps.clock.now())?.require(&[Role::Admin])?;
    let id = ProductId::parse(id).ok_or_else(not_found)?;
    deps.catalog.delete(&id).await?;
    http::no_content()
}
