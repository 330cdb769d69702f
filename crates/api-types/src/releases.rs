//! The vendor's products and their releases: the installers the installation
//! instructions link to.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// A product the vendor ships, with its current release.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Product {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z][a-z0-9-]{1,39}$", example = "collector"))]
    pub key: String,
    pub name: String,
    /// The highest version released on or before today and not withdrawn.
    pub current_release: Option<Release>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductList {
    pub items: Vec<Product>,
}

/// A new product (vendor administrators).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateProduct {
    #[validate(length(min = 2, max = 40, message = "a key has 2 to 40 characters"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 2, max_length = 40, pattern = "^[a-z][a-z0-9-]{1,39}$", example = "collector")
    )]
    pub key: String,
    #[validate(length(min = 1, max = 120, message = "a name has 1 to 120 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120, example = "Loket Collector"))]
    pub name: String,
}

impl crate::text::TextFields for CreateProduct {}

/// A release of a product and its installer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Release {
    pub id: Uuid,
    pub product_id: Uuid,
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})$", example = "4.2.0")
    )]
    pub version: String,
    pub released_on: NaiveDate,
    pub notes: String,
    /// The installer's name as it is downloaded.
    pub file_name: String,
    pub size_bytes: i64,
    /// SHA-256 of the installer, lower-case hex: the software and its users check it.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-f]{64}$"))]
    pub sha256: String,
    /// Withdrawn releases are never current and never sent again.
    pub withdrawn: bool,
    /// How often the installer was downloaded through instructions' links.
    pub downloads: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReleaseList {
    /// Highest version first.
    pub items: Vec<Release>,
}

/// The `multipart/form-data` body of a new release: the text parts first, the installer
/// last.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadRelease {
    /// `MAJOR.MINOR.PATCH`, unique per product.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})$", example = "4.2.0")
    )]
    pub version: String,
    /// The day it is released (it becomes current then); today when left out.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub released_on: Option<NaiveDate>,
    /// What changed, for the release notes.
    #[cfg_attr(feature = "openapi", schema(max_length = 10000))]
    pub notes: Option<String>,
    /// The installer. The part's `filename` is the name it is downloaded as.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Binary))]
    pub file: Vec<u8>,
}

/// Send the installation instructions of a case (the helpdesk): the release's signed
/// download link and a one-time installation token go to the technical contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SendInstructions {
    /// A released, not withdrawn release (normally a product's current one).
    pub release_id: Uuid,
}

impl crate::text::TextFields for SendInstructions {}

/// Where a case's instructions stand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstructionsStatus {
    /// The release the latest instructions link to.
    pub release: Release,
    pub sent_at: DateTime<Utc>,
    /// Until when the latest download link works.
    pub link_expires_at: DateTime<Utc>,
    /// How often the latest link was used.
    pub downloads: i64,
    pub last_download_at: Option<DateTime<Utc>>,
}

/// The signature of a download link, as the instructions carry it.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct DownloadQuery {
    /// Until when the link works, in seconds since 1970 (UTC).
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    #[validate(range(min = 0))]
    pub expires: i64,
    /// HMAC-SHA256 of the link, lower-case hex.
    #[cfg_attr(feature = "openapi", param(pattern = "^[0-9a-f]{64}$", min_length = 64, max_length = 64))]
    #[validate(length(equal = 64))]
    pub signature: String,
}
