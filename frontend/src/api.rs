//! The typed client of `/api/v1`. Every call goes through [`call`], which adds the access
//! token, refreshes it once on 401 and turns problem documents into [`ApiError`].

pub mod access;
pub mod approvals;
mod auth;
pub mod documents;
pub mod imports;
pub mod intake;
pub mod mobile;
pub mod rights;
pub mod support;

pub use auth::*;

use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::{Owner, on_cleanup};
use loket_api_types::api_keys::{ApiKey, CreateApiKeyRequest, CreatedApiKey};
use loket_api_types::audit::AuditEvent;
use loket_api_types::me::{ChangePasswordRequest, Me, UpdateMeRequest};
use loket_api_types::organisations::{
    Branch, CreateBranchRequest, CreateOrganisationRequest, Organisation, UpdateOrganisationRequest,
};
use loket_api_types::outbox::{OutboxCounts, OutboxJob};
use loket_api_types::pagination::Page;
use loket_api_types::ticket_attachments::TicketAttachment;
use loket_api_types::ticket_dashboard::HelpdeskDashboard;
use loket_api_types::ticket_estimates::{AnswerEstimateRequest, ProposeEstimateRequest};
use loket_api_types::tickets::{
    CreateTicketMessageRequest, CreateTicketRequest, DeclineTicketRequest, Ticket, TicketMessage, TicketSummary,
    TimelineEntry, UpdateTicketRequest,
};
use loket_api_types::users::{CreateUserRequest, UpdateUserRequest, User};
use loket_api_types::webhooks::{
    CreateWebhookRequest, CreatedWebhook, RotatedSecret, UpdateWebhookRequest, WebhookDelivery, WebhookEndpoint,
};
use loket_api_types::{ErrorCode, Problem};
use send_wrapper::SendWrapper;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use web_sys::{AbortController, AbortSignal};

use crate::session::Session;

const BASE: &str = "/api/v1";

/// A failed call: the HTTP status and, when the server sent one, its problem document.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// 0 when the server could not be reached.
    pub status: u16,
    pub problem: Option<Box<Problem>>,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn network() -> Self {
        Self { status: 0, problem: None, retry_after: None }
    }

    /// What a screen shows for an address that names no valid record.
    pub fn not_found() -> Self {
        Self { status: 404, problem: None, retry_after: None }
    }

    pub fn code(&self) -> Option<ErrorCode> {
        self.problem.as_ref().map(|p| p.code)
    }

    /// The server's message for one field, if that field failed validation.
    pub fn field(&self, field: &str) -> Option<String> {
        self.problem.as_ref().and_then(|p| p.field_message(field)).map(str::to_owned)
    }

    /// The server's explanation, if any.
    pub fn detail(&self) -> Option<String> {
        self.problem.as_ref().and_then(|p| p.detail.clone().or_else(|| Some(p.title.clone())))
    }

    pub fn is_network(&self) -> bool {
        self.status == 0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

fn builder(method: Method, url: &str) -> RequestBuilder {
    match method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
        Method::Patch => Request::patch(url),
        Method::Put => Request::put(url),
        Method::Delete => Request::delete(url),
    }
}

/// What a request carries.
#[derive(Clone)]
pub(crate) enum Body {
    Empty,
    Json(String),
    /// `multipart/form-data`; the browser sets the boundary.
    Form(web_sys::FormData),
}

impl From<Option<String>> for Body {
    fn from(json: Option<String>) -> Self {
        json.map_or(Body::Empty, Body::Json)
    }
}

async fn send(
    method: Method,
    path: &str,
    token: Option<&str>,
    body: &Body,
    if_match: Option<i64>,
) -> Result<Response, ApiError> {
    let url = format!("{BASE}{path}");
    let mut request = builder(method, &url).header("Accept", "application/json");
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    if let Some(version) = if_match {
        request = request.header("If-Match", &format!("\"{version}\""));
    }
    if method == Method::Get {
        request = request.abort_signal(abort_on_cleanup().as_ref());
    }
    let request = match body {
        Body::Json(body) => request.header("Content-Type", "application/json").body(body.to_owned()),
        Body::Form(form) => request.body(form.clone()),
        Body::Empty => request.build(),
    }
    .map_err(|_| ApiError::network())?;
    request.send().await.map_err(|_| ApiError::network())
}

