//! The hand-checked seed expectations (`shared/acceptance/seeds.gold.json`):
//! every required transfer found, dated inside its gold window and listing
//! every article that reports it; no event outside the gold (required or
//! optional); every gold figure among the claims; the cumulative figures
//! checked as consistent.

use std::collections::BTreeMap;

use serde_json::Value;
use tally_model::{Event, Verdict};

/// The gold, the seeds reconciled and the seeds' names; `None` (the test
/// skipped, visibly; a failure under CI) when `../shared` is absent.
/// The gold, the reconciled seeds, article names by id, and every claim
/// extraction made (reconciliation only re-dates them).
type Loaded = (Value, tally_reconcile::Reconciled, BTreeMap<String, String>, Vec<tally_model::Claim>);

fn load(test: &str) -> Option<Loaded> {
    let gold_path = tally_testkit::shared("acceptance/seeds.gold.json", test)?;
    let root = tally_testkit::shared_root();
    let gold = std::fs::read_to_string(&gold_path).expect("gold file");
    let gold: Value = serde_json::from_str(&gold).expect("gold JSON");
    let mut paths: Vec<_> =
        std::fs::read_dir(root.join("corpus/seeds")).expect("seeds").flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut names = BTreeMap::new();
    let mut facts = Vec::new();
    for p in paths {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let doc = tally_parser::normalise(&name, &std::fs::read(&p).unwrap()).expect("seed parses");
        names.insert(doc.article.id.clone(), name);
        facts.push(tally_extract::extract(&doc));
    }
    let claims = facts.iter().flat_map(|f| f.claims.clone()).collect();
    Some((gold, tally_reconcile::reconcile(facts), names, claims))
}

fn day(v: &Value) -> chrono::NaiveDate {
    v.as_str().unwrap().parse().unwrap()
}

fn matches(e: &Event, g: &Value) -> bool {
    let kind = serde_json::to_value(e.kind).unwrap();
    let count = e.count.as_ref().map(|c| c.best);
    let want_count = g["count"].as_u64();
    let date_ok =
        e.date.is_none_or(|d| d.end >= day(&g["date"]["start"]) && d.start <= day(&g["date"]["end"]));
    kind == g["kind"]
        && e.from == g["from"].as_str().unwrap()
        && e.to == g["to"].as_str().unwrap()
        && count == want_count
        && date_ok
}

#[test]
fn seed_transfers_are_found_dated_and_sourced() {
    let Some((gold, rec, names, _)) = load("seed_transfers_are_found_dated_and_sourced") else { return };
    let mut used = vec![false; rec.events.len()];
    for g in gold["transfers"].as_array().unwrap() {
        let i = (0..rec.events.len()).find(|&i| !used[i] && matches(&rec.events[i], g));
        let i = i.unwrap_or_else(|| panic!("missing {}", g["id"]));
        used[i] = true;
        let e = rec.event(i);
        let d = e.date.unwrap_or_else(|| panic!("{} undated", g["id"]));
        assert!(
            d.start >= day(&g["date"]["start"]) && d.end <= day(&g["date"]["end"]),
            "{} dated {d:?}",
            g["id"]
        );
        let reported: Vec<&str> = e.reports.iter().map(|r| names[&*r.article].as_str()).collect();
        for file in g["reported_in"].as_array().unwrap() {
            assert!(reported.contains(&file.as_str().unwrap()), "{} not reported in {file}", g["id"]);
        }
    }
    let optional = gold["optional_transfers"].as_array().unwrap();
    for (i, e) in rec.events.iter().enumerate() {
        if !used[i] {
            let ok = optional.iter().any(|o| {
                let kind = serde_json::to_value(e.kind).unwrap();
                kind == o["kind"]
                    && e.from == o["from"].as_str().unwrap()
                    && e.to == o["to"].as_str().unwrap()
                    && (o["count"].is_null() || e.count.as_ref().map(|c| c.best) == o["count"].as_u64())
            });
            assert!(ok, "extra event {e:?}");
        }
    }
}

#[test]
fn seed_figures_and_checks() {
    let Some((gold, rec, names, claims)) = load("seed_figures_and_checks") else { return };
    for g in gold["figures"].as_array().unwrap() {
        let found = claims.iter().any(|c| {
            names[&c.article] == g["file"].as_str().unwrap()
                && c.quantity.as_ref().is_some_and(|q| {
                    Some(q.value) == g["value"].as_u64()
                        && serde_json::to_value(q.qualifier).unwrap() == g["qualifier"]
                })
        });
        assert!(found, "figure {} {} in {}", g["qualifier"], g["value"], g["file"]);
    }
    for (stated, computed) in [(4800, 4812), (5000, 4812), (2400, 2400)] {
        let check = rec.checks.iter().find(|k| k.stated == stated);
        let check = check.unwrap_or_else(|| panic!("no check of {stated}: {:#?}", rec.checks));
        assert_eq!((check.computed, check.verdict), (computed, Verdict::Consistent), "{check:#?}");
    }
}
