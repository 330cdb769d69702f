//! The matrix's cells for partner intake: install requests (filed fresh per cell by the
//! partner whose request the cell addresses), accounting packages and partner fields.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::rules::{Ep, Kind, Tenant, Who};
use crate::fixtures::{Fixture, Org};
use crate::helpers::{Auth, TestApp};

/// The intake endpoints.
pub const INTAKE: [Ep; 26] = [
    Ep::ListInstallRequests,
    Ep::CreateInstallRequest,
    Ep::GetInstallRequest,
    Ep::GetInstallRequestTimeline,
    Ep::ListInstallRequestRevisions,
    Ep::AcceptInstallRequest,
    Ep::ReturnInstallRequest,
    Ep::RejectInstallRequest,
    Ep::ResubmitInstallRequest,
    Ep::ListAccountingPackages,
    Ep::CreateAccountingPackage,
    Ep::UpdateAccountingPackage,
    Ep::GetPartnerFields,
    Ep::ReplacePartnerFields,
    Ep::GetQuestionnaire,
    Ep::ReplaceQuestionnaire,
    Ep::GetCaseQuestionnaire,
    Ep::SaveCaseQuestionnaire,
    Ep::SubmitCaseQuestionnaire,
    Ep::InviteQuestionnairePeople,
    Ep::ListContracts,
    Ep::CreateContract,
    Ep::UpdateContract,
    Ep::ListStalledInstallRequests,
    Ep::CreateInstallFollowUp,
    Ep::GetInstallFunnel,
];

/// The matrix rows of the intake endpoints (see `rules::ROWS`).
pub const ROWS: &[(Ep, &str, &str)] = &[
    (Ep::ListInstallRequests, "GET", "/api/v1/install-requests"),
    (Ep::CreateInstallRequest, "POST", "/api/v1/install-requests"),
    (Ep::GetInstallRequest, "GET", "/api/v1/install-requests/{id}"),
    (Ep::GetInstallRequestTimeline, "GET", "/api/v1/install-requests/{id}/timeline"),
    (Ep::ListInstallRequestRevisions, "GET", "/api/v1/install-requests/{id}/revisions"),
    (Ep::AcceptInstallRequest, "POST", "/api/v1/install-requests/{id}/accept"),
    (Ep::ReturnInstallRequest, "POST", "/api/v1/install-requests/{id}/return"),
    (Ep::RejectInstallRequest, "POST", "/api/v1/install-requests/{id}/reject"),
    (Ep::ResubmitInstallRequest, "POST", "/api/v1/install-requests/{id}/resubmit"),
    (Ep::ListAccountingPackages, "GET", "/api/v1/accounting-packages"),
    (Ep::CreateAccountingPackage, "POST", "/api/v1/accounting-packages"),
    (Ep::UpdateAccountingPackage, "PATCH", "/api/v1/accounting-packages/{id}"),
    (Ep::GetQuestionnaire, "GET", "/api/v1/questionnaire"),
    (Ep::ReplaceQuestionnaire, "PUT", "/api/v1/questionnaire"),
    (Ep::GetCaseQuestionnaire, "GET", "/api/v1/install-requests/{id}/questionnaire"),
    (Ep::SaveCaseQuestionnaire, "PUT", "/api/v1/install-requests/{id}/questionnaire"),
    (Ep::SubmitCaseQuestionnaire, "POST", "/api/v1/install-requests/{id}/questionnaire/submit"),
    (Ep::InviteQuestionnairePeople, "POST", "/api/v1/install-requests/{id}/questionnaire/invitations"),
    (Ep::ListContracts, "GET", "/api/v1/install-requests/{id}/contracts"),
    (Ep::CreateContract, "POST", "/api/v1/install-requests/{id}/contracts"),
    (Ep::UpdateContract, "PATCH", "/api/v1/install-requests/{id}/contracts/{contract_id}"),
    (Ep::ListStalledInstallRequests, "GET", "/api/v1/stalled-install-requests"),
    (Ep::CreateInstallFollowUp, "POST", "/api/v1/install-requests/{id}/follow-ups"),
    (Ep::GetInstallFunnel, "GET", "/api/v1/install-funnel"),
    (Ep::GetPartnerFields, "GET", "/api/v1/organisations/{id}/partner-fields"),
    (Ep::ReplacePartnerFields, "PUT", "/api/v1/organisations/{id}/partner-fields"),
];

