//! The audit log's rules: what an entry names, which fields it compares, and what it may
//! never say.
//!
//! An entry says who did what to which record, and which fields changed from what to
//! what. It also names a *subject*: the record whose history the entry belongs to (a
//! branch's subject is its organisation; a ticket message's will be its ticket), so a
//! timeline is one query on the subject. Entries marked staff-only (internal notes, and
//! everything else customers must not see) are shown to vendor staff only.
//!
//! Secrets never enter the log: a field whose name marks it as secret is recorded as
//! changed, with both values replaced by [`REDACTED`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Created,
    Updated,
    Deleted,
    Deactivated,
    Reactivated,
    SignedIn,
    SignedOut,
    PasswordChanged,
    PasswordReset,
    InvitationSent,
    InvitationAccepted,
    Revoked,
    SecretRotated,
    TestSent,
    Requeued,
    /// Loket ended a session on its own (a used refresh token came back).
    SessionRevoked,
    /// A contact person approved a colleague's ticket.
    Approved,
    /// A contact person declined a colleague's ticket.
    Declined,
    /// A customer reopened a closed ticket.
    Reopened,
    /// Someone confirmed their e-mail address (an access request).
    Confirmed,
    /// The helpdesk returned an install request for what is missing.
    Returned,
    /// The partner amended a returned install request and submitted it again.
    Resubmitted,
    /// The helpdesk rejected an install request.
    Rejected,
    /// The helpdesk accepted an install request.
    Accepted,
    /// A client submitted its questionnaire.
    Submitted,
    /// The helpdesk followed up an installation (a call, a remote session, a note).
    FollowedUp,
    /// The approvers still awaited were reminded of a document's due date.
    Reminded,
    /// A one-time code was sent by SMS (never its digits).
    CodeSent,
    /// A right password started a sign-in that waits for its second step (a code).
    SecondStepStarted,
    /// An import was given up before it was committed.
    Cancelled,
}

/// The kind of record an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    Organisation,
    Branch,
    User,
    ApiKey,
    WebhookEndpoint,
    OutboxJob,
    Ticket,
    /// A message on a ticket's board (its subject is the ticket).
    TicketMessage,
    /// A file on a ticket or one of its messages (its subject is the ticket).
    TicketAttachment,
    /// Someone without a login asking for one with a customer number.
    AccessRequest,
    /// The helpdesk's opening hours, SLA targets and reopen window.
    SupportSettings,
    /// A date on which the helpdesk opens or closes against the computed calendar (its
    /// subject is the settings).
    SupportCalendarDay,
    /// A partner's install request.
    InstallRequest,
    /// An accounting package of the vendor's list.
    AccountingPackage,
    /// The fields a partner's install requests carry (its subject is the partner).
    PartnerFields,
    /// A version of the new-customer questionnaire.
    Questionnaire,
    /// A case's answers to the questionnaire (its subject is the install request).
    QuestionnaireAnswers,
    /// A contract of an install case (its subject is the client).
    Contract,
    /// A product the vendor ships.
    Product,
    /// A release of a product, with its installer.
    Release,
    /// The installation instructions sent for a case (its subject is the case).
    InstallationInstructions,
    /// The installed software of a case (its subject is the case).
    Installation,
    /// A group of users sharing a permission set.
    PermissionGroup,
    /// A user's membership of a permission group (its subject is the group).
    GroupMember,
    /// A user's own grants (its subject is the user).
    UserRights,
    /// Who must approve a type of document for a client (its subject is the client).
    ApprovalDuties,
    /// A document for approval and the decisions on it (its subject is the client).
    ApprovalDocument,
    /// A user's PIN: set, changed or locked (its subject is the user; never its digits).
    UserPin,
    /// A user's verified mobile number and the codes sent to it (its subject is the user).
    UserMobile,
    /// A user's recovery codes for signing in without its phone (never the codes).
    RecoveryCodes,
    /// A partner's client import (uploaded, committed or cancelled).
    ClientImport,
}

/// Who acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActorType {
    /// A person signed in to the browser app (or signing in, accepting an invitation).
    User,
    /// A partner system with an API key.
    ApiKey,
    /// Loket itself (the outbox worker, scheduled jobs).
    System,
}

macro_rules! stored_names {
    ($ty:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(<$ty>::$variant => $name),+ }
            }

            pub fn parse(value: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|known| known.as_str() == value)
            }
        }
    };
}

