//! The router configurations we ship and write parse as hive-router reads them.

use hive_router::config::{HiveRouterConfig, parse_yaml_config};
use jobgraph_router::plugins::ready_probe::ReadyProbe;
use jobgraph_router::plugins::{JobgraphConfig, PLUGIN_NAME};
use jobgraph_router::run::{Jwks, PersistedDocuments, RouterYaml};

/// Our plugin's configuration, as our plugin reads it (it must be enabled).
fn our_plugin(config: &HiveRouterConfig) -> JobgraphConfig {
    let plugin = config.plugins.get(PLUGIN_NAME).expect("our plugin is configured");
    assert!(plugin.enabled);
    serde_json::from_value(plugin.config.clone()).unwrap_or_else(|e| panic!("our plugin's config: {e}"))
}

// hive-router resolves the files a configuration names from the working
// directory; nextest runs each test in a process of its own.

#[test]
fn the_checked_in_router_yaml_parses() {
    std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).unwrap();
    let config = parse_yaml_config(include_str!("../../router.yaml").to_string()).expect("router.yaml is valid");
    let ours = our_plugin(&config);
    assert!(ours.rate_limit.is_some() && ours.reject_invalid_tokens && ours.error_codes, "{ours:?}");
    assert!(config.persisted_documents.enabled, "production takes the web client's trusted documents");
}

#[test]
fn the_docker_compose_router_yaml_parses_and_points_at_the_compose_network() {
    // The image mounts schema/ at /etc/jobgraph/schema; here it is the checkout's.
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/supergraph.graphql");
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/../web/app/gql/persisted-documents.json");
    let yaml = include_str!("../../deploy/router.yaml")
        .replace("/etc/jobgraph/schema/supergraph.graphql", schema)
        .replace("/etc/jobgraph/persisted-documents.json", manifest);
    let config = parse_yaml_config(yaml).expect("deploy/router.yaml is valid");
    assert!(config.persisted_documents.enabled, "production takes the web client's trusted documents");
    let ours = our_plugin(&config);
    assert!(ours.rate_limit.is_some() && ours.reject_invalid_tokens && ours.error_codes, "{ours:?}");
    for (name, url) in [
        ("users", "http://users:4001/graphql"),
        ("jobs", "http://jobs:4002/graphql"),
        ("applications", "http://applications:4003/graphql"),
    ] {
        let configured = format!("{:?}", config.override_subgraph_urls.get_subgraph_url(name));
        assert!(configured.contains(url), "{name}: {configured}");
    }
}

#[test]
fn written_router_configurations_parse() {
    let dir = std::env::temp_dir().join(format!("jobgraph-router-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("supergraph.graphql"), include_str!("../../schema/supergraph.graphql")).unwrap();
    std::fs::write(dir.join("jwks.json"), r#"{"keys":[]}"#).unwrap();
    std::fs::write(dir.join("persisted-documents.json"), jobgraph_web::PERSISTED_DOCUMENTS).unwrap();
    std::env::set_current_dir(&dir).unwrap();
    for (jwks, rate_limit, log_format, require_id) in [
        (Jwks::File("jwks.json".into()), None, Some("text"), Some(false)),
        (
            Jwks::Remote("http://127.0.0.1:4001/.well-known/jwks.json".into()),
            Some("{ per_ip: { capacity: 3, refill_per_second: 1 } }"),
            None,
            None,
        ),
    ] {
        let yaml = RouterYaml {
            listen: ([127, 0, 0, 1], 4000).into(),
            supergraph: "supergraph.graphql".into(),
            jwks,
            issuer: "jobgraph".into(),
            audience: "jobgraph-api".into(),
            explore: true,
            rate_limit: rate_limit.map(str::to_string),
            log_format,
            persisted_documents: require_id
                .map(|require_id| PersistedDocuments { manifest: "persisted-documents.json".into(), require_id }),
        }
        .to_yaml();
        let config = parse_yaml_config(yaml.clone()).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        assert_eq!(our_plugin(&config).rate_limit.is_some(), rate_limit.is_some());
        assert_eq!(config.persisted_documents.enabled, require_id.is_some());
        if let Some(format) = log_format {
            assert_eq!(config.log.format.as_str(), format, "dev's log format reaches the engine");
        }
    }
}

#[test]
fn our_plugin_turns_everything_but_rate_limiting_on_unless_told_and_refuses_what_it_does_not_know() {
    let defaults: JobgraphConfig = serde_json::from_value(serde_json::json!({})).unwrap();
    assert_eq!(defaults.ready_path, "/ready");
    assert!(defaults.reject_invalid_tokens && defaults.error_codes && defaults.rate_limit.is_none(), "{defaults:?}");
    let typo = serde_json::from_value::<JobgraphConfig>(serde_json::json!({ "error_code": false }));
    assert!(typo.is_err(), "an unknown setting is an error, not ignored");
}

#[test]
fn the_ready_probe_may_not_take_a_path_the_router_serves() {
    std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).unwrap();
    let router = parse_yaml_config(include_str!("../../router.yaml").to_string()).unwrap();
    for taken in ["/graphql", "/health", "/readiness", "ready"] {
        assert!(ReadyProbe::new(taken.into(), vec![], &router).is_err(), "{taken}");
    }
    assert!(ReadyProbe::new("/ready".into(), vec![], &router).is_ok());
    assert!(ReadyProbe::new("/ready".into(), vec!["not a url".into()], &router).is_err(), "not a URL");
}
