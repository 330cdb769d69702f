//! The OpenAPI 3.1 document. Paths and schemas come from the `#[utoipa::path]` of every
//! registered handler; this module adds what applies to all of them: the two security
//! schemes and the standard problem responses each operation can give.

use actix_web::App;
use loket_api_types::{ErrorCode, FieldError, Problem};
use utoipa::OpenApi;
use utoipa::openapi::path::{HttpMethod, Operation, ParameterIn};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa_actix_web::AppExt;

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Loket API",
        description = "The customer portal API of Loket: organisations, users, accounts and API keys.\n\n\
            Browser users sign in at `/api/v1/auth/login` and send the access token as `Authorization: Bearer`. \
            Partner systems send an API key in `X-Api-Key`.\n\n\
            Errors are `application/problem+json` (RFC 9457) with a stable `code`. Lists use cursor pagination: \
            pass `next_cursor` as `cursor`. Updates need `If-Match` with the record's `ETag`.",
        license(name = "Proprietary")
    ),
    tags(
        (name = "auth", description = "Signing in and out, invitations, password resets"),
        (name = "me", description = "The signed-in user's own account"),
        (name = "organisations", description = "Vendor, partners and clients, and partner branches"),
        (name = "users", description = "Users of every organisation"),
        (name = "api-keys", description = "API keys for partner systems"),
        (name = "operations", description = "Health and metrics"),
    ),
    components(schemas(Problem, ErrorCode, FieldError))
)]
struct ApiDoc;

/// The complete document, as served at `/api/openapi.json` and printed by `loket openapi`.
pub fn build() -> utoipa::openapi::OpenApi {
    let (_, mut api) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(routes::configure).split_for_parts();
    api.info.version = env!("CARGO_PKG_VERSION").to_owned();
    add_security_schemes(&mut api);
    add_standard_responses(&mut api);
    api
}

/// The document as pretty-printed JSON with a trailing newline (the committed form).
pub fn to_pretty_json(api: &utoipa::openapi::OpenApi) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(api).map(|json| json + "\n")
}

fn add_security_schemes(api: &mut utoipa::openapi::OpenApi) {
    let components = api.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some("The access token from `POST /api/v1/auth/login` or `/refresh`; valid 15 minutes."))
                .build(),
        ),
    );
    components.add_security_scheme(
        "api_key",
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            "X-Api-Key",
            "A partner system's API key (`lk_…`), created under API keys; limited to its scopes.",
        ))),
    );
}

/// The problem responses shared by operations, by name and meaning.
const STANDARD: &[(&str, &str, &str)] = &[
    ("400", "BadRequest", "Malformed request: bad JSON, query parameter or path segment"),
    ("401", "Unauthorized", "Missing, invalid or expired credentials"),
    ("403", "Forbidden", "Authenticated, but not allowed to do this"),
    ("404", "NotFound", "No such resource, or not visible to the caller"),
    ("412", "PreconditionFailed", "If-Match does not match: someone else changed the record"),
    ("413", "PayloadTooLarge", "The body is too large"),
    ("415", "UnsupportedMediaType", "The body is not JSON"),
    ("422", "UnprocessableEntity", "The body or query has invalid fields"),
    ("428", "PreconditionRequired", "If-Match is required"),
    ("500", "InternalError", "Unexpected error; quote the request id"),
    ("503", "ServiceUnavailable", "A dependency (the database) is unavailable"),
];

fn add_standard_responses(api: &mut utoipa::openapi::OpenApi) {
    let components = api.components.get_or_insert_with(Default::default);
    for (_, name, description) in STANDARD {
        let response = ResponseBuilder::new()
            .description(*description)
            .content(
                Problem::CONTENT_TYPE,
                ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
            )
            .build();
        components.responses.insert((*name).to_owned(), RefOr::T(response));
    }
    for item in api.paths.paths.values_mut() {
        for method in [HttpMethod::Get, HttpMethod::Post, HttpMethod::Put, HttpMethod::Patch, HttpMethod::Delete] {
            if let Some(operation) = operation_mut(item, &method) {
                let codes = standard_codes(operation);
                for (status, name, _) in STANDARD {
                    if codes.contains(status) {
                        operation
                            .responses
                            .responses
                            .entry((*status).to_owned())
                            .or_insert_with(|| RefOr::Ref(Ref::from_response_name(*name)));
                    }
                }
            }
        }
    }
}

fn operation_mut<'a>(item: &'a mut utoipa::openapi::PathItem, method: &HttpMethod) -> Option<&'a mut Operation> {
    match method {
        HttpMethod::Get => item.get.as_mut(),
        HttpMethod::Post => item.post.as_mut(),
        HttpMethod::Put => item.put.as_mut(),
        HttpMethod::Patch => item.patch.as_mut(),
        HttpMethod::Delete => item.delete.as_mut(),
        _ => None,
    }
}

/// Which standard responses an operation can give, from its shape.
fn standard_codes(operation: &Operation) -> Vec<&'static str> {
    let parameters = operation.parameters.as_deref().unwrap_or_default();
    let has_path = parameters.iter().any(|p| p.parameter_in == ParameterIn::Path);
    let has_query = parameters.iter().any(|p| p.parameter_in == ParameterIn::Query);
    let has_if_match = parameters.iter().any(|p| p.parameter_in == ParameterIn::Header && p.name == "If-Match");
    let has_body = operation.request_body.is_some();
    let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let mut codes = vec!["500", "503"];
    if has_path || has_query || has_body {
        codes.push("400");
    }
    if secured {
        codes.extend(["401", "403"]);
    }
    if has_path {
        codes.push("404");
    }
    if has_body {
        codes.extend(["413", "415", "422"]);
    }
    if has_query {
        codes.push("422");
    }
    if has_if_match {
        codes.extend(["412", "428"]);
    }
    codes
}
