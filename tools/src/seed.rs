//! What `toko seed` may write to, and the demo shop's storefront.

/// Demo accounts have published passwords: they are written only to an emulator (an
/// endpoint on this machine), or when the operator says so explicitly.
pub fn seed_allowed(endpoint: Option<&str>, forced: bool) -> Result<(), String> {
    let host = endpoint
        .and_then(|e| e.split_once("://").map(|(_, rest)| rest))
        .map(|rest| rest.split(['/', '?']).next().unwrap_or(""))
        .map(|authority| match authority.rsplit_once(':') {
            Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
            _ => authority,
        });
    let local = matches!(host, Some("localhost" | "127.0.0.1" | "[::1]" | "::1"));
    if local || forced {
        return Ok(());
    }
    Err(format!(
        "refusing to write demo accounts with published passwords to {}: seed only an emulator \
         (AWS_ENDPOINT_URL on this machine), or pass --i-know-these-passwords-are-public",
        endpoint.unwrap_or("AWS (no AWS_ENDPOINT_URL set)")
    ))
}

/// The demo shop's contact lines and category names (EN/ID), unless an admin already
/// wrote a storefront. The texts stay the site's defaults.
pub async fn seed_storefront(
    store: &toko::adapters::dynamo::DynamoStore,
) -> Result<(), crate::BoxError> {
    use toko::ports::ShopSettings;
    if store.storefront().await? != toko::domain::Storefront::default() {
        return Ok(());
    }
    let names = [
        ("computers", "Computers", "Komputer"),
        ("accessories", "Accessories", "Aksesori"),
        ("printers", "Printers", "Printer"),
        ("printing", "Printing", "Cetak"),
        ("design", "Design", "Desain"),
        ("installation", "Installation", "Instalasi"),
    ];
    let categories: Vec<serde_json::Value> = names
        .iter()
        .map(|(slug, en, id)| serde_json::json!({ "slug": slug, "en": en, "id": id }))
        .collect();
    let body = serde_json::json!({
        "phone": "+62 22 555 0101",
        "whatsapp": "0812 5550 0101",
        "email": "shop@toko.example",
        "hours": { "en": "Mon–Sat 08:00–17:00", "id": "Sen–Sab 08.00–17.00" },
        "categories": categories,
    });
    let storefront =
        toko::domain::Storefront::parse(&body).map_err(|p| format!("demo storefront: {p:?}"))?;
    store.set_storefront(&storefront).await?;
    println!("Demo storefront: contact lines and six categories (console → Shop to edit)");
    Ok(())
}
