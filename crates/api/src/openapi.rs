//! The OpenAPI 3.1 document. Paths and schemas come from the `#[utoipa::path]` of every
//! registered handler; this module adds what applies to all of them: the two security
//! schemes and the standard problem responses each operation can give.

use actix_web::App;
use loket_api_types::access_requests::AccessRequestSort;
use loket_api_types::client_imports::{RowFilter, TemplateFormat};
use loket_api_types::install_requests::{InstallRequestSort, InstallStep};
use loket_api_types::organisations::OrganisationSort;
use loket_api_types::tickets::{TicketQueue, TicketSort};
use loket_api_types::users::UserSort;
use loket_api_types::users::UserStatus;
use loket_api_types::{
    ApiScope, ErrorCode, FieldError, JobKind, JobStatus, Language, OrganisationKind, PartnerKind, Problem, Role,
    WebhookEvent,
};
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
        (name = "webhooks", description = "Partners' webhook endpoints (Standard Webhooks signatures) and deliveries"),
        (name = "outbox", description = "The notification queue, for vendor administrators"),
        (name = "audit", description = "The audit log: every change, who made it and from where"),
        (name = "tickets", description = "The support desk: tickets, their message board and SLA clocks"),
        (name = "access", description = "Self-service access: asking for a login with a customer number, and deciding such requests"),
        (name = "support-settings", description = "The helpdesk's opening hours, closing days, SLA targets and reopen window"),
        (name = "install-requests", description = "Partner intake: install requests for new clients, their review and timeline"),
        (name = "questionnaire", description = "The new-customer questionnaire: its versioned definition and each case's answers"),
        (name = "intake-settings", description = "What the vendor sets up for intake: accounting packages, each partner's request fields"),
        (name = "rights", description = "Rights per module and document type: permission groups and users' own grants"),
        (name = "approvals", description = "Approval of documents: who must and who may approve each type for a client"),
        (name = "documents", description = "Documents for approval: uploaded for a client, approved or rejected with a PIN, and what awaits the caller"),
        (name = "client-imports", description = "Client import: a firm's client list from CSV or Excel, checked, previewed and committed"),
        (name = "operations", description = "Health and metrics"),
    ),
    components(schemas(Problem, ErrorCode, FieldError, AccessRequestSort, OrganisationSort, UserSort, TicketSort, TicketQueue, InstallRequestSort, InstallStep, UserStatus, Role, OrganisationKind, PartnerKind, Language, ApiScope, JobStatus, JobKind, WebhookEvent, TemplateFormat, RowFilter))
)]
struct ApiDoc;

/// The complete document, as served at `/api/openapi.json` and printed by `loket openapi`.
pub fn build() -> utoipa::openapi::OpenApi {
    let (_, mut api) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(routes::configure).split_for_parts();
    api.info.version = env!("CARGO_PKG_VERSION").to_owned();
    add_security_schemes(&mut api);
    add_standard_responses(&mut api);
    for missing in add_links(&mut api) {
        tracing::error!(%missing, "OpenAPI link target not found");
    }
    api
}

/// The document as JSON, as served and committed.
pub fn to_json(api: &utoipa::openapi::OpenApi) -> Result<serde_json::Value, serde_json::Error> {
    let mut value = serde_json::to_value(api)?;
    fix_link_field_names(&mut value);
    discriminate_tagged_unions(&mut value);
    state_field_rules(&mut value);
    state_text_rules(&mut value);
    Ok(value)
}

