//! The dataset card (`README.md` of a release): what the dataset is, its
//! counts, date range, outlets, licence, consistency checks, skipped files,
//! and how to load it with pandas, DuckDB and jq.

use std::collections::BTreeMap;
use std::fmt::Write;

use tally_model::{CorrectionRecord, Diagnostic, Event, ReleaseInfo, SkippedFile, Verdict};
use tally_reconcile::Checks;

use crate::datapackage::{LICENSE_NAME, LICENSE_NOTE, LICENSE_URL};
use crate::{corrections, words};

/// What the card describes.
pub struct CardInput<'a> {
    pub info: &'a ReleaseInfo,
    pub schema_version: &'a str,
    /// Articles per outlet.
    pub outlets: &'a BTreeMap<String, usize>,
    pub events: &'a [Event],
    pub checks: &'a Checks,
    pub skipped: &'a [SkippedFile],
    /// Warnings about files left out because their content duplicated another file.
    pub duplicates: &'a [&'a Diagnostic],
    /// Whether `created` came from `SOURCE_DATE_EPOCH` (else from the data).
    pub created_from_epoch: bool,
    /// The corrections applied.
    pub corrections: &'a [CorrectionRecord],
}

/// Markdown text of the card.
pub fn render(input: &CardInput) -> String {
    let info = input.info;
    let c = &info.counts;
    let mut s = String::new();
    let _ = writeln!(s, "# Tally dataset v{}\n", info.version);
    let _ = writeln!(
        s,
        "Prisoner-of-war exchanges and repatriations of soldiers' remains, as reported in news \
         articles: the articles themselves (clean text, metadata, quotes, embedded posts), the \
         claims they make (who handed over how many, to whom, when, according to whom), and one \
         reconciled timeline of transfer events across outlets, each event pointing back to the \
         claims and articles that report it. Every value keeps the byte span of the source text \
         it came from.\n"
    );
    let _ = writeln!(s, "- Version: {} (schemas {})", info.version, input.schema_version);
    // `created` is never the clock (rebuilds are byte-identical): say what it is.
    if input.created_from_epoch {
        let _ = writeln!(s, "- Created: {} (`SOURCE_DATE_EPOCH`, given by whoever built it)", info.created);
    } else {
        let _ = writeln!(
            s,
            "- Created: {}. Not the build time (none is recorded, so a rebuild gives the same bytes): \
             the start of the latest publication window in the data, at midnight UTC; a build that \
             sets `SOURCE_DATE_EPOCH` records that time instead.",
            info.created
        );
    }
    let _ = writeln!(s, "- Built by: {}", info.generator);
    match &info.date_range {
        Some(range) if range.start == range.end => {
            let _ = writeln!(s, "- Dates covered: {} (one day)", range.start);
        }
        Some(range) => {
            let _ = writeln!(
                s,
                "- Dates covered: the window {} to {} (every date in the data is such a window, \
                 `start` to `end`, a single day only when they are equal)",
                range.start, range.end
            );
        }
        None => {
            let _ = writeln!(s, "- Date range: none of the records is dated");
        }
    }
    let _ = writeln!(s, "\n## Contents\n");
    let _ = writeln!(s, "| File | Records | What |");
    let _ = writeln!(s, "|---|---:|---|");
    let _ = writeln!(s, "| `articles.jsonl` | {} | one normalised article per line |", c.articles);
    let _ = writeln!(s, "| `claims.jsonl` | {} | one claim (statement in one article) per line |", c.claims);
    let _ = writeln!(s, "| `events.jsonl` | {} | one reconciled transfer per line |", c.events);
    let _ = writeln!(
        s,
        "| `events.csv` | {} | the events as a flat table, with the reporting outlets and a sentence |",
        c.events
    );
    let _ = writeln!(
        s,
        "| `corrections.jsonl` | {} | one correction per line: what it changed, why, by whom |",
        input.corrections.len()
    );
    let _ = writeln!(s, "| `index.html` | | this card as a page, with a timeline chart of the events |");
    let _ = writeln!(s, "| `dataset.json` | all | everything above in one document, with the checks |");
    let _ = writeln!(
        s,
        "| `*.schema.json` | | JSON Schemas (draft 2020-12) of each record, and of a correction file |"
    );
    let _ = writeln!(s, "| `datapackage.json` | | Frictionless Data Package descriptor |");
    let _ = writeln!(s, "| `CHANGELOG.md` | | changes since the previous release |");
    let _ = writeln!(s, "| `SHA256SUMS` | | checksums: `sha256sum -c SHA256SUMS` |");

    let remains = input.events.iter().filter(|e| matches!(e.kind, tally_model::EventKind::Remains)).count();
    let _ = writeln!(
        s,
        "\nEvents: {remains} repatriation(s) of remains, {} prisoner exchange(s) (one event per direction).",
        input.events.len() - remains
    );

    let _ = writeln!(s, "\n## Outlets\n");
    if input.outlets.is_empty() {
        let _ = writeln!(s, "No article names its outlet.");
    } else {
        for (outlet, n) in input.outlets {
            let _ = writeln!(s, "- {outlet} ({n} article{})", if *n == 1 { "" } else { "s" });
        }
    }
    let named: usize = input.outlets.values().sum();
    if named < c.articles as usize {
        let _ = writeln!(s, "- outlet not stated ({} article(s))", c.articles as usize - named);
    }

    let _ = writeln!(s, "\n## Consistency checks\n");
    if input.checks.is_empty() {
        let _ = writeln!(s, "No cumulative figure could be compared with the events it covers.");
    } else {
        let consistent = input.checks.iter().filter(|k| k.verdict == Verdict::Consistent).count();
        let _ = writeln!(
            s,
            "Cumulative figures compared with the sum of the events they cover: {consistent} consistent, {} inconsistent.\n",
            input.checks.len() - consistent
        );
        for k in input.checks.iter() {
            let verdict = if k.verdict == Verdict::Consistent { "consistent" } else { "INCONSISTENT" };
            let _ = writeln!(
                s,
                "- {verdict}: stated {} vs computed {} from {} event(s), claim `{}`",
                words::qualified(k.stated, k.qualifier),
                words::grouped(k.computed),
                k.events.len(),
                k.claim
            );
        }
    }

    let _ = writeln!(s, "\n## Corrections\n");
    if input.corrections.is_empty() {
        let _ = writeln!(s, "None: every value is as extracted from the articles.");
    } else {
        let _ = writeln!(
            s,
            "{} correction(s) applied (details in `corrections.jsonl`; corrected records list them in `corrected_by`):\n",
            input.corrections.len()
        );
        for r in input.corrections {
            let _ = writeln!(s, "- `{}`: {}", r.id, corrections::summary(r));
        }
    }

    let _ = writeln!(s, "\n## Input files left out\n");
    if input.skipped.is_empty() && input.duplicates.is_empty() {
        let _ = writeln!(s, "None: every input file is in the release.");
    }
    if !input.skipped.is_empty() {
        let _ = writeln!(
            s,
            "{} file(s) could not be read and were skipped (`--skip-invalid`):\n",
            input.skipped.len()
        );
        for f in input.skipped {
            let _ = writeln!(s, "- `{}`", f.path);
            for e in &f.errors {
                let _ = writeln!(s, "  - {}", e.replace('\n', " "));
            }
        }
    }
    if !input.duplicates.is_empty() {
        let _ = writeln!(
            s,
            "\n{} file(s) duplicated another file byte for byte and were left out:\n",
            input.duplicates.len()
        );
        for d in input.duplicates {
            let _ = writeln!(s, "- `{}`: {}", d.path, d.message);
        }
    }

    let _ = writeln!(s, "\n## Licence\n");
    let _ = writeln!(s, "{LICENSE_NOTE} Licence of the derived data: [{LICENSE_NAME}]({LICENSE_URL}).");

    let _ = writeln!(s, "\n## Loading\n");
    s.push_str(LOADING);
    let _ = writeln!(
        s,
        "Check the files with `sha256sum -c SHA256SUMS`, the records with any JSON Schema validator, \
         and the package with `frictionless validate datapackage.json`."
    );
    s
}

