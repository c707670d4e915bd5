//! What shipping costs: a flat rate, a rate per city (Indonesian shops price delivery by
//! where it goes), and optionally free shipping from an amount of goods. Quote and order
//! both take the cost from here, for the city of the address the order ships to.
//!
//! Cities match by a key: lower case, spaces collapsed, a leading "Kota " dropped (the
//! city "Kota Bandung" is "Bandung"), "Kab." read as "Kabupaten" (so "Kab. Bandung" is
//! "Kabupaten Bandung", a different place from the city of Bandung).

use super::{Money, ParseError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Cities one table may list.
pub const MAX_CITY_RATES: usize = 300;
/// The largest rate or threshold (Rp 100 million).
pub const MAX_SHIPPING: Money = 100_000_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CityRate {
    pub city: String,
    pub cost: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShippingRates {
    /// Anywhere the table does not list.
    pub flat: Money,
    pub cities: Vec<CityRate>,
    /// Goods (after promos and voucher) of at least this ship free.
    pub free_from: Option<Money>,
}

impl ShippingRates {
    /// One rate for everywhere (the deployment's `TOKO_SHIPPING_COST` until an admin
    /// sets the table).
    pub fn flat(cost: Money) -> Self {
        Self {
            flat: cost,
            cities: Vec::new(),
            free_from: None,
        }
    }

    /// What shipping `goods` to `city` costs (no city yet: the flat rate).
    pub fn cost(&self, city: Option<&str>, goods: Money) -> Money {
        if self.free_from.is_some_and(|f| goods >= f) {
            return 0;
        }
        let Some(key) = city.map(city_key).filter(|k| !k.is_empty()) else {
            return self.flat;
        };
        self.cities
            .iter()
            .find(|r| city_key(&r.city) == key)
            .map_or(self.flat, |r| r.cost)
    }

    /// The table from the console's form: every problem by its path (`cities[3].cost`),
    /// a city listed twice (by its key) is one of them.
    pub fn parse(body: &Value) -> Result<Self, Vec<(String, ParseError)>> {
        let mut problems = Vec::new();
        let amount = |v: &Value| {
            v.as_i64()
                .filter(|n| (0..=MAX_SHIPPING).contains(n))
                .ok_or("must be a whole number of rupiah from 0 to 100000000")
        };
        let flat = match body.get("flat").map(amount) {
            Some(Ok(n)) => n,
            Some(Err(m)) => {
                problems.push(("flat".to_owned(), m));
                0
            }
            None => {
                problems.push(("flat".to_owned(), "is required"));
                0
            }
        };
        let free_from = match body.get("freeFrom") {
            None | Some(Value::Null) => None,
            Some(v) => match amount(v) {
                Ok(0) | Err(_) => {
                    problems.push((
                        "freeFrom".to_owned(),
                        "must be empty or a whole number of rupiah from 1 to 100000000",
                    ));
                    None
                }
                Ok(n) => Some(n),
            },
        };
        let mut cities = Vec::new();
        match body.get("cities") {
            None | Some(Value::Null) => {}
            Some(Value::Array(list)) if list.len() <= MAX_CITY_RATES => {
                let mut seen = std::collections::HashSet::new();
                for (i, r) in list.iter().enumerate() {
                    let city = r["city"].as_str().unwrap_or("").trim();
                    let city: String = city.split_whitespace().collect::<Vec<_>>().join(" ");
                    if city.is_empty() || city.chars().count() > 100 {
                        problems.push((format!("cities[{i}].city"), "must be 1 to 100 characters"));
                    } else if !seen.insert(city_key(&city)) {
                        problems.push((format!("cities[{i}].city"), "is listed twice"));
                    }
                    match amount(&r["cost"]) {
                        Ok(cost) => cities.push(CityRate { city, cost }),
                        Err(m) => problems.push((format!("cities[{i}].cost"), m)),
                    }
                }
            }
            Some(_) => problems.push(("cities".to_owned(), "must be a list of at most 300 cities")),
        }
        if problems.is_empty() {
            Ok(Self {
                flat,
                cities,
                free_from,
            })
        } else {
            Err(problems)
        }
    }
}

/// The key a city matches by (see the module's notes).
pub fn city_key(raw: &str) -> String {
    let lower = raw.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let mut out = words.join(" ");
    if let Some(rest) = out.strip_prefix("kota ") {
        out = rest.to_owned();
    }
    if let Some(rest) = out
        .strip_prefix("kab. ")
        .or_else(|| out.strip_prefix("kab "))
    {
        out = format!("kabupaten {rest}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rates() -> ShippingRates {
        ShippingRates::parse(&json!({
            "flat": 25_000,
            "cities": [
                { "city": "Bandung", "cost": 10_000 },
                { "city": "Kabupaten Bandung", "cost": 15_000 },
                { "city": "Jakarta Selatan", "cost": 18_000 },
            ],
            "freeFrom": 500_000,
        }))
        .expect("valid")
    }

    #[test]
    fn a_listed_city_has_its_rate_and_the_rest_the_flat_one() {
        let r = rates();
        assert_eq!(r.cost(Some("Bandung"), 100_000), 10_000);
        assert_eq!(r.cost(Some("  kota   BANDUNG "), 100_000), 10_000);
        assert_eq!(r.cost(Some("Kab. Bandung"), 100_000), 15_000);
        assert_eq!(r.cost(Some("jakarta selatan"), 100_000), 18_000);
        assert_eq!(r.cost(Some("Surabaya"), 100_000), 25_000);
        assert_eq!(r.cost(None, 100_000), 25_000);
        assert_eq!(r.cost(Some(""), 100_000), 25_000);
    }

    #[test]
    fn goods_from_the_threshold_ship_free() {
        let r = rates();
        assert_eq!(r.cost(Some("Surabaya"), 499_999), 25_000);
        assert_eq!(r.cost(Some("Surabaya"), 500_000), 0);
        assert_eq!(
            ShippingRates::flat(20_000).cost(Some("Bandung"), 10_000_000),
            20_000
        );
    }

    #[test]
    fn every_problem_is_named_by_its_path() {
        let bad = ShippingRates::parse(&json!({
            "flat": -1,
            "freeFrom": 0,
            "cities": [
                { "city": "Bandung", "cost": 10_000 },
                { "city": "kota bandung", "cost": 12_000 },
                { "city": "", "cost": "x" },
            ],
        }))
        .expect_err("invalid");
        let paths: Vec<&str> = bad.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "flat",
                "freeFrom",
                "cities[1].city",
                "cities[2].city",
                "cities[2].cost"
            ]
        );
        assert!(ShippingRates::parse(&json!({})).is_err());
        let many: Vec<_> = (0..301)
            .map(|i| json!({ "city": format!("C{i}"), "cost": 1 }))
            .collect();
        assert!(ShippingRates::parse(&json!({ "flat": 1, "cities": many })).is_err());
    }
}
