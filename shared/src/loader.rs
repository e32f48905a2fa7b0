//! Generic DataLoaders over sea-orm entities keyed by UUID: one statement
//! per batch, whatever the batch size. Every entity resolver and relation
//! field loads through one of these.

use std::collections::HashMap;
use std::marker::PhantomData;

use async_graphql::dataloader::Loader;
use sea_orm::sea_query::ValueType;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, Iterable, ModelTrait, PrimaryKeyToColumn, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::error::{Error, Result};

fn uuid_of<M: ModelTrait>(model: &M, column: <M::Entity as EntityTrait>::Column) -> Result<Uuid> {
    <Uuid as ValueType>::try_from(model.get(column))
        .map_err(|_| Error::internal(anyhow::anyhow!("{column:?} is not a UUID")))
}

/// Rows of `E` by primary key.
pub struct ById<E> {
    db: DatabaseConnection,
    entity: PhantomData<fn() -> E>,
}

impl<E> ById<E> {
    pub fn new(db: DatabaseConnection) -> Self {
        ById { db, entity: PhantomData }
    }
}

impl<E> Loader<Uuid> for ById<E>
where
    E: EntityTrait,
    E::Model: Sync,
{
    type Value = E::Model;
    type Error = Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, E::Model>> {
        let key = E::PrimaryKey::iter().next().expect("every entity has a primary key").into_column();
        let rows = E::find().filter(key.is_in(keys.iter().copied())).all(&self.db).await?;
        rows.into_iter().map(|row| Ok((uuid_of(&row, key)?, row))).collect()
    }
}

/// Rows of `E` grouped by a UUID column (a foreign key), in `order`.
pub struct ByColumn<E: EntityTrait> {
    db: DatabaseConnection,
    column: E::Column,
    order: Option<E::Column>,
}

impl<E: EntityTrait> ByColumn<E> {
    pub fn new(db: DatabaseConnection, column: E::Column, order: Option<E::Column>) -> Self {
        ByColumn { db, column, order }
    }
}

impl<E> Loader<Uuid> for ByColumn<E>
where
    E: EntityTrait,
    E::Model: Sync,
    E::Column: Send + Sync,
{
    type Value = Vec<E::Model>;
    type Error = Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<E::Model>>> {
        let mut query = E::find().filter(self.column.is_in(keys.iter().copied()));
        if let Some(order) = self.order {
            query = query.order_by_asc(order);
        }
        let mut groups: HashMap<Uuid, Vec<E::Model>> = HashMap::new();
        for row in query.all(&self.db).await? {
            groups.entry(uuid_of(&row, self.column)?).or_default().push(row);
        }
        Ok(groups)
    }
}
