//! `CHANGELOG.md` of a release: articles (by source path) and events (by id)
//! added, removed and changed since the previous release in the ledger, and
//! the schema changes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde_json::Value;

use crate::ledger::{ArticleRows, LedgerArticle, LedgerCorrection, LedgerEntry};
use crate::schema_diff::breaking_changes;

/// Markdown text of the changelog of `current` (whose articles are `rows`)
/// against `previous`. The rows are streamed: only the previous release's
/// articles and what changed are held in memory.
pub fn render(
    current: &LedgerEntry,
    rows: &ArticleRows,
    previous: Option<&LedgerEntry>,
) -> std::io::Result<String> {
    let mut s = String::new();
    let _ = writeln!(s, "# Changelog: v{}\n", current.version);
    let Some(prev) = previous else {
        let _ = writeln!(
            s,
            "First release: no earlier release is recorded in the ledger.\n\n\
             - {} article(s), {} event(s), schemas {}.",
            rows.len(),
            current.events.len(),
            current.schema_version
        );
        if !current.corrections.is_empty() {
            let _ = writeln!(s, "\n## Corrections\n");
            section(&mut s, "Added", current.corrections.iter().map(describe_correction).collect());
        }
        return Ok(s);
    };
    let _ = writeln!(s, "Changes since v{} (from the release ledger).\n", prev.version);

    let _ = writeln!(s, "## Articles\n");
    let title = |t: &Option<String>| t.as_deref().map(|t| format!(" — {t}")).unwrap_or_default();
    let describe = |a: &LedgerArticle| format!("`{}` (`{}`){}", a.path, a.id, title(&a.title));
    let old_by_path: BTreeMap<&str, &LedgerArticle> =
        prev.articles.iter().map(|a| (a.path.as_str(), a)).collect();
    let (mut added, mut changed, mut kept) = (Vec::new(), Vec::new(), BTreeSet::new());
    rows.for_each(|new| match old_by_path.get_key_value(new.path.as_str()) {
        None => added.push(describe(&new)),
        Some((&path, old)) => {
            kept.insert(path);
            if old.sha256 != new.sha256 {
                changed.push(format!("`{}`: `{}` → `{}`{}", new.path, old.id, new.id, title(&new.title)));
            }
        }
    })?;
    let removed = old_by_path.iter().filter(|(path, _)| !kept.contains(*path)).map(|(_, a)| describe(a));
    write_lists(&mut s, added, removed.collect(), changed);

    let _ = writeln!(s, "## Events\n");
    let events = compare(&prev.events, &current.events, |e| &e.id, |o, n| o.digest == n.digest);
    write_sections(
        &mut s,
        &events,
        |e| format!("`{}`: {}", e.id, e.summary),
        |o, n| format!("`{}`: {} (was: {})", n.id, n.summary, o.summary),
    );

    let _ = writeln!(s, "## Corrections\n");
    let corrections =
        compare(&prev.corrections, &current.corrections, |c| &c.id, |o, n| o.summary == n.summary);
    write_sections(&mut s, &corrections, describe_correction, |o, n| {
        format!("{} (was: {})", describe_correction(n), o.summary)
    });

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
    Ok(s)
}

fn describe_correction(c: &LedgerCorrection) -> String {
    format!("`{}`: {}", c.id, c.summary)
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
    write_lists(
        s,
        added.iter().map(|x| describe(x)).collect(),
        removed.iter().map(|x| describe(x)).collect(),
        changed.iter().map(|(o, n)| describe_change(o, n)).collect(),
    );
}

/// The Added, Removed and Changed sections, or "No change.".
fn write_lists(s: &mut String, added: Vec<String>, removed: Vec<String>, changed: Vec<String>) {
    if added.is_empty() && removed.is_empty() && changed.is_empty() {
        let _ = writeln!(s, "No change.\n");
        return;
    }
    section(s, "Added", added);
    section(s, "Removed", removed);
    section(s, "Changed", changed);
}

fn section(s: &mut String, heading: &str, items: Vec<String>) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(s, "### {heading} ({})\n", items.len());
    for item in items {
        let _ = writeln!(s, "- {item}");
    }
    s.push('\n');
}
