//! Request extractors whose failures are problem documents that name the field.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use loket_api_types::ErrorCode;
use loket_api_types::text::{self as text_rule, TextFields};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use validator::Validate;

use crate::error::ApiError;

/// A JSON body, deserialised and validated. Errors name the offending field by its JSON
/// path; size and content-type problems are 413 and 415.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> FromRequest for Json<T>
where
    T: DeserializeOwned + Validate + TextFields + 'static,
{
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type_ok = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<mime::Mime>().ok())
            .is_some_and(|mime| mime.subtype() == mime::JSON || mime.suffix() == Some(mime::JSON));
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !content_type_ok {
                return Err(ApiError::BadRequest {
                    status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    code: ErrorCode::UnsupportedMediaType,
                    detail: "Send the body as JSON with Content-Type: application/json.".to_owned(),
                });
            }
            let bytes = bytes.await.map_err(payload_error)?;
            let value = parse_json_text::<T>(&bytes, T::MULTI_LINE)?;
            value.validate().map_err(|e| ApiError::Validation(loket_api_types::validation::field_errors(&e)))?;
            Ok(Json(value))
        })
    }
}

fn payload_error(error: actix_web::Error) -> ApiError {
    let status = error.as_response_error().status_code();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::BadRequest {
            status,
            code: ErrorCode::PayloadTooLarge,
            detail: "The body is larger than this endpoint accepts.".to_owned(),
        }
    } else {
        ApiError::bad_request("The request body could not be read.")
    }
}

/// Like [`parse_json`], but first refuses control characters in any string of the body
/// (422 with the field's path): single-line fields allow none, the fields named in
/// `multi_line` allow line breaks and tabs.
pub fn parse_json_text<T: DeserializeOwned>(bytes: &[u8], multi_line: &[&str]) -> Result<T, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|error| malformed(&error))?;
    let errors = text_rule::check_json(&value, multi_line);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    from_value(value)
}

/// Deserialises a JSON object, reporting syntax errors as `malformed_json` (400) and
/// shape errors (including a body that is not an object) as `invalid_body` (422) with the
/// path of the field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|error| malformed(&error))?;
    from_value(value)
}

fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    if !value.is_object() {
        return Err(invalid_body("The body must be a JSON object.".to_owned()));
    }
    serde_path_to_error::deserialize::<_, T>(value).map_err(|error| {
        let path = error.path().to_string();
        let message = strip_position(&error.into_inner().to_string());
        match field_error(&path, &message) {
            Some(field) => ApiError::Validation(vec![field]),
            None => invalid_body(if path == "." { message } else { format!("{path}: {message}") }),
        }
    })
}

/// A missing or unknown field named by serde, as a field error the forms can show.
fn field_error(path: &str, message: &str) -> Option<loket_api_types::FieldError> {
    let (code, text, rest) = if let Some(rest) = message.strip_prefix("missing field `") {
        ("required", "this field is required", rest)
    } else if let Some(rest) = message.strip_prefix("unknown field `") {
        ("unknown", "this field does not exist here", rest)
    } else {
        return None;
    };
    let name = &rest[..rest.find('`')?];
    // serde_path_to_error names an unknown field's own path, a missing field's parent's.
    let field = match path {
        "." => name.to_owned(),
        _ if path == name || path.ends_with(&format!(".{name}")) => path.to_owned(),
        _ => format!("{path}.{name}"),
    };
    Some(loket_api_types::FieldError { field, code: code.to_owned(), message: text.to_owned() })
}

fn invalid_body(detail: String) -> ApiError {
    ApiError::BadRequest { status: StatusCode::UNPROCESSABLE_ENTITY, code: ErrorCode::InvalidBody, detail }
}

fn malformed(error: &serde_json::Error) -> ApiError {
    ApiError::BadRequest {
        status: StatusCode::BAD_REQUEST,
        code: ErrorCode::MalformedJson,
        detail: format!("The body is not valid JSON: {error}."),
    }
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

/// Query parameters, deserialised and validated; unknown parameters are refused.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> FromRequest for Query<T>
where
    T: DeserializeOwned + Validate + 'static,
{
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(Query))
    }
}

