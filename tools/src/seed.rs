//! What `toko seed` may write to.

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
