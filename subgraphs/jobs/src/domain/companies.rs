//! Companies: employers create and own them; admins verify and suspend.

use chrono::{Datelike as _, Utc};
use jobgraph_shared::auth::{Caller, Role};
use jobgraph_shared::error::is_unique_violation;
use jobgraph_shared::loader::page_of_each;
use jobgraph_shared::pagination::{PageArgs, PageWindow};
use jobgraph_shared::{Error, Result, text};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait, Unchanged,
};
use uuid::Uuid;

use super::{JobsService, country_code, events, stale};
use crate::entities::company;
use crate::entities::enums::CompanySize;

/// A place, as clients give it.
#[derive(Clone, Debug, Default)]
pub struct Place {
    pub city: String,
    pub region: Option<String>,
    pub country_code: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

impl Place {
    /// Checks and normalises a place given in `field`.
    pub fn validate(self, field: &str) -> Result<Place> {
        let lat = match self.lat {
            Some(lat) if !(-90.0..=90.0).contains(&lat) => {
                return Err(Error::bad_input(field, "lat must be between -90 and 90"));
            }
            lat => lat,
        };
        let lon = match self.lon {
            Some(lon) if !(-180.0..=180.0).contains(&lon) => {
                return Err(Error::bad_input(field, "lon must be between -180 and 180"));
            }
            lon => lon,
        };
        Ok(Place {
            city: text::required(&format!("{field}.city"), &self.city, 100)?,
            region: text::optional(&format!("{field}.region"), self.region.as_deref(), 100)?,
            country_code: country_code(&format!("{field}.countryCode"), &self.country_code)?,
            lat,
            lon,
        })
    }
}

/// A company as its owner describes it. On update, `None` keeps a field and
/// `Some(None)` clears an optional one.
#[derive(Default)]
pub struct CompanyFields {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub description: Option<Option<String>>,
    pub website: Option<Option<String>>,
    pub logo_url: Option<Option<String>>,
    pub industry: Option<Option<String>>,
    pub size: Option<Option<CompanySize>>,
    pub founded_year: Option<Option<i32>>,
    pub headquarters: Option<Option<Place>>,
}

impl CompanyFields {
    /// Validates the fields given and writes them into `active`.
    fn apply(self, active: &mut company::ActiveModel) -> Result<()> {
        if let Some(name) = self.name {
            active.name = Set(text::required("name", &name, 200)?);
        }
        if let Some(slug) = self.slug {
            active.slug = Set(text::slug("slug", &slug)?);
        }
        if let Some(description) = self.description {
            active.description = Set(text::optional("description", description.as_deref(), 10_000)?);
        }
        if let Some(website) = self.website {
            active.website = Set(text::url("website", website.as_deref())?);
        }
        if let Some(logo_url) = self.logo_url {
            active.logo_url = Set(text::url("logoUrl", logo_url.as_deref())?);
        }
        if let Some(industry) = self.industry {
            active.industry = Set(text::optional("industry", industry.as_deref(), 100)?);
        }
        if let Some(size) = self.size {
            active.size = Set(size);
        }
        if let Some(year) = self.founded_year {
            let this_year = Utc::now().year();
            if let Some(year) = year
                && !(1600..=this_year).contains(&year)
            {
                return Err(Error::bad_input("foundedYear", format!("must be between 1600 and {this_year}")));
            }
            active.founded_year = Set(year);
        }
        if let Some(headquarters) = self.headquarters {
            let place = headquarters.map(|place| place.validate("headquarters")).transpose()?;
            active.hq_city = Set(place.as_ref().map(|p| p.city.clone()));
            active.hq_region = Set(place.as_ref().and_then(|p| p.region.clone()));
            active.hq_country_code = Set(place.map(|p| p.country_code));
        }
        Ok(())
    }
}

fn slug_taken(error: sea_orm::DbErr) -> Error {
    if is_unique_violation(&error) {
        Error::conflict("another company already uses this slug; choose another")
    } else {
        error.into()
    }
}

impl JobsService {
    /// Creates a company owned by the calling employer.
    pub async fn create_company(&self, caller: &Caller, fields: CompanyFields) -> Result<company::Model> {
        let (owner, _) = caller.require_role(&[Role::Employer])?;
        self.ensure_may_post(owner).await?;
        let name = fields.name.clone().ok_or_else(|| Error::bad_input("name", "must not be empty"))?;
        let now = Utc::now();
        let mut active = company::ActiveModel {
            id: Set(Uuid::now_v7()),
            name: Set(String::new()),
            slug: Set(text::slugify(&name)),
            description: Set(None),
            website: Set(None),
            logo_url: Set(None),
            industry: Set(None),
            size: Set(None),
            founded_year: Set(None),
            hq_city: Set(None),
            hq_region: Set(None),
            hq_country_code: Set(None),
            is_verified: Set(false),
            is_suspended: Set(false),
            owner_id: Set(owner),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            deleted_at: Set(None),
            deleted_by: Set(None),
        };
        fields.apply(&mut active)?;
        if active.slug.as_ref().is_empty() {
            return Err(Error::bad_input("slug", "give a slug: the name has no letters or digits to make one from"));
        }
        let txn = self.db.begin().await?;
        let company = active.insert(&txn).await.map_err(slug_taken)?;
        events::company_created(&txn, owner, &company).await?;
        txn.commit().await?;
        Ok(company)
    }

