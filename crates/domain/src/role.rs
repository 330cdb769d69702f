//! Roles: what a user is allowed to do follows from its role and its organisation.

use serde::{Deserialize, Serialize};

use crate::OrganisationKind;

/// A user's role. Each role belongs to exactly one kind of organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Configures everything: staff, organisations, products, billing data.
    VendorAdmin,
    /// Helpdesk agent: reviews requests, onboards clients, works tickets.
    Agent,
    /// Manages the partner's own users, branches and API keys.
    PartnerAdmin,
    /// Works with the partner's clients.
    PartnerUser,
    /// First user of a client; manages colleagues and contact persons.
    ClientSuperuser,
    /// A client's colleague.
    ClientUser,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Self::VendorAdmin,
        Self::Agent,
        Self::PartnerAdmin,
        Self::PartnerUser,
        Self::ClientSuperuser,
        Self::ClientUser,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::VendorAdmin => "vendor_admin",
            Self::Agent => "agent",
            Self::PartnerAdmin => "partner_admin",
            Self::PartnerUser => "partner_user",
            Self::ClientSuperuser => "client_superuser",
            Self::ClientUser => "client_user",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == value)
    }

    /// The kind of organisation a user with this role belongs to.
    pub fn organisation_kind(self) -> OrganisationKind {
        match self {
            Self::VendorAdmin | Self::Agent => OrganisationKind::Vendor,
            Self::PartnerAdmin | Self::PartnerUser => OrganisationKind::Partner,
            Self::ClientSuperuser | Self::ClientUser => OrganisationKind::Client,
        }
    }

    /// Whether the role fits an organisation of `kind`.
    pub fn fits(self, kind: OrganisationKind) -> bool {
        self.organisation_kind() == kind
    }

    /// Vendor staff see every tenant.
    pub fn is_vendor_staff(self) -> bool {
        self.organisation_kind() == OrganisationKind::Vendor
    }

    /// The roles that administer their own organisation's users.
    pub fn is_organisation_admin(self) -> bool {
        matches!(self, Self::VendorAdmin | Self::PartnerAdmin | Self::ClientSuperuser)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_and_fits_exactly_one_kind() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let fitting = OrganisationKind::ALL.iter().filter(|kind| role.fits(**kind)).count();
            assert_eq!(fitting, 1, "{role:?}");
        }
    }
}
