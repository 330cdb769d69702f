//! Translated names of the API's enums.

use loket_api_types::audit::{AuditAction, EntityType};
use loket_api_types::tickets::{Priority, TicketStatus, TicketType};
use loket_api_types::users::UserStatus;
use loket_api_types::{ApiScope, JobKind, JobStatus, Language, OrganisationKind, PartnerKind, Role, WebhookEvent};

use crate::i18n::*;

pub fn role(i18n: I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::VendorAdmin => t_string!(i18n, role.vendor_admin),
        Role::Agent => t_string!(i18n, role.agent),
        Role::PartnerAdmin => t_string!(i18n, role.partner_admin),
        Role::PartnerUser => t_string!(i18n, role.partner_user),
        Role::ClientSuperuser => t_string!(i18n, role.client_superuser),
        Role::ClientUser => t_string!(i18n, role.client_user),
    }
    .to_string()
}

pub fn status(i18n: I18nContext<Locale>, status: UserStatus) -> String {
    match status {
        UserStatus::Invited => t_string!(i18n, status.invited),
        UserStatus::Active => t_string!(i18n, status.active),
        UserStatus::Deactivated => t_string!(i18n, status.deactivated),
    }
    .to_string()
}

pub fn kind(i18n: I18nContext<Locale>, kind: OrganisationKind) -> String {
    match kind {
        OrganisationKind::Vendor => t_string!(i18n, kind.vendor),
        OrganisationKind::Partner => t_string!(i18n, kind.partner),
        OrganisationKind::Client => t_string!(i18n, kind.client),
    }
    .to_string()
}

pub fn partner_kind(i18n: I18nContext<Locale>, kind: PartnerKind) -> String {
    match kind {
        PartnerKind::Bank => t_string!(i18n, partner_kind.bank),
        PartnerKind::Factoring => t_string!(i18n, partner_kind.factoring),
        PartnerKind::Accountancy => t_string!(i18n, partner_kind.accountancy),
        PartnerKind::Reseller => t_string!(i18n, partner_kind.reseller),
    }
    .to_string()
}

pub fn language(i18n: I18nContext<Locale>, language: Language) -> String {
    match language {
        Language::Nl => t_string!(i18n, language.nl),
        Language::En => t_string!(i18n, language.en),
    }
    .to_string()
}

pub fn scope(i18n: I18nContext<Locale>, scope: ApiScope) -> String {
    match scope {
        ApiScope::OrganisationsRead => t_string!(i18n, keys.scope_organisations_read),
        ApiScope::UsersRead => t_string!(i18n, keys.scope_users_read),
        ApiScope::UsersWrite => t_string!(i18n, keys.scope_users_write),
        ApiScope::WebhooksManage => t_string!(i18n, keys.scope_webhooks_manage),
        ApiScope::InstallRequestsRead => t_string!(i18n, keys.scope_install_requests_read),
        ApiScope::InstallRequestsWrite => t_string!(i18n, keys.scope_install_requests_write),
    }
    .to_string()
}

pub fn job_status(i18n: I18nContext<Locale>, status: JobStatus) -> String {
    match status {
        JobStatus::Pending => t_string!(i18n, outbox.pending),
        JobStatus::Failed => t_string!(i18n, outbox.failed),
        JobStatus::Dead => t_string!(i18n, outbox.dead),
        JobStatus::Sent => t_string!(i18n, outbox.sent),
    }
    .to_string()
}

pub fn job_kind(i18n: I18nContext<Locale>, kind: JobKind) -> String {
    match kind {
        JobKind::Email => t_string!(i18n, outbox.email),
        JobKind::Sms => t_string!(i18n, outbox.sms),
        JobKind::Webhook => t_string!(i18n, outbox.webhook),
    }
    .to_string()
}

pub fn event(i18n: I18nContext<Locale>, event: WebhookEvent) -> String {
    match event {
        WebhookEvent::UserInvited => t_string!(i18n, hooks.ev_user_invited),
        WebhookEvent::UserActivated => t_string!(i18n, hooks.ev_user_activated),
        WebhookEvent::UserDeactivated => t_string!(i18n, hooks.ev_user_deactivated),
        WebhookEvent::OrganisationUpdated => t_string!(i18n, hooks.ev_organisation_updated),
        WebhookEvent::InstallRequestStepChanged => t_string!(i18n, hooks.ev_install_request_step_changed),
        WebhookEvent::WebhookTest => t_string!(i18n, hooks.ev_webhook_test),
    }
    .to_string()
}

/// The app locale for a user's language, and back.
pub fn locale_of(language: Language) -> Locale {
    match language {
        Language::Nl => Locale::nl,
        Language::En => Locale::en,
    }
}

pub fn language_of(locale: Locale) -> Language {
    match locale {
        Locale::nl => Language::Nl,
        Locale::en => Language::En,
    }
}