    pub async fn company(&self, id: Uuid) -> Result<Option<company::Model>> {
        Ok(company::Entity::find_by_id(id).one(&self.db).await?)
    }

    pub async fn company_by_slug(&self, slug: &str) -> Result<Option<company::Model>> {
        Ok(company::Entity::find()
            .filter(company::Column::Slug.eq(slug.trim().to_lowercase()))
            .filter(company::Column::DeletedAt.is_null())
            .one(&self.db)
            .await?)
    }

    /// A live company the caller owns (or any, for an admin).
    pub async fn owned_company(&self, caller: &Caller, id: Uuid) -> Result<company::Model> {
        caller.require_user()?;
        let company = self.company(id).await?.ok_or_else(|| Error::not_found("no such company"))?;
        caller.require_owner(company.owner_id, "company")?;
        if company.deleted_at.is_some() {
            return Err(Error::conflict("this company is deleted; an admin must restore it first"));
        }
        Ok(company)
    }

    pub async fn update_company(
        &self,
        caller: &Caller,
        id: Uuid,
        version: i32,
        fields: CompanyFields,
    ) -> Result<company::Model> {
        let company = self.owned_company(caller, id).await?;
        if company.version != version {
            return Err(stale("company", company.version));
        }
        let mut active = company::ActiveModel { id: Unchanged(id), ..Default::default() };
        fields.apply(&mut active)?;
        active.updated_at = Set(Utc::now());
        self.write_company(caller.require_user()?.0, &company, active).await
    }

    /// Writes `active` only if the company is still at the version of
    /// `before`, bumping it, and records the event of the change.
    async fn write_company(
        &self,
        actor: Uuid,
        before: &company::Model,
        active: company::ActiveModel,
    ) -> Result<company::Model> {
        let txn = self.db.begin().await?;
        let result = company::Entity::update_many()
            .set(active)
            .col_expr(company::Column::Version, Expr::col(company::Column::Version).add(1))
            .filter(company::Column::Id.eq(before.id))
            .filter(company::Column::Version.eq(before.version))
            .exec(&txn)
            .await
            .map_err(slug_taken)?;
        let company = company::Entity::find_by_id(before.id)
            .one(&txn)
            .await?
            .ok_or_else(|| Error::not_found("no such company"))?;
        if result.rows_affected == 0 {
            return Err(stale("company", company.version));
        }
        events::company_changed(&txn, actor, before, &company).await?;
        txn.commit().await?;
        Ok(company)
    }

    /// Soft-deletes a company (owner or admin): its jobs leave the listings.
    pub async fn delete_company(&self, caller: &Caller, id: Uuid) -> Result<company::Model> {
        let company = self.owned_company(caller, id).await?;
        let actor = caller.require_user()?.0;
        let active = company::ActiveModel {
            id: Unchanged(id),
            deleted_at: Set(Some(Utc::now())),
            deleted_by: Set(Some(actor)),
            updated_at: Set(Utc::now()),
            ..Default::default()
        };
        self.write_company(actor, &company, active).await
    }

