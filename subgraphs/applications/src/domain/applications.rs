//! Applying, the pipeline and its history, recruiter notes, soft delete,
//! and the lists the applicant and the employer see.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use jobgraph_shared::auth::{Caller, Role};
use jobgraph_shared::error::is_unique_violation;
use jobgraph_shared::events::payloads::{ApplicationStatusChanged, ApplicationSubmitted, ApplicationWithdrawn};
use jobgraph_shared::loader::page_of_each;
use jobgraph_shared::pagination::{PageArgs, PageWindow};
use jobgraph_shared::{Error, Result, text};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use super::events::OUTBOX;
use super::{ApplicationsService, Party, forbidden_unless_party, party, runs_pipeline};
use crate::entities::enums::ApplicationStatus;
use crate::entities::{application, company_cache, job_cache, recruiter_note, status_change};

pub const COVER_LETTER_MAX: usize = 10_000;
/// The longest `source` an application may name.
pub const SOURCE_MAX: usize = 100;
pub const REASON_MAX: usize = 1_000;
pub const NOTE_MAX: usize = 5_000;
/// The name of application lists in their cursors.
const LIST: &str = "Application";

/// A page of applications and where it lies in the whole list.
pub type Page = (PageWindow, Vec<application::Model>);

/// What a job seeker sends to apply.
#[derive(Clone, Debug, Default)]
pub struct Submission {
    pub job_id: Uuid,
    pub cover_letter: Option<String>,
    pub resume_url: Option<String>,
    /// (amount, currency)
    pub expected_salary: Option<(i64, String)>,
    pub availability_date: Option<NaiveDate>,
    /// Where the applicant came from (a UTM source, a board's name).
    pub source: Option<String>,
    /// A retried request with the same key returns the application it made.
    pub idempotency_key: Option<String>,
}

/// Statuses that hold a place under a job's maxApplications.
fn counted(query: sea_orm::Select<application::Entity>) -> sea_orm::Select<application::Entity> {
    query
        .filter(application::Column::DeletedAt.is_null())
        .filter(application::Column::Status.ne(ApplicationStatus::Withdrawn))
}

impl ApplicationsService {
    pub async fn application(&self, id: Uuid) -> Result<Option<application::Model>> {
        Ok(application::Entity::find_by_id(id).one(&self.db).await?)
    }

    /// The application, or NOT_FOUND.
    pub(crate) async fn existing(&self, id: Uuid) -> Result<application::Model> {
        self.application(id).await?.ok_or_else(|| Error::not_found("no such application"))
    }

    /// The application, if the caller has a part in it: the applicant, the
    /// job's employer, or an admin. Deleted ones only to the applicant and admins.
    pub async fn visible_application(&self, caller: &Caller, id: Uuid) -> Result<Option<(application::Model, Party)>> {
        let Some(found) = self.application(id).await? else { return Ok(None) };
        let party = super::visible_to(&found, party(&self.db, caller, &found).await?);
        Ok(party.map(|party| (found, party)))
    }