/// Partner people who file the requests the cells address: the bank's user, the
/// accountancy's administrator (no branch) and its users in Utrecht and Gent.
pub struct Filers(HashMap<&'static str, Auth>);

impl Filers {
    pub async fn new(app: &TestApp, fx: &Fixture, bank: &Org, accountancy: &Org, utrecht: &str, gent: &str) -> Self {
        Self(HashMap::from([
            ("bank", fx.person(app, bank, "partner_user", &[]).await.auth),
            ("accountancy", fx.person(app, accountancy, "partner_admin", &[]).await.auth),
            ("utrecht", fx.person(app, accountancy, "partner_user", &[utrecht]).await.auth),
            ("gent", fx.person(app, accountancy, "partner_user", &[gent]).await.auth),
        ]))
    }
}

/// Whose request a cell addresses: the caller's own partner's (its branch's for the Gent
/// user), another partner's, or another branch's.
fn filer(who: Who, tenant: Tenant) -> &'static str {
    match (who, tenant) {
        (Who::BranchUser, Tenant::Own) => "gent",
        (Who::BranchUser, Tenant::Other) => "bank",
        (_, Tenant::Own) => "bank",
        (_, Tenant::Other) => "accountancy",
        (_, Tenant::OtherClient) => "utrecht",
    }
}

pub fn body(n: usize) -> Value {
    json!({
        "company": {
            "name": format!("Matrix {n} B.V."), "coc_number": format!("{:08}", 10_000_000 + n),
            "address": {"street": "Dorpsstraat", "house_number": "1", "postcode": "1234 AB", "city": "Utrecht", "country": "NL"}
        },
        "contacts": {
            "general": {"name": "Gea Algemeen", "email": format!("gea{n}@matrix.example"), "phone": "+31302345678"},
            "technical": {"name": "Tom Techniek", "email": "tom@matrix.example", "phone": "+31612345678"}
        },
        "accounting_package": {"kind": "other", "name": "Matrixboek"}
    })
}

/// A fresh request the helpdesk accepted: its questionnaire is open.
pub async fn accepted_request(
    app: &TestApp,
    filers: &Filers,
    agent: &Auth,
    who: Who,
    tenant: Tenant,
    n: usize,
) -> String {
    let id = fresh_request(app, filers, who, tenant, n).await;
    let accepted = app.post(&format!("/api/v1/install-requests/{id}/accept"), agent, json!({})).await;
    assert_eq!(accepted.status, 200, "{}", accepted.text);
    id
}

async fn fresh_request(app: &TestApp, filers: &Filers, who: Who, tenant: Tenant, n: usize) -> String {
    let reply = app.post("/api/v1/install-requests", &filers.0[filer(who, tenant)], body(n)).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.body["id"].as_str().unwrap().to_owned()
}

