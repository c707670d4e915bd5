//! Past sales brought in from a shop's books, so the dashboard starts with its history.
//!
//! Two forms of CSV, told apart by their header:
//! - monthly: `month,category,units,revenue` (one line per category and month);
//! - order lines: `date,invoice,customer e-mail,product or category,quantity,unit price`
//!   (months, categories, orders — distinct invoices — and customers are summed from it).
//!
//! Every line is checked and every bad one reported with its number; a file with any
//! bad line imports nothing. Identity is the file's SHA-256 (line ends normalised): the
//! same file again changes nothing. A month holds figures from one import at most, so no
//! sale is counted twice by two files; to replace a month, undo its import first.

use super::csv::{self, header_key, say, whole, LineError};
use super::{
    parse_month, Category, CategoryMonth, CustomerStats, Email, Locale, Money, MonthTotal,
};
use std::collections::{BTreeMap, BTreeSet};
use time::Date;

/// The largest file taken (about 40,000 order lines); bigger histories go in several.
pub const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;
/// Months one file may cover: they are written in one transaction with the import.
pub const MAX_IMPORT_MONTHS: usize = 96;
/// Bad lines listed in one answer (the count says how many there were).
pub const MAX_REPORTED_ERRORS: usize = 100;
const MAX_UNITS: i64 = 1_000_000_000;
const MAX_MONEY: i64 = 10_000_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SalesForm {
    Monthly,
    Lines,
}

impl SalesForm {
    pub fn as_str(self) -> &'static str {
        match self {
            SalesForm::Monthly => "monthly",
            SalesForm::Lines => "lines",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [SalesForm::Monthly, SalesForm::Lines]
            .into_iter()
            .find(|f| f.as_str() == raw)
    }
}

/// One month of an import: its totals and its categories' units and revenue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedMonth {
    pub month: String,
    /// Distinct invoices (order-line files); 0 when the books gave only sums.
    pub orders: i64,
    pub units: i64,
    pub revenue: Money,
    pub categories: BTreeMap<String, (i64, Money)>,
}

/// One customer's past orders in an import, by e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedCustomer {
    pub email: String,
    pub orders: i64,
    pub revenue: Money,
    pub last_day: Date,
}

/// A checked file, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesFile {
    pub form: SalesForm,
    pub hash: String,
    pub rows: usize,
    pub months: Vec<ImportedMonth>,
    pub customers: Vec<ImportedCustomer>,
}

impl SalesFile {
    /// The import's id: the start of the file's hash, so one file has one id.
    pub fn id(&self) -> String {
        self.hash[..24].to_owned()
    }

    pub fn units(&self) -> i64 {
        self.months.iter().map(|m| m.units).sum()
    }

    pub fn revenue(&self) -> Money {
        self.months.iter().map(|m| m.revenue).sum()
    }
}

/// Where an import stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportState {
    /// Months written, customers being written: not counted yet.
    Applying,
    Applied,
    Undone,
}

impl ImportState {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportState::Applying => "applying",
            ImportState::Applied => "applied",
            ImportState::Undone => "undone",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Applying, Self::Applied, Self::Undone]
            .into_iter()
            .find(|s| s.as_str() == raw)
    }
}

/// An import as recorded and listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesImport {
    pub id: String,
    pub form: SalesForm,
    pub file_name: String,
    pub rows: usize,
    pub months: Vec<String>,
    pub customers: usize,
    pub units: i64,
    pub revenue: Money,
    pub state: ImportState,
    pub by: String,
    pub at: time::OffsetDateTime,
    pub undone_at: Option<time::OffsetDateTime>,
}

impl SalesImport {
    pub fn of(file: &SalesFile, file_name: &str, by: &str, at: time::OffsetDateTime) -> Self {
        Self {
            id: file.id(),
            form: file.form,
            file_name: super::clip(file_name, 120),
            rows: file.rows,
            months: file.months.iter().map(|m| m.month.clone()).collect(),
            customers: file.customers.len(),
            units: file.units(),
            revenue: file.revenue(),
            state: ImportState::Applying,
            by: by.to_owned(),
            at,
            undone_at: None,
        }
    }
}

