//! The rules of the matrix: who calls, on which tenant, which endpoint, and what answer
//! is expected.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Who {
    Anonymous,
    VendorAdmin,
    Agent,
    PartnerAdmin,
    PartnerUser,
    /// A partner user limited to one branch (Gent) of the accountancy.
    BranchUser,
    ClientSuperuser,
    ClientUser,
    /// The bank's key with every scope.
    ApiKey,
    /// The bank's key with only `webhooks:manage`: without the scope most endpoints need.
    NarrowKey,
    /// A key of the vendor's own organisation, with every scope.
    VendorKey,
}

pub const EVERYONE: [Who; 11] = [
    Who::Anonymous,
    Who::VendorAdmin,
    Who::Agent,
    Who::PartnerAdmin,
    Who::PartnerUser,
    Who::BranchUser,
    Who::ClientSuperuser,
    Who::ClientUser,
    Who::ApiKey,
    Who::NarrowKey,
    Who::VendorKey,
];

/// Whose object a request addresses, seen from the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tenant {
    /// The caller's own organisation.
    Own,
    /// Another organisation of the same kind (another partner, another client; for
    /// vendor callers, a partner).
    Other,
    /// Another partner's client; for a branch-limited user, a client of another branch;
    /// for a client, a client of another partner.
    OtherClient,
}

pub const TENANTS: [Tenant; 3] = [Tenant::Own, Tenant::Other, Tenant::OtherClient];

/// The kind of organisation a request addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Vendor,
    Partner,
    Client,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ep {
    Healthz,
    Readyz,
    Metrics,
    Login,
    Refresh,
    Logout,
    InspectInvitation,
    AcceptInvitation,
    RequestReset,
    InspectReset,
    ConfirmReset,
    GetMe,
    UpdateMe,
    ChangePassword,
    ListOrganisations,
    CreateOrganisation,
    GetOrganisation,
    UpdateOrganisation,
    ListBranches,
    CreateBranch,
    ListUsers,
    CreateUser,
    GetUser,
    UpdateUser,
    ResendInvitation,
    ListApiKeys,
    CreateApiKey,
    GetApiKey,
    RevokeApiKey,
    ListWebhooks,
    CreateWebhook,
    GetWebhook,
    UpdateWebhook,
    DeleteWebhook,
    RotateWebhookSecret,
    TestWebhook,
    ListWebhookDeliveries,
    ListOutbox,
    CountOutbox,
    GetOutboxJob,
    RetryOutboxJob,
    ListAuditEvents,
    ListTickets,
    CreateTicket,
    GetTicket,
    UpdateTicket,
    ApproveTicket,
    DeclineTicket,
    ReopenTicket,
    ListTicketMessages,
    CreateTicketMessage,
    GetTicketTimeline,
    ListTicketAttachments,
    UploadTicketAttachment,
    DownloadTicketAttachment,
    ProposeTicketEstimate,
    AnswerTicketEstimate,
    GetHelpdeskDashboard,
    CreateAccessRequest,
    ConfirmAccessRequest,
    ListAccessRequests,
    GetAccessRequest,
    ApproveAccessRequest,
    DeclineAccessRequest,
    GetSupportSettings,
    UpdateSupportSettings,
    GetSupportCalendar,
    SetSupportCalendarDay,
    RemoveSupportCalendarDay,
    // Partner intake (`intake`).
    ListInstallRequests,
    CreateInstallRequest,
    GetInstallRequest,
    GetInstallRequestTimeline,
    ListInstallRequestRevisions,
    AcceptInstallRequest,
    ReturnInstallRequest,
    RejectInstallRequest,
    ResubmitInstallRequest,
    ListAccountingPackages,
    CreateAccountingPackage,
    UpdateAccountingPackage,
    GetPartnerFields,
    ReplacePartnerFields,
    GetQuestionnaire,
    ReplaceQuestionnaire,
    GetCaseQuestionnaire,
    SaveCaseQuestionnaire,
    SubmitCaseQuestionnaire,
    InviteQuestionnairePeople,
    ListContracts,
    CreateContract,
    UpdateContract,
    ListStalledInstallRequests,
    CreateInstallFollowUp,
    GetInstallFunnel,
    // Releases and instructions (`releases`).
    ListProducts,
    CreateProduct,
    ListReleases,
    PublishRelease,
    WithdrawRelease,
    DownloadRelease,
    DownloadByLink,
    SendInstructions,
    GetInstructions,
    ActivateInstallation,
    GetInstallationSettings,
    PostHeartbeat,
    PostUpload,
    ListInstallations,
    // Rights per module (`rights`).
    ListPermissionGroups,
    CreatePermissionGroup,
    GetPermissionGroup,
    UpdatePermissionGroup,
    DeletePermissionGroup,
    ListGroupMembers,
    AddGroupMember,
    RemoveGroupMember,
    GetUserRights,
    ReplaceUserGrants,
    GetMyRights,
    // Approval of documents (`approvals`).
    GetApprovalDuties,
    SetMustApprovers,
    ListClientDocuments,
    UploadDocument,
    GetDocument,
    DownloadDocument,
    DecideDocument,
    ListMyApprovals,
    ApproveBatch,
    GetMyPin,
    SetMyPin,
    // What a person confirms with (`secrets`).
    GetMyMobile,
    ChangeMyMobile,
    ConfirmMyMobile,
    SendApprovalCode,
    GetMySecondFactor,
    SetMySecondFactor,
    NewRecoveryCodes,
    CompleteSignIn,
    ResendSignInCode,
    DownloadImportTemplate,
    ListClientImports,
    UploadClientFile,
    GetClientImport,
    ListImportRows,
    DownloadImportErrorReport,
    CommitClientImport,
    CancelClientImport,
    ListFirstUserCandidates,
    CreateFirstUsers,
    IssuePinLetters,
}

