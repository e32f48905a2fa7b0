//! Preferences: per user, per category and channel, on or off, and for
//! email instant or in a daily digest. A category's default holds until the
//! user chooses; `ACCOUNT` in-app cannot be turned off. Quiet hours, in the
//! user's timezone, hold instant email until they end.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use jobgraph_shared::auth::Caller;
use jobgraph_shared::{Error, Result};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::NotificationsService;
use crate::entities::enums::{Category, Channel, EmailFrequency};
use crate::entities::{preference, settings};

/// What a user receives of one category on one channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preference {
    pub category: Category,
    pub channel: Channel,
    pub enabled: bool,
    pub frequency: EmailFrequency,
}

impl Preference {
    /// Can the user turn it off? Account notices always reach the feed.
    pub fn locked(self) -> bool {
        self.category == Category::Account && self.channel == Channel::InApp
    }
}

pub const CATEGORIES: [Category; 5] =
    [Category::ApplicationUpdates, Category::Interviews, Category::JobAlerts, Category::Account, Category::Marketing];
pub const CHANNELS: [Channel; 2] = [Channel::InApp, Channel::Email];

/// The default of a category on a channel: everything on but marketing
/// (opt-in), job alerts by email in the daily digest.
pub fn default_preference(category: Category, channel: Channel) -> Preference {
    let enabled = category != Category::Marketing;
    let frequency = if category == Category::JobAlerts && channel == Channel::Email {
        EmailFrequency::DailyDigest
    } else {
        EmailFrequency::Instant
    };
    Preference { category, channel, enabled, frequency }
}

/// Every category and channel of `user`, their choices over the defaults.
pub async fn preferences_of(db: &impl ConnectionTrait, user: Uuid) -> Result<Vec<Preference>> {
    let chosen = preference::Entity::find().filter(preference::Column::UserId.eq(user)).all(db).await?;
    Ok(over_defaults(&chosen))
}

/// [`preferences_of`] each of `users`, with one query.
pub async fn preferences_of_each(
    db: &impl ConnectionTrait,
    users: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, Vec<Preference>>> {
    let users: HashSet<Uuid> = users.into_iter().collect();
    let chosen =
        preference::Entity::find().filter(preference::Column::UserId.is_in(users.iter().copied())).all(db).await?;
    Ok(users
        .into_iter()
        .map(|user| {
            let theirs: Vec<preference::Model> = chosen.iter().filter(|row| row.user_id == user).cloned().collect();
            (user, over_defaults(&theirs))
        })
        .collect())
}

/// Every category and channel: the stored choices over the defaults.
fn over_defaults(chosen: &[preference::Model]) -> Vec<Preference> {
    CATEGORIES
        .iter()
        .flat_map(|category| CHANNELS.iter().map(move |channel| (*category, *channel)))
        .map(|(category, channel)| {
            let stored = chosen.iter().find(|row| row.category == category && row.channel == channel);
            let preference = stored.map_or_else(
                || default_preference(category, channel),
                |row| Preference { category, channel, enabled: row.enabled, frequency: row.frequency },
            );
            // A stored row never turns off what cannot be turned off.
            Preference { enabled: preference.enabled || preference.locked(), ..preference }
        })
        .collect()
}

/// A user's delivery settings: timezone and quiet hours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub timezone: Tz,
    /// Local times between which email waits; the end may be after midnight.
    pub quiet_hours: Option<(NaiveTime, NaiveTime)>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { timezone: Tz::UTC, quiet_hours: None }
    }
}

impl Settings {
    fn from_row(row: &settings::Model) -> Self {
        let minutes = |m: i32| NaiveTime::from_num_seconds_from_midnight_opt((m as u32) * 60, 0);
        let quiet_hours = match (row.quiet_start.and_then(minutes), row.quiet_end.and_then(minutes)) {
            (Some(start), Some(end)) => Some((start, end)),
            _ => None,
        };
        Settings { timezone: row.timezone.parse().unwrap_or(Tz::UTC), quiet_hours }
    }

    /// When an instant email created at `now` may go: now, or when quiet hours end.
    pub fn deliver_after(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let Some((start, end)) = self.quiet_hours else { return now };
        let local = now.with_timezone(&self.timezone);
        let time = local.time();
        let quiet = if start <= end { time >= start && time < end } else { time >= start || time < end };
        if !quiet {
            return now;
        }
        // The next local `end`: today's if it is still ahead, else tomorrow's.
        let date = if time < end { local.date_naive() } else { local.date_naive() + Duration::days(1) };
        let end_local = date.and_time(end);
        match self.timezone.from_local_datetime(&end_local) {
            chrono::LocalResult::Single(at) | chrono::LocalResult::Ambiguous(at, _) => at.with_timezone(&Utc),
            // In a daylight-saving gap: an hour later exists.
            chrono::LocalResult::None => (end_local + Duration::hours(1)).and_utc(),
        }
    }
}

pub async fn settings_of(db: &impl ConnectionTrait, user: Uuid) -> Result<Settings> {
    let row = settings::Entity::find_by_id(user).one(db).await?;
    Ok(row.as_ref().map(Settings::from_row).unwrap_or_default())
}

