//! Client import: the firm's imports, one import and its preview rows, committing and
//! cancelling; first users for the clients. Uploads, templates and the error report travel as files (`crate::files`).

use loket_api_types::client_imports::{ClientImport, CommitImport, ImportRowPage, RowFilter};
use loket_api_types::first_users::{CreateFirstUsers, FirstUserCandidate, FirstUsersCreated};
use loket_api_types::pagination::Page;
use uuid::Uuid;

use super::{ApiError, Method, call, json, query};
use crate::session::Session;

pub async fn list(session: Session) -> Result<Vec<ClientImport>, ApiError> {
    call(session, Method::Get, "/client-imports", None, None).await
}

pub async fn get(session: Session, id: Uuid) -> Result<ClientImport, ApiError> {
    call(session, Method::Get, &format!("/client-imports/{id}"), None, None).await
}

pub async fn rows(
    session: Session,
    id: Uuid,
    only: RowFilter,
    after: i32,
    limit: u32,
) -> Result<ImportRowPage, ApiError> {
    let only = match only {
        RowFilter::All => "all",
        RowFilter::Valid => "valid",
        RowFilter::Errors => "errors",
    };
    let params = query(&[
        ("only", Some(only.to_owned())),
        ("after", Some(after.to_string())),
        ("limit", Some(limit.to_string())),
    ]);
    call(session, Method::Get, &format!("/client-imports/{id}/rows{params}"), None, None).await
}

pub async fn commit(session: Session, id: Uuid, request: &CommitImport) -> Result<ClientImport, ApiError> {
    call(session, Method::Post, &format!("/client-imports/{id}/commit"), json(request), None).await
}

pub async fn cancel(session: Session, id: Uuid) -> Result<(), ApiError> {
    call(session, Method::Delete, &format!("/client-imports/{id}"), None, None).await
}

/// Up to 200 clients nobody belongs to yet, with their proposed first users.
pub async fn first_user_candidates(session: Session) -> Result<Page<FirstUserCandidate>, ApiError> {
    call(session, Method::Get, "/first-user-candidates?limit=200", None, None).await
}

pub async fn create_first_users(session: Session, request: &CreateFirstUsers) -> Result<FirstUsersCreated, ApiError> {
    call(session, Method::Post, "/first-users", json(request), None).await
}
