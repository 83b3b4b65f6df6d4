//! `cargo xtask schema [--check]`: the committed `schema/` is generated from
//! the model types; this writes it, or checks it is up to date (CI).

use anyhow::{bail, Context, Result};

use crate::project;

pub fn run(check: bool) -> Result<()> {
    let dir = project::root().join("schema");
    if check {
        let stale = tally_validate::stale_schema_files(&dir);
        if !stale.is_empty() {
            let list: Vec<String> =
                stale.iter().map(|f| format!("{}: error: stale schema", dir.join(f).display())).collect();
            bail!(
                "{}\nschema/ does not match crates/model: run `cargo xtask schema` and commit the result",
                list.join("\n")
            );
        }
        println!("schema/ is up to date ({} schemas)", tally_model::schemas().len());
        return Ok(());
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let schemas = tally_model::schemas();
    for s in &schemas {
        let path = dir.join(&s.file_name);
        let text = tally_validate::schema_file_text(&s.schema);
        // Leave unchanged files alone, so their modification times stay put.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
            println!("wrote {}", path.display());
        }
    }
    // A schema the model no longer generates must not linger as if published.
    for name in tally_validate::stale_schema_files(&dir) {
        let path = dir.join(&name);
        std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        println!("removed {}", path.display());
    }
    println!("schema/ holds {} schemas (version {})", schemas.len(), tally_model::SCHEMA_VERSION);
    Ok(())
}
