//! `cargo xtask man [--out DIR]`: man pages for `tally` and each of its
//! subcommands, rendered by clap_mangen from the CLI's own definition
//! (default `target/man/`; view with `man -l target/man/tally.1`).
//! `cargo xtask docs [--check]`: `docs/diagnostics.md`, every diagnostic
//! code with its explanation, generated from `tally_model::codes` (the list
//! `tally explain` reads); `--check` fails when the committed file is stale.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::project;

/// Writes `tally.1` and `tally-SUBCOMMAND.1` into `out`; returns their paths.
pub fn write_man_pages(out: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut written = Vec::new();
    let command = tally_cli::command();
    let mut pages = vec![(String::from("tally"), command.clone())];
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("tally-{}", sub.get_name());
        pages.push((name.clone(), sub.clone().display_name(name)));
    }
    for (name, page) in pages {
        let mut bytes = Vec::new();
        clap_mangen::Man::new(page).render(&mut bytes).with_context(|| format!("cannot render {name}"))?;
        let path = out.join(format!("{name}.1"));
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

pub fn run_man(out: Option<&Path>) -> Result<()> {
    let out = out.map_or_else(|| project::root().join("target/man"), Path::to_path_buf);
    for path in write_man_pages(&out)? {
        println!("wrote {}", path.display());
    }
    println!("read it with: man -l {}", out.join("tally.1").display());
    Ok(())
}

pub fn run_docs(check: bool) -> Result<()> {
    let path = project::root().join("docs/diagnostics.md");
    let text = tally_model::codes::markdown();
    let committed = std::fs::read_to_string(&path).ok();
    if committed.as_deref() == Some(text.as_str()) {
        println!("{} is up to date", path.display());
        return Ok(());
    }
    if check {
        bail!("{}: error: stale; run `cargo xtask docs` and commit the result", path.display());
    }
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn man_pages_cover_tally_and_its_subcommands() {
        let dir = tempfile::tempdir().unwrap();
        let written = write_man_pages(dir.path()).unwrap();
        let names: Vec<String> =
            written.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        for name in
            ["tally.1", "tally-convert.1", "tally-release.1", "tally-completions.1", "tally-explain.1"]
        {
            assert!(names.iter().any(|n| n == name), "{name} missing from {names:?}");
        }
        let main = std::fs::read_to_string(dir.path().join("tally.1")).unwrap();
        assert!(main.starts_with(".ie") || main.contains(".TH tally"), "not a man page: {main:.200}");
        assert!(main.contains("completions"), "the subcommands are listed");
    }
}