    /// Admin moderation on any company, deleted or not.
    async fn moderate_company(
        &self,
        caller: &Caller,
        id: Uuid,
        change: impl FnOnce(&company::Model, &mut company::ActiveModel) -> Result<()>,
    ) -> Result<company::Model> {
        let admin = caller.require_admin()?;
        let company = self.company(id).await?.ok_or_else(|| Error::not_found("no such company"))?;
        let mut active = company::ActiveModel { id: Unchanged(id), updated_at: Set(Utc::now()), ..Default::default() };
        change(&company, &mut active)?;
        self.write_company(admin, &company, active).await
    }

    pub async fn restore_company(&self, caller: &Caller, id: Uuid) -> Result<company::Model> {
        self.moderate_company(caller, id, |company, active| {
            if company.deleted_at.is_none() {
                return Err(Error::conflict("this company is not deleted"));
            }
            active.deleted_at = Set(None);
            active.deleted_by = Set(None);
            Ok(())
        })
        .await
    }

    pub async fn verify_company(&self, caller: &Caller, id: Uuid, verified: bool) -> Result<company::Model> {
        self.moderate_company(caller, id, |_, active| {
            active.is_verified = Set(verified);
            Ok(())
        })
        .await
    }

    pub async fn suspend_company(&self, caller: &Caller, id: Uuid, suspended: bool) -> Result<company::Model> {
        self.moderate_company(caller, id, |_, active| {
            active.is_suspended = Set(suspended);
            Ok(())
        })
        .await
    }

    /// One page (the same arguments) of the listed companies of each of
    /// `owners`, by name: two statements whatever their number (the counts,
    /// the pages).
    pub async fn companies_of_each(
        &self,
        owners: &[Uuid],
        page: &PageArgs,
    ) -> Result<std::collections::HashMap<Uuid, (PageWindow, Vec<company::Model>)>> {
        page.validate("Company")?;
        let query = company::Entity::find()
            .filter(company::Column::DeletedAt.is_null())
            .filter(company::Column::IsSuspended.eq(false))
            .filter(company::Column::OwnerId.is_in(owners.iter().copied()));
        let totals: std::collections::HashMap<Uuid, i64> = query
            .clone()
            .select_only()
            .column(company::Column::OwnerId)
            .column_as(company::Column::Id.count(), "count")
            .group_by(company::Column::OwnerId)
            .into_tuple::<(Uuid, i64)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        // Forward pages start and end at the same ranks for every owner; each window clamps them.
        let widest = page.window("Company", i64::MAX as u64)?;
        let order = [(company::Column::Name, Order::Asc, None), (company::Column::Id, Order::Asc, None)];
        let rows = page_of_each(&self.db, query, company::Column::OwnerId, &order, widest.offset, widest.limit).await?;
        let mut pages = std::collections::HashMap::new();
        for owner in owners {
            let total = totals.get(owner).copied().unwrap_or(0) as u64;
            pages.insert(*owner, (page.window("Company", total)?, Vec::new()));
        }
        for row in rows {
            if let Some((_, companies)) = pages.get_mut(&row.owner_id) {
                companies.push(row);
            }
        }
        Ok(pages)
    }

    /// Listed companies, by name; `owner` narrows to one owner's.
    pub async fn list_companies(
        &self,
        owner: Option<Uuid>,
        name_contains: Option<String>,
        page: &PageArgs,
    ) -> Result<(PageWindow, Vec<company::Model>)> {
        page.validate("Company")?;
        let mut query = company::Entity::find()
            .filter(company::Column::DeletedAt.is_null())
            .filter(company::Column::IsSuspended.eq(false));
        if let Some(owner) = owner {
            query = query.filter(company::Column::OwnerId.eq(owner));
        }
        if let Some(search) = text::optional("query", name_contains.as_deref(), 100)? {
            let lower = sea_orm::sea_query::Func::lower(Expr::col(company::Column::Name));
            query = query.filter(Expr::expr(lower).like(text::contains_pattern(&search)));
        }
        let total = query.clone().count(&self.db).await?;
        let window = page.window("Company", total)?;
        let companies = query
            .order_by_asc(company::Column::Name)
            .order_by_asc(company::Column::Id)
            .offset(window.offset)
            .limit(window.limit)
            .all(&self.db)
            .await?;
        Ok((window, companies))
    }
}

/// May `caller` see `company`? Deleted or suspended ones only its owner and admins.
pub fn company_visible(company: &company::Model, caller: &Caller) -> bool {
    company.is_listed() || caller.owns_or_admin(company.owner_id)
}