/// The request of an intake cell. `org` is the organisation the cell addresses (for the
/// partner fields), `agent` returns requests so they can be resubmitted.
pub async fn request(
    app: &TestApp,
    filers: &Filers,
    admin: &Auth,
    agent: &Auth,
    (ep, who, tenant, org, n): (Ep, Who, Tenant, &str, usize),
) -> (String, Option<Value>, Vec<(String, String)>) {
    match ep {
        Ep::ListInstallRequests => ("/api/v1/install-requests?limit=200".into(), None, vec![]),
        Ep::CreateInstallRequest => ("/api/v1/install-requests".into(), Some(body(n)), vec![]),
        Ep::GetInstallRequest => {
            (format!("/api/v1/install-requests/{}", fresh_request(app, filers, who, tenant, n).await), None, vec![])
        }
        Ep::GetInstallRequestTimeline => {
            let id = fresh_request(app, filers, who, tenant, n).await;
            (format!("/api/v1/install-requests/{id}/timeline"), None, vec![])
        }
        Ep::ListInstallRequestRevisions => {
            let id = fresh_request(app, filers, who, tenant, n).await;
            (format!("/api/v1/install-requests/{id}/revisions"), None, vec![])
        }
        Ep::AcceptInstallRequest => {
            let id = fresh_request(app, filers, who, tenant, n).await;
            (format!("/api/v1/install-requests/{id}/accept"), None, vec![])
        }
        Ep::ReturnInstallRequest => {
            let id = fresh_request(app, filers, who, tenant, n).await;
            (format!("/api/v1/install-requests/{id}/return"), Some(json!({"missing": ["KvK-uittreksel"]})), vec![])
        }
        Ep::RejectInstallRequest => {
            let id = fresh_request(app, filers, who, tenant, n).await;
            (format!("/api/v1/install-requests/{id}/reject"), Some(json!({"reason": "Dubbel."})), vec![])
        }
        Ep::ResubmitInstallRequest => {
            let id = fresh_request(app, filers, who, tenant, n).await;
            let returned =
                app.post(&format!("/api/v1/install-requests/{id}/return"), agent, json!({"missing": ["Adres"]})).await;
            assert_eq!(returned.status, 200, "{}", returned.text);
            let etag = format!("\"{}\"", returned.body["version"]);
            (format!("/api/v1/install-requests/{id}/resubmit"), Some(body(n)), vec![("if-match".into(), etag)])
        }
        Ep::ListAccountingPackages => ("/api/v1/accounting-packages".into(), None, vec![]),
        Ep::CreateAccountingPackage => {
            ("/api/v1/accounting-packages".into(), Some(json!({"name": format!("Pakket {n}")})), vec![])
        }
        Ep::UpdateAccountingPackage => {
            let made = app.post("/api/v1/accounting-packages", admin, json!({"name": format!("Oud pakket {n}")})).await;
            assert_eq!(made.status, 201, "{}", made.text);
            let id = made.body["id"].as_str().unwrap();
            (
                format!("/api/v1/accounting-packages/{id}"),
                Some(json!({"active": false})),
                vec![("if-match".into(), "\"1\"".into())],
            )
        }
        Ep::GetQuestionnaire => ("/api/v1/questionnaire".into(), None, vec![]),
        Ep::ReplaceQuestionnaire => {
            let version = app.get("/api/v1/questionnaire", admin).await.body["version"].clone();
            let question = json!({"key": "q1", "label_nl": "Vraag", "label_en": "Question", "kind": {"type": "text"}, "required": false});
            let body = json!({"sections": [{"title_nl": "Deel", "title_en": "Part", "questions": [question]}]});
            ("/api/v1/questionnaire".into(), Some(body), vec![("if-match".into(), format!("\"{version}\""))])
        }
        Ep::GetCaseQuestionnaire => {
            let id = accepted_request(app, filers, agent, who, tenant, n).await;
            (format!("/api/v1/install-requests/{id}/questionnaire"), None, vec![])
        }
        Ep::SaveCaseQuestionnaire => {
            let id = accepted_request(app, filers, agent, who, tenant, n).await;
            let body = json!({"answers": {}});
            (
                format!("/api/v1/install-requests/{id}/questionnaire"),
                Some(body),
                vec![("if-match".into(), "\"1\"".into())],
            )
        }
        Ep::SubmitCaseQuestionnaire => {
            let id = accepted_request(app, filers, agent, who, tenant, n).await;
            let body = json!({"answers": {}});
            let path = format!("/api/v1/install-requests/{id}/questionnaire/submit");
            (path, Some(body), vec![("if-match".into(), "\"1\"".into())])
        }
        Ep::InviteQuestionnairePeople => {
            let id = accepted_request(app, filers, agent, who, tenant, n).await;
            (format!("/api/v1/install-requests/{id}/questionnaire/invitations"), None, vec![])
        }
        Ep::ListContracts => {
            let id = accepted_request(app, filers, agent, who, tenant, n).await;
            (format!("/api/v1/install-requests/{id}/contracts"), None, vec![])
        }
        // The case is at its questionnaire: a contract cannot be recorded or changed yet
        // (the flow test records them); the cells check who is refused before that.
        Ep::CreateContract => {
            let id = accepted_request(app, filers, agent, who, tenant, n).await;
            let body = json!({"number": format!("CT-M{n}"), "company_name": "Matrix B.V.", "coc_number": "12345678", "start_date": "2026-12-01"});
            (format!("/api/v1/install-requests/{id}/contracts"), Some(body), vec![])
        }
        Ep::UpdateContract => {
            let id = accepted_request(app, filers, agent, who, tenant, n).await;
            let path = format!("/api/v1/install-requests/{id}/contracts/{}", uuid::Uuid::now_v7());
            (path, Some(json!({"status": "active"})), vec![("if-match".into(), "\"1\"".into())])
        }
        Ep::ListStalledInstallRequests => ("/api/v1/stalled-install-requests".into(), None, vec![]),
        Ep::GetInstallFunnel => ("/api/v1/install-funnel".into(), None, vec![]),
        Ep::CreateInstallFollowUp => {
            let id = fresh_request(app, filers, who, tenant, n).await;
            let body = json!({"kind": "note", "note": "Matrix."});
            (format!("/api/v1/install-requests/{id}/follow-ups"), Some(body), vec![])
        }
        Ep::GetPartnerFields => (format!("/api/v1/organisations/{org}/partner-fields"), None, vec![]),
        Ep::ReplacePartnerFields => (
            format!("/api/v1/organisations/{org}/partner-fields"),
            Some(
                json!({"items": [{"key": "referentie", "label": "Referentie", "field_type": "text", "required": false}]}),
            ),
            vec![],
        ),
        _ => unreachable!("{ep:?} is not an intake endpoint"),
    }
}

