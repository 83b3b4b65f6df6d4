//! `CHANGELOG.md` of a release: articles (by source path) and events (by id)
//! added, removed and changed since the previous release in the ledger, and
//! the schema changes.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

use crate::ledger::{LedgerArticle, LedgerEntry};
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
    let title = |t: &Option<String>| t.as_deref().map(|t| format!(" — {t}")).unwrap_or_default();
    let articles = compare(&prev.articles, &current.articles, |a| &a.path, |o, n| o.sha256 == n.sha256);
    let describe = |a: &LedgerArticle| format!("`{}` (`{}`){}", a.path, a.id, title(&a.title));
    write_sections(&mut s, &articles, describe, |o, n| {
        format!("`{}`: `{}` → `{}`{}", n.path, o.id, n.id, title(&n.title))
    });

    let _ = writeln!(s, "## Events\n");
    let events = compare(&prev.events, &current.events, |e| &e.id, |o, n| o.digest == n.digest);
    write_sections(
        &mut s,
        &events,
        |e| format!("`{}`: {}", e.id, e.summary),
        |o, n| format!("`{}`: {} (was: {})", n.id, n.summary, o.summary),
    );

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

/// Records added, removed and changed between two releases, matched by a key.
struct Comparison<'a, T> {
    added: Vec<&'a T>,
    removed: Vec<&'a T>,
    changed: Vec<(&'a T, &'a T)>,
}

fn compare<'a, T>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> &str,
    same: impl Fn(&T, &T) -> bool,
) -> Comparison<'a, T> {
    let old_by_key: BTreeMap<&str, &T> = old.iter().map(|x| (key(x), x)).collect();
    let new_by_key: BTreeMap<&str, &T> = new.iter().map(|x| (key(x), x)).collect();
    Comparison {
        added: new_by_key.iter().filter(|(k, _)| !old_by_key.contains_key(*k)).map(|(_, x)| *x).collect(),
        removed: old_by_key.iter().filter(|(k, _)| !new_by_key.contains_key(*k)).map(|(_, x)| *x).collect(),
        changed: new_by_key
            .iter()
            .filter_map(|(k, n)| old_by_key.get(k).filter(|o| !same(o, n)).map(|o| (*o, *n)))
            .collect(),
    }
}

fn write_sections<T>(
    s: &mut String,
    comparison: &Comparison<T>,
    describe: impl Fn(&T) -> String,
    describe_change: impl Fn(&T, &T) -> String,
) {
    let Comparison { added, removed, changed } = comparison;
    if added.is_empty() && removed.is_empty() && changed.is_empty() {
        let _ = writeln!(s, "No change.\n");
        return;
    }
    section(s, "Added", added.iter().map(|x| describe(x)));
    section(s, "Removed", removed.iter().map(|x| describe(x)));
    section(s, "Changed", changed.iter().map(|(o, n)| describe_change(o, n)));
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
