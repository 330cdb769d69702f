//! The app's areas, each loaded on its first visit. Signing in and the shell (navigation,
//! overview, profile) are in the first download (the pages from invitation and reset
//! e-mails are not: few visits need them); every screen below is a split point:
//! with the `split` feature (the release build, `scripts/build-frontend.sh`) its code
//! goes into a WASM module of its own that the router fetches when the route is first
//! opened. Without the feature (`just frontend-dev`, clippy) the same routes are plain
//! async functions in one bundle, so development keeps Trunk's live reload.
//!
//! A new capability adds its screens here with `area!`, one line per route.

use leptos::prelude::*;
use leptos_router::LazyRoute;

macro_rules! area {
    ($($(#[$doc:meta])* $route:ident => $loader:ident => $view:expr;)+) => {
        $(
            $(#[$doc])*
            pub struct $route;

            // The name makes the split point unique; `lazy` hashes only its call site,
            // which is this macro for every area.
            #[cfg_attr(feature = "split", leptos::lazy($loader))]
            async fn $loader() -> AnyView {
                $view.into_any()
            }

            impl LazyRoute for $route {
                fn data() -> Self {
                    Self
                }

                async fn view(_: Self) -> AnyView {
                    $loader().await
                }
            }
        )+
    };
}

area! {
    /// Choosing a password from an invitation or reset e-mail: rare, so not in the first load.
    WelcomeRoute => load_welcome => view! { <crate::pages::auth::SetPassword invitation=true /> };
    ResetPasswordRoute => load_reset_password => view! { <crate::pages::auth::SetPassword invitation=false /> };
    /// "I have no login yet" and its confirmation link: signed out, rare.
    RequestAccessRoute => load_request_access => view! { <crate::pages::access::RequestAccess /> };
    ConfirmAccessRoute => load_confirm_access => view! { <crate::pages::access::ConfirmAccess /> };
    /// Requests for access, for a client's superuser and the helpdesk.
    AccessRequestsRoute => load_access_requests => view! { <crate::pages::access_requests::AccessRequests /> };
    /// Organisations, their branches and people (vendor staff and partner admins).
    OrganisationsRoute => load_organisations => view! { <crate::pages::organisations::Organisations /> };
    NewOrganisationRoute => load_new_organisation => view! { <crate::pages::organisations::NewOrganisation /> };
    OrganisationRoute => load_organisation => view! { <crate::pages::organisation::OrganisationDetail /> };
    /// Users of the caller's organisations.
    UsersRoute => load_users => view! { <crate::pages::users::Users /> };
    NewUserRoute => load_new_user => view! { <crate::pages::user_form::NewUser /> };
    EditUserRoute => load_edit_user => view! { <crate::pages::user_form::EditUser /> };
    /// Integrations: API keys and webhooks.
    ApiKeysRoute => load_api_keys => view! { <crate::pages::api_keys::ApiKeys /> };
    WebhooksRoute => load_webhooks => view! { <crate::pages::webhooks::Webhooks /> };
    /// The outbox (vendor admins).
    NotificationsRoute => load_notifications => view! { <crate::pages::notifications::Notifications /> };
    /// The audit log.
    AuditRoute => load_audit => view! { <crate::pages::audit::AuditLog /> };
    /// The support desk: tickets, queues, the new-ticket form and one ticket.
    TicketsRoute => load_tickets => view! { <crate::pages::tickets::Tickets /> };
    /// The helpdesk dashboard with its charts.
    DashboardRoute => load_dashboard => view! { <crate::pages::dashboard::Dashboard /> };
    /// The helpdesk's opening hours, closing days and SLA targets (vendor admins).
    SupportSettingsRoute => load_support_settings => view! { <crate::pages::support_settings::SupportSettingsPage /> };
    /// Products and releases (vendor staff).
    ReleasesRoute => load_releases => view! { <crate::pages::releases::Releases /> };
    NewTicketRoute => load_new_ticket => view! { <crate::pages::tickets::NewTicket /> };
    TicketRoute => load_ticket => view! { <crate::pages::ticket::TicketDetail /> };
    /// Partner intake: install requests, the partner's form and the helpdesk's review.
    IntakeRoute => load_intake => view! { <crate::pages::intake::InstallRequests /> };
    NewInstallRequestRoute => load_new_install_request => view! { <crate::pages::intake_form::NewInstallRequest /> };
    AmendInstallRequestRoute => load_amend_install_request => view! { <crate::pages::intake_form::AmendInstallRequest /> };
    InstallRequestRoute => load_install_request => view! { <crate::pages::intake_detail::InstallRequestDetail /> };
    /// The helpdesk's stalled installations and its intake funnel.
    StalledRoute => load_stalled => view! { <crate::pages::intake_watch::StalledInstallations /> };
    FunnelRoute => load_funnel => view! { <crate::pages::intake_funnel::IntakeFunnel /> };
    /// Accounting packages and partner fields (vendor admins).
    IntakeSettingsRoute => load_intake_settings => view! { <crate::pages::intake_settings::IntakeSettings /> };
    /// The new-customer questionnaire's definition (vendor admins).
    QuestionnaireEditorRoute => load_questionnaire_editor => view! { <crate::pages::questionnaire_editor::QuestionnaireEditor /> };
    /// Groups and rights (partner and vendor administrators).
    RightsRoute => load_rights => view! { <crate::pages::rights::RightsGroups /> };
    RightsGroupRoute => load_rights_group => view! { <crate::pages::rights_group::RightsGroup /> };
    /// Client import: templates, upload, progress and preview (a firm's administrators).
    ClientImportsRoute => load_client_imports => view! { <crate::pages::client_imports::ClientImports /> };
    ClientImportRoute => load_client_import => view! { <crate::pages::client_import::ClientImportDetail /> };
    /// The first users of clients nobody belongs to yet (a firm's administrators).
    FirstUsersRoute => load_first_users => view! { <crate::pages::first_users::FirstUsers /> };
    /// New PINs on printed letters for the firm's clients' people.
    PinLettersRoute => load_pin_letters => view! { <crate::pages::pin_letters::PinLetters /> };
    /// Documents for approval: one document, and what awaits the signed-in user.
    DocumentRoute => load_document => view! { <crate::pages::document::DocumentDetail /> };
    ApprovalsRoute => load_approvals => view! { <crate::pages::approvals::AwaitingApprovals /> };
    /// PIN, mobile number and signing in with a code (every role).
    SecurityRoute => load_security => view! { <crate::pages::security::Security /> };
    /// The client's new-customer questionnaire.
    QuestionnaireRoute => load_questionnaire => view! { <crate::pages::questionnaire::QuestionnairePage /> };
}