stored_names!(AuditAction {
    Created => "created", Updated => "updated", Deleted => "deleted", Deactivated => "deactivated",
    Reactivated => "reactivated", SignedIn => "signed_in", SignedOut => "signed_out",
    PasswordChanged => "password_changed", PasswordReset => "password_reset",
    InvitationSent => "invitation_sent", InvitationAccepted => "invitation_accepted", Revoked => "revoked",
    SecretRotated => "secret_rotated", TestSent => "test_sent", Requeued => "requeued",
    SessionRevoked => "session_revoked", Approved => "approved", Declined => "declined", Reopened => "reopened",
    Confirmed => "confirmed", Returned => "returned", Resubmitted => "resubmitted", Rejected => "rejected",
    Accepted => "accepted", Submitted => "submitted", FollowedUp => "followed_up", Reminded => "reminded",
    CodeSent => "code_sent", SecondStepStarted => "second_step_started",
    Cancelled => "cancelled",
});

stored_names!(EntityType {
    Organisation => "organisation", Branch => "branch", User => "user", ApiKey => "api_key",
    WebhookEndpoint => "webhook_endpoint", OutboxJob => "outbox_job", Ticket => "ticket",
    TicketMessage => "ticket_message", TicketAttachment => "ticket_attachment",
    AccessRequest => "access_request", SupportSettings => "support_settings",
    SupportCalendarDay => "support_calendar_day", InstallRequest => "install_request",
    AccountingPackage => "accounting_package", PartnerFields => "partner_fields", Questionnaire => "questionnaire",
    QuestionnaireAnswers => "questionnaire_answers", Contract => "contract",
    Product => "product", Release => "release", InstallationInstructions => "installation_instructions",
    Installation => "installation", PermissionGroup => "permission_group", GroupMember => "group_member",
    UserRights => "user_rights", ApprovalDuties => "approval_duties", ApprovalDocument => "approval_document",
    UserPin => "user_pin", UserMobile => "user_mobile", RecoveryCodes => "recovery_codes",
    ClientImport => "client_import",
});

stored_names!(ActorType { User => "user", ApiKey => "api_key", System => "system" });

/// What a secret field's values are replaced with.
pub const REDACTED: &str = "[redacted]";

/// Whether a field holds a secret (passwords, tokens, signing secrets, PINs, codes sent
/// to prove possession). Such values are never written to the log.
pub fn is_secret_field(name: &str) -> bool {
    /// A word of the field name that marks a secret on its own.
    const SECRET_WORDS: [&str; 6] = ["password", "secret", "token", "hash", "pin", "otp"];
    /// "code" alone is a postal or product code; a code sent to prove possession is
    /// named after its purpose.
    const SECRET_CODES: [&str; 3] = ["verification", "sms", "login"];
    let name = name.to_ascii_lowercase();
    let words: Vec<&str> = name.split('_').collect();
    words.iter().any(|word| SECRET_WORDS.contains(word))
        || words.windows(2).any(|pair| pair[1] == "code" && SECRET_CODES.contains(&pair[0]))
}

/// One field that changed. `old` is null for a created record, `new` for a deleted one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    /// Any JSON value (text, number, boolean, list or null).
    pub old: Value,
    /// Any JSON value (text, number, boolean, list or null).
    pub new: Value,
}

/// The audited fields of a record at one moment, named one by one (so a new column is
/// not audited, and cannot leak, until someone decides it should be).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot(Vec<(&'static str, Value)>);

impl Snapshot {
    pub fn new() -> Self {
        Self::default()
    }

    /// This snapshot followed by `other`'s fields (a record and what belongs to it).
    pub fn merged(mut self, other: Snapshot) -> Self {
        self.0.extend(other.0);
        self
    }

    /// Adds a field. A value that does not serialise is recorded as null.
    pub fn field(mut self, name: &'static str, value: impl Serialize) -> Self {
        self.0.push((name, serde_json::to_value(value).unwrap_or(Value::Null)));
        self
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(field, _)| *field == name).map(|(_, value)| value)
    }

    fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().map(|(name, _)| *name)
    }
}

