//! Accepting an install request (seed 000 step 3): the client organisation is made from
//! the request (managed by the filing partner, in its branch) with the general contact
//! as its superuser, who is invited to choose a password and then fill in the
//! new-customer questionnaire. All in the accepting transaction.

use chrono::Utc;
use loket_api_types::ErrorCode;
use loket_api_types::install_requests::InstallRequestData;
use loket_domain::audit::EntityType;
use loket_domain::{Language, OrganisationKind, Role};
use uuid::Uuid;

use crate::db;
use crate::db::entities::{install_requests, organisations, users};
use crate::db::organisations::{ClientProfile, NewOrganisation};
use crate::db::users::NewUser;
use crate::error::ApiError;
use crate::services::account_links;
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::state::AppState;

/// Makes the client and its invited superuser; returns both.
pub async fn make_client(
    state: &AppState,
    write: &mut Write,
    request: &install_requests::Model,
    data: &InstallRequestData,
) -> Result<(organisations::Model, users::Model), ApiError> {
    let contact = &data.contacts.general;
    if db::users::email_taken(write.db(), &contact.email, None).await? {
        return Err(ApiError::Conflict {
            code: ErrorCode::EmailTaken,
            detail: "The general contact already has a login; return the request to ask for another address."
                .to_owned(),
            errors: vec![loket_api_types::FieldError {
                field: "contacts.general.email".to_owned(),
                code: "taken".to_owned(),
                message: "this e-mail address is already in use".to_owned(),
            }],
        });
    }
    let now = Utc::now();
    let client = db::organisations::insert(
        write.db(),
        NewOrganisation {
            id: Uuid::now_v7(),
            kind: OrganisationKind::Client,
            name: data.company.name.clone(),
            partner_kind: None,
            coc_number: Some(data.company.coc_number.clone()),
            vat_number: data.company.vat_number.clone(),
            managing_partner_id: Some(request.partner_id),
            branch_id: data.branch_id,
            profile: ClientProfile::default(),
        },
        now,
    )
    .await?;
    let snapshot = crate::services::organisations::audited(&client);
    write.record(Change::created(EntityType::Organisation, client.id, Some(client.id), &snapshot)).await?;
    let superuser = db::users::insert(
        write.db(),
        NewUser {
            organisation_id: client.id,
            email: contact.email.clone(),
            name: contact.name.clone(),
            phone: Some(contact.phone.clone()),
            language: Language::Nl,
            role: Role::ClientSuperuser,
            is_contact_person: true,
            is_technical_contact: data.contacts.technical.email == contact.email,
            password_hash: None,
        },
        now,
    )
    .await?;
    account_links::queue_invitation(state, write.db(), &superuser).await?;
    let snapshot = crate::services::users::audited(&superuser, &[]);
    write.record(Change::created(EntityType::User, superuser.id, Some(client.id), &snapshot)).await?;
    Ok((client, superuser))
}
