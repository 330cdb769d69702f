//! Tickets: their number, kinds, priorities and the life cycle of their status.
//!
//! ```text
//!  filed by a contact person ──────────────► new ──staff reply/open──► open ◄──┐
//!  filed by another colleague ─► awaiting_approval ─approve─► new            │     │
//!                                   └─decline─► declined (final)      staff: waiting_on_customer
//!  open ⇄ waiting_on_customer (a customer reply, or answering an estimate, reopens)
//!  any working status ─staff─► closed ─staff reopens, or the customer asks within the window─► open
//! ```

use std::fmt;

use chrono::{DateTime, Duration, Utc};

use super::named_values;

named_values! {
    /// Where a ticket stands.
    pub enum TicketStatus {
        /// Filed by a colleague who is not a contact person: waits for one to approve.
        AwaitingApproval = "awaiting_approval",
        /// Approved or filed by a contact person; not yet taken up.
        New = "new",
        /// Being worked on.
        Open = "open",
        /// The helpdesk waits for the customer (an answer, or a decision on an estimate).
        WaitingOnCustomer = "waiting_on_customer",
        Closed = "closed",
        /// A contact person refused it; final.
        Declined = "declined",
    }
}

named_values! {
    /// What kind of request a ticket is. Every ticket starts as a question.
    pub enum TicketType {
        Question = "question",
        Bug = "bug",
        /// A change to the software, possibly with a cost estimate.
        Change = "change",
    }
}

named_values! {
    /// How urgent a ticket is; decides the SLA targets.
    pub enum Priority {
        Low = "low",
        Normal = "normal",
        High = "high",
        Urgent = "urgent",
    }
}

impl TicketStatus {
    /// The statuses in which the helpdesk works on the ticket and its clocks run.
    pub fn clock_runs(self) -> bool {
        matches!(self, Self::New | Self::Open)
    }

    /// Whether the helpdesk sees the ticket (after approval, unless declined).
    pub fn reached_helpdesk(self) -> bool {
        !matches!(self, Self::AwaitingApproval | Self::Declined)
    }

    /// Whether the ticket counts as open in lists ("show all" adds the others).
    pub fn is_open(self) -> bool {
        !matches!(self, Self::Closed | Self::Declined)
    }
}

/// Which side of the counter acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Customer,
    Staff,
}

/// The customer's decision on a cost estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EstimateAnswer {
    Accept,
    Decline,
}

/// Something that happens to a ticket and may move its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketEvent {
    /// A contact person approves a colleague's ticket.
    Approve,
    /// A contact person declines a colleague's ticket.
    Decline,
    /// Staff set the status.
    SetStatus(TicketStatus),
    /// A public message.
    Reply(Side),
    /// The customer asks to reopen a closed ticket.
    RequestReopen { closed_at: DateTime<Utc>, now: DateTime<Utc>, window: Duration },
    /// Staff attach a cost estimate to a change: the work waits for the customer.
    ProposeEstimate,
    /// The customer accepts or declines the estimate.
    AnswerEstimate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("only a ticket awaiting approval can be approved or declined")]
    NotAwaitingApproval,
    #[error("staff set a ticket to open, waiting on customer or closed")]
    NotAStaffStatus,
    #[error("the ticket already has this status")]
    Unchanged,
    #[error("this ticket is not with the helpdesk yet")]
    NotWithHelpdesk,
    #[error("a closed ticket takes no messages; ask to reopen it")]
    Closed,
    #[error("a declined ticket is final")]
    Declined,
    #[error("only a closed ticket can be reopened")]
    NotClosed,
    #[error("the period to reopen this ticket has passed; please file a new one")]
    ReopenWindowPassed,
    #[error("an estimate belongs to a ticket the helpdesk is working on")]
    NoEstimateNow,
    #[error("an estimate belongs to a change request: set the type to change first")]
    NotAChange,
    #[error("there is no estimate waiting for an answer")]
    NoPendingEstimate,
}

