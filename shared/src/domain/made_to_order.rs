//! Made-to-order prices (a print shop's banners and business cards): a product may have
//! options (material, finishing: one choice per option, each with a price add-on),
//! a size priced per m² (width × height in cm, charged at least the minimum size), and
//! quantity tiers (the unit price by quantity band). Quote and order compute the price
//! here from what the customer chose; the order line keeps the choices and the unit
//! price charged.
//!
//! The unit price, in whole rupiah:
//! - base = the tier price for the quantity (the band whose `from` is the largest not
//!   above it), else the product's price;
//! - with a size: `round(rate × area_cm² / 10 000)` where rate = base + the add-ons
//!   marked per m² (so the base is a price per m²), rounded half up once, then the
//!   other add-ons per piece; a side below its minimum is charged at the minimum;
//! - without a size: base + every add-on.
//!
//! The line costs unit × quantity (before promos).

use super::{Bilingual, Money};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

pub const MAX_OPTIONS: usize = 6;
pub const MAX_CHOICES: usize = 12;
pub const MAX_TIERS: usize = 10;
/// The longest side a size may have (100 m).
pub const MAX_SIDE_CM: u32 = 10_000;
/// The largest add-on or tier price (Rp 100 million).
pub const MAX_AMOUNT: Money = 100_000_000;
/// The largest unit price a configuration may come to (Rp 10 billion).
pub const MAX_UNIT_PRICE: Money = 10_000_000_000;

/// Problems, each by its path (`options[1].choices[0].add`, `size.widthCm`).
pub type Problems = Vec<(String, &'static str)>;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MadeToOrder {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<OptionGroup>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<SizeRule>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<Tier>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OptionGroup {
    pub code: String,
    pub name: Bilingual,
    pub choices: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    pub code: String,
    pub name: String,
    /// Rupiah added to the unit price (per m² when `per_m2`).
    pub add: Money,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub per_m2: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SizeRule {
    pub min_width_cm: u32,
    pub min_height_cm: u32,
    pub max_width_cm: u32,
    pub max_height_cm: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tier {
    /// The band starts at this quantity and runs to the next band's start.
    pub from: u32,
    pub unit_price: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Size {
    pub width_cm: u32,
    pub height_cm: u32,
}

/// One choice as the order line keeps it (names as they were).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChosenOption {
    pub option: String,
    pub option_name: Bilingual,
    pub choice: String,
    pub name: String,
}

/// What the customer asked for on one line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Configuration {
    /// Option code → choice code.
    pub options: BTreeMap<String, String>,
    pub size: Option<Size>,
}

impl Configuration {
    pub fn is_empty(&self) -> bool {
        self.options.is_empty() && self.size.is_none()
    }

    /// `{options?: {code: choice}, size?: {widthCm, heightCm}}` of a cart line, problems
    /// under `at` (`items[0]`).
    pub fn parse(line: &Value, at: &str, problems: &mut Problems) -> Self {
        let mut c = Configuration::default();
        match line.get("options") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) if map.len() <= MAX_OPTIONS => {
                for (k, v) in map {
                    match v.as_str() {
                        Some(choice) if choice.len() <= 32 => {
                            c.options.insert(k.clone(), choice.to_owned());
                        }
                        _ => problems.push((
                            format!("{at}.options"),
                            "must map each option to a choice code",
                        )),
                    }
                }
            }
            Some(_) => problems.push((
                format!("{at}.options"),
                "must map each option to a choice code",
            )),
        }
        match line.get("size") {
            None | Some(Value::Null) => {}
            Some(s) => {
                let side = |k: &str, problems: &mut Problems| match s.get(k).and_then(Value::as_u64)
                {
                    Some(n) if (1..=u64::from(MAX_SIDE_CM)).contains(&n) => Some(n as u32),
                    _ => {
                        problems.push((
                            format!("{at}.size.{k}"),
                            "must be a whole number of centimetres from 1 to 10000",
                        ));
                        None
                    }
                };
                if let (Some(width_cm), Some(height_cm)) =
                    (side("widthCm", problems), side("heightCm", problems))
                {
                    c.size = Some(Size {
                        width_cm,
                        height_cm,
                    });
                }
            }
        }
        c
    }
}

