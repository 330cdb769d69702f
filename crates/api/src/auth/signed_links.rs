//! Signed, expiring links to files (the installer in the installation instructions):
//! `…/downloads/{id}?expires=<unix seconds>&signature=<hex>`, where the signature is
//! HMAC-SHA256 over the link's id and expiry with a key derived from the server's
//! signing secret. Nothing secret is stored: the link row holds its id and expiry, the
//! signature is made again from them whenever the link is rendered or checked.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use uuid::Uuid;

use super::tokens::hex;

/// Signs and checks download links.
#[derive(Clone)]
pub struct LinkSigner {
    key: [u8; 32],
}

impl std::fmt::Debug for LinkSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LinkSigner").finish_non_exhaustive()
    }
}

fn mac(key: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length: this cannot fail.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of every length"),
    }
}

impl LinkSigner {
    /// A signer whose key is derived from `secret` for this purpose only, so that a
    /// link's signature says nothing about the tokens the same secret signs.
    pub fn derive(secret: &[u8]) -> Self {
        let mut derive = mac(secret);
        derive.update(b"loket/download-links/v1");
        Self { key: derive.finalize().into_bytes().into() }
    }

    fn message(id: Uuid, expires: i64) -> String {
        format!("{id}.{expires}")
    }

    pub fn sign(&self, id: Uuid, expires: i64) -> String {
        let mut signing = mac(&self.key);
        signing.update(Self::message(id, expires).as_bytes());
        hex(&signing.finalize().into_bytes())
    }

    /// Whether `signature` (hex) is this link's, compared in constant time.
    pub fn verify(&self, id: Uuid, expires: i64, signature: &str) -> bool {
        let Some(bytes) = from_hex(signature) else { return false };
        let mut checking = mac(&self.key);
        checking.update(Self::message(id, expires).as_bytes());
        checking.verify_slice(&bytes).is_ok()
    }

    /// The link as sent: under `public_url`.
    pub fn url(&self, public_url: &str, id: Uuid, expires: i64) -> String {
        let base = public_url.trim_end_matches('/');
        format!("{base}/api/v1/downloads/{id}?expires={expires}&signature={}", self.sign(id, expires))
    }
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| text.get(i..i + 2).and_then(|pair| u8::from_str_radix(pair, 16).ok())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_verifies_only_as_it_was_signed() {
        let signer = LinkSigner::derive(b"a server secret of at least thirty-two bytes");
        let id = Uuid::now_v7();
        let signature = signer.sign(id, 1_800_000_000);
        assert!(signer.verify(id, 1_800_000_000, &signature));
        assert!(!signer.verify(id, 1_800_000_001, &signature), "another expiry");
        assert!(!signer.verify(Uuid::now_v7(), 1_800_000_000, &signature), "another link");
        assert!(!signer.verify(id, 1_800_000_000, &signature[..62]), "cut short");
        assert!(!signer.verify(id, 1_800_000_000, "zz"), "not hex");
        let other = LinkSigner::derive(b"another server secret of thirty-two bytes");
        assert!(!other.verify(id, 1_800_000_000, &signature), "another server");
        let url = signer.url("https://loket.example/", id, 1_800_000_000);
        assert!(url.starts_with(&format!("https://loket.example/api/v1/downloads/{id}?expires=1800000000&signature=")));
    }
}
