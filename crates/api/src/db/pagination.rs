//! Keyset (cursor) pagination. A cursor names the last row of a page (its id, and its
//! sort key when that is short); the next page starts strictly after it in (key, id)
//! order, so rows are never skipped or repeated when others are inserted meanwhile, and
//! rows with equal keys are ordered by id.
//!
//! Cursors are opaque and bounded: a long sort key is not copied into the cursor but
//! looked up by id when the next page is asked for, so a cursor stays under
//! [`MAX_CURSOR_CHARS`] whatever the data.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use loket_api_types::pagination::{DEFAULT_LIMIT, ListSort, MAX_LIMIT, SortKey};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect, Select,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::ApiError;

/// Sort keys up to this many bytes travel in the cursor; longer ones are looked up.
const INLINE_KEY_BYTES: usize = 48;

/// The longest cursor this module makes (base64 of the JSON below).
pub const MAX_CURSOR_CHARS: usize = 160;

/// What `DbErr::RecordNotFound` says when the row a cursor names is gone; `error.rs`
/// answers 400 "start again".
pub const CURSOR_ROW_GONE: &str = "the row the page cursor names no longer exists";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Cursor {
    /// The sort order the cursor was made for.
    s: String,
    /// The text key of the last row (for text orders), when it is short.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    n: Option<String>,
    /// The id of the last row.
    i: Uuid,
}

/// A validated page request in one of a resource's orders `S`.
#[derive(Debug, Clone)]
pub struct PageRequest<S: ListSort> {
    pub sort: S,
    after: Option<Cursor>,
    pub limit: u64,
}

impl<S: ListSort> PageRequest<S> {
    pub fn new(sort: Option<S>, cursor: Option<&str>, limit: Option<u32>) -> Result<Self, ApiError> {
        let sort = sort.unwrap_or_default();
        let limit = u64::from(limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT));
        let after = match cursor.filter(|c| !c.is_empty()) {
            None => None,
            Some(raw) => {
                let invalid = || ApiError::bad_request("The cursor is not valid; start again from the first page.");
                let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| invalid())?;
                let cursor: Cursor = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
                if cursor.s != sort.tag() {
                    return Err(ApiError::bad_request("The cursor belongs to another sort order."));
                }
                Some(cursor)
            }
        };
        Ok(Self { sort, after, limit })
    }

    fn by_text(&self) -> bool {
        self.sort.key() == SortKey::Text
    }

    /// Runs `select` for this page: the keyset condition, the order and the limit (one
    /// extra row, to know whether there is a next page). `name` is the column of the
    /// resource's text orders. Pass the rows to [`Self::finish`].
    pub async fn fetch<E: EntityTrait>(
        &self,
        db: &impl ConnectionTrait,
        select: Select<E>,
        name: E::Column,
        id: E::Column,
    ) -> Result<Vec<E::Model>, DbErr> {
        let mut page = self.clone();
        if let Some(after) = page.after.as_mut()
            && after.n.is_none()
            && self.by_text()
        {
            // The key was too long for the cursor: read it from the row. Its value only
            // positions the page; what the page shows is still filtered by `select`.
            let key: Option<String> =
                E::find().filter(id.eq(after.i)).select_only().column(name).into_tuple().one(db).await?;
            after.n = Some(key.ok_or_else(|| DbErr::RecordNotFound(CURSOR_ROW_GONE.to_owned()))?);
        }
        page.apply(select, name, id).all(db).await
    }

    fn apply<E: EntityTrait>(&self, select: Select<E>, name: E::Column, id: E::Column) -> Select<E> {
        let (by_name, ascending) = (self.by_text(), self.sort.ascending());
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
            let inline = self.by_text() && name.len() <= INLINE_KEY_BYTES;
            let cursor = Cursor { s: self.sort.tag().to_owned(), n: inline.then_some(name), i: id };
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&cursor).unwrap_or_default())
        });
        (rows, next)
    }
}

#[cfg(test)]
mod tests {
    use loket_api_types::organisations::OrganisationSort;
    use loket_api_types::pagination::NewestFirst;

    use super::*;

    #[test]
    fn limits_are_bounded() {
        assert_eq!(PageRequest::<NewestFirst>::new(None, None, None).unwrap().limit, 50);
        assert_eq!(PageRequest::<NewestFirst>::new(None, None, Some(100_000)).unwrap().limit, 200);
        assert_eq!(PageRequest::<NewestFirst>::new(None, None, Some(0)).unwrap().limit, 1);
    }

    #[test]
    fn cursors_round_trip_and_are_tied_to_their_order() {
        let page = PageRequest::new(Some(OrganisationSort::Name), None, Some(2)).unwrap();
        let rows = vec![("a", 1u128), ("b", 2), ("c", 3)];
        let (rows, next) = page.finish(rows, |(n, i)| ((*n).to_owned(), Uuid::from_u128(*i)));
        assert_eq!(rows.len(), 2);
        let next = next.unwrap();
        let again = PageRequest::new(Some(OrganisationSort::Name), Some(&next), Some(2)).unwrap();
        assert_eq!(again.after.unwrap().n.as_deref(), Some("b"));
        assert!(PageRequest::new(Some(OrganisationSort::CreatedDesc), Some(&next), None).is_err());
        assert!(PageRequest::<OrganisationSort>::new(None, Some("%%%"), None).is_err());
        assert!(PageRequest::<OrganisationSort>::new(None, Some("bm9wZQ"), None).is_err());
    }

    #[test]
    fn cursors_are_bounded_whatever_the_key() {
        for name in ["a".to_owned(), "é".repeat(24), "漢".repeat(200), "x".repeat(10_000)] {
            for sort in [
                OrganisationSort::Name,
                OrganisationSort::NameDesc,
                OrganisationSort::Created,
                OrganisationSort::CreatedDesc,
            ] {
                let page = PageRequest::new(Some(sort), None, Some(1)).unwrap();
                let rows = vec![(name.clone(), 1u128), (name.clone(), 2)];
                let (_, next) = page.finish(rows, |(n, i)| (n.clone(), Uuid::from_u128(*i)));
                let next = next.unwrap();
                assert!(next.len() <= MAX_CURSOR_CHARS, "{} chars for a {}-byte key", next.len(), name.len());
                let again = PageRequest::new(Some(sort), Some(&next), Some(1)).unwrap().after.unwrap();
                assert_eq!(again.i, Uuid::from_u128(1));
                let by_name = sort.key() == SortKey::Text;
                assert_eq!(again.n.is_some(), by_name && name.len() <= INLINE_KEY_BYTES);
            }
        }
    }

    #[test]
    fn the_last_page_has_no_cursor() {
        let page = PageRequest::<NewestFirst>::new(None, None, Some(5)).unwrap();
        let (rows, next) = page.finish(vec![1, 2, 3], |n| (String::new(), Uuid::from_u128(*n)));
        assert_eq!(rows, vec![1, 2, 3]);
        assert_eq!(next, None);
    }
}
