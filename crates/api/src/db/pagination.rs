//! Keyset (cursor) pagination. A cursor encodes the sort key and id of the last row of a
//! page; the next page starts strictly after it, so rows are never skipped or repeated
//! when others are inserted meanwhile.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use loket_api_types::pagination::{DEFAULT_LIMIT, MAX_LIMIT, SortOrder};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect, Select};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::ApiError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Cursor {
    /// The sort order the cursor was made for.
    s: String,
    /// The name of the last row (for name orders).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    n: Option<String>,
    /// The id of the last row.
    i: Uuid,
}

/// A validated page request.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub sort: SortOrder,
    after: Option<Cursor>,
    pub limit: u64,
}

fn sort_tag(sort: SortOrder) -> &'static str {
    match sort {
        SortOrder::NameAsc => "name",
        SortOrder::NameDesc => "-name",
        SortOrder::CreatedAsc => "created_at",
        SortOrder::CreatedDesc => "-created_at",
    }
}

impl PageRequest {
    pub fn new(sort: Option<SortOrder>, cursor: Option<&str>, limit: Option<u32>) -> Result<Self, ApiError> {
        let sort = sort.unwrap_or_default();
        let limit = u64::from(limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT));
        let after = match cursor.filter(|c| !c.is_empty()) {
            None => None,
            Some(raw) => {
                let invalid = || ApiError::bad_request("The cursor is not valid; start again from the first page.");
                let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| invalid())?;
                let cursor: Cursor = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
                if cursor.s != sort_tag(sort) {
                    return Err(ApiError::bad_request("The cursor belongs to another sort order."));
                }
                Some(cursor)
            }
        };
        Ok(Self { sort, after, limit })
    }

    /// Adds the keyset condition, the order and the limit (one extra row, to know whether
    /// there is a next page) to `select`.
    pub fn apply<E: EntityTrait>(&self, select: Select<E>, name: E::Column, id: E::Column) -> Select<E> {
        let (by_name, ascending) = match self.sort {
            SortOrder::NameAsc => (true, true),
            SortOrder::NameDesc => (true, false),
            SortOrder::CreatedAsc => (false, true),
            SortOrder::CreatedDesc => (false, false),
        };
        let order = if ascending { Order::Asc } else { Order::Desc };
        let mut select = select;
        if let Some(after) = &self.after {
            let past_id = if ascending { id.gt(after.i) } else { id.lt(after.i) };
            let condition = match (by_name, &after.n) {
                (true, Some(last_name)) => {
                    let past_name = if ascending {
                        Expr::col(name).gt(last_name.clone())
                    } else {
                        Expr::col(name).lt(last_name.clone())
                    };
                    Condition::any().add(past_name).add(Condition::all().add(name.eq(last_name.clone())).add(past_id))
                }
                _ => Condition::all().add(past_id),
            };
            select = select.filter(condition);
        }
        if by_name {
            select = select.order_by(name, order.clone());
        }
        select.order_by(id, order).limit(self.limit + 1)
    }

    /// Trims the extra row and makes the cursor for the next page.
    pub fn finish<M>(&self, mut rows: Vec<M>, key: impl Fn(&M) -> (String, Uuid)) -> (Vec<M>, Option<String>) {
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        if rows.len() <= limit {
            return (rows, None);
        }
        rows.truncate(limit);
        let next = rows.last().map(|last| {
            let (name, id) = key(last);
            let by_name = matches!(self.sort, SortOrder::NameAsc | SortOrder::NameDesc);
            let cursor = Cursor { s: sort_tag(self.sort).to_owned(), n: by_name.then_some(name), i: id };
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&cursor).unwrap_or_default())
        });
        (rows, next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_bounded() {
        assert_eq!(PageRequest::new(None, None, None).unwrap().limit, 50);
        assert_eq!(PageRequest::new(None, None, Some(100_000)).unwrap().limit, 200);
        assert_eq!(PageRequest::new(None, None, Some(0)).unwrap().limit, 1);
    }

    #[test]
    fn cursors_round_trip_and_are_tied_to_their_order() {
        let page = PageRequest::new(Some(SortOrder::NameAsc), None, Some(2)).unwrap();
        let rows = vec![("a", 1u128), ("b", 2), ("c", 3)];
        let (rows, next) = page.finish(rows, |(n, i)| ((*n).to_owned(), Uuid::from_u128(*i)));
        assert_eq!(rows.len(), 2);
        let next = next.unwrap();
        let again = PageRequest::new(Some(SortOrder::NameAsc), Some(&next), Some(2)).unwrap();
        assert_eq!(again.after.unwrap().n.as_deref(), Some("b"));
        assert!(PageRequest::new(Some(SortOrder::CreatedDesc), Some(&next), None).is_err());
        assert!(PageRequest::new(None, Some("%%%"), None).is_err());
        assert!(PageRequest::new(None, Some("bm9wZQ"), None).is_err());
    }

    #[test]
    fn the_last_page_has_no_cursor() {
        let page = PageRequest::new(None, None, Some(5)).unwrap();
        let (rows, next) = page.finish(vec![1, 2, 3], |n| (String::new(), Uuid::from_u128(*n)));
        assert_eq!(rows, vec![1, 2, 3]);
        assert_eq!(next, None);
    }
}
