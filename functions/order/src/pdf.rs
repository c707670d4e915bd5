//! The invoice as an A4 PDF (`pdf-writer`; the standard Helvetica fonts in WinAnsi
//! encoding, so nothing is embedded): the shop, the customer, the lines with their
//! discounts, voucher, points, shipping, total, what to transfer; pages as needed.

use toko::domain::{Locale, Order, PaymentStatus, ShopProfile};
use toko::mail::rupiah;
use toko::order_mail::wib;
use toko::pdf::{clip, write, Sheet, LEFT, RIGHT};

/// The invoice's words in one language.
struct Words {
    title: &'static str,
    tax: &'static str,
    invoice: &'static str,
    date: &'static str,
    bill_to: &'static str,
    ship_to: &'static str,
    item: &'static str,
    qty: &'static str,
    price: &'static str,
    discount: &'static str,
    amount: &'static str,
    subtotal: &'static str,
    promos: &'static str,
    voucher: &'static str,
    points: &'static str,
    shipping: &'static str,
    total: &'static str,
    transfer: &'static str,
    due: &'static str,
    payment: &'static str,
    page: &'static str,
}

fn words(locale: Locale) -> Words {
    match locale {
        Locale::En => Words {
            title: "INVOICE",
            tax: "Tax number",
            invoice: "Invoice",
            date: "Date",
            bill_to: "Bill to",
            ship_to: "Ship to",
            item: "Item",
            qty: "Qty",
            price: "Unit price",
            discount: "Discount",
            amount: "Amount",
            subtotal: "Subtotal",
            promos: "Promo discounts",
            voucher: "Voucher",
            points: "Points",
            shipping: "Shipping",
            total: "Total",
            transfer: "Amount to transfer (with unique code)",
            due: "Pay by",
            payment: "Payment",
            page: "Page",
        },
        Locale::Id => Words {
            title: "FAKTUR",
            tax: "NPWP",
            invoice: "Faktur",
            date: "Tanggal",
            bill_to: "Ditagihkan kepada",
            ship_to: "Dikirim ke",
            item: "Barang",
            qty: "Jml",
            price: "Harga satuan",
            discount: "Diskon",
            amount: "Jumlah",
            subtotal: "Subtotal",
            promos: "Diskon promo",
            voucher: "Voucher",
            points: "Poin",
            shipping: "Ongkos kirim",
            total: "Total",
            transfer: "Jumlah transfer (dengan kode unik)",
            due: "Bayar sebelum",
            payment: "Pembayaran",
            page: "Halaman",
        },
    }
}

fn status_words(status: PaymentStatus, locale: Locale) -> &'static str {
    match (status, locale) {
        (PaymentStatus::NotDue, Locale::En) => "waiting for the shop's confirmation",
        (PaymentStatus::NotDue, Locale::Id) => "menunggu konfirmasi toko",
        (PaymentStatus::Unpaid, Locale::En) => "not paid yet",
        (PaymentStatus::Unpaid, Locale::Id) => "belum dibayar",
        (PaymentStatus::Overdue, Locale::En) => "overdue",
        (PaymentStatus::Overdue, Locale::Id) => "lewat batas waktu",
        (PaymentStatus::Paid, Locale::En) => "paid",
        (PaymentStatus::Paid, Locale::Id) => "lunas",
        (PaymentStatus::Void, Locale::En) => "void (order rejected or cancelled)",
        (PaymentStatus::Void, Locale::Id) => "batal (pesanan ditolak atau dibatalkan)",
    }
}

const COLUMNS: [f32; 4] = [330.0, 400.0, 470.0, RIGHT];

fn table_header(sheet: &mut Sheet, w: &Words) {
    sheet.text(LEFT, 9.0, true, w.item);
    sheet.right(COLUMNS[0], 9.0, true, w.qty);
    sheet.right(COLUMNS[1], 9.0, true, w.price);
    sheet.right(COLUMNS[2], 9.0, true, w.discount);
    sheet.right(COLUMNS[3], 9.0, true, w.amount);
    sheet.down(6.0);
    sheet.rule();
    sheet.down(14.0);
}

