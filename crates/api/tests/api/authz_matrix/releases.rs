//! The matrix's cells for products, releases, installation instructions and their
//! download links, and the installation API. Products and releases are the vendor's,
//! whoever addresses them; instructions are sent on a case the cell's partner filed (see
//! `intake`). The installation API answers installation keys only: every caller of the
//! matrix (session, API key, none) is 401 there.

use serde_json::{Value, json};

use super::intake::Filers;
use super::rules::{Ep, Tenant, Who};
use super::world::UPLOAD;
use crate::helpers::{Auth, TestApp};

pub const RELEASES: [Ep; 14] = [
    Ep::ListProducts,
    Ep::CreateProduct,
    Ep::ListReleases,
    Ep::PublishRelease,
    Ep::WithdrawRelease,
    Ep::DownloadRelease,
    Ep::DownloadByLink,
    Ep::SendInstructions,
    Ep::GetInstructions,
    Ep::ActivateInstallation,
    Ep::GetInstallationSettings,
    Ep::PostHeartbeat,
    Ep::PostUpload,
    Ep::ListInstallations,
];

pub const ROWS: &[(Ep, &str, &str)] = &[
    (Ep::ListProducts, "GET", "/api/v1/products"),
    (Ep::CreateProduct, "POST", "/api/v1/products"),
    (Ep::ListReleases, "GET", "/api/v1/products/{id}/releases"),
    (Ep::PublishRelease, "POST", "/api/v1/products/{id}/releases"),
    (Ep::WithdrawRelease, "POST", "/api/v1/releases/{id}/withdraw"),
    (Ep::DownloadRelease, "GET", "/api/v1/releases/{id}/file"),
    (Ep::DownloadByLink, "GET", "/api/v1/downloads/{id}"),
    (Ep::SendInstructions, "POST", "/api/v1/install-requests/{id}/instructions"),
    (Ep::GetInstructions, "GET", "/api/v1/install-requests/{id}/instructions"),
    (Ep::ActivateInstallation, "POST", "/api/v1/installation/activate"),
    (Ep::GetInstallationSettings, "GET", "/api/v1/installation/settings"),
    (Ep::PostHeartbeat, "POST", "/api/v1/installation/heartbeats"),
    (Ep::PostUpload, "POST", "/api/v1/installation/uploads"),
    (Ep::ListInstallations, "GET", "/api/v1/install-requests/{id}/installations"),
];

/// A product of the vendor, made by its administrator.
async fn product(app: &TestApp, admin: &Auth, n: usize) -> String {
    let made =
        app.post("/api/v1/products", admin, json!({"key": format!("p{n}"), "name": format!("Product {n}")})).await;
    assert_eq!(made.status, 201, "{}", made.text);
    made.body["id"].as_str().unwrap().to_owned()
}

/// A release of a new product.
async fn release(app: &TestApp, admin: &Auth, n: usize) -> String {
    let id = product(app, admin, n).await;
    let form = reqwest::multipart::Form::new()
        .text("version", "1.0.0")
        .part("file", reqwest::multipart::Part::bytes(crate::uploads::EXE.to_vec()).file_name("setup.exe"));
    let made = app.upload_form(&format!("/api/v1/products/{id}/releases"), admin, form).await;
    assert_eq!(made.status, 201, "{}", made.text);
    made.body["id"].as_str().unwrap().to_owned()
}

