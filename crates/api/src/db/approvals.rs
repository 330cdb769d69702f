//! Approval duties: the must-approvers per client and document type.

use chrono::{DateTime, Utc};
use loket_domain::approvals::DocumentType;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use super::entities::{approval_duties, users};
use super::tz;

/// The client's must-approvers: (document type, user id) rows.
pub async fn must_rows(db: &impl ConnectionTrait, client_id: Uuid) -> Result<Vec<approval_duties::Model>, DbErr> {
    approval_duties::Entity::find().filter(approval_duties::Column::ClientId.eq(client_id)).all(db).await
}

pub async fn replace_must(
    db: &impl ConnectionTrait,
    client_id: Uuid,
    document_type: DocumentType,
    user_ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    approval_duties::Entity::delete_many()
        .filter(approval_duties::Column::ClientId.eq(client_id))
        .filter(approval_duties::Column::DocumentType.eq(document_type.as_str()))
        .exec(db)
        .await?;
    let rows: Vec<approval_duties::ActiveModel> = user_ids
        .iter()
        .map(|user_id| approval_duties::ActiveModel {
            client_id: Set(client_id),
            document_type: Set(document_type.as_str().to_owned()),
            user_id: Set(*user_id),
            created_at: Set(tz(now)),
        })
        .collect();
    if !rows.is_empty() {
        approval_duties::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

/// The client's users who can act (invited or active), by name.
pub async fn client_people(db: &impl ConnectionTrait, client_id: Uuid) -> Result<Vec<users::Model>, DbErr> {
    users::Entity::find()
        .filter(users::Column::OrganisationId.eq(client_id))
        .filter(users::Column::Status.ne(super::users::STATUS_DEACTIVATED))
        .order_by_asc(users::Column::Name)
        .order_by_asc(users::Column::Id)
        .all(db)
        .await
}
