//! The rules of the matrix: who calls, on which tenant, which endpoint, and what answer
//! is expected.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Who {
    Anonymous,
    VendorAdmin,
    Agent,
    PartnerAdmin,
    PartnerUser,
    ClientSuperuser,
    ClientUser,
    ApiKey,
}

pub const EVERYONE: [Who; 8] = [
    Who::Anonymous,
    Who::VendorAdmin,
    Who::Agent,
    Who::PartnerAdmin,
    Who::PartnerUser,
    Who::ClientSuperuser,
    Who::ClientUser,
    Who::ApiKey,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tenant {
    Own,
    Other,
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
}

/// The matrix rows: endpoint, method and path template as in the spec.
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
];

/// What each caller may do, as a status code.
pub fn expected(ep: Ep, who: Who, tenant: Tenant) -> u16 {
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
    );
    if !public && who == Anonymous {
        return 401;
    }
    let vendor = matches!(who, VendorAdmin | Agent);
    // Outside the own tenant, only vendor staff see anything.
    let hidden = tenant == Other && !vendor;
    match ep {
        Ep::Healthz | Ep::Readyz | Ep::Login => 200,
        // Metrics take their own token, not a user's; without one configured they are off
        // (`hardening::metrics_need_the_configured_token` covers the token).
        Ep::Metrics => 404,
        Ep::Refresh | Ep::InspectInvitation | Ep::AcceptInvitation | Ep::InspectReset | Ep::ConfirmReset => 401,
        Ep::Logout => 204,
        Ep::RequestReset => 202,
        Ep::GetMe | Ep::UpdateMe => {
            if who == ApiKey {
                403
            } else {
                200
            }
        }
        Ep::ChangePassword => {
            if who == ApiKey {
                403
            } else {
                422
            }
        }
        Ep::ListOrganisations => 200,
        Ep::CreateOrganisation => {
            if who == VendorAdmin {
                201
            } else {
                403
            }
        }
        Ep::GetOrganisation | Ep::ListBranches | Ep::ListUsers | Ep::GetUser => {
            if hidden {
                404
            } else {
                200
            }
        }
        Ep::UpdateOrganisation => match (who, tenant) {
            (VendorAdmin, _) => 200,
            _ if hidden => 404,
            _ => 403,
        },
        Ep::CreateBranch => match (who, tenant) {
            (VendorAdmin, Other) | (PartnerAdmin, Own) => 201,
            _ if hidden => 404,
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
                _ => 403,
            }
        }
        Ep::ListApiKeys => match (who, tenant) {
            (VendorAdmin, _) | (PartnerAdmin, Own) => 200,
            (PartnerAdmin, Other) => 404,
            _ => 403,
        },
        Ep::CreateApiKey => match (who, tenant) {
            (VendorAdmin, _) => 201,
            (PartnerAdmin, Own) => 201,
            (Agent, _) => 403,
            (_, Other) => 404,
            _ => 403,
        },
        Ep::GetApiKey | Ep::RevokeApiKey => {
            let ok = if ep == Ep::GetApiKey { 200 } else { 204 };
            match (who, tenant) {
                (VendorAdmin, _) | (PartnerAdmin, Own) => ok,
                (Agent, _) => 403,
                (ClientSuperuser | ClientUser, _) => 404,
                (_, Other) => 404,
                _ => 403,
            }
        }
        // Webhooks belong to partners; the vendor's own organisation and clients have none.
        Ep::ListWebhooks => match (who, tenant) {
            (VendorAdmin, _) | (PartnerAdmin | ApiKey, Own) => 200,
            (PartnerAdmin | ApiKey, Other) => 404,
            _ => 403,
        },
        Ep::CreateWebhook => match (who, tenant) {
            (VendorAdmin, Other) | (PartnerAdmin | ApiKey, Own) => 201,
            (VendorAdmin | Agent, _) => 403,
            (_, Other) => 404,
            _ => 403,
        },
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
            match (who, tenant) {
                (VendorAdmin, _) | (PartnerAdmin | ApiKey, Own) => ok,
                (Agent, _) => 403,
                (ClientSuperuser | ClientUser, _) => 404,
                (_, Other) => 404,
                _ => 403,
            }
        }
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
    }
}
