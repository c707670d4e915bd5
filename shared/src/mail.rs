//! E-mail content, rendered in Rust (plain text and HTML, English or Indonesian).

use crate::domain::{Email, Locale, User};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Extra headers (`List-Unsubscribe` on promo mail).
    pub headers: Vec<(String, String)>,
}

/// An amount as Indonesians write it: `Rp 1.250.000`.
pub fn rupiah(amount: crate::domain::Money) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}Rp {}", crate::domain::grouped(amount))
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

pub(crate) fn mail(
    to: &Email,
    subject: String,
    paragraphs: Vec<String>,
    link: Option<(&str, &str)>,
) -> Mail {
    Mail {
        to: to.clone(),
        html: layout(&subject, &paragraphs, link),
        text: text(&paragraphs, link),
        subject,
        headers: Vec::new(),
    }
}

/// The words of the account e-mails in one language.
struct Words {
    hello: &'static str,
    approved_subject: &'static str,
    approved: &'static str,
    note: &'static str,
    sign_in: &'static str,
    rejected_subject: &'static str,
    rejected: &'static str,
    reason: &'static str,
    mistake: &'static str,
    contact: &'static str,
}

const EN: Words = Words {
    hello: "Hello",
    approved_subject: "Your account is approved",
    approved: "Good news: your Toko account has been approved. You can now sign in, place orders and message the shop.",
    note: "Note from the shop",
    sign_in: "Sign in",
    rejected_subject: "Your account registration",
    rejected: "We are sorry: your Toko account registration was not approved.",
    reason: "Reason",
    mistake: "If you think this is a mistake, please contact us.",
    contact: "Contact us",
};

const ID: Words = Words {
    hello: "Halo",
    approved_subject: "Akun Anda telah disetujui",
    approved: "Kabar baik: akun Toko Anda telah disetujui. Sekarang Anda dapat masuk, memesan, dan mengirim pesan ke toko.",
    note: "Catatan dari toko",
    sign_in: "Masuk",
    rejected_subject: "Pendaftaran akun Anda",
    rejected: "Mohon maaf: pendaftaran akun Toko Anda tidak disetujui.",
    reason: "Alasan",
    mistake: "Jika menurut Anda ini keliru, silakan hubungi kami.",
    contact: "Hubungi kami",
};

fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::En => &EN,
        Locale::Id => &ID,
    }
}

/// The greeting, the message, and the shop's note (when there is one) under `label`.
fn decision_paragraphs(user: &User, greeting: &str, message: &str, label: &str) -> Vec<String> {
    let mut p = vec![
        format!("{greeting} {},", user.name.as_str()),
        message.to_owned(),
    ];
    if let Some(note) = user.decision_note.as_ref().filter(|n| !n.is_empty()) {
        p.push(format!("{label}: {}", note.as_str()));
    }
    p
}

/// Tells a customer their registration was approved, with a link to sign in.
pub fn account_approved(user: &User, site_url: &str) -> Mail {
    let w = words(user.locale);
    let login = format!("{}/#/login", site_url.trim_end_matches('/'));
    let p = decision_paragraphs(user, w.hello, w.approved, w.note);
    mail(
        &user.email,
        w.approved_subject.to_owned(),
        p,
        Some((w.sign_in, &login)),
    )
}

/// Tells a customer their registration was not approved, with the shop's reason.
pub fn account_rejected(user: &User, site_url: &str) -> Mail {
    let w = words(user.locale);
    let contact = format!("{}/#/contact", site_url.trim_end_matches('/'));
    let mut p = decision_paragraphs(user, w.hello, w.rejected, w.reason);
    p.push(w.mistake.to_owned());
    mail(
        &user.email,
        w.rejected_subject.to_owned(),
        p,
        Some((w.contact, &contact)),
    )
}

