//! Cursor pagination shared by every list endpoint.

use serde::{Deserialize, Serialize};

/// The default and the largest page size.
pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;

/// A page of results. Pass `next_cursor` as `cursor` to get the next page; it is absent
/// on the last page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// The order of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SortOrder {
    /// By name, A to Z.
    #[default]
    #[serde(rename = "name")]
    NameAsc,
    /// By name, Z to A.
    #[serde(rename = "-name")]
    NameDesc,
    /// Oldest first.
    #[serde(rename = "created_at")]
    CreatedAsc,
    /// Newest first.
    #[serde(rename = "-created_at")]
    CreatedDesc,
}
