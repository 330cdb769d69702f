//! Organisations, always read through the caller's visibility.

use chrono::{DateTime, Utc};
use loket_domain::OrganisationKind;
use loket_domain::policy::{OrganisationFacts, Visibility};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::entities::organisations::{ActiveModel, Column, Entity, Model};
use loket_api_types::pagination::ListSort;

use super::pagination::PageRequest;

/// The SQL form of a [`Visibility`] over the `organisations` table. It must agree with
/// `Visibility::includes`; the repository tests check that on both databases.
pub fn visibility_condition(visibility: &Visibility) -> Condition {
    match visibility {
        Visibility::Everything => Condition::all(),
        Visibility::Own(own) => Condition::all().add(Column::Id.eq(*own)),
        Visibility::Partner { own, branches } => {
            let mut managed = Condition::all().add(Column::ManagingPartnerId.eq(*own));
            if !branches.is_empty() {
                managed = managed.add(
                    Condition::any().add(Column::BranchId.is_null()).add(Column::BranchId.is_in(branches.clone())),
                );
            }
            Condition::any().add(Column::Id.eq(*own)).add(managed)
        }
    }
}

/// `SELECT id FROM organisations WHERE <visible>`, for filtering rows of other tables.
pub fn visible_ids_subquery(visibility: &Visibility) -> SelectStatement {
    Query::select().column(Column::Id).from(Entity).cond_where(visibility_condition(visibility)).to_owned()
}

pub fn facts(model: &Model) -> Result<OrganisationFacts, DbErr> {
    Ok(OrganisationFacts {
        id: model.id,
        kind: kind_of(model)?,
        managing_partner_id: model.managing_partner_id,
        branch_id: model.branch_id,
    })
}

pub fn kind_of(model: &Model) -> Result<OrganisationKind, DbErr> {
    super::stored(OrganisationKind::parse(&model.kind), "organisations.kind", &model.kind)
}

/// The organisation with `id`, if the caller can see it.
pub async fn find(db: &impl ConnectionTrait, visibility: &Visibility, id: Uuid) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id).filter(visibility_condition(visibility)).one(db).await
}

/// Filters of the organisation list.
#[derive(Debug, Default)]
pub struct OrganisationFilter {
    pub kind: Option<OrganisationKind>,
    pub managing_partner_id: Option<Uuid>,
    pub search: Option<String>,
    /// Only organisations nobody belongs to yet (clients awaiting their first user).
    pub without_users: bool,
}

pub async fn list(
    db: &impl ConnectionTrait,
    visibility: &Visibility,
    filter: &OrganisationFilter,
    page: &PageRequest<impl ListSort>,
) -> Result<(Vec<Model>, Option<String>), DbErr> {
    let mut select = Entity::find().filter(visibility_condition(visibility));
    if let Some(kind) = filter.kind {
        select = select.filter(Column::Kind.eq(kind.as_str()));
    }
    if let Some(partner) = filter.managing_partner_id {
        select = select.filter(Column::ManagingPartnerId.eq(partner));
    }
    if let Some(search) = filter.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        select = select.filter(Expr::col(Column::SearchText).like(like_pattern(search)));
    }
    if filter.without_users {
        select = select.filter(Column::Id.not_in_subquery(super::users::organisations_with_users_subquery()));
    }
    let rows = page.fetch(db, select, Column::Name, Column::Id).await?;
    Ok(page.finish(rows, |m| (m.name.clone(), m.id)))
}

/// A `LIKE` pattern that matches `search` anywhere, lower-cased, with wildcards escaped.
pub fn like_pattern(search: &str) -> String {
    let escaped: String = search.to_lowercase().chars().filter(|c| !matches!(c, '%' | '_' | '\\')).collect();
    format!("%{escaped}%")
}

/// The text searched by `q`: name, registration numbers and customer number, lower-cased.
pub fn search_text(model: &Model) -> String {
    [
        Some(model.name.as_str()),
        model.coc_number.as_deref(),
        model.vat_number.as_deref(),
        model.customer_number.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ")
    .to_lowercase()
}

/// What the vendor keeps on a client besides its registration: the customer number
/// printed on its invoices and the consultant it is sent to for work outside support.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientProfile {
    pub customer_number: Option<String>,
    pub consultant_name: Option<String>,
    pub consultant_email: Option<String>,
    pub consultant_phone: Option<String>,
}

