//! What an invoice says about the shop: its name, address and tax number (settings).

use super::text::{multi_line, single_line};
use super::ParseError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShopProfile {
    pub name: String,
    /// Street, city, postal code: up to four lines.
    pub address: String,
    /// The shop's tax number (NPWP), empty when it has none.
    pub tax_number: String,
}

impl Default for ShopProfile {
    fn default() -> Self {
        Self {
            name: "Toko".to_owned(),
            address: String::new(),
            tax_number: String::new(),
        }
    }
}

impl ShopProfile {
    pub fn parse_name(raw: &str) -> Result<String, ParseError> {
        single_line(raw, 100, "must be at most 100 characters")
    }

    pub fn parse_address(raw: &str) -> Result<String, ParseError> {
        let a = multi_line(raw, 300, "must be at most 300 characters")?;
        if a.lines().count() > 4 {
            return Err("must be at most 4 lines");
        }
        Ok(a)
    }

    /// Digits with dots, dashes or spaces (NPWP: 15 or 16 digits), or empty.
    pub fn parse_tax_number(raw: &str) -> Result<String, ParseError> {
        let t = raw.trim();
        let digits = t.chars().filter(char::is_ascii_digit).count();
        let ok = t.is_empty()
            || (t.len() <= 30
                && (15..=16).contains(&digits)
                && t.chars().all(|c| c.is_ascii_digit() || ".- ".contains(c)));
        if ok {
            Ok(t.to_owned())
        } else {
            Err("must be 15 or 16 digits (dots, dashes and spaces allowed), or empty")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_numbers_are_npwp_shaped_or_empty() {
        assert_eq!(
            ShopProfile::parse_tax_number(" 01.234.567.8-901.000 "),
            Ok("01.234.567.8-901.000".to_owned())
        );
        assert_eq!(ShopProfile::parse_tax_number(""), Ok(String::new()));
        assert!(ShopProfile::parse_tax_number("12345").is_err());
        assert!(ShopProfile::parse_tax_number("0123456789012345x").is_err());
    }

    #[test]
    fn an_address_has_at_most_four_lines() {
        assert!(ShopProfile::parse_address("Jl. Braga 1\nBandung\n40111").is_ok());
        assert!(ShopProfile::parse_address("a\nb\nc\nd\ne").is_err());
    }
}
