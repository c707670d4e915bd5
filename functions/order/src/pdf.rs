//! The invoice as an A4 PDF (`pdf-writer`; the standard Helvetica fonts in WinAnsi
//! encoding, so nothing is embedded): the shop, the customer, the lines with their
//! discounts, voucher, points, shipping, total, what to transfer; pages as needed.

use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str};
use toko::domain::{Locale, Order, PaymentStatus, ShopProfile};
use toko::mail::rupiah;
use toko::order_mail::wib;

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

/// Text as the standard fonts' WinAnsi encoding has it (others become `?`).
fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '…' => 0x85,
            '•' => 0x95,
            '–' => 0x96,
            '—' | '−' => 0x97,
            _ => b'?',
        })
        .collect()
}

/// Helvetica's advance widths (per 1000) of what amounts are made of; others: a digit's.
fn width(s: &str, size: f32) -> f32 {
    let units: u32 = s
        .chars()
        .map(|c| match c {
            '.' | ',' | ' ' => 278,
            '-' => 333,
            'R' => 722,
            _ => 556,
        })
        .sum();
    units as f32 * size / 1000.0
}

/// At most `max` characters of `s`, with an ellipsis when cut.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");
const LEFT: f32 = 50.0;
const RIGHT: f32 = 545.0;
const BOTTOM: f32 = 90.0;

/// Pages being written: the current content and the line position on it.
struct Sheet {
    pages: Vec<Content>,
    y: f32,
}

impl Sheet {
    fn page(&mut self) -> &mut Content {
        if self.pages.is_empty() {
            self.pages.push(Content::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn text(&mut self, x: f32, size: f32, bold: bool, s: &str) {
        let y = self.y;
        let c = self.page();
        c.begin_text();
        c.set_font(if bold { BOLD } else { REGULAR }, size);
        c.next_line(x, y);
        c.show(Str(&win_ansi(s)));
        c.end_text();
    }

    /// Text whose right edge is at `x` (amounts).
    fn right(&mut self, x: f32, size: f32, bold: bool, s: &str) {
        self.text(x - width(s, size), size, bold, s);
    }

    fn rule(&mut self) {
        let y = self.y;
        let c = self.page();
        c.set_line_width(0.5);
        c.move_to(LEFT, y);
        c.line_to(RIGHT, y);
        c.stroke();
    }

    fn down(&mut self, by: f32) {
        self.y -= by;
    }

    /// A new page when fewer than `need` points are left.
    fn room(&mut self, need: f32) -> bool {
        if self.y - need < BOTTOM {
            self.pages.push(Content::new());
            self.y = 792.0;
            true
        } else {
            false
        }
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
    let mut sheet = Sheet {
        pages: Vec::new(),
        y: 792.0,
    };
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
    write(sheet.pages, &w)
}

/// The document: catalogue, page tree, pages with their page numbers, two fonts.
fn write(mut pages: Vec<Content>, w: &Words) -> Vec<u8> {
    let count = pages.len();
    for (i, c) in pages.iter_mut().enumerate() {
        let label = format!("{} {} / {count}", w.page, i + 1);
        c.begin_text();
        c.set_font(REGULAR, 8.0);
        c.next_line(RIGHT - width(&label, 8.0), 40.0);
        c.show(Str(&win_ansi(&label)));
        c.end_text();
    }
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let page_ids: Vec<Ref> = (0..count).map(|i| Ref::new(5 + 2 * i as i32)).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(count as i32);
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    for (i, content) in pages.into_iter().enumerate() {
        let id = page_ids[i];
        let content_id = Ref::new(id.get() + 1);
        let mut page = pdf.page(id);
        page.media_box(Rect::new(0.0, 0.0, 595.0, 842.0));
        page.parent(tree);
        page.contents(content_id);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(REGULAR, regular);
        fonts.pair(BOLD, bold);
        drop(fonts);
        drop(resources);
        drop(page);
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}
