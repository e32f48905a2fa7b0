//! The category tree and the skill list, which admins manage.

use chrono::Utc;
use jobgraph_shared::auth::Caller;
use jobgraph_shared::error::is_unique_violation;
use jobgraph_shared::pagination::{PageArgs, PageWindow};
use jobgraph_shared::{Error, Result, text};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use super::JobsService;
use crate::entities::{category, job_category, skill};

/// How deep the category tree may grow.
pub const MAX_CATEGORY_DEPTH: usize = 5;

fn taken(what: &'static str) -> impl Fn(sea_orm::DbErr) -> Error {
    move |error| {
        if is_unique_violation(&error) {
            Error::conflict(format!("another {what} already uses this slug; choose another"))
        } else {
            error.into()
        }
    }
}

fn slug_for(given: Option<&str>, name: &str) -> Result<String> {
    let slug = match given {
        Some(slug) => text::slug("slug", slug)?,
        None => text::slugify(name),
    };
    if slug.is_empty() {
        return Err(Error::bad_input("slug", "give a slug: the name has no letters or digits to make one from"));
    }
    Ok(slug)
}

impl JobsService {
    pub async fn create_category(
        &self,
        caller: &Caller,
        name: &str,
        slug: Option<&str>,
        parent_id: Option<Uuid>,
    ) -> Result<category::Model> {
        caller.require_admin()?;
        let name = text::required("name", name, 100)?;
        let slug = slug_for(slug, &name)?;
        if let Some(parent) = parent_id {
            let depth = self.category_depth(parent).await?;
            if depth >= MAX_CATEGORY_DEPTH {
                return Err(Error::bad_input(
                    "parentId",
                    format!("the tree is at most {MAX_CATEGORY_DEPTH} levels deep"),
                ));
            }
        }
        category::ActiveModel {
            id: Set(Uuid::now_v7()),
            name: Set(name),
            slug: Set(slug),
            parent_id: Set(parent_id),
            created_at: Set(Utc::now()),
        }
        .insert(&self.db)
        .await
        .map_err(taken("category"))
    }

    /// Levels from `id` up to its root; also checks that `id` exists.
    async fn category_depth(&self, id: Uuid) -> Result<usize> {
        let mut depth = 0;
        let mut next = Some(id);
        while let Some(id) = next {
            let node = category::Entity::find_by_id(id)
                .one(&self.db)
                .await?
                .ok_or_else(|| Error::bad_input("parentId", "no such category"))?;
            depth += 1;
            if depth > MAX_CATEGORY_DEPTH {
                break;
            }
            next = node.parent_id;
        }
        Ok(depth)
    }