fn hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let normal = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    Sha256::digest(normal.trim_end().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

const MONTHLY: [&str; 4] = ["month", "category", "units", "revenue"];
const LINES: [&str; 6] = [
    "date",
    "invoice",
    "customeremail",
    "productorcategory",
    "quantity",
    "unitprice",
];

fn form_of(header: &[String]) -> Option<SalesForm> {
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    if keys == MONTHLY {
        Some(SalesForm::Monthly)
    } else if keys == LINES {
        Some(SalesForm::Lines)
    } else {
        None
    }
}

/// Collects a file's problems, at most [`MAX_REPORTED_ERRORS`] of them listed.
#[derive(Default)]
struct Problems {
    listed: Vec<LineError>,
}

impl Problems {
    fn add(&mut self, line: usize, message: impl Into<String>) {
        self.listed.push(LineError::new(line, message));
    }
}

/// A column's name in each language.
fn column(l: Locale, what: &str) -> &'static str {
    match (l, what) {
        (Locale::En, "units") => "units",
        (Locale::En, "revenue") => "revenue",
        (Locale::En, "quantity") => "quantity",
        (Locale::En, _) => "unit price",
        (Locale::Id, "units") => "jumlah unit",
        (Locale::Id, "revenue") => "pendapatan",
        (Locale::Id, "quantity") => "jumlah",
        (Locale::Id, _) => "harga satuan",
    }
}

fn amount(raw: &str, what: &str, max: i64, l: Locale) -> Result<i64, String> {
    let name = column(l, what);
    let found = super::clip(raw, 20);
    match whole(raw) {
        Some(v) if v <= max => Ok(v),
        Some(_) => Err(say(
            l,
            format!("{name} is too large"),
            format!("{name} terlalu besar"),
        )),
        None => Err(say(
            l,
            format!("{name} must be a whole number, 0 or more, like 1250000 (found \"{found}\")"),
            format!(
                "{name} harus bilangan bulat, 0 atau lebih, seperti 1250000 (tertulis \"{found}\")"
            ),
        )),
    }
}

