//! Where the workspace is: commands default to paths inside it (schema/,
//! data/articles, dist/) wherever `cargo xtask` is run from.

use std::path::PathBuf;

use xshell::{cmd, Shell};

/// The workspace root, asked of cargo itself; falls back to the directory
/// above this crate when cargo cannot be run.
pub fn root() -> PathBuf {
    let located = Shell::new().ok().and_then(|sh| {
        cmd!(sh, "cargo locate-project --workspace --message-format plain").quiet().read().ok()
    });
    match located.map(PathBuf::from).as_ref().and_then(|manifest| manifest.parent()) {
        Some(dir) => dir.to_path_buf(),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."),
    }
}
