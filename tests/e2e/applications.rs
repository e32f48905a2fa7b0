//! The hiring pipeline end to end through the router: users, jobs and
//! applications as separate processes, Kafka (Tansu) carrying the job to
//! applications' cache.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::graphql;
use crate::microservices::{Platform, data};

fn post(platform: &Platform, query: &str, variables: Value, token: &str) -> Value {
    let response = graphql(platform.router, query, variables, Some(token));
    data(&response).clone()
}

#[tokio::test]
async fn an_employer_hires_through_the_pipeline_and_each_side_sees_its_part() {
    let platform = Platform::start(None).await;
    let employer = platform.register("grace@example.com", "EMPLOYER");
    let seeker = platform.register("ada@example.com", "JOB_SEEKER");
    let stranger = platform.register("eve@example.com", "JOB_SEEKER");

    let job_id = platform.publish_job(&employer);
    let profile = "mutation { updateSeekerProfile(input: { headline: \"Compiler whisperer\", desiredSalary: { amount: 99000, currency: \"EUR\" } }) { headline } }";
    post(&platform, profile, json!({}), &seeker);

    // The job reaches applications through job-events; until then it is unknown (or a draft) there.
    let apply = "mutation($j: ID!) { applyToJob(input: { jobId: $j, coverLetter: \"Hello\", idempotencyKey: \"k1\" }) { id status } }";
    let started = Instant::now();
    let application = loop {
        let response = graphql(platform.router, apply, json!({ "j": job_id }), Some(&seeker));
        if response.get("errors").is_none() {
            break response["data"]["applyToJob"].clone();
        }
        // Until job.created and then job.status_changed (PUBLISHED) arrive.
        let code = response["errors"][0]["extensions"]["code"].as_str().unwrap_or_default().to_string();
        assert!(code == "NOT_FOUND" || code == "CONFLICT", "{response}");
        assert!(started.elapsed() < Duration::from_secs(150), "the job never reached applications");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let id = application["id"].clone();
    assert_eq!(application["status"], "APPLIED");

    let moving = "mutation($id: ID!, $to: ApplicationStatus!) { moveApplication(id: $id, to: $to) { status } }";
    post(&platform, moving, json!({ "id": id, "to": "SCREENING" }), &employer);
    post(&platform, moving, json!({ "id": id, "to": "INTERVIEW" }), &employer);
    let at = (chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339();
    let interview = post(
        &platform,
        "mutation($id: ID!, $at: DateTime!) { scheduleInterview(input: { applicationId: $id, type: PHONE, scheduledAt: $at, timezone: \"Europe/London\" }) { id status } }",
        json!({ "id": id, "at": at }),
        &employer,
    );
    assert_eq!(interview["scheduleInterview"]["status"], "SCHEDULED");

    // The seeker: status, history, and the job's title resolved by jobs.
    let mine = post(
        &platform,
        "{ myApplications { totalCount edges { node { status job { title company { name } } history { from to } interviews { timezone feedback } } } } }",
        json!({}),
        &seeker,
    );
    let node = &mine["myApplications"]["edges"][0]["node"];
    assert_eq!(node["status"], "INTERVIEW");
    assert_eq!(node["job"]["title"], "Compiler Engineer", "resolved by jobs: {mine}");
    assert_eq!(node["job"]["company"]["name"], "Compilers Inc");
    let steps: Vec<&str> = node["history"].as_array().unwrap().iter().map(|s| s["to"].as_str().unwrap()).collect();
    assert_eq!(steps, ["APPLIED", "SCREENING", "INTERVIEW"]);
    assert_eq!(node["interviews"][0]["timezone"], "Europe/London");

    // The employer: the applicant's name resolved by users, on the job jobs owns.
    let pipeline = post(
        &platform,
        "query($id: ID!) { job(id: $id) { title applicationCount applications { totalCount edges { node { status applicant { firstName lastName } } } } } }",
        json!({ "id": job_id }),
        &employer,
    );
    let job = &pipeline["job"];
    assert_eq!(job["applicationCount"], 1);
    assert_eq!(job["applications"]["edges"][0]["node"]["applicant"]["firstName"], "Ada", "{pipeline}");

    // users hears of the application and lets the employer read the applicant's profile (not the salary).
    let started = Instant::now();
    let seen = loop {
        let response = post(
            &platform,
            "query($id: ID!) { job(id: $id) { applications { edges { node { applicant { seekerProfile { headline desiredSalary { amount } } } } } } } }",
            json!({ "id": job_id }),
            &employer,
        );
        let seen = response["job"]["applications"]["edges"][0]["node"]["applicant"]["seekerProfile"].clone();
        if !seen.is_null() {
            break seen;
        }
        assert!(started.elapsed() < Duration::from_secs(150), "users never heard of the application");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(seen["headline"], "Compiler whisperer");
    assert!(seen["desiredSalary"].is_null(), "{seen}");

    // Another seeker sees none of it.
    let theirs = graphql(
        platform.router,
        "query($id: ID!) { application(id: $id) { id } myApplications { totalCount } }",
        json!({ "id": id }),
        Some(&stranger),
    );
    assert!(theirs["data"]["application"].is_null(), "{theirs}");
    assert_eq!(theirs["data"]["myApplications"]["totalCount"], 0);
    let peek = graphql(
        platform.router,
        "query($id: ID!) { job(id: $id) { applications { totalCount } } }",
        json!({ "id": job_id }),
        Some(&stranger),
    );
    assert_eq!(peek["errors"][0]["extensions"]["code"], "FORBIDDEN", "{peek}");

    // users goes down: the job and its pipeline survive; only the applicants are null, with an error each.
    let mut platform = platform;
    platform.users.0.kill().unwrap();
    platform.users.0.wait().unwrap();
    let partial = graphql(
        platform.router,
        "query($id: ID!) { job(id: $id) { title applications { edges { node { status applicant { firstName } } } } } }",
        json!({ "id": job_id }),
        Some(&employer),
    );
    let job = &partial["data"]["job"];
    assert_eq!(job["title"], "Compiler Engineer", "{partial}");
    let node = &job["applications"]["edges"][0]["node"];
    assert_eq!(node["status"], "INTERVIEW", "{partial}");
    assert!(node["applicant"].is_null(), "{partial}");
    assert!(
        partial["errors"][0]["extensions"]["affectedPath"].as_str().is_some_and(|path| path.contains("applicant")),
        "{partial}"
    );

    // jobs goes down too: the seeker's applications survive; only their jobs are null.
    platform.jobs.0.kill().unwrap();
    platform.jobs.0.wait().unwrap();
    let partial = graphql(
        platform.router,
        "{ myApplications { totalCount edges { node { status job { title } history { to } } } } }",
        json!({}),
        Some(&seeker),
    );
    let mine = &partial["data"]["myApplications"];
    assert_eq!(mine["totalCount"], 1, "{partial}");
    let node = &mine["edges"][0]["node"];
    assert_eq!(node["status"], "INTERVIEW", "{partial}");
    assert_eq!(node["history"].as_array().map(Vec::len), Some(3), "{partial}");
    assert!(node["job"].is_null(), "{partial}");
    assert!(
        partial["errors"][0]["extensions"]["affectedPath"].as_str().is_some_and(|path| path.contains("job")),
        "{partial}"
    );
}
