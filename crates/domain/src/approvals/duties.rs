//! Who approves a document and when it is approved (seed 002, "Mag/Moet accorderen").
//! Per client and document type each client user may be set to "may approve" or "must
//! approve". Without must-approvers one may-approver's approval suffices; with them all
//! must-approvers must approve, and may-approvers have no right on that type at all.
//! An approved document is locked; a rejection needs a reason and ends the round; the
//! bytes approved are the bytes uploaded, or nothing is approved.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::support::named_values;

named_values! {
    /// A user's duty for one client and document type.
    pub enum Duty {
        May = "may",
        Must = "must",
    }
}

named_values! {
    /// Where a document for approval stands.
    pub enum ApprovalStatus {
        /// Waiting for (more) approvals.
        Awaiting = "awaiting",
        /// Approved as required; locked.
        Approved = "approved",
        /// Rejected by an approver, with a reason.
        Rejected = "rejected",
    }
}

named_values! {
    /// How an approver confirmed its decision.
    pub enum ConfirmedWith {
        /// The user's PIN, checked against its hash.
        Pin = "pin",
        /// A one-time code sent by SMS to the user's verified mobile number.
        SmsCode = "sms_code",
    }
}

named_values! {
    /// What an approver decided.
    pub enum Verdict {
        Approved = "approved",
        Rejected = "rejected",
    }
}

/// The duties set for one client and document type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Duties(BTreeMap<Uuid, Duty>);

impl Duties {
    pub fn new(duties: impl IntoIterator<Item = (Uuid, Duty)>) -> Self {
        Self(duties.into_iter().collect())
    }

    fn has_must(&self) -> bool {
        self.0.values().any(|d| *d == Duty::Must)
    }

    /// Whether `user` has a right on this type: with must-approvers only they do.
    pub fn is_approver(&self, user: Uuid) -> bool {
        match self.0.get(&user) {
            Some(Duty::Must) => true,
            Some(Duty::May) => !self.has_must(),
            None => false,
        }
    }

    /// The users with a right on this type.
    pub fn approvers(&self) -> Vec<Uuid> {
        self.0.keys().copied().filter(|u| self.is_approver(*u)).collect()
    }

    /// Whether the approvals of `approved_by` complete the document: every must-approver,
    /// or, without must-approvers, any one may-approver.
    pub fn complete(&self, approved_by: &[Uuid]) -> bool {
        let approvers = self.approvers();
        if self.has_must() {
            approvers.iter().all(|u| approved_by.contains(u))
        } else {
            approvers.iter().any(|u| approved_by.contains(u))
        }
    }

    /// The approvers still to approve after `approved_by`.
    pub fn waiting_for(&self, approved_by: &[Uuid]) -> Vec<Uuid> {
        if self.complete(approved_by) {
            return Vec::new();
        }
        self.approvers().into_iter().filter(|u| !approved_by.contains(u)).collect()
    }
}

/// Why an approval or rejection is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApprovalRefused {
    #[error("you have no right to approve this type of document for this client")]
    NotAnApprover,
    #[error("the document is {0} and can no longer be approved or rejected")]
    Closed(ApprovalStatus),
    #[error("you approved this document already")]
    AlreadyApproved,
    #[error("the document changed after it was uploaded")]
    Changed,
    #[error("a rejection needs a reason")]
    NoReason,
}

/// What an approver decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision<'a> {
    /// Approve the bytes whose SHA-256 is given (as the approver's screen showed them).
    Approve {
        sha256: &'a str,
    },
    Reject {
        reason: &'a str,
    },
}

/// A document's approval round as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round<'a> {
    pub status: ApprovalStatus,
    pub duties: &'a Duties,
    pub approved_by: &'a [Uuid],
    /// The SHA-256 of the bytes uploaded.
    pub sha256: &'a str,
    /// The SHA-256 of the bytes stored now (read again when deciding).
    pub stored_sha256: &'a str,
}

