//! Customer files attached to orders: design files and payment proofs.

use super::id::ulid_id;
use super::order::OrderId;
use super::{rfc3339, ParseError, UserId};
use serde::Serialize;
use time::OffsetDateTime;

ulid_id!(FileId);

/// Files one order may carry.
pub const MAX_FILES_PER_ORDER: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Design,
    PaymentProof,
    /// A proof of the print that staff send for the customer's approval.
    DesignProof,
}

impl FileKind {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        match raw.trim() {
            "design" => Ok(Self::Design),
            "payment_proof" => Ok(Self::PaymentProof),
            "design_proof" => Ok(Self::DesignProof),
            _ => Err("must be \"design\", \"payment_proof\" or \"design_proof\""),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Design => "design",
            Self::PaymentProof => "payment_proof",
            Self::DesignProof => "design_proof",
        }
    }

    /// Whether staff upload files of this kind (customers upload the others).
    pub fn by_staff(self) -> bool {
        self == Self::DesignProof
    }

    pub fn max_bytes(self) -> u64 {
        match self {
            Self::Design => 500 * 1024 * 1024,
            Self::PaymentProof => 10 * 1024 * 1024,
            Self::DesignProof => 50 * 1024 * 1024,
        }
    }

    pub fn allows(self, format: FileFormat) -> bool {
        match self {
            Self::Design => true,
            Self::PaymentProof | Self::DesignProof => {
                matches!(format, FileFormat::Jpeg | FileFormat::Png | FileFormat::Pdf)
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    AwaitingUpload,
    Uploaded,
    Rejected,
}

impl FileStatus {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "awaiting_upload" => Some(Self::AwaitingUpload),
            "uploaded" => Some(Self::Uploaded),
            "rejected" => Some(Self::Rejected),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingUpload => "awaiting_upload",
            Self::Uploaded => "uploaded",
            Self::Rejected => "rejected",
        }
    }
}

/// The print formats the shop takes, recognised by extension and checked by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Pdf,
    Ai,
    Eps,
    Psd,
    Svg,
    Cdr,
    Tiff,
    Png,
    Jpeg,
    Zip,
}

impl FileFormat {
    pub fn from_extension(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "pdf" => Self::Pdf,
            "ai" => Self::Ai,
            "eps" => Self::Eps,
            "psd" => Self::Psd,
            "svg" => Self::Svg,
            "cdr" => Self::Cdr,
            "tif" | "tiff" => Self::Tiff,
            "png" => Self::Png,
            "jpg" | "jpeg" => Self::Jpeg,
            "zip" => Self::Zip,
            _ => return None,
        })
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Ai => "ai",
            Self::Eps => "eps",
            Self::Psd => "psd",
            Self::Svg => "svg",
            Self::Cdr => "cdr",
            Self::Tiff => "tiff",
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Zip => "zip",
        }
    }

    /// The type the object is stored and served with (never the client's word).
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Ai => "application/illustrator",
            Self::Eps => "application/postscript",
            Self::Psd => "image/vnd.adobe.photoshop",
            Self::Svg => "image/svg+xml",
            Self::Cdr => "application/vnd.corel-draw",
            Self::Tiff => "image/tiff",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Zip => "application/zip",
        }
    }

    /// Whether the first bytes of a file are what this format starts with.
    pub fn matches(self, b: &[u8]) -> bool {
        let pdf = b.starts_with(b"%PDF-");
        let ps = b.starts_with(b"%!PS") || b.starts_with(&[0xC5, 0xD0, 0xD3, 0xC6]);
        let zip = b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06");
        match self {
            Self::Pdf => pdf,
            Self::Ai => pdf || ps,
            Self::Eps => ps,
            Self::Psd => b.starts_with(b"8BPS"),
            Self::Svg => {
                let text = String::from_utf8_lossy(b).to_ascii_lowercase();
                let head = text.trim_start_matches('\u{feff}').trim_start();
                (head.starts_with("<?xml") || head.starts_with("<svg") || head.starts_with("<!--"))
                    && text.contains("<svg")
            }
            Self::Cdr => (b.len() >= 11 && &b[0..4] == b"RIFF" && &b[8..11] == b"CDR") || zip,
            Self::Tiff => b.starts_with(b"II*\0") || b.starts_with(b"MM\0*"),
            Self::Png => b.starts_with(b"\x89PNG\r\n\x1a\n"),
            Self::Jpeg => b.starts_with(&[0xFF, 0xD8, 0xFF]),
            Self::Zip => zip,
        }
    }
}

