//! What the site shows of the shop, as its admin writes it (console → Shop): how to reach
//! the shop, the texts of the home page in English and Indonesian, and the product
//! categories with their names in both languages. The shop's name and address come from
//! the shop profile (the invoices' one). Anything left empty, the site shows its own
//! default for (the how-to-buy steps and questions about ordering, the six demo
//! categories); contact lines left empty are not shown at all.

use super::text::{multi_line, single_line};
use super::{Category, Email, ParseError, Phone};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const MAX_STEPS: usize = 8;
pub const MAX_FAQ: usize = 12;
pub const MAX_CATEGORIES: usize = 20;

/// A text in both languages the site speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bilingual {
    pub en: String,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub question: Bilingual,
    pub answer: Bilingual,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryName {
    pub slug: String,
    pub en: String,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Storefront {
    pub phone: Option<String>,
    pub whatsapp: Option<String>,
    pub email: Option<String>,
    pub hours: Option<Bilingual>,
    /// The "about us" paragraph of the home page.
    pub about: Option<Bilingual>,
    pub how_to_buy: Vec<Bilingual>,
    pub faq: Vec<Question>,
    pub categories: Vec<CategoryName>,
}

/// A field the body got wrong: its path (`faq[2].answer.id`) and why.
pub type FieldProblem = (String, ParseError);

fn text(v: &Value, path: &str, max: usize, lines: bool, out: &mut Vec<FieldProblem>) -> String {
    let raw = v.as_str().unwrap_or("");
    let parsed = if !v.is_string() {
        Err("is required")
    } else if lines {
        multi_line(raw, max, "is too long").and_then(|s| {
            if s.is_empty() {
                Err("is required")
            } else {
                Ok(s)
            }
        })
    } else {
        single_line(raw, max, "is too long")
    };
    parsed.unwrap_or_else(|m| {
        out.push((path.to_owned(), m));
        String::new()
    })
}

fn bilingual(v: &Value, path: &str, max: usize, out: &mut Vec<FieldProblem>) -> Bilingual {
    if !v.is_object() {
        out.push((path.to_owned(), "must be an object {en, id}"));
    }
    Bilingual {
        en: text(&v["en"], &format!("{path}.en"), max, true, out),
        id: text(&v["id"], &format!("{path}.id"), max, true, out),
    }
}

fn optional<T>(v: &Value, parse: impl FnOnce(&Value) -> T) -> Option<T> {
    match v {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        _ => Some(parse(v)),
    }
}

fn list<'a>(v: &'a Value, path: &str, max: usize, out: &mut Vec<FieldProblem>) -> &'a [Value] {
    match v {
        Value::Null => &[],
        Value::Array(a) if a.len() <= max => a,
        _ => {
            out.push((path.to_owned(), "must be a list (see the limit in the API)"));
            &[]
        }
    }
}

impl Storefront {
    /// The category a person's word names: its slug, or its name in English or
    /// Indonesian as the site shows it (case and surrounding spaces ignored).
    pub fn category_named(&self, raw: &str) -> Option<super::Category> {
        let raw = raw.trim();
        self.categories
            .iter()
            .find(|c| {
                [&c.slug, &c.en, &c.id]
                    .iter()
                    .any(|n| n.trim().eq_ignore_ascii_case(raw))
            })
            .and_then(|c| super::Category::parse(&c.slug).ok())
    }