impl TicketStatus {
    /// The status after `event`, or why the event is not possible now. Internal notes,
    /// assignment, type and priority changes leave the status as it is and are not
    /// events here.
    pub fn after(self, event: TicketEvent) -> Result<TicketStatus, TransitionError> {
        use TicketStatus::*;
        match (self, event) {
            (Declined, _) => Err(TransitionError::Declined),
            (AwaitingApproval, TicketEvent::Approve) => Ok(New),
            (AwaitingApproval, TicketEvent::Decline) => Ok(Declined),
            (_, TicketEvent::Approve | TicketEvent::Decline) => Err(TransitionError::NotAwaitingApproval),
            // Before approval the requester may add detail; staff cannot see the ticket.
            (AwaitingApproval, TicketEvent::Reply(Side::Customer)) => Ok(AwaitingApproval),
            (AwaitingApproval, _) => Err(TransitionError::NotWithHelpdesk),
            (_, TicketEvent::SetStatus(New | AwaitingApproval | Declined)) => Err(TransitionError::NotAStaffStatus),
            (current, TicketEvent::SetStatus(target)) if current == target => Err(TransitionError::Unchanged),
            (Closed, TicketEvent::SetStatus(Open)) => Ok(Open),
            (Closed, TicketEvent::SetStatus(_)) => Err(TransitionError::Closed),
            (_, TicketEvent::SetStatus(target)) => Ok(target),
            (Closed, TicketEvent::Reply(_)) => Err(TransitionError::Closed),
            (WaitingOnCustomer, TicketEvent::Reply(Side::Customer)) => Ok(Open),
            (New, TicketEvent::Reply(Side::Staff)) => Ok(Open),
            (current, TicketEvent::Reply(_)) => Ok(current),
            (Closed, TicketEvent::RequestReopen { closed_at, now, window }) => {
                if now - closed_at <= window {
                    Ok(Open)
                } else {
                    Err(TransitionError::ReopenWindowPassed)
                }
            }
            (_, TicketEvent::RequestReopen { .. }) => Err(TransitionError::NotClosed),
            (Closed, TicketEvent::ProposeEstimate | TicketEvent::AnswerEstimate) => Err(TransitionError::NoEstimateNow),
            (_, TicketEvent::ProposeEstimate) => Ok(WaitingOnCustomer),
            (_, TicketEvent::AnswerEstimate) => Ok(Open),
        }
    }
}

/// A ticket's human-readable number: `T-2026-000123`, counted per year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TicketNumber {
    year: u16,
    sequence: u32,
}

impl TicketNumber {
    /// The pattern published in the OpenAPI document.
    pub const PATTERN: &'static str = r"^T-[0-9]{4}-[0-9]{6,9}$";

    pub fn new(year: u16, sequence: u32) -> Option<Self> {
        ((1000..=9999).contains(&year) && (1..=999_999_999).contains(&sequence)).then_some(Self { year, sequence })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn sequence(self) -> u32 {
        self.sequence
    }

    pub fn parse(text: &str) -> Option<Self> {
        let rest = text.strip_prefix("T-")?;
        let (year, sequence) = rest.split_once('-')?;
        if year.len() != 4 || !(6..=9).contains(&sequence.len()) {
            return None;
        }
        if !year.bytes().chain(sequence.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let parsed = Self::new(year.parse().ok()?, sequence.parse().ok()?)?;
        // One spelling per number: no extra leading zeros beyond six digits.
        (parsed.to_string() == text).then_some(parsed)
    }
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "T-{}-{:06}", self.year, self.sequence)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::TicketStatus::*;
    use super::*;

    fn at(h: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::hours(h)
    }

    #[test]
    fn names_round_trip() {
        for s in TicketStatus::ALL {
            assert_eq!(TicketStatus::parse(s.as_str()), Some(*s));
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::json!(s.as_str()));
        }
        for t in TicketType::ALL {
            assert_eq!(TicketType::parse(t.as_str()), Some(*t));
        }
        for p in Priority::ALL {
            assert_eq!(Priority::parse(p.as_str()), Some(*p));
        }
        assert_eq!(TicketStatus::parse("Open"), None);
    }

    #[test]
    fn approval() {
        assert_eq!(AwaitingApproval.after(TicketEvent::Approve), Ok(New));
        assert_eq!(AwaitingApproval.after(TicketEvent::Decline), Ok(Declined));
        assert_eq!(New.after(TicketEvent::Approve), Err(TransitionError::NotAwaitingApproval));
        assert_eq!(AwaitingApproval.after(TicketEvent::Reply(Side::Customer)), Ok(AwaitingApproval));
        assert_eq!(AwaitingApproval.after(TicketEvent::Reply(Side::Staff)), Err(TransitionError::NotWithHelpdesk));
        assert_eq!(AwaitingApproval.after(TicketEvent::SetStatus(Open)), Err(TransitionError::NotWithHelpdesk));
        assert_eq!(Declined.after(TicketEvent::Reply(Side::Customer)), Err(TransitionError::Declined));
    }

    #[test]
    fn staff_set_the_working_statuses() {
        assert_eq!(New.after(TicketEvent::SetStatus(Open)), Ok(Open));
        assert_eq!(Open.after(TicketEvent::SetStatus(WaitingOnCustomer)), Ok(WaitingOnCustomer));
        assert_eq!(WaitingOnCustomer.after(TicketEvent::SetStatus(Closed)), Ok(Closed));
        assert_eq!(Closed.after(TicketEvent::SetStatus(Open)), Ok(Open));
        assert_eq!(Closed.after(TicketEvent::SetStatus(WaitingOnCustomer)), Err(TransitionError::Closed));
        assert_eq!(Open.after(TicketEvent::SetStatus(Open)), Err(TransitionError::Unchanged));
        assert_eq!(Open.after(TicketEvent::SetStatus(New)), Err(TransitionError::NotAStaffStatus));
        assert_eq!(Open.after(TicketEvent::SetStatus(Declined)), Err(TransitionError::NotAStaffStatus));
    }

