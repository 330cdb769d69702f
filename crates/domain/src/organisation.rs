//! The three kinds of organisation Loket serves.

use serde::{Deserialize, Serialize};

/// What an organisation is to the vendor. Every user belongs to exactly one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// The software vendor that runs Loket. There is exactly one.
    Vendor,
    /// A bank, factoring company, accountancy or reseller that brings in clients.
    Partner,
    /// A customer company that uses the vendor's software.
    Client,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 3] = [Self::Vendor, Self::Partner, Self::Client];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Vendor => "vendor",
            Self::Partner => "partner",
            Self::Client => "client",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

/// The line of business of a partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartnerKind {
    Bank,
    Factoring,
    Accountancy,
    Reseller,
}

impl PartnerKind {
    pub const ALL: [PartnerKind; 4] = [Self::Bank, Self::Factoring, Self::Accountancy, Self::Reseller];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bank => "bank",
            Self::Factoring => "factoring",
            Self::Accountancy => "accountancy",
            Self::Reseller => "reseller",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

/// Why an organisation's shape is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrganisationShapeError {
    #[error("only partners have a partner kind")]
    PartnerKindOnNonPartner,
    #[error("a partner needs a partner kind")]
    PartnerWithoutKind,
    #[error("only clients are managed by a partner")]
    ManagingPartnerOnNonClient,
    #[error("a branch can only be given together with the managing partner")]
    BranchWithoutManagingPartner,
    #[error("the vendor organisation exists once and cannot be created")]
    SecondVendor,
}

/// Checks the fields that depend on the kind of organisation.
pub fn check_organisation_shape(
    kind: OrganisationKind,
    has_partner_kind: bool,
    has_managing_partner: bool,
    has_branch: bool,
) -> Result<(), OrganisationShapeError> {
    match kind {
        OrganisationKind::Vendor => Err(OrganisationShapeError::SecondVendor),
        OrganisationKind::Partner if !has_partner_kind => Err(OrganisationShapeError::PartnerWithoutKind),
        OrganisationKind::Partner if has_managing_partner => Err(OrganisationShapeError::ManagingPartnerOnNonClient),
        OrganisationKind::Client if has_partner_kind => Err(OrganisationShapeError::PartnerKindOnNonPartner),
        _ if has_branch && !has_managing_partner => Err(OrganisationShapeError::BranchWithoutManagingPartner),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse(kind.as_str()), Some(kind));
        }
        for kind in PartnerKind::ALL {
            assert_eq!(PartnerKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(OrganisationKind::parse("Vendor"), None);
    }

    #[test]
    fn shape_rules() {
        use OrganisationKind::*;
        assert_eq!(check_organisation_shape(Partner, true, false, false), Ok(()));
        assert_eq!(check_organisation_shape(Client, false, true, true), Ok(()));
        assert_eq!(check_organisation_shape(Client, false, false, false), Ok(()));
        assert_eq!(check_organisation_shape(Vendor, false, false, false), Err(OrganisationShapeError::SecondVendor));
        assert_eq!(
            check_organisation_shape(Partner, false, false, false),
            Err(OrganisationShapeError::PartnerWithoutKind)
        );
        assert_eq!(
            check_organisation_shape(Client, true, false, false),
            Err(OrganisationShapeError::PartnerKindOnNonPartner)
        );
        assert_eq!(
            check_organisation_shape(Partner, true, true, false),
            Err(OrganisationShapeError::ManagingPartnerOnNonClient)
        );
        assert_eq!(
            check_organisation_shape(Client, false, false, true),
            Err(OrganisationShapeError::BranchWithoutManagingPartner)
        );
    }
}
