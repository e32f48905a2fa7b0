//! Generic DataLoaders over sea-orm entities keyed by UUID: one statement
//! per batch, whatever the batch size. Every entity resolver and relation
//! field loads through one of these.

use std::any::Any;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, Loader};
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

/// Rows of a link entity `E` grouped by a UUID column, each with the row of
/// `R` it points to, in one statement (a join): job -> (job_skill, skill).
pub struct ByColumnWith<E: EntityTrait, R> {
    db: DatabaseConnection,
    column: E::Column,
    related: PhantomData<fn() -> R>,
}

impl<E: EntityTrait, R> ByColumnWith<E, R> {
    pub fn new(db: DatabaseConnection, column: E::Column) -> Self {
        ByColumnWith { db, column, related: PhantomData }
    }
}

impl<E, R> Loader<Uuid> for ByColumnWith<E, R>
where
    E: EntityTrait + sea_orm::Related<R>,
    R: EntityTrait,
    E::Model: Sync,
    R::Model: Sync,
    E::Column: Send + Sync,
{
    type Value = Vec<(E::Model, R::Model)>;
    type Error = Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>> {
        let rows = E::find()
            .filter(self.column.is_in(keys.iter().copied()))
            .find_also_related(R::default())
            .all(&self.db)
            .await?;
        let mut groups: HashMap<Uuid, Self::Value> = HashMap::new();
        for (row, related) in rows {
            if let Some(related) = related {
                groups.entry(uuid_of(&row, self.column)?).or_default().push((row, related));
            }
        }
        Ok(groups)
    }
}

/// One relation for every item of a page, loaded once for all of them when
/// the first item asks. Unlike a DataLoader's time window, this batches
/// whatever the page size and however slowly the items resolve.
pub struct Siblings<L: Loader<Uuid>> {
    keys: Vec<Uuid>,
    loaded: tokio::sync::OnceCell<HashMap<Uuid, L::Value>>,
}

impl<L: Loader<Uuid, Error = Error>> Siblings<L> {
    pub fn new(keys: impl IntoIterator<Item = Uuid>) -> Self {
        let mut keys: Vec<Uuid> = keys.into_iter().collect();
        keys.sort_unstable();
        keys.dedup();
        Siblings { keys, loaded: tokio::sync::OnceCell::new() }
    }

    /// `key`'s value, loading the whole batch on first use. A key outside
    /// the batch goes through the DataLoader.
    pub async fn load_one(&self, loader: &DataLoader<L>, key: Uuid) -> Result<Option<L::Value>> {
        if self.keys.binary_search(&key).is_err() {
            return loader.load_one(key).await;
        }
        let all = self.loaded.get_or_try_init(|| loader.loader().load(&self.keys)).await?;
        Ok(all.get(&key).cloned())
    }

    /// The keys of the batch.
    pub fn keys(&self) -> &[Uuid] {
        &self.keys
    }

    /// Everything the batch loaded, once it has.
    pub fn loaded(&self) -> Option<&HashMap<Uuid, L::Value>> {
        self.loaded.get()
    }
}

/// Memory shared by the resolvers of one request (the server puts a fresh
/// one into every request), such as the batch of one `_entities` call.
#[derive(Default)]
pub struct RequestScope(std::sync::Mutex<HashMap<&'static str, Arc<dyn Any + Send + Sync>>>);

impl RequestScope {
    /// The value named `name` in this request, if something made it.
    pub fn get<T: Send + Sync + 'static>(&self, name: &'static str) -> Option<Arc<T>> {
        let entries = self.0.lock().expect("request scope");
        entries.get(name).map(|entry| Arc::clone(entry).downcast::<T>().expect("one type per name"))
    }

    /// The value named `name` in this request, made by `init` on first use.
    pub fn get_or_init<T: Send + Sync + 'static>(&self, name: &'static str, init: impl FnOnce() -> T) -> Arc<T> {
        let mut entries = self.0.lock().expect("request scope");
        let entry = entries.entry(name).or_insert_with(|| Arc::new(init()));
        Arc::clone(entry).downcast::<T>().expect("one type per name")
    }

    /// `parent`'s part of something read for every parent of one
    /// `_entities` call at once (say each job's page of applications):
    /// `load` reads it for all of them, once per distinct `arguments` in the
    /// request. None when `load` found nothing for `parent`.
    pub async fn per_parent<V, F, Fut>(
        &self,
        name: &'static str,
        arguments: impl std::fmt::Debug,
        parent: Uuid,
        load: F,
    ) -> Result<Option<V>>
    where
        V: Clone + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<HashMap<Uuid, V>>>,
    {
        type Batches<V> = std::sync::Mutex<HashMap<String, Arc<tokio::sync::OnceCell<HashMap<Uuid, V>>>>>;
        let batch = self
            .get_or_init(name, Batches::<V>::default)
            .lock()
            .expect("batches")
            .entry(format!("{arguments:?}"))
            .or_default()
            .clone();
        let all = batch.get_or_try_init(load).await?;
        Ok(all.get(&parent).cloned())
    }
}