/// A signal that aborts the request when the reactive owner it runs under is cleaned up:
/// a resource that loads again, or a screen the user left. Loads never outlive the
/// screen that asked for them. Outside an owner (an action, a task) nothing is aborted.
fn abort_on_cleanup() -> Option<AbortSignal> {
    Owner::current().map(|_| ())?;
    let controller = AbortController::new().ok()?;
    let signal = controller.signal();
    let controller = SendWrapper::new(controller);
    on_cleanup(move || controller.abort());
    Some(signal)
}

pub(crate) async fn failure(response: Response) -> ApiError {
    let retry_after = response.headers().get("retry-after").and_then(|v| v.parse().ok());
    let problem = response.json::<Problem>().await.ok().map(Box::new);
    ApiError { status: response.status(), problem, retry_after }
}

/// The body of a successful response ("null" when it has none), or the failure.
pub(crate) async fn body_of(response: Response) -> Result<String, ApiError> {
    if !response.ok() {
        return Err(failure(response).await);
    }
    let text = response.text().await.map_err(|_| ApiError::network())?;
    Ok(if text.is_empty() { "null".to_owned() } else { text })
}

/// The only generic step: the body as the expected type.
pub(crate) fn decode<T: DeserializeOwned>(body: Result<String, ApiError>) -> Result<T, ApiError> {
    serde_json::from_str(&body?).map_err(|_| ApiError::network())
}

/// An authenticated request; the response. On 401 the token is refreshed once and the
/// request repeated; if that fails too, the session ends. Not generic, so the transport
/// is compiled once, not once per response type.
pub(crate) async fn respond(
    session: Session,
    method: Method,
    path: String,
    body: Body,
    if_match: Option<i64>,
) -> Result<Response, ApiError> {
    let token = session.access_token().await;
    let response = send(method, &path, token.as_deref(), &body, if_match).await?;
    if response.status() != 401 {
        return Ok(response);
    }
    if session.refresh().await.is_err() {
        session.expire();
        return Ok(response);
    }
    let token = session.access_token().await;
    let retried = send(method, &path, token.as_deref(), &body, if_match).await?;
    if retried.status() == 401 {
        session.expire();
    }
    Ok(retried)
}

/// An authenticated request; the successful body.
async fn exchange(
    session: Session,
    method: Method,
    path: String,
    body: Option<String>,
    if_match: Option<i64>,
) -> Result<String, ApiError> {
    body_of(respond(session, method, path, body.into(), if_match).await?).await
}

async fn call<T: DeserializeOwned>(
    session: Session,
    method: Method,
    path: &str,
    body: Option<String>,
    if_match: Option<i64>,
) -> Result<T, ApiError> {
    decode(exchange(session, method, path.to_owned(), body, if_match).await)
}

/// An unauthenticated request.
pub(crate) async fn anonymous(method: Method, path: &str, body: Option<String>) -> Result<String, ApiError> {
    body_of(send(method, path, None, &body.into(), None).await?).await
}

pub(crate) fn json<B: Serialize>(body: &B) -> Option<String> {
    serde_json::to_string(body).ok()
}

/// `?a=1&b=x` from the pairs that have a value.
pub fn query(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(key, value)| {
            value.as_ref().filter(|v| !v.is_empty()).map(|v| format!("{key}={}", js_sys::encode_uri_component(v)))
        })
        .collect();
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

// The signed-in user.

pub async fn update_me(session: Session, request: &UpdateMeRequest) -> Result<Me, ApiError> {
    call(session, Method::Patch, "/me", json(request), None).await
}

pub async fn change_password(session: Session, request: &ChangePasswordRequest) -> Result<(), ApiError> {
    call(session, Method::Post, "/me/password", json(request), None).await
}

// Organisations.

pub async fn list_organisations(session: Session, query_string: &str) -> Result<Page<Organisation>, ApiError> {
    call(session, Method::Get, &format!("/organisations{query_string}"), None, None).await
}