/// Internally tagged enums (`#[serde(tag = "kind")]`) come out of utoipa as
/// `oneOf: [allOf: [$ref Variant, {kind: const}]]`, which contradicts the variants'
/// `additionalProperties: false` (no object could satisfy both). Each variant schema
/// gets its tag as a property of its own instead, and the union a `discriminator`, the
/// form client generators understand.
fn discriminate_tagged_unions(spec: &mut serde_json::Value) {
    let Some(schemas) = spec.pointer_mut("/components/schemas").and_then(|s| s.as_object_mut()) else {
        return;
    };
    // (union, tag, [(variant schema, tag value)])
    let mut unions = Vec::new();
    for (name, schema) in schemas.iter() {
        let Some(items) = schema.get("oneOf").and_then(|o| o.as_array()) else { continue };
        let mut variants = Vec::new();
        let mut tag_name = None;
        for item in items {
            let parts = item.get("allOf").and_then(|a| a.as_array());
            let reference = parts.and_then(|p| p.iter().find_map(|x| x.get("$ref")?.as_str()));
            let tag = parts.and_then(|p| {
                p.iter().find_map(|x| {
                    let (key, property) = x.get("properties")?.as_object()?.iter().next()?;
                    Some((key.clone(), property.get("enum")?.as_array()?.first()?.as_str()?.to_owned()))
                })
            });
            if let (Some(reference), Some((key, value))) = (reference, tag) {
                tag_name = Some(key);
                variants.push((reference.trim_start_matches("#/components/schemas/").to_owned(), value));
            }
        }
        if let Some(tag) = tag_name.filter(|_| !variants.is_empty() && variants.len() == items.len()) {
            unions.push((name.clone(), tag, variants));
        }
    }
    for (union, tag, variants) in unions {
        let mut mapping = serde_json::Map::new();
        for (variant, value) in &variants {
            let reference = format!("#/components/schemas/{variant}");
            if let Some(schema) = schemas.get_mut(variant).and_then(|v| v.as_object_mut()) {
                if let Some(properties) = schema.get_mut("properties").and_then(|p| p.as_object_mut()) {
                    properties.insert(tag.clone(), serde_json::json!({"type": "string", "enum": [value]}));
                }
                if let Some(required) = schema.get_mut("required").and_then(|r| r.as_array_mut()) {
                    required.insert(0, serde_json::Value::String(tag.clone()));
                }
            }
            mapping.insert(value.clone(), serde_json::Value::String(reference));
        }
        if let Some(schema) = schemas.get_mut(&union).and_then(|u| u.as_object_mut()) {
            let refs: Vec<_> = mapping.values().map(|r| serde_json::json!({"$ref": r})).collect();
            schema.insert("oneOf".to_owned(), serde_json::Value::Array(refs));
            schema.insert("discriminator".to_owned(), serde_json::json!({"propertyName": tag, "mapping": mapping}));
        }
    }
}

/// Fields whose shape a domain parser decides get that parser's pattern, proptested
/// against it in `loket_domain` (before the general text rule, which then leaves them
/// alone): registration and customer numbers wherever they appear, webhook URLs where a client sends
/// one (stored URLs in responses may be development `http://` ones).
fn state_field_rules(spec: &mut serde_json::Value) {
    use loket_domain::access::CUSTOMER_NUMBER_PATTERN;
    use loket_domain::registration::{COC_PATTERN, VAT_PATTERN};
    use loket_domain::webhooks::ENDPOINT_URL_PATTERN;
    const WEBHOOK_REQUESTS: &[&str] = &["CreateWebhookRequest", "UpdateWebhookRequest"];
    let Some(schemas) = spec.pointer_mut("/components/schemas").and_then(|s| s.as_object_mut()) else {
        return;
    };
    for (name, schema) in schemas.iter_mut() {
        let mut rules = vec![
            ("coc_number", COC_PATTERN),
            ("vat_number", VAT_PATTERN),
            ("customer_number", CUSTOMER_NUMBER_PATTERN),
        ];
        if WEBHOOK_REQUESTS.contains(&name.as_str()) {
            rules.push(("url", ENDPOINT_URL_PATTERN));
        }
        for (field, pattern) in rules {
            if let Some(property) = schema.pointer_mut(&format!("/properties/{field}")).and_then(|p| p.as_object_mut())
            {
                property.insert("pattern".to_owned(), serde_json::Value::String(pattern.to_owned()));
            }
        }
    }
}

/// The document as pretty-printed JSON with a trailing newline (the committed form).
pub fn to_pretty_json(api: &utoipa::openapi::OpenApi) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(&to_json(api)?).map(|json| json + "\n")
}

/// States the text rule of `loket_domain::text` in the document: every free-text string
/// a client sends (request bodies and query parameters) gets the single-line pattern,
/// unless its schema already says more (a format, an enum, its own pattern — multi-line
/// fields declare `loket_domain::text::schema_pattern(TextKind::MultiLine)` themselves).
/// Generated clients and fuzzers then know that control characters are refused.
fn state_text_rules(spec: &mut serde_json::Value) {
    let single_line = loket_domain::text::schema_pattern(loket_domain::text::TextKind::SingleLine);
    let mut request_schemas = std::collections::BTreeSet::new();
    if let Some(paths) = spec.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for operation in paths.values_mut().filter_map(|i| i.as_object_mut()).flat_map(|i| i.values_mut()) {
            if let Some(content) = operation.pointer_mut("/requestBody/content").and_then(|c| c.as_object_mut()) {
                for media in content.values_mut() {
                    if let Some(schema) = media.get_mut("schema") {
                        collect_refs(schema, &mut request_schemas);
                        add_pattern(schema, single_line);
                    }
                }
            }
            if let Some(parameters) = operation.get_mut("parameters").and_then(|p| p.as_array_mut()) {
                for parameter in parameters.iter_mut().filter(|p| p.get("in").and_then(|i| i.as_str()) == Some("query"))
                {
                    if let Some(schema) = parameter.get_mut("schema") {
                        add_pattern(schema, single_line);
                    }
                }
            }
        }
    }
    // Follow references from request bodies to every schema they use.
    let mut queue: Vec<String> = request_schemas.iter().cloned().collect();
    while let Some(name) = queue.pop() {
        let mut found = std::collections::BTreeSet::new();
        if let Some(schema) = spec.pointer(&format!("/components/schemas/{name}")) {
            collect_refs(schema, &mut found);
        }
        for name in found {
            if request_schemas.insert(name.clone()) {
                queue.push(name);
            }
        }
    }
    for name in request_schemas {
        if let Some(schema) = spec.pointer_mut(&format!("/components/schemas/{name}")) {
            add_pattern(schema, single_line);
        }
    }
}

