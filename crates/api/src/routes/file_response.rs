//! Files sent as downloads, the same way everywhere: `Content-Disposition: attachment`
//! with the name in ASCII and in UTF-8 (RFC 6266), never cached, never rendered as a
//! page. The caller adds what is particular and the body (`SizedStream`, so the length
//! is known up front).

use actix_web::http::header::{
    self, Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue, HeaderValue,
};
use actix_web::{HttpResponse, HttpResponseBuilder};

use crate::error::ApiError;

/// The start of a download named `name`, of type `media_type`.
pub fn attachment(name: &str, media_type: &str) -> Result<HttpResponseBuilder, ApiError> {
    let ascii: String = name.chars().map(|c| if c.is_ascii() { c } else { '_' }).collect();
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".to_owned()),
                language_tag: None,
                value: name.as_bytes().to_vec(),
            }),
        ],
    };
    let mut response = HttpResponse::Ok();
    response
        .insert_header(disposition)
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_str(media_type).map_err(ApiError::internal)?))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")))
        .insert_header((header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox")))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")));
    Ok(response)
}

/// Generic bytes, for clients that ask for them.
pub const OCTET_STREAM: &str = "application/octet-stream";

/// The type to send bytes of `media_type` as: `application/octet-stream` when the
/// request's `Accept` names it and not `media_type` (a generic client that handles any
/// download as bytes), otherwise `media_type` itself.
pub fn negotiated<'a>(request: &actix_web::HttpRequest, media_type: &'a str) -> &'a str {
    let accept = request.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let names = |wanted: &str| {
        accept.split(',').any(|item| item.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case(wanted)))
    };
    if names(OCTET_STREAM) && !names(media_type) { OCTET_STREAM } else { media_type }
}