pub fn audit_action(i18n: I18nContext<Locale>, action: AuditAction) -> String {
    match action {
        AuditAction::Created => t_string!(i18n, audit_action.created),
        AuditAction::Updated => t_string!(i18n, audit_action.updated),
        AuditAction::Deleted => t_string!(i18n, audit_action.deleted),
        AuditAction::Deactivated => t_string!(i18n, audit_action.deactivated),
        AuditAction::Reactivated => t_string!(i18n, audit_action.reactivated),
        AuditAction::SignedIn => t_string!(i18n, audit_action.signed_in),
        AuditAction::SignedOut => t_string!(i18n, audit_action.signed_out),
        AuditAction::PasswordChanged => t_string!(i18n, audit_action.password_changed),
        AuditAction::PasswordReset => t_string!(i18n, audit_action.password_reset),
        AuditAction::InvitationSent => t_string!(i18n, audit_action.invitation_sent),
        AuditAction::InvitationAccepted => t_string!(i18n, audit_action.invitation_accepted),
        AuditAction::Revoked => t_string!(i18n, audit_action.revoked),
        AuditAction::SecretRotated => t_string!(i18n, audit_action.secret_rotated),
        AuditAction::TestSent => t_string!(i18n, audit_action.test_sent),
        AuditAction::Requeued => t_string!(i18n, audit_action.requeued),
        AuditAction::SessionRevoked => t_string!(i18n, audit_action.session_revoked),
        AuditAction::Approved => t_string!(i18n, audit_action.approved),
        AuditAction::Declined => t_string!(i18n, audit_action.declined),
        AuditAction::Reopened => t_string!(i18n, audit_action.reopened),
        AuditAction::Confirmed => t_string!(i18n, audit_action.confirmed),
        AuditAction::Returned => t_string!(i18n, audit_action.returned),
        AuditAction::Resubmitted => t_string!(i18n, audit_action.resubmitted),
        AuditAction::Rejected => t_string!(i18n, audit_action.rejected),
        AuditAction::Accepted => t_string!(i18n, audit_action.accepted),
        AuditAction::Submitted => t_string!(i18n, audit_action.submitted),
        AuditAction::FollowedUp => t_string!(i18n, audit_action.followed_up),
        AuditAction::Reminded => t_string!(i18n, audit_action.reminded),
        AuditAction::CodeSent => t_string!(i18n, audit_action.code_sent),
        AuditAction::SecondStepStarted => t_string!(i18n, audit_action.second_step_started),
        AuditAction::Cancelled => t_string!(i18n, audit_action.cancelled),
    }
    .to_string()
}

pub fn entity_type(i18n: I18nContext<Locale>, entity: EntityType) -> String {
    match entity {
        EntityType::Organisation => t_string!(i18n, entity.organisation),
        EntityType::Branch => t_string!(i18n, entity.branch),
        EntityType::User => t_string!(i18n, entity.user),
        EntityType::ApiKey => t_string!(i18n, entity.api_key),
        EntityType::WebhookEndpoint => t_string!(i18n, entity.webhook_endpoint),
        EntityType::OutboxJob => t_string!(i18n, entity.outbox_job),
        EntityType::Ticket => t_string!(i18n, entity.ticket),
        EntityType::TicketMessage => t_string!(i18n, entity.ticket_message),
        EntityType::TicketAttachment => t_string!(i18n, entity.ticket_attachment),
        EntityType::AccessRequest => t_string!(i18n, entity.access_request),
        EntityType::SupportSettings => t_string!(i18n, entity.support_settings),
        EntityType::SupportCalendarDay => t_string!(i18n, entity.support_calendar_day),
        EntityType::InstallRequest => t_string!(i18n, entity.install_request),
        EntityType::AccountingPackage => t_string!(i18n, entity.accounting_package),
        EntityType::PartnerFields => t_string!(i18n, entity.partner_fields),
        EntityType::Questionnaire => t_string!(i18n, entity.questionnaire),
        EntityType::QuestionnaireAnswers => t_string!(i18n, entity.questionnaire_answers),
        EntityType::Contract => t_string!(i18n, entity.contract),
        EntityType::Product => t_string!(i18n, entity.product),
        EntityType::Release => t_string!(i18n, entity.release),
        EntityType::InstallationInstructions => t_string!(i18n, entity.installation_instructions),
        EntityType::PermissionGroup => t_string!(i18n, entity.permission_group),
        EntityType::GroupMember => t_string!(i18n, entity.group_member),
        EntityType::UserRights => t_string!(i18n, entity.user_rights),
        EntityType::ApprovalDuties => t_string!(i18n, entity.approval_duties),
        EntityType::ApprovalDocument => t_string!(i18n, entity.approval_document),
        EntityType::UserPin => t_string!(i18n, entity.user_pin),
        EntityType::UserMobile => t_string!(i18n, entity.user_mobile),
        EntityType::RecoveryCodes => t_string!(i18n, entity.recovery_codes),
        EntityType::ClientImport => t_string!(i18n, entity.client_import),
        EntityType::Installation => t_string!(i18n, entity.installation),
    }
    .to_string()
}

pub fn ticket_status(i18n: I18nContext<Locale>, status: TicketStatus) -> String {
    match status {
        TicketStatus::AwaitingApproval => t_string!(i18n, ticket_status.awaiting_approval),
        TicketStatus::New => t_string!(i18n, ticket_status.new),
        TicketStatus::Open => t_string!(i18n, ticket_status.open),
        TicketStatus::WaitingOnCustomer => t_string!(i18n, ticket_status.waiting_on_customer),
        TicketStatus::Closed => t_string!(i18n, ticket_status.closed),
        TicketStatus::Declined => t_string!(i18n, ticket_status.declined),
    }
    .to_string()
}

pub fn ticket_type(i18n: I18nContext<Locale>, ticket_type: TicketType) -> String {
    match ticket_type {
        TicketType::Question => t_string!(i18n, ticket_type.question),
        TicketType::Bug => t_string!(i18n, ticket_type.bug),
        TicketType::Change => t_string!(i18n, ticket_type.change),
    }
    .to_string()
}

pub fn priority(i18n: I18nContext<Locale>, priority: Priority) -> String {
    match priority {
        Priority::Low => t_string!(i18n, priority.low),
        Priority::Normal => t_string!(i18n, priority.normal),
        Priority::High => t_string!(i18n, priority.high),
        Priority::Urgent => t_string!(i18n, priority.urgent),
    }
    .to_string()
}
