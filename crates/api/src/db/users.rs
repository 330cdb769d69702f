//! Users, always read through the visibility of their organisation.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use loket_domain::policy::Visibility;
use loket_domain::{Language, Role};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::entities::user_branches;
use super::entities::users::{ActiveModel, Column, Entity, Model};
use super::organisations::{like_pattern, visible_ids_subquery};
use loket_api_types::pagination::ListSort;

use super::pagination::PageRequest;
use super::tz;

pub const STATUS_INVITED: &str = "invited";
pub const STATUS_ACTIVE: &str = "active";
pub const STATUS_DEACTIVATED: &str = "deactivated";

/// The user with `id`, if the caller can see the user's organisation.
pub async fn find(db: &impl ConnectionTrait, visibility: &Visibility, id: Uuid) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id).filter(Column::OrganisationId.in_subquery(visible_ids_subquery(visibility))).one(db).await
}

#[derive(Debug, Default)]
pub struct UserFilter {
    pub organisation_id: Option<Uuid>,
    pub role: Option<Role>,
    pub status: Option<&'static str>,
    pub search: Option<String>,
}

pub async fn list(
    db: &impl ConnectionTrait,
    visibility: &Visibility,
    filter: &UserFilter,
    page: &PageRequest<impl ListSort>,
) -> Result<(Vec<Model>, Option<String>), DbErr> {
    let mut select = Entity::find().filter(Column::OrganisationId.in_subquery(visible_ids_subquery(visibility)));
    if let Some(organisation_id) = filter.organisation_id {
        select = select.filter(Column::OrganisationId.eq(organisation_id));
    }
    if let Some(role) = filter.role {
        select = select.filter(Column::Role.eq(role.as_str()));
    }
    if let Some(status) = filter.status {
        select = select.filter(Column::Status.eq(status));
    }
    if let Some(search) = filter.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        select = select.filter(Expr::col(Column::SearchText).like(like_pattern(search)));
    }
    let rows = page.fetch(db, select, Column::Name, Column::Id).await?;
    Ok(page.finish(rows, |m| (m.name.clone(), m.id)))
}

pub fn search_text(name: &str, email: &str) -> String {
    format!("{name} {email}").to_lowercase()
}

pub async fn email_taken(db: &impl ConnectionTrait, email: &str, except: Option<Uuid>) -> Result<bool, DbErr> {
    let mut select = Entity::find().filter(Column::Email.eq(email));
    if let Some(id) = except {
        select = select.filter(Column::Id.ne(id));
    }
    Ok(select.one(db).await?.is_some())
}

