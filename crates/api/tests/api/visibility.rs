//! The repository's SQL tenant filter agrees with the domain's visibility rule, on random
//! organisation trees, on both databases.

use chrono::Utc;
use loket_api::db;
use loket_api::db::organisations::NewOrganisation;
use loket_domain::OrganisationKind;
use loket_domain::policy::{OrganisationFacts, Visibility};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use sea_orm::{EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::helpers::{Backend, spawn_app};
use crate::on_both_databases;

on_both_databases!(sql_visibility_matches_the_domain_rule);

#[derive(Debug, Clone)]
struct Tree {
    /// For each client: (index of its partner or none, index of the branch within that partner or none).
    clients: Vec<(Option<usize>, Option<usize>)>,
}

fn tree() -> impl Strategy<Value = Tree> {
    proptest::collection::vec((proptest::option::of(0usize..3), proptest::option::of(0usize..2)), 1..12)
        .prop_map(|clients| Tree { clients })
}

async fn sql_visibility_matches_the_domain_rule(backend: Backend) {
    let app = spawn_app(backend).await;
    let conn = &app.state.db;
    let now = Utc::now();
    let mut runner = TestRunner::new(Config { cases: 12, ..Config::default() });
    let trees: Vec<Tree> = (0..12).map(|_| tree().new_tree(&mut runner).unwrap().current()).collect();

    for tree in trees {
        let mut partners = Vec::new();
        let mut branches = Vec::new();
        for p in 0..3 {
            let id = Uuid::now_v7();
            db::organisations::insert(
                conn,
                NewOrganisation {
                    id,
                    kind: OrganisationKind::Partner,
                    name: format!("P{p}-{id}"),
                    partner_kind: Some("bank".into()),
                    coc_number: None,
                    vat_number: None,
                    managing_partner_id: None,
                    branch_id: None,
                    profile: Default::default(),
                },
                now,
            )
            .await
            .unwrap();
            let b0 = db::branches::insert(conn, id, format!("B0-{id}"), now).await.unwrap().id;
            let b1 = db::branches::insert(conn, id, format!("B1-{id}"), now).await.unwrap().id;
            partners.push(id);
            branches.push([b0, b1]);
        }
        let mut all = Vec::new();
        for (n, (partner, branch)) in tree.clients.iter().enumerate() {
            let id = Uuid::now_v7();
            let managing = partner.map(|p| partners[p]);
            let branch_id = match (partner, branch) {
                (Some(p), Some(b)) => Some(branches[*p][*b]),
                _ => None,
            };
            db::organisations::insert(
                conn,
                NewOrganisation {
                    id,
                    kind: OrganisationKind::Client,
                    name: format!("C{n}-{id}"),
                    partner_kind: None,
                    coc_number: None,
                    vat_number: None,
                    managing_partner_id: managing,
                    branch_id,
                    profile: Default::default(),
                },
                now,
            )
            .await
            .unwrap();
            all.push(OrganisationFacts {
                id,
                kind: OrganisationKind::Client,
                managing_partner_id: managing,
                branch_id,
            });
        }
        for p in &partners {
            all.push(OrganisationFacts {
                id: *p,
                kind: OrganisationKind::Partner,
                managing_partner_id: None,
                branch_id: None,
            });
        }
        let mut visibilities = vec![Visibility::Everything, Visibility::Own(all[0].id)];
        for (p, id) in partners.iter().enumerate() {
            visibilities.push(Visibility::Partner { own: *id, branches: vec![] });
            visibilities.push(Visibility::Partner { own: *id, branches: vec![branches[p][0]] });
            visibilities.push(Visibility::Partner { own: *id, branches: branches[p].to_vec() });
        }
        let ids: Vec<Uuid> = all.iter().map(|o| o.id).collect();
        for visibility in &visibilities {
            let rows = db::entities::organisations::Entity::find()
                .filter(db::organisations::visibility_condition(visibility))
                .filter(sea_orm::ColumnTrait::is_in(&db::entities::organisations::Column::Id, ids.clone()))
                .all(conn)
                .await
                .unwrap();
            let mut from_sql: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
            let mut from_domain: Vec<Uuid> = all.iter().filter(|o| visibility.includes(o)).map(|o| o.id).collect();
            from_sql.sort();
            from_domain.sort();
            assert_eq!(from_sql, from_domain, "{visibility:?} on {tree:?}");
        }
    }
}