/// The status after `user` decides, or why it may not.
pub fn decide(round: &Round<'_>, user: Uuid, decision: &Decision<'_>) -> Result<ApprovalStatus, ApprovalRefused> {
    if round.status != ApprovalStatus::Awaiting {
        return Err(ApprovalRefused::Closed(round.status));
    }
    if !round.duties.is_approver(user) {
        return Err(ApprovalRefused::NotAnApprover);
    }
    match decision {
        Decision::Reject { reason } if reason.trim().is_empty() => Err(ApprovalRefused::NoReason),
        Decision::Reject { .. } => Ok(ApprovalStatus::Rejected),
        Decision::Approve { sha256 } => {
            if round.approved_by.contains(&user) {
                return Err(ApprovalRefused::AlreadyApproved);
            }
            if *sha256 != round.sha256 || round.stored_sha256 != round.sha256 {
                return Err(ApprovalRefused::Changed);
            }
            let mut approved: Vec<Uuid> = round.approved_by.to_vec();
            approved.push(user);
            Ok(if round.duties.complete(&approved) { ApprovalStatus::Approved } else { ApprovalStatus::Awaiting })
        }
    }
}

/// How many days before its due date the approvers still awaited are reminded.
pub const REMIND_DAYS_BEFORE: i64 = 2;

/// Whether a document awaiting approval and due on `due_on` gets its reminder on `today`:
/// from `REMIND_DAYS_BEFORE` days before the due date on (also when it is overdue, say
/// after the server was down); never without a due date. It is sent once.
pub fn reminder_due(due_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    due_on.is_some_and(|due| (due - today).num_days() <= REMIND_DAYS_BEFORE)
}

