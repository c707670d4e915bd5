//! E-mail content, rendered in Rust (plain text and HTML, English or Indonesian).

use crate::domain::{Email, Locale, User};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Escapes text for an HTML body or attribute.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn layout(title: &str, paragraphs: &[String], link: Option<(&str, &str)>) -> String {
    let mut body = String::new();
    for p in paragraphs {
        body.push_str(&format!("<p>{}</p>\n", escape_html(p)));
    }
    if let Some((label, href)) = link {
        body.push_str(&format!(
            "<p><a href=\"{}\" style=\"background:#0f5132;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none\">{}</a></p>\n",
            escape_html(href),
            escape_html(label)
        ));
    }
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title></head>\
<body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1b1b1b;max-width:560px;margin:auto\">\n\
<h1 style=\"font-size:20px\">{t}</h1>\n{body}<p style=\"color:#666;font-size:12px\">Toko</p>\n</body></html>\n",
        t = escape_html(title)
    )
}

fn text(paragraphs: &[String], link: Option<(&str, &str)>) -> String {
    let mut out = paragraphs.join("\n\n");
    if let Some((label, href)) = link {
        out.push_str(&format!("\n\n{label}: {href}"));
    }
    out.push_str("\n\n-- \nToko\n");
    out
}

fn mail(to: &Email, subject: String, paragraphs: Vec<String>, link: Option<(&str, &str)>) -> Mail {
    Mail {
        to: to.clone(),
        html: layout(&subject, &paragraphs, link),
        text: text(&paragraphs, link),
        subject,
    }
}

/// Tells a customer their registration was approved, with a link to sign in.
pub fn account_approved(user: &User, site_url: &str) -> Mail {
    let login = format!("{}/#/login", site_url.trim_end_matches('/'));
    let name = user.name.as_str();
    let note = user.decision_note.as_ref().filter(|n| !n.is_empty());
    match user.locale {
        Locale::En => {
            let mut p = vec![
                format!("Hello {name},"),
                "Good news: your Toko account has been approved. You can now sign in, place orders and message the shop.".to_owned(),
            ];
            if let Some(n) = note {
                p.push(format!("Note from the shop: {}", n.as_str()));
            }
            mail(
                &user.email,
                "Your account is approved".to_owned(),
                p,
                Some(("Sign in", &login)),
            )
        }
        Locale::Id => {
            let mut p = vec![
                format!("Halo {name},"),
                "Kabar baik: akun Toko Anda telah disetujui. Sekarang Anda dapat masuk, memesan, dan mengirim pesan ke toko.".to_owned(),
            ];
            if let Some(n) = note {
                p.push(format!("Catatan dari toko: {}", n.as_str()));
            }
            mail(
                &user.email,
                "Akun Anda telah disetujui".to_owned(),
                p,
                Some(("Masuk", &login)),
            )
        }
    }
}

/// Tells a customer their registration was not approved, with the shop's reason.
pub fn account_rejected(user: &User, site_url: &str) -> Mail {
    let contact = format!("{}/#/contact", site_url.trim_end_matches('/'));
    let name = user.name.as_str();
    let note = user.decision_note.as_ref().filter(|n| !n.is_empty());
    match user.locale {
        Locale::En => {
            let mut p = vec![
                format!("Hello {name},"),
                "We are sorry: your Toko account registration was not approved.".to_owned(),
            ];
            if let Some(n) = note {
                p.push(format!("Reason: {}", n.as_str()));
            }
            p.push("If you think this is a mistake, please contact us.".to_owned());
            mail(
                &user.email,
                "Your account registration".to_owned(),
                p,
                Some(("Contact us", &contact)),
            )
        }
        Locale::Id => {
            let mut p = vec![
                format!("Halo {name},"),
                "Mohon maaf: pendaftaran akun Toko Anda tidak disetujui.".to_owned(),
            ];
            if let Some(n) = note {
                p.push(format!("Alasan: {}", n.as_str()));
            }
            p.push("Jika menurut Anda ini keliru, silakan hubungi kami.".to_owned());
            mail(
                &user.email,
                "Pendaftaran akun Anda".to_owned(),
                p,
                Some(("Hubungi kami", &contact)),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_everything_a_customer_typed() {
        assert_eq!(
            escape_html("<b>\"Tom\" & 'Jerry'</b>"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
    }
}
