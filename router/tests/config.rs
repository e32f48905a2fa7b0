//! The router configurations we ship and write parse as hive-router reads them.

use hive_router::config::parse_yaml_config;
use jobgraph_router::run::{Jwks, RouterYaml};

// hive-router resolves the files a configuration names from the working
// directory; nextest runs each test in a process of its own.

#[test]
fn the_checked_in_router_yaml_parses() {
    std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).unwrap();
    let config = parse_yaml_config(include_str!("../../router.yaml").to_string()).expect("router.yaml is valid");
    assert!(config.plugins.contains_key("rate_limit") && config.plugins.contains_key("reject_invalid_tokens"));
}

#[test]
fn the_docker_compose_router_yaml_parses_and_points_at_the_compose_network() {
    // The image mounts schema/ at /etc/jobgraph/schema; here it is the checkout's.
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/supergraph.graphql");
    let yaml = include_str!("../../deploy/router.yaml").replace("/etc/jobgraph/schema/supergraph.graphql", schema);
    let config = parse_yaml_config(yaml).expect("deploy/router.yaml is valid");
    assert!(config.plugins.contains_key("rate_limit") && config.plugins.contains_key("reject_invalid_tokens"));
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
    std::env::set_current_dir(&dir).unwrap();
    for (jwks, rate_limit) in [
        (Jwks::File("jwks.json".into()), None),
        (
            Jwks::Remote("http://127.0.0.1:4001/.well-known/jwks.json".into()),
            Some("{ per_ip: { capacity: 3, refill_per_second: 1 } }"),
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
        }
        .to_yaml();
        let config = parse_yaml_config(yaml.clone()).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        assert_eq!(config.plugins.contains_key("rate_limit"), rate_limit.is_some());
    }
}
