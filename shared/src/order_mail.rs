//! The mails about an order's money, in the customer's language: "order received" when
//! it is placed, the transfer instructions of an accepted order (amount with its code,
//! accounts, deadline), and the reminder before the deadline. Times are shown in WIB
//! (UTC+7), as the shop's customers read them.

use crate::domain::{Locale, Order, PaymentRequest, Quote, User};
use crate::mail::{mail, rupiah, Mail};
use time::{OffsetDateTime, UtcOffset};

/// `02-12-2026 16:00 WIB`.
pub fn wib(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::from_hms(7, 0, 0).unwrap_or(UtcOffset::UTC));
    format!(
        "{:02}-{:02}-{} {:02}:{:02} WIB",
        t.day(),
        u8::from(t.month()),
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// How to pay an accepted order: the exact amount and its code, the deadline, the accounts.
pub fn payment_paragraphs(order: &Order, p: &PaymentRequest) -> Vec<String> {
    let due = p.due().map(wib).unwrap_or_else(|| p.due_at.clone());
    let code = order.invoice_code.as_str();
    let mut out = match order.customer_locale {
        Locale::En => vec![format!(
            "Please transfer exactly {} by {due}. The last three digits ({:03}) tell us the transfer is for {code}.",
            rupiah(p.amount),
            p.unique_code
        )],
        Locale::Id => vec![format!(
            "Silakan transfer tepat {} paling lambat {due}. Tiga angka terakhir ({:03}) menandai transfer untuk {code}.",
            rupiah(p.amount),
            p.unique_code
        )],
    };
    if p.accounts.is_empty() {
        out.push(match order.customer_locale {
            Locale::En => "The shop will tell you which account to pay into.".to_owned(),
            Locale::Id => "Toko akan memberi tahu rekening tujuan pembayaran.".to_owned(),
        });
    }
    for a in &p.accounts {
        out.push(match order.customer_locale {
            Locale::En => format!("{} {} (account holder: {})", a.bank, a.number, a.holder),
            Locale::Id => format!("{} {} a.n. {}", a.bank, a.number, a.holder),
        });
    }
    out
}

fn order_link(order: &Order, site_url: &str) -> String {
    format!("{}/#/orders/{}", site_url.trim_end_matches('/'), order.id)
}

/// Sent when a customer places an order: it reached the shop and waits for confirmation.
pub fn order_received(order: &Order, site_url: &str) -> Mail {
    let code = order.invoice_code.as_str();
    let link = order_link(order, site_url);
    let total = rupiah(order.total);
    let name = order.customer_name.as_str();
    let (subject, lines, button) = match order.customer_locale {
        Locale::En => (
            format!("Order {code} received"),
            vec![
                format!("Hello {name},"),
                format!("Thank you: your order {code} ({total}) has reached the shop. It will confirm it soon; then you will get the payment details."),
            ],
            "View your order",
        ),
        Locale::Id => (
            format!("Pesanan {code} sudah tercatat"),
            vec![
                format!("Halo {name},"),
                format!("Terima kasih: pesanan {code} ({total}) sudah sampai di toko. Toko akan segera mengonfirmasinya; setelah itu Anda akan mendapat rincian pembayaran."),
            ],
            "Lihat pesanan",
        ),
    };
    mail(&order.customer_email, subject, lines, Some((button, &link)))
}

/// The one reminder before an accepted order's payment deadline.
pub fn payment_reminder(order: &Order, p: &PaymentRequest, site_url: &str) -> Mail {
    let code = order.invoice_code.as_str();
    let due = p.due().map(wib).unwrap_or_else(|| p.due_at.clone());
    let link = order_link(order, site_url);
    let (subject, hello, button) = match order.customer_locale {
        Locale::En => (
            format!("Reminder: payment for {code} is due {due}"),
            "Hello",
            "View your order",
        ),
        Locale::Id => (
            format!("Pengingat: pembayaran {code} paling lambat {due}"),
            "Halo",
            "Lihat pesanan",
        ),
    };
    let mut lines = vec![format!("{hello} {},", order.customer_name.as_str())];
    lines.extend(payment_paragraphs(order, p));
    mail(&order.customer_email, subject, lines, Some((button, &link)))
}

/// A design proof waits for the customer's approval (the inbox has the same news).
pub fn proof_ready(order: &Order, version: u32, site_url: &str) -> Mail {
    let code = order.invoice_code.as_str();
    let link = order_link(order, site_url);
    let name = order.customer_name.as_str();
    let (subject, lines, button) = match order.customer_locale {
        Locale::En => (
            format!("Proof {version} of {code} is ready for you"),
            vec![
                format!("Hello {name},"),
                format!("The shop has sent proof {version} of order {code}. Please look at it on the order's page and approve it, or tell the shop what to change."),
                "Printing starts once you approve.".to_owned(),
            ],
            "Check the proof",
        ),
        Locale::Id => (
            format!("Proof {version} untuk {code} siap diperiksa"),
            vec![
                format!("Halo {name},"),
                format!("Toko telah mengirim proof {version} untuk pesanan {code}. Silakan periksa di halaman pesanan, lalu setujui atau beri tahu toko apa yang perlu diubah."),
                "Pencetakan dimulai setelah Anda menyetujuinya.".to_owned(),
            ],
            "Periksa proof",
        ),
    };
    mail(&order.customer_email, subject, lines, Some((button, &link)))
}

/// The shop priced a quote request: the total, the validity, a link to accept it.
pub fn quote_ready(user: &User, quote: &Quote, site_url: &str) -> Mail {
    let link = format!("{}/#/quotes/{}", site_url.trim_end_matches('/'), quote.id);
    let name = user.name.as_str();
    let (total, until) = quote
        .offer
        .as_ref()
        .map(|o| (rupiah(o.total), o.valid_until.to_string()))
        .unwrap_or_default();
    let (subject, lines, button) = match user.locale {
        Locale::En => (
            "Your quote is ready".to_owned(),
            vec![
                format!("Hello {name},"),
                format!("The shop has priced your request: {total} for the goods (shipping is added by your address), valid until {until}."),
                "Accept it on the quote's page to turn it into an order, or decline it.".to_owned(),
            ],
            "See the quote",
        ),
        Locale::Id => (
            "Penawaran harga Anda sudah siap".to_owned(),
            vec![
                format!("Halo {name},"),
                format!("Toko sudah memberi harga untuk permintaan Anda: {total} untuk barangnya (ongkos kirim menurut alamat Anda), berlaku sampai {until}."),
                "Terima di halaman penawaran untuk menjadikannya pesanan, atau tolak.".to_owned(),
            ],
            "Lihat penawaran",
        ),
    };
    mail(&user.email, subject, lines, Some((button, &link)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_wib() {
        let t = time::macros::datetime!(2026-12-02 09:05 UTC);
        assert_eq!(wib(t), "02-12-2026 16:05 WIB");
    }
}
