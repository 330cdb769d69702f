//! Cursor pagination shared by every list endpoint, and the list orders each resource
//! declares for itself.

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

/// The column a list is ordered by. Every order ends with the id, so rows with equal
/// keys keep one fixed order across pages; ids are time-ordered (UUIDv7), so the id is
/// also the creation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// A text column, named by the resource (a name, a number).
    Text,
    /// Creation time, i.e. the id.
    Created,
}

/// A list order. Each resource that lets callers choose declares its orders as an enum
/// of its own (see [`list_sort!`]), so the spec names exactly what each list offers.
pub trait ListSort: Copy + Default + std::fmt::Debug {
    /// How the order is written in `sort=` and remembered in cursors.
    fn tag(self) -> &'static str;
    fn key(self) -> SortKey;
    fn ascending(self) -> bool;
}

/// Declares a resource's list orders: `list_sort!(Name { Variant = "tag", key, ascending, "doc" ... })`.
/// The first variant is the default.
#[macro_export]
macro_rules! list_sort {
    ($(#[$meta:meta])* $name:ident { $first:ident = $first_tag:tt, $first_key:ident, $first_asc:tt, $first_doc:tt $(, $variant:ident = $tag:tt, $key:ident, $asc:tt, $doc:tt)* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            #[doc = $first_doc]
            #[default]
            #[serde(rename = $first_tag)]
            $first,
            $(
                #[doc = $doc]
                #[serde(rename = $tag)]
                $variant,
            )*
        }

        impl $crate::pagination::ListSort for $name {
            fn tag(self) -> &'static str {
                match self {
                    Self::$first => $first_tag,
                    $(Self::$variant => $tag,)*
                }
            }

            fn key(self) -> $crate::pagination::SortKey {
                match self {
                    Self::$first => $crate::pagination::SortKey::$first_key,
                    $(Self::$variant => $crate::pagination::SortKey::$key,)*
                }
            }

            fn ascending(self) -> bool {
                match self {
                    Self::$first => $first_asc,
                    $(Self::$variant => $asc,)*
                }
            }
        }
    };
}

list_sort!(
    /// The fixed order of lists that read oldest first (webhook endpoints).
    OldestFirst { Created = "created_at", Created, true, "Oldest first." }
);

list_sort!(
    /// The fixed order of lists read by name (API keys).
    ByName { Name = "name", Text, true, "By name, A to Z." }
);

list_sort!(
    /// The fixed order of lists that read newest first (deliveries, outbox, audit log).
    NewestFirst { Created = "-created_at", Created, false, "Newest first." }
);

#[cfg(test)]
mod tests {
    use super::*;

    list_sort!(
        /// A test order.
        Example { Name = "name", Text, true, "A to Z.", NameDesc = "-name", Text, false, "Z to A." }
    );

    #[test]
    fn declared_orders_read_and_write_their_tags() {
        assert_eq!(Example::default(), Example::Name);
        assert_eq!(Example::NameDesc.tag(), "-name");
        assert!(!Example::NameDesc.ascending());
        assert_eq!(Example::Name.key(), SortKey::Text);
        let parsed: Example = serde_json::from_str("\"-name\"").unwrap();
        assert_eq!(parsed, Example::NameDesc);
        assert!(serde_json::from_str::<Example>("\"created_at\"").is_err());
    }
}
