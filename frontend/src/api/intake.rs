//! Partner intake: install requests, their timeline and review; the accounting packages
//! and a partner's own request fields; a case's contracts, instructions and installations;
//! the helpdesk's stalled list, follow-ups and funnel.

use loket_api_types::contracts::{Contract, ContractList, CreateContract, UpdateContract};
use loket_api_types::install_requests::{
    AccountingPackage, AccountingPackageList, CreateAccountingPackage, InstallRequest, InstallRequestData,
    InstallRequestEvent, InstallRequestRevisions, InstallRequestTimeline, PartnerFields, RejectInstallRequest,
    ReturnInstallRequest, UpdateAccountingPackage,
};
use loket_api_types::installations::InstallationList;
use loket_api_types::monitoring::{CreateFollowUp, InstallFunnel, StalledCases};
use loket_api_types::pagination::Page;
use loket_api_types::questionnaires::{
    CaseQuestionnaire, PersonInvitations, QuestionnaireDefinition, ReplaceQuestionnaire, SaveAnswers,
};
use loket_api_types::releases::{
    CreateProduct, InstructionsStatus, Product, ProductList, Release, ReleaseList, SendInstructions,
};
use uuid::Uuid;

use super::{ApiError, Method, call, json};
use crate::session::Session;

pub async fn list(session: Session, query_string: &str) -> Result<Page<InstallRequest>, ApiError> {
    call(session, Method::Get, &format!("/install-requests{query_string}"), None, None).await
}

pub async fn get(session: Session, id: Uuid) -> Result<InstallRequest, ApiError> {
    call(session, Method::Get, &format!("/install-requests/{id}"), None, None).await
}

pub async fn create(session: Session, request: &InstallRequestData) -> Result<InstallRequest, ApiError> {
    call(session, Method::Post, "/install-requests", json(request), None).await
}

pub async fn resubmit(
    session: Session,
    id: Uuid,
    version: i64,
    request: &InstallRequestData,
) -> Result<InstallRequest, ApiError> {
    call(session, Method::Post, &format!("/install-requests/{id}/resubmit"), json(request), Some(version)).await
}

pub async fn timeline(session: Session, id: Uuid) -> Result<InstallRequestTimeline, ApiError> {
    call(session, Method::Get, &format!("/install-requests/{id}/timeline"), None, None).await
}

pub async fn revisions(session: Session, id: Uuid) -> Result<InstallRequestRevisions, ApiError> {
    call(session, Method::Get, &format!("/install-requests/{id}/revisions"), None, None).await
}

pub async fn accept(session: Session, id: Uuid) -> Result<InstallRequest, ApiError> {
    call(session, Method::Post, &format!("/install-requests/{id}/accept"), None, None).await
}

pub async fn return_request(
    session: Session,
    id: Uuid,
    request: &ReturnInstallRequest,
) -> Result<InstallRequest, ApiError> {
    call(session, Method::Post, &format!("/install-requests/{id}/return"), json(request), None).await
}

pub async fn reject(session: Session, id: Uuid, request: &RejectInstallRequest) -> Result<InstallRequest, ApiError> {
    call(session, Method::Post, &format!("/install-requests/{id}/reject"), json(request), None).await
}

pub async fn packages(session: Session) -> Result<AccountingPackageList, ApiError> {
    call(session, Method::Get, "/accounting-packages", None, None).await
}

pub async fn partner_fields(session: Session, partner: Uuid) -> Result<PartnerFields, ApiError> {
    call(session, Method::Get, &format!("/organisations/{partner}/partner-fields"), None, None).await
}

pub async fn questionnaire(session: Session, id: Uuid) -> Result<CaseQuestionnaire, ApiError> {
    call(session, Method::Get, &format!("/install-requests/{id}/questionnaire"), None, None).await
}

pub async fn save_questionnaire(
    session: Session,
    id: Uuid,
    version: i64,
    request: &SaveAnswers,
) -> Result<CaseQuestionnaire, ApiError> {
    call(session, Method::Put, &format!("/install-requests/{id}/questionnaire"), json(request), Some(version)).await
}

