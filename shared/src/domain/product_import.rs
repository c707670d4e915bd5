//! The catalogue as a spreadsheet: exported as CSV, edited, and brought back in — new
//! products created, existing ones updated, matched by SKU (or, for a product that has no
//! SKU yet, by its id from the export). Every line is checked first; any bad line changes
//! nothing. A dry run says what each line would do; applying it twice changes nothing the
//! second time (each line is compared with the product as stored).
//!
//! Columns, in any order, named in the first line: `sku`, `name`, `category`, `price`
//! (required), `id` and `description` (optional; without a `description` column the
//! descriptions are kept). Pictures and made-to-order pricing are not in the file and are
//! kept as they are.

use super::csv::{self, header_key, say, whole, LineError};
use super::{
    Category, Description, Locale, Money, Product, ProductId, ProductName, Sku, MAX_PRICE,
};
use std::collections::HashMap;
use time::OffsetDateTime;

/// Lines one import may carry (each is a product write, with its search index, within
/// one request's time).
pub const MAX_PRODUCT_ROWS: usize = 200;
/// The largest product file taken.
pub const MAX_PRODUCT_FILE: usize = 1024 * 1024;
/// The export's columns, in order.
pub const PRODUCT_COLUMNS: [&str; 6] = ["sku", "id", "name", "category", "price", "description"];

/// One checked line of a product file.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductRow {
    pub line: usize,
    pub sku: Option<Sku>,
    pub id: Option<ProductId>,
    pub name: ProductName,
    pub category: Category,
    pub price: Money,
    /// `None` when the file has no description column (kept as stored).
    pub description: Option<Description>,
}

/// What a line does.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Create(Product),
    Update {
        after: Product,
        changed: Vec<&'static str>,
    },
    Unchanged(Product),
}

impl Step {
    pub fn action(&self) -> &'static str {
        match self {
            Step::Create(_) => "create",
            Step::Update { .. } => "update",
            Step::Unchanged(_) => "unchanged",
        }
    }

    pub fn product(&self) -> &Product {
        match self {
            Step::Create(p) | Step::Unchanged(p) => p,
            Step::Update { after, .. } => after,
        }
    }
}

