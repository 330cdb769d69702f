-- The support desk's benchmark data set, generated inside PostgreSQL (issue 9: 1,000,000
-- tickets and 5,000,000 messages across 2,000 client organisations at full size).
--
--   psql "$db" -v orgs=2000 -v tickets=1000000 -v messages=5 -v hash="<SQL giving a password hash>" -f generate.sql
--
-- Run it on a database `loket seed-demo` just made (its vendor is reused; every generated
-- person gets the password hash `hash` evaluates to, e.g. a demo user's). The secondary indexes of the ticket
-- tables (the migrations' own definitions, read from pg_indexes) are dropped while the
-- rows go in and rebuilt afterwards, exactly as they were; the search documents are made
-- by the migrations' triggers, as in production. Text is Dutch helpdesk prose
-- with error codes, so the full-text search has words and codes to find; statuses,
-- priorities, types, ages and assignees are spread as a helpdesk's are.
\set ON_ERROR_STOP on
\timing on

BEGIN;
INSERT INTO organisations (id, kind, name, search_text, created_at, updated_at, version)
SELECT '00000000-0000-7000-8000-000000000001', 'vendor', 'Loket Software B.V.', 'loket software b.v.', now(), now(), 1
WHERE NOT EXISTS (SELECT 1 FROM organisations WHERE kind = 'vendor');

-- The helpdesk: 12 agents.
INSERT INTO users (id, organisation_id, email, name, language, role, is_contact_person, is_technical_contact,
                   status, password_hash, search_text, created_at, updated_at, version)
SELECT ('00000000-0000-7000-8001-' || lpad(to_hex(a), 12, '0'))::uuid, (SELECT id FROM organisations WHERE kind = 'vendor' LIMIT 1),
       'agent' || a || '@bench.example', 'Agent ' || a, 'nl', 'agent', false, false, 'active', :hash,
       'agent ' || a, now(), now(), 1
FROM generate_series(1, 12) AS a;

-- Clients, each with a superuser who is its contact person and two colleagues.
INSERT INTO organisations (id, kind, name, customer_number, search_text, created_at, updated_at, version)
SELECT ('00000000-0000-7000-8002-' || lpad(to_hex(o), 12, '0'))::uuid, 'client', 'Klant ' || o || ' B.V.',
       'BK-' || lpad(o::text, 6, '0'), lower('klant ' || o || ' b.v. bk-' || lpad(o::text, 6, '0')),
       now() - interval '6 years', now(), 1
FROM generate_series(1, :orgs) AS o;

INSERT INTO users (id, organisation_id, email, name, language, role, is_contact_person, is_technical_contact,
                   status, password_hash, search_text, created_at, updated_at, version)
SELECT ('00000000-0000-7000-8003-' || lpad(to_hex(o * 3 + u), 12, '0'))::uuid,
       ('00000000-0000-7000-8002-' || lpad(to_hex(o), 12, '0'))::uuid,
       'u' || u || '.klant' || o || '@bench.example', 'Gebruiker ' || u || ' van klant ' || o,
       CASE WHEN o % 7 = 0 THEN 'en' ELSE 'nl' END,
       CASE WHEN u = 0 THEN 'client_superuser' ELSE 'client_user' END, u = 0, false, 'active', :hash,
       'gebruiker ' || u || ' u' || u || '.klant' || o || '@bench.example', now(), now(), 1
FROM generate_series(1, :orgs) AS o, generate_series(0, 2) AS u;
COMMIT;

-- Drop the ticket tables' secondary indexes for the load; keep their definitions.
CREATE TEMP TABLE bench_indexes AS
SELECT indexname, indexdef FROM pg_indexes
WHERE tablename IN ('tickets', 'ticket_messages', 'ticket_status_periods', 'ticket_search_documents',
                    'ticket_message_documents')
  AND indexdef NOT LIKE '%UNIQUE%' AND indexname NOT LIKE '%pkey';
SELECT format('DROP INDEX %I', indexname) FROM bench_indexes \gexec

BEGIN;
-- Tickets over six years, numbered in 2020-2025 (beside the demo's own, within
-- T-YYYY-999999 per year), most of them
-- closed, the newest ones open in every status.
INSERT INTO tickets (id, number, organisation_id, requester_id, title, description, ticket_type, status, priority,
                     assignee_id, module, error_message, steps_before, reached_helpdesk_at, first_response_at,
                     closed_at, sla_sort, created_at, updated_at, version, attachment_bytes)
SELECT t.id, t.number, t.org, t.requester,
       (ARRAY['Factuurrun stopt bij klant', 'Export naar de boekhouding mislukt', 'Kassa start niet na update',
              'Btw-aangifte geeft verschil', 'Bankkoppeling haalt geen mutaties op', 'Rapport Omzet per artikel leeg',
              'Printen van pakbonnen hangt', 'Nieuwe gebruiker kan niet inloggen', 'Voorraad klopt niet na inventarisatie',
              'Incasso-batch wordt geweigerd', 'Offerte omzetten naar order lukt niet', 'Urenregistratie toont dubbele regels'])
             [1 + t.i % 12] || ' ' || (t.i % 9973),
       'Sinds vanochtend ' || (ARRAY['stopt', 'blokkeert', 'vertraagt', 'crasht'])[1 + t.i % 4]
         || ' de verwerking met foutcode E' || (1000 + t.i % 900) || '. Facturen van periode ' || (1 + t.i % 12)
         || ' blijven openstaan en de klant belt erover. Herstarten helpt niet.',
       (ARRAY['question', 'bug', 'change'])[1 + t.i % 3],
       t.status,
       (ARRAY['low', 'normal', 'normal', 'normal', 'high', 'urgent'])[1 + t.i % 6],
       CASE WHEN t.i % 5 = 0 THEN NULL ELSE ('00000000-0000-7000-8001-' || lpad(to_hex(1 + t.i % 12), 12, '0'))::uuid END,
       (ARRAY['Facturatie (MFACT)', 'Kassa (MKAS)', 'Financieel (MFIN)', 'Voorraad (MVRD)'])[1 + t.i % 4],
       'E' || (1000 + t.i % 900) || ': ' || (ARRAY['periode is afgesloten', 'geen verbinding', 'ongeldig rekeningnummer'])[1 + t.i % 3],
       'Periode ' || (1 + t.i % 12) || ' afgesloten',
       t.created, t.created + interval '2 hours',
       CASE WHEN t.status = 'closed' THEN t.created + interval '3 days' END,
       CASE WHEN t.status IN ('new', 'open') THEN to_char((t.created + interval '5 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') ELSE '~' END,
       t.created, t.created + interval '3 days', 1, 0
FROM (
  SELECT i,
         ('00000000-0000-7000-8004-' || lpad(to_hex(i), 12, '0'))::uuid AS id,
         'T-' || (2020 + i % 6) || '-' || lpad((i / 6 + 1)::text, 6, '0') AS number,
         ('00000000-0000-7000-8002-' || lpad(to_hex(1 + i % :orgs), 12, '0'))::uuid AS org,
         ('00000000-0000-7000-8003-' || lpad(to_hex((1 + i % :orgs) * 3 + i % 3), 12, '0'))::uuid AS requester,
         -- Spread over six years, newest for the highest i.
         now() - ((:tickets - i)::float8 / :tickets) * interval '6 years' - interval '1 hour' AS created,
         CASE WHEN i > :tickets - :tickets / 50
              THEN (ARRAY['new', 'open', 'open', 'waiting_on_customer', 'awaiting_approval'])[1 + i % 5]
              ELSE 'closed' END AS status
  FROM generate_series(1, :tickets) AS i
) AS t;

INSERT INTO number_counters (series, year, last_number)
SELECT 'T', 2020 + y, (:tickets / 6 + 1) FROM generate_series(0, 5) AS y
ON CONFLICT (series, year) DO UPDATE SET last_number = excluded.last_number;

INSERT INTO ticket_status_periods (id, ticket_id, status, started_at)
SELECT gen_random_uuid(), id, CASE WHEN status = 'awaiting_approval' THEN status ELSE 'new' END, created_at FROM tickets
WHERE id::text LIKE '00000000-0000-7000-8004-%';

-- Messages: the customer and the helpdesk in turn, every fifth an internal note.
INSERT INTO ticket_messages (id, ticket_id, author_id, author_name, from_staff, internal, body, created_at)
SELECT gen_random_uuid(), t.id,
       CASE WHEN m % 2 = 0 THEN t.requester_id ELSE t.assignee_id END,
       CASE WHEN m % 2 = 0 THEN 'Klant' ELSE 'Helpdesk' END,
       m % 2 = 1, m % 5 = 4,
       CASE WHEN m % 5 = 4 THEN 'Intern: reproduceerbaar op testomgeving, fix in release ' || (20 + m)
            WHEN m % 2 = 0 THEN 'Het probleem met ' || t.error_message || ' doet zich nog steeds voor bij de facturen.'
            ELSE 'Dank voor uw melding. Wilt u de logbestanden van de factuurrun sturen?' END,
       t.created_at + m * interval '3 hours'
FROM tickets AS t, generate_series(0, :messages - 1) AS m
WHERE t.id::text LIKE '00000000-0000-7000-8004-%';
COMMIT;

SELECT indexdef FROM bench_indexes \gexec
ANALYZE;
SELECT (SELECT count(*) FROM organisations WHERE kind = 'client') AS clients,
       (SELECT count(*) FROM tickets) AS tickets,
       (SELECT count(*) FROM ticket_messages) AS messages;
