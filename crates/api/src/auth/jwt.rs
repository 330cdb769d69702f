//! Short-lived access tokens (HS256 JWTs). They name the user and the session; the
//! session is checked on every request, so signing out ends them at once.

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const ISSUER: &str = "loket";
const AUDIENCE: &str = "loket-api";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The user id.
    pub sub: Uuid,
    /// The session id (the refresh-token family).
    pub sid: Uuid,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("expired")]
    Expired,
    #[error("invalid")]
    Invalid,
}

/// The signing key and the token lifetime.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    pub access_ttl_secs: u64,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtKeys").field("access_ttl_secs", &self.access_ttl_secs).finish_non_exhaustive()
    }
}

impl JwtKeys {
    pub fn new(secret: &[u8], access_ttl_secs: u64) -> Self {
        Self { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret), access_ttl_secs }
    }

    pub fn issue(&self, user_id: Uuid, session_id: Uuid, now: i64) -> Result<String, anyhow::Error> {
        let ttl = i64::try_from(self.access_ttl_secs).unwrap_or(900);
        let claims = AccessClaims {
            sub: user_id,
            sid: session_id,
            iat: now,
            exp: now + ttl,
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
        };
        Ok(encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?)
    }

    pub fn verify(&self, token: &str) -> Result<AccessClaims, TokenError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "iat", "sub", "iss", "aud"]);
        decode::<AccessClaims>(token, &self.decoding, &validation).map(|data| data.claims).map_err(|error| match error
            .kind()
        {
            ErrorKind::ExpiredSignature => TokenError::Expired,
            _ => TokenError::Invalid,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_verify_and_expire() {
        let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef", 900);
        let user = Uuid::from_u128(1);
        let session = Uuid::from_u128(2);
        let now = chrono::Utc::now().timestamp();
        let token = keys.issue(user, session, now).unwrap();
        let claims = keys.verify(&token).unwrap();
        assert_eq!((claims.sub, claims.sid), (user, session));

        let old = keys.issue(user, session, now - 2000).unwrap();
        assert_eq!(keys.verify(&old).unwrap_err(), TokenError::Expired);

        let other = JwtKeys::new(b"another-key-another-key-another!!", 900);
        assert_eq!(other.verify(&token).unwrap_err(), TokenError::Invalid);
        assert_eq!(keys.verify("not.a.jwt").unwrap_err(), TokenError::Invalid);
    }
}