/// The catalogue as CSV, with the columns of [`PRODUCT_COLUMNS`].
pub fn products_csv(products: &[Product]) -> String {
    let mut out = PRODUCT_COLUMNS.join(",");
    out.push('\n');
    for p in products {
        let fields = [
            p.sku.as_ref().map_or("", Sku::as_str).to_owned(),
            p.id.as_str().to_owned(),
            p.name.as_str().to_owned(),
            p.category.as_str().to_owned(),
            p.price.to_string(),
            p.description.as_str().to_owned(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv::field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// Checks a product file. `category` names a category for what a line calls one (a
/// category's name in either language); a slug is taken as it is.
pub fn parse_products(
    text: &str,
    category: &dyn Fn(&str) -> Option<Category>,
    l: Locale,
) -> Result<Vec<ProductRow>, Vec<LineError>> {
    let (header, body) = csv::header_and_lines(text, l)?;
    let (header, body) = (&header, &body[..]);
    let mut columns: HashMap<String, usize> = HashMap::new();
    let mut problems = Vec::new();
    for (i, name) in header.fields.iter().enumerate() {
        let key = header_key(name);
        if !PRODUCT_COLUMNS.contains(&key.as_str()) {
            problems.push(say(
                l,
                format!("unknown column \"{}\"", super::clip(name, 30)),
                format!("kolom \"{}\" tidak dikenal", super::clip(name, 30)),
            ));
        } else if columns.insert(key.clone(), i).is_some() {
            problems.push(say(
                l,
                format!("column {key} twice"),
                format!("kolom {key} ada dua kali"),
            ));
        }
    }
    for required in ["sku", "name", "category", "price"] {
        if !columns.contains_key(required) {
            problems.push(say(
                l,
                format!("the column {required} is missing (the first line names the columns: sku,id,name,category,price,description)"),
                format!("kolom {required} tidak ada (baris pertama berisi nama kolom: sku,id,name,category,price,description)"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(vec![LineError::new(header.line, problems.join("; "))]);
    }
    if body.is_empty() || body.len() > MAX_PRODUCT_ROWS {
        let n = body.len();
        return Err(vec![LineError::new(
            header.line,
            say(
                l,
                format!("a file holds 1 to {MAX_PRODUCT_ROWS} products; this one has {n}"),
                format!("satu berkas berisi 1 sampai {MAX_PRODUCT_ROWS} produk; berkas ini {n}"),
            ),
        )]);
    }
    let width = header.fields.len();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut skus: HashMap<String, usize> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for r in body {
        if r.fields.len() != width {
            let found = r.fields.len();
            errors.push(LineError::new(
                r.line,
                say(
                    l,
                    format!("expected {width} columns, found {found}"),
                    format!("seharusnya {width} kolom, ada {found}"),
                ),
            ));
            continue;
        }
        let get = |c: &str| columns.get(c).map_or("", |i| csv::unfield(&r.fields[*i]));
        let mut bad = Vec::new();
        let sku = match get("sku") {
            "" => None,
            raw => Sku::parse(raw)
                .map_err(|_| {
                    bad.push(say(
                        l,
                        format!(
                            "SKU \"{}\" must be 1 to 40 letters, digits, - _ . or /",
                            super::clip(raw, 40)
                        ),
                        format!(
                            "SKU \"{}\" harus 1 sampai 40 huruf, angka, - _ . atau /",
                            super::clip(raw, 40)
                        ),
                    ))
                })
                .ok(),
        };
        let id = match get("id") {
            "" => None,
            raw => {
                let parsed = ProductId::parse(raw);
                if parsed.is_none() {
                    bad.push(say(
                        l,
                        format!("id \"{}\" is not a product id", super::clip(raw, 30)),
                        format!("id \"{}\" bukan id produk", super::clip(raw, 30)),
                    ));
                }
                parsed
            }
        };
        if sku.is_none() && id.is_none() && bad.is_empty() {
            bad.push(say(
                l,
                "a product needs its SKU (or, for one without a SKU yet, its id)".into(),
                "produk perlu SKU (atau, untuk yang belum punya SKU, id-nya)".into(),
            ));
        }
        let name = ProductName::parse(get("name"))
            .ok()
            .filter(|n| !n.as_str().is_empty());
        if name.is_none() {
            bad.push(say(
                l,
                "name must be 1 to 120 characters on one line".into(),
                "nama harus 1 sampai 120 karakter dalam satu baris".into(),
            ));
        }
        let named = get("category");
        let cat = category(named).or_else(|| Category::parse(named).ok());
        if cat.is_none() {
            bad.push(say(
                l,
                format!(
                    "category \"{}\" is neither a category's name nor a slug like printing",
                    super::clip(named, 40)
                ),
                format!(
                    "kategori \"{}\" bukan nama kategori dan bukan slug seperti printing",
                    super::clip(named, 40)
                ),
            ));
        }
        let price = whole(get("price")).filter(|p| *p <= MAX_PRICE);
        if price.is_none() {
            bad.push(say(
                l,
                format!(
                    "price must be whole rupiah, like 85000 (found \"{}\")",
                    super::clip(get("price"), 20)
                ),
                format!(
                    "harga harus rupiah bulat, seperti 85000 (tertulis \"{}\")",
                    super::clip(get("price"), 20)
                ),
            ));
        }
        let description = match columns.contains_key("description") {
            false => None,
            true => match Description::parse(get("description")) {
                Ok(d) => Some(d),
                Err(_) => {
                    bad.push(say(
                        l,
                        "description must be at most 4000 characters".into(),
                        "deskripsi paling banyak 4000 karakter".into(),
                    ));
                    None
                }
            },
        };
        if let Some(s) = &sku {
            if let Some(first) = skus.insert(s.key(), r.line) {
                bad.push(say(
                    l,
                    format!("the SKU {} is on line {first} too", s.as_str()),
                    format!("SKU {} juga ada di baris {first}", s.as_str()),
                ));
            }
        }
        if let Some(i) = &id {
            if let Some(first) = ids.insert(i.as_str().to_owned(), r.line) {
                bad.push(say(
                    l,
                    format!("the id is on line {first} too"),
                    format!("id ini juga ada di baris {first}"),
                ));
            }
        }
        match (name, cat, price, bad.is_empty()) {
            (Some(name), Some(category), Some(price), true) => rows.push(ProductRow {
                line: r.line,
                sku,
                id,
                name,
                category,
                price,
                description,
            }),
            _ => errors.push(LineError::new(r.line, bad.join("; "))),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// What each line does to the catalogue `existing` (full products, descriptions
/// included): lines whose SKU or id names a product update it, others create one.
pub fn plan(
    rows: Vec<ProductRow>,
    existing: &[Product],
    now: OffsetDateTime,
    l: Locale,
) -> Result<Vec<(usize, Step)>, Vec<LineError>> {
    let by_sku: HashMap<String, &Product> = existing
        .iter()
        .filter_map(|p| p.sku.as_ref().map(|s| (s.key(), p)))
        .collect();
    let by_id: HashMap<&str, &Product> = existing.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut steps = Vec::new();
    let mut errors = Vec::new();
    // Each product once: two lines writing one product would undo each other.
    let mut targeted: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let sku_owner = row.sku.as_ref().and_then(|s| by_sku.get(&s.key()).copied());
        let id_owner = match &row.id {
            Some(id) => match by_id.get(id.as_str()) {
                Some(p) => Some(*p),
                None => {
                    errors.push(LineError::new(
                        row.line,
                        say(
                            l,
                            format!("no product has the id {id}"),
                            format!("tidak ada produk dengan id {id}"),
                        ),
                    ));
                    continue;
                }
            },
            None => None,
        };
        let target = match (sku_owner, id_owner) {
            (Some(a), Some(b)) if a.id != b.id => {
                errors.push(LineError::new(
                    row.line,
                    say(
                        l,
                        format!(
                            "the SKU belongs to \"{}\", the id to \"{}\"",
                            a.name.as_str(),
                            b.name.as_str()
                        ),
                        format!(
                            "SKU ini milik \"{}\", id ini milik \"{}\"",
                            a.name.as_str(),
                            b.name.as_str()
                        ),
                    ),
                ));
                continue;
            }
            (Some(p), _) | (None, Some(p)) => Some(p),
            (None, None) => None,
        };
        if let Some(p) = target {
            if let Some(first) = targeted.insert(p.id.as_str().to_owned(), row.line) {
                errors.push(LineError::new(
                    row.line,
                    say(
                        l,
                        format!("\"{}\" is on line {first} too", p.name.as_str()),
                        format!("\"{}\" juga ada di baris {first}", p.name.as_str()),
                    ),
                ));
                continue;
            }
        }
        let step = match target {
            None => Step::Create(Product {
                id: ProductId::generate(),
                sku: row.sku,
                name: row.name,
                category: row.category,
                price: row.price,
                description: row.description.unwrap_or_default(),
                image_url: None,
                rating_sum: 0,
                rating_count: 0,
                created_at: now,
                updated_at: now,
                pricing: super::MadeToOrder::default(),
                gallery: Vec::new(),
            }),
            Some(before) => {
                let mut after = before.clone();
                let mut changed = Vec::new();
                // A SKU differing in case only is the same SKU: the stored spelling stays.
                let key = |s: &Option<Sku>| s.as_ref().map(Sku::key);
                if row.sku.is_some() && key(&row.sku) != key(&before.sku) {
                    after.sku = row.sku;
                    changed.push("sku");
                }
                if row.name != before.name {
                    after.name = row.name;
                    changed.push("name");
                }
                if row.category != before.category {
                    after.category = row.category;
                    changed.push("category");
                }
                if row.price != before.price {
                    after.price = row.price;
                    changed.push("price");
                }
                if let Some(d) = row.description.filter(|d| d != &before.description) {
                    after.description = d;
                    changed.push("description");
                }
                if changed.is_empty() {
                    Step::Unchanged(after)
                } else {
                    after.updated_at = now;
                    Step::Update { after, changed }
                }
            }
        };
        steps.push((row.line, step));
    }
    if errors.is_empty() {
        Ok(steps)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
#[path = "product_import/tests.rs"]
mod tests;