/// [`settings_of`] each of `users`, with one query (those absent have the defaults).
pub async fn settings_of_each(
    db: &impl ConnectionTrait,
    users: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, Settings>> {
    let users: HashSet<Uuid> = users.into_iter().collect();
    let rows = settings::Entity::find().filter(settings::Column::UserId.is_in(users)).all(db).await?;
    Ok(rows.iter().map(|row| (row.user_id, Settings::from_row(row))).collect())
}

/// Parses `HH:MM`.
pub fn parse_time(field: &str, value: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(value, "%H:%M")
        .map_err(|_| Error::bad_input(field, format!("`{value}` is not a time of day as HH:MM")))
}

pub fn format_time(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

impl NotificationsService {
    /// Sets one preference of `user` (themself, or an admin on their behalf).
    pub async fn update_preference(&self, caller: &Caller, user: Uuid, wanted: Preference) -> Result<Preference> {
        caller.require_owner(user, "notification preferences")?;
        if wanted.locked() && !wanted.enabled {
            return Err(Error::bad_input("enabled", "account notices in the app cannot be turned off"));
        }
        if wanted.channel == Channel::InApp && wanted.frequency == EmailFrequency::DailyDigest {
            return Err(Error::bad_input("frequency", "a daily digest is for email only"));
        }
        let row = preference::ActiveModel {
            user_id: Set(user),
            category: Set(wanted.category),
            channel: Set(wanted.channel),
            enabled: Set(wanted.enabled),
            frequency: Set(wanted.frequency),
            updated_at: Set(self.clock.now()),
        };
        preference::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([
                    preference::Column::UserId,
                    preference::Column::Category,
                    preference::Column::Channel,
                ])
                .update_columns([
                    preference::Column::Enabled,
                    preference::Column::Frequency,
                    preference::Column::UpdatedAt,
                ])
                .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await?;
        Ok(wanted)
    }

    /// Sets `user`'s timezone and quiet hours (both ends, or neither).
    pub async fn update_settings(
        &self,
        caller: &Caller,
        user: Uuid,
        timezone: &str,
        quiet_hours: Option<(NaiveTime, NaiveTime)>,
    ) -> Result<Settings> {
        caller.require_owner(user, "notification settings")?;
        let zone: Tz = timezone
            .parse()
            .map_err(|_| Error::bad_input("timezone", format!("`{timezone}` is not an IANA time zone")))?;
        if let Some((start, end)) = quiet_hours
            && start == end
        {
            return Err(Error::bad_input("quietHoursEnd", "quiet hours must end at another time than they start"));
        }
        let minutes = |time: NaiveTime| (time.num_seconds_from_midnight() / 60) as i32;
        let row = settings::ActiveModel {
            user_id: Set(user),
            timezone: Set(zone.name().to_string()),
            quiet_start: Set(quiet_hours.map(|(start, _)| minutes(start))),
            quiet_end: Set(quiet_hours.map(|(_, end)| minutes(end))),
            updated_at: Set(self.clock.now()),
        };
        settings::Entity::insert(row)
            .on_conflict(
                OnConflict::column(settings::Column::UserId)
                    .update_columns([
                        settings::Column::Timezone,
                        settings::Column::QuietStart,
                        settings::Column::QuietEnd,
                        settings::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await?;
        Ok(Settings { timezone: zone, quiet_hours })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn quiet_hours_over_midnight_hold_email_until_they_end_in_the_users_zone() {
        let settings = Settings {
            timezone: "Europe/Berlin".parse().unwrap(),
            quiet_hours: Some((parse_time("s", "22:00").unwrap(), parse_time("e", "07:00").unwrap())),
        };
        // 23:30 in Berlin (UTC+1 in December): held until 07:00 Berlin, 06:00 UTC.
        assert_eq!(settings.deliver_after(at("2026-12-03T22:30:00Z")), at("2026-12-04T06:00:00Z"));
        // 05:00 in Berlin: held until 07:00 the same morning.
        assert_eq!(settings.deliver_after(at("2026-12-04T04:00:00Z")), at("2026-12-04T06:00:00Z"));
        // Noon: at once.
        assert_eq!(settings.deliver_after(at("2026-12-04T11:00:00Z")), at("2026-12-04T11:00:00Z"));
    }

    #[test]
    fn quiet_hours_within_a_day() {
        let settings = Settings {
            timezone: Tz::UTC,
            quiet_hours: Some((parse_time("s", "12:00").unwrap(), parse_time("e", "13:30").unwrap())),
        };
        assert_eq!(settings.deliver_after(at("2026-12-04T12:10:00Z")), at("2026-12-04T13:30:00Z"));
        assert_eq!(settings.deliver_after(at("2026-12-04T13:30:00Z")), at("2026-12-04T13:30:00Z"));
    }

    #[test]
    fn defaults_leave_marketing_off_and_account_locked_on() {
        assert!(!default_preference(Category::Marketing, Channel::Email).enabled);
        assert!(default_preference(Category::Account, Channel::InApp).locked());
        assert_eq!(default_preference(Category::JobAlerts, Channel::Email).frequency, EmailFrequency::DailyDigest);
    }
}