/// The matrix rows: endpoint, method and path template as in the spec (the intake
/// endpoints' are in `intake::ROWS`).
pub const ROWS: &[(Ep, &str, &str)] = &[
    (Ep::Healthz, "GET", "/healthz"),
    (Ep::Readyz, "GET", "/readyz"),
    (Ep::Metrics, "GET", "/metrics"),
    (Ep::Login, "POST", "/api/v1/auth/login"),
    (Ep::Refresh, "POST", "/api/v1/auth/refresh"),
    (Ep::Logout, "POST", "/api/v1/auth/logout"),
    (Ep::InspectInvitation, "POST", "/api/v1/auth/invitations/inspect"),
    (Ep::AcceptInvitation, "POST", "/api/v1/auth/invitations/accept"),
    (Ep::RequestReset, "POST", "/api/v1/auth/password-reset"),
    (Ep::InspectReset, "POST", "/api/v1/auth/password-reset/inspect"),
    (Ep::ConfirmReset, "POST", "/api/v1/auth/password-reset/confirm"),
    (Ep::GetMe, "GET", "/api/v1/me"),
    (Ep::UpdateMe, "PATCH", "/api/v1/me"),
    (Ep::ChangePassword, "POST", "/api/v1/me/password"),
    (Ep::ListOrganisations, "GET", "/api/v1/organisations"),
    (Ep::CreateOrganisation, "POST", "/api/v1/organisations"),
    (Ep::GetOrganisation, "GET", "/api/v1/organisations/{id}"),
    (Ep::UpdateOrganisation, "PATCH", "/api/v1/organisations/{id}"),
    (Ep::ListBranches, "GET", "/api/v1/organisations/{id}/branches"),
    (Ep::CreateBranch, "POST", "/api/v1/organisations/{id}/branches"),
    (Ep::ListUsers, "GET", "/api/v1/users"),
    (Ep::CreateUser, "POST", "/api/v1/users"),
    (Ep::GetUser, "GET", "/api/v1/users/{id}"),
    (Ep::UpdateUser, "PATCH", "/api/v1/users/{id}"),
    (Ep::ResendInvitation, "POST", "/api/v1/users/{id}/invitation"),
    (Ep::ListApiKeys, "GET", "/api/v1/api-keys"),
    (Ep::CreateApiKey, "POST", "/api/v1/api-keys"),
    (Ep::GetApiKey, "GET", "/api/v1/api-keys/{id}"),
    (Ep::RevokeApiKey, "DELETE", "/api/v1/api-keys/{id}"),
    (Ep::ListWebhooks, "GET", "/api/v1/webhooks"),
    (Ep::CreateWebhook, "POST", "/api/v1/webhooks"),
    (Ep::GetWebhook, "GET", "/api/v1/webhooks/{id}"),
    (Ep::UpdateWebhook, "PATCH", "/api/v1/webhooks/{id}"),
    (Ep::DeleteWebhook, "DELETE", "/api/v1/webhooks/{id}"),
    (Ep::RotateWebhookSecret, "POST", "/api/v1/webhooks/{id}/secret"),
    (Ep::TestWebhook, "POST", "/api/v1/webhooks/{id}/test"),
    (Ep::ListWebhookDeliveries, "GET", "/api/v1/webhooks/{id}/deliveries"),
    (Ep::ListOutbox, "GET", "/api/v1/outbox"),
    (Ep::CountOutbox, "GET", "/api/v1/outbox/counts"),
    (Ep::GetOutboxJob, "GET", "/api/v1/outbox/{id}"),
    (Ep::RetryOutboxJob, "POST", "/api/v1/outbox/{id}/retry"),
    (Ep::ListAuditEvents, "GET", "/api/v1/audit-events"),
    (Ep::ListTickets, "GET", "/api/v1/tickets"),
    (Ep::CreateTicket, "POST", "/api/v1/tickets"),
    (Ep::GetTicket, "GET", "/api/v1/tickets/{id}"),
    (Ep::UpdateTicket, "PATCH", "/api/v1/tickets/{id}"),
    (Ep::ApproveTicket, "POST", "/api/v1/tickets/{id}/approve"),
    (Ep::DeclineTicket, "POST", "/api/v1/tickets/{id}/decline"),
    (Ep::ReopenTicket, "POST", "/api/v1/tickets/{id}/reopen"),
    (Ep::ListTicketMessages, "GET", "/api/v1/tickets/{id}/messages"),
    (Ep::CreateTicketMessage, "POST", "/api/v1/tickets/{id}/messages"),
    (Ep::GetTicketTimeline, "GET", "/api/v1/tickets/{id}/timeline"),
    (Ep::ListTicketAttachments, "GET", "/api/v1/tickets/{id}/attachments"),
    (Ep::UploadTicketAttachment, "POST", "/api/v1/tickets/{id}/attachments"),
    (Ep::DownloadTicketAttachment, "GET", "/api/v1/tickets/{id}/attachments/{attachment_id}"),
    (Ep::ProposeTicketEstimate, "POST", "/api/v1/tickets/{id}/estimate"),
    (Ep::AnswerTicketEstimate, "POST", "/api/v1/tickets/{id}/estimate/answer"),
    (Ep::GetHelpdeskDashboard, "GET", "/api/v1/helpdesk/dashboard"),
    (Ep::CreateAccessRequest, "POST", "/api/v1/access-requests"),
    (Ep::ConfirmAccessRequest, "POST", "/api/v1/access-confirmations"),
    (Ep::ListAccessRequests, "GET", "/api/v1/access-requests"),
    (Ep::GetAccessRequest, "GET", "/api/v1/access-requests/{id}"),
    (Ep::ApproveAccessRequest, "POST", "/api/v1/access-requests/{id}/approve"),
    (Ep::DeclineAccessRequest, "POST", "/api/v1/access-requests/{id}/decline"),
    (Ep::GetSupportSettings, "GET", "/api/v1/support-settings"),
    (Ep::UpdateSupportSettings, "PUT", "/api/v1/support-settings"),
    (Ep::GetSupportCalendar, "GET", "/api/v1/support-calendar"),
    (Ep::SetSupportCalendarDay, "PUT", "/api/v1/support-calendar/{date}"),
    (Ep::RemoveSupportCalendarDay, "DELETE", "/api/v1/support-calendar/{date}"),
];

