//! Human-readable numbers (`T-2026-000123`, `A-2026-000007`): one counter row per series
//! and year, incremented by an upsert in the creating transaction, so two records made
//! at once never share a number on either database.

use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ConnectionTrait, DbErr};

use super::entities::number_counters::{Column, Entity};

/// The next sequence number of `series` in `year` (1 for the first).
pub async fn next(db: &impl ConnectionTrait, series: &str, year: i32) -> Result<i64, DbErr> {
    let statement = Query::insert()
        .into_table(Entity)
        .columns([Column::Series, Column::Year, Column::LastNumber])
        .values([Expr::value(series), Expr::value(year), Expr::value(1_i64)])
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .on_conflict(
            OnConflict::columns([Column::Series, Column::Year])
                .value(Column::LastNumber, Expr::col((Entity, Column::LastNumber)).add(1))
                .to_owned(),
        )
        .returning_col(Column::LastNumber)
        .to_owned();
    let row = db
        .query_one(&statement)
        .await?
        .ok_or_else(|| DbErr::Custom(format!("the {series} counter returned no row")))?;
    row.try_get_by_index::<i64>(0)
}
