//! The life of an import: read and checked in the background, previewed, committed at
//! once or given up. Only a previewed import is committed; committing cannot be
//! cancelled (it is one transaction that either lands or leaves nothing).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// Uploaded; waiting for the worker to read it.
    Queued,
    /// The worker is reading and checking the rows.
    Reading,
    /// Every row is checked; the preview is there to choose from.
    Ready,
    /// The chosen rows are being written.
    Committing,
    Committed,
    /// Reading or committing failed; nothing was written.
    Failed,
    Cancelled,
}

impl ImportStatus {
    pub const ALL: [ImportStatus; 7] =
        [Self::Queued, Self::Reading, Self::Ready, Self::Committing, Self::Committed, Self::Failed, Self::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Reading => "reading",
            Self::Ready => "ready",
            Self::Committing => "committing",
            Self::Committed => "committed",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == value)
    }

    /// Whether the worker has work on an import in this status.
    pub fn is_work(self) -> bool {
        matches!(self, Self::Queued | Self::Reading | Self::Committing)
    }

    /// Whether the import may still be given up.
    pub fn can_cancel(self) -> bool {
        matches!(self, Self::Queued | Self::Reading | Self::Ready)
    }

    pub fn can_commit(self) -> bool {
        self == Self::Ready
    }

    pub fn is_end(self) -> bool {
        matches!(self, Self::Committed | Self::Failed | Self::Cancelled)
    }
}

/// How often the worker may start on an import before it is given up as failed.
pub const MAX_ATTEMPTS: i32 = 3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_and_each_is_work_an_end_or_the_preview() {
        for status in ImportStatus::ALL {
            assert_eq!(ImportStatus::parse(status.as_str()), Some(status));
            let kinds = [status.is_work(), status.is_end(), status == ImportStatus::Ready];
            assert_eq!(kinds.iter().filter(|kind| **kind).count(), 1, "{status:?}");
        }
    }

    #[test]
    fn committing_is_neither_cancelled_nor_started_twice() {
        use ImportStatus::*;
        let cancellable: Vec<_> = ImportStatus::ALL.into_iter().filter(|s| s.can_cancel()).collect();
        assert_eq!(cancellable, vec![Queued, Reading, Ready]);
        let committable: Vec<_> = ImportStatus::ALL.into_iter().filter(|s| s.can_commit()).collect();
        assert_eq!(committable, vec![Ready]);
    }
}