/// What a customer is told when the shop moves their order: the inbox message's subject
/// and body, and the e-mail with a link to the order.
pub fn order_update(order: &crate::domain::Order, note: &str, site_url: &str) -> Mail {
    use crate::domain::OrderStatus::*;
    let code = order.invoice_code.as_str();
    let link = format!("{}/#/orders/{}", site_url.trim_end_matches('/'), order.id);
    let (subject, message, button) = match order.customer_locale {
        Locale::En => {
            let (s, m) = match order.status {
                Accepted => ("accepted", "The shop accepted your order. Please pay and upload the payment proof on the order page.".to_owned()),
                AwaitingCustomer => ("at a changed price", format!("The shop can make your order at a changed price: the new total is {}. Please agree to it on the order page before paying, or cancel the order.", rupiah(order.total))),
                Rejected => ("not accepted", "We are sorry: the shop could not accept your order.".to_owned()),
                Paid => ("paid", "We received your payment. Thank you!".to_owned()),
                InProduction => ("in production", "Your order is being produced.".to_owned()),
                Shipped => ("shipped", format!("Your order is on its way. Tracking number: {}.", order.tracking_number.as_ref().map(|t| t.as_str()).unwrap_or("-"))),
                Completed => ("completed", "Your order is complete. We would love a review of what you bought.".to_owned()),
                Pending | Cancelled => ("updated", format!("Your order is now {}.", order.status)),
            };
            (format!("Order {code} {s}"), m, "View your order")
        }
        Locale::Id => {
            let (s, m) = match order.status {
                Accepted => ("diterima", "Toko menerima pesanan Anda. Silakan bayar dan unggah bukti pembayaran di halaman pesanan.".to_owned()),
                AwaitingCustomer => ("dengan harga baru", format!("Toko dapat mengerjakan pesanan Anda dengan harga yang berubah: total baru {}. Silakan setujui di halaman pesanan sebelum membayar, atau batalkan pesanan.", rupiah(order.total))),
                Rejected => ("tidak diterima", "Mohon maaf: toko tidak dapat menerima pesanan Anda.".to_owned()),
                Paid => ("dibayar", "Pembayaran Anda sudah kami terima. Terima kasih!".to_owned()),
                InProduction => ("diproduksi", "Pesanan Anda sedang diproduksi.".to_owned()),
                Shipped => ("dikirim", format!("Pesanan Anda dalam perjalanan. Nomor resi: {}.", order.tracking_number.as_ref().map(|t| t.as_str()).unwrap_or("-"))),
                Completed => ("selesai", "Pesanan Anda selesai. Kami senang sekali jika Anda memberi ulasan.".to_owned()),
                Pending | Cancelled => ("diperbarui", format!("Status pesanan Anda sekarang {}.", order.status)),
            };
            (format!("Pesanan {code} {s}"), m, "Lihat pesanan")
        }
    };
    let mut p = vec![message];
    if order.status == Accepted {
        p.push(amount_due(order));
        if let Some(payment) = &order.payment {
            p.extend(crate::order_mail::payment_paragraphs(order, payment));
        }
    }
    if !note.is_empty() {
        p.push(note.to_owned());
    }
    mail(&order.customer_email, subject, p, Some((button, &link)))
}

/// "Order total: Rp 185.000 (subtotal Rp 170.000, discount −Rp 5.000, shipping Rp 20.000)."
/// With a payment request the amount to transfer (total plus code) follows it, so the
/// total is not called the amount to pay.
fn amount_due(order: &crate::domain::Order) -> String {
    let (total, subtotal, discount, shipping) = match (order.customer_locale, &order.payment) {
        (Locale::En, Some(_)) => ("Order total", "subtotal", "discount", "shipping"),
        (Locale::En, None) => ("Total to pay", "subtotal", "discount", "shipping"),
        (Locale::Id, Some(_)) => ("Total pesanan", "subtotal", "diskon", "ongkos kirim"),
        (Locale::Id, None) => ("Total yang dibayar", "subtotal", "diskon", "ongkos kirim"),
    };
    let mut parts = vec![format!("{subtotal} {}", rupiah(order.subtotal))];
    if order.discount > 0 {
        parts.push(format!("{discount} -{}", rupiah(order.discount)));
    }
    if let Some(p) = &order.points {
        parts.push(match order.customer_locale {
            Locale::En => format!("{} points -{}", p.points, rupiah(p.discount)),
            Locale::Id => format!("{} poin -{}", p.points, rupiah(p.discount)),
        });
    }
    parts.push(format!("{shipping} {}", rupiah(order.shipping_cost)));
    format!("{total}: {} ({}).", rupiah(order.total), parts.join(", "))
}

/// The automatic acknowledgement of a customer's message.
pub fn message_received(user: &User, subject: &str, site_url: &str) -> Mail {
    let inbox = format!("{}/#/inbox", site_url.trim_end_matches('/'));
    let name = user.name.as_str();
    let (title, lines, button) = match user.locale {
        Locale::En => (
            "We received your message",
            vec![
                format!("Hello {name},"),
                format!("We received your message \"{subject}\" and will reply within one working day."),
            ],
            "Open your inbox",
        ),
        Locale::Id => (
            "Pesan Anda sudah kami terima",
            vec![
                format!("Halo {name},"),
                format!("Pesan Anda \"{subject}\" sudah kami terima dan akan kami balas dalam satu hari kerja."),
            ],
            "Buka kotak masuk",
        ),
    };
    mail(&user.email, title.to_owned(), lines, Some((button, &inbox)))
}