fn parse_query<T: DeserializeOwned + Validate>(query: &str) -> Result<T, ApiError> {
    let pairs: Vec<(String, String)> =
        form_urlencoded_parse(query).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let errors = text_rule::check_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded_parse(query));
    let value: T = serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let field = error.path().to_string();
        let message = error.into_inner().to_string();
        ApiError::bad_request(if field == "." { message } else { format!("query parameter {field}: {message}") })
    })?;
    value.validate().map_err(|e| ApiError::Validation(loket_api_types::validation::field_errors(&e)))?;
    Ok(value)
}

fn form_urlencoded_parse(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}

/// A UUID path segment. A malformed id is a 400 that says which segment is wrong.
#[derive(Debug, Clone, Copy)]
pub struct PathId(pub Uuid);

impl FromRequest for PathId {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        std::future::ready(path_uuid(req, "id").map(PathId))
    }
}

/// Reads the UUID path parameter `name`.
pub fn path_uuid(req: &HttpRequest, name: &str) -> Result<Uuid, ApiError> {
    let raw = req.match_info().get(name).unwrap_or_default();
    Uuid::parse_str(raw).map_err(|_| ApiError::bad_request(format!("The path parameter `{name}` must be a UUID.")))
}

/// A calendar date path segment, `YYYY-MM-DD`. Anything else is a 400 naming the segment.
#[derive(Debug, Clone, Copy)]
pub struct PathDate(pub chrono::NaiveDate);

impl FromRequest for PathDate {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let raw = req.match_info().get("date").unwrap_or_default();
        let shaped = raw.len() == 10
            && raw.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        let date = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok().filter(|_| shaped);
        std::future::ready(
            date.map(PathDate)
                .ok_or_else(|| ApiError::bad_request("The path parameter `date` must be a date such as 2027-04-27.")),
        )
    }
}

/// The `If-Match` header as a record version: `"3"` or `W/"3"`. Required on updates
/// (428 without it, RFC 6585). Anything but one such tag is a malformed request (400):
/// `*` would overwrite whatever is stored, which is what the header is there to prevent.
pub fn if_match_version(req: &HttpRequest) -> Result<i64, ApiError> {
    let value = req.headers().get(header::IF_MATCH).ok_or(ApiError::PreconditionRequired)?;
    let malformed = || ApiError::bad_request("If-Match must be the record's ETag, such as \"3\".");
    let text = value.to_str().map_err(|_| malformed())?.trim();
    let tag = text.strip_prefix("W/").unwrap_or(text);
    let digits = tag.strip_prefix('"').and_then(|t| t.strip_suffix('"')).ok_or_else(malformed)?;
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    digits.parse::<i64>().map_err(|_| malformed())
}

/// The record version a caller last saw, from `If-Match` (see [`if_match_version`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfMatch(pub i64);

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        std::future::ready(if_match_version(req).map(IfMatch))
    }
}

/// The pattern of an `Idempotency-Key` as the OpenAPI document states it: 1 to 255
/// visible ASCII characters (a UUID is the usual choice).
pub const IDEMPOTENCY_KEY_PATTERN: &str = "^[!-~]{1,255}$";

/// The optional `Idempotency-Key` header of a creating request
/// (`services::idempotency`). Anything but 1 to 255 visible ASCII characters is 400.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdempotencyKey(pub Option<String>);

impl IdempotencyKey {
    fn read(req: &HttpRequest) -> Result<Self, ApiError> {
        let Some(value) = req.headers().get("idempotency-key") else { return Ok(Self(None)) };
        let bytes = value.as_bytes();
        if bytes.is_empty() || bytes.len() > 255 || !bytes.iter().all(|b| (b'!'..=b'~').contains(b)) {
            return Err(ApiError::bad_request(
                "Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID.",
            ));
        }
        Ok(Self(Some(String::from_utf8_lossy(bytes).into_owned())))
    }
}

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        std::future::ready(Self::read(req))
    }
}

impl utoipa::IntoParams for IdempotencyKey {
    fn into_params(
        _in: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
        use utoipa::openapi::{ObjectBuilder, Required, Type};
        let schema = ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(255))
            .pattern(Some(IDEMPOTENCY_KEY_PATTERN));
        vec![
            ParameterBuilder::new()
                .name("Idempotency-Key")
                .parameter_in(ParameterIn::Header)
                .required(Required::False)
                .description(Some(
                    "A key of your choice (a UUID) that makes a retry safe: the same key with the same request \
                     answers the first response again (with `Idempotent-Replayed: true`) and creates nothing; \
                     the same key with another request is 422 `idempotency_key_reused`. Kept 24 hours; a request \
                     that failed keeps nothing.",
                ))
                .schema(Some(schema))
                .build(),
        ]
    }
}

