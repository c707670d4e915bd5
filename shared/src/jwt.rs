//! Compact JSON Web Tokens (RFC 7519) in the two forms Toko uses: access tokens signed
//! with EdDSA (Ed25519, RFC 8037) and a key id (`kid`), so only the function that signs
//! holds a private key and every other function verifies with public keys; and links in
//! e-mail signed with HS256 and a key of their own. Each verifier accepts exactly one
//! algorithm, named in the header, before it checks the signature (a general JWT library
//! dispatches on that header at run time, and links RSA and ECDSA into every bootstrap).
//! Ed25519 comes from `ring`, which the TLS stack links already.

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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kid: Option<String>,
}

/// `header.claims` of a token, each base64url without padding.
fn signing_input<T: Serialize>(header: &Header, claims: &T) -> Result<String, serde_json::Error> {
    Ok(format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(header)?),
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims)?)
    ))
}

/// The header, the signed part and the signature of a compact token.
fn split(token: &str) -> Option<(Header, &str, Vec<u8>)> {
    let mut parts = token.split('.');
    let (header, claims, signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let h: Header = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).ok()?).ok()?;
    let signed = &token[..header.len() + 1 + claims.len()];
    Some((h, signed, URL_SAFE_NO_PAD.decode(signature).ok()?))
}

fn claims_of<T: DeserializeOwned>(signed: &str) -> Option<T> {
    let claims = signed.split('.').nth(1)?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).ok()?).ok()
}

/// Signs with Ed25519 under the key id.
pub fn sign_eddsa<T: Serialize>(
    claims: &T,
    kid: &str,
    key: &ring::signature::Ed25519KeyPair,
) -> Result<String, serde_json::Error> {
    let header = Header {
        alg: "EdDSA".to_owned(),
        typ: Some("JWT".to_owned()),
        kid: Some(kid.to_owned()),
    };
    let signed = signing_input(&header, claims)?;
    let signature = URL_SAFE_NO_PAD.encode(key.sign(signed.as_bytes()).as_ref());
    Ok(format!("{signed}.{signature}"))
}

/// The claims of an EdDSA token whose `kid` names one of `public_keys` (id, raw 32-byte
/// Ed25519 public key) and whose signature that key verifies; `None` for anything else.
pub fn verify_eddsa<T: DeserializeOwned>(
    token: &str,
    public_keys: &[(String, Vec<u8>)],
) -> Option<T> {
    use ring::signature::{UnparsedPublicKey, ED25519};
    let (h, signed, signature) = split(token)?;
    if h.alg != "EdDSA" {
        return None;
    }
    let kid = h.kid?;
    let (_, public) = public_keys.iter().find(|(id, _)| *id == kid)?;
    UnparsedPublicKey::new(&ED25519, public)
        .verify(signed.as_bytes(), &signature)
        .ok()?;
    claims_of(signed)
}

pub(crate) fn mac(secret: &[u8], signed: &str) -> HmacSha256 {
    // HMAC takes a key of any length: this cannot fail.
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(signed.as_bytes());
    mac
}

/// `header.claims.signature`, each part base64url without padding.
pub fn sign<T: Serialize>(claims: &T, secret: &[u8]) -> Result<String, serde_json::Error> {
    let header = Header {
        alg: "HS256".to_owned(),
        typ: Some("JWT".to_owned()),
        kid: None,
    };
    let signed = signing_input(&header, claims)?;
    let signature = URL_SAFE_NO_PAD.encode(mac(secret, &signed).finalize().into_bytes());
    Ok(format!("{signed}.{signature}"))
}

/// The claims of a token signed with `secret` by HS256, or `None` for anything else:
/// another algorithm, another key, a changed byte, claims of another shape.
pub fn verify<T: DeserializeOwned>(token: &str, secret: &[u8]) -> Option<T> {
    let (h, signed, signature) = split(token)?;
    if h.alg != "HS256" {
        return None;
    }
    mac(secret, signed).verify_slice(&signature).ok()?;
    claims_of(signed)
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

    fn pair(seed: u8) -> ring::signature::Ed25519KeyPair {
        ring::signature::Ed25519KeyPair::from_seed_unchecked(&[seed; 32]).expect("key")
    }

    fn public(seed: u8) -> Vec<u8> {
        use ring::signature::KeyPair;
        pair(seed).public_key().as_ref().to_vec()
    }

    #[test]
    fn eddsa_tokens_verify_by_their_key_id_only() {
        let c = C {
            sub: "u1".into(),
            exp: 5,
        };
        let token = sign_eddsa(&c, "k1", &pair(1)).expect("signed");
        let keys = vec![("k0".to_owned(), public(0)), ("k1".to_owned(), public(1))];
        assert_eq!(verify_eddsa::<C>(&token, &keys), Some(c));
        // The same key under another id, another key under this id, no such id.
        assert_eq!(
            verify_eddsa::<C>(&token, &[("k1".to_owned(), public(0))]),
            None
        );
        assert_eq!(
            verify_eddsa::<C>(&token, &[("k2".to_owned(), public(1))]),
            None
        );
        let mut bytes = token.clone().into_bytes();
        let i = token.find('.').expect("dot") + 3;
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            verify_eddsa::<C>(&String::from_utf8(bytes).expect("ascii"), &keys),
            None
        );
        // An HS256 token made with a public key as its secret is not an EdDSA token.
        let hs = sign(
            &C {
                sub: "u1".into(),
                exp: 5,
            },
            &public(1),
        )
        .expect("signed");
        assert_eq!(verify_eddsa::<C>(&hs, &keys), None);
        assert_eq!(verify::<C>(&token, &public(1)), None);
    }
}
