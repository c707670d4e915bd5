//! Product search without a Scan: a token index maintained on product writes.
//!
//! Words are folded (lower case; accented Latin letters to their base letter, so
//! "Kartu" = "kártu"; anything not a letter or digit separates words). A product is
//! indexed under every **prefix of 2 to 15 characters** of each word of its name and
//! category (so "kart" finds "Kartu nama" as it is typed) and under each **whole word**
//! of its description (up to [`MAX_DESCRIPTION_WORDS`] of them). A query's words must
//! each be one of the product's terms; the longest word picks the index partition read.

use super::{Product, ProductId};
use std::collections::BTreeSet;

/// Prefixes are indexed up to this length; longer query words are cut to it.
pub const MAX_PREFIX: usize = 15;
/// Description words indexed per product (the first distinct ones).
pub const MAX_DESCRIPTION_WORDS: usize = 60;
/// Words read from a query.
pub const MAX_QUERY_WORDS: usize = 5;

/// Where a term came from: name and category terms rank before description words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    Name = 0,
    Description = 1,
}

/// The folded form of one character (`None`: it separates words).
fn fold_char(c: char) -> Option<char> {
    let c = c.to_lowercase().next().unwrap_or(c);
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        c if c.is_alphanumeric() => c,
        _ => return None,
    };
    Some(base)
}

/// The distinct folded words of `text` (2 characters or more), in order.
pub fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        match fold_char(c) {
            Some(f) => word.push(f),
            None if word.chars().count() >= 2 => {
                if !out.contains(&word) {
                    out.push(std::mem::take(&mut word));
                } else {
                    word.clear();
                }
            }
            None => word.clear(),
        }
    }
    out
}

fn prefixes(word: &str) -> impl Iterator<Item = String> + '_ {
    let chars: Vec<char> = word.chars().collect();
    (2..=chars.len().min(MAX_PREFIX)).map(move |n| chars[..n].iter().collect())
}

/// Every term a product is found by, with its best rank.
pub fn terms(p: &Product) -> BTreeSet<(String, Rank)> {
    let mut named = BTreeSet::new();
    for w in words(p.name.as_str())
        .into_iter()
        .chain(words(&p.category.as_str().replace('-', " ")))
    {
        named.extend(prefixes(&w));
    }
    let mut out: BTreeSet<(String, Rank)> = named.iter().map(|t| (t.clone(), Rank::Name)).collect();
    for w in words(p.description.as_str())
        .into_iter()
        .take(MAX_DESCRIPTION_WORDS)
    {
        let w: String = w.chars().take(MAX_PREFIX).collect();
        if !named.contains(&w) {
            out.insert((w, Rank::Description));
        }
    }
    out
}

/// The words of a query, each cut to [`MAX_PREFIX`], at most [`MAX_QUERY_WORDS`]; the
/// longest first (it is the most selective: its partition is the one read).
pub fn query_words(q: &str) -> Vec<String> {
    let mut ws: Vec<String> = words(q)
        .into_iter()
        .map(|w| w.chars().take(MAX_PREFIX).collect())
        .collect();
    ws.dedup();
    ws.truncate(MAX_QUERY_WORDS);
    ws.sort_by_key(|w: &String| std::cmp::Reverse(w.chars().count()));
    ws
}

/// Whether `p` has the query word `w` as one of its terms.
pub fn has_word(p: &Product, w: &str) -> bool {
    let t = terms(p);
    t.contains(&(w.to_owned(), Rank::Name)) || t.contains(&(w.to_owned(), Rank::Description))
}

/// Whether a query word is the beginning of a word of `name` (a category's name as the
/// site shows it, in either language).
pub fn names(name: &str, w: &str) -> bool {
    words(name).iter().any(|x| x.starts_with(w))
}

/// Whether `p` has every word of a query as one of its terms.
pub fn matches(p: &Product, query: &[String]) -> bool {
    let t = terms(p);
    query.iter().all(|w| {
        t.contains(&(w.clone(), Rank::Name)) || t.contains(&(w.clone(), Rank::Description))
    })
}

/// The terms a customer is found by in the console: every prefix of 2 to 15 characters
/// of each word of their name and of their e-mail address ("budi", "santoso",
/// "example", "com" from Budi Santoso, budi@example.com).
pub fn person_terms(name: &str, email: &str) -> BTreeSet<String> {
    words(name)
        .into_iter()
        .chain(words(email))
        .flat_map(|w| prefixes(&w).collect::<Vec<_>>())
        .collect()
}

/// Whether every word of a query is one of a person's terms.
pub fn person_matches(name: &str, email: &str, query: &[String]) -> bool {
    let t = person_terms(name, email);
    query.iter().all(|w| t.contains(w))
}

/// An index entry's sort key: rank, then the product (so name matches come first).
pub fn entry_key(rank: Rank, product: &ProductId) -> String {
    format!("{}#{product}", rank as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Category, Description, MadeToOrder, ProductName};
    use time::OffsetDateTime;

    fn product(name: &str, category: &str, description: &str) -> Product {
        Product {
            id: ProductId::generate(),
            sku: None,
            name: ProductName::parse(name).expect("name"),
            category: Category::parse(category).expect("category"),
            price: 1,
            description: Description::parse(description).expect("description"),
            image_url: None,
            pricing: MadeToOrder::default(),
            gallery: Vec::new(),
            rating_sum: 0,
            rating_count: 0,
            created_at: OffsetDateTime::UNIX_EPOCH,
            updated_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn words_fold_case_and_accents_and_split_on_anything_else() {
        assert_eq!(
            words("Kartu-NAMA, kártu  (Crème) a"),
            ["kartu", "nama", "creme"]
        );
        assert_eq!(
            query_words("  nama KART ThinkBook x "),
            ["thinkbook", "nama", "kart"]
        );
    }

    #[test]
    fn names_are_found_by_prefix_descriptions_by_word() {
        let p = product(
            "Kartu nama premium",
            "printing",
            "Kertas art carton 260 gsm, laminasi doff.",
        );
        let t = terms(&p);
        assert!(t.contains(&("ka".to_owned(), Rank::Name)));
        assert!(t.contains(&("kartu".to_owned(), Rank::Name)));
        assert!(
            t.contains(&("print".to_owned(), Rank::Name)),
            "the category"
        );
        assert!(t.contains(&("laminasi".to_owned(), Rank::Description)));
        assert!(
            !t.contains(&("lami".to_owned(), Rank::Description)),
            "description words are whole"
        );
        assert!(matches(&p, &query_words("KÁRT doff")));
        assert!(!matches(&p, &query_words("kartu vinyl")));
        assert!(matches(&p, &query_words("260")));
    }

    #[test]
    fn people_are_found_by_name_and_address_prefixes() {
        let t = person_terms("Budi Santoso", "budi.s@Example.com");
        for term in ["bu", "budi", "san", "santoso", "exa", "com"] {
            assert!(t.contains(term), "{term}");
        }
        assert!(person_matches(
            "Budi Santoso",
            "budi.s@example.com",
            &query_words("budi@example")
        ));
        assert!(!person_matches(
            "Budi Santoso",
            "budi.s@example.com",
            &query_words("ani")
        ));
    }
}
