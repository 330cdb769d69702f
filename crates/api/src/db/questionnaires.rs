//! The questionnaire's stored versions and the cases' answers.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use super::entities::{questionnaire_answers as answers, questionnaire_versions as versions};
use super::tz;

/// The latest saved version, if any.
pub async fn latest(db: &impl ConnectionTrait) -> Result<Option<versions::Model>, DbErr> {
    versions::Entity::find().order_by_desc(versions::Column::Number).one(db).await
}

pub async fn version(db: &impl ConnectionTrait, number: i32) -> Result<Option<versions::Model>, DbErr> {
    versions::Entity::find_by_id(number).one(db).await
}

/// Stores version `number`; two saves of the same number race on the primary key.
pub async fn insert_version(
    db: &impl ConnectionTrait,
    number: i32,
    sections: String,
    by: &str,
    now: DateTime<Utc>,
) -> Result<versions::Model, DbErr> {
    versions::ActiveModel {
        number: Set(number),
        sections: Set(sections),
        created_at: Set(tz(now)),
        created_by_name: Set(by.chars().take(120).collect()),
    }
    .insert(db)
    .await
}

/// Starts a case's questionnaire: no answers yet, a draft.
pub async fn start(
    db: &impl ConnectionTrait,
    request_id: Uuid,
    questionnaire_version: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    answers::ActiveModel {
        request_id: Set(request_id),
        questionnaire_version: Set(questionnaire_version),
        answers: Set("{}".to_owned()),
        status: Set("draft".to_owned()),
        saved_at: Set(None),
        saved_by_name: Set(None),
        submitted_at: Set(None),
        updated_at: Set(tz(now)),
        version: Set(1),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn answers_of(db: &impl ConnectionTrait, request_id: Uuid) -> Result<Option<answers::Model>, DbErr> {
    answers::Entity::find_by_id(request_id).one(db).await
}

/// Saves answers if the stored version is still `expected_version`.
pub async fn save_answers(
    db: &impl ConnectionTrait,
    request_id: Uuid,
    expected_version: i64,
    changes: answers::ActiveModel,
    now: DateTime<Utc>,
) -> Result<Option<answers::Model>, DbErr> {
    let result = answers::Entity::update_many()
        .set(changes)
        .col_expr(answers::Column::UpdatedAt, Expr::value(tz(now)))
        .col_expr(answers::Column::Version, Expr::col(answers::Column::Version).add(1))
        .filter(answers::Column::RequestId.eq(request_id))
        .filter(answers::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Ok(None);
    }
    answers_of(db, request_id).await
}