/// The last due date that gets its reminder on `today`.
pub fn last_due_reminded(today: NaiveDate) -> NaiveDate {
    today + chrono::Duration::days(REMIND_DAYS_BEFORE)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn user(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    fn round<'a>(duties: &'a Duties, approved_by: &'a [Uuid]) -> Round<'a> {
        Round { status: ApprovalStatus::Awaiting, duties, approved_by, sha256: HASH, stored_sha256: HASH }
    }

    #[test]
    fn one_may_approver_suffices() {
        let duties = Duties::new([(user(1), Duty::May), (user(2), Duty::May)]);
        assert_eq!(duties.approvers(), [user(1), user(2)]);
        assert!(!duties.complete(&[]));
        assert!(duties.complete(&[user(2)]));
        assert_eq!(
            decide(&round(&duties, &[]), user(1), &Decision::Approve { sha256: HASH }),
            Ok(ApprovalStatus::Approved)
        );
        assert_eq!(
            decide(&round(&duties, &[]), user(3), &Decision::Approve { sha256: HASH }),
            Err(ApprovalRefused::NotAnApprover)
        );
    }

    #[test]
    fn must_overrides_may() {
        let duties = Duties::new([(user(1), Duty::May), (user(2), Duty::Must)]);
        assert!(!duties.is_approver(user(1)), "a may-approver has no right once someone must approve");
        assert_eq!(duties.approvers(), [user(2)]);
        assert_eq!(
            decide(&round(&duties, &[]), user(1), &Decision::Approve { sha256: HASH }),
            Err(ApprovalRefused::NotAnApprover)
        );
        assert_eq!(
            decide(&round(&duties, &[]), user(1), &Decision::Reject { reason: "Nee" }),
            Err(ApprovalRefused::NotAnApprover)
        );
        assert!(!duties.complete(&[user(1)]));
        assert!(duties.complete(&[user(2)]));
    }

    #[test]
    fn several_must_approvers_all_approve() {
        let duties = Duties::new([(user(1), Duty::Must), (user(2), Duty::Must), (user(3), Duty::May)]);
        let first = decide(&round(&duties, &[]), user(1), &Decision::Approve { sha256: HASH });
        assert_eq!(first, Ok(ApprovalStatus::Awaiting));
        assert_eq!(duties.waiting_for(&[user(1)]), [user(2)]);
        let again = decide(&round(&duties, &[user(1)]), user(1), &Decision::Approve { sha256: HASH });
        assert_eq!(again, Err(ApprovalRefused::AlreadyApproved));
        let second = decide(&round(&duties, &[user(1)]), user(2), &Decision::Approve { sha256: HASH });
        assert_eq!(second, Ok(ApprovalStatus::Approved));
        assert!(duties.waiting_for(&[user(1), user(2)]).is_empty());
    }

    #[test]
    fn changed_bytes_closed_rounds_and_reasons() {
        let duties = Duties::new([(user(1), Duty::May)]);
        let other = "0".repeat(64);
        let shown = decide(&round(&duties, &[]), user(1), &Decision::Approve { sha256: &other });
        assert_eq!(shown, Err(ApprovalRefused::Changed), "the approver saw other bytes");
        let stored = Round { stored_sha256: &other, ..round(&duties, &[]) };
        assert_eq!(decide(&stored, user(1), &Decision::Approve { sha256: HASH }), Err(ApprovalRefused::Changed));
        assert_eq!(
            decide(&round(&duties, &[]), user(1), &Decision::Reject { reason: "  " }),
            Err(ApprovalRefused::NoReason)
        );
        assert_eq!(
            decide(&round(&duties, &[]), user(1), &Decision::Reject { reason: "Fout bedrag" }),
            Ok(ApprovalStatus::Rejected)
        );
        for status in [ApprovalStatus::Approved, ApprovalStatus::Rejected] {
            let closed = Round { status, ..round(&duties, &[]) };
            assert_eq!(
                decide(&closed, user(1), &Decision::Approve { sha256: HASH }),
                Err(ApprovalRefused::Closed(status))
            );
        }
    }

    #[test]
    fn reminders_come_two_days_before_the_due_date() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert!(!reminder_due(Some(day(10)), day(7)), "three days ahead: not yet");
        assert!(reminder_due(Some(day(10)), day(8)));
        assert!(reminder_due(Some(day(10)), day(10)), "on the day");
        assert!(reminder_due(Some(day(10)), day(12)), "overdue still gets it");
        assert!(!reminder_due(None, day(10)), "no due date, no reminder");
        assert_eq!(last_due_reminded(day(8)), day(10));
        for today in 1..=20 {
            assert_eq!(reminder_due(Some(day(10)), day(today)), day(10) <= last_due_reminded(day(today)));
        }
    }

    proptest! {
        /// Approved exactly when every must-approver approved, or (none set) any
        /// may-approver did; approvals by others never count.
        #[test]
        fn completion_follows_the_duties(
            duties in proptest::collection::vec((0u128..8, any::<bool>()), 0..8),
            approved in proptest::collection::vec(0u128..10, 0..10),
        ) {
            let duties = Duties::new(duties.iter().map(|(u, must)| (user(*u), if *must { Duty::Must } else { Duty::May })));
            let approved: Vec<Uuid> = approved.into_iter().map(user).collect();
            let musts: Vec<Uuid> = duties.0.iter().filter(|(_, d)| **d == Duty::Must).map(|(u, _)| *u).collect();
            let mays: Vec<Uuid> = duties.0.iter().filter(|(_, d)| **d == Duty::May).map(|(u, _)| *u).collect();
            let expected = if musts.is_empty() {
                mays.iter().any(|u| approved.contains(u))
            } else {
                musts.iter().all(|u| approved.contains(u))
            };
            prop_assert_eq!(duties.complete(&approved), expected);
            let counted: Vec<Uuid> = approved.iter().copied().filter(|u| duties.is_approver(*u)).collect();
            prop_assert_eq!(duties.complete(&counted), expected);
        }
    }
}
