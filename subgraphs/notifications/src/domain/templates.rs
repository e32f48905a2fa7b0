//! Templates: every kind of notification has a subject, a text body and an
//! HTML body per locale, rendered with minijinja (Jinja syntax; HTML escaped
//! in the HTML body). Defaults ship in English and German; admins save new
//! versions, and the newest version of a key, channel and locale wins. A
//! template is checked when saved, by rendering it against its kind's
//! sample data with unknown variables refused, so it cannot fail when sent.

use minijinja::{Environment, UndefinedBehavior};
use serde_json::{Value, json};

use crate::entities::enums::Category;

/// The language templates fall back to.
pub const FALLBACK_LOCALE: &str = "en";
/// The locales defaults ship in.
pub const SHIPPED_LOCALES: [&str; 2] = ["en", "de"];

/// What a notification is about: its template key, category and the data its templates see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Welcome,
    ApplicationSubmitted,
    ApplicationStatusChanged,
    ApplicationWithdrawn,
    InterviewScheduled,
    InterviewRescheduled,
    InterviewCancelled,
    JobClosed,
    /// A new job matches a seeker's saved search.
    JobAlert,
    /// The daily email listing a day's notifications.
    Digest,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Welcome,
        Kind::ApplicationSubmitted,
        Kind::ApplicationStatusChanged,
        Kind::ApplicationWithdrawn,
        Kind::InterviewScheduled,
        Kind::InterviewRescheduled,
        Kind::InterviewCancelled,
        Kind::JobClosed,
        Kind::JobAlert,
        Kind::Digest,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Kind::Welcome => "welcome",
            Kind::ApplicationSubmitted => "application.submitted",
            Kind::ApplicationStatusChanged => "application.status_changed",
            Kind::ApplicationWithdrawn => "application.withdrawn",
            Kind::InterviewScheduled => "interview.scheduled",
            Kind::InterviewRescheduled => "interview.rescheduled",
            Kind::InterviewCancelled => "interview.cancelled",
            Kind::JobClosed => "job.closed",
            Kind::JobAlert => "job.alert",
            Kind::Digest => "digest",
        }
    }

    pub fn parse(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.key() == key)
    }

    pub fn category(self) -> Category {
        match self {
            Kind::Welcome | Kind::Digest => Category::Account,
            Kind::ApplicationSubmitted
            | Kind::ApplicationStatusChanged
            | Kind::ApplicationWithdrawn
            | Kind::JobClosed => Category::ApplicationUpdates,
            Kind::InterviewScheduled | Kind::InterviewRescheduled | Kind::InterviewCancelled => Category::Interviews,
            Kind::JobAlert => Category::JobAlerts,
        }
    }

    /// Data of the shape the notification's templates are rendered with:
    /// previews render it, and saving a template checks against it.
    pub fn sample(self) -> Value {
        let recipient = json!({ "first_name": "Ada", "last_name": "Lovelace" });
        let job = json!({ "title": "Senior Rust Engineer" });
        let interview = json!({
            "kind": "VIDEO",
            "when": "Tuesday, 8 December 2026, 14:30",
            "timezone": "Europe/Berlin",
            "duration_minutes": 45,
            "location": null,
            "meeting_url": "https://meet.example.com/abc",
            "previous_when": "Monday, 7 December 2026, 10:00",
            "reason": "The interviewer is ill",
        });
        match self {
            Kind::Welcome => json!({ "recipient": recipient }),
            Kind::ApplicationSubmitted => json!({
                "recipient": recipient, "job": job,
                "applicant": { "first_name": "Grace", "last_name": "Hopper" },
            }),
            Kind::ApplicationStatusChanged => json!({
                "recipient": recipient, "job": job,
                "status": "INTERVIEW", "status_text": "interview", "reason": null,
            }),
            Kind::ApplicationWithdrawn => json!({
                "recipient": recipient, "job": job,
                "applicant": { "first_name": "Grace", "last_name": "Hopper" }, "reason": "Accepted another offer",
            }),
            Kind::InterviewScheduled | Kind::InterviewRescheduled | Kind::InterviewCancelled => {
                json!({ "recipient": recipient, "job": job, "interview": interview })
            }
            Kind::JobClosed => json!({ "recipient": recipient, "job": job, "status": "FILLED" }),
            Kind::JobAlert => json!({
                "recipient": recipient, "job": job,
                "company": { "name": "Ferris Labs" }, "search": { "name": "Rust in Berlin" },
            }),
            Kind::Digest => json!({
                "recipient": recipient,
                "day": "2026-12-07",
                "items": [
                    { "title": "Your application moved to interview", "body": "Senior Rust Engineer", "link": "/applications/1" },
                    { "title": "Interview scheduled", "body": "Tuesday, 8 December 2026, 14:30", "link": null },
                ],
            }),
        }
    }
}

