//! Embeds the built client (web/dist, built by `npm run build` and checked
//! in, so building Jobgraph needs no Node): one `include_bytes!` per file.

use std::path::{Path, PathBuf};

fn main() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    // A directory: cargo reruns this when anything under it changes. Relative
    // to the package, so a target directory shared by two checkouts reruns it
    // for this one's files (an absolute path kept the other checkout's).
    println!("cargo:rerun-if-changed=dist");
    let mut files = Vec::new();
    collect(&dist, &mut files);
    files.sort();
    let mut out = String::from(
        "/// Every file of web/dist: (path from the site's root, contents).\npub static ASSETS: &[(&str, &[u8])] = &[\n",
    );
    for file in &files {
        let url = file.strip_prefix(&dist).expect("under dist").to_string_lossy().replace('\\', "/");
        out.push_str(&format!("    (\"/{url}\", include_bytes!({:?})),\n", file.display().to_string()));
    }
    out.push_str("];\n");
    let target = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("assets.rs");
    std::fs::write(target, out).expect("writing assets.rs");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("{} is missing: run `npm run build` in web/", dir.display());
    };
    for entry in entries {
        let path = entry.expect("reading web/dist").path();
        if path.is_dir() { collect(&path, files) } else { files.push(path) }
    }
}