    /// Applies to a job, validated against the job cache alone.
    pub async fn apply(&self, caller: &Caller, submission: Submission) -> Result<application::Model> {
        let (applicant, role) = caller.require_user()?;
        // Only job seekers apply: not employers, nor admins (who pass every ownership check).
        if role != Role::JobSeeker {
            return Err(Error::forbidden("only job seekers apply to jobs"));
        }
        let cover_letter = text::optional("coverLetter", submission.cover_letter.as_deref(), COVER_LETTER_MAX)?;
        let resume_url = text::url("resumeUrl", submission.resume_url.as_deref())?;
        let (salary_amount, salary_currency) = match submission.expected_salary {
            Some((amount, _)) if amount < 0 => {
                return Err(Error::bad_input("expectedSalary.amount", "must not be negative"));
            }
            Some((amount, code)) => (Some(amount), Some(text::currency("expectedSalary.currency", &code)?)),
            None => (None, None),
        };
        let source = text::optional("source", submission.source.as_deref(), SOURCE_MAX)?;
        let key = text::optional("idempotencyKey", submission.idempotency_key.as_deref(), 100)?;
        if let Some(earlier) = self.retried(&self.db, applicant, key.as_deref(), submission.job_id).await? {
            return Ok(earlier);
        }

        let txn = jobgraph_shared::db::begin_write(&self.db).await?;
        // The job's row is locked so that concurrent applications count
        // against maxApplications one at a time (SQLite writes one at a time anyway).
        let mut find_job = job_cache::Entity::find_by_id(submission.job_id);
        if txn.get_database_backend() == DbBackend::Postgres {
            find_job = find_job.lock_exclusive();
        }
        let job = find_job
            .one(&txn)
            .await?
            .ok_or_else(|| Error::not_found("no such job, or it is not open for applications yet"))?;
        // A retry that raced its original waited for the job's lock: it now sees what the original made.
        if let Some(earlier) = self.retried(&txn, applicant, key.as_deref(), submission.job_id).await? {
            return Ok(earlier);
        }
        let now = Utc::now();
        if let Some(reason) = job.closed_reason(now) {
            return Err(Error::conflict(reason));
        }
        // A company not heard of yet (its event still on the way) is taken as listed.
        let company = company_cache::Entity::find_by_id(job.company_id).one(&txn).await?;
        if let Some(reason) = company.as_ref().and_then(company_cache::Model::closed_reason) {
            return Err(Error::conflict(reason));
        }
        if job.owner_id == applicant {
            return Err(Error::forbidden("you cannot apply to a job of your own company"));
        }
        let mine = application::Entity::find()
            .filter(application::Column::JobId.eq(job.job_id))
            .filter(application::Column::ApplicantId.eq(applicant))
            .filter(application::Column::DeletedAt.is_null())
            .count(&txn)
            .await?;
        if mine > 0 {
            return Err(Error::conflict("you have already applied to this job"));
        }
        if let Some(max) = job.max_applications {
            let taken = counted(application::Entity::find().filter(application::Column::JobId.eq(job.job_id)))
                .count(&txn)
                .await?;
            if taken >= max as u64 {
                return Err(Error::conflict("this job takes no more applications"));
            }
        }
        let id = Uuid::now_v7();
        let model = application::ActiveModel {
            id: Set(id),
            job_id: Set(job.job_id),
            applicant_id: Set(applicant),
            company_id: Set(job.company_id),
            status: Set(ApplicationStatus::Applied),
            cover_letter: Set(cover_letter),
            resume_url: Set(resume_url),
            expected_salary_amount: Set(salary_amount),
            expected_salary_currency: Set(salary_currency),
            availability_date: Set(submission.availability_date),
            source: Set(source.clone()),
            idempotency_key: Set(key.clone()),
            submitted_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            deleted_at: Set(None),
            deleted_by: Set(None),
        };
        let application = match model.insert(&txn).await {
            Ok(application) => application,
            Err(error) if is_unique_violation(&error) => {
                drop(txn);
                // The same key, used at once for another job (a different lock): the earlier one answers.
                if let Some(earlier) = self.retried(&self.db, applicant, key.as_deref(), submission.job_id).await? {
                    return Ok(earlier);
                }
                return Err(Error::conflict("you have already applied to this job"));
            }
            Err(error) => return Err(error.into()),
        };
        record_change(&txn, id, None, ApplicationStatus::Applied, applicant, None).await?;
        let event = ApplicationSubmitted {
            application_id: id,
            job_id: job.job_id,
            company_id: job.company_id,
            applicant_id: applicant,
            job_owner_id: job.owner_id,
            job_title: job.title.clone(),
            submitted_at: now,
            source,
        };
        OUTBOX.record(&txn, Some(applicant), &event).await?;
        txn.commit().await?;
        Ok(application)
    }