    /// The storefront in a request body, every problem found at once.
    pub fn parse(body: &Value) -> Result<Self, Vec<FieldProblem>> {
        let mut out = Vec::new();
        let phone = |key: &str, out: &mut Vec<FieldProblem>| {
            optional(&body[key], |v| {
                match Phone::parse(v.as_str().unwrap_or("")) {
                    Ok(p) => p.as_str().to_owned(),
                    Err(m) => {
                        out.push((key.to_owned(), m));
                        String::new()
                    }
                }
            })
        };
        let phone_number = phone("phone", &mut out);
        let whatsapp = phone("whatsapp", &mut out);
        let email = optional(&body["email"], |v| {
            match Email::parse(v.as_str().unwrap_or("")) {
                Ok(e) => e.as_str().to_owned(),
                Err(m) => {
                    out.push(("email".to_owned(), m));
                    String::new()
                }
            }
        });
        let hours = optional(&body["hours"], |v| bilingual(v, "hours", 100, &mut out));
        let about = optional(&body["about"], |v| bilingual(v, "about", 1000, &mut out));
        let how_to_buy = list(&body["howToBuy"], "howToBuy", MAX_STEPS, &mut out)
            .iter()
            .enumerate()
            .map(|(i, v)| bilingual(v, &format!("howToBuy[{i}]"), 300, &mut out))
            .collect();
        let faq = list(&body["faq"], "faq", MAX_FAQ, &mut out)
            .iter()
            .enumerate()
            .map(|(i, v)| Question {
                question: bilingual(&v["question"], &format!("faq[{i}].question"), 200, &mut out),
                answer: bilingual(&v["answer"], &format!("faq[{i}].answer"), 1000, &mut out),
            })
            .collect();
        let mut categories: Vec<CategoryName> = Vec::new();
        for (i, v) in list(&body["categories"], "categories", MAX_CATEGORIES, &mut out)
            .iter()
            .enumerate()
        {
            let path = format!("categories[{i}]");
            let slug = match Category::parse(v["slug"].as_str().unwrap_or("")) {
                Ok(c) => c.as_str().to_owned(),
                Err(m) => {
                    out.push((format!("{path}.slug"), m));
                    String::new()
                }
            };
            if !slug.is_empty() && categories.iter().any(|c| c.slug == slug) {
                out.push((format!("{path}.slug"), "is already in the list"));
            }
            categories.push(CategoryName {
                slug,
                en: text(&v["en"], &format!("{path}.en"), 40, false, &mut out),
                id: text(&v["id"], &format!("{path}.id"), 40, false, &mut out),
            });
        }
        if !out.is_empty() {
            return Err(out);
        }
        Ok(Self {
            phone: phone_number,
            whatsapp,
            email,
            hours,
            about,
            how_to_buy,
            faq,
            categories,
        })
    }
}

/// What `GET /api/shop` answers: the storefront with the shop's name and address.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicShop {
    pub name: String,
    pub address: String,
    /// The logo's path (`/media/shop/…`), if the shop has one.
    pub logo: Option<String>,
    #[serde(flatten)]
    pub storefront: Storefront,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_full_storefront_reads_back_as_written() {
        let body = json!({
            "phone": "+62 22 555 0101", "whatsapp": "0812 5550 0101", "email": "Shop@Toko.example",
            "hours": { "en": "Mon–Sat 08:00–17:00", "id": "Sen–Sab 08.00–17.00" },
            "howToBuy": [{ "en": "Register", "id": "Daftar" }],
            "faq": [{ "question": { "en": "Q?", "id": "T?" }, "answer": { "en": "A.", "id": "J." } }],
            "categories": [{ "slug": "Printing", "en": "Printing", "id": "Cetak" }],
        });
        let s = Storefront::parse(&body).expect("valid");
        assert_eq!(s.email.as_deref(), Some("shop@toko.example"));
        assert_eq!(s.categories[0].slug, "printing");
        assert_eq!(s.about, None);
        let again = serde_json::to_value(&s).expect("json");
        assert_eq!(Storefront::parse(&again), Ok(s));
    }

    #[test]
    fn every_problem_is_named_by_its_path() {
        let body = json!({
            "phone": "call me", "hours": { "en": "Always" },
            "faq": [{ "question": { "en": "Q?", "id": "T?" }, "answer": { "en": "", "id": "J." } }],
            "categories": [{ "slug": "a", "en": "A", "id": "A" }, { "slug": "a", "en": "B", "id": "B" }],
            "howToBuy": vec![json!({ "en": "x", "id": "y" }); MAX_STEPS + 1],
        });
        let problems = Storefront::parse(&body).expect_err("invalid");
        let paths: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "phone",
                "hours.id",
                "howToBuy",
                "faq[0].answer.en",
                "categories[1].slug"
            ]
        );
    }

    #[test]
    fn empty_means_the_site_s_defaults() {
        assert_eq!(Storefront::parse(&json!({})), Ok(Storefront::default()));
        let blank = json!({ "phone": "", "about": null, "categories": [] });
        assert_eq!(Storefront::parse(&blank), Ok(Storefront::default()));
    }
}
