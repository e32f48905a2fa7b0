//! `jobgraph compose`: each subgraph's SDL to `schema/<name>.graphql`;
//! `--check` fails when a checked-in file is stale.

use std::path::PathBuf;

use anyhow::Context as _;

use crate::services::Service;

#[derive(clap::Args)]
pub struct ComposeArgs {
    /// Where the schema files go.
    #[arg(long, default_value = "schema")]
    out: PathBuf,
    /// Compare instead of writing; fail when anything is stale.
    #[arg(long)]
    check: bool,
}

pub fn run(args: ComposeArgs) -> anyhow::Result<()> {
    let mut stale = Vec::new();
    for service in Service::ALL {
        let path = args.out.join(format!("{}.graphql", service.name()));
        let sdl = service.sdl();
        if args.check {
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current != sdl {
                stale.push(path.display().to_string());
            }
        } else {
            std::fs::create_dir_all(&args.out)?;
            std::fs::write(&path, sdl).with_context(|| format!("writing {}", path.display()))?;
            println!("wrote {}", path.display());
        }
    }
    if !stale.is_empty() {
        anyhow::bail!("stale schema files (run `jobgraph compose`): {}", stale.join(", "));
    }
    Ok(())
}
