//! PIN letters: new PINs for a firm's clients' people, printed.

use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// At most this many letters in one request.
pub const MAX_LETTERS: usize = 100;

/// Whose PINs to renew: every person (not deactivated) of the clients named, or the
/// people named; give one of the lists, not both. At most 100 letters.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IssuePinLetters {
    #[validate(length(min = 1, max = 100))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub organisation_ids: Option<Vec<Uuid>>,
    #[validate(length(min = 1, max = 100))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub user_ids: Option<Vec<Uuid>>,
}

impl crate::text::TextFields for IssuePinLetters {}