/// A template's three parts, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A template's three parts, rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Which part of a template failed, and why.
#[derive(Debug)]
pub struct TemplateError {
    pub part: &'static str,
    pub message: String,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.part, self.message)
    }
}

impl std::error::Error for TemplateError {}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // An unknown variable is an error, never an empty string in a sent email.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env
}

/// Renders `source` with `context`. The subject and text are plain text;
/// the HTML body escapes what it prints.
pub fn render(source: &Source, context: &Value) -> Result<Rendered, TemplateError> {
    let env = environment();
    let part = |part: &'static str, name: &str, template: &str| {
        env.render_named_str(name, template, minijinja::value::Serde(context))
            .map_err(|error| TemplateError { part, message: describe(&error) })
    };
    Ok(Rendered {
        // One line: a template's line breaks never reach a Subject header.
        subject: part("subject", "subject.txt", &source.subject)?.lines().map(str::trim).collect::<Vec<_>>().join(" "),
        text: part("textBody", "body.txt", &source.text)?,
        html: part("htmlBody", "body.html", &source.html)?,
    })
}

fn describe(error: &minijinja::Error) -> String {
    let mut message = error.to_string();
    if let Some(detail) = error.detail()
        && !message.contains(detail)
    {
        message = format!("{message}: {detail}");
    }
    message
}

/// Checks a template before it is saved: it parses, and renders against its
/// kind's sample data with no unknown variable.
pub fn check(kind: Kind, source: &Source) -> Result<(), TemplateError> {
    render(source, &kind.sample()).map(|_| ())
}

