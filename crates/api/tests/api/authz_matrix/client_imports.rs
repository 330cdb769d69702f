//! The matrix's cells for client imports. The bank and the accountancy each have one
//! import, cancelled at once so every cell is repeatable: reading it works, committing
//! or cancelling it again is 409 for whoever may manage it. An import belongs to its
//! firm: only the firm's firm-wide administrator manages it; vendor staff read it.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::rules::{Ep, Tenant, Who};
use super::world::{UPLOAD, World};
use crate::fixtures::{Fixture, Org};
use crate::helpers::{Auth, TestApp};

pub const IMPORTS: [Ep; 8] = [
    Ep::DownloadImportTemplate,
    Ep::ListClientImports,
    Ep::UploadClientFile,
    Ep::GetClientImport,
    Ep::ListImportRows,
    Ep::DownloadImportErrorReport,
    Ep::CommitClientImport,
    Ep::CancelClientImport,
];

pub const ROWS: &[(Ep, &str, &str)] = &[
    (Ep::DownloadImportTemplate, "GET", "/api/v1/client-import-template"),
    (Ep::ListClientImports, "GET", "/api/v1/client-imports"),
    (Ep::UploadClientFile, "POST", "/api/v1/client-imports"),
    (Ep::GetClientImport, "GET", "/api/v1/client-imports/{id}"),
    (Ep::ListImportRows, "GET", "/api/v1/client-imports/{id}/rows"),
    (Ep::DownloadImportErrorReport, "GET", "/api/v1/client-imports/{id}/error-report"),
    (Ep::CommitClientImport, "POST", "/api/v1/client-imports/{id}/commit"),
    (Ep::CancelClientImport, "DELETE", "/api/v1/client-imports/{id}"),
];

/// One cancelled import per partner, uploaded by its administrator.
pub async fn imports(
    app: &TestApp,
    fx: &Fixture,
    bank_admin: &Auth,
    accountancy: &Org,
) -> HashMap<&'static str, String> {
    let accountancy_admin = fx.person(app, accountancy, "partner_admin", &[]).await.auth;
    let mut ids = HashMap::new();
    for (key, admin) in [("bank", bank_admin), ("accountancy", &accountancy_admin)] {
        let reply = app.upload("/api/v1/client-imports", admin, "klanten.csv", b"Relatienummer;Naam\n1;Jansen\n").await;
        assert_eq!(reply.status, 202, "an import for the matrix: {}", reply.text);
        let id = reply.body["id"].as_str().unwrap().to_owned();
        let cancel = app.request(reqwest::Method::DELETE, &format!("/api/v1/client-imports/{id}"), admin, None).await;
        assert_eq!(cancel.status, 204, "{}", cancel.text);
        ids.insert(key, id);
    }
    ids
}

/// The firm whose import a cell addresses: the caller's own (the bank's for vendor
/// callers and clients), or the other partner's.
fn firm(who: Who, tenant: Tenant) -> &'static str {
    let own = if who == Who::BranchUser { "accountancy" } else { "bank" };
    match (tenant, own) {
        (Tenant::Own, own) => own,
        (_, "bank") => "accountancy",
        _ => "bank",
    }
}

pub fn request(world: &World, (ep, who, tenant): (Ep, Who, Tenant)) -> (String, Option<Value>, Vec<(String, String)>) {
    let id = &world.imports[firm(who, tenant)];
    let (path, body) = match ep {
        Ep::DownloadImportTemplate => ("/api/v1/client-import-template?format=csv".to_owned(), None),
        Ep::ListClientImports => ("/api/v1/client-imports".to_owned(), None),
        // A PNG: 415 once the caller may upload at all.
        Ep::UploadClientFile => ("/api/v1/client-imports".to_owned(), Some(json!({UPLOAD: "klanten.png"}))),
        Ep::GetClientImport => (format!("/api/v1/client-imports/{id}"), None),
        Ep::ListImportRows => (format!("/api/v1/client-imports/{id}/rows"), None),
        Ep::DownloadImportErrorReport => (format!("/api/v1/client-imports/{id}/error-report"), None),
        Ep::CommitClientImport => (format!("/api/v1/client-imports/{id}/commit"), Some(json!({}))),
        Ep::CancelClientImport => (format!("/api/v1/client-imports/{id}"), None),
        _ => unreachable!("{ep:?} is not a client import endpoint"),
    };
    (path, body, vec![])
}

pub fn expected(ep: Ep, who: Who, tenant: Tenant) -> u16 {
    let vendor_staff = matches!(who, Who::VendorAdmin | Who::Agent);
    let own_firm = tenant == Tenant::Own && !matches!(who, Who::ClientSuperuser | Who::ClientUser);
    let sees = vendor_staff || who == Who::VendorKey || own_firm;
    match ep {
        Ep::DownloadImportTemplate => 200,
        Ep::ListClientImports if who == Who::PartnerAdmin => 200,
        Ep::ListClientImports => 403,
        Ep::UploadClientFile if who == Who::PartnerAdmin => 415,
        Ep::UploadClientFile => 403,
        _ if !sees => 404,
        Ep::GetClientImport | Ep::ListImportRows | Ep::DownloadImportErrorReport
            if vendor_staff || (own_firm && who == Who::PartnerAdmin) =>
        {
            200
        }
        Ep::CommitClientImport | Ep::CancelClientImport if own_firm && who == Who::PartnerAdmin => 409,
        _ => 403,
    }
}