/// How to load the release, with examples that give right numbers: totals
/// per kind *and* direction, of completed transfers only, undisclosed
/// counts left out (never summed as 0), and dates shown as windows.
const LOADING: &str = r#"Each event is one transfer in one direction; `reports` counts claims (one sentence
read twice counts twice), `article_count` and `outlet_count` count distinct sources.
An undisclosed count is empty (null), never 0, and a date is a window
`date_start..date_end` (one day when they are equal).

pandas:

```python
import pandas as pd
events = pd.read_csv("events.csv", parse_dates=["date_start", "date_end"])
done = events[events["status"] == "completed"]
print(done.groupby(["kind", "from", "to"]).agg(
    people=("count_best", lambda s: s.sum(min_count=1)),  # undisclosed counts left out
    events=("id", "size"),
    undisclosed=("count_best", lambda s: s.isna().sum()),
))
day = lambda d: d.dt.strftime("%Y-%m-%d")
events["when"] = day(events["date_start"]).where(
    events["date_start"] == events["date_end"], day(events["date_start"]) + ".." + day(events["date_end"]))
print(events[["when", "kind", "from", "to", "count_best", "outlets"]])
```

DuckDB:

```sql
SELECT kind, "from", "to", count(*) AS events, count("count".best) AS disclosed, sum("count".best) AS people
FROM read_json('events.jsonl', format = 'newline_delimited')
WHERE status = 'completed' GROUP BY ALL ORDER BY ALL;
SELECT CASE WHEN date_start = date_end THEN CAST(date_start AS VARCHAR)
            ELSE date_start || '..' || date_end END AS "when", kind, "from", "to", count_best, outlets
FROM read_csv('events.csv', header = true) ORDER BY date_start;
```

