//! The database refuses a stored name the code does not know (a role, a kind, a status),
//! so nothing can be read back as some default.

use sea_orm::ConnectionTrait;

use crate::fixtures::Fixture;
use crate::helpers::{Backend, spawn_app};
use crate::on_both_databases;

on_both_databases!(unknown_names_are_refused_by_the_database);

async fn unknown_names_are_refused_by_the_database(backend: Backend) {
    let app = spawn_app(backend).await;
    let fx = Fixture::new(&app).await;
    let bank = fx.partner(&app, "Bank N.V.", "bank").await;
    let person = fx.person(&app, &bank, "partner_user", &[]).await;
    // Someone still invited: the invitation's link (and its token) is made when the mail
    // is delivered.
    app.create_user(&fx.admin.auth, &bank.id, "uitgenodigd@bank.example", "partner_user").await;
    app.drain_outbox().await;
    let db = &app.state.db;
    for table in ["account_tokens", "outbox_jobs"] {
        let statement =
            sea_orm::Statement::from_string(db.get_database_backend(), format!("SELECT COUNT(*) AS n FROM {table}"));
        let count = db.query_one_raw(statement).await.unwrap().unwrap().try_get::<i64>("", "n").unwrap();
        assert!(count > 0, "{table} is empty, so the check below would prove nothing");
    }
    let user = format!("email = '{}'", person.email);
    let organisation = "name = 'Bank N.V.'";
    let refused = [
        format!("UPDATE users SET role = 'superadmin' WHERE {user}"),
        format!("UPDATE users SET status = 'suspended' WHERE {user}"),
        format!("UPDATE users SET language = 'de' WHERE {user}"),
        format!("UPDATE organisations SET kind = 'galaxy' WHERE {organisation}"),
        format!("UPDATE organisations SET partner_kind = 'casino' WHERE {organisation}"),
        "UPDATE outbox_jobs SET status = 'lost'".to_owned(),
        "UPDATE outbox_jobs SET kind = 'pigeon'".to_owned(),
        "UPDATE account_tokens SET purpose = 'master_key'".to_owned(),
    ];
    for statement in &refused {
        let result = db.execute_unprepared(statement).await;
        assert!(result.is_err(), "accepted: {statement}");
    }
    // Known names, and no partner kind where none applies, still go through.
    for statement in [
        format!("UPDATE users SET role = 'partner_admin' WHERE {user}"),
        "UPDATE organisations SET partner_kind = NULL WHERE kind = 'client'".to_owned(),
        "UPDATE outbox_jobs SET status = status".to_owned(),
    ] {
        db.execute_unprepared(&statement).await.unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    // Nothing refused above changed anything.
    let me = app.get("/api/v1/me", &person.auth).await;
    assert_eq!(me.status, 200, "{}", me.text);
    assert_eq!(me.body["language"], "nl");
    assert_eq!(me.body["role"], "partner_admin");
}