fn is_key(who: Who) -> bool {
    matches!(who, Who::ApiKey | Who::NarrowKey | Who::VendorKey)
}

/// Whether the caller sees every tenant (vendor staff and vendor keys).
pub fn sees_everything(who: Who) -> bool {
    matches!(who, Who::VendorAdmin | Who::Agent | Who::VendorKey)
}

/// What each caller may do, as a status code. `kind` is the kind of the organisation
/// the request addresses (see `World::org`).
pub fn expected(ep: Ep, who: Who, tenant: Tenant, kind: Kind) -> u16 {
    use Tenant::*;
    use Who::*;
    let public = matches!(
        ep,
        Ep::Healthz
            | Ep::Readyz
            | Ep::Metrics
            | Ep::Login
            | Ep::Refresh
            | Ep::Logout
            | Ep::InspectInvitation
            | Ep::AcceptInvitation
            | Ep::RequestReset
            | Ep::InspectReset
            | Ep::ConfirmReset
            | Ep::CreateAccessRequest
            | Ep::ConfirmAccessRequest
            | Ep::DownloadByLink
            | Ep::ActivateInstallation
            | Ep::GetInstallationSettings
            | Ep::PostHeartbeat
            | Ep::PostUpload
            | Ep::CompleteSignIn
            | Ep::ResendSignInCode
    );
    if !public && who == Anonymous {
        return 401;
    }
    if super::intake::INTAKE.contains(&ep) {
        return super::intake::expected(ep, who, tenant, kind);
    }
    if super::releases::RELEASES.contains(&ep) {
        return super::releases::expected(ep, who, tenant);
    }
    if super::rights::RIGHTS.contains(&ep) {
        return super::rights::expected(ep, who, tenant);
    }
    if super::approvals::APPROVALS.contains(&ep) {
        return super::approvals::expected(ep, who, tenant);
    }
    if super::documents::DOCUMENTS.contains(&ep) {
        return super::documents::expected(ep, who, tenant);
    }
    if super::secrets::SECRETS.contains(&ep) {
        return super::secrets::expected(ep, who, tenant);
    }
    if super::client_imports::IMPORTS.contains(&ep) {
        return super::client_imports::expected(ep, who, tenant);
    }
    if super::first_users::FIRST_USERS.contains(&ep) {
        return super::first_users::expected(ep, who, tenant);
    }
    // Outside the own tenant, only vendor callers see anything.
    let hidden = tenant != Own && !sees_everything(who);
    let key = is_key(who);
    match ep {
        Ep::Healthz | Ep::Readyz | Ep::Login => 200,
        // Metrics take their own token, not a user's; without one configured they are off
        // (`hardening::metrics_need_the_configured_token` covers the token).
        Ep::Metrics => 404,
        Ep::Refresh | Ep::InspectInvitation | Ep::AcceptInvitation | Ep::InspectReset | Ep::ConfirmReset => 401,
        Ep::Logout => 204,
        Ep::RequestReset | Ep::CreateAccessRequest => 202,
        Ep::ConfirmAccessRequest => 401,
        // Requests for access: the helpdesk decides all, a client's superuser those of its
        // own client (routed to it); nobody else has any part, keys included.
        Ep::ListAccessRequests => match who {
            VendorAdmin | Agent | ClientSuperuser => 200,
            _ => 403,
        },
        Ep::GetAccessRequest | Ep::ApproveAccessRequest | Ep::DeclineAccessRequest => match who {
            VendorAdmin | Agent => 200,
            ClientSuperuser if tenant == Own => 200,
            ClientSuperuser => 404,
            _ => 403,
        },
        // The own account is for people; keys have none.
        Ep::GetMe | Ep::UpdateMe => {
            if key {
                403
            } else {
                200
            }
        }
        Ep::ChangePassword => {
            if key {
                403
            } else {
                422
            }
        }
        Ep::ListOrganisations => {
            if who == NarrowKey {
                403
            } else {
                200
            }
        }
        Ep::CreateOrganisation => {
            if who == VendorAdmin {
                201
            } else {
                403
            }
        }
        Ep::GetOrganisation | Ep::ListBranches | Ep::ListUsers | Ep::GetUser => match who {
            _ if hidden => 404,
            NarrowKey => 403,
            _ => 200,
        },
        Ep::UpdateOrganisation => match who {
            VendorAdmin => 200,
            _ if hidden => 404,
            _ => 403,
        },
        // Branches belong to partners.
        Ep::CreateBranch => match who {
            _ if hidden => 404,
            VendorAdmin if kind == Kind::Partner => 201,
            PartnerAdmin if tenant == Own => 201,
            _ => 403,
        },
        Ep::CreateUser | Ep::UpdateUser | Ep::ResendInvitation => {
            let ok = match ep {
                Ep::CreateUser => 201,
                Ep::UpdateUser => 200,
                _ => 202,
            };
            match who {
                VendorAdmin => ok,
                _ if hidden => 404,
                PartnerAdmin | ClientSuperuser | ApiKey => ok,
                // A vendor key sees everyone but manages only its own organisation, whose
                // people are all vendor staff: keys never touch staff.
                _ => 403,
            }
        }
        // Keys are managed by administrators of partners and of the vendor, never by keys.
        Ep::ListApiKeys => match who {
            VendorAdmin => 200,
            PartnerAdmin if tenant == Own => 200,
            PartnerAdmin => 404,
            _ => 403,
        },
        Ep::CreateApiKey => match who {
            VendorAdmin if kind != Kind::Client => 201,
            _ if hidden => 404,
            PartnerAdmin if tenant == Own => 201,
            _ => 403,
        },
        // The key addressed sits with the tenant's organisation, a client's with its
        // partner (see `World::fresh_key`).
        Ep::GetApiKey | Ep::RevokeApiKey => {
            let ok = if ep == Ep::GetApiKey { 200 } else { 204 };
            let holder_hidden = match who {
                _ if sees_everything(who) => false,
                // A client cannot see its partner, where its tenant's keys sit.
                ClientSuperuser | ClientUser => true,
                // Another branch's client is the accountancy's, the branch user's own.
                BranchUser => tenant == Other,
                _ => tenant != Own,
            };
            match who {
                VendorAdmin => ok,
                _ if holder_hidden => 404,
                PartnerAdmin if tenant == Own => ok,
                _ => 403,
            }
        }
        // Webhooks belong to partners; the vendor's own organisation and clients have none.
        // Who may not list webhooks at all is refused whatever the organisation asked.
        Ep::ListWebhooks => match who {
            VendorAdmin => 200,
            PartnerAdmin | ApiKey | NarrowKey if tenant == Own => 200,
            PartnerAdmin | ApiKey | NarrowKey => 404,
            _ => 403,
        },
        Ep::CreateWebhook => match who {
            VendorAdmin if kind == Kind::Partner => 201,
            _ if hidden => 404,
            PartnerAdmin | ApiKey | NarrowKey if tenant == Own => 201,
            _ => 403,
        },
        // The endpoint addressed is a partner caller's own for the own tenant, another
        // partner's otherwise (see `World::fresh_webhook`).
        Ep::GetWebhook
        | Ep::UpdateWebhook
        | Ep::DeleteWebhook
        | Ep::RotateWebhookSecret
        | Ep::TestWebhook
        | Ep::ListWebhookDeliveries => {
            let ok = match ep {
                Ep::DeleteWebhook => 204,
                Ep::TestWebhook => 202,
                _ => 200,
            };
            let partner_caller = matches!(who, PartnerAdmin | PartnerUser | BranchUser | ApiKey | NarrowKey);
            let visible = sees_everything(who) || (partner_caller && tenant == Own);
            match who {
                VendorAdmin => ok,
                _ if !visible => 404,
                PartnerAdmin | ApiKey | NarrowKey if tenant == Own => ok,
                _ => 403,
            }
        }
        // The helpdesk's settings are one for everyone: the helpdesk and its customers
        // read them, the vendor administrator changes them.
        Ep::GetSupportSettings | Ep::GetSupportCalendar => match who {
            VendorAdmin | Agent | ClientSuperuser | ClientUser => 200,
            _ => 403,
        },
        Ep::UpdateSupportSettings | Ep::SetSupportCalendarDay | Ep::RemoveSupportCalendarDay => match (ep, who) {
            (Ep::RemoveSupportCalendarDay, VendorAdmin) => 204,
            (_, VendorAdmin) => 200,
            _ => 403,
        },
        Ep::ListOutbox | Ep::CountOutbox | Ep::GetOutboxJob | Ep::RetryOutboxJob => {
            if who == VendorAdmin {
                200
            } else {
                403
            }
        }
        // Another tenant's entries are filtered out, not refused (`audit` tests the contents).
        Ep::ListAuditEvents => match who {
            VendorAdmin | PartnerAdmin | ClientSuperuser => 200,
            _ => 403,
        },
        // Tickets are between a client's people and the helpdesk: keys are refused
        // (they are no person), partners find nothing. The ticket addressed belongs to
        // the caller's own client for clients, to the bank's client for everyone else
        // on the own tenant (see `World::ticket_org`).
        _ if key => 403,
        Ep::ListTickets => match who {
            VendorAdmin | Agent | ClientSuperuser | ClientUser => 200,
            _ => 403,
        },
        Ep::GetHelpdeskDashboard => match who {
            VendorAdmin | Agent => 200,
            _ => 403,
        },
        Ep::CreateTicket => match who {
            ClientSuperuser | ClientUser => 201,
            _ => 403,
        },
        Ep::GetTicket
        | Ep::GetTicketTimeline
        | Ep::ListTicketMessages
        | Ep::CreateTicketMessage
        | Ep::ListTicketAttachments
        | Ep::UploadTicketAttachment
        | Ep::DownloadTicketAttachment
        | Ep::UpdateTicket
        | Ep::ProposeTicketEstimate
        | Ep::AnswerTicketEstimate
        | Ep::ReopenTicket => {
            let ok = match ep {
                Ep::CreateTicketMessage | Ep::UploadTicketAttachment => 201,
                _ => 200,
            };
            let staff = matches!(who, VendorAdmin | Agent);
            let customer = matches!(who, ClientSuperuser | ClientUser) && tenant == Own;
            match ep {
                _ if !staff && !customer => 404,
                Ep::UpdateTicket | Ep::ProposeTicketEstimate if !staff => 403,
                Ep::AnswerTicketEstimate if staff => 403,
                // The ticket is a question, with no estimate: the rule says no, not the policy.
                Ep::ProposeTicketEstimate | Ep::AnswerTicketEstimate => 409,
                Ep::ReopenTicket if staff => 403,
                // The ticket is new, not closed: a customer cannot reopen it.
                Ep::ReopenTicket => 409,
                _ => ok,
            }
        }
        // The ticket addressed awaits approval (filed by a colleague who is no contact
        // person): the helpdesk does not see it, nor does another colleague; the client's
        // superuser does, but is no contact person.
        Ep::ApproveTicket | Ep::DeclineTicket => match who {
            ClientSuperuser if tenant == Own => 403,
            _ => 404,
        },
        _ => unreachable!("{ep:?} has its own rules"),
    }
}
