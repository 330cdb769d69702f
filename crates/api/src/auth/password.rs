//! Password hashing with Argon2id at one of OWASP's recommended settings (12 MiB, 3
//! passes, 1 lane; equivalent to 19 MiB with 2 passes, and cheaper in memory, which is
//! what a flood exhausts).
//!
//! Argon2 is memory-hard on purpose, which makes it a denial-of-service lever: every
//! concurrent check holds 12 MiB. So all hashing passes one gate: at most one check per
//! core runs at a time, a bounded number wait for a turn, and anyone beyond that is told
//! to come back later (503 with `Retry-After`). Verification, the path an attacker can
//! drive without an account, runs in memory blocks that are allocated once per core and
//! reused, so the server's memory stays flat whatever the load.

use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use argon2::password_hash::phc::{Output, PasswordHash};
use argon2::password_hash::{PasswordHasher, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{Semaphore, TryAcquireError};

const MEMORY_KIB: u32 = 12 * 1024;
const PASSES: u32 = 3;
/// Hashes made before with OWASP's other setting (19 MiB, 2 passes) still verify in the
/// pooled memory, which grows to this size only when such a hash comes along.
const MAX_POOLED_KIB: u32 = 19 * 1024;

/// Why a password could not be checked or hashed.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// Every hashing slot is taken and the queue is full.
    #[error("password hashing is at capacity")]
    Busy,
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

fn params() -> Result<Params, anyhow::Error> {
    Params::new(MEMORY_KIB, PASSES, 1, None).map_err(|e| anyhow::anyhow!("argon2 params: {e}"))
}

fn hasher() -> Result<Argon2<'static>, anyhow::Error> {
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params()?))
}

/// The gate every hash passes: one slot per core, a short queue, reusable memory.
struct Gate {
    slots: Semaphore,
    queue: Semaphore,
    memory: Mutex<Vec<Vec<Block>>>,
}

/// How long a request waits in the queue before it is told to retry.
const QUEUE_WAIT: Duration = Duration::from_secs(10);
/// The `Retry-After` given when the gate is full.
pub const BUSY_RETRY_AFTER_SECS: u64 = 2;

fn gate() -> &'static Gate {
    static GATE: OnceLock<Gate> = OnceLock::new();
    GATE.get_or_init(|| {
        let cores = std::thread::available_parallelism().map(usize::from).unwrap_or(2);
        // One slot per core; `LOKET_PASSWORD_HASHING_SLOTS` overrides it (the memory
        // benchmark uses it to measure the ungated reference in the same run).
        let cores = std::env::var("LOKET_PASSWORD_HASHING_SLOTS")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|n| (1..=256).contains(n))
            .unwrap_or(cores);
        Gate { slots: Semaphore::new(cores), queue: Semaphore::new(cores * 8), memory: Mutex::new(Vec::new()) }
    })
}

/// Runs `work` on the blocking pool once a hashing slot is free.
async fn gated<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, anyhow::Error> + Send + 'static,
) -> Result<T, PasswordError> {
    let gate = gate();
    let _in_queue = match gate.queue.try_acquire() {
        Ok(permit) => permit,
        Err(TryAcquireError::NoPermits | TryAcquireError::Closed) => return Err(PasswordError::Busy),
    };
    let _slot = tokio::time::timeout(QUEUE_WAIT, gate.slots.acquire())
        .await
        .map_err(|_| PasswordError::Busy)?
        .map_err(|_| PasswordError::Busy)?;
    let result = tokio::task::spawn_blocking(work).await.map_err(|e| anyhow::anyhow!("hashing task: {e}"))?;
    Ok(result?)
}

/// Hashes a new password to a PHC string.
pub async fn hash_password(password: String) -> Result<String, PasswordError> {
    gated(move || hash_blocking(&password)).await
}

fn hash_blocking(password: &str) -> Result<String, anyhow::Error> {
    let hash = hasher()?.hash_password(password.as_bytes()).map_err(|e| anyhow::anyhow!("argon2 hash: {e}"))?;
    Ok(hash.to_string())
}

/// Checks a password against a stored PHC string. When there is no stored hash (unknown
/// user, or an invitation not yet accepted) a dummy hash is checked instead, so that the
/// answer takes as long either way and does not reveal whether the account exists.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, PasswordError> {
    gated(move || {
        let (target, real) = match stored {
            Some(hash) => (hash, true),
            None => (DUMMY_HASH.to_owned(), false),
        };
        let matches = verify_in_pooled_memory(password.as_bytes(), &target)?;
        Ok(real && matches)
    })
    .await
}

