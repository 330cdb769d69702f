//! `Idempotency-Key` on creating requests (DESIGN "API"): one mechanism for every
//! creating `POST` a partner system calls.
//!
//! A key belongs to its caller (a user or an API key) and names one request: the method,
//! the path and the body as the server read it (so spacing and field order do not
//! matter, a changed value does). The key is claimed inside the transaction that creates
//! the record and the first answer is stored in that same transaction ([`Write::begin_once`],
//! [`Write::commit_created`]), so:
//! - the same key and request again gets the first answer (`Idempotent-Replayed: true`);
//! - the same key with another request is 422 `idempotency_key_reused`;
//! - concurrent requests with one key create one record: the later ones wait on the
//!   key's unique index until the first commits, then replay its answer;
//! - a request that fails keeps nothing, so the caller may correct it and retry with the
//!   same key.
//!
//! Keys are kept for [`RETENTION_HOURS`]; an older key starts afresh.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header;
use chrono::{Duration, Utc};
use loket_api_types::ErrorCode;
use loket_domain::policy::ActorKind;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::auth::Principal;
use crate::auth::tokens::hex;
use crate::db::idempotency::{self, Claimed, KeyClaim};
use crate::error::ApiError;
use crate::extract::{IdempotencyKey, Versioned, etag, versioned};

/// How long a key answers with its first response.
pub const RETENTION_HOURS: i64 = 24;

/// The header that marks a replayed answer.
pub const REPLAYED_HEADER: &str = "Idempotent-Replayed";

/// A key a request carried, bound to its caller and to the request it names.
#[derive(Debug, Clone)]
pub struct Once {
    caller: String,
    key: String,
    fingerprint: String,
}

impl Once {
    /// Binds `key` (when the request carried one) to `principal` and to the request:
    /// `operation` is the method and path (`POST /api/v1/users`), `request` the body read.
    pub fn new(
        principal: &Principal,
        key: IdempotencyKey,
        operation: &str,
        request: &impl Serialize,
    ) -> Result<Option<Self>, ApiError> {
        let Some(key) = key.0 else { return Ok(None) };
        let caller = match &principal.actor.kind {
            ActorKind::User { user_id, .. } => format!("user:{user_id}"),
            ActorKind::ApiKey { key_id, .. } => format!("api_key:{key_id}"),
        };
        let body = serde_json::to_vec(request).map_err(ApiError::internal)?;
        let mut digest = Sha256::new();
        digest.update(operation.as_bytes());
        digest.update(b"\n");
        digest.update(&body);
        Ok(Some(Self { caller, key, fingerprint: hex(&digest.finalize()) }))
    }

    /// Claims the key inside the creating transaction (see the module's rules).
    pub(crate) async fn claim(&self, db: &impl sea_orm::ConnectionTrait) -> Result<Option<Replay>, ApiError> {
        let now = Utc::now();
        let claim = KeyClaim { caller: &self.caller, key: &self.key, fingerprint: &self.fingerprint };
        match idempotency::claim(db, &claim, now, now - Duration::hours(RETENTION_HOURS)).await? {
            Claimed::Fresh => Ok(None),
            Claimed::Taken(first) if first.fingerprint != self.fingerprint => Err(ApiError::BadRequest {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: ErrorCode::IdempotencyKeyReused,
                detail: "This Idempotency-Key was used for a different request. Use a new key for a new request."
                    .to_owned(),
            }),
            Claimed::Taken(first) => match (first.status, first.body) {
                (Some(status), Some(body)) => Ok(Some(Replay { status: status as u16, etag: first.etag, body })),
                _ => Err(ApiError::internal(anyhow::anyhow!("a committed idempotency key has no answer"))),
            },
        }
    }

    /// Stores the answer for the key, inside the creating transaction.
    pub(crate) async fn answer<T: Serialize + Versioned>(
        &self,
        db: &impl sea_orm::ConnectionTrait,
        status: StatusCode,
        created: &T,
    ) -> Result<(), ApiError> {
        let body = serde_json::to_string(created).map_err(ApiError::internal)?;
        idempotency::answer(db, &self.caller, &self.key, status.as_u16(), Some(etag(created.version())), body).await?;
        Ok(())
    }
}

/// The answer a key gave the first time.
#[derive(Debug, Clone)]
pub struct Replay {
    status: u16,
    etag: Option<String>,
    body: String,
}

/// A creating request's outcome: the new record, or the first answer to its key.
#[derive(Debug)]
pub enum Created<T> {
    New(T),
    Replayed(Replay),
}

impl<T: Serialize + Versioned> Created<T> {
    /// The HTTP answer: 201 with the record and its `ETag`, or the first answer again.
    pub fn response(self) -> HttpResponse {
        match self {
            Self::New(record) => versioned(StatusCode::CREATED, &record),
            Self::Replayed(replay) => {
                let status = StatusCode::from_u16(replay.status).unwrap_or(StatusCode::CREATED);
                let mut response = HttpResponse::build(status);
                if let Some(tag) = replay.etag {
                    response.insert_header((header::ETAG, tag));
                }
                response.insert_header((REPLAYED_HEADER, "true")).content_type(mime::APPLICATION_JSON).body(replay.body)
            }
        }
    }
}
