//! Authentication: who is calling. Browser users present an access JWT; partner systems
//! an API key in `X-Api-Key`. Either way the result is a [`Principal`], whose actor
//! carries the tenant [`Visibility`] that every repository call needs.

pub mod api_key_format;
pub mod client_ip;
pub mod installation;
pub mod jwt;
pub mod origin;
pub mod password;
pub mod signed_links;
pub mod tokens;

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use chrono::Utc;
use loket_api_types::ErrorCode;
use loket_domain::policy::{Actor, ActorKind, Decision, Policy, Visibility};
use uuid::Uuid;

use self::origin::RequestOrigin;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

pub const API_KEY_HEADER: &str = "x-api-key";

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Principal {
    pub actor: Actor,
    /// For browser users: the session their access token belongs to.
    pub session_id: Option<Uuid>,
    /// The user's name, or the API key's: how the audit log names the actor.
    pub name: String,
    /// Where the request came from.
    pub origin: RequestOrigin,
}

impl Principal {
    pub fn visibility(&self) -> Visibility {
        self.actor.visibility()
    }

    /// Asks the resource's policy and turns its decision into the matching error: 404
    /// outside the tenant, 403 inside it.
    pub fn authorize<P: Policy>(&self, action: P, facts: &P::Facts) -> Result<(), ApiError> {
        match self.actor.decide(action, facts) {
            Decision::Allow => Ok(()),
            Decision::Forbidden => Err(ApiError::forbidden(action.refusal())),
            Decision::Hidden => Err(ApiError::NotFound),
        }
    }

    /// The signed-in user's id; API keys are refused.
    pub fn require_user(&self) -> Result<Uuid, ApiError> {
        self.actor.user_id().ok_or_else(|| ApiError::forbidden("This endpoint is for signed-in users, not API keys."))
    }
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let origin = state.as_ref().map(|state| RequestOrigin::of(req, state));
        let api_key = req.headers().get(API_KEY_HEADER).map(|v| v.to_str().map(str::to_owned));
        let bearer = req.headers().get(header::AUTHORIZATION).map(|v| v.to_str().map(str::to_owned));
        Box::pin(async move {
            let (Some(state), Some(origin)) = (state, origin) else {
                return Err(ApiError::internal(anyhow::anyhow!("application state missing")));
            };
            match (api_key, bearer) {
                (Some(key), _) => {
                    let key = key.map_err(|_| invalid_key())?;
                    authenticate_api_key(&state, key.trim(), origin).await
                }
                (None, Some(value)) => {
                    let value = value.map_err(|_| missing())?;
                    let token =
                        value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")).ok_or_else(missing)?;
                    authenticate_bearer(&state, token.trim(), origin).await
                }
                (None, None) => Err(missing()),
            }
        })
    }
}

fn missing() -> ApiError {
    ApiError::unauthenticated(
        ErrorCode::Unauthenticated,
        "Sign in and send the access token as `Authorization: Bearer <token>`, or send an API key in `X-Api-Key`.",
    )
}

fn invalid_key() -> ApiError {
    ApiError::unauthenticated(ErrorCode::InvalidToken, "The API key is not valid or has been revoked.")
}

async fn authenticate_bearer(state: &AppState, token: &str, origin: RequestOrigin) -> Result<Principal, ApiError> {
    let claims = state.jwt.verify(token).map_err(|error| match error {
        jwt::TokenError::Expired => {
            ApiError::unauthenticated(ErrorCode::TokenExpired, "The access token has expired; refresh it.")
        }
        jwt::TokenError::Invalid => {
            ApiError::unauthenticated(ErrorCode::InvalidToken, "The access token is not valid.")
        }
    })?;
    let now = Utc::now();
    let session = db::sessions::find_live(&state.db, claims.sid, now)
        .await?
        .filter(|session| session.user_id == claims.sub)
        .ok_or_else(|| ApiError::unauthenticated(ErrorCode::InvalidToken, "The session has ended; sign in again."))?;
    let (actor, name) = db::auth_lookup::actor_for_user(&state.db, session.user_id)
        .await?
        .ok_or_else(|| ApiError::unauthenticated(ErrorCode::AccountDisabled, "The account has been deactivated."))?;
    Ok(Principal { actor, session_id: Some(session.id), name, origin })
}

async fn authenticate_api_key(state: &AppState, key: &str, origin: RequestOrigin) -> Result<Principal, ApiError> {
    let (prefix, secret) = api_key_format::parse(key).ok_or_else(invalid_key)?;
    let found = db::auth_lookup::live_api_key_by_prefix(&state.db, prefix).await?.ok_or_else(invalid_key)?;
    if !tokens::hashes_equal(&found.key.secret_hash, &tokens::hash_token(secret)) {
        return Err(invalid_key());
    }
    db::api_keys::touch_last_used(&state.db, &found.key, Utc::now()).await?;
    let scopes = db::api_keys::parse_scopes(&found.key.scopes);
    Ok(Principal {
        actor: Actor {
            organisation_id: found.key.organisation_id,
            organisation_kind: found.organisation_kind,
            kind: ActorKind::ApiKey { key_id: found.key.id, scopes },
        },
        session_id: None,
        name: found.key.name.clone(),
        origin,
    })
}
