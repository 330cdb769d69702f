//! The database refuses a stored name the code does not know (a role, a kind, a status),
//! so nothing can be read back as some default.

use sea_orm::ConnectionTrait;

use crate::helpers::{Backend, spawn_app};
use crate::on_both_databases;

on_both_databases!(unknown_names_are_refused_by_the_database);

async fn unknown_names_are_refused_by_the_database(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.seed_demo().await;
    // Rows in every table checked: an invitation (a token, a mail).
    let bank = app.organisation_id(&admin, "Noordbank N.V.").await;
    app.create_user(&admin, &bank, "nieuw@noordbank.example", "partner_user").await;
    // The invitation's link (and its token) is made when the mail is delivered.
    app.drain_outbox().await;
    let db = &app.state.db;
    for table in ["account_tokens", "outbox_jobs"] {
        let count = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        assert!(count > 0, "{table} is empty, so the check below would prove nothing");
    }
    let refused = [
        "UPDATE users SET role = 'superadmin' WHERE email = 'relatie@noordbank.example'",
        "UPDATE users SET status = 'suspended' WHERE email = 'relatie@noordbank.example'",
        "UPDATE users SET language = 'de' WHERE email = 'relatie@noordbank.example'",
        "UPDATE organisations SET kind = 'galaxy' WHERE name = 'Noordbank N.V.'",
        "UPDATE organisations SET partner_kind = 'casino' WHERE name = 'Noordbank N.V.'",
        "UPDATE outbox_jobs SET status = 'lost'",
        "UPDATE outbox_jobs SET kind = 'pigeon'",
        "UPDATE account_tokens SET purpose = 'master_key'",
    ];
    for statement in refused {
        let result = db.execute_unprepared(statement).await;
        assert!(result.is_err(), "accepted: {statement}");
    }
    // Known names, and no partner kind where none applies, still go through.
    for statement in [
        "UPDATE users SET role = 'partner_admin' WHERE email = 'relatie@noordbank.example'",
        "UPDATE organisations SET partner_kind = NULL WHERE kind = 'client'",
        "UPDATE outbox_jobs SET status = status",
    ] {
        db.execute_unprepared(statement).await.unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    // Nothing refused above changed anything.
    let me = app.bearer("relatie@noordbank.example", crate::helpers::DEMO_PASSWORD).await;
    let reply = app.get("/api/v1/me", &me).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["language"], "nl");
}
