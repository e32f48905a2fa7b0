//! Composition: subgraph SDLs to one supergraph SDL that the planner accepts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// supergraph.yaml, in rover's format.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupergraphConfig {
    pub federation_version: Option<String>,
    pub subgraphs: BTreeMap<String, SubgraphConfig>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubgraphConfig {
    pub routing_url: String,
    pub schema: SchemaSource,
}

/// Where a subgraph's SDL comes from.
#[derive(Debug, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum SchemaSource {
    File { file: PathBuf },
    SubgraphUrl { subgraph_url: String },
}

impl SupergraphConfig {
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
        serde_yaml_ng::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }
}

/// Asks a running subgraph for its SDL (`{ _service { sdl } }`), for
/// `schema.subgraph_url` sources; with the subgraph secret when one is set,
/// as the router sends it.
pub async fn fetch_sdl(url: &str) -> anyhow::Result<String> {
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build()?;
    let mut request =
        client.post(url).header("content-type", "application/json").body(r#"{"query":"{ _service { sdl } }"}"#);
    if let Ok(secret) = std::env::var(crate::plugins::subgraph_secret::VARIABLE)
        && !secret.is_empty()
    {
        request = request.header(jobgraph_shared::server::SECRET_HEADER, secret);
    }
    let response =
        request.send().await.map_err(|e| anyhow::anyhow!("asking {url} for its SDL: {e}"))?.error_for_status()?;
    let body: serde_json::Value = serde_json::from_slice(&response.bytes().await?)?;
    body["data"]["_service"]["sdl"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| anyhow::anyhow!("{url} did not answer with its SDL: {body}"))
}

/// One subgraph to compose.
#[derive(Clone, Debug)]
pub struct SubgraphSdl {
    pub name: String,
    pub url: String,
    pub sdl: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    #[error("subgraph `{subgraph}` has invalid SDL:\n{report}")]
    Parse { subgraph: String, report: String },
    #[error("composition failed:\n{}", .0.join("\n"))]
    Composition(Vec<String>),
    #[error("rendering the supergraph failed")]
    Render,
}

/// Composes `subgraphs` into a supergraph SDL.
pub fn compose(subgraphs: &[SubgraphSdl]) -> Result<String, ComposeError> {
    let graph = federated_graph(subgraphs)?;
    let sdl = graphql_composition::render_federated_sdl(&graph).map_err(|_| ComposeError::Render)?;
    Ok(add_root_join_types(&sdl, subgraphs))
}

/// The schema clients see through the router (no federation directives,
/// nothing `@inaccessible`): what frontends generate their types from.
pub fn api_schema(subgraphs: &[SubgraphSdl]) -> Result<String, ComposeError> {
    Ok(graphql_composition::render_api_sdl(&federated_graph(subgraphs)?))
}

fn federated_graph(subgraphs: &[SubgraphSdl]) -> Result<graphql_composition::FederatedGraph, ComposeError> {
    let mut input = graphql_composition::Subgraphs::default();
    for subgraph in subgraphs {
        input
            .ingest_str(&subgraph.sdl, &subgraph.name, Some(&subgraph.url))
            .map_err(|error| ComposeError::Parse { subgraph: subgraph.name.clone(), report: error.to_string() })?;
    }
    let result = graphql_composition::compose(&mut input);
    let errors: Vec<String> = result.diagnostics().iter_errors().map(str::to_string).collect();
    let graph = result.into_result().map_err(|_| ComposeError::Composition(errors.clone()))?;
    if !errors.is_empty() {
        return Err(ComposeError::Composition(errors));
    }
    Ok(graph)
}

/// graphql-composition leaves `@join__type(graph: ...)` off the root types;
/// the planner needs it to know which subgraphs serve root fields. Each
/// subgraph that defines a root type gets one on that type.
fn add_root_join_types(supergraph: &str, subgraphs: &[SubgraphSdl]) -> String {
    let graph_values = join_graph_values(supergraph);
    let mut out = String::with_capacity(supergraph.len() + 256);
    for line in supergraph.split_inclusive('\n') {
        let root = ["Query", "Mutation", "Subscription"].into_iter().find(|root| {
            line.trim_start()
                .strip_prefix("type ")
                .and_then(|rest| rest.strip_prefix(root))
                .is_some_and(|rest| rest.starts_with([' ', '\n', '{', '@']))
        });
        match root {
            Some(root) if !line.contains("@join__type") => {
                let directives: String = subgraphs
                    .iter()
                    .filter(|subgraph| defines_type(&subgraph.sdl, root))
                    .filter_map(|subgraph| graph_values.get(&subgraph.name))
                    .map(|value| format!(" @join__type(graph: {value})"))
                    .collect();
                let (head, tail) = line.split_at(line.find('{').unwrap_or(line.trim_end().len()));
                out.push_str(head.trim_end());
                out.push_str(&directives);
                out.push(' ');
                out.push_str(tail.trim_start());
                if !tail.contains('\n') && line.ends_with('\n') {
                    out.push('\n');
                }
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// `name` -> `VALUE` from `enum join__Graph { VALUE @join__graph(name: "name", ...) }`.
fn join_graph_values(supergraph: &str) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    let Some(start) = supergraph.find("enum join__Graph") else { return values };
    let body = &supergraph[start..];
    let body = &body[..body.find('}').unwrap_or(body.len())];
    for line in body.lines() {
        let line = line.trim();
        let (Some(value), Some(name_at)) = (line.split_whitespace().next(), line.find("name: \"")) else { continue };
        let name = &line[name_at + 7..];
        if let Some(end) = name.find('"') {
            values.insert(name[..end].to_string(), value.to_string());
        }
    }
    values
}

fn defines_type(sdl: &str, name: &str) -> bool {
    sdl.lines().any(|line| {
        let line = line.trim_start();
        let line = line.strip_prefix("extend ").unwrap_or(line);
        line.strip_prefix("type ")
            .and_then(|rest| rest.strip_prefix(name))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '{', '@']))
    })
}