/// A file name as shown and offered for download: no path, no control or shell
/// characters, at most 120 characters, never empty. The extension is kept.
pub fn sanitise_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if c.is_alphanumeric() || " ._-()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c == ' ' || c == '_');
    let mut name: String = trimmed.to_owned();
    if name.chars().count() > 120 {
        let ext: String = name
            .rsplit_once('.')
            .map(|(_, e)| e.chars().take(10).collect())
            .unwrap_or_default();
        let keep = 120 - ext.chars().count() - usize::from(!ext.is_empty());
        name = name.chars().take(keep).collect::<String>();
        if !ext.is_empty() {
            name = format!("{}.{ext}", name.trim_end_matches('.'));
        }
    }
    if name.is_empty() {
        "file".to_owned()
    } else {
        name
    }
}

/// `Content-Disposition` for a download under the given name (ASCII fallback and UTF-8).
pub fn attachment_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .filter(|c| *c != '"' && *c != '\\')
        .collect();
    let mut encoded = String::new();
    for b in name.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(b) {
            encoded.push(*b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrderFile {
    pub id: FileId,
    pub order_id: OrderId,
    pub customer_id: UserId,
    pub name: String,
    pub format: FileFormat,
    pub size: u64,
    pub kind: FileKind,
    pub status: FileStatus,
    pub reason: Option<String>,
    pub created_at: OffsetDateTime,
    pub uploaded_at: Option<OffsetDateTime>,
}

/// How long a presigned upload stays valid: long enough for a 500 MB design on a slow
/// line to start, short enough that a leaked link is soon useless.
pub const UPLOAD_WINDOW: time::Duration = time::Duration::minutes(10);

/// What arrived at a file's upload key, as storage tells it.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrival {
    pub size: u64,
    /// When storage received it (`None` when storage does not say).
    pub at: Option<OffsetDateTime>,
}

impl OrderFile {
    /// Server-made storage key of the checked file: never anything the client typed.
    pub fn key(&self) -> String {
        format!(
            "orders/{}/{}/file.{}",
            self.order_id,
            self.id,
            self.format.extension()
        )
    }

    /// Where the client's upload lands until it is checked; only checked bytes are
    /// copied to [`key`](Self::key), so the upload link cannot replace them later.
    /// Uploads never completed expire there by a lifecycle rule.
    pub fn upload_key(&self) -> String {
        format!("uploads/{}", self.key())
    }

    /// Until when the upload link is valid.
    pub fn upload_until(&self) -> OffsetDateTime {
        self.created_at + UPLOAD_WINDOW
    }

    /// Why what arrived cannot be accepted, or `None`. The format (first bytes) is
    /// checked after this by the caller, which reads them only when this passes.
    pub fn refuse_arrival(&self, arrived: &Arrival) -> Option<String> {
        let limit = self.kind.max_bytes();
        // A minute's grace for clocks: S3 refuses a PUT after the link expires.
        let late = arrived
            .at
            .is_some_and(|at| at > self.upload_until() + time::Duration::minutes(1));
        if late {
            Some("The file arrived after the upload link expired.".to_owned())
        } else if arrived.size == 0 {
            Some("The file is empty.".to_owned())
        } else if arrived.size > limit {
            Some(format!(
                "The file is larger than {} MB.",
                limit / (1024 * 1024)
            ))
        } else if arrived.size != self.size {
            Some(format!(
                "The file is {} bytes, not the {} bytes declared.",
                arrived.size, self.size
            ))
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileView {
    pub id: FileId,
    pub name: String,
    pub content_type: &'static str,
    pub size: u64,
    pub kind: FileKind,
    pub status: FileStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uploaded_at: Option<String>,
}

impl From<&OrderFile> for FileView {
    fn from(f: &OrderFile) -> Self {
        Self {
            id: f.id.clone(),
            name: f.name.clone(),
            content_type: f.format.content_type(),
            size: f.size,
            kind: f.kind,
            status: f.status,
            reason: f.reason.clone(),
            created_at: rfc3339(f.created_at),
            uploaded_at: f.uploaded_at.map(rfc3339),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_become_harmless() {
        assert_eq!(sanitise_file_name("../../x"), "x");
        assert_eq!(sanitise_file_name("..\\..\\boot.ini"), "boot.ini");
        assert_eq!(sanitise_file_name(""), "file");
        assert_eq!(sanitise_file_name("...."), "file");
        assert_eq!(
            sanitise_file_name("a<b>\"c\"|d;rm -rf.pdf"),
            "a_b__c__d_rm -rf.pdf"
        );
        assert_eq!(
            sanitise_file_name("Désain kartu nama 名片.ai"),
            "Désain kartu nama 名片.ai"
        );
        let long = format!("{}.pdf", "x".repeat(500));
        let s = sanitise_file_name(&long);
        assert_eq!(s.chars().count(), 120);
        assert!(s.ends_with(".pdf"));
        assert_eq!(sanitise_file_name("evil\u{0}\n.png"), "evil.png");
    }

    #[test]
    fn formats_come_from_the_extension_and_are_checked_by_content() {
        assert_eq!(FileFormat::from_extension("logo.AI"), Some(FileFormat::Ai));
        assert_eq!(
            FileFormat::from_extension("scan.tif"),
            Some(FileFormat::Tiff)
        );
        assert_eq!(FileFormat::from_extension("virus.exe"), None);
        assert_eq!(FileFormat::from_extension("noext"), None);
        assert!(FileFormat::Pdf.matches(b"%PDF-1.7\n"));
        assert!(!FileFormat::Pdf.matches(b"MZ\x90\0"));
        assert!(FileFormat::Svg.matches(b"<?xml version=\"1.0\"?><svg xmlns="));
        assert!(!FileFormat::Svg.matches(b"<html><script>"));
        assert!(FileFormat::Zip.matches(b"PK\x03\x04rest"));
        assert!(FileFormat::Tiff.matches(b"II*\0...."));
        assert!(FileKind::PaymentProof.allows(FileFormat::Pdf));
        assert!(!FileKind::PaymentProof.allows(FileFormat::Zip));
    }

    #[test]
    fn downloads_keep_unicode_names_safely() {
        let d = attachment_disposition("kartu \"nama\" 名片.pdf");
        assert!(
            d.starts_with("attachment; filename=\"kartu nama __.pdf\""),
            "{d}"
        );
        assert!(
            d.contains("filename*=UTF-8''kartu%20%22nama%22%20%E5%90%8D%E7%89%87.pdf"),
            "{d}"
        );
    }

    #[test]
    fn an_upload_is_accepted_only_as_declared_and_in_time() {
        let at = time::macros::datetime!(2026-11-30 10:00 UTC);
        let file = OrderFile {
            id: FileId::generate(),
            order_id: OrderId::generate(),
            customer_id: UserId::generate(),
            name: "design.pdf".into(),
            format: FileFormat::Pdf,
            size: 100,
            kind: FileKind::Design,
            status: FileStatus::AwaitingUpload,
            reason: None,
            created_at: at,
            uploaded_at: None,
        };
        let arrived = |size, minutes| Arrival {
            size,
            at: Some(at + time::Duration::minutes(minutes)),
        };
        assert_eq!(file.refuse_arrival(&arrived(100, 9)), None);
        assert_eq!(
            file.refuse_arrival(&Arrival {
                size: 100,
                at: None
            }),
            None
        );
        let bigger = file.refuse_arrival(&arrived(21_000, 1));
        assert_eq!(
            bigger.as_deref(),
            Some("The file is 21000 bytes, not the 100 bytes declared.")
        );
        assert!(file.refuse_arrival(&arrived(0, 1)).is_some());
        let late = file.refuse_arrival(&arrived(100, 12));
        assert_eq!(
            late.as_deref(),
            Some("The file arrived after the upload link expired.")
        );
        assert!(file.upload_key().starts_with("uploads/orders/"));
        assert!(file.upload_key().ends_with(&file.key()));
    }
}
