//! Compact JSON Web Tokens (RFC 7519) signed with HS256, the one algorithm Toko uses.
//! A token names its algorithm in its header; anything but HS256 is refused before the
//! signature is checked, and the signature is compared in constant time. (A general
//! JWT library dispatches on that header at run time and so links RSA, ECDSA and EdDSA
//! into every bootstrap.)

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

#[derive(Serialize, Deserialize)]
struct Header {
    alg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    typ: Option<String>,
}

fn mac(secret: &[u8], signed: &str) -> HmacSha256 {
    // HMAC takes a key of any length: this cannot fail.
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(signed.as_bytes());
    mac
}

/// `header.claims.signature`, each part base64url without padding.
pub fn sign<T: Serialize>(claims: &T, secret: &[u8]) -> Result<String, serde_json::Error> {
    let header = serde_json::to_vec(&Header {
        alg: "HS256".to_owned(),
        typ: Some("JWT".to_owned()),
    })?;
    let signed = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims)?)
    );
    let signature = URL_SAFE_NO_PAD.encode(mac(secret, &signed).finalize().into_bytes());
    Ok(format!("{signed}.{signature}"))
}

/// The claims of a token signed with `secret` by HS256, or `None` for anything else:
/// another algorithm, another key, a changed byte, claims of another shape.
pub fn verify<T: DeserializeOwned>(token: &str, secret: &[u8]) -> Option<T> {
    let mut parts = token.split('.');
    let (header, claims, signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let h: Header = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).ok()?).ok()?;
    if h.alg != "HS256" {
        return None;
    }
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    mac(secret, &format!("{header}.{claims}"))
        .verify_slice(&signature)
        .ok()?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct C {
        sub: String,
        exp: i64,
    }

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn a_signed_token_verifies_and_anything_changed_does_not() {
        let c = C {
            sub: "u1".into(),
            exp: 5,
        };
        let token = sign(&c, KEY).expect("signed");
        assert_eq!(verify::<C>(&token, KEY), Some(c));
        assert_eq!(
            verify::<C>(&token, b"another key, also 32 bytes long!"),
            None
        );
        let mut bytes = token.clone().into_bytes();
        let i = token.find('.').expect("dot") + 3;
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            verify::<C>(&String::from_utf8(bytes).expect("ascii"), KEY),
            None
        );
        assert_eq!(verify::<C>(&format!("{token}.x"), KEY), None);
        assert_eq!(verify::<C>("", KEY), None);
    }

    #[test]
    fn other_algorithms_are_refused_even_with_a_valid_mac() {
        // "alg":"none" with an HS256 MAC over it still names another algorithm.
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#);
        let claims = URL_SAFE_NO_PAD.encode(br#"{"sub":"u1","exp":5}"#);
        let signed = format!("{header}.{claims}");
        let sig = URL_SAFE_NO_PAD.encode(mac(KEY, &signed).finalize().into_bytes());
        assert_eq!(verify::<C>(&format!("{signed}.{sig}"), KEY), None);
    }
}
