-- Filing a ticket, the writes of the production path in one transaction: the number,
-- the ticket, its first status period, the audit entry and the confirmation e-mail in
-- the outbox (the search documents are written by the same triggers in both).
\set org random(1, :orgs)
BEGIN;
INSERT INTO number_counters (series, year, last_number) VALUES ('T', 2030, 1)
  ON CONFLICT (series, year) DO UPDATE SET last_number = number_counters.last_number + 1 RETURNING last_number AS seq \gset
WITH ticket AS (
  INSERT INTO tickets (id, number, organisation_id, requester_id, title, description, ticket_type, status, priority,
                       module, error_message, steps_before, reached_helpdesk_at, sla_sort, created_at, updated_at,
                       version, attachment_bytes)
  VALUES (gen_random_uuid(), 'T-2030-' || lpad(:seq::text, 7, '0'),
          ('00000000-0000-7000-8002-' || lpad(to_hex(:org), 12, '0'))::uuid,
          ('00000000-0000-7000-8003-' || lpad(to_hex(:org * 3), 12, '0'))::uuid,
          'Kassa start niet na update', 'Sinds vanochtend start de kassa niet meer. Herstarten helpt niet.',
          'question', 'new', 'normal', 'Kassa (MKAS)', 'E2001: geen verbinding met de bonprinter',
          'Update 26.4 geinstalleerd', now(), '2030-01-01T09:00:00Z', now(), now(), 1, 0)
  RETURNING id, organisation_id, requester_id
), period AS (
  INSERT INTO ticket_status_periods (id, ticket_id, status, started_at)
  SELECT gen_random_uuid(), id, 'new', now() FROM ticket
), audit AS (
  INSERT INTO audit_events (id, occurred_at, organisation_id, action, entity_type, entity_id, subject_type, subject_id,
                            actor_type, actor_user_id, actor_organisation_id, actor_name, changes, staff_only,
                            client_ip, request_id)
  SELECT gen_random_uuid(), now(), organisation_id, 'created', 'ticket', id, 'ticket', id, 'user', requester_id,
         organisation_id, 'Gebruiker 0',
         '[{"field":"title","old":null,"new":"Kassa start niet na update"},{"field":"status","old":null,"new":"new"}]',
         false, '127.0.0.1', 'bench'
  FROM ticket
)
INSERT INTO outbox_jobs (id, kind, status, payload, summary, organisation_id, attempts, max_attempts, run_at,
                         created_at, updated_at)
SELECT gen_random_uuid(), 'email', 'pending',
       '{"type":"email","to_name":"Gebruiker 0","to":"u0@bench.example","subject":"Melding ontvangen","text":"Beste gebruiker, we hebben uw melding ontvangen.","html":"<p>Beste gebruiker, we hebben uw melding ontvangen.</p>","language":"nl"}',
       'u0@bench.example', organisation_id, 0, 12, now(), now(), now()
FROM ticket;
COMMIT;
