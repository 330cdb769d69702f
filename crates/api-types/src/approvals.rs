//! Approval of documents (seed 002): who approves each type of document for a client.

pub use loket_domain::approvals::DocumentType;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// A person named in an approval duty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
}

/// Who approves one type of document for a client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TypeDuties {
    pub document_type: DocumentType,
    /// The users the firm named: each of them must approve.
    pub must: Vec<PersonRef>,
    /// The users whose rights include approving this type (`approvals.<type>`: write)
    /// and who are not named above: one of them suffices — unless anyone must approve,
    /// in which case they have no right on the type.
    pub may: Vec<PersonRef>,
    /// Who approves a new document of this type: the must-approvers if there are any,
    /// otherwise the may-approvers.
    pub approvers: Vec<PersonRef>,
}

/// A client's approval duties, one entry per document type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApprovalDuties {
    pub client_id: Uuid,
    pub types: Vec<TypeDuties>,
}

/// The client users who must approve a type; an empty list leaves it to the
/// may-approvers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetMustApprovers {
    #[validate(length(max = 50, message = "at most 50 users"))]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub user_ids: Vec<Uuid>,
}

impl crate::text::TextFields for SetMustApprovers {}
