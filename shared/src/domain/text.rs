//! Text as people type it: one-line and multi-line fields, names, phone numbers,
//! notes, and instants as the API and the table write them.

use super::ParseError;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Trimmed one-line text: required, at most `max` characters, no control characters.
pub(crate) fn single_line(
    raw: &str,
    max: usize,
    too_long: ParseError,
) -> Result<String, ParseError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("is required");
    }
    if s.chars().count() > max {
        return Err(too_long);
    }
    if s.chars().any(char::is_control) {
        return Err("must not contain control characters");
    }
    Ok(s.to_owned())
}

/// Trimmed free text: at most `max` characters, line breaks and tabs allowed, no other
/// control characters. May be empty (callers that need text check for that).
pub(crate) fn multi_line(
    raw: &str,
    max: usize,
    too_long: ParseError,
) -> Result<String, ParseError> {
    let s = raw.trim();
    if s.chars().count() > max {
        return Err(too_long);
    }
    if s.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err("must not contain control characters");
    }
    Ok(s.to_owned())
}

/// A person's or company's display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        single_line(raw, 100, "must be at most 100 characters").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number as people write it: digits with optional `+`, spaces, dashes, brackets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let s = raw.trim();
        let digits = s.chars().filter(char::is_ascii_digit).count();
        let allowed = s
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        if !allowed || !(6..=20).contains(&digits) || s.len() > 30 {
            return Err("must be a phone number (6 to 20 digits)");
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A free-text note (decision reasons and the like), trimmed, at most 1,000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(transparent)]
pub struct Note(String);

impl Note {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        multi_line(raw, 1000, "must be at most 1000 characters").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// RFC 3339 UTC text of an instant with exactly three fraction digits, as the API and
/// the table store it. The fixed width makes the text sort in time order (index keys).
pub fn rfc3339(t: OffsetDateTime) -> String {
    const FORMAT: &[time::format_description::BorrowedFormatItem<'_>] = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    t.to_offset(time::UtcOffset::UTC)
        .format(FORMAT)
        .unwrap_or_default()
}

pub fn parse_rfc3339(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            PersonName::parse("  Sari ").expect("valid").as_str(),
            "Sari"
        );
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse(&"n".repeat(101)).is_err());
        assert!(PersonName::parse("a\u{0}b").is_err());
    }

    #[test]
    fn phone_accepts_common_formats_only() {
        assert!(Phone::parse("+62 812-3456-7890").is_ok());
        assert!(Phone::parse("(021) 555 0101").is_ok());
        assert!(Phone::parse("12345").is_err());
        assert!(Phone::parse("call me").is_err());
    }

    #[test]
    fn timestamps_have_a_fixed_width_so_they_sort_in_time_order() {
        let a = time::macros::datetime!(2026-01-02 03:04:05.9 UTC);
        let b = time::macros::datetime!(2026-01-02 03:04:05.95 UTC);
        assert_eq!(rfc3339(a), "2026-01-02T03:04:05.900Z");
        assert!(rfc3339(a) < rfc3339(b));
    }

    #[test]
    fn timestamps_are_rfc3339_utc_with_milliseconds() {
        let t = time::macros::datetime!(2026-01-02 03:04:05.123456 +07:00);
        assert_eq!(rfc3339(t), "2026-01-01T20:04:05.123Z");
        assert_eq!(
            parse_rfc3339(&rfc3339(t)).map(|p| p.unix_timestamp()),
            Some(t.unix_timestamp())
        );
    }
}

/// A picture's address as a product or promo may carry it: the shop's own `/media/…`
/// (uploaded pictures) or `/assets/products/…` (bundled ones), or `https://` on one of
/// `hosts` (the shop's allow-list, `https://host` each). Nothing else, so stored pages
/// never load from a host the shop did not choose (the CSP's `img-src` is the same list).
pub fn image_url(raw: &str, hosts: &[String]) -> Result<String, ParseError> {
    let s = raw.trim();
    // One `//` at most, that of `https://`: no protocol-relative or doubled paths.
    let slashes = s.matches("//").count() == usize::from(s.starts_with("https://"));
    let clean = s.len() <= 1000
        && slashes
        && !s.contains("..")
        && s.chars()
            .all(|c| c.is_ascii_graphic() && !"\"'<>\\`".contains(c));
    let own = s.starts_with("/media/") || s.starts_with("/assets/products/");
    let allowed = hosts.iter().any(|h| {
        s.strip_prefix(h.as_str())
            .is_some_and(|rest| rest.starts_with('/'))
    });
    if clean && (own || allowed) {
        Ok(s.to_owned())
    } else {
        Err("must be a /media/… picture or an https address on the shop's allow-list")
    }
}

#[cfg(test)]
mod image_url_tests {
    use super::image_url;

    #[test]
    fn pictures_come_from_the_shop_or_its_allow_list_only() {
        let hosts = vec!["https://images.example.com".to_owned()];
        for ok in [
            "/media/products/01ABC/01DEF-10.png",
            "/assets/products/printing.svg",
            "https://images.example.com/a/b.jpg",
        ] {
            assert_eq!(image_url(ok, &hosts).as_deref(), Ok(ok), "{ok}");
        }
        for bad in [
            "https://evil.example/x.png",
            "https://images.example.com.evil.example/x.png",
            "https://images.example.com@evil.example/x.png",
            "http://images.example.com/x.png",
            "//evil.example/x.png",
            "/media/../api/me",
            "/console/x.png",
            "javascript:alert(1)",
            "/media/a b.png",
            "https://images.example.com//evil.example/x.png",
        ] {
            assert!(image_url(bad, &hosts).is_err(), "{bad}");
        }
        assert!(image_url("https://images.example.com/x.png", &[]).is_err());
    }
}

/// At most `max` characters, "…" marking a cut.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}