/// The default template of `kind` in `locale`, if one ships.
pub fn shipped(kind: Kind, locale: &str) -> Option<Source> {
    let (subject, text, html) = match (kind, locale) {
        (Kind::Welcome, "en") => (
            "Welcome to Jobgraph, {{ recipient.first_name }}",
            "Hello {{ recipient.first_name }},\n\nwelcome to Jobgraph. Your account is ready.\n",
            "<p>Hello {{ recipient.first_name }},</p><p>welcome to Jobgraph. Your account is ready.</p>",
        ),
        (Kind::Welcome, "de") => (
            "Willkommen bei Jobgraph, {{ recipient.first_name }}",
            "Hallo {{ recipient.first_name }},\n\nwillkommen bei Jobgraph. Ihr Konto ist bereit.\n",
            "<p>Hallo {{ recipient.first_name }},</p><p>willkommen bei Jobgraph. Ihr Konto ist bereit.</p>",
        ),
        (Kind::ApplicationSubmitted, "en") => (
            "New application for {{ job.title }}",
            "{{ applicant.first_name }} {{ applicant.last_name }} applied to {{ job.title }}.\n",
            "<p>{{ applicant.first_name }} {{ applicant.last_name }} applied to <strong>{{ job.title }}</strong>.</p>",
        ),
        (Kind::ApplicationSubmitted, "de") => (
            "Neue Bewerbung für {{ job.title }}",
            "{{ applicant.first_name }} {{ applicant.last_name }} hat sich auf {{ job.title }} beworben.\n",
            "<p>{{ applicant.first_name }} {{ applicant.last_name }} hat sich auf <strong>{{ job.title }}</strong> beworben.</p>",
        ),
        (Kind::ApplicationStatusChanged, "en") => (
            "Your application for {{ job.title }}: {{ status_text }}",
            "Hello {{ recipient.first_name }},\n\nyour application for {{ job.title }} is now at the {{ status_text }} stage.{% if reason %}\nReason: {{ reason }}{% endif %}\n",
            "<p>Hello {{ recipient.first_name }},</p><p>your application for <strong>{{ job.title }}</strong> is now at the {{ status_text }} stage.</p>{% if reason %}<p>Reason: {{ reason }}</p>{% endif %}",
        ),
        (Kind::ApplicationStatusChanged, "de") => (
            "Ihre Bewerbung für {{ job.title }}: {{ status_text }}",
            "Hallo {{ recipient.first_name }},\n\nIhre Bewerbung für {{ job.title }} hat einen neuen Stand: {{ status_text }}.{% if reason %}\nGrund: {{ reason }}{% endif %}\n",
            "<p>Hallo {{ recipient.first_name }},</p><p>Ihre Bewerbung für <strong>{{ job.title }}</strong> hat einen neuen Stand: {{ status_text }}.</p>{% if reason %}<p>Grund: {{ reason }}</p>{% endif %}",
        ),
        (Kind::ApplicationWithdrawn, "en") => (
            "{{ applicant.first_name }} {{ applicant.last_name }} withdrew from {{ job.title }}",
            "{{ applicant.first_name }} {{ applicant.last_name }} withdrew their application for {{ job.title }}.{% if reason %}\nReason: {{ reason }}{% endif %}\n",
            "<p>{{ applicant.first_name }} {{ applicant.last_name }} withdrew their application for <strong>{{ job.title }}</strong>.</p>{% if reason %}<p>Reason: {{ reason }}</p>{% endif %}",
        ),
        (Kind::ApplicationWithdrawn, "de") => (
            "{{ applicant.first_name }} {{ applicant.last_name }} hat die Bewerbung für {{ job.title }} zurückgezogen",
            "{{ applicant.first_name }} {{ applicant.last_name }} hat die Bewerbung für {{ job.title }} zurückgezogen.{% if reason %}\nGrund: {{ reason }}{% endif %}\n",
            "<p>{{ applicant.first_name }} {{ applicant.last_name }} hat die Bewerbung für <strong>{{ job.title }}</strong> zurückgezogen.</p>{% if reason %}<p>Grund: {{ reason }}</p>{% endif %}",
        ),
        (Kind::InterviewScheduled, "en") => (
            "Interview for {{ job.title }}: {{ interview.when }}",
            "Hello {{ recipient.first_name }},\n\nan interview ({{ interview.kind | lower }}) for {{ job.title }} is scheduled for {{ interview.when }} ({{ interview.timezone }}), {{ interview.duration_minutes }} minutes.{% if interview.meeting_url %}\nJoin: {{ interview.meeting_url }}{% endif %}{% if interview.location %}\nWhere: {{ interview.location }}{% endif %}\n",
            "<p>Hello {{ recipient.first_name }},</p><p>an interview ({{ interview.kind | lower }}) for <strong>{{ job.title }}</strong> is scheduled for {{ interview.when }} ({{ interview.timezone }}), {{ interview.duration_minutes }} minutes.</p>{% if interview.meeting_url %}<p>Join: <a href=\"{{ interview.meeting_url }}\">{{ interview.meeting_url }}</a></p>{% endif %}{% if interview.location %}<p>Where: {{ interview.location }}</p>{% endif %}",
        ),
        (Kind::InterviewScheduled, "de") => (
            "Vorstellungsgespräch für {{ job.title }}: {{ interview.when }}",
            "Hallo {{ recipient.first_name }},\n\nIhr Gespräch für {{ job.title }} ist am {{ interview.when }} ({{ interview.timezone }}), {{ interview.duration_minutes }} Minuten.{% if interview.meeting_url %}\nLink: {{ interview.meeting_url }}{% endif %}{% if interview.location %}\nOrt: {{ interview.location }}{% endif %}\n",
            "<p>Hallo {{ recipient.first_name }},</p><p>Ihr Gespräch für <strong>{{ job.title }}</strong> ist am {{ interview.when }} ({{ interview.timezone }}), {{ interview.duration_minutes }} Minuten.</p>{% if interview.meeting_url %}<p>Link: <a href=\"{{ interview.meeting_url }}\">{{ interview.meeting_url }}</a></p>{% endif %}{% if interview.location %}<p>Ort: {{ interview.location }}</p>{% endif %}",
        ),
        (Kind::InterviewRescheduled, "en") => (
            "Interview for {{ job.title }} moved to {{ interview.when }}",
            "Hello {{ recipient.first_name }},\n\nyour interview for {{ job.title }} moved from {{ interview.previous_when }} to {{ interview.when }} ({{ interview.timezone }}).\n",
            "<p>Hello {{ recipient.first_name }},</p><p>your interview for <strong>{{ job.title }}</strong> moved from {{ interview.previous_when }} to {{ interview.when }} ({{ interview.timezone }}).</p>",
        ),
        (Kind::InterviewRescheduled, "de") => (
            "Gespräch für {{ job.title }} verschoben auf {{ interview.when }}",
            "Hallo {{ recipient.first_name }},\n\nIhr Gespräch für {{ job.title }} wurde von {{ interview.previous_when }} auf {{ interview.when }} ({{ interview.timezone }}) verschoben.\n",
            "<p>Hallo {{ recipient.first_name }},</p><p>Ihr Gespräch für <strong>{{ job.title }}</strong> wurde von {{ interview.previous_when }} auf {{ interview.when }} ({{ interview.timezone }}) verschoben.</p>",
        ),
        (Kind::InterviewCancelled, "en") => (
            "Interview for {{ job.title }} cancelled",
            "Hello {{ recipient.first_name }},\n\nyour interview for {{ job.title }} on {{ interview.when }} ({{ interview.timezone }}) was cancelled.{% if interview.reason %}\nReason: {{ interview.reason }}{% endif %}\n",
            "<p>Hello {{ recipient.first_name }},</p><p>your interview for <strong>{{ job.title }}</strong> on {{ interview.when }} ({{ interview.timezone }}) was cancelled.</p>{% if interview.reason %}<p>Reason: {{ interview.reason }}</p>{% endif %}",
        ),
        (Kind::InterviewCancelled, "de") => (
            "Gespräch für {{ job.title }} abgesagt",
            "Hallo {{ recipient.first_name }},\n\nIhr Gespräch für {{ job.title }} am {{ interview.when }} ({{ interview.timezone }}) wurde abgesagt.{% if interview.reason %}\nGrund: {{ interview.reason }}{% endif %}\n",
            "<p>Hallo {{ recipient.first_name }},</p><p>Ihr Gespräch für <strong>{{ job.title }}</strong> am {{ interview.when }} ({{ interview.timezone }}) wurde abgesagt.</p>{% if interview.reason %}<p>Grund: {{ interview.reason }}</p>{% endif %}",
        ),
        (Kind::JobClosed, "en") => (
            "{{ job.title }} is no longer open",
            "Hello {{ recipient.first_name }},\n\nthe job {{ job.title }} you applied to is no longer open ({{ status | lower }}).\n",
            "<p>Hello {{ recipient.first_name }},</p><p>the job <strong>{{ job.title }}</strong> you applied to is no longer open ({{ status | lower }}).</p>",
        ),
        (Kind::JobClosed, "de") => (
            "{{ job.title }} ist nicht mehr offen",
            "Hallo {{ recipient.first_name }},\n\ndie Stelle {{ job.title }}, auf die Sie sich beworben haben, ist nicht mehr offen ({{ status | lower }}).\n",
            "<p>Hallo {{ recipient.first_name }},</p><p>die Stelle <strong>{{ job.title }}</strong>, auf die Sie sich beworben haben, ist nicht mehr offen ({{ status | lower }}).</p>",
        ),
        (Kind::JobAlert, "en") => (
            "New job for \"{{ search.name }}\": {{ job.title }}",
            "Hello {{ recipient.first_name }},\n\na new job matches your saved search \"{{ search.name }}\": {{ job.title }}{% if company.name %} at {{ company.name }}{% endif %}.\n",
            "<p>Hello {{ recipient.first_name }},</p><p>a new job matches your saved search <em>{{ search.name }}</em>: <strong>{{ job.title }}</strong>{% if company.name %} at {{ company.name }}{% endif %}.</p>",
        ),
        (Kind::JobAlert, "de") => (
            "Neue Stelle für „{{ search.name }}“: {{ job.title }}",
            "Hallo {{ recipient.first_name }},\n\neine neue Stelle passt zu Ihrer gespeicherten Suche „{{ search.name }}“: {{ job.title }}{% if company.name %} bei {{ company.name }}{% endif %}.\n",
            "<p>Hallo {{ recipient.first_name }},</p><p>eine neue Stelle passt zu Ihrer gespeicherten Suche <em>{{ search.name }}</em>: <strong>{{ job.title }}</strong>{% if company.name %} bei {{ company.name }}{% endif %}.</p>",
        ),
        (Kind::Digest, "en") => (
            "Your Jobgraph digest: {{ items | length }} new",
            "Hello {{ recipient.first_name }},\n\nwhat happened on {{ day }}:\n{% for item in items %}\n- {{ item.title }}: {{ item.body }}{% endfor %}\n",
            "<p>Hello {{ recipient.first_name }},</p><p>what happened on {{ day }}:</p><ul>{% for item in items %}<li><strong>{{ item.title }}</strong>: {{ item.body }}</li>{% endfor %}</ul>",
        ),
        (Kind::Digest, "de") => (
            "Ihre Jobgraph-Zusammenfassung: {{ items | length }} neu",
            "Hallo {{ recipient.first_name }},\n\nwas am {{ day }} geschah:\n{% for item in items %}\n- {{ item.title }}: {{ item.body }}{% endfor %}\n",
            "<p>Hallo {{ recipient.first_name }},</p><p>was am {{ day }} geschah:</p><ul>{% for item in items %}<li><strong>{{ item.title }}</strong>: {{ item.body }}</li>{% endfor %}</ul>",
        ),
        _ => return None,
    };
    Some(Source { subject: subject.into(), text: text.into(), html: html.into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_ships_in_every_locale_and_renders_its_sample() {
        for kind in Kind::ALL {
            for locale in SHIPPED_LOCALES {
                let source = shipped(kind, locale).unwrap_or_else(|| panic!("{} has no {locale} default", kind.key()));
                check(kind, &source).unwrap_or_else(|error| panic!("{} ({locale}): {error}", kind.key()));
            }
        }
    }

    #[test]
    fn html_is_escaped_and_text_is_not() {
        let source = Source { subject: "{{ x }}".into(), text: "{{ x }}".into(), html: "<p>{{ x }}</p>".into() };
        let rendered = render(&source, &json!({ "x": "<b>R&D</b>" })).unwrap();
        assert_eq!(rendered.text, "<b>R&D</b>");
        assert_eq!(rendered.html, "<p>&lt;b&gt;R&amp;D&lt;&#x2f;b&gt;</p>");
    }

    #[test]
    fn an_unknown_variable_is_refused_with_the_part_named() {
        let mut source = shipped(Kind::Welcome, "en").unwrap();
        source.html = "<p>{{ recipient.nickname }}</p>".into();
        let error = check(Kind::Welcome, &source).unwrap_err();
        assert_eq!(error.part, "htmlBody");
        let syntax = Source { subject: "{% if %}".into(), ..source };
        assert_eq!(check(Kind::Welcome, &syntax).unwrap_err().part, "subject");
    }
}
