//! Templates as stored: admins save versions; rendering takes the newest
//! version of the key and channel in the user's locale, else in English,
//! else the shipped default.

use jobgraph_shared::auth::Caller;
use jobgraph_shared::{Error, Result};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use super::NotificationsService;
use super::templates::{FALLBACK_LOCALE, Kind, Rendered, Source, TemplateError, check, render, shipped};
use crate::entities::enums::Channel;
use crate::entities::template;

/// The template to render `kind` on `channel` for a reader of `locale`.
pub async fn resolve(db: &impl ConnectionTrait, kind: Kind, channel: Channel, locale: &str) -> Result<Source> {
    let language = locale.split('-').next().unwrap_or(locale);
    let mut candidates = vec![locale.to_string()];
    for fallback in [language, FALLBACK_LOCALE] {
        if !candidates.iter().any(|known| known == fallback) {
            candidates.push(fallback.to_string());
        }
    }
    let saved = template::Entity::find()
        .filter(template::Column::Key.eq(kind.key()))
        .filter(template::Column::Channel.eq(channel))
        .filter(template::Column::Locale.is_in(candidates.clone()))
        .order_by_desc(template::Column::Version)
        .all(db)
        .await?;
    for locale in &candidates {
        if let Some(row) = saved.iter().find(|row| &row.locale == locale) {
            return Ok(source_of(row));
        }
        if let Some(source) = shipped(kind, locale) {
            return Ok(source);
        }
    }
    Err(Error::internal(anyhow::anyhow!("no template for {} in English", kind.key())))
}

pub fn source_of(row: &template::Model) -> Source {
    Source { subject: row.subject.clone(), text: row.text_body.clone(), html: row.html_body.clone() }
}

fn refused(error: TemplateError) -> Error {
    Error::bad_input(error.part, error.message)
}

/// What an admin saves: a new version of a template.
pub struct NewTemplate {
    pub key: String,
    pub channel: Channel,
    pub locale: String,
    pub source: Source,
}

pub fn kind_of(key: &str) -> Result<Kind> {
    Kind::parse(key).ok_or_else(|| {
        let known: Vec<_> = Kind::ALL.iter().map(|kind| kind.key()).collect();
        Error::bad_input("key", format!("`{key}` is no notification kind; known: {}", known.join(", ")))
    })
}

fn checked_locale(locale: &str) -> Result<String> {
    jobgraph_shared::text::locale("locale", locale)
}

impl NotificationsService {
    /// Saves a new version of a template (admins), refusing one that would not render.
    pub async fn save_template(&self, caller: &Caller, new: NewTemplate) -> Result<template::Model> {
        let admin = caller.require_admin()?;
        let kind = kind_of(&new.key)?;
        let locale = checked_locale(&new.locale)?;
        for (field, value, limit) in [
            ("subject", &new.source.subject, 500),
            ("textBody", &new.source.text, 50_000),
            ("htmlBody", &new.source.html, 200_000),
        ] {
            if value.trim().is_empty() || value.len() > limit {
                return Err(Error::bad_input(field, format!("must be 1 to {limit} characters")));
            }
        }
        check(kind, &new.source).map_err(refused)?;
        let txn = jobgraph_shared::db::begin_write(&self.db).await?;
        jobgraph_shared::db::lock_for_transaction(&txn, &format!("template:{}:{:?}:{locale}", new.key, new.channel))
            .await?;
        let newest = template::Entity::find()
            .filter(template::Column::Key.eq(kind.key()))
            .filter(template::Column::Channel.eq(new.channel))
            .filter(template::Column::Locale.eq(&locale))
            .order_by_desc(template::Column::Version)
            .one(&txn)
            .await?;
        let row = template::ActiveModel {
            id: Set(Uuid::now_v7()),
            key: Set(kind.key().to_string()),
            channel: Set(new.channel),
            locale: Set(locale),
            version: Set(newest.map_or(1, |row| row.version + 1)),
            subject: Set(new.source.subject),
            text_body: Set(new.source.text),
            html_body: Set(new.source.html),
            created_by: Set(admin),
            created_at: Set(self.clock.now()),
        };
        let saved = template::Entity::insert(row).exec_with_returning(&txn).await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Saved versions of templates (admins), newest first, optionally of one key.
    pub async fn templates(&self, caller: &Caller, key: Option<&str>) -> Result<Vec<template::Model>> {
        caller.require_admin()?;
        let mut query = template::Entity::find();
        if let Some(key) = key {
            query = query.filter(template::Column::Key.eq(kind_of(key)?.key()));
        }
        Ok(query
            .order_by_asc(template::Column::Key)
            .order_by_asc(template::Column::Locale)
            .order_by_desc(template::Column::Version)
            .all(&self.db)
            .await?)
    }

    /// Renders a template against its kind's sample data (admins): a given
    /// version, or what a reader of `locale` gets now.
    pub async fn preview_template(
        &self,
        caller: &Caller,
        key: &str,
        channel: Channel,
        locale: &str,
        version: Option<i32>,
    ) -> Result<Rendered> {
        caller.require_admin()?;
        let kind = kind_of(key)?;
        checked_locale(locale)?;
        let source = match version {
            Some(version) => {
                let row = template::Entity::find()
                    .filter(template::Column::Key.eq(kind.key()))
                    .filter(template::Column::Channel.eq(channel))
                    .filter(template::Column::Locale.eq(locale))
                    .filter(template::Column::Version.eq(version))
                    .one(&self.db)
                    .await?
                    .ok_or_else(|| Error::not_found(format!("no version {version} of {key} in {locale}")))?;
                source_of(&row)
            }
            None => resolve(&self.db, kind, channel, locale).await?,
        };
        render(&source, &kind.sample()).map_err(refused)
    }
}
