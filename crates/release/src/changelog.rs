//! `CHANGELOG.md` of a release: articles (by source path) and events (by id)
//! added, removed and changed since the previous release in the ledger, and
//! the schema changes.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

use crate::ledger::LedgerEntry;
use crate::schema_diff::breaking_changes;

/// Markdown text of the changelog of `current` against `previous`.
pub fn render(current: &LedgerEntry, previous: Option<&LedgerEntry>) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Changelog: v{}\n", current.version);
    let Some(prev) = previous else {
        let _ = writeln!(
            s,
            "First release: no earlier release is recorded in the ledger.\n\n\
             - {} article(s), {} event(s), schemas {}.",
            current.articles.len(),
            current.events.len(),
            current.schema_version
        );
        return s;
    };
    let _ = writeln!(s, "Changes since v{} (from the release ledger).\n", prev.version);

    let _ = writeln!(s, "## Articles\n");
    let old: BTreeMap<&str, _> = prev.articles.iter().map(|a| (a.path.as_str(), a)).collect();
    let new: BTreeMap<&str, _> = current.articles.iter().map(|a| (a.path.as_str(), a)).collect();
    let title = |t: &Option<String>| t.as_deref().map(|t| format!(" — {t}")).unwrap_or_default();
    let added: Vec<_> = new.iter().filter(|(p, _)| !old.contains_key(*p)).collect();
    let removed: Vec<_> = old.iter().filter(|(p, _)| !new.contains_key(*p)).collect();
    let changed: Vec<_> = new
        .iter()
        .filter_map(|(p, a)| old.get(p).filter(|o| o.sha256 != a.sha256).map(|o| (p, o, a)))
        .collect();
    section(&mut s, "Added", added.iter().map(|(p, a)| format!("`{p}` (`{}`){}", a.id, title(&a.title))));
    section(&mut s, "Removed", removed.iter().map(|(p, a)| format!("`{p}` (`{}`){}", a.id, title(&a.title))));
    section(
        &mut s,
        "Changed",
        changed.iter().map(|(p, o, a)| format!("`{p}`: `{}` → `{}`{}", o.id, a.id, title(&a.title))),
    );
    if added.is_empty() && removed.is_empty() && changed.is_empty() {
        let _ = writeln!(s, "No change.\n");
    }

    let _ = writeln!(s, "## Events\n");
    let old: BTreeMap<&str, _> = prev.events.iter().map(|e| (e.id.as_str(), e)).collect();
    let new: BTreeMap<&str, _> = current.events.iter().map(|e| (e.id.as_str(), e)).collect();
    let added: Vec<_> = new.iter().filter(|(id, _)| !old.contains_key(*id)).collect();
    let removed: Vec<_> = old.iter().filter(|(id, _)| !new.contains_key(*id)).collect();
    let changed: Vec<_> = new
        .iter()
        .filter_map(|(id, e)| old.get(id).filter(|o| o.digest != e.digest).map(|o| (id, o, e)))
        .collect();
    section(&mut s, "Added", added.iter().map(|(id, e)| format!("`{id}`: {}", e.summary)));
    section(&mut s, "Removed", removed.iter().map(|(id, e)| format!("`{id}`: {}", e.summary)));
    section(
        &mut s,
        "Changed",
        changed.iter().map(|(id, o, e)| format!("`{id}`: {} (was: {})", e.summary, o.summary)),
    );
    if added.is_empty() && removed.is_empty() && changed.is_empty() {
        let _ = writeln!(s, "No change.\n");
    }

    let _ = writeln!(s, "## Schemas\n");
    let changed_schemas: Vec<&String> = current
        .schemas
        .iter()
        .filter(|(name, schema)| prev.schemas.get(*name).is_none_or(|o| o.sha256 != schema.sha256))
        .map(|(name, _)| name)
        .collect();
    if changed_schemas.is_empty() {
        let _ = writeln!(s, "Unchanged (schema version {}).", current.schema_version);
    } else {
        let _ = writeln!(s, "Schema version {} → {}.\n", prev.schema_version, current.schema_version);
        for name in changed_schemas {
            let _ = writeln!(s, "- `{name}` changed");
        }
        let docs = |e: &LedgerEntry| -> Vec<(String, Value)> {
            e.schemas.iter().map(|(n, sch)| (n.clone(), sch.document.clone())).collect()
        };
        let breaking = breaking_changes(&docs(prev), &docs(current));
        if !breaking.is_empty() {
            let _ = writeln!(s, "\nBreaking changes (this is a new major version):\n");
            for b in breaking {
                let _ = writeln!(s, "- {b}");
            }
        }
    }
    s
}

fn section(s: &mut String, heading: &str, items: impl Iterator<Item = String>) {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        return;
    }
    let _ = writeln!(s, "### {heading} ({})\n", items.len());
    for item in items {
        let _ = writeln!(s, "- {item}");
    }
    s.push('\n');
}
