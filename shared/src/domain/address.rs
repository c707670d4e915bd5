//! Shipping addresses: the one an order was sent to (a copy kept on the order) and the
//! customer's address book (at most [`MAX_SAVED_ADDRESSES`], one of them the default).

use super::id::ulid_id;
use super::{Line, ParseError, PersonName, Phone};
use serde::{Deserialize, Serialize};

ulid_id!(AddressId);

/// Saved addresses per customer.
pub const MAX_SAVED_ADDRESSES: u32 = 10;

/// An Indonesian postal address. `district` (kelurahan/kecamatan) and `province` came
/// later: orders placed before them have neither.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    pub recipient: PersonName,
    pub phone: Phone,
    pub street: Line,
    /// Kelurahan/desa and kecamatan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<Line>,
    /// City (kota) or regency (kabupaten).
    pub city: Line,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<Line>,
    pub postal_code: Line,
}

impl Address {
    /// The address as the lines of a label (empty parts left out).
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![
            self.recipient.as_str().to_owned(),
            self.phone.as_str().to_owned(),
            self.street.as_str().to_owned(),
        ];
        if let Some(d) = &self.district {
            out.push(d.as_str().to_owned());
        }
        out.push(match &self.province {
            Some(p) => format!(
                "{}, {} {}",
                self.city.as_str(),
                p.as_str(),
                self.postal_code.as_str()
            ),
            None => format!("{} {}", self.city.as_str(), self.postal_code.as_str()),
        });
        out
    }
}

/// The name a customer gives a saved address ("Home", "Kantor").
pub fn parse_label(raw: &str) -> Result<Line, ParseError> {
    Line::parse(raw, 40)
}

/// An address of the book, as stored and shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedAddress {
    pub id: AddressId,
    pub label: Line,
    #[serde(flatten)]
    pub address: Address,
    /// Whether checkout offers it first.
    pub is_default: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(province: Option<&str>) -> Address {
        Address {
            recipient: PersonName::parse("Budi").expect("valid"),
            phone: Phone::parse("081234567890").expect("valid"),
            street: Line::parse("Jl. Braga 1", 200).expect("valid"),
            district: Some(Line::parse("Braga, Sumur Bandung", 100).expect("valid")),
            city: Line::parse("Kota Bandung", 100).expect("valid"),
            province: province.map(|p| Line::parse(p, 100).expect("valid")),
            postal_code: Line::parse("40111", 20).expect("valid"),
        }
    }

    #[test]
    fn label_lines_leave_out_what_is_missing() {
        let with = address(Some("Jawa Barat")).lines();
        assert_eq!(
            with.last().expect("valid"),
            "Kota Bandung, Jawa Barat 40111"
        );
        assert_eq!(with.len(), 5);
        let mut old = address(None);
        old.district = None;
        assert_eq!(old.lines().last().expect("valid"), "Kota Bandung 40111");
        assert_eq!(old.lines().len(), 4);
    }

    #[test]
    fn orders_from_before_the_new_fields_still_read() {
        let old: Address = serde_json::from_str(
            r#"{"recipient":"Budi","phone":"081234567890","street":"Jl. Braga 1","city":"Bandung","postalCode":"40111"}"#,
        )
        .expect("valid");
        assert_eq!(old.district, None);
        assert_eq!(old.province, None);
        let saved = SavedAddress {
            id: AddressId::generate(),
            label: parse_label("Rumah").expect("valid"),
            address: address(Some("Jawa Barat")),
            is_default: true,
        };
        let v = serde_json::to_value(&saved).expect("valid");
        assert_eq!(v["province"], "Jawa Barat");
        assert_eq!(v["isDefault"], true);
    }
}
