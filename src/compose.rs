//! `jobgraph compose`: each subgraph's SDL to `schema/<name>.graphql`, then
//! supergraph.yaml composed into `schema/supergraph.graphql` (and the
//! clients' view of it, `schema/api.graphql`), and a JSON
//! Schema per event type under `schema/events/`. `--check`
//! fails when a checked-in file is stale.

use std::path::PathBuf;

use anyhow::Context as _;
use jobgraph_router::compose::{SchemaSource, SubgraphSdl, SupergraphConfig, api_schema, compose};

use crate::services::Service;

#[derive(clap::Args)]
pub struct ComposeArgs {
    /// Where the schema files go.
    #[arg(long, default_value = "schema")]
    out: PathBuf,
    /// The composition config, in rover's format.
    #[arg(long, default_value = "supergraph.yaml")]
    config: PathBuf,
    /// Compare instead of writing; fail when anything is stale.
    #[arg(long)]
    check: bool,
}

pub async fn run(args: ComposeArgs) -> anyhow::Result<()> {
    let mut files = Vec::new();
    for service in Service::ALL {
        files.push((args.out.join(format!("{}.graphql", service.name())), service.sdl()));
    }
    let config = SupergraphConfig::load(&args.config)?;
    let mut subgraphs = Vec::new();
    for (name, subgraph) in &config.subgraphs {
        // Our own subgraphs compose from the code, so `--check` compares against what it would write.
        let own = Service::ALL.into_iter().find(|service| service.name() == name).map(Service::sdl);
        let sdl = match (own, &subgraph.schema) {
            (Some(sdl), _) => sdl,
            (None, SchemaSource::File { file }) => {
                std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?
            }
            (None, SchemaSource::SubgraphUrl { subgraph_url }) => {
                jobgraph_router::compose::fetch_sdl(subgraph_url).await.with_context(|| format!("subgraph `{name}`"))?
            }
        };
        subgraphs.push(SubgraphSdl { name: name.clone(), url: subgraph.routing_url.clone(), sdl });
    }
    let supergraph = compose(&subgraphs)?;
    files.push((args.out.join("supergraph.graphql"), supergraph));
    // What clients see, for their code generators (web/ generates its types from it).
    files.push((args.out.join("api.graphql"), api_schema(&subgraphs)?));
    // The events, for consumers in other languages.
    for (name, schema) in jobgraph_shared::events::payloads::json_schemas() {
        files.push((
            args.out.join("events").join(format!("{name}.json")),
            serde_json::to_string_pretty(&schema)? + "\n",
        ));
    }

    let mut stale = Vec::new();
    for (path, contents) in files {
        if args.check {
            if std::fs::read_to_string(&path).unwrap_or_default() != contents {
                stale.push(path.display().to_string());
            }
        } else {
            std::fs::create_dir_all(path.parent().unwrap_or(&args.out))?;
            std::fs::write(&path, contents).with_context(|| format!("writing {}", path.display()))?;
            println!("wrote {}", path.display());
        }
    }
    anyhow::ensure!(stale.is_empty(), "stale schema files (run `jobgraph compose`): {}", stale.join(", "));
    Ok(())
}

/// The supergraph of the in-process subgraphs at `urls`, for `jobgraph dev`.
pub fn supergraph(urls: &[(Service, String)]) -> anyhow::Result<String> {
    let subgraphs: Vec<_> = urls
        .iter()
        .map(|(service, url)| SubgraphSdl { name: service.name().to_string(), url: url.clone(), sdl: service.sdl() })
        .collect();
    Ok(compose(&subgraphs)?)
}