fn collect_refs(schema: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match schema {
        serde_json::Value::Object(map) => {
            if let Some(name) =
                map.get("$ref").and_then(|r| r.as_str()).and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                out.insert(name.to_owned());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Adds `pattern` to every free-text string schema inside `schema` (not through refs).
fn add_pattern(schema: &mut serde_json::Value, pattern: &str) {
    let Some(map) = schema.as_object_mut() else { return };
    let is_string = match map.get("type") {
        Some(serde_json::Value::String(t)) => t == "string",
        Some(serde_json::Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => false,
    };
    let has_format = map.get("format").is_some_and(|f| f != "password");
    let constrained = has_format || ["enum", "pattern", "const", "$ref"].iter().any(|k| map.contains_key(*k));
    if is_string && !constrained {
        map.insert("pattern".to_owned(), serde_json::Value::String(pattern.to_owned()));
    }
    for key in ["properties", "patternProperties"] {
        if let Some(props) = map.get_mut(key).and_then(|p| p.as_object_mut()) {
            props.values_mut().for_each(|v| add_pattern(v, pattern));
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(inner) = map.get_mut(key) {
            add_pattern(inner, pattern);
        }
    }
    for key in ["oneOf", "anyOf", "allOf", "prefixItems"] {
        if let Some(list) = map.get_mut(key).and_then(|l| l.as_array_mut()) {
            list.iter_mut().for_each(|v| add_pattern(v, pattern));
        }
    }
}

/// utoipa 5 serialises Link Objects with snake_case names (`operation_id`); OpenAPI
/// spells them `operationId`, `operationRef` and `requestBody`.
fn fix_link_field_names(spec: &mut serde_json::Value) {
    let Some(paths) = spec.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    let links = paths
        .values_mut()
        .filter_map(|item| item.as_object_mut())
        .flat_map(|item| item.values_mut())
        .filter_map(|operation| operation.get_mut("responses").and_then(|r| r.as_object_mut()))
        .flat_map(|responses| responses.values_mut())
        .filter_map(|response| response.get_mut("links").and_then(|l| l.as_object_mut()))
        .flat_map(|links| links.values_mut())
        .filter_map(|link| link.as_object_mut());
    for link in links {
        for (from, to) in
            [("operation_id", "operationId"), ("operation_ref", "operationRef"), ("request_body", "requestBody")]
        {
            if let Some(value) = link.remove(from) {
                link.insert(to.to_owned(), value);
            }
        }
    }
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
        "metrics_token",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some("The token configured in `LOKET_METRICS_TOKEN` (only for `/metrics`)."))
                .build(),
        ),
    );
    components.add_security_scheme(
        "installation_key",
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            "X-Installation-Key",
            "The installed software's key from `POST /api/v1/installation/activate`; good for `/installation/…` only.",
        ))),
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
    // Ids in the path, the query or the body may name something missing or hidden.
    if secured && (has_path || has_query || has_body) {
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

/// Links from each creating operation to the operations on what it created, so that
/// clients (and stateful fuzzers) can follow them: `(creating path, where the id is in
/// its 201 body, [(link name, method, target path)])`.
/// A link: its name, the target operation's method and path.
type LinkTarget = (&'static str, HttpMethod, &'static str);

const LINKS: &[(&str, &str, &[LinkTarget])] = &[
    (
        "/api/v1/organisations",
        "$response.body#/id",
        &[
            ("GetOrganisation", HttpMethod::Get, "/api/v1/organisations/{id}"),
            ("UpdateOrganisation", HttpMethod::Patch, "/api/v1/organisations/{id}"),
            ("ListBranches", HttpMethod::Get, "/api/v1/organisations/{id}/branches"),
            ("CreateBranch", HttpMethod::Post, "/api/v1/organisations/{id}/branches"),
        ],
    ),
    (
        "/api/v1/users",
        "$response.body#/id",
        &[
            ("GetUser", HttpMethod::Get, "/api/v1/users/{id}"),
            ("UpdateUser", HttpMethod::Patch, "/api/v1/users/{id}"),
            ("ResendInvitation", HttpMethod::Post, "/api/v1/users/{id}/invitation"),
        ],
    ),
    (
        "/api/v1/api-keys",
        "$response.body#/api_key/id",
        &[
            ("GetApiKey", HttpMethod::Get, "/api/v1/api-keys/{id}"),
            ("RevokeApiKey", HttpMethod::Delete, "/api/v1/api-keys/{id}"),
        ],
    ),
    (
        "/api/v1/webhooks",
        "$response.body#/endpoint/id",
        &[
            ("GetWebhook", HttpMethod::Get, "/api/v1/webhooks/{id}"),
            ("UpdateWebhook", HttpMethod::Patch, "/api/v1/webhooks/{id}"),
            ("TestWebhook", HttpMethod::Post, "/api/v1/webhooks/{id}/test"),
            ("ListWebhookDeliveries", HttpMethod::Get, "/api/v1/webhooks/{id}/deliveries"),
            ("RotateWebhookSecret", HttpMethod::Post, "/api/v1/webhooks/{id}/secret"),
            ("DeleteWebhook", HttpMethod::Delete, "/api/v1/webhooks/{id}"),
        ],
    ),
];

/// Adds the links; returns the sources and targets it could not find (a renamed path),
/// which `build` logs and `tests::every_link_has_its_operations` refuses.
fn add_links(api: &mut utoipa::openapi::OpenApi) -> Vec<String> {
    let mut missing = Vec::new();
    for (source, id_expression, targets) in LINKS {
        let mut links: Vec<(String, utoipa::openapi::link::Link)> = Vec::new();
        for (name, method, target) in *targets {
            let operation_id = api
                .paths
                .paths
                .get_mut(*target)
                .and_then(|item| operation_mut(item, method))
                .and_then(|operation| operation.operation_id.clone());
            let Some(operation_id) = operation_id else {
                missing.push(format!("link {name}: {target}"));
                continue;
            };
            let link = utoipa::openapi::link::LinkBuilder::new()
                .operation_id(operation_id)
                .parameter("id", *id_expression)
                .build();
            links.push(((*name).to_owned(), link));
        }
        let created = api
            .paths
            .paths
            .get_mut(*source)
            .and_then(|item| item.post.as_mut())
            .and_then(|operation| operation.responses.responses.get_mut("201"));
        match created {
            Some(RefOr::T(created)) => {
                for (name, link) in links {
                    created.links.insert(name, RefOr::T(link));
                }
            }
            _ => missing.push(format!("201 response of POST {source}")),
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_link_has_its_operations() {
        let (_, mut api) =
            App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(routes::configure).split_for_parts();
        assert_eq!(add_links(&mut api), Vec::<String>::new());
    }

    /// The fields a body accepts line breaks in (its `TextFields::MULTI_LINE`) publish
    /// the multi-line pattern, and every other text field the single-line one.
    #[test]
    fn multi_line_fields_publish_the_multi_line_pattern() {
        use loket_api_types::text::TextFields;
        use loket_api_types::tickets::*;
        use loket_domain::text::{TextKind, schema_pattern};
        fn check<T: TextFields>(spec: &serde_json::Value, schema: &str) {
            let properties =
                spec.pointer(&format!("/components/schemas/{schema}/properties")).and_then(|p| p.as_object());
            let Some(properties) = properties else { panic!("{schema} is not in the document") };
            for (field, property) in properties {
                let Some(pattern) = property.get("pattern").and_then(|p| p.as_str()) else { continue };
                let kind =
                    if T::MULTI_LINE.contains(&field.as_str()) { TextKind::MultiLine } else { TextKind::SingleLine };
                assert_eq!(pattern, schema_pattern(kind), "{schema}.{field}");
            }
            for field in T::MULTI_LINE {
                assert!(properties.contains_key(*field), "{schema} has no field {field}");
            }
        }
        let spec = to_json(&build()).unwrap();
        check::<CreateTicketRequest>(&spec, "CreateTicketRequest");
        check::<UpdateTicketRequest>(&spec, "UpdateTicketRequest");
        check::<DeclineTicketRequest>(&spec, "DeclineTicketRequest");
        check::<CreateTicketMessageRequest>(&spec, "CreateTicketMessageRequest");
        check::<loket_api_types::ticket_estimates::ProposeEstimateRequest>(&spec, "ProposeEstimateRequest");
        check::<loket_api_types::ticket_estimates::AnswerEstimateRequest>(&spec, "AnswerEstimateRequest");
    }
}
