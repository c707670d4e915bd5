//! `GET /api/catalogue?lang=en|id` (public): the catalogue as an A4 PDF — the shop's name,
//! address and contact lines, then the products by category (the category's name in the
//! language asked), each with its main picture, name, SKU, price and the start of its
//! description. Made once per catalogue version and language and kept in the media
//! bucket (`media/catalogue/{version}-{lang}.pdf`, served by CloudFront under `/media/`):
//! the answer is a redirect to it, and a change of the catalogue (a product, its
//! pictures, the shop's name, contact or category names) moves the version on, so the
//! next download makes a new one. Pictures of at most 512 KiB (24 MiB in all) are drawn
//! when they are JPEG, PNG (any kind but interlaced) or WebP (`toko::pdf::Picture`:
//! those decoded are laid on white, at most 4 megapixels each and 12 in all); others
//! (SVG, large photos) leave a blank frame.

use crate::Deps;
use lambda_http::http::{header, StatusCode};
use lambda_http::{Body, Request, Response};
use std::collections::BTreeMap;
use toko::domain::{ImageType, Locale, Product, ShopProfile, Storefront};
use toko::http::{self, HttpResult};
use toko::mail::rupiah;
use toko::pdf::{clip, wrap, write, Picture, Sheet, LEFT, RIGHT};
use toko::Error;

struct Words {
    title: &'static str,
    from: &'static str,
    page: &'static str,
    made: &'static str,
}

fn words(l: Locale) -> Words {
    match l {
        Locale::En => Words {
            title: "Catalogue",
            from: "from",
            page: "Page",
            made: "Prices as of",
        },
        Locale::Id => Words {
            title: "Katalog",
            from: "mulai",
            page: "Halaman",
            made: "Harga per",
        },
    }
}

const PICTURE: f32 = 72.0;
/// Pictures larger than this are left out of the PDF (a phone photo would make the file
/// heavy and the function slow), as are those past [`MAX_PICTURE_BYTES`] in all.
const MAX_ONE_PICTURE: u64 = 512 * 1024;
const MAX_PICTURE_BYTES: u64 = 24 * 1024 * 1024;
/// Pixels decoded for one catalogue (PNG with transparency, WebP): a few seconds of the
/// function's share of a CPU at most; pictures past it leave a blank frame.
const MAX_DECODED_PIXELS: u64 = 12_000_000;

fn render(
    shop: &ShopProfile,
    storefront: &Storefront,
    products: &[Product],
    pictures: &[(String, Picture)],
    l: Locale,
    day: &str,
) -> Vec<u8> {
    let w = words(l);
    let mut sheet = Sheet::new();
    sheet.text(
        LEFT,
        20.0,
        true,
        &clip(&format!("{} {}", w.title, shop.name), 45),
    );
    sheet.down(20.0);
    let contact: Vec<String> = shop
        .address
        .lines()
        .map(str::to_owned)
        .chain(storefront.phone.iter().map(|p| format!("Tel. {p}")))
        .chain(storefront.whatsapp.iter().map(|p| format!("WhatsApp {p}")))
        .chain(storefront.email.iter().cloned())
        .collect();
    for line in contact.iter().take(8) {
        sheet.text(LEFT, 9.0, false, &clip(line, 90));
        sheet.down(12.0);
    }
    sheet.text(LEFT, 9.0, false, &format!("{} {day}", w.made));
    sheet.down(16.0);
    sheet.rule();
    sheet.down(24.0);
    let name_of = |slug: &str| {
        storefront
            .categories
            .iter()
            .find(|c| c.slug == slug)
            .map(|c| {
                if l == Locale::Id {
                    c.id.clone()
                } else {
                    c.en.clone()
                }
            })
            .unwrap_or_else(|| slug.to_owned())
    };
    let mut by_category: BTreeMap<String, Vec<&Product>> = BTreeMap::new();
    for p in products {
        by_category
            .entry(name_of(p.category.as_str()))
            .or_default()
            .push(p);
    }
    for (category, items) in &by_category {
        sheet.room(60.0 + PICTURE);
        sheet.text(LEFT, 14.0, true, &clip(category, 60));
        sheet.down(20.0);
        for p in items {
            sheet.room(PICTURE + 14.0);
            let top = sheet.y;
            // The frame, and the picture in it when a PDF can hold it.
            let shown = p
                .image_url
                .as_ref()
                .and_then(|u| pictures.iter().position(|(url, _)| url == u));
            if let Some(i) = shown {
                sheet.picture(i, &pictures[i].1, LEFT, PICTURE);
            }
            let x = LEFT + PICTURE + 14.0;
            sheet.down(10.0);
            sheet.text(x, 11.0, true, &clip(p.name.as_str(), 60));
            let price = if p.pricing.is_empty() {
                rupiah(p.price)
            } else {
                format!("{} {}", w.from, rupiah(p.price))
            };
            sheet.right(RIGHT, 11.0, true, &price);
            sheet.down(13.0);
            if let Some(sku) = &p.sku {
                sheet.text(x, 8.0, false, &format!("SKU {}", sku.as_str()));
                sheet.down(11.0);
            }
            for line in wrap(p.description.as_str(), 9.0, RIGHT - x, 3) {
                sheet.text(x, 9.0, false, &line);
                sheet.down(11.0);
            }
            sheet.y = sheet.y.min(top - PICTURE) - 14.0;
        }
        sheet.down(10.0);
    }
    let drawn: Vec<&Picture> = pictures.iter().map(|(_, p)| p).collect();
    write(sheet, &drawn, w.page)
}