/// Checks and sums a sales CSV. `resolve` names a category for what the file calls one:
/// a category's slug or name in either language, or (order lines) a product's name.
/// `today` (WIB) bounds the dates: no future months or days. Problems are phrased in `l`.
pub fn parse_sales(
    text: &str,
    resolve: &dyn Fn(&str) -> Option<Category>,
    today: Date,
    l: Locale,
) -> Result<SalesFile, Vec<LineError>> {
    let (header, body) = csv::header_and_lines(text, l)?;
    let (header, body) = (&header, &body[..]);
    let Some(form) = form_of(&header.fields) else {
        return Err(vec![LineError::new(
            header.line,
            say(
                l,
                "the first line must name the columns: month,category,units,revenue — or date,invoice,customer e-mail,product or category,quantity,unit price".into(),
                "baris pertama harus berisi nama kolom: month,category,units,revenue — atau date,invoice,customer e-mail,product or category,quantity,unit price".into(),
            ),
        )]);
    };
    if body.is_empty() {
        return Err(vec![LineError::new(
            header.line,
            say(
                l,
                "the file has no sales after its header".into(),
                "tidak ada penjualan setelah baris judul".into(),
            ),
        )]);
    }
    let this_month = format!("{:04}-{:02}", today.year(), u8::from(today.month()));
    let mut problems = Problems::default();
    let mut months: BTreeMap<String, ImportedMonth> = BTreeMap::new();
    let mut invoices: BTreeSet<(String, String)> = BTreeSet::new();
    let mut customers: BTreeMap<String, (BTreeSet<String>, Money, Date)> = BTreeMap::new();
    let width = header.fields.len();
    for r in body {
        let line = r.line;
        if r.fields.len() != width {
            let found = r.fields.len();
            problems.add(
                line,
                say(
                    l,
                    format!("expected {width} columns, found {found}"),
                    format!("seharusnya {width} kolom, ada {found}"),
                ),
            );
            continue;
        }
        let f = &r.fields;
        let mut bad = Vec::new();
        let named = &f[if form == SalesForm::Monthly { 1 } else { 3 }];
        let category = resolve(named);
        if category.is_none() {
            let named = super::clip(named, 40);
            bad.push(say(
                l,
                format!("\"{named}\" is not a category or product of the shop"),
                format!("\"{named}\" bukan kategori atau produk toko"),
            ));
        }
        match form {
            SalesForm::Monthly => {
                let month = match parse_month(&f[0]) {
                    Some(_) if f[0] > this_month => {
                        bad.push(say(
                            l,
                            format!("month {} is after this month", f[0]),
                            format!("bulan {} belum tiba", f[0]),
                        ));
                        None
                    }
                    Some(_) => Some(f[0].clone()),
                    None => {
                        let found = super::clip(&f[0], 20);
                        bad.push(say(
                            l,
                            format!("month must be written like 2025-01 (found \"{found}\")"),
                            format!("bulan harus ditulis seperti 2025-01 (tertulis \"{found}\")"),
                        ));
                        None
                    }
                };
                let units = amount(&f[2], "units", MAX_UNITS, l)
                    .map_err(|m| bad.push(m))
                    .ok();
                let revenue = amount(&f[3], "revenue", MAX_MONEY, l)
                    .map_err(|m| bad.push(m))
                    .ok();
                if let (Some(month), Some(category), Some(units), Some(revenue), true) =
                    (month, category, units, revenue, bad.is_empty())
                {
                    let m = months
                        .entry(month.clone())
                        .or_insert_with(|| ImportedMonth {
                            month,
                            ..Default::default()
                        });
                    m.units += units;
                    m.revenue += revenue;
                    let c = m
                        .categories
                        .entry(category.as_str().to_owned())
                        .or_default();
                    c.0 += units;
                    c.1 += revenue;
                }
            }
            SalesForm::Lines => {
                let day = match super::Day::parse(&f[0]) {
                    Ok(d) if d.0 > today => {
                        bad.push(say(
                            l,
                            format!("date {} is after today", f[0]),
                            format!("tanggal {} belum tiba", f[0]),
                        ));
                        None
                    }
                    Ok(d) => Some(d.0),
                    Err(_) => {
                        let found = super::clip(&f[0], 20);
                        bad.push(say(
                            l,
                            format!("date must be a real day written like 2025-01-31 (found \"{found}\")"),
                            format!("tanggal harus hari yang ada, ditulis seperti 2025-01-31 (tertulis \"{found}\")"),
                        ));
                        None
                    }
                };
                let invoice = f[1].trim();
                if invoice.is_empty() || invoice.chars().count() > 60 {
                    bad.push(say(
                        l,
                        "invoice must be 1 to 60 characters".into(),
                        "nomor faktur harus 1 sampai 60 karakter".into(),
                    ));
                }
                let email = Email::parse(&f[2])
                    .map_err(|_| {
                        bad.push(say(
                            l,
                            "customer e-mail is not an address like name@example.com".into(),
                            "e-mail pelanggan bukan alamat seperti nama@contoh.com".into(),
                        ))
                    })
                    .ok();
                let quantity = match amount(&f[4], "quantity", MAX_UNITS, l) {
                    Ok(0) => {
                        bad.push(say(
                            l,
                            "quantity must be 1 or more".into(),
                            "jumlah harus 1 atau lebih".into(),
                        ));
                        None
                    }
                    Ok(q) => Some(q),
                    Err(m) => {
                        bad.push(m);
                        None
                    }
                };
                let price = amount(&f[5], "unit price", MAX_MONEY, l)
                    .map_err(|m| bad.push(m))
                    .ok();
                let line_total = quantity.zip(price).and_then(|(q, p)| q.checked_mul(p));
                if quantity.is_some() && price.is_some() && line_total.is_none_or(|t| t > MAX_MONEY)
                {
                    bad.push(say(
                        l,
                        "quantity × unit price is too large".into(),
                        "jumlah × harga satuan terlalu besar".into(),
                    ));
                }
                if let (Some(day), Some(category), Some(email), Some(q), Some(total), true) =
                    (day, category, email, quantity, line_total, bad.is_empty())
                {
                    let month = format!("{:04}-{:02}", day.year(), u8::from(day.month()));
                    let m = months
                        .entry(month.clone())
                        .or_insert_with(|| ImportedMonth {
                            month: month.clone(),
                            ..Default::default()
                        });
                    if invoices.insert((month, invoice.to_owned())) {
                        m.orders += 1;
                    }
                    m.units += q;
                    m.revenue += total;
                    let c = m
                        .categories
                        .entry(category.as_str().to_owned())
                        .or_default();
                    c.0 += q;
                    c.1 += total;
                    let who = customers
                        .entry(email.as_str().to_owned())
                        .or_insert_with(|| (BTreeSet::new(), 0, day));
                    who.0.insert(invoice.to_owned());
                    who.1 += total;
                    who.2 = who.2.max(day);
                }
            }
        }
        if !bad.is_empty() {
            problems.add(line, bad.join("; "));
        }
    }
    if months.len() > MAX_IMPORT_MONTHS && problems.listed.is_empty() {
        let n = months.len();
        problems.add(
            header.line,
            say(
                l,
                format!("the file covers {n} months; at most {MAX_IMPORT_MONTHS} go in one import (split it by year)"),
                format!("berkas mencakup {n} bulan; paling banyak {MAX_IMPORT_MONTHS} per impor (pisahkan per tahun)"),
            ),
        );
    }
    if months.values().any(|m| m.revenue > MAX_MONEY) {
        problems.add(
            header.line,
            say(
                l,
                "a month's revenue is too large".into(),
                "pendapatan satu bulan terlalu besar".into(),
            ),
        );
    }
    if !problems.listed.is_empty() {
        return Err(problems.listed);
    }
    Ok(SalesFile {
        form,
        hash: hash(text),
        rows: body.len(),
        months: months.into_values().collect(),
        customers: customers
            .into_iter()
            .map(|(email, (orders, revenue, last_day))| ImportedCustomer {
                email,
                orders: orders.len() as i64,
                revenue,
                last_day,
            })
            .collect(),
    })
}