pub async fn request(
    app: &TestApp,
    filers: &Filers,
    admin: &Auth,
    agent: &Auth,
    (ep, who, tenant, n): (Ep, Who, Tenant, usize),
) -> (String, Option<Value>, Vec<(String, String)>) {
    match ep {
        Ep::ListProducts => ("/api/v1/products".into(), None, vec![]),
        Ep::CreateProduct => {
            ("/api/v1/products".into(), Some(json!({"key": format!("m{n}"), "name": "Matrix"})), vec![])
        }
        Ep::ListReleases => (format!("/api/v1/products/{}/releases", product(app, admin, n).await), None, vec![]),
        // The matrix uploads only a file: the version is missing (422) once permitted.
        Ep::PublishRelease => {
            let id = product(app, admin, n).await;
            (format!("/api/v1/products/{id}/releases"), Some(json!({(UPLOAD): "setup.exe"})), vec![])
        }
        Ep::WithdrawRelease => (format!("/api/v1/releases/{}/withdraw", release(app, admin, n).await), None, vec![]),
        Ep::DownloadRelease => (format!("/api/v1/releases/{}/file", release(app, admin, n).await), None, vec![]),
        // Signed by the server, but for no link that exists.
        Ep::DownloadByLink => {
            let expires = chrono::Utc::now().timestamp() + 3600;
            (app.state.signer.url("", uuid::Uuid::now_v7(), expires), None, vec![])
        }
        // The case is at its questionnaire: instructions cannot go yet (the flow test
        // sends them); the cells check who is refused before that.
        Ep::SendInstructions => {
            let id = super::intake::accepted_request(app, filers, agent, who, tenant, n).await;
            let body = json!({"release_id": uuid::Uuid::now_v7()});
            (format!("/api/v1/install-requests/{id}/instructions"), Some(body), vec![])
        }
        Ep::GetInstructions => {
            let id = super::intake::accepted_request(app, filers, agent, who, tenant, n).await;
            (format!("/api/v1/install-requests/{id}/instructions"), None, vec![])
        }
        Ep::ActivateInstallation => {
            let body = json!({"token": "geen-echte-code", "machine_name": "MATRIX", "software_version": "1.0.0"});
            ("/api/v1/installation/activate".into(), Some(body), vec![])
        }
        Ep::GetInstallationSettings => ("/api/v1/installation/settings".into(), None, vec![]),
        Ep::PostHeartbeat => ("/api/v1/installation/heartbeats".into(), Some(json!({})), vec![]),
        Ep::PostUpload => {
            ("/api/v1/installation/uploads".into(), Some(json!({"succeeded": true, "records": 1, "bytes": 1})), vec![])
        }
        Ep::ListInstallations => {
            let id = super::intake::accepted_request(app, filers, agent, who, tenant, n).await;
            (format!("/api/v1/install-requests/{id}/installations"), None, vec![])
        }
        _ => unreachable!("{ep:?} is not a release endpoint"),
    }
}

pub fn expected(ep: Ep, who: Who, tenant: Tenant) -> u16 {
    use Who::*;
    let staff = matches!(who, VendorAdmin | Agent);
    let partner = matches!(who, PartnerAdmin | PartnerUser | BranchUser | ApiKey | NarrowKey);
    let visible = staff || (partner && tenant == Tenant::Own);
    match ep {
        Ep::ListProducts | Ep::ListReleases | Ep::DownloadRelease => match who {
            _ if staff => 200,
            _ => 403,
        },
        Ep::CreateProduct => match who {
            VendorAdmin => 201,
            _ => 403,
        },
        Ep::PublishRelease => match who {
            VendorAdmin => 422,
            _ => 403,
        },
        Ep::WithdrawRelease => match who {
            VendorAdmin => 200,
            _ => 403,
        },
        Ep::DownloadByLink => 404,
        Ep::SendInstructions => match who {
            _ if !visible => 404,
            _ if staff => 409,
            _ => 403,
        },
        // Nothing was sent yet: 404 for whoever may read the case.
        Ep::GetInstructions => match who {
            _ if !visible => 404,
            NarrowKey => 403,
            _ => 404,
        },
        Ep::ActivateInstallation | Ep::GetInstallationSettings | Ep::PostHeartbeat | Ep::PostUpload => 401,
        Ep::ListInstallations => match who {
            _ if !visible => 404,
            NarrowKey => 403,
            _ => 200,
        },
        _ => unreachable!("{ep:?} is not a release endpoint"),
    }
}
