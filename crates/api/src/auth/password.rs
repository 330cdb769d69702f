//! Password hashing with Argon2id at the OWASP-recommended cost (19 MiB, 2 passes, 1 lane).
//! Hashing runs on the blocking pool so it does not stall the async workers.

use std::sync::OnceLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

fn hasher() -> Result<Argon2<'static>, anyhow::Error> {
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| anyhow::anyhow!("argon2 params: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password to a PHC string.
pub async fn hash_password(password: String) -> Result<String, anyhow::Error> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await?
}

fn hash_blocking(password: &str) -> Result<String, anyhow::Error> {
    let hash = hasher()?.hash_password(password.as_bytes()).map_err(|e| anyhow::anyhow!("argon2 hash: {e}"))?;
    Ok(hash.to_string())
}

/// Checks a password against a stored PHC string. When there is no stored hash (unknown
/// user, or an invitation not yet accepted) a dummy hash is checked instead, so that the
/// answer takes as long either way and does not reveal whether the account exists.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, anyhow::Error> {
    tokio::task::spawn_blocking(move || {
        let (target, real) = match stored {
            Some(hash) => (hash, true),
            None => (dummy_hash()?.to_owned(), false),
        };
        let parsed = PasswordHash::new(&target).map_err(|e| anyhow::anyhow!("stored hash unreadable: {e}"))?;
        let matches = hasher()?.verify_password(password.as_bytes(), &parsed).is_ok();
        Ok(real && matches)
    })
    .await?
}

fn dummy_hash() -> Result<&'static str, anyhow::Error> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DUMMY.get() {
        return Ok(hash);
    }
    let hash = hash_blocking("loket dummy password for timing")?;
    Ok(DUMMY.get_or_init(|| hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_use_argon2id_owasp_parameters() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_password("correct horse battery".into(), Some(hash.clone())).await.unwrap());
        assert!(!verify_password("wrong horse battery".into(), Some(hash)).await.unwrap());
        assert!(!verify_password("anything".into(), None).await.unwrap());
    }
}
