//! What a cart request carries: lines, voucher code, points, address, note.

use lambda_http::Request;
use toko::domain::{
    parse_points, Address, Configuration, Note, ProductId, VoucherCode, MAX_LINES, MAX_QUANTITY,
};
use toko::http::Form;
use toko::Error;

/// The optional `points` to spend: a whole number from 0 (absent: 0).
pub(crate) fn parse_points_field(form: &mut Form) -> u64 {
    if form.raw("points").is_none() {
        return 0;
    }
    form.value("points", parse_points).unwrap_or(0)
}

/// One line of a cart: the product, how many, and for a made-to-order product what the
/// customer chose (options, size).
pub(crate) type CartLine = (ProductId, u32, Configuration);

pub(crate) struct Cart {
    pub lines: Vec<CartLine>,
    pub voucher: Option<VoucherCode>,
    /// Points to spend (0: none).
    pub points: u64,
    pub address: Address,
    pub note: Note,
}

pub(crate) fn parse_lines(form: &mut Form) -> Option<Vec<CartLine>> {
    let Some(raw) = form.raw("items").cloned() else {
        form.reject("items", "is required");
        return None;
    };
    let Some(list) = raw
        .as_array()
        .filter(|l| !l.is_empty() && l.len() <= MAX_LINES)
    else {
        form.reject("items", "must be a list of 1 to 40 items");
        return None;
    };
    let mut lines = Vec::new();
    let mut ok = true;
    for (i, item) in list.iter().enumerate() {
        let product = item["productId"].as_str().and_then(ProductId::parse);
        if product.is_none() {
            form.reject(format!("items[{i}].productId"), "must be a product id");
        }
        let quantity = item["quantity"]
            .as_u64()
            .filter(|q| (1..=u64::from(MAX_QUANTITY)).contains(q));
        if quantity.is_none() {
            form.reject(
                format!("items[{i}].quantity"),
                "must be a whole number from 1 to 999",
            );
        }
        let mut problems = Vec::new();
        let configuration = Configuration::parse(item, &format!("items[{i}]"), &mut problems);
        ok &= problems.is_empty();
        for (field, message) in problems {
            form.reject(field, message);
        }
        match (product, quantity) {
            (Some(p), Some(q)) => lines.push((p, q as u32, configuration)),
            _ => ok = false,
        }
    }
    ok.then_some(lines)
}

pub(crate) fn parse_cart(req: &Request) -> Result<Cart, Error> {
    let mut form = Form::parse(req)?;
    let lines = parse_lines(&mut form);
    let voucher = form.optional("voucherCode", VoucherCode::parse);
    let points = parse_points_field(&mut form);
    let address = form.address(Some("shippingAddress"));
    let note = form.optional("note", Note::parse).unwrap_or_default();
    let (Some(lines), Some(address)) = (lines, address) else {
        return Err(form.into_error());
    };
    form.finish()?;
    Ok(Cart {
        lines,
        voucher,
        points,
        address,
        note,
    })
}