/// The dashboard's figures with applied imports added in, each row saying how much of it
/// was imported; rows by month, then category.
pub fn with_imported(
    live: (Vec<CategoryMonth>, Vec<MonthTotal>),
    imported: &[ImportedMonth],
) -> (Vec<CategoryMonth>, Vec<MonthTotal>) {
    let (mut categories, mut totals) = live;
    for m in imported {
        for (category, (units, revenue)) in &m.categories {
            match categories
                .iter_mut()
                .find(|c| c.month == m.month && &c.category == category)
            {
                Some(c) => {
                    c.units += units;
                    c.revenue += revenue;
                    c.imported_units += units;
                    c.imported_revenue += revenue;
                }
                None => categories.push(CategoryMonth {
                    month: m.month.clone(),
                    category: category.clone(),
                    units: *units,
                    revenue: *revenue,
                    imported_units: *units,
                    imported_revenue: *revenue,
                }),
            }
        }
        let total = match totals.iter_mut().find(|t| t.month == m.month) {
            Some(t) => t,
            None => {
                totals.push(MonthTotal::empty(&m.month));
                totals.last_mut().expect("just pushed")
            }
        };
        total.orders += m.orders;
        total.units += m.units;
        total.revenue += m.revenue;
        total.imported_orders += m.orders;
        total.imported_units += m.units;
        total.imported_revenue += m.revenue;
    }
    categories.sort_by(|a, b| (&a.month, &a.category).cmp(&(&b.month, &b.category)));
    totals.sort_by(|a, b| a.month.cmp(&b.month));
    (categories, totals)
}

/// Best customers with their imported past added: one entry per e-mail (an account's
/// figures and its imported ones summed), best first, at most `limit`.
pub fn merge_customers(entries: Vec<CustomerStats>, limit: usize) -> Vec<CustomerStats> {
    let mut merged: Vec<CustomerStats> = Vec::new();
    for e in entries {
        match merged
            .iter_mut()
            .find(|m| !e.email.is_empty() && m.email.eq_ignore_ascii_case(&e.email))
        {
            Some(m) => {
                m.orders += e.orders;
                m.revenue += e.revenue;
                m.imported_revenue += e.imported_revenue;
                m.last_order_at = m.last_order_at.max(e.last_order_at);
                if m.customer_id.is_empty() {
                    m.customer_id = e.customer_id;
                    m.name = e.name;
                }
            }
            None => merged.push(e),
        }
    }
    merged.sort_by(|a, b| b.revenue.cmp(&a.revenue).then(a.email.cmp(&b.email)));
    merged.truncate(limit);
    merged
}

#[cfg(test)]
#[path = "sales_import/tests.rs"]
mod tests;
