//! The notification outbox: only vendor administrators see and retry deliveries.

use super::{Actor, Policy};
use crate::Role;

/// Seeing the outbox's jobs and sending a failed one again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdministerOutbox;

impl Policy for AdministerOutbox {
    type Facts = ();

    fn visible(_: &Actor, _: &()) -> bool {
        true
    }

    fn permits(self, actor: &Actor, _: &()) -> bool {
        actor.is(Role::VendorAdmin)
    }

    fn refusal(self) -> &'static str {
        "Only vendor administrators see the notification outbox."
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::world::*;

    #[rustfmt::skip]
    #[test]
    fn only_vendor_admins_administer_the_outbox() {
        //                          VA AG BA BU NA NU CS CU K+ K0 VK
        row(AdministerOutbox, &(), [A, F, F, F, F, F, F, F, F, F, F]);
    }
}