/// The main pictures of `products` a PDF can hold, with their paths.
async fn pictures(deps: &Deps, products: &[Product]) -> Vec<(String, Picture)> {
    let mut keys: Vec<String> = products
        .iter()
        .filter_map(|p| p.image_url.clone())
        .filter(|u| u.starts_with("/media/products/"))
        .collect();
    keys.sort();
    keys.dedup();
    let mut found = Vec::new();
    let mut total = 0;
    let mut budget = MAX_DECODED_PIXELS;
    for chunk in keys.chunks(8) {
        let read = futures::future::join_all(chunk.iter().map(|url| async move {
            let key = url.trim_start_matches('/');
            let bytes = match deps.media.head(key).await {
                Ok(Some(info)) if info.size <= MAX_ONE_PICTURE => {
                    deps.media.first_bytes(key, ImageType::MAX_BYTES).await
                }
                Ok(_) => Ok(Vec::new()),
                Err(e) => Err(e),
            };
            (url.clone(), bytes)
        }))
        .await;
        for (url, bytes) in read {
            match bytes {
                Ok(bytes) => {
                    total += bytes.len() as u64;
                    if total > MAX_PICTURE_BYTES {
                        break;
                    }
                    if let Some(p) = Picture::read(&bytes, &mut budget) {
                        found.push((url, p));
                    }
                }
                Err(e) => tracing::warn!(url, error = %e, "a picture left out of the catalogue"),
            }
        }
    }
    found
}

pub async fn catalogue(deps: &Deps, req: &Request) -> HttpResult {
    let q = http::query(req);
    let lang = match q.get("lang").map(String::as_str) {
        None | Some("en") => Locale::En,
        Some("id") => Locale::Id,
        Some(_) => {
            return Err(Error::bad_request(
                "invalid_query",
                "lang must be en or id.",
            ))
        }
    };
    let version = deps.catalog.catalogue_version().await?;
    let key = format!("media/catalogue/{version}-{}.pdf", lang.as_str());
    if deps.media.head(&key).await?.is_none() {
        let (shop, storefront, products) = tokio::join!(
            deps.settings.shop_profile(),
            deps.settings.storefront(),
            crate::spreadsheet::catalogue(deps)
        );
        let products = products?;
        let pictures = pictures(deps, &products).await;
        let now = deps.clock.now();
        let day = toko::domain::today(now).to_string();
        let pdf = render(&shop?, &storefront?, &products, &pictures, lang, &day);
        deps.media.put(&key, pdf, "application/pdf").await?;
    }
    Response::builder()
        .status(StatusCode::FOUND)
        .header(header::LOCATION, format!("/{key}"))
        .header(header::CACHE_CONTROL, "public, max-age=60")
        .body(Body::Empty)
        .map_err(Error::internal)
}
