//! Reading and writing the CSV files staff bring from their spreadsheets (RFC 4180:
//! commas, fields in double quotes with `""` inside, CRLF or LF line ends, an optional
//! byte-order mark). Each record keeps the line it starts on, for error reports.

/// One record of a file: the line it starts on (1 = the header) and its fields, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// A problem with one line of a file, phrased for the person who made it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

impl LineError {
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

/// The records of `text`, blank lines skipped. An unclosed quote is an error on the line
/// the field started.
pub fn records(text: &str) -> Result<Vec<Record>, LineError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let (mut line, mut start, mut quoted_from) = (1usize, 1usize, None::<usize>);
    let mut chars = text.chars().peekable();
    let mut end_record = |fields: &mut Vec<String>, field: &mut String, start: usize| {
        fields.push(std::mem::take(field).trim().to_owned());
        let record = std::mem::take(fields);
        if !(record.len() == 1 && record[0].is_empty()) {
            out.push(Record {
                line: start,
                fields: record,
            });
        }
    };
    while let Some(c) = chars.next() {
        match (quoted_from, c) {
            (Some(_), '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (Some(_), '"') => quoted_from = None,
            (Some(_), '\n') => {
                line += 1;
                field.push('\n');
            }
            (Some(_), c) => field.push(c),
            (None, '"') if field.trim().is_empty() => {
                field.clear();
                quoted_from = Some(line);
            }
            (None, ',') => fields.push(std::mem::take(&mut field).trim().to_owned()),
            (None, '\r') if chars.peek() == Some(&'\n') => {}
            (None, '\n') => {
                end_record(&mut fields, &mut field, start);
                line += 1;
                start = line;
            }
            (None, c) => field.push(c),
        }
    }
    if let Some(from) = quoted_from {
        return Err(LineError::new(from, "a quoted field is not closed"));
    }
    end_record(&mut fields, &mut field, start);
    Ok(out)
}

/// A message in the language of the person reading it.
pub fn say(l: super::Locale, en: String, id: String) -> String {
    match l {
        super::Locale::En => en,
        super::Locale::Id => id,
    }
}

/// The file's first record (its column names) and the records after it; an unclosed
/// quote or an empty file is a problem phrased in `l`.
pub fn header_and_lines(
    text: &str,
    l: super::Locale,
) -> Result<(Record, Vec<Record>), Vec<LineError>> {
    let mut all = records(text).map_err(|e| {
        vec![LineError::new(
            e.line,
            say(
                l,
                "a quoted field is not closed".into(),
                "ada kolom bertanda kutip yang tidak ditutup".into(),
            ),
        )]
    })?;
    if all.is_empty() {
        return Err(vec![LineError::new(
            1,
            say(l, "the file is empty".into(), "berkasnya kosong".into()),
        )]);
    }
    let header = all.remove(0);
    Ok((header, all))
}

/// A header name as compared: lower case, without spaces, dashes and underscores.
pub fn header_key(raw: &str) -> String {
    raw.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A field for a file staff will open in a spreadsheet: quoted when it needs to be, and
/// a leading `=`, `+`, `-` or `@` made harmless (no formula runs on opening).
pub fn field(raw: &str) -> String {
    let risky = raw.starts_with(['=', '+', '-', '@']);
    if risky || raw.contains([',', '"', '\n', '\r']) {
        let body = raw.replace('"', "\"\"");
        if risky {
            format!("\"'{body}\"")
        } else {
            format!("\"{body}\"")
        }
    } else {
        raw.to_owned()
    }
}

/// A field as [`field`] wrote it: the `'` put before a leading `=`, `+`, `-` or `@`
/// taken off again, so an export reads back as it was.
pub fn unfield(raw: &str) -> &str {
    match raw.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => raw,
    }
}

/// A whole number of rupiah or units as typed in a sheet: digits, optionally grouped
/// with `.` or `,` every three digits (`1.250.000`), never a fraction or a sign.
pub fn whole(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    let grouped = raw.contains(['.', ',']);
    if grouped {
        let sep = if raw.contains('.') { '.' } else { ',' };
        let mut parts = raw.split(sep);
        let first = parts.next()?;
        let ok_first = (1..=3).contains(&first.len());
        let rest: Vec<&str> = parts.collect();
        if !ok_first
            || rest.iter().any(|p| p.len() != 3)
            || (raw.contains('.') && raw.contains(','))
        {
            return None;
        }
    }
    let digits: String = raw.chars().filter(|c| !matches!(c, '.' | ',')).collect();
    if digits.is_empty() || digits.len() > 15 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_keep_their_line_and_read_quotes() {
        let text = "\u{feff}a,b\r\n\r\n\"x, \"\"y\"\"\", 2\n\"multi\nline\",3\n";
        let r = records(text).expect("parsed");
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].fields, ["a", "b"]);
        assert_eq!(
            (r[1].line, r[1].fields.clone()),
            (3, vec!["x, \"y\"".to_owned(), "2".to_owned()])
        );
        assert_eq!((r[2].line, r[2].fields[0].as_str()), (4, "multi\nline"));
        assert_eq!(records("a,\"b\n").expect_err("refused").line, 1);
    }

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("=SUM(A1)"), "\"'=SUM(A1)\"");
        assert_eq!(header_key(" Customer e-mail "), "customeremail");
    }

    #[test]
    fn whole_numbers_as_typed_in_sheets() {
        assert_eq!(whole("1250000"), Some(1_250_000));
        assert_eq!(whole("1.250.000"), Some(1_250_000));
        assert_eq!(whole("1,250,000"), Some(1_250_000));
        for bad in ["-5", "1.5", "12.50", "1.250,00", "", "abc", "1 000", "+3"] {
            assert_eq!(whole(bad), None, "{bad}");
        }
    }
}