jq:

```sh
jq -r '[(if .date == null then "undated" elif .date.start == .date.end then .date.start
        else "\(.date.start)..\(.date.end)" end), .kind, .from + ">" + .to,
        (.count.best // "undisclosed"), .status] | @tsv' events.jsonl
jq -c 'select(.quantity != null) | {article, text, value: .quantity.value, qualifier: .quantity.qualifier}' claims.jsonl
jq -r '.title' articles.jsonl
```

"#;

#[cfg(test)]
mod tests {
    use super::*;
    use tally_model::{Counts, DateWindow};

    fn info(created: &str) -> ReleaseInfo {
        let day = |d: &str| d.parse().unwrap();
        ReleaseInfo {
            name: "tally".into(),
            version: "1.0.0".into(),
            created: created.into(),
            generator: "tally 0.1.0".into(),
            counts: Counts { articles: 0, claims: 0, events: 0, checks: 0, skipped: 0, corrections: 0 },
            date_range: Some(DateWindow { start: day("2025-05-01"), end: day("2025-06-30") }),
        }
    }

    fn card(info: &ReleaseInfo, created_from_epoch: bool) -> String {
        render(&CardInput {
            info,
            schema_version: "1.0.0",
            outlets: &BTreeMap::new(),
            events: &[],
            checks: &Checks::new(),
            skipped: &[],
            duplicates: &[],
            created_from_epoch,
            corrections: &[],
        })
    }

    #[test]
    fn the_card_says_what_created_is_and_shows_dates_as_windows() {
        let from_data = card(&info("2025-06-12T00:00:00Z"), false);
        assert!(from_data.contains("- Created: 2025-06-12T00:00:00Z. Not the build time"), "{from_data}");
        assert!(from_data.contains("the window 2025-05-01 to 2025-06-30"), "{from_data}");
        // The loading examples keep both ends of a date window.
        assert!(from_data.contains("date_start || '..' || date_end"), "{from_data}");
        assert!(from_data.contains(r#""\(.date.start)..\(.date.end)""#), "{from_data}");
        let from_epoch = card(&info("2023-11-14T22:13:20Z"), true);
        assert!(from_epoch.contains("- Created: 2023-11-14T22:13:20Z (`SOURCE_DATE_EPOCH`"), "{from_epoch}");
    }
}