/// The `ETag` header value for a record version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// A record that changes only under optimistic locking: answered with its version as
/// `ETag`, changed with that `ETag` in `If-Match`.
pub trait Versioned {
    fn version(&self) -> i64;
}

/// A JSON answer carrying the record's `ETag`.
pub fn versioned<T: Serialize + Versioned>(status: StatusCode, record: &T) -> HttpResponse {
    HttpResponse::build(status).insert_header((header::ETAG, etag(record.version()))).json(record)
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, Validate)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        #[validate(length(min = 1))]
        name: String,
        tags: Vec<u8>,
    }

    #[test]
    fn syntax_errors_are_malformed_json() {
        let error = parse_json::<Body>(b"{\"name\": ").unwrap_err();
        assert_eq!(error.problem().code, ErrorCode::MalformedJson);
        assert_eq!(error.problem().status, 400);
        let trailing = parse_json::<Body>(b"{\"name\":\"a\",\"tags\":[]} x").unwrap_err();
        assert_eq!(trailing.problem().code, ErrorCode::MalformedJson);
    }

    #[test]
    fn type_errors_name_the_field() {
        let error = parse_json::<Body>(b"{\"name\":\"a\",\"tags\":[1,\"x\"]}").unwrap_err();
        let problem = error.problem();
        assert_eq!(problem.code, ErrorCode::InvalidBody);
        assert_eq!(problem.status, 422);
        assert!(problem.detail.unwrap().starts_with("tags[1]: invalid type"));
        // Unknown and missing fields are field errors, named like any other.
        let unknown = parse_json::<Body>(b"{\"name\":\"a\",\"tags\":[],\"admin\":true}").unwrap_err().problem();
        assert_eq!((unknown.status, unknown.code), (422, ErrorCode::ValidationFailed));
        assert_eq!((unknown.errors[0].field.as_str(), unknown.errors[0].code.as_str()), ("admin", "unknown"));
        let missing = parse_json::<Body>(b"{\"name\":\"a\"}").unwrap_err().problem();
        assert_eq!((missing.errors[0].field.as_str(), missing.errors[0].code.as_str()), ("tags", "required"));
        // serde would accept a struct written as an array; an API body must be an object.
        let array = parse_json::<Body>(b"[\"a\", []]").unwrap_err().problem();
        assert_eq!((array.status, array.code), (422, ErrorCode::InvalidBody));
    }

    #[test]
    fn query_errors_name_the_parameter() {
        #[derive(Debug, Deserialize, Validate)]
        #[serde(deny_unknown_fields)]
        struct Q {
            #[validate(range(min = 1, max = 10))]
            limit: Option<u32>,
        }
        assert!(parse_query::<Q>("limit=5").is_ok());
        let error = parse_query::<Q>("limit=abc").unwrap_err().problem();
        assert_eq!(error.status, 400);
        assert!(error.detail.unwrap().contains("limit"));
        assert_eq!(parse_query::<Q>("limit=50").unwrap_err().problem().status, 422);
        assert_eq!(parse_query::<Q>("other=1").unwrap_err().problem().status, 400);
    }

    #[test]
    fn if_match_accepts_strong_and_weak_tags() {
        let req = TestRequest::default().insert_header((header::IF_MATCH, "\"4\"")).to_http_request();
        assert_eq!(if_match_version(&req).unwrap(), 4);
        let weak = TestRequest::default().insert_header((header::IF_MATCH, "W/\"7\"")).to_http_request();
        assert_eq!(if_match_version(&weak).unwrap(), 7);
        let missing = TestRequest::default().to_http_request();
        assert!(matches!(if_match_version(&missing), Err(ApiError::PreconditionRequired)));
        let star = TestRequest::default().insert_header((header::IF_MATCH, "*")).to_http_request();
        assert!(matches!(if_match_version(&star), Err(ApiError::BadRequest { .. })));
        for malformed in ["", "3", "\"\"", "\"-1\"", "\"1e3\"", "\"9999999999999999999\"", "W/3"] {
            let req = TestRequest::default().insert_header((header::IF_MATCH, malformed)).to_http_request();
            assert!(matches!(if_match_version(&req), Err(ApiError::BadRequest { .. })), "{malformed:?}");
        }
    }
}
