//! First users of clients: the firm gives each new client its superuser, in bulk.

use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::Language;
use crate::rights::GroupRef;
use crate::users::User;

/// A client without any user yet, with the contact its firm keeps for it (from the
/// client import) as the proposal for its first user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FirstUserCandidate {
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub managing_partner_id: Option<Uuid>,
    pub branch_id: Option<Uuid>,
    /// The firm's own number for the client, when it was imported.
    pub external_id: Option<String>,
    /// The contact person of the firm's client record: the proposed user's name.
    pub contact_name: Option<String>,
    /// The client record's e-mail address: the proposed user's address.
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The client group the client was imported into; its first user joins it.
    pub group: Option<GroupRef>,
}

/// Which clients without users to list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct FirstUserCandidatesQuery {
    /// Only clients of this firm (vendor staff); a partner sees its own.
    pub managing_partner_id: Option<Uuid>,
    /// Case-insensitive search in the name, CoC and VAT numbers.
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub q: Option<String>,
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", param(max_length = 500))]
    pub cursor: Option<String>,
    /// Page size, 1 to 200; 50 by default.
    #[validate(range(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

/// The first users to create, one per client; each gets an invitation. All or nothing:
/// one item at fault refuses the whole request, with every fault named by its item.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateFirstUsers {
    #[validate(length(min = 1, max = 200, message = "choose 1 to 200 clients"), nested)]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 200))]
    pub users: Vec<FirstUser>,
    /// A client group of the clients' firm that every new user joins; without it each
    /// joins the group its client was imported into, if any.
    pub group_id: Option<Uuid>,
}

/// One client's first user. Name and e-mail address default to the contact of the
/// firm's client record; without one they are required.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FirstUser {
    pub organisation_id: Uuid,
    #[validate(length(min = 1, max = 254, message = "an e-mail address has 1 to 254 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 254, example = "j.jansen@bakkerij.example"))]
    pub email: Option<String>,
    #[validate(length(min = 1, max = 120, message = "a name has 1 to 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120, example = "Jan Jansen"))]
    pub name: Option<String>,
    #[validate(length(max = 32, message = "a phone number has at most 32 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 32, example = "+31612345678"))]
    pub phone: Option<String>,
    /// The invitation's and the account's language; Dutch by default.
    pub language: Option<Language>,
}

/// The users created, in the order asked, each invited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FirstUsersCreated {
    pub users: Vec<User>,
}

impl crate::text::TextFields for CreateFirstUsers {}