/// The answers of the intake cells: the helpdesk sees every request and reviews it; a
/// partner's people and its keys (with the scope) see and amend their own (a branch user
/// those of their branch); clients, vendor keys and other partners see none.
pub fn expected(ep: Ep, who: Who, tenant: Tenant, kind: Kind) -> u16 {
    use Who::*;
    let staff = matches!(who, VendorAdmin | Agent);
    let partner = matches!(who, PartnerAdmin | PartnerUser | BranchUser | ApiKey | NarrowKey);
    let visible = staff || (partner && tenant == Tenant::Own);
    match ep {
        Ep::ListInstallRequests => match who {
            NarrowKey => 403,
            _ => 200,
        },
        Ep::CreateInstallRequest => match who {
            PartnerAdmin | PartnerUser | BranchUser | ApiKey => 201,
            _ => 403,
        },
        Ep::GetInstallRequest | Ep::GetInstallRequestTimeline | Ep::ListInstallRequestRevisions => match who {
            _ if !visible => 404,
            NarrowKey => 403,
            _ => 200,
        },
        Ep::AcceptInstallRequest | Ep::ReturnInstallRequest | Ep::RejectInstallRequest => match who {
            _ if !visible => 404,
            _ if staff => 200,
            _ => 403,
        },
        Ep::ResubmitInstallRequest => match who {
            _ if !visible => 404,
            PartnerAdmin | PartnerUser | BranchUser | ApiKey => 200,
            _ => 403,
        },
        Ep::ListAccountingPackages => match who {
            _ if staff || partner => 200,
            _ => 403,
        },
        Ep::CreateAccountingPackage => match who {
            VendorAdmin => 201,
            _ => 403,
        },
        Ep::UpdateAccountingPackage => match who {
            VendorAdmin => 200,
            _ => 403,
        },
        Ep::GetQuestionnaire => match who {
            VendorAdmin | Agent => 200,
            _ => 403,
        },
        Ep::ReplaceQuestionnaire => match who {
            VendorAdmin => 200,
            _ => 403,
        },
        Ep::GetCaseQuestionnaire => match who {
            _ if !visible => 404,
            NarrowKey => 403,
            _ => 200,
        },
        // Only the superuser of the client the request became answers (no caller of the
        // matrix is); everyone else who sees the case is refused.
        Ep::SaveCaseQuestionnaire | Ep::SubmitCaseQuestionnaire => match who {
            _ if !visible => 404,
            _ => 403,
        },
        // The helpdesk invites, once the questionnaire is in (here it is not: 409).
        Ep::InviteQuestionnairePeople => match who {
            _ if !visible => 404,
            VendorAdmin | Agent => 409,
            _ => 403,
        },
        Ep::ListContracts => match who {
            _ if !visible => 404,
            NarrowKey => 403,
            _ => 200,
        },
        Ep::CreateContract | Ep::UpdateContract => match who {
            _ if !visible => 404,
            VendorAdmin | Agent => 409,
            _ => 403,
        },
        Ep::ListStalledInstallRequests | Ep::GetInstallFunnel => match who {
            _ if staff => 200,
            _ => 403,
        },
        Ep::CreateInstallFollowUp => match who {
            _ if !visible => 404,
            _ if staff => 201,
            _ => 403,
        },
        // Partner fields exist for partners only; the helpdesk and the partner itself see them.
        Ep::GetPartnerFields | Ep::ReplacePartnerFields => {
            let sees = kind == Kind::Partner && (staff || (partner && tenant == Tenant::Own));
            match who {
                _ if !sees => 404,
                VendorAdmin => 200,
                NarrowKey => 403,
                _ if ep == Ep::GetPartnerFields => 200,
                _ => 403,
            }
        }
        _ => unreachable!("{ep:?} is not an intake endpoint"),
    }
}
