//! The helpdesk's settings (opening hours, closing days, SLA targets): the people who
//! work with tickets read them, only vendor administrators change them.

use super::{Actor, Policy};
use crate::{OrganisationKind, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupportSettingsAction {
    /// Opening hours, targets and the calendar: the helpdesk and its customers.
    Read,
    /// Changing any of them.
    Edit,
}

impl Policy for SupportSettingsAction {
    type Facts = ();

    fn visible(_: &Actor, _: &()) -> bool {
        true
    }

    fn permits(self, actor: &Actor, _: &()) -> bool {
        match self {
            Self::Read => {
                actor.role().is_some()
                    && matches!(actor.organisation_kind, OrganisationKind::Vendor | OrganisationKind::Client)
            }
            Self::Edit => actor.is(Role::VendorAdmin),
        }
    }

    fn refusal(self) -> &'static str {
        match self {
            Self::Read => "The helpdesk's settings are for the helpdesk and its customers.",
            Self::Edit => "Only vendor administrators change the helpdesk's settings.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::world::*;

    #[rustfmt::skip]
    #[test]
    fn the_helpdesk_and_its_customers_read_only_vendor_admins_edit() {
        //                                      VA AG BA BU NA NU CS CU K+ K0 VK
        row(SupportSettingsAction::Read, &(), [A, A, F, F, F, F, A, A, F, F, F]);
        row(SupportSettingsAction::Edit, &(), [A, F, F, F, F, F, F, F, F, F, F]);
    }
}
