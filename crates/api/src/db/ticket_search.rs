//! Full-text search over tickets, one interface for both databases: PostgreSQL's text
//! search with the Dutch configuration (stems: "facturen" finds "factuur") and the
//! simple one (literal words: "E1042"), on the documents its triggers store per ticket
//! and per message (migration `search_documents`) with their GIN indexes; SQLite's FTS5
//! table (migration `search_tickets`; words and their prefixes). Matches the ticket's
//! title, description and error message and its messages' text; internal notes only for
//! the helpdesk. Ranked, title first.

use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{DbBackend, Value};

/// What to look for, and for whom.
#[derive(Debug, Clone)]
pub struct Search {
    pub text: String,
    /// The helpdesk: internal notes count.
    pub staff: bool,
}

// sea-query numbers `$n` placeholders for PostgreSQL only; SQLite's statements use `?`.
const PG_QUERY: &str = "(websearch_to_tsquery('dutch', $1) || websearch_to_tsquery('simple', $1))";

/// The FTS5 query for `text`: every word (or word start) must occur. `None` when the
/// text has no words.
fn fts5_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(16)
        .map(|word| format!("\"{word}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The tickets (the outer query's `tickets`) `search` finds, over the indexes: the text
/// in tickets and messages, and `number` (a whole ticket number, upper-case) through the
/// unique index on numbers. `None`: nothing can match.
///
/// On PostgreSQL the matches are collected once into an array (`= ANY(ARRAY(…))`, an
/// init plan) and the tickets fetched by primary key. As `IN (…)` the planner, which
/// cannot know how few rows a text query matches, estimated tens of thousands at a
/// million tickets, hashed every ticket in a sequential scan and compiled the plan
/// with JIT: 650 ms where the array took 165 ms (bench/tickets, EXPLAIN ANALYZE).
pub fn condition(backend: DbBackend, search: &Search, number: Option<&str>) -> Option<SimpleExpr> {
    let number = Value::from(number.map(str::to_owned));
    match backend {
        DbBackend::Postgres => Some(Expr::cust_with_values(
            format!(
                "tickets.id = ANY(ARRAY(SELECT ticket_id FROM ticket_search_documents WHERE document @@ {PG_QUERY} \
                 UNION SELECT ticket_id FROM ticket_message_documents WHERE document @@ {PG_QUERY} \
                 AND (internal = FALSE OR $2) UNION SELECT id FROM tickets WHERE number = $3))"
            ),
            [Value::from(search.text.clone()), Value::from(search.staff), number],
        )),
        _ => match fts5_query(&search.text) {
            Some(query) => Some(Expr::cust_with_values(
                "tickets.id IN (SELECT ticket_id FROM ticket_search WHERE ticket_search MATCH ? \
                 AND (internal = 0 OR ?) UNION SELECT id FROM tickets WHERE number = ?)",
                [Value::from(query), Value::from(search.staff), number],
            )),
            None => Some(Expr::cust_with_values("tickets.id IN (SELECT id FROM tickets WHERE number = ?)", [number])),
        },
    }
}

/// How well a ticket matches: its own document's rank or its best message's, from the
/// stored documents (nothing is parsed again to rank).
pub fn rank(backend: DbBackend, search: &Search) -> Option<SimpleExpr> {
    match backend {
        DbBackend::Postgres => Some(Expr::cust_with_values(
            format!(
                "GREATEST(COALESCE((SELECT ts_rank(document, {PG_QUERY}) FROM ticket_search_documents \
                 WHERE ticket_id = tickets.id), 0), COALESCE((SELECT max(ts_rank(document, {PG_QUERY})) \
                 FROM ticket_message_documents WHERE ticket_id = tickets.id AND document @@ {PG_QUERY} \
                 AND (internal = FALSE OR $2)), 0))"
            ),
            [Value::from(search.text.clone()), Value::from(search.staff)],
        )),
        _ => fts5_query(&search.text).map(|query| {
            // `rank` is bm25 with the title counting four times the body (set by the
            // migration); lower is better. The best row of the ticket counts.
            Expr::cust_with_values(
                "(SELECT -rank FROM ticket_search WHERE ticket_search MATCH ? AND ticket_id = tickets.id \
                 AND (internal = 0 OR ?) ORDER BY rank LIMIT 1)",
                [Value::from(query), Value::from(search.staff)],
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::fts5_query;

    #[test]
    fn user_text_becomes_quoted_word_prefixes() {
        assert_eq!(fts5_query("E1042: periode").as_deref(), Some("\"E1042\"* \"periode\"*"));
        assert_eq!(fts5_query("\"a\" OR b* NEAR(c)").as_deref(), Some("\"a\"* \"OR\"* \"b\"* \"NEAR\"* \"c\"*"));
        assert_eq!(fts5_query("!!! --"), None);
        assert_eq!(fts5_query("één café").as_deref(), Some("\"één\"* \"café\"*"));
    }
}