/// Which of `emails` (normalised) belong to a user already.
pub async fn emails_taken(db: &impl ConnectionTrait, emails: &[String]) -> Result<HashSet<String>, DbErr> {
    if emails.is_empty() {
        return Ok(HashSet::new());
    }
    let taken: Vec<String> = Entity::find()
        .select_only()
        .column(Column::Email)
        .filter(Column::Email.is_in(emails.to_vec()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(taken.into_iter().collect())
}

/// Which of the organisations `ids` have at least one user (in any state).
pub async fn organisations_with_users(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<HashSet<Uuid>, DbErr> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let found: Vec<Uuid> = Entity::find()
        .select_only()
        .column(Column::OrganisationId)
        .filter(Column::OrganisationId.is_in(ids.to_vec()))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    Ok(found.into_iter().collect())
}

/// The people of these organisations who can still sign in or are invited (not
/// deactivated), by name.
pub async fn active_in(db: &impl ConnectionTrait, organisation_ids: &[Uuid]) -> Result<Vec<Model>, DbErr> {
    if organisation_ids.is_empty() {
        return Ok(Vec::new());
    }
    Entity::find()
        .filter(Column::OrganisationId.is_in(organisation_ids.to_vec()))
        .filter(Column::Status.ne(STATUS_DEACTIVATED))
        .order_by_asc(Column::Name)
        .order_by_asc(Column::Id)
        .all(db)
        .await
}

/// `SELECT organisation_id FROM users`: organisations that have people.
pub fn organisations_with_users_subquery() -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select().column(Column::OrganisationId).from(Entity).to_owned()
}

pub struct NewUser {
    pub organisation_id: Uuid,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub language: Language,
    pub role: Role,
    pub is_contact_person: bool,
    pub is_technical_contact: bool,
    /// Set for accounts created with a password (demo data); otherwise the user is invited.
    pub password_hash: Option<String>,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewUser, now: DateTime<Utc>) -> Result<Model, DbErr> {
    let status = if new.password_hash.is_some() { STATUS_ACTIVE } else { STATUS_INVITED };
    ActiveModel {
        id: Set(Uuid::now_v7()),
        organisation_id: Set(new.organisation_id),
        search_text: Set(search_text(&new.name, &new.email)),
        email: Set(new.email),
        name: Set(new.name),
        phone: Set(new.phone),
        language: Set(new.language.as_str().to_owned()),
        role: Set(new.role.as_str().to_owned()),
        is_contact_person: Set(new.is_contact_person),
        is_technical_contact: Set(new.is_technical_contact),
        status: Set(status.to_owned()),
        password_changed_at: Set(new.password_hash.as_ref().map(|_| now.into())),
        password_hash: Set(new.password_hash),
        last_login_at: Set(None),
        created_at: Set(now.into()),
        updated_at: Set(now.into()),
        version: Set(1),
    }
    .insert(db)
    .await
}

/// Saves the profile fields of `changed` if the stored version is still
/// `expected_version`; `None` when someone else changed it first.
pub async fn update_versioned(
    db: &impl ConnectionTrait,
    changed: &Model,
    expected_version: i64,
    now: DateTime<Utc>,
) -> Result<Option<Model>, DbErr> {
    let changes = ActiveModel {
        name: Set(changed.name.clone()),
        phone: Set(changed.phone.clone()),
        language: Set(changed.language.clone()),
        role: Set(changed.role.clone()),
        is_contact_person: Set(changed.is_contact_person),
        is_technical_contact: Set(changed.is_technical_contact),
        status: Set(changed.status.clone()),
        search_text: Set(search_text(&changed.name, &changed.email)),
        ..ActiveModelTrait::default()
    };
    super::versioned::save(db, changed.id, expected_version, changes, now).await
}

/// Stores a new password hash and activates an invited account.
pub async fn set_password(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let now_tz = tz(now);
    Entity::update_many()
        .col_expr(Column::PasswordHash, Expr::value(password_hash))
        .col_expr(Column::PasswordChangedAt, Expr::value(now_tz))
        .col_expr(
            Column::Status,
            Expr::case(Column::Status.eq(STATUS_INVITED), STATUS_ACTIVE).finally(Expr::col(Column::Status)).into(),
        )
        .col_expr(Column::UpdatedAt, Expr::value(now_tz))
        .col_expr(Column::Version, Expr::col(Column::Version).add(1))
        .filter(Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn record_login(db: &impl ConnectionTrait, user_id: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::LastLoginAt, Expr::value(tz(now)))
        .filter(Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The branch ids of each of `user_ids`.
pub async fn branch_ids(db: &impl ConnectionTrait, user_ids: &[Uuid]) -> Result<HashMap<Uuid, Vec<Uuid>>, DbErr> {
    let mut map: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    if user_ids.is_empty() {
        return Ok(map);
    }
    let rows = user_branches::Entity::find()
        .filter(user_branches::Column::UserId.is_in(user_ids.to_vec()))
        .order_by_asc(user_branches::Column::BranchId)
        .all(db)
        .await?;
    for row in rows {
        map.entry(row.user_id).or_default().push(row.branch_id);
    }
    Ok(map)
}

/// Replaces the user's branch memberships.
pub async fn set_branches(db: &impl ConnectionTrait, user_id: Uuid, branch_ids: &[Uuid]) -> Result<(), DbErr> {
    user_branches::Entity::delete_many().filter(user_branches::Column::UserId.eq(user_id)).exec(db).await?;
    if branch_ids.is_empty() {
        return Ok(());
    }
    let rows = branch_ids
        .iter()
        .map(|branch_id| user_branches::ActiveModel { user_id: Set(user_id), branch_id: Set(*branch_id) });
    user_branches::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}

/// The active contact persons of an organisation, by name.
pub async fn contact_persons(db: &impl ConnectionTrait, organisation_id: Uuid) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::OrganisationId.eq(organisation_id))
        .filter(Column::IsContactPerson.eq(true))
        .filter(Column::Status.eq(STATUS_ACTIVE))
        .order_by_asc(Column::Name)
        .all(db)
        .await
}

/// The active users of an organisation with `role`, by name.
pub async fn with_role(db: &impl ConnectionTrait, organisation_id: Uuid, role: &str) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::OrganisationId.eq(organisation_id))
        .filter(Column::Role.eq(role))
        .filter(Column::Status.eq(STATUS_ACTIVE))
        .order_by_asc(Column::Name)
        .all(db)
        .await
}

/// Users by id, for names and addresses of people a record already names (its
/// requester, its assignee): callers pass only ids from records the caller may read.
pub async fn by_ids(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<HashMap<Uuid, Model>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = Entity::find().filter(Column::Id.is_in(ids.iter().copied())).all(db).await?;
    Ok(rows.into_iter().map(|row| (row.id, row)).collect())
}
