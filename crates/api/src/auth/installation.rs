//! The installed software's credential: its installation key in `X-Installation-Key`,
//! good for the installation API only (the [`super::Principal`] of every other endpoint
//! knows only sessions and API keys).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::web;
use actix_web::{FromRequest, HttpRequest};

use crate::auth::origin::RequestOrigin;
use crate::db::entities::installations as installation_rows;
use crate::error::ApiError;
use crate::services::installations;
use crate::state::AppState;

/// The header the software sends its key in.
pub const KEY_HEADER: &str = "x-installation-key";

/// The installation whose key came with the request.
pub struct Installed {
    pub installation: installation_rows::Model,
    pub origin: RequestOrigin,
}

impl FromRequest for Installed {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let origin = state.as_ref().map(|state| RequestOrigin::of(req, state));
        let key = req.headers().get(KEY_HEADER).and_then(|v| v.to_str().ok()).map(|v| v.trim().to_owned());
        Box::pin(async move {
            let (Some(state), Some(origin)) = (state, origin) else {
                return Err(ApiError::internal(anyhow::anyhow!("application state missing")));
            };
            let key = key.unwrap_or_default();
            let installation = installations::authenticate(&state, &key).await?;
            Ok(Installed { installation, origin })
        })
    }
}