/// A code as the console writes it from a name: lower case letters and digits, the rest
/// dashes (`Albatros 440g` → `albatros-440g`).
pub fn code_of(name: &str) -> String {
    let mut out = String::new();
    for ch in name.trim().to_lowercase().chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(32).collect()
}

fn good_code(c: &str) -> bool {
    !c.is_empty()
        && c.len() <= 32
        && c.chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
}

fn amount(v: &Value) -> Option<Money> {
    v.as_i64().filter(|n| (0..=MAX_AMOUNT).contains(n))
}

impl MadeToOrder {
    pub fn is_empty(&self) -> bool {
        self.options.is_empty() && self.size.is_none() && self.tiers.is_empty()
    }

    /// The product form's `pricing` object: every problem by its path under `pricing`.
    pub fn parse(v: &Value) -> Result<Self, Problems> {
        let mut p: Problems = Vec::new();
        let mut out = MadeToOrder::default();
        let at = |s: String| format!("pricing.{s}");
        if !v.is_object() {
            return Err(vec![("pricing".to_owned(), "must be an object")]);
        }
        let groups = v
            .get("options")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if groups.len() > MAX_OPTIONS {
            p.push((at("options".into()), "must be a list of at most 6 options"));
        }
        let mut group_codes = std::collections::HashSet::new();
        for (i, g) in groups.iter().take(MAX_OPTIONS).enumerate() {
            let code = g["code"].as_str().unwrap_or("").to_owned();
            if !good_code(&code) {
                p.push((
                    at(format!("options[{i}].code")),
                    "must be 1 to 32 of a-z, 0-9 and -",
                ));
            } else if !group_codes.insert(code.clone()) {
                p.push((at(format!("options[{i}].code")), "is listed twice"));
            }
            let name = Bilingual {
                en: g["name"]["en"].as_str().unwrap_or("").trim().to_owned(),
                id: g["name"]["id"].as_str().unwrap_or("").trim().to_owned(),
            };
            for (k, text) in [("en", &name.en), ("id", &name.id)] {
                if text.is_empty() || text.chars().count() > 60 {
                    p.push((
                        at(format!("options[{i}].name.{k}")),
                        "must be 1 to 60 characters",
                    ));
                }
            }
            let choices = g["choices"].as_array().cloned().unwrap_or_default();
            if choices.is_empty() || choices.len() > MAX_CHOICES {
                p.push((
                    at(format!("options[{i}].choices")),
                    "must be a list of 1 to 12 choices",
                ));
            }
            let mut codes = std::collections::HashSet::new();
            let mut list = Vec::new();
            for (j, c) in choices.iter().take(MAX_CHOICES).enumerate() {
                let path = |k: &str| at(format!("options[{i}].choices[{j}].{k}"));
                let code = c["code"].as_str().unwrap_or("").to_owned();
                if !good_code(&code) {
                    p.push((path("code"), "must be 1 to 32 of a-z, 0-9 and -"));
                } else if !codes.insert(code.clone()) {
                    p.push((path("code"), "is listed twice"));
                }
                let name = c["name"].as_str().unwrap_or("").trim().to_owned();
                if name.is_empty() || name.chars().count() > 60 {
                    p.push((path("name"), "must be 1 to 60 characters"));
                }
                let add = amount(&c["add"]);
                if add.is_none() {
                    p.push((
                        path("add"),
                        "must be a whole number of rupiah from 0 to 100000000",
                    ));
                }
                let per_m2 = c["perM2"].as_bool().unwrap_or(false);
                if per_m2 && v.get("size").is_none_or(Value::is_null) {
                    p.push((path("perM2"), "needs the product to be priced by size"));
                }
                list.push(Choice {
                    code,
                    name,
                    add: add.unwrap_or(0),
                    per_m2,
                });
            }
            out.options.push(OptionGroup {
                code,
                name,
                choices: list,
            });
        }
        if let Some(s) = v.get("size").filter(|s| !s.is_null()) {
            let side = |k: &str, p: &mut Problems| match s.get(k).and_then(Value::as_u64) {
                Some(n) if (1..=u64::from(MAX_SIDE_CM)).contains(&n) => n as u32,
                _ => {
                    p.push((
                        at(format!("size.{k}")),
                        "must be a whole number of centimetres from 1 to 10000",
                    ));
                    1
                }
            };
            let rule = SizeRule {
                min_width_cm: side("minWidthCm", &mut p),
                min_height_cm: side("minHeightCm", &mut p),
                max_width_cm: side("maxWidthCm", &mut p),
                max_height_cm: side("maxHeightCm", &mut p),
            };
            if rule.max_width_cm < rule.min_width_cm {
                p.push((
                    at("size.maxWidthCm".into()),
                    "must not be below the minimum",
                ));
            }
            if rule.max_height_cm < rule.min_height_cm {
                p.push((
                    at("size.maxHeightCm".into()),
                    "must not be below the minimum",
                ));
            }
            out.size = Some(rule);
        }
        let tiers = v
            .get("tiers")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if tiers.len() > MAX_TIERS {
            p.push((at("tiers".into()), "must be a list of at most 10 bands"));
        }
        for (i, t) in tiers.iter().take(MAX_TIERS).enumerate() {
            let from = t["from"]
                .as_u64()
                .filter(|n| (1..=999).contains(n))
                .map(|n| n as u32);
            let previous = out.tiers.last().map(|t: &Tier| t.from);
            match from {
                None => p.push((
                    at(format!("tiers[{i}].from")),
                    "must be a whole number from 1 to 999",
                )),
                Some(f) if i == 0 && f != 1 => p.push((
                    at(format!("tiers[{i}].from")),
                    "must be 1: the first band starts at one piece",
                )),
                Some(f) if previous.is_some_and(|prev| f <= prev) => p.push((
                    at(format!("tiers[{i}].from")),
                    "must be above the band before (bands may not overlap)",
                )),
                Some(_) => {}
            }
            let unit_price = amount(&t["unitPrice"]);
            if unit_price.is_none() {
                p.push((
                    at(format!("tiers[{i}].unitPrice")),
                    "must be a whole number of rupiah from 0 to 100000000",
                ));
            }
            out.tiers.push(Tier {
                from: from.unwrap_or(0),
                unit_price: unit_price.unwrap_or(0),
            });
        }
        if p.is_empty() {
            Ok(out)
        } else {
            Err(p)
        }
    }