/// Verifies with memory blocks from the pool (at most one buffer per slot ever exists).
fn verify_in_pooled_memory(password: &[u8], stored: &str) -> Result<bool, anyhow::Error> {
    let parsed = PasswordHash::new(stored).map_err(|e| anyhow::anyhow!("stored hash unreadable: {e}"))?;
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return Ok(false);
    };
    let params = Params::try_from(&parsed).map_err(|e| anyhow::anyhow!("stored hash parameters: {e}"))?;
    let algorithm =
        Algorithm::try_from(parsed.algorithm.as_str()).map_err(|e| anyhow::anyhow!("stored hash algorithm: {e}"))?;
    let version = match parsed.version {
        Some(v) => Version::try_from(v).map_err(|e| anyhow::anyhow!("stored hash version: {e}"))?,
        None => Version::default(),
    };
    let blocks_needed = params.block_count();
    if blocks_needed > Params::new(MAX_POOLED_KIB, 1, 1, None).map(|p| p.block_count()).unwrap_or(0) {
        // A hash made with more memory than we budget for: verify the ordinary way.
        return Ok(hasher()?.verify_password(password, &parsed).is_ok());
    }
    let gate = gate();
    let mut memory = gate.memory.lock().map_err(|_| anyhow::anyhow!("memory pool poisoned"))?.pop().unwrap_or_default();
    if memory.len() < blocks_needed {
        memory.resize(blocks_needed, Block::new());
    }
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    let result = argon2.hash_password_into_with_memory(password, salt, &mut out, &mut memory[..blocks_needed]);
    if let Ok(mut pool) = gate.memory.lock() {
        pool.push(memory);
    }
    if result.is_err() {
        return Ok(false);
    }
    let computed = Output::new(&out).map_err(|e| anyhow::anyhow!("argon2 output: {e}"))?;
    // `Output`'s equality is constant-time.
    Ok(computed == *expected)
}

/// The hash checked when there is no real one: same algorithm and cost as real hashes,
/// so the check takes as long. A constant (of a password nobody uses), so that computing
/// it costs no memory outside the pool.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=12288,t=3,p=1$5VwPFnimSyuP0Ut8LuUGEw$Nlv79Yzhxr0528uCjCuyuinagW6TR1BbusIEad9Mh4c";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_use_argon2id_owasp_parameters() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=12288,t=3,p=1$"), "{hash}");
        assert!(verify_password("correct horse battery".into(), Some(hash.clone())).await.unwrap());
        assert!(!verify_password("wrong horse battery".into(), Some(hash)).await.unwrap());
        assert!(!verify_password("anything".into(), None).await.unwrap());
    }

    #[test]
    fn the_dummy_hash_has_the_cost_of_real_ones() {
        assert!(DUMMY_HASH.starts_with("$argon2id$v=19$m=12288,t=3,p=1$"));
        assert!(verify_in_pooled_memory(b"loket dummy password for timing", DUMMY_HASH).unwrap());
    }

    #[tokio::test]
    async fn pooled_verification_agrees_with_the_library() {
        let hash = hash_blocking("s3cret-Passw0rd").unwrap();
        let parsed = PasswordHash::new(&hash).unwrap();
        assert!(hasher().unwrap().verify_password(b"s3cret-Passw0rd", &parsed).is_ok());
        assert!(verify_in_pooled_memory(b"s3cret-Passw0rd", &hash).unwrap());
        assert!(!verify_in_pooled_memory(b"s3cret-Passw0rd!", &hash).unwrap());
        // A cheaper hash (other parameters) verifies in a slice of the same memory.
        let cheap = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(64, 1, 1, None).unwrap())
            .hash_password(b"short")
            .unwrap()
            .to_string();
        assert!(verify_in_pooled_memory(b"short", &cheap).unwrap());
    }

    #[tokio::test]
    async fn a_full_gate_answers_busy_instead_of_queueing_forever() {
        let gate = gate();
        let held = gate.queue.available_permits();
        let _all = gate.queue.acquire_many(u32::try_from(held).unwrap()).await.unwrap();
        assert!(matches!(verify_password("x".into(), None).await, Err(PasswordError::Busy)));
    }
}