/// The organisations to choose from in a form (first 200 by name), optionally of one
/// kind. An empty list when they cannot be loaded: the form then offers no choice.
pub async fn organisation_choices(session: Session, kind: Option<&str>) -> Vec<Organisation> {
    let query = query(&[("kind", kind.map(str::to_owned)), ("limit", Some("200".to_owned()))]);
    list_organisations(session, &query).await.map(|page| page.items).unwrap_or_default()
}

pub async fn get_organisation(session: Session, id: Uuid) -> Result<Organisation, ApiError> {
    call(session, Method::Get, &format!("/organisations/{id}"), None, None).await
}

pub async fn create_organisation(
    session: Session,
    request: &CreateOrganisationRequest,
) -> Result<Organisation, ApiError> {
    call(session, Method::Post, "/organisations", json(request), None).await
}

pub async fn update_organisation(
    session: Session,
    id: Uuid,
    version: i64,
    request: &UpdateOrganisationRequest,
) -> Result<Organisation, ApiError> {
    call(session, Method::Patch, &format!("/organisations/{id}"), json(request), Some(version)).await
}

pub async fn list_branches(session: Session, organisation: Uuid) -> Result<Vec<Branch>, ApiError> {
    call(session, Method::Get, &format!("/organisations/{organisation}/branches"), None, None).await
}

pub async fn create_branch(
    session: Session,
    organisation: Uuid,
    request: &CreateBranchRequest,
) -> Result<Branch, ApiError> {
    call(session, Method::Post, &format!("/organisations/{organisation}/branches"), json(request), None).await
}

// Users.

pub async fn list_users(session: Session, query_string: &str) -> Result<Page<User>, ApiError> {
    call(session, Method::Get, &format!("/users{query_string}"), None, None).await
}

pub async fn get_user(session: Session, id: Uuid) -> Result<User, ApiError> {
    call(session, Method::Get, &format!("/users/{id}"), None, None).await
}

pub async fn create_user(session: Session, request: &CreateUserRequest) -> Result<User, ApiError> {
    call(session, Method::Post, "/users", json(request), None).await
}

pub async fn update_user(
    session: Session,
    id: Uuid,
    version: i64,
    request: &UpdateUserRequest,
) -> Result<User, ApiError> {
    call(session, Method::Patch, &format!("/users/{id}"), json(request), Some(version)).await
}

pub async fn resend_invitation(session: Session, id: Uuid) -> Result<(), ApiError> {
    call(session, Method::Post, &format!("/users/{id}/invitation"), None, None).await
}

// API keys.

pub async fn list_api_keys(session: Session, query_string: &str) -> Result<Page<ApiKey>, ApiError> {
    call(session, Method::Get, &format!("/api-keys{query_string}"), None, None).await
}

pub async fn create_api_key(session: Session, request: &CreateApiKeyRequest) -> Result<CreatedApiKey, ApiError> {
    call(session, Method::Post, "/api-keys", json(request), None).await
}

pub async fn revoke_api_key(session: Session, id: Uuid) -> Result<(), ApiError> {
    call(session, Method::Delete, &format!("/api-keys/{id}"), None, None).await
}

// Webhooks.

pub async fn list_webhooks(session: Session, query_string: &str) -> Result<Page<WebhookEndpoint>, ApiError> {
    call(session, Method::Get, &format!("/webhooks{query_string}"), None, None).await
}

pub async fn create_webhook(session: Session, request: &CreateWebhookRequest) -> Result<CreatedWebhook, ApiError> {
    call(session, Method::Post, "/webhooks", json(request), None).await
}

pub async fn update_webhook(
    session: Session,
    id: Uuid,
    version: i64,
    request: &UpdateWebhookRequest,
) -> Result<WebhookEndpoint, ApiError> {
    call(session, Method::Patch, &format!("/webhooks/{id}"), json(request), Some(version)).await
}

pub async fn delete_webhook(session: Session, id: Uuid) -> Result<(), ApiError> {
    call(session, Method::Delete, &format!("/webhooks/{id}"), None, None).await
}

pub async fn rotate_webhook_secret(session: Session, id: Uuid) -> Result<RotatedSecret, ApiError> {
    call(session, Method::Post, &format!("/webhooks/{id}/secret"), None, None).await
}

pub async fn test_webhook(session: Session, id: Uuid) -> Result<WebhookDelivery, ApiError> {
    call(session, Method::Post, &format!("/webhooks/{id}/test"), None, None).await
}

