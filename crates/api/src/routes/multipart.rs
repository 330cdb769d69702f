//! Reading `multipart/form-data` uploads the same way everywhere: a body that is not
//! multipart is 415 with what to send, and a text part is bounded and must be UTF-8.

use actix_web::http::StatusCode;
use futures_util::StreamExt;

use crate::error::ApiError;

/// The most a text part of an upload may hold.
const MAX_TEXT_PART: usize = 40_000;

/// The 415 for a body that could not be read as multipart; `expected` names the parts.
pub fn not_multipart(expected: &'static str) -> impl Fn(actix_multipart::MultipartError) -> ApiError {
    move |error| ApiError::BadRequest {
        status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
        code: loket_api_types::ErrorCode::UnsupportedMediaType,
        detail: format!("Send multipart/form-data: {expected} ({error})."),
    }
}

/// The text of the part `name`.
pub async fn text_part(field: actix_multipart::Field, name: &str) -> Result<String, ApiError> {
    let mut bytes = Vec::new();
    let mut field = field;
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|e| ApiError::bad_request(format!("The part `{name}` could not be read: {e}")))?;
        if bytes.len() + chunk.len() > MAX_TEXT_PART {
            return Err(ApiError::field(name, "too_long", "this part is too long"));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| ApiError::field(name, "invalid", "this part is not UTF-8 text"))
}

/// The file name a part was sent with (empty when none).
pub fn file_name(field: &actix_multipart::Field) -> String {
    field.content_disposition().and_then(|d| d.get_filename()).unwrap_or_default().to_owned()
}
