//! Where a request came from: the client's address (through trusted proxies only), its
//! user agent and the request id. Sessions and the audit log record it.

use std::future::{Ready, ready};
use std::net::IpAddr;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use tracing_actix_web::RequestId;

use super::client_ip::client_ip;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug, Clone)]
pub struct RequestOrigin {
    pub ip: IpAddr,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

impl RequestOrigin {
    pub fn of(req: &HttpRequest, state: &AppState) -> Self {
        Self {
            ip: client_ip(req, &state.settings.trusted_proxies),
            user_agent: req
                .headers()
                .get("user-agent")
                .and_then(|v| v.to_str().ok())
                .map(|agent| agent.chars().take(300).collect()),
            request_id: req.extensions().get::<RequestId>().map(|id| id.to_string()),
        }
    }
}

impl FromRequest for RequestOrigin {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(match req.app_data::<web::Data<AppState>>() {
            Some(state) => Ok(Self::of(req, state)),
            None => Err(ApiError::internal(anyhow::anyhow!("application state missing"))),
        })
    }
}
