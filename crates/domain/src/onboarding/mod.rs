//! The onboarding engine (issue 10, capability 1): a case moves through the ordered steps
//! of a flow. Each step is owned by one party (who acts on it), names the data that must
//! be present before the case leaves it, the steps it may go to, and whom a move into it
//! is told to. The engine knows nothing of any particular flow: the partner's install
//! request (seed 000, [`install_flow`]) is one definition, the accountancy signup of seed
//! 001 another (defined in this module's tests, its screens come later).

pub mod contracts;
pub mod funnel;
mod install;
pub mod installation;
pub mod monitoring;
pub mod partner_fields;
pub mod questionnaire;
pub mod releases;

use std::collections::BTreeSet;

pub use install::{InstallStep, NUMBER_PATTERN, install_flow, request_number};

/// Who acts on a step, or is told of a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Party {
    /// The partner that filed the request (its users and systems).
    Partner,
    /// The vendor's helpdesk.
    Helpdesk,
    /// The client being onboarded.
    Client,
    /// The installed software, with its installation key.
    Software,
    /// The accountant who brings a client (seed 001).
    Accountant,
    /// Whoever pays (seed 001).
    Payer,
    /// The vendor's back office (seed 001).
    Vendor,
}

/// One step of a flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub key: &'static str,
    pub owner: Party,
    /// Data that must be present before the case leaves this step.
    pub requires: &'static [&'static str],
    /// The steps the case may move to from here; none for an end.
    pub next: &'static [&'static str],
    /// Who is told when a case moves into this step.
    pub notifies: &'static [Party],
}

impl Step {
    pub fn is_end(&self) -> bool {
        self.next.is_empty()
    }
}

/// Why a flow definition is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    #[error("a flow has at least one step")]
    Empty,
    #[error("step {0} is defined twice")]
    Duplicate(&'static str),
    #[error("step {from} leads to {to}, which is not a step of the flow")]
    UnknownTarget { from: &'static str, to: &'static str },
    #[error("step {0} cannot be reached from the first step")]
    Unreachable(&'static str),
}

/// Why a move is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoveRefused {
    #[error("{0} is not a step of this flow")]
    UnknownStep(String),
    /// 409 with the allowed next steps.
    #[error("a case cannot go from {from} to {to}")]
    NotAllowed { from: &'static str, to: String, allowed: &'static [&'static str] },
    #[error("{step} is for the {owner:?} to act on")]
    NotOwner { step: &'static str, owner: Party },
    #[error("{step} needs {missing:?} first")]
    MissingData { step: &'static str, missing: Vec<&'static str> },
}

/// A move the engine allowed: from where, to where, and whom to tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move<'a> {
    pub from: &'a Step,
    pub to: &'a Step,
    pub notify: &'a [Party],
}

/// An ordered list of steps, checked when defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    name: &'static str,
    steps: Vec<Step>,
}

impl Flow {
    /// Checks the definition: steps named once, every move to a step of the flow, every
    /// step reachable from the first.
    pub fn new(name: &'static str, steps: Vec<Step>) -> Result<Self, FlowError> {
        let first = steps.first().ok_or(FlowError::Empty)?;
        let mut keys = BTreeSet::new();
        for step in &steps {
            if !keys.insert(step.key) {
                return Err(FlowError::Duplicate(step.key));
            }
        }
        for step in &steps {
            if let Some(to) = step.next.iter().find(|to| !keys.contains(*to)) {
                return Err(FlowError::UnknownTarget { from: step.key, to });
            }
        }
        let mut reached = BTreeSet::from([first.key]);
        let mut frontier = vec![first];
        while let Some(step) = frontier.pop() {
            for to in step.next {
                if reached.insert(*to)
                    && let Some(next) = steps.iter().find(|s| s.key == *to)
                {
                    frontier.push(next);
                }
            }
        }
        if let Some(lost) = steps.iter().find(|s| !reached.contains(s.key)) {
            return Err(FlowError::Unreachable(lost.key));
        }
        Ok(Self { name, steps })
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Where every case starts.
    pub fn first(&self) -> &Step {
        // `new` refuses an empty flow.
        &self.steps[0]
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    pub fn step(&self, key: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.key == key)
    }

    /// Moves a case from `from` to `to` on behalf of `by`, with the data keys `present`:
    /// only the owner of the current step moves it on, only along its `next`, and only
    /// once what the step requires is there.
    pub fn advance(&self, from: &str, to: &str, by: Party, present: &BTreeSet<&str>) -> Result<Move<'_>, MoveRefused> {
        let current = self.step(from).ok_or_else(|| MoveRefused::UnknownStep(from.to_owned()))?;
        if !current.next.contains(&to) {
            return Err(MoveRefused::NotAllowed { from: current.key, to: to.to_owned(), allowed: current.next });
        }
        let target = self.step(to).ok_or_else(|| MoveRefused::UnknownStep(to.to_owned()))?;
        if current.owner != by {
            return Err(MoveRefused::NotOwner { step: current.key, owner: current.owner });
        }
        let missing: Vec<&'static str> = current.requires.iter().copied().filter(|k| !present.contains(k)).collect();
        if !missing.is_empty() {
            return Err(MoveRefused::MissingData { step: current.key, missing });
        }
        Ok(Move { from: current, to: target, notify: target.notifies })
    }
}

#[cfg(test)]
mod tests;
