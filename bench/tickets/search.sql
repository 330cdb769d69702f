-- The helpdesk's full-text search, ranked, first 50 (db::ticket_search with the words
-- of bench/tickets.sh: an error code and a Dutch word, as the issue asks): the matches
-- collected from the stored documents into an array, the tickets fetched by key, ranked
-- by their own document or their best message's. The API's conditions exactly: the
-- helpdesk's scope, and the open statuses a list shows by default.
SELECT * FROM tickets
WHERE status NOT IN ('awaiting_approval', 'declined')
  AND status IN ('awaiting_approval', 'new', 'open', 'waiting_on_customer')
  AND tickets.id = ANY(ARRAY(
         SELECT ticket_id FROM ticket_search_documents
         WHERE document @@ (websearch_to_tsquery('dutch', 'E1042 facturen') || websearch_to_tsquery('simple', 'E1042 facturen'))
         UNION
         SELECT ticket_id FROM ticket_message_documents
         WHERE document @@ (websearch_to_tsquery('dutch', 'E1042 facturen') || websearch_to_tsquery('simple', 'E1042 facturen'))
           AND (internal = FALSE OR TRUE)
         UNION
         SELECT id FROM tickets WHERE number = NULL))
ORDER BY GREATEST(
  COALESCE((SELECT ts_rank(document, websearch_to_tsquery('dutch', 'E1042 facturen') || websearch_to_tsquery('simple', 'E1042 facturen'))
            FROM ticket_search_documents WHERE ticket_id = tickets.id), 0),
  COALESCE((SELECT max(ts_rank(document, websearch_to_tsquery('dutch', 'E1042 facturen') || websearch_to_tsquery('simple', 'E1042 facturen')))
            FROM ticket_message_documents WHERE ticket_id = tickets.id
              AND document @@ (websearch_to_tsquery('dutch', 'E1042 facturen') || websearch_to_tsquery('simple', 'E1042 facturen'))
              AND (internal = FALSE OR TRUE)), 0)) DESC,
  id DESC
LIMIT 50;