    /// The user's live applications to each of `jobs`, by job, in one statement.
    pub async fn applications_of_to(
        &self,
        applicant: Uuid,
        jobs: &[Uuid],
    ) -> Result<HashMap<Uuid, application::Model>> {
        let rows = application::Entity::find()
            .filter(application::Column::ApplicantId.eq(applicant))
            .filter(application::Column::JobId.is_in(jobs.iter().copied()))
            .filter(application::Column::DeletedAt.is_null())
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|row| (row.job_id, row)).collect())
    }

    /// The user's live application to a job, if any.
    pub async fn application_of(&self, applicant: Uuid, job_id: Uuid) -> Result<Option<application::Model>> {
        Ok(application::Entity::find()
            .filter(application::Column::ApplicantId.eq(applicant))
            .filter(application::Column::JobId.eq(job_id))
            .filter(application::Column::DeletedAt.is_null())
            .one(&self.db)
            .await?)
    }

    /// The application an earlier request with the same idempotency key made,
    /// if this one is its retry; CONFLICT when the key was used for another job.
    async fn retried(
        &self,
        db: &impl ConnectionTrait,
        applicant: Uuid,
        key: Option<&str>,
        job_id: Uuid,
    ) -> Result<Option<application::Model>> {
        let Some(key) = key else { return Ok(None) };
        let earlier = application::Entity::find()
            .filter(application::Column::ApplicantId.eq(applicant))
            .filter(application::Column::IdempotencyKey.eq(key))
            .one(db)
            .await?;
        match earlier {
            Some(earlier) if earlier.job_id != job_id => {
                Err(Error::conflict("this idempotency key was already used to apply to another job"))
            }
            earlier => Ok(earlier),
        }
    }

    /// Moves an application: the employer along the pipeline (one stage at a
    /// time) or to REJECTED; the applicant only to WITHDRAWN. Final statuses
    /// stay final. Every move is appended to the history with its actor.
    pub async fn move_application(
        &self,
        caller: &Caller,
        id: Uuid,
        to: ApplicationStatus,
        reason: Option<String>,
    ) -> Result<application::Model> {
        caller.require_user()?;
        let reason = text::optional("reason", reason.as_deref(), REASON_MAX)?;
        let application = self.existing(id).await?;
        let party = forbidden_unless_party(party(&self.db, caller, &application).await?)?;
        if application.deleted_at.is_some() {
            return Err(Error::conflict("this application is deleted"));
        }
        let from = application.status;
        match (party, to) {
            (Party::Applicant(_), ApplicationStatus::Withdrawn) => {}
            (Party::Applicant(_), _) => {
                return Err(Error::forbidden("an applicant may only withdraw; the employer moves the application"));
            }
            (_, ApplicationStatus::Withdrawn) => {
                return Err(Error::forbidden("only the applicant withdraws an application; reject it instead"));
            }
            _ => {}
        }
        let allowed = !from.is_final()
            && (to == ApplicationStatus::Withdrawn || to == ApplicationStatus::Rejected || from.next() == Some(to));
        if !allowed {
            let hint = match from.next() {
                Some(next) if !from.is_final() => format!("; next is {} (or REJECTED)", next.as_str()),
                _ => String::new(),
            };
            return Err(Error::conflict(format!(
                "a {} application cannot move to {}{hint}",
                from.as_str(),
                to.as_str()
            )));
        }
        let actor = party.user_id();
        let now = Utc::now();
        let txn = self.db.begin().await?;
        // Only if nobody moved it meanwhile: the version is the guard.
        let moved = touched(now)
            .col_expr(application::Column::Status, Expr::value(to.as_str()))
            .filter(application::Column::Id.eq(id))
            .filter(application::Column::Version.eq(application.version))
            .exec(&txn)
            .await?;
        if moved.rows_affected == 0 {
            return Err(Error::conflict("this application was changed meanwhile; reload it and try again"));
        }
        record_change(&txn, id, Some(from), to, actor, reason.clone()).await?;
        let status_changed = ApplicationStatusChanged {
            application_id: id,
            job_id: application.job_id,
            applicant_id: application.applicant_id,
            from: from.as_str().into(),
            to: to.as_str().into(),
            reason: reason.clone(),
            at: now,
        };
        OUTBOX.record(&txn, Some(actor), &status_changed).await?;
        if to == ApplicationStatus::Withdrawn {
            let owner = job_cache::Entity::find_by_id(application.job_id).one(&txn).await?.map(|job| job.owner_id);
            let withdrawn = ApplicationWithdrawn {
                application_id: id,
                job_id: application.job_id,
                applicant_id: application.applicant_id,
                job_owner_id: owner.unwrap_or(application.company_id),
                reason,
                at: now,
            };
            OUTBOX.record(&txn, Some(actor), &withdrawn).await?;
        }
        let application =
            application::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| Error::not_found("gone"))?;
        txn.commit().await?;
        Ok(application)
    }

    /// The applicant's own live applications, newest first.
    pub async fn my_applications(
        &self,
        caller: &Caller,
        status: Option<ApplicationStatus>,
        page: &PageArgs,
    ) -> Result<Page> {
        let (user, _) = caller.require_user()?;
        self.applications_of(user, status, page).await
    }

    /// A user's live applications (themself or an admin).
    pub async fn applications_of(
        &self,
        applicant: Uuid,
        status: Option<ApplicationStatus>,
        page: &PageArgs,
    ) -> Result<Page> {
        let query = application::Entity::find()
            .filter(application::Column::ApplicantId.eq(applicant))
            .filter(application::Column::DeletedAt.is_null());
        self.page_of(query, status, page).await
    }

    /// The live applications to a job: for its employer and admins.
    pub async fn applications_to(
        &self,
        caller: &Caller,
        job_id: Uuid,
        status: Option<ApplicationStatus>,
        page: &PageArgs,
    ) -> Result<Page> {
        caller.require_user()?;
        let job = job_cache::Entity::find_by_id(job_id).one(&self.db).await?;
        if !job.is_some_and(|job| runs_pipeline(caller, &job)) && !caller.is_admin() {
            return Err(Error::forbidden("only the job's employer sees its applications"));
        }
        let query = application::Entity::find()
            .filter(application::Column::JobId.eq(job_id))
            .filter(application::Column::DeletedAt.is_null());
        self.page_of(query, status, page).await
    }

    /// One page (the same arguments) of the live applications to each of
    /// `jobs`, for the jobs whose pipeline the caller runs (the others are
    /// absent): three statements whatever the number of jobs (who owns
    /// them, the counts, the pages).
    pub async fn applications_to_each(
        &self,
        caller: &Caller,
        jobs: &[Uuid],
        status: Option<ApplicationStatus>,
        page: &PageArgs,
    ) -> Result<HashMap<Uuid, Page>> {
        caller.require_user()?;
        page.validate(LIST)?;
        let runs: Vec<Uuid> = if caller.is_admin() {
            jobs.to_vec()
        } else {
            let known = job_cache::Entity::find().filter(job_cache::Column::JobId.is_in(jobs.iter().copied()));
            known.all(&self.db).await?.iter().filter(|job| runs_pipeline(caller, job)).map(|job| job.job_id).collect()
        };
        self.pages_of_each(application::Column::JobId, |row| row.job_id, &runs, status, page).await
    }

    /// One page (the same arguments) of the live applications of each of
    /// `applicants` whom the caller may see (themself; an admin, all): two
    /// statements whatever their number (the counts, the pages).
    pub async fn applications_of_each(
        &self,
        caller: &Caller,
        applicants: &[Uuid],
        status: Option<ApplicationStatus>,
        page: &PageArgs,
    ) -> Result<HashMap<Uuid, Page>> {
        page.validate(LIST)?;
        let visible: Vec<Uuid> =
            applicants.iter().copied().filter(|applicant| caller.owns_or_admin(*applicant)).collect();
        self.pages_of_each(application::Column::ApplicantId, |row| row.applicant_id, &visible, status, page).await
    }

    /// One page of the live applications of each of `parents`, grouped by
    /// `column` (`parent_of` reads it off a row), newest first.
    async fn pages_of_each(
        &self,
        column: application::Column,
        parent_of: fn(&application::Model) -> Uuid,
        parents: &[Uuid],
        status: Option<ApplicationStatus>,
        page: &PageArgs,
    ) -> Result<HashMap<Uuid, Page>> {
        let mut pages: HashMap<Uuid, Page> = HashMap::new();
        if parents.is_empty() {
            return Ok(pages);
        }
        let mut query = application::Entity::find()
            .filter(column.is_in(parents.iter().copied()))
            .filter(application::Column::DeletedAt.is_null());
        if let Some(status) = status {
            query = query.filter(application::Column::Status.eq(status));
        }
        let totals: HashMap<Uuid, i64> = query
            .clone()
            .select_only()
            .column(column)
            .column_as(application::Column::Id.count(), "count")
            .group_by(column)
            .into_tuple::<(Uuid, i64)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        // Forward pages start and end at the same ranks for every parent; each parent's window clamps them to its length.
        let widest = page.window(LIST, i64::MAX as u64)?;
        let order =
            [(application::Column::SubmittedAt, Order::Desc, None), (application::Column::Id, Order::Desc, None)];
        let rows = page_of_each(&self.db, query, column, &order, widest.offset, widest.limit).await?;
        for parent in parents {
            let total = totals.get(parent).copied().unwrap_or(0) as u64;
            pages.insert(*parent, (page.window(LIST, total)?, Vec::new()));
        }
        for row in rows {
            if let Some((_, page)) = pages.get_mut(&parent_of(&row)) {
                page.push(row);
            }
        }
        Ok(pages)
    }

    async fn page_of(
        &self,
        mut query: sea_orm::Select<application::Entity>,
        status: Option<ApplicationStatus>,
        page: &PageArgs,
    ) -> Result<Page> {
        page.validate(LIST)?;
        if let Some(status) = status {
            query = query.filter(application::Column::Status.eq(status));
        }
        let total = query.clone().count(&self.db).await?;
        let window = page.window(LIST, total)?;
        let rows = query
            .order_by_desc(application::Column::SubmittedAt)
            .order_by_desc(application::Column::Id)
            .offset(window.offset)
            .limit(window.limit)
            .all(&self.db)
            .await?;
        Ok((window, rows))
    }

    /// Adds an employer's note (never shown to the applicant).
    pub async fn add_note(&self, caller: &Caller, application_id: Uuid, body: &str) -> Result<recruiter_note::Model> {
        caller.require_user()?;
        let body = text::required("body", body, NOTE_MAX)?;
        let application = self.existing(application_id).await?;
        let party = forbidden_unless_party(party(&self.db, caller, &application).await?)?;
        if !party.is_employer_side() {
            return Err(Error::forbidden("only the employer writes recruiter notes"));
        }
        if application.deleted_at.is_some() {
            return Err(Error::conflict("this application is deleted"));
        }
        let note = recruiter_note::ActiveModel {
            id: Set(Uuid::now_v7()),
            application_id: Set(application_id),
            author_id: Set(party.user_id()),
            body: Set(body),
            created_at: Set(Utc::now()),
        };
        Ok(note.insert(&self.db).await?)
    }

    /// Soft-deletes an application: the applicant (their own) or an admin.
    pub async fn delete_application(&self, caller: &Caller, id: Uuid) -> Result<application::Model> {
        caller.require_user()?;
        let application = self.existing(id).await?;
        let party = forbidden_unless_party(party(&self.db, caller, &application).await?)?;
        if matches!(party, Party::Employer(_)) {
            return Err(Error::forbidden(
                "the employer rejects an application; only the applicant or an admin deletes it",
            ));
        }
        if application.deleted_at.is_some() {
            return Err(Error::conflict("this application is already deleted"));
        }
        let now = Utc::now();
        touched(now)
            .col_expr(application::Column::DeletedAt, Expr::value(now))
            .col_expr(application::Column::DeletedBy, Expr::value(party.user_id()))
            .filter(application::Column::Id.eq(id))
            .exec(&self.db)
            .await?;
        self.existing(id).await
    }

    /// Undoes a soft delete (admins only), unless the applicant has applied again meanwhile.
    pub async fn restore_application(&self, caller: &Caller, id: Uuid) -> Result<application::Model> {
        caller.require_admin()?;
        let application = self.existing(id).await?;
        if application.deleted_at.is_none() {
            return Err(Error::conflict("this application is not deleted"));
        }
        let restored = touched(Utc::now())
            .col_expr(application::Column::DeletedAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
            .col_expr(application::Column::DeletedBy, Expr::value(Option::<Uuid>::None))
            .filter(application::Column::Id.eq(id))
            .exec(&self.db)
            .await;
        match restored {
            Err(error) if is_unique_violation(&error) => {
                Err(Error::conflict("the applicant has a live application to this job again; it cannot be restored"))
            }
            other => {
                other?;
                self.existing(id).await
            }
        }
    }
}

/// An update of applications that stamps `updated_at` and bumps the version.
pub(crate) fn touched(now: chrono::DateTime<Utc>) -> sea_orm::UpdateMany<application::Entity> {
    application::Entity::update_many()
        .col_expr(application::Column::UpdatedAt, Expr::value(now))
        .col_expr(application::Column::Version, Expr::col(application::Column::Version).add(1))
}

/// Appends a step to an application's history.
pub(crate) async fn record_change(
    db: &impl ConnectionTrait,
    application_id: Uuid,
    from: Option<ApplicationStatus>,
    to: ApplicationStatus,
    actor: Uuid,
    reason: Option<String>,
) -> Result<()> {
    status_change::ActiveModel {
        id: Set(Uuid::now_v7()),
        application_id: Set(application_id),
        from_status: Set(from),
        to_status: Set(to),
        actor_id: Set(actor),
        reason: Set(reason),
        at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}