    #[test]
    fn replies() {
        assert_eq!(WaitingOnCustomer.after(TicketEvent::Reply(Side::Customer)), Ok(Open));
        assert_eq!(WaitingOnCustomer.after(TicketEvent::Reply(Side::Staff)), Ok(WaitingOnCustomer));
        assert_eq!(New.after(TicketEvent::Reply(Side::Staff)), Ok(Open));
        assert_eq!(New.after(TicketEvent::Reply(Side::Customer)), Ok(New));
        assert_eq!(Closed.after(TicketEvent::Reply(Side::Customer)), Err(TransitionError::Closed));
    }

    #[test]
    fn reopening_within_the_window() {
        let window = Duration::days(14);
        let ask = |now| Closed.after(TicketEvent::RequestReopen { closed_at: at(0), now, window });
        assert_eq!(ask(at(24)), Ok(Open));
        assert_eq!(ask(at(14 * 24)), Ok(Open));
        assert_eq!(ask(at(14 * 24 + 1)), Err(TransitionError::ReopenWindowPassed));
        assert_eq!(
            Open.after(TicketEvent::RequestReopen { closed_at: at(0), now: at(1), window }),
            Err(TransitionError::NotClosed)
        );
    }

    #[test]
    fn estimates_wait_for_the_customer() {
        assert_eq!(Open.after(TicketEvent::ProposeEstimate), Ok(WaitingOnCustomer));
        assert_eq!(WaitingOnCustomer.after(TicketEvent::AnswerEstimate), Ok(Open));
        assert_eq!(Closed.after(TicketEvent::ProposeEstimate), Err(TransitionError::NoEstimateNow));
    }

    #[test]
    fn numbers() {
        let n = TicketNumber::new(2026, 123).unwrap();
        assert_eq!(n.to_string(), "T-2026-000123");
        assert_eq!(TicketNumber::parse("T-2026-000123"), Some(n));
        assert_eq!(TicketNumber::parse("T-2026-1234567"), TicketNumber::new(2026, 1_234_567));
        for bad in
            ["T-2026-123", "T-2026-0001234", "t-2026-000123", "T-26-000123", "T-2026-00012a", "T-2026-000000", ""]
        {
            assert_eq!(TicketNumber::parse(bad), None, "{bad}");
        }
        let pattern = regex::Regex::new(TicketNumber::PATTERN).unwrap();
        assert!(pattern.is_match(&n.to_string()));
    }

    fn event() -> impl Strategy<Value = TicketEvent> {
        let status = prop::sample::select(TicketStatus::ALL.to_vec());
        prop_oneof![
            Just(TicketEvent::Approve),
            Just(TicketEvent::Decline),
            status.prop_map(TicketEvent::SetStatus),
            Just(TicketEvent::Reply(Side::Customer)),
            Just(TicketEvent::Reply(Side::Staff)),
            (0i64..100).prop_map(|h| TicketEvent::RequestReopen {
                closed_at: at(0),
                now: at(h),
                window: Duration::hours(50)
            }),
            Just(TicketEvent::ProposeEstimate),
            Just(TicketEvent::AnswerEstimate),
        ]
    }

    proptest! {
        /// Whatever happens, a ticket never goes back to awaiting approval or to new, a
        /// declined ticket stays declined, and only staff close.
        #[test]
        fn life_cycle_invariants(start in prop::sample::select(vec![AwaitingApproval, New]), events in prop::collection::vec(event(), 0..40)) {
            let mut status = start;
            for event in events {
                let before = status;
                if let Ok(next) = status.after(event) {
                    status = next;
                }
                prop_assert!(status == before || status == Declined || status != AwaitingApproval);
                prop_assert!(status == before || status != New || before == AwaitingApproval);
                prop_assert!(before != Declined || status == Declined);
                if status == Closed && before != Closed {
                    prop_assert_eq!(event, TicketEvent::SetStatus(Closed));
                }
                if before == AwaitingApproval && status != before {
                    prop_assert!(matches!(event, TicketEvent::Approve | TicketEvent::Decline));
                }
            }
        }

        #[test]
        fn numbers_round_trip(year in 1000u16..=9999, sequence in 1u32..=999_999_999) {
            let n = TicketNumber::new(year, sequence).unwrap();
            prop_assert_eq!(TicketNumber::parse(&n.to_string()), Some(n));
        }
    }
}