pub async fn list_webhook_deliveries(session: Session, id: Uuid) -> Result<Page<WebhookDelivery>, ApiError> {
    call(session, Method::Get, &format!("/webhooks/{id}/deliveries?limit=20"), None, None).await
}

// The outbox.

pub async fn list_outbox(session: Session, query_string: &str) -> Result<Page<OutboxJob>, ApiError> {
    call(session, Method::Get, &format!("/outbox{query_string}"), None, None).await
}

pub async fn outbox_counts(session: Session) -> Result<OutboxCounts, ApiError> {
    call(session, Method::Get, "/outbox/counts", None, None).await
}

pub async fn retry_outbox_job(session: Session, id: Uuid) -> Result<OutboxJob, ApiError> {
    call(session, Method::Post, &format!("/outbox/{id}/retry"), None, None).await
}

// The audit log.

pub async fn list_audit_events(session: Session, query_string: &str) -> Result<Page<AuditEvent>, ApiError> {
    call(session, Method::Get, &format!("/audit-events{query_string}"), None, None).await
}

// The support desk.

pub async fn list_tickets(session: Session, query_string: &str) -> Result<Page<TicketSummary>, ApiError> {
    call(session, Method::Get, &format!("/tickets{query_string}"), None, None).await
}

pub async fn get_ticket(session: Session, id: Uuid) -> Result<Ticket, ApiError> {
    call(session, Method::Get, &format!("/tickets/{id}"), None, None).await
}

pub async fn create_ticket(session: Session, request: &CreateTicketRequest) -> Result<Ticket, ApiError> {
    call(session, Method::Post, "/tickets", json(request), None).await
}

pub async fn update_ticket(
    session: Session,
    id: Uuid,
    version: i64,
    request: &UpdateTicketRequest,
) -> Result<Ticket, ApiError> {
    call(session, Method::Patch, &format!("/tickets/{id}"), json(request), Some(version)).await
}

pub async fn helpdesk_dashboard(session: Session) -> Result<HelpdeskDashboard, ApiError> {
    call(session, Method::Get, "/helpdesk/dashboard", None, None).await
}

pub async fn propose_estimate(
    session: Session,
    id: Uuid,
    request: &ProposeEstimateRequest,
) -> Result<Ticket, ApiError> {
    call(session, Method::Post, &format!("/tickets/{id}/estimate"), json(request), None).await
}

pub async fn answer_estimate(session: Session, id: Uuid, request: &AnswerEstimateRequest) -> Result<Ticket, ApiError> {
    call(session, Method::Post, &format!("/tickets/{id}/estimate/answer"), json(request), None).await
}

pub async fn approve_ticket(session: Session, id: Uuid) -> Result<Ticket, ApiError> {
    call(session, Method::Post, &format!("/tickets/{id}/approve"), None, None).await
}

pub async fn decline_ticket(session: Session, id: Uuid, request: &DeclineTicketRequest) -> Result<Ticket, ApiError> {
    call(session, Method::Post, &format!("/tickets/{id}/decline"), json(request), None).await
}

pub async fn reopen_ticket(session: Session, id: Uuid) -> Result<Ticket, ApiError> {
    call(session, Method::Post, &format!("/tickets/{id}/reopen"), None, None).await
}

pub async fn ticket_timeline(session: Session, id: Uuid) -> Result<Vec<TimelineEntry>, ApiError> {
    call(session, Method::Get, &format!("/tickets/{id}/timeline"), None, None).await
}

pub async fn list_ticket_attachments(session: Session, id: Uuid) -> Result<Vec<TicketAttachment>, ApiError> {
    call(session, Method::Get, &format!("/tickets/{id}/attachments"), None, None).await
}

pub async fn list_ticket_messages(session: Session, id: Uuid) -> Result<Vec<TicketMessage>, ApiError> {
    call(session, Method::Get, &format!("/tickets/{id}/messages"), None, None).await
}

pub async fn post_ticket_message(
    session: Session,
    id: Uuid,
    request: &CreateTicketMessageRequest,
) -> Result<TicketMessage, ApiError> {
    call(session, Method::Post, &format!("/tickets/{id}/messages"), json(request), None).await
}