pub async fn submit_questionnaire(
    session: Session,
    id: Uuid,
    version: i64,
    request: &SaveAnswers,
) -> Result<CaseQuestionnaire, ApiError> {
    let path = format!("/install-requests/{id}/questionnaire/submit");
    call(session, Method::Post, &path, json(request), Some(version)).await
}

pub async fn contracts(session: Session, id: Uuid) -> Result<ContractList, ApiError> {
    call(session, Method::Get, &format!("/install-requests/{id}/contracts"), None, None).await
}

pub async fn create_contract(session: Session, id: Uuid, request: &CreateContract) -> Result<Contract, ApiError> {
    call(session, Method::Post, &format!("/install-requests/{id}/contracts"), json(request), None).await
}

pub async fn update_contract(
    session: Session,
    id: Uuid,
    contract: Uuid,
    version: i64,
    request: &UpdateContract,
) -> Result<Contract, ApiError> {
    let path = format!("/install-requests/{id}/contracts/{contract}");
    call(session, Method::Patch, &path, json(request), Some(version)).await
}

pub async fn products(session: Session) -> Result<ProductList, ApiError> {
    call(session, Method::Get, "/products", None, None).await
}

pub async fn send_instructions(
    session: Session,
    id: Uuid,
    request: &SendInstructions,
) -> Result<InstallRequest, ApiError> {
    call(session, Method::Post, &format!("/install-requests/{id}/instructions"), json(request), None).await
}

pub async fn instructions(session: Session, id: Uuid) -> Result<InstructionsStatus, ApiError> {
    call(session, Method::Get, &format!("/install-requests/{id}/instructions"), None, None).await
}

pub async fn installations(session: Session, id: Uuid) -> Result<InstallationList, ApiError> {
    call(session, Method::Get, &format!("/install-requests/{id}/installations"), None, None).await
}

pub async fn create_product(session: Session, request: &CreateProduct) -> Result<Product, ApiError> {
    call(session, Method::Post, "/products", json(request), None).await
}

pub async fn releases(session: Session, product: Uuid) -> Result<ReleaseList, ApiError> {
    call(session, Method::Get, &format!("/products/{product}/releases"), None, None).await
}

pub async fn withdraw_release(session: Session, release: Uuid) -> Result<Release, ApiError> {
    call(session, Method::Post, &format!("/releases/{release}/withdraw"), None, None).await
}

pub async fn stalled(session: Session) -> Result<StalledCases, ApiError> {
    call(session, Method::Get, "/stalled-install-requests", None, None).await
}

pub async fn follow_up(session: Session, id: Uuid, request: &CreateFollowUp) -> Result<InstallRequestEvent, ApiError> {
    call(session, Method::Post, &format!("/install-requests/{id}/follow-ups"), json(request), None).await
}

pub async fn funnel(session: Session) -> Result<InstallFunnel, ApiError> {
    call(session, Method::Get, "/install-funnel", None, None).await
}

pub async fn invite_people(session: Session, id: Uuid) -> Result<PersonInvitations, ApiError> {
    call(session, Method::Post, &format!("/install-requests/{id}/questionnaire/invitations"), None, None).await
}

pub async fn create_package(
    session: Session,
    request: &CreateAccountingPackage,
) -> Result<AccountingPackage, ApiError> {
    call(session, Method::Post, "/accounting-packages", json(request), None).await
}

pub async fn update_package(
    session: Session,
    id: Uuid,
    version: i64,
    request: &UpdateAccountingPackage,
) -> Result<AccountingPackage, ApiError> {
    call(session, Method::Patch, &format!("/accounting-packages/{id}"), json(request), Some(version)).await
}

pub async fn replace_partner_fields(
    session: Session,
    partner: Uuid,
    request: &PartnerFields,
) -> Result<PartnerFields, ApiError> {
    call(session, Method::Put, &format!("/organisations/{partner}/partner-fields"), json(request), None).await
}

pub async fn definition(session: Session) -> Result<QuestionnaireDefinition, ApiError> {
    call(session, Method::Get, "/questionnaire", None, None).await
}

pub async fn replace_definition(
    session: Session,
    version: i32,
    request: &ReplaceQuestionnaire,
) -> Result<QuestionnaireDefinition, ApiError> {
    call(session, Method::Put, "/questionnaire", json(request), Some(i64::from(version))).await
}
