//! Cross-cutting HTTP behaviour: request ids, metrics and security headers.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use loket_api_types::Problem;
use tracing_actix_web::RequestId;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Adds `X-Request-Id` to every response, writes the id into problem documents, and sets
/// conservative security headers.
pub async fn request_id_and_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let request_id = req.extensions().get::<RequestId>().map(|id| id.to_string());
    let policy = req.app_data::<actix_web::web::Data<SecurityPolicy>>().cloned();
    let path = req.path();
    let is_api = (path.starts_with("/api/v1/") || matches!(path, "/healthz" | "/readyz" | "/metrics"))
        && !path.starts_with("/api/docs");
    let response = next.call(req).await?;
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(Problem::CONTENT_TYPE.as_bytes()));
    let mut response = if is_problem && let Some(id) = request_id.clone() {
        let (request, response) = response.into_parts();
        let (mut head, body) = response.into_parts();
        let bytes = actix_web::body::to_bytes(body).await.unwrap_or_default();
        let body = match serde_json::from_slice::<Problem>(&bytes) {
            Ok(mut problem) => {
                problem.request_id = Some(id);
                head.headers_mut().remove(header::CONTENT_LENGTH);
                serde_json::to_vec(&problem).unwrap_or_else(|_| bytes.to_vec())
            }
            Err(_) => bytes.to_vec(),
        };
        ServiceResponse::new(request, head.set_body(BoxBody::new(body)))
    } else {
        response.map_into_boxed_body()
    };
    let headers = response.headers_mut();
    if let Some(value) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        headers.insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if let Some(policy) = policy {
        // A response with a policy of its own (a downloaded file: sandboxed) keeps it.
        if !headers.contains_key(header::CONTENT_SECURITY_POLICY)
            && let Ok(value) = HeaderValue::from_str(&policy.content_security_policy)
        {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
        if policy.strict_transport_security {
            headers.insert(
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=63072000; includeSubDomains"),
            );
        }
    }
    // API answers are personal: no shared or browser cache keeps them.
    if is_api && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

/// The security headers every response carries, settled at start-up.
#[derive(Debug, Clone)]
pub struct SecurityPolicy {
    pub content_security_policy: String,
    /// `Strict-Transport-Security` (production only: development runs on plain HTTP).
    pub strict_transport_security: bool,
}

impl SecurityPolicy {
    /// The policy for a server whose browser app has these inline scripts (the loader
    /// Trunk writes into `index.html`): each is allowed by its SHA-256 hash, nothing else
    /// inline runs. WebAssembly needs `'wasm-unsafe-eval'`; styles may be inline (the app
    /// and the API docs set style attributes), scripts may not.
    pub fn new(inline_script_hashes: &[String], production: bool) -> Self {
        let hashes: String = inline_script_hashes.iter().map(|h| format!(" 'sha256-{h}'")).collect();
        let content_security_policy = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'"
        );
        Self { content_security_policy, strict_transport_security: production }
    }
}

/// Counts requests and measures latency per route pattern, method and status.
pub async fn record_metrics(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let method = req.method().to_string();
    let route = req.match_pattern().unwrap_or_else(|| "unmatched".to_owned());
    let response = next.call(req).await?;
    let status = response.status().as_u16().to_string();
    let elapsed = started.elapsed().as_secs_f64();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status.clone())
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route, "status" => status)
        .record(elapsed);
    Ok(response)
}