pub struct NewOrganisation {
    pub id: Uuid,
    pub kind: OrganisationKind,
    pub name: String,
    pub partner_kind: Option<String>,
    pub coc_number: Option<String>,
    pub vat_number: Option<String>,
    pub managing_partner_id: Option<Uuid>,
    pub branch_id: Option<Uuid>,
    pub profile: ClientProfile,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewOrganisation, now: DateTime<Utc>) -> Result<Model, DbErr> {
    row(model_of(new, now)).insert(db).await
}

/// Many organisations at once (an import's new clients), a few hundred to a statement.
pub async fn insert_many(
    db: &impl ConnectionTrait,
    new: Vec<NewOrganisation>,
    now: DateTime<Utc>,
) -> Result<Vec<Model>, DbErr> {
    let models: Vec<Model> = new.into_iter().map(|new| model_of(new, now)).collect();
    for chunk in models.chunks(super::BULK_ROWS) {
        Entity::insert_many(chunk.iter().cloned().map(row)).exec_without_returning(db).await?;
    }
    Ok(models)
}

fn row(model: Model) -> ActiveModel {
    ActiveModel::from(model).reset_all()
}

/// The new organisation as stored, with its search text.
fn model_of(new: NewOrganisation, now: DateTime<Utc>) -> Model {
    let mut model = Model {
        id: new.id,
        kind: new.kind.as_str().to_owned(),
        name: new.name,
        partner_kind: new.partner_kind,
        coc_number: new.coc_number,
        vat_number: new.vat_number,
        managing_partner_id: new.managing_partner_id,
        search_text: String::new(),
        created_at: now.into(),
        updated_at: now.into(),
        version: 1,
        branch_id: new.branch_id,
        customer_number: new.profile.customer_number,
        consultant_name: new.profile.consultant_name,
        consultant_email: new.profile.consultant_email,
        consultant_phone: new.profile.consultant_phone,
    };
    model.search_text = search_text(&model);
    model
}

/// Saves `changed` if the stored version is still `expected_version`; returns the saved
/// row, or `None` when someone else changed it first.
pub async fn update_versioned(
    db: &impl ConnectionTrait,
    changed: Model,
    expected_version: i64,
    now: DateTime<Utc>,
) -> Result<Option<Model>, DbErr> {
    let search = search_text(&changed);
    let changes = ActiveModel {
        customer_number: Set(changed.customer_number),
        consultant_name: Set(changed.consultant_name),
        consultant_email: Set(changed.consultant_email),
        consultant_phone: Set(changed.consultant_phone),
        name: Set(changed.name),
        partner_kind: Set(changed.partner_kind),
        coc_number: Set(changed.coc_number),
        vat_number: Set(changed.vat_number),
        branch_id: Set(changed.branch_id),
        search_text: Set(search),
        ..ActiveModelTrait::default()
    };
    super::versioned::save(db, changed.id, expected_version, changes, now).await
}

/// The vendor organisation (there is exactly one once seeded).
pub async fn find_vendor(db: &impl ConnectionTrait) -> Result<Option<Model>, DbErr> {
    Entity::find().filter(Column::Kind.eq(OrganisationKind::Vendor.as_str())).one(db).await
}

/// Finds an organisation by kind and exact name (for idempotent seeding).
pub async fn find_by_kind_and_name(
    db: &impl ConnectionTrait,
    kind: OrganisationKind,
    name: &str,
) -> Result<Option<Model>, DbErr> {
    Entity::find().filter(Column::Kind.eq(kind.as_str())).filter(Column::Name.eq(name)).one(db).await
}

/// Organisation names by id, for records the caller may already read.
pub async fn names(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<std::collections::HashMap<Uuid, String>, DbErr> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let rows = Entity::find().filter(Column::Id.is_in(ids.iter().copied())).all(db).await?;
    Ok(rows.into_iter().map(|row| (row.id, row.name)).collect())
}

/// Organisations by id, for records the caller may already read.
pub async fn by_ids(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<std::collections::HashMap<Uuid, Model>, DbErr> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let rows = Entity::find().filter(Column::Id.is_in(ids.iter().copied())).all(db).await?;
    Ok(rows.into_iter().map(|row| (row.id, row)).collect())
}
