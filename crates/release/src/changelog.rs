//! `CHANGELOG.md` of a release: articles (by source path) and events (by id)
//! added, removed and changed since the previous release in the ledger, and
//! the schema changes.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

use crate::ledger::{ArticleRows, LedgerArticle, LedgerArticles, LedgerCorrection, LedgerEntry};
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
    // Both lists come in path order: one walk through both, holding
    // neither (a ledger written otherwise is sorted here first).
    let mut old = articles_by_path(&prev.articles)?.peekable();
    let (mut added, mut removed, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    let mut failed = None;
    rows.for_each(|new| {
        while let Some(gone) = old.next_if(|o| o.as_ref().is_ok_and(|o| o.path < new.path)) {
            removed.extend(gone.ok().as_ref().map(describe));
        }
        match old.next_if(|o| o.as_ref().map_or(true, |o| o.path == new.path)) {
            Some(Err(e)) => failed = failed.take().or(Some(e)),
            Some(Ok(old)) if old.sha256 != new.sha256 => {
                changed.push(format!("`{}`: `{}` → `{}`{}", new.path, old.id, new.id, title(&new.title)))
            }
            Some(Ok(_)) => {}
            None => added.push(describe(&new)),
        }
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    for gone in old {
        removed.push(describe(&gone?));
    }
    write_lists(&mut s, added, removed, changed);

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

/// A release's articles in strictly rising path order, as the ledger keeps
/// them: streamed when they already are; otherwise (a ledger edited by
/// hand) sorted in memory, the last of a repeated path kept.
fn articles_by_path(
    articles: &LedgerArticles,
) -> std::io::Result<Box<dyn Iterator<Item = std::io::Result<LedgerArticle>> + '_>> {
    let mut last: Option<String> = None;
    let mut sorted = true;
    for a in articles.iter() {
        let a = a?;
        sorted = sorted && last.as_ref().is_none_or(|l| *l < a.path);
        if !sorted {
            break;
        }
        last = Some(a.path);
    }
    if sorted {
        return Ok(articles.iter());
    }
    let mut all = articles.to_vec()?;
    all.sort_by(|a, b| a.path.cmp(&b.path));
    all.reverse(); // (the sort is stable: the last of a path comes first)
    all.dedup_by(|a, b| a.path == b.path);
    all.reverse();
    Ok(Box::new(all.into_iter().map(Ok)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::LedgerArticles;

    fn article(path: &str, sha: char) -> LedgerArticle {
        LedgerArticle {
            path: path.into(),
            id: format!("a-{path}-{sha}"),
            sha256: sha.to_string().repeat(64),
            title: None,
        }
    }

    fn entry(version: &str, articles: LedgerArticles) -> LedgerEntry {
        LedgerEntry {
            version: version.into(),
            schema_version: "1.0.0".into(),
            content_sha256: String::new(),
            schemas: BTreeMap::new(),
            articles,
            events: vec![],
            corrections: vec![],
        }
    }

    fn articles_section(text: &str) -> &str {
        let start = text.find("## Articles").unwrap();
        &text[start..text.find("## Events").unwrap()]
    }

    #[test]
    fn articles_are_compared_by_path_in_one_walk_and_an_unsorted_ledger_reads_alike() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = ArticleRows::create(dir.path().join("rows")).unwrap();
        for a in [article("a.md", '1'), article("c.md", '2'), article("d.md", '3'), article("f.md", '4')] {
            writer.push(&a).unwrap();
        }
        let rows = writer.finish().unwrap();
        let current = entry("0.2.0", LedgerArticles::default());
        // b and e removed, c changed, a and d kept, f added
        let old = vec![
            article("a.md", '1'),
            article("b.md", '9'),
            article("c.md", '8'),
            article("d.md", '3'),
            article("e.md", '7'),
        ];
        let sorted = render(&current, &rows, Some(&entry("0.1.0", old.clone().into()))).unwrap();
        let section = articles_section(&sorted);
        assert!(section.contains("### Added (1)\n\n- `f.md`"), "{section}");
        assert!(
            section.contains("### Removed (2)\n\n- `b.md` (`a-b.md-9`)\n- `e.md` (`a-e.md-7`)"),
            "{section}"
        );
        assert!(section.contains("### Changed (1)\n\n- `c.md`: `a-c.md-8` → `a-c.md-2`"), "{section}");

        // A ledger edited by hand: out of order, a path twice (the last counts).
        let mut shuffled = old.clone();
        shuffled.reverse();
        shuffled.insert(1, article("c.md", '0'));
        let unsorted = render(&current, &rows, Some(&entry("0.1.0", shuffled.into()))).unwrap();
        assert_eq!(unsorted, sorted);
        // Nothing removed or added when the lists agree.
        let same =
            vec![article("a.md", '1'), article("c.md", '2'), article("d.md", '3'), article("f.md", '4')];
        let unchanged = render(&current, &rows, Some(&entry("0.1.0", same.into()))).unwrap();
        assert!(articles_section(&unchanged).contains("No change."), "{unchanged}");
    }
}
