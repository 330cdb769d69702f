//! The support desk's rules: tickets and their life cycle, business hours, SLA clocks.

#[cfg(feature = "files")]
pub mod attachments;
pub mod calendar;
pub mod dashboard;
pub mod estimate;
pub mod holidays;
pub mod settings;
pub mod sla;
pub mod ticket;

#[cfg(feature = "files")]
pub use attachments::{FileKind, FileRefusal, TextCheck};
pub use calendar::{BusinessCalendar, CalendarError, OpeningSpan, WeeklyHours};
pub use estimate::{Estimate, EstimateError, EstimateStatus};
pub use holidays::{DutchHoliday, Holiday, dutch_public_holidays};
pub use settings::{CalendarDay, DayOfWeek, DayOverride, SettingsError, SupportSettings};
pub use sla::{SlaState, SlaTargets, StatusPeriod};
pub use ticket::{
    EstimateAnswer, Priority, Side, TicketEvent, TicketNumber, TicketStatus, TicketType, TransitionError,
};

/// A closed set of values with a stable snake_case name on the wire and in the database.
macro_rules! named_values {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text,)+ }
            }

            pub fn parse(value: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == value)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use named_values;
