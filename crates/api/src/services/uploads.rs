//! Receiving a file, once for every upload: the first bytes decide its kind before
//! anything is stored (and a kind the endpoint does not take is refused there), text is
//! checked to its end, the size never passes the endpoint's limit, and the SHA-256 is
//! taken on the way into the file store. The caller finishes (or aborts) the upload once
//! its record is written.

use actix_web::web::Bytes;
use futures_util::{Stream, StreamExt};
use loket_api_types::ErrorCode;
use loket_domain::support::attachments::{self, FileKind, FileRefusal, SNIFF_BYTES, TextCheck};
use sha2::{Digest, Sha256};

use crate::adapters::files::{FileStore, Upload};
use crate::auth::tokens::hex;
use crate::error::ApiError;

/// The kinds an endpoint takes, and how to say so.
pub struct Accepted {
    pub kinds: &'static [FileKind],
    /// "Attach images (PNG, JPEG, GIF, WebP), PDF, zip archives or plain text (UTF-8) only."
    pub hint: &'static str,
}

/// What arrived: its kind, size and digest.
pub struct Received {
    pub kind: FileKind,
    pub size: u64,
    pub sha256: String,
}

/// A size as people read it: "20 MiB", "64 KiB".
pub fn size_text(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

fn refused(refusal: &FileRefusal, accepted: &Accepted) -> ApiError {
    if *refusal == FileRefusal::Empty {
        return ApiError::field("file", "empty", "the file is empty");
    }
    not_accepted(&refusal.to_string(), accepted)
}

fn not_accepted(what: &str, accepted: &Accepted) -> ApiError {
    ApiError::BadRequest {
        status: actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
        code: ErrorCode::FileTypeNotAccepted,
        detail: format!("{what}. {}", accepted.hint),
    }
}

pub fn too_large(detail: String) -> ApiError {
    ApiError::BadRequest {
        status: actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
        code: ErrorCode::PayloadTooLarge,
        detail,
    }
}

pub fn store_error(error: object_store::Error) -> ApiError {
    ApiError::internal(anyhow::anyhow!("file store: {error}"))
}

/// Streams `body` into the file store at `key`; `exceeded` says why a file over `max`
/// bytes is refused.
pub async fn receive<S, E>(
    files: &FileStore,
    key: &str,
    body: S,
    accepted: &Accepted,
    max: u64,
    exceeded: impl Fn() -> ApiError,
) -> Result<(Upload, Received), ApiError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let mut body = body;
    let read_error = |error: E| ApiError::bad_request(format!("The upload could not be read: {error}"));
    // The head: enough bytes to judge the kind.
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    let mut ended = true;
    let mut rest: Option<Bytes> = None;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(read_error)?;
        let room = SNIFF_BYTES - head.len();
        if chunk.len() >= room {
            head.extend_from_slice(&chunk[..room]);
            rest = Some(chunk.slice(room..));
            ended = false;
            break;
        }
        head.extend_from_slice(&chunk);
    }
    let kind = attachments::sniff(&head).map_err(|refusal| refused(&refusal, accepted))?;
    if !accepted.kinds.contains(&kind) {
        return Err(not_accepted(&format!("This is a {} file", kind.media_type()), accepted));
    }
    let mut text = (kind == FileKind::Text).then(TextCheck::default);
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut upload = files.writer(key).await.map_err(store_error)?;
    let outcome: Result<(), ApiError> = async {
        let mut pending = Some(Bytes::from(head)).into_iter().chain(rest);
        loop {
            let chunk = match pending.next() {
                Some(chunk) => chunk,
                None if ended => break,
                None => match body.next().await {
                    Some(chunk) => chunk.map_err(read_error)?,
                    None => break,
                },
            };
            size += chunk.len() as u64;
            if size > max {
                return Err(exceeded());
            }
            if let Some(check) = text.as_mut() {
                check.feed(&chunk).map_err(|refusal| refused(&refusal, accepted))?;
            }
            hasher.update(&chunk);
            upload.write(&chunk).await.map_err(store_error)?;
        }
        if let Some(check) = text.take() {
            check.finish().map_err(|refusal| refused(&refusal, accepted))?;
        }
        Ok(())
    }
    .await;
    if let Err(error) = outcome {
        upload.abort().await;
        return Err(error);
    }
    let sha256 = hex(&hasher.finalize());
    Ok((upload, Received { kind, size, sha256 }))
}

/// The SHA-256 of what the store holds at `key` now (read to the end), or `None` when it
/// holds nothing there: to check that bytes are still the bytes that were received.
pub async fn stored_digest(files: &FileStore, key: &str) -> Result<Option<String>, ApiError> {
    let mut body = match files.read(key).await {
        Ok(body) => body,
        Err(object_store::Error::NotFound { .. }) => return Ok(None),
        Err(error) => return Err(store_error(error)),
    };
    let mut hasher = Sha256::new();
    while let Some(chunk) = body.next().await {
        hasher.update(&chunk.map_err(ApiError::internal)?);
    }
    Ok(Some(hex(&hasher.finalize())))
}
