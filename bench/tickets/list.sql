-- The customer's ticket list, first page of 50 (open tickets, newest first), as the
-- repository builds it for a client superuser (db::tickets::list, TicketScope::Customer).
\set org random(1, :orgs)
SELECT * FROM tickets
WHERE organisation_id = ('00000000-0000-7000-8002-' || lpad(to_hex(:org), 12, '0'))::uuid
  AND status IN ('awaiting_approval', 'new', 'open', 'waiting_on_customer')
ORDER BY id DESC
LIMIT 51;