    pub async fn update_category(
        &self,
        caller: &Caller,
        id: Uuid,
        name: Option<&str>,
        parent_id: Option<Option<Uuid>>,
    ) -> Result<category::Model> {
        caller.require_admin()?;
        let node = category::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::not_found("no such category"))?;
        let mut active = node.into_active_model();
        if let Some(name) = name {
            active.name = Set(text::required("name", name, 100)?);
        }
        if let Some(parent) = parent_id {
            if let Some(parent) = parent {
                // Walk up from the new parent: meeting `id` would make a cycle.
                let mut next = Some(parent);
                while let Some(ancestor) = next {
                    if ancestor == id {
                        return Err(Error::bad_input(
                            "parentId",
                            "a category cannot sit under itself or its descendants",
                        ));
                    }
                    next = category::Entity::find_by_id(ancestor)
                        .one(&self.db)
                        .await?
                        .ok_or_else(|| Error::bad_input("parentId", "no such category"))?
                        .parent_id;
                }
            }
            active.parent_id = Set(parent);
        }
        Ok(active.update(&self.db).await?)
    }

    /// Deletes an unused leaf category.
    pub async fn delete_category(&self, caller: &Caller, id: Uuid) -> Result<category::Model> {
        caller.require_admin()?;
        let node = category::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::not_found("no such category"))?;
        let children = category::Entity::find().filter(category::Column::ParentId.eq(id)).count(&self.db).await?;
        let used = job_category::Entity::find().filter(job_category::Column::CategoryId.eq(id)).count(&self.db).await?;
        if children > 0 || used > 0 {
            return Err(Error::conflict("this category has subcategories or jobs; move them first"));
        }
        category::Entity::delete_by_id(id).exec(&self.db).await?;
        Ok(node)
    }

    /// The children of `parent`, or the roots; the tree is small and admin-made.
    pub async fn categories(&self, parent: Option<Uuid>) -> Result<Vec<category::Model>> {
        let query = match parent {
            Some(parent) => category::Entity::find().filter(category::Column::ParentId.eq(parent)),
            None => category::Entity::find().filter(category::Column::ParentId.is_null()),
        };
        Ok(query.order_by_asc(category::Column::Name).all(&self.db).await?)
    }

    pub async fn category(&self, id: Uuid) -> Result<Option<category::Model>> {
        Ok(category::Entity::find_by_id(id).one(&self.db).await?)
    }

    pub async fn create_skill(
        &self,
        caller: &Caller,
        name: &str,
        slug: Option<&str>,
        aliases: Vec<String>,
    ) -> Result<skill::Model> {
        caller.require_admin()?;
        let name = text::required("name", name, 100)?;
        let slug = slug_for(slug, &name)?;
        skill::ActiveModel {
            id: Set(Uuid::now_v7()),
            name: Set(name),
            slug: Set(slug),
            aliases: Set(serde_json::json!(aliases_of(aliases)?)),
            created_at: Set(Utc::now()),
        }
        .insert(&self.db)
        .await
        .map_err(taken("skill"))
    }

    pub async fn update_skill(
        &self,
        caller: &Caller,
        id: Uuid,
        name: Option<&str>,
        aliases: Option<Vec<String>>,
    ) -> Result<skill::Model> {
        caller.require_admin()?;
        let found =
            skill::Entity::find_by_id(id).one(&self.db).await?.ok_or_else(|| Error::not_found("no such skill"))?;
        let mut active = found.into_active_model();
        if let Some(name) = name {
            active.name = Set(text::required("name", name, 100)?);
        }
        if let Some(aliases) = aliases {
            active.aliases = Set(serde_json::json!(aliases_of(aliases)?));
        }
        Ok(active.update(&self.db).await?)
    }

    /// Skills whose name or an alias contains `search`, by name.
    pub async fn skills(&self, search: Option<String>, page: &PageArgs) -> Result<(PageWindow, Vec<skill::Model>)> {
        page.validate("Skill")?;
        let mut query = skill::Entity::find();
        if let Some(search) = text::optional("query", search.as_deref(), 100)? {
            let pattern = text::contains_pattern(&search);
            let name = Expr::expr(Func::lower(Expr::col(skill::Column::Name))).like(pattern.clone());
            let aliases = Expr::expr(Func::lower(Expr::col(skill::Column::Aliases).cast_as("text"))).like(pattern);
            query = query.filter(Condition::any().add(name).add(aliases));
        }
        let total = query.clone().count(&self.db).await?;
        let window = page.window("Skill", total)?;
        let skills =
            query.order_by_asc(skill::Column::Name).offset(window.offset).limit(window.limit).all(&self.db).await?;
        Ok((window, skills))
    }

    /// Refuses IDs among `ids` that name no skill.
    pub async fn ensure_skills_exist(&self, ids: &[Uuid]) -> Result<()> {
        let found = skill::Entity::find().filter(skill::Column::Id.is_in(ids.iter().copied())).count(&self.db).await?;
        if found as usize != ids.len() {
            return Err(Error::bad_input("skills", "names a skill that does not exist"));
        }
        Ok(())
    }

    /// Refuses IDs among `ids` that name no category.
    pub async fn ensure_categories_exist(&self, ids: &[Uuid]) -> Result<()> {
        let found =
            category::Entity::find().filter(category::Column::Id.is_in(ids.iter().copied())).count(&self.db).await?;
        if found as usize != ids.len() {
            return Err(Error::bad_input("categoryIds", "names a category that does not exist"));
        }
        Ok(())
    }
}

fn aliases_of(aliases: Vec<String>) -> Result<Vec<String>> {
    if aliases.len() > 20 {
        return Err(Error::bad_input("aliases", "at most 20 aliases"));
    }
    aliases.iter().map(|alias| text::required("aliases", alias, 100)).collect()
}