/// The invoice as an A4 PDF.
pub(crate) fn render(
    shop: &ShopProfile,
    order: &Order,
    status: PaymentStatus,
    locale: Locale,
) -> Vec<u8> {
    let w = words(locale);
    let mut sheet = Sheet::new();
    // The shop, and the invoice's code and date.
    sheet.text(LEFT, 16.0, true, &clip(&shop.name, 50));
    sheet.right(RIGHT, 16.0, true, w.title);
    sheet.down(18.0);
    for line in shop.address.lines().take(4) {
        sheet.text(LEFT, 9.0, false, &clip(line, 70));
        sheet.down(12.0);
    }
    if !shop.tax_number.is_empty() {
        sheet.text(LEFT, 9.0, false, &format!("{}: {}", w.tax, shop.tax_number));
        sheet.down(12.0);
    }
    sheet.down(10.0);
    let meta = [
        format!("{}: {}", w.invoice, order.invoice_code.as_str()),
        format!("{}: {}", w.date, wib(order.created_at)),
        format!("{}: {}", w.payment, status_words(status, locale)),
    ];
    for m in &meta {
        sheet.text(LEFT, 10.0, false, m);
        sheet.down(13.0);
    }
    sheet.down(10.0);
    // Who pays, and where it goes.
    let a = &order.shipping_address;
    let top = sheet.y;
    sheet.text(LEFT, 9.0, true, w.bill_to);
    sheet.down(12.0);
    for line in [order.customer_name.as_str(), order.customer_email.as_str()] {
        sheet.text(LEFT, 9.0, false, &clip(line, 45));
        sheet.down(12.0);
    }
    let after_bill = sheet.y;
    sheet.y = top;
    sheet.text(300.0, 9.0, true, w.ship_to);
    sheet.down(12.0);
    for line in a.lines() {
        sheet.text(300.0, 9.0, false, &clip(&line, 45));
        sheet.down(12.0);
    }
    sheet.y = sheet.y.min(after_bill) - 14.0;
    // The lines.
    table_header(&mut sheet, &w);
    for line in &order.items {
        if sheet.room(16.0) {
            table_header(&mut sheet, &w);
        }
        sheet.text(LEFT, 9.0, false, &clip(line.name.as_str(), 48));
        sheet.right(COLUMNS[0], 9.0, false, &line.quantity.to_string());
        sheet.right(COLUMNS[1], 9.0, false, &rupiah(line.unit_price));
        let discount = if line.discount > 0 {
            format!("-{}", rupiah(line.discount))
        } else {
            String::from("-")
        };
        sheet.right(COLUMNS[2], 9.0, false, &discount);
        sheet.right(COLUMNS[3], 9.0, false, &rupiah(line.net()));
        // A made-to-order line's size and choices under its name.
        let details = line.details(locale == Locale::Id);
        if !details.is_empty() {
            sheet.down(11.0);
            sheet.text(LEFT + 8.0, 8.0, false, &clip(&details, 70));
        }
        sheet.down(15.0);
    }
    sheet.rule();
    sheet.down(16.0);
    // The totals.
    let promos: i64 = order.items.iter().map(|l| l.discount).sum();
    let mut rows = vec![(w.subtotal.to_owned(), rupiah(order.subtotal), false)];
    if promos > 0 {
        rows.push((w.promos.to_owned(), format!("-{}", rupiah(promos)), false));
    }
    if let Some(v) = &order.voucher {
        rows.push((
            format!("{} {}", w.voucher, v.code),
            format!("-{}", rupiah(v.discount)),
            false,
        ));
    }
    if let Some(p) = &order.points {
        rows.push((
            format!("{} ({})", w.points, p.points),
            format!("-{}", rupiah(p.discount)),
            false,
        ));
    }
    rows.push((w.shipping.to_owned(), rupiah(order.shipping_cost), false));
    rows.push((w.total.to_owned(), rupiah(order.total), true));
    if let Some(p) = &order.payment {
        rows.push((w.transfer.to_owned(), rupiah(p.amount), true));
        let due = p.due().map(wib).unwrap_or_else(|| p.due_at.clone());
        rows.push((w.due.to_owned(), due, false));
    }
    for (label, value, bold) in &rows {
        sheet.room(16.0);
        sheet.right(COLUMNS[2], 10.0, *bold, label);
        sheet.right(COLUMNS[3], 10.0, *bold, value);
        sheet.down(15.0);
    }
    if let Some(p) = &order.payment {
        sheet.down(8.0);
        for a in &p.accounts {
            sheet.room(14.0);
            let line = format!("{} {} - {}", a.bank, a.number, a.holder);
            sheet.text(LEFT, 9.0, false, &clip(&line, 90));
            sheet.down(12.0);
        }
    }
    write(sheet, &[], w.page)
}