/// The changes from `before` to `after`: every field whose value differs, in the order
/// the fields were named (those of `after` first). `None` stands for "no record": a
/// creation compares against nothing, a deletion with nothing.
pub fn changes(before: Option<&Snapshot>, after: Option<&Snapshot>) -> Vec<FieldChange> {
    let empty = Snapshot::new();
    let (before, after) = (before.unwrap_or(&empty), after.unwrap_or(&empty));
    let mut names: Vec<&'static str> = after.names().collect();
    names.extend(before.names().filter(|name| after.get(name).is_none()));
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let old = before.get(name).cloned().unwrap_or(Value::Null);
            let new = after.get(name).cloned().unwrap_or(Value::Null);
            if old == new {
                return None;
            }
            let (old, new) = if is_secret_field(name) {
                let redact = |value: Value| if value.is_null() { value } else { Value::from(REDACTED) };
                (redact(old), redact(new))
            } else {
                (old, new)
            };
            Some(FieldChange { field: name.to_owned(), old, new })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    #[test]
    fn only_changed_fields_are_listed() {
        let before = Snapshot::new().field("name", "Noordbank").field("city", "Groningen").field("active", true);
        let after = Snapshot::new().field("name", "Noordbank BV").field("city", "Groningen").field("active", false);
        assert_eq!(
            changes(Some(&before), Some(&after)),
            vec![
                FieldChange { field: "name".into(), old: json!("Noordbank"), new: json!("Noordbank BV") },
                FieldChange { field: "active".into(), old: json!(true), new: json!(false) },
            ]
        );
    }

    #[test]
    fn creation_and_deletion_compare_with_nothing() {
        let record = Snapshot::new().field("name", "Sync").field("scopes", ["users:read"]).field("note", None::<&str>);
        let created = changes(None, Some(&record));
        assert_eq!(created.len(), 2, "a null field of a new record is no change: {created:?}");
        assert!(created.iter().all(|change| change.old.is_null()));
        let deleted = changes(Some(&record), None);
        assert_eq!(deleted.len(), 2);
        assert!(deleted.iter().all(|change| change.new.is_null()));
    }

    #[test]
    fn secret_fields_are_recorded_as_changed_without_their_values() {
        let before = Snapshot::new().field("secret", "whsec_old").field("password_hash", "$argon2id$…");
        let after = Snapshot::new().field("secret", "whsec_new").field("password_hash", "$argon2id$new");
        let listed = changes(Some(&before), Some(&after));
        assert_eq!(listed.len(), 2);
        for change in listed {
            assert_eq!((change.old, change.new), (json!(REDACTED), json!(REDACTED)), "{}", change.field);
        }
    }

    #[test]
    fn secret_names_are_recognised_and_ordinary_ones_are_not() {
        for name in [
            "password",
            "new_password",
            "secret",
            "signing_secret",
            "token",
            "refresh_token",
            "pin",
            "sms_pin",
            "secret_hash",
            "otp",
            "verification_code",
            "sms_code",
        ] {
            assert!(is_secret_field(name), "{name}");
        }
        for name in ["name", "email", "scopes", "postal_code", "pinned", "shipping", "status", "coc_number", "url"] {
            assert!(!is_secret_field(name), "{name}");
        }
    }

    #[test]
    fn stored_names_round_trip() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(*action));
            assert_eq!(serde_json::to_value(action).unwrap(), json!(action.as_str()));
        }
        for entity in EntityType::ALL {
            assert_eq!(EntityType::parse(entity.as_str()), Some(*entity));
            assert_eq!(serde_json::to_value(entity).unwrap(), json!(entity.as_str()));
        }
        for actor in ActorType::ALL {
            assert_eq!(ActorType::parse(actor.as_str()), Some(*actor));
        }
        assert_eq!(AuditAction::parse("hacked"), None);
    }

    proptest! {
        /// Whatever the values, a secret-named field never shows one, and a field is
        /// listed exactly when its value differs.
        #[test]
        fn no_secret_value_ever_appears(old in ".{0,20}", new in ".{0,20}", plain_old in 0i64..5, plain_new in 0i64..5) {
            let before = Snapshot::new().field("api_token", &old).field("count", plain_old);
            let after = Snapshot::new().field("api_token", &new).field("count", plain_new);
            let listed = changes(Some(&before), Some(&after));
            prop_assert_eq!(listed.iter().any(|c| c.field == "api_token"), old != new);
            prop_assert_eq!(listed.iter().any(|c| c.field == "count"), plain_old != plain_new);
            for change in listed.iter().filter(|c| c.field == "api_token") {
                prop_assert_eq!(&change.old, &json!(REDACTED));
                prop_assert_eq!(&change.new, &json!(REDACTED));
            }
        }
    }
}