/// A staff reply, by e-mail as well as in the inbox.
pub fn shop_reply(user: &User, subject: &str, body: &str, site_url: &str) -> Mail {
    let inbox = format!("{}/#/inbox", site_url.trim_end_matches('/'));
    let (hello, button) = match user.locale {
        Locale::En => ("Hello", "Open your inbox"),
        Locale::Id => ("Halo", "Buka kotak masuk"),
    };
    let lines = vec![format!("{hello} {},", user.name.as_str()), body.to_owned()];
    mail(
        &user.email,
        subject.to_owned(),
        lines,
        Some((button, &inbox)),
    )
}

/// A promo for a customer who opted in, with a one-click unsubscribe link.
pub fn promo(user: &User, promo: &crate::domain::Promo, unsubscribe_url: &str) -> Mail {
    let (hello, unsubscribe) = match user.locale {
        Locale::En => ("Hello", "Unsubscribe from promotions"),
        Locale::Id => ("Halo", "Berhenti berlangganan promo"),
    };
    let title = match (promo.discount_percent, promo.discount_amount, user.locale) {
        (Some(d), _, Locale::En) => format!("{} — {d}% off", promo.title),
        (Some(d), _, Locale::Id) => format!("{} — diskon {d}%", promo.title),
        (None, Some(a), Locale::En) => format!("{} — {} off each", promo.title, rupiah(a)),
        (None, Some(a), Locale::Id) => format!("{} — hemat {} per unit", promo.title, rupiah(a)),
        (None, None, _) => promo.title.clone(),
    };
    let lines = vec![
        format!("{hello} {},", user.name.as_str()),
        promo.body.clone(),
    ];
    let mut mail = mail(
        &user.email,
        title,
        lines,
        Some((unsubscribe, unsubscribe_url)),
    );
    // One-click unsubscribe from the mail client (RFC 2369, RFC 8058): a POST to the link.
    mail.headers = vec![
        ("List-Unsubscribe".into(), format!("<{unsubscribe_url}>")),
        (
            "List-Unsubscribe-Post".into(),
            "List-Unsubscribe=One-Click".into(),
        ),
    ];
    mail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rupiah_groups_thousands_with_dots() {
        assert_eq!(rupiah(0), "Rp 0");
        assert_eq!(rupiah(999), "Rp 999");
        assert_eq!(rupiah(1_250_000), "Rp 1.250.000");
        assert_eq!(rupiah(-15_000), "-Rp 15.000");
    }

    #[test]
    fn html_escapes_everything_a_customer_typed() {
        assert_eq!(
            escape_html("<b>\"Tom\" & 'Jerry'</b>"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn promo_mail_offers_one_click_unsubscribe() {
        let user = crate::domain::User::new(
            Email::parse("ani@example.com").expect("email"),
            crate::domain::PersonName::parse("Ani").expect("name"),
            String::new(),
            crate::domain::Role::Customer,
            crate::domain::AccountStatus::Approved,
            time::OffsetDateTime::UNIX_EPOCH,
        );
        let promo = crate::domain::Promo {
            id: crate::domain::PromoId::generate(),
            title: "Diskon".into(),
            body: "Banner 20%".into(),
            image_url: None,
            discount_percent: Some(20),
            discount_amount: None,
            categories: Vec::new(),
            product_ids: Vec::new(),
            min_quantity: 1,
            starts_at: time::OffsetDateTime::UNIX_EPOCH,
            ends_at: time::OffsetDateTime::UNIX_EPOCH,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
        };
        let m = promo_mail(&user, &promo);
        assert_eq!(
            m.headers,
            vec![
                (
                    "List-Unsubscribe".to_owned(),
                    "<https://shop.test/api/unsubscribe?token=t>".to_owned()
                ),
                (
                    "List-Unsubscribe-Post".to_owned(),
                    "List-Unsubscribe=One-Click".to_owned()
                ),
            ]
        );
    }

    fn promo_mail(user: &crate::domain::User, p: &crate::domain::Promo) -> Mail {
        promo(user, p, "https://shop.test/api/unsubscribe?token=t")
    }
}
