//! The new-customer questionnaire (seed 000 step 4): every definition the vendor
//! administrator saves is a new numbered version (version 0, the built-in standard, is
//! not stored); an accepted install request answers the version current at its
//! acceptance, as a draft until the client submits it.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261201_000010_create_tickets::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum QuestionnaireVersions {
    Table,
    Number,
    Sections,
    CreatedAt,
    CreatedByName,
}

#[derive(DeriveIden)]
enum QuestionnaireAnswers {
    Table,
    RequestId,
    QuestionnaireVersion,
    Answers,
    Status,
    SavedAt,
    SavedByName,
    SubmittedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum InstallRequests {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(QuestionnaireVersions::Table)
                    .col(integer(QuestionnaireVersions::Number).primary_key())
                    // The sections as JSON (`loket_domain::onboarding::questionnaire::Section`).
                    .col(text(QuestionnaireVersions::Sections))
                    .col(timestamp_with_time_zone(QuestionnaireVersions::CreatedAt))
                    .col(string_len(QuestionnaireVersions::CreatedByName, 120))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuestionnaireAnswers::Table)
                    .col(uuid(QuestionnaireAnswers::RequestId).primary_key())
                    .col(integer(QuestionnaireAnswers::QuestionnaireVersion))
                    // The answers as JSON, by question key, in their written form.
                    .col(text(QuestionnaireAnswers::Answers))
                    .col(string_len(QuestionnaireAnswers::Status, 10))
                    .col(timestamp_with_time_zone_null(QuestionnaireAnswers::SavedAt))
                    .col(string_len_null(QuestionnaireAnswers::SavedByName, 120))
                    .col(timestamp_with_time_zone_null(QuestionnaireAnswers::SubmittedAt))
                    .col(timestamp_with_time_zone(QuestionnaireAnswers::UpdatedAt))
                    .col(big_integer(QuestionnaireAnswers::Version).default(1))
                    .check(Expr::cust("status IN ('draft', 'submitted')"))
                    .foreign_key(&mut fk(
                        "fk_questionnaire_answers_request",
                        (QuestionnaireAnswers::Table, QuestionnaireAnswers::RequestId),
                        (InstallRequests::Table, InstallRequests::Id),
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(QuestionnaireAnswers::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(QuestionnaireVersions::Table).to_owned()).await
    }
}
