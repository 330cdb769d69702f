-- The helpdesk's full-text search, ranked, first 50 (db::ticket_search with the words
-- of bench/tickets.sh: an error code and a Dutch word, as the issue asks).
SELECT * FROM tickets
WHERE status NOT IN ('awaiting_approval', 'declined')
  AND tickets.id = ANY(ARRAY(
         SELECT id FROM tickets
         WHERE (setweight(to_tsvector('dutch', title), 'A') || setweight(to_tsvector('simple', title), 'A')
                || to_tsvector('dutch', description || ' ' || coalesce(error_message, ''))
                || to_tsvector('simple', description || ' ' || coalesce(error_message, '')))
               @@ (websearch_to_tsquery('dutch', 'E1042 facturen') || websearch_to_tsquery('simple', 'E1042 facturen'))
         UNION
         SELECT ticket_id FROM ticket_messages
         WHERE (to_tsvector('dutch', body) || to_tsvector('simple', body))
               @@ (websearch_to_tsquery('dutch', 'E1042 facturen') || websearch_to_tsquery('simple', 'E1042 facturen'))
         UNION
         SELECT id FROM tickets WHERE number = NULL))
ORDER BY GREATEST(
  ts_rank(setweight(to_tsvector('dutch', title), 'A') || setweight(to_tsvector('simple', title), 'A')
          || to_tsvector('dutch', description || ' ' || coalesce(error_message, ''))
          || to_tsvector('simple', description || ' ' || coalesce(error_message, '')),
          websearch_to_tsquery('dutch', 'E1042 facturen') || websearch_to_tsquery('simple', 'E1042 facturen')),
  COALESCE((SELECT max(ts_rank(to_tsvector('dutch', body) || to_tsvector('simple', body),
                               websearch_to_tsquery('dutch', 'E1042 facturen') || websearch_to_tsquery('simple', 'E1042 facturen')))
            FROM ticket_messages WHERE ticket_id = tickets.id
              AND (to_tsvector('dutch', body) || to_tsvector('simple', body))
                  @@ (websearch_to_tsquery('dutch', 'E1042 facturen') || websearch_to_tsquery('simple', 'E1042 facturen'))), 0)) DESC,
  id DESC
LIMIT 50;