/// The ids of the `typename` representations of the `_entities` call being
/// resolved; empty outside one.
pub fn entity_ids(ctx: &Context<'_>, typename: &str) -> Vec<Uuid> {
    let Ok((_, representations)) = ctx.param_value::<Vec<async_graphql::Any>>("representations", None) else {
        return Vec::new();
    };
    representations
        .iter()
        .filter_map(|any| match &any.0 {
            async_graphql::Value::Object(fields) => {
                let matches = fields.get("__typename") == Some(&async_graphql::Value::from(typename));
                match (matches, fields.get("id")) {
                    (true, Some(async_graphql::Value::String(id))) => Uuid::parse_str(id).ok(),
                    _ => None,
                }
            }
            _ => None,
        })
        .collect()
}

/// The batch of every `typename` representation in this request's
/// `_entities` call, read at once however slowly the representations resolve.
pub fn entity_batch<L: Loader<Uuid, Error = Error>>(
    ctx: &Context<'_>,
    typename: &'static str,
) -> Option<Arc<Siblings<L>>> {
    let scope = ctx.data_opt::<RequestScope>()?;
    Some(scope.get_or_init(typename, || Siblings::<L>::new(entity_ids(ctx, typename))))
}

/// Loads the `typename` entity `id` for `_entities` through its batch.
pub async fn load_entity<L>(ctx: &Context<'_>, typename: &'static str, id: Uuid) -> Result<Option<L::Value>>
where
    L: Loader<Uuid, Error = Error>,
{
    let loader = ctx.data::<DataLoader<L>>().map_err(|e| Error::internal(anyhow::anyhow!("{}", e.message)))?;
    match entity_batch::<L>(ctx, typename) {
        Some(batch) => batch.load_one(loader, id).await,
        None => loader.load_one(id).await,
    }
}

/// One key of a sort: the column, its direction, and where NULLs go (the
/// database's default when `None`).
pub type SortKey<C> = (C, sea_orm::Order, Option<sea_orm::sea_query::NullOrdering>);

/// A page of each group of the rows `query` selects: the rows ranked
/// `offset + 1` to `offset + limit` by `order` within each group of equal
/// `partition` (a parent's id), in one statement (a window function, which
/// PostgreSQL and SQLite both have). Lists nested under a page of parents
/// (a page of jobs, each with a page of its applications) cost one
/// statement this way, not one per parent.
pub async fn page_of_each<E: EntityTrait>(
    db: &impl sea_orm::ConnectionTrait,
    query: sea_orm::Select<E>,
    partition: E::Column,
    order: &[SortKey<E::Column>],
    offset: u64,
    limit: u64,
) -> Result<Vec<E::Model>> {
    use sea_orm::QueryTrait as _;
    use sea_orm::sea_query::{Alias, Asterisk, Expr, Query, WindowStatement};
    let rank = Alias::new("jobgraph_rank");
    // Qualified by the table: the query may join others with columns of the same names.
    let mut window = WindowStatement::partition_by((E::default(), partition));
    for (column, direction, nulls) in order {
        match nulls {
            Some(nulls) => window.order_by_with_nulls((E::default(), *column), direction.clone(), *nulls),
            None => window.order_by((E::default(), *column), direction.clone()),
        };
    }
    let mut ranked = query.into_query();
    ranked.expr_window_as(Expr::cust("ROW_NUMBER()"), window, rank.clone());
    let mut page = Query::select();
    page.column(Asterisk)
        .from_subquery(ranked, Alias::new("ranked"))
        .and_where(Expr::col(rank.clone()).gt(offset as i64))
        .and_where(Expr::col(rank.clone()).lte(offset.saturating_add(limit) as i64))
        .order_by(rank, sea_orm::Order::Asc);
    let statement = db.get_database_backend().build(&page);
    Ok(E::find().from_raw_sql(statement).all(db).await?)
}