    /// The unit price of `quantity` pieces configured as `c` (the product's `base` price
    /// without tiers), and the choices as the order line keeps them; problems under `at`.
    pub fn price(
        &self,
        base: Money,
        quantity: u32,
        c: &Configuration,
        at: &str,
    ) -> Result<(Money, Vec<ChosenOption>), Problems> {
        let mut p: Problems = Vec::new();
        for code in c.options.keys() {
            if !self.options.iter().any(|g| &g.code == code) {
                p.push((
                    format!("{at}.options.{code}"),
                    "is not an option of this product",
                ));
            }
        }
        let mut chosen = Vec::new();
        let (mut per_m2, mut per_piece) = (0i128, 0i128);
        for g in &self.options {
            let Some(code) = c.options.get(&g.code) else {
                p.push((format!("{at}.options.{}", g.code), "is required"));
                continue;
            };
            match g.choices.iter().find(|ch| &ch.code == code) {
                None => p.push((
                    format!("{at}.options.{}", g.code),
                    "is not a choice of this option",
                )),
                Some(ch) => {
                    if ch.per_m2 {
                        per_m2 += i128::from(ch.add);
                    } else {
                        per_piece += i128::from(ch.add);
                    }
                    chosen.push(ChosenOption {
                        option: g.code.clone(),
                        option_name: g.name.clone(),
                        choice: ch.code.clone(),
                        name: ch.name.clone(),
                    });
                }
            }
        }
        let base = self
            .tiers
            .iter()
            .rev()
            .find(|t| t.from <= quantity)
            .map_or(base, |t| t.unit_price);
        let unit = match (self.size, c.size) {
            (Some(rule), Some(size)) => {
                if size.width_cm > rule.max_width_cm {
                    p.push((
                        format!("{at}.size.widthCm"),
                        "is wider than this product is made",
                    ));
                }
                if size.height_cm > rule.max_height_cm {
                    p.push((
                        format!("{at}.size.heightCm"),
                        "is taller than this product is made",
                    ));
                }
                let area = i128::from(size.width_cm.max(rule.min_width_cm))
                    * i128::from(size.height_cm.max(rule.min_height_cm));
                let rate = i128::from(base) + per_m2;
                (rate * area + 5_000) / 10_000 + per_piece
            }
            (Some(_), None) => {
                p.push((
                    format!("{at}.size"),
                    "is required: this product is priced by its size",
                ));
                0
            }
            (None, Some(_)) => {
                p.push((
                    format!("{at}.size"),
                    "is not asked for: this product has no size",
                ));
                0
            }
            (None, None) => i128::from(base) + per_piece,
        };
        if unit > i128::from(MAX_UNIT_PRICE) {
            p.push((format!("{at}.size"), "makes the price too large"));
        }
        if p.is_empty() {
            Ok((unit as Money, chosen))
        } else {
            Err(p)
        }
    }
}

