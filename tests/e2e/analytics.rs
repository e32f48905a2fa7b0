//! Analytics end to end in `jobgraph dev`, through the router: views by
//! anonymous and signed-in visitors (the visitor told apart by the client's
//! address and user agent, which the router passes on), an apply start, an
//! application and a hire reach the job's and the company's stats; only
//! their owner and admins read them, and admins the platform's.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::{Dev, graphql, post};

const TRACK: &str = "mutation($inputs: [TrackEventInput!]!) { trackEvents(inputs: $inputs) }";

/// Tracks `inputs` as the visitor at `address` with `agent`, signed in with `token` or not.
fn track(dev: &Dev, inputs: Value, address: &str, agent: &str, token: Option<&str>) {
    let body = json!({ "query": TRACK, "variables": { "inputs": inputs } }).to_string();
    let bearer = token.map(|token| format!("Bearer {token}"));
    let mut headers = vec![("x-forwarded-for", address), ("user-agent", agent)];
    if let Some(bearer) = &bearer {
        headers.push(("authorization", bearer));
    }
    let response = post(dev.router, "/graphql", &body, &headers);
    assert!(response.body.get("errors").is_none(), "{}", response.body);
}

fn ok(response: Value) -> Value {
    assert!(response.get("errors").is_none(), "{response}");
    response["data"].clone()
}

#[test]
fn views_an_application_and_a_hire_reach_the_owners_stats_and_nobody_elses() {
    let dev = Dev::start();
    let employer = dev.register("hana@example.com", "EMPLOYER");
    let seeker = dev.register("ada@example.com", "JOB_SEEKER");
    let other_employer = dev.login("employer1@demo.jobgraph.dev");
    let admin = dev.login("admin@demo.jobgraph.dev");

    let company = ok(graphql(
        dev.router,
        "mutation { createCompany(input: { name: \"Tidewater Labs\" }) { id } }",
        json!({}),
        Some(&employer),
    ))["createCompany"]["id"]
        .clone();
    let job = ok(graphql(
        dev.router,
        r#"mutation($c: ID!) { createJob(input: { companyId: $c, title: "Harbour Pilot", description: "Bring ships in.",
            employmentType: FULL_TIME, experienceLevel: SENIOR, remotePolicy: REMOTE }) { id } }"#,
        json!({ "c": company }),
        Some(&employer),
    ))["createJob"]["id"]
        .clone();
    ok(graphql(
        dev.router,
        "mutation($id: ID!) { publishJob(id: $id) { status } }",
        json!({ "id": job }),
        Some(&employer),
    ));

    // One anonymous visitor views twice (one unique viewer), the seeker views once and starts applying.
    let view = json!({ "type": "JOB_VIEWED", "sessionId": "anon-1", "jobId": job, "utmSource": "newsletter" });
    track(&dev, json!([view, view]), "203.0.113.9", "Firefox/140", None);
    let seeker_view = json!({ "type": "JOB_VIEWED", "sessionId": "ada-1", "jobId": job });
    let apply_start = json!({ "type": "APPLY_STARTED", "sessionId": "ada-1", "jobId": job });
    track(&dev, json!([seeker_view, apply_start]), "198.51.100.4", "Chromium/156", Some(&seeker));

    let apply =
        "mutation($j: ID!) { applyToJob(input: { jobId: $j, coverLetter: \"Ahoy\", source: \"newsletter\" }) { id } }";
    let started = Instant::now();
    let application = loop {
        let response = graphql(dev.router, apply, json!({ "j": job }), Some(&seeker));
        if let Some(id) = response["data"]["applyToJob"]["id"].as_str() {
            break id.to_string();
        }
        assert!(started.elapsed() < Duration::from_secs(30), "the job never reached applications: {response}");
        std::thread::sleep(Duration::from_millis(50));
    };
    let moving = "mutation($id: ID!, $to: ApplicationStatus!) { moveApplication(id: $id, to: $to) { status } }";
    for stage in ["SCREENING", "INTERVIEW", "OFFER", "HIRED"] {
        ok(graphql(dev.router, moving, json!({ "id": application, "to": stage }), Some(&employer)));
    }

    let today = chrono::Utc::now().date_naive();
    let range = json!({ "job": job, "company": company, "from": (today - chrono::Duration::days(6)).to_string(), "to": today.to_string() });
    let stats = r#"query($job: ID!, $company: ID!, $from: Date!, $to: Date!) {
      job(id: $job) { title stats(from: $from, to: $to) {
        totals { views uniqueViewers applyStarts applications interviews offers hires conversionRate }
        bySource { source views applyStarts applications }
      } }
      company(id: $company) { name stats(from: $from, to: $to, granularity: WEEK) {
        totals { views uniqueViewers applications hires } timeToHire { count }
      } }
    }"#;
    let expected = json!({
        "views": 3, "uniqueViewers": 2, "applyStarts": 1, "applications": 1,
        "interviews": 1, "offers": 1, "hires": 1, "conversionRate": 0.5
    });
    let started = Instant::now();
    // Until the events arrive analytics does not know the job's owner either, and refuses.
    let seen = loop {
        let seen = graphql(dev.router, stats, range.clone(), Some(&employer));
        if seen["data"]["job"]["stats"]["totals"] == expected {
            break ok(seen);
        }
        assert!(started.elapsed() < Duration::from_secs(30), "the counts never arrived: {seen}");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(seen["job"]["title"], "Harbour Pilot", "jobs' fields beside analytics' stats");
    assert_eq!(
        seen["job"]["stats"]["bySource"],
        json!([
            { "source": "newsletter", "views": 2, "applyStarts": 0, "applications": 1 },
            { "source": "direct", "views": 1, "applyStarts": 1, "applications": 0 }
        ])
    );
    assert_eq!(
        seen["company"]["stats"],
        json!({ "totals": { "views": 3, "uniqueViewers": 2, "applications": 1, "hires": 1 }, "timeToHire": { "count": 1 } })
    );

    // Nobody else reads them: the error is on the stats, jobs' fields still answer.
    for (who, token, code) in [
        ("another employer", Some(&other_employer), "FORBIDDEN"),
        ("the seeker", Some(&seeker), "FORBIDDEN"),
        ("anonymous", None, "UNAUTHENTICATED"),
    ] {
        let response = graphql(dev.router, stats, range.clone(), token.map(String::as_str));
        let codes: Vec<&str> = response["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("{who}: {response}"))
            .iter()
            .filter_map(|error| error["extensions"]["code"].as_str())
            .collect();
        assert!(!codes.is_empty() && codes.iter().all(|c| *c == code), "{who}: {response}");
        assert_eq!(response["data"]["job"]["title"], "Harbour Pilot", "{who}: {response}");
        assert!(response["data"]["job"]["stats"].is_null(), "{who}: {response}");
    }
    // An admin reads both, and the platform's.
    assert_eq!(ok(graphql(dev.router, stats, range.clone(), Some(&admin)))["job"]["stats"]["totals"], expected);
    let platform = "query($from: Date!, $to: Date!) { platformStats(from: $from, to: $to) { totals { employerSignups jobSeekerSignups applications hires activeUsers } } }";
    let totals = ok(graphql(dev.router, platform, range.clone(), Some(&admin)))["platformStats"]["totals"].clone();
    assert!(totals["employerSignups"].as_i64() >= Some(1) && totals["hires"].as_i64() >= Some(1), "{totals}");
    assert!(totals["activeUsers"].as_i64() >= Some(2), "the seeker and the employer at least: {totals}");
    let refused = graphql(dev.router, platform, range, Some(&employer));
    assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");
}
