//! `cargo xtask schema [--check]`: the committed `schema/` is generated from
//! the model types; this writes it, or checks it is up to date (CI).

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::project;

pub fn run(check_only: bool) -> Result<()> {
    let dir = project::root().join("schema");
    if check_only {
        check(&dir)?;
        println!("schema/ is up to date ({} schemas)", tally_model::committed_schemas().len());
    } else {
        for line in write(&dir)? {
            println!("{line}");
        }
        println!(
            "schema/ holds {} schemas (version {})",
            tally_model::committed_schemas().len(),
            tally_model::SCHEMA_VERSION
        );
    }
    Ok(())
}

/// Fails, naming every stale file, when `dir` differs from the model.
fn check(dir: &Path) -> Result<()> {
    let stale = tally_validate::stale_schema_files(dir);
    if stale.is_empty() {
        return Ok(());
    }
    let list: Vec<String> =
        stale.iter().map(|f| format!("{}: error: stale schema", dir.join(f).display())).collect();
    bail!(
        "{}\nschema/ does not match crates/model: run `cargo xtask schema` and commit the result",
        list.join("\n")
    )
}

/// Writes every generated schema into `dir` and removes schema files the
/// model no longer generates; returns what it did, one line per file.
fn write(dir: &Path) -> Result<Vec<String>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut done = Vec::new();
    for s in tally_model::committed_schemas() {
        let path = dir.join(&s.file_name);
        let text = tally_validate::schema_file_text(&s.schema);
        // Leave unchanged files alone, so their modification times stay put.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
            done.push(format!("wrote {}", path.display()));
        }
    }
    // A schema the model no longer generates must not linger as if published.
    for name in tally_validate::stale_schema_files(dir) {
        let path = dir.join(&name);
        std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        done.push(format!("removed {}", path.display()));
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_schemas_pass_the_check_and_a_second_write_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(write(dir.path()).unwrap().len(), tally_model::committed_schemas().len());
        check(dir.path()).unwrap();
        assert!(write(dir.path()).unwrap().is_empty());
    }

    #[test]
    fn check_names_each_stale_file_and_the_command_that_fixes_it() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path()).unwrap();
        std::fs::write(dir.path().join("claim.schema.json"), "{}\n").unwrap();
        std::fs::write(dir.path().join("old.schema.json"), "{}\n").unwrap();
        let message = check(dir.path()).unwrap_err().to_string();
        assert!(message.contains("claim.schema.json: error: stale schema"), "{message}");
        assert!(message.contains("old.schema.json"), "{message}");
        assert!(message.contains("run `cargo xtask schema`"), "{message}");
        assert!(!message.contains("article.schema.json"), "{message}");

        write(dir.path()).unwrap();
        check(dir.path()).unwrap();
        assert!(!dir.path().join("old.schema.json").exists());
    }
}
