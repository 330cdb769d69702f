//! Find → decide, once for every resource: a record is looked up within the caller's
//! visibility, its organisation's facts go to the resource's policy, and only then does
//! a use case act on it. Absent and hidden records are 404 alike; refusals are 403.

use loket_domain::policy::{OrganisationFacts, Policy};
use uuid::Uuid;

use crate::auth::Principal;
use crate::db;
use crate::db::entities::{api_keys, organisations, users, webhook_endpoints};
use crate::error::ApiError;
use crate::state::AppState;

/// A record that belongs to one organisation.
pub trait Owned {
    fn organisation_id(&self) -> Uuid;
}

macro_rules! owned {
    ($($module:ident),+) => {$(
        impl Owned for $module::Model {
            fn organisation_id(&self) -> Uuid {
                self.organisation_id
            }
        }
    )+};
}

owned!(api_keys, users, webhook_endpoints);

/// The organisation `id`, if the caller can see it.
pub async fn organisation(state: &AppState, principal: &Principal, id: Uuid) -> Result<organisations::Model, ApiError> {
    db::organisations::find(&state.db, &principal.visibility(), id).await?.ok_or(ApiError::NotFound)
}

/// The organisation `id`, once `action` on it (or on what belongs to it) is allowed.
pub async fn organisation_for<P>(
    state: &AppState,
    principal: &Principal,
    action: P,
    id: Uuid,
) -> Result<organisations::Model, ApiError>
where
    P: Policy<Facts = OrganisationFacts>,
{
    let organisation = organisation(state, principal, id).await?;
    principal.authorize(action, &db::organisations::facts(&organisation)?)?;
    Ok(organisation)
}

/// A record the repository `found` within the caller's visibility, with its
/// organisation, once `action` on it is allowed.
pub async fn record_for<M, P>(
    state: &AppState,
    principal: &Principal,
    action: P,
    found: Option<M>,
) -> Result<(M, organisations::Model), ApiError>
where
    M: Owned,
    P: Policy<Facts = OrganisationFacts>,
{
    let record = found.ok_or(ApiError::NotFound)?;
    let organisation = organisation_for(state, principal, action, record.organisation_id()).await?;
    Ok((record, organisation))
}