/// A past order line as it can be ordered again today ("Order again").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "state"
)]
pub enum Reorder {
    /// In the catalogue with the same choices: today's unit price (before promos).
    Available {
        product_id: super::ProductId,
        name: String,
        quantity: u32,
        unit_price: Money,
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        options: BTreeMap<String, String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        size: Option<Size>,
    },
    /// Gone from the catalogue, or its choices are no longer offered.
    Unavailable {
        product_id: super::ProductId,
        name: String,
        reason: &'static str,
    },
}

/// What `line` would be today, with `product` as the catalogue has it now (`None`: gone).
pub fn reorder(line: &super::OrderLine, product: Option<&super::Product>) -> Reorder {
    let unavailable = |reason| Reorder::Unavailable {
        product_id: line.product_id.clone(),
        name: line.name.as_str().to_owned(),
        reason,
    };
    let Some(p) = product else {
        return unavailable("not_in_catalogue");
    };
    let c = Configuration {
        options: line
            .options
            .iter()
            .map(|o| (o.option.clone(), o.choice.clone()))
            .collect(),
        size: line.size,
    };
    match p.pricing.price(p.price, line.quantity, &c, "line") {
        Ok((unit_price, _)) => Reorder::Available {
            product_id: p.id.clone(),
            name: p.name.as_str().to_owned(),
            quantity: line.quantity,
            unit_price,
            options: c.options,
            size: c.size,
        },
        Err(_) => unavailable("choices_changed"),
    }
}

/// "300 × 100 cm · Material: Albatros · Finishing: Eyelets" in the language `id` or not.
pub fn describe(size: Option<Size>, options: &[ChosenOption], indonesian: bool) -> String {
    let mut parts = Vec::new();
    if let Some(s) = size {
        parts.push(format!("{} × {} cm", s.width_cm, s.height_cm));
    }
    for o in options {
        let name = if indonesian {
            &o.option_name.id
        } else {
            &o.option_name.en
        };
        parts.push(format!("{name}: {}", o.name));
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests;
