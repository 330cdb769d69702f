//! The matrix's cells for documents for approval: each cell addresses a client as the
//! approval-duty cells do (the bakery for the caller's own tenant, Het Anker otherwise),
//! and the cells about one document get a fresh VAT return of that client, uploaded by
//! the vendor administrator. The bakery's superuser approves it (every right, no PIN
//! yet); its plain user holds no rights, so the document does not exist for it.

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use super::rules::{Ep, Tenant, Who, sees_everything};
use super::world::{UPLOAD, World};

pub const DOCUMENTS: [Ep; 9] = [
    Ep::ListClientDocuments,
    Ep::UploadDocument,
    Ep::GetDocument,
    Ep::DownloadDocument,
    Ep::DecideDocument,
    Ep::ListMyApprovals,
    Ep::ApproveBatch,
    Ep::GetMyPin,
    Ep::SetMyPin,
];

pub const ROWS: &[(Ep, &str, &str)] = &[
    (Ep::ListClientDocuments, "GET", "/api/v1/organisations/{id}/documents"),
    (Ep::UploadDocument, "POST", "/api/v1/organisations/{id}/documents"),
    (Ep::GetDocument, "GET", "/api/v1/documents/{id}"),
    (Ep::DownloadDocument, "GET", "/api/v1/documents/{id}/file"),
    (Ep::DecideDocument, "POST", "/api/v1/documents/{id}/decisions"),
    (Ep::ListMyApprovals, "GET", "/api/v1/me/approvals"),
    (Ep::ApproveBatch, "POST", "/api/v1/me/approvals"),
    (Ep::GetMyPin, "GET", "/api/v1/me/pin"),
    (Ep::SetMyPin, "PUT", "/api/v1/me/pin"),
];

/// The client a cell addresses.
fn client(who: Who, tenant: Tenant) -> &'static str {
    match (who, tenant) {
        (Who::BranchUser, Tenant::Own) => "anker",
        (Who::BranchUser, _) => "bakery",
        (_, Tenant::Own) => "bakery",
        _ => "anker",
    }
}

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n";

/// A fresh VAT return of `client`, uploaded by the vendor administrator.
async fn document(world: &World, client: &str) -> Value {
    let form = Form::new()
        .text("document_type", "vat_return")
        .text("title", "Btw-aangifte")
        .text("period", "Q4 2026")
        .part("file", Part::bytes(PDF.to_vec()).file_name("btw.pdf"));
    let path = format!("/api/v1/organisations/{}/documents", world.orgs[client]);
    let reply = world.app.upload_form(&path, &world.admin, form).await;
    assert_eq!(reply.status, 201, "a document for the matrix: {}", reply.text);
    reply.body
}

pub async fn request(
    world: &World,
    (ep, who, tenant): (Ep, Who, Tenant),
) -> (String, Option<Value>, Vec<(String, String)>) {
    let key = client(who, tenant);
    let id = &world.orgs[key];
    let one = |d: &Value| d["id"].as_str().unwrap_or_default().to_owned();
    match ep {
        Ep::ListClientDocuments => (format!("/api/v1/organisations/{id}/documents"), None, vec![]),
        // Only a file, no other parts: 422 once the caller may upload at all.
        Ep::UploadDocument => {
            (format!("/api/v1/organisations/{id}/documents"), Some(json!({UPLOAD: "btw.pdf"})), vec![])
        }
        Ep::GetDocument => (format!("/api/v1/documents/{}", one(&document(world, key).await)), None, vec![]),
        Ep::DownloadDocument => (format!("/api/v1/documents/{}/file", one(&document(world, key).await)), None, vec![]),
        Ep::DecideDocument => {
            let d = document(world, key).await;
            let body = json!({"verdict": "approved", "sha256": d["sha256"], "pin": "123456"});
            (format!("/api/v1/documents/{}/decisions", one(&d)), Some(body), vec![])
        }
        Ep::ListMyApprovals => ("/api/v1/me/approvals".into(), None, vec![]),
        Ep::ApproveBatch => {
            let d = document(world, key).await;
            let body = json!({"documents": [{"document_id": d["id"], "sha256": d["sha256"]}], "pin": "123456"});
            ("/api/v1/me/approvals".into(), Some(body), vec![])
        }
        Ep::GetMyPin => ("/api/v1/me/pin".into(), None, vec![]),
        // The right password (a wrong one would be throttled) and a PIN too short: 422.
        Ep::SetMyPin => {
            ("/api/v1/me/pin".into(), Some(json!({"current_password": crate::fixtures::PASSWORD, "pin": "12"})), vec![])
        }
        _ => unreachable!("{ep:?} is not a documents endpoint"),
    }
}

pub fn expected(ep: Ep, who: Who, tenant: Tenant) -> u16 {
    use Who::*;
    let visible = sees_everything(who) || tenant == Tenant::Own;
    let key = matches!(who, ApiKey | NarrowKey | VendorKey);
    let staff = matches!(who, VendorAdmin | Agent | PartnerAdmin | PartnerUser | BranchUser);
    match ep {
        // The caller's own: no client addressed.
        Ep::ListMyApprovals | Ep::GetMyPin if key => 403,
        Ep::ListMyApprovals | Ep::GetMyPin => 200,
        Ep::ApproveBatch | Ep::SetMyPin if key => 403,
        // Every batch cell is refused whole: a document the caller does not approve (or
        // does not see), or no PIN yet.
        Ep::ApproveBatch | Ep::SetMyPin => 422,
        _ if !visible => 404,
        _ if key => 403,
        Ep::ListClientDocuments => 200,
        Ep::UploadDocument if staff => 422,
        Ep::UploadDocument => 403,
        // The bakery's plain user holds no rights on VAT returns and does not approve.
        Ep::GetDocument | Ep::DownloadDocument | Ep::DecideDocument if who == ClientUser => 404,
        Ep::GetDocument | Ep::DownloadDocument => 200,
        // Staff read but do not decide; the approver has no PIN yet.
        Ep::DecideDocument if staff => 403,
        Ep::DecideDocument => 422,
        _ => unreachable!("{ep:?} is not a documents endpoint"),
    }
}
