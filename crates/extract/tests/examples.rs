//! Example tables: for each language, sentences written for these tests with
//! the claims extraction must give and must not give, kept as data a linguist
//! can edit in `tests/examples/<language>.toml` (the format is described at
//! the top of `en.toml`). Every `*.toml` in that directory is read at run
//! time, so a new language or a new row needs no change here.
//!
//! A row passes when every expected claim is matched by its own extracted
//! claim (only the fields the row states are compared), no extracted claim
//! matches a `not` pattern, and every extracted claim left over is allowed:
//! it matches a `may` pattern, or the row is not strict (`only`, or
//! `claims = []`) and the claim carries no number the row does not expect.
//! Rows marked `known_gap` are run too: one that now passes fails the test,
//! so the gap list cannot rot; one that still fails is listed in the summary.
//!
//! `EXAMPLES_SHOW_GAPS=1 cargo test -p tally-extract --test examples` also
//! prints expected vs got for each known gap; `EXAMPLES_ROWS=ru-` runs only
//! the rows whose id starts with `ru-`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use tally_extract::{extract, testing::article};
use tally_model::{AttributionKind, Claim, ClaimKind, Qualifier, Status, Subject};

/// The issue's floors: rows per language, at least a quarter of them
/// negatives or traps.
const FLOORS: &[(&str, usize)] = &[("en", 60), ("ru", 40), ("uk", 40)];

/// One language's table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    /// The file's language code; must match the file name.
    language: String,
    #[serde(rename = "example")]
    examples: Vec<Example>,
}

/// One row: a text and what extracting it must (and must not) give.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Example {
    id: String,
    /// One to three paragraphs, separated by a blank line; a single line
    /// break inside a paragraph is read as a space.
    text: String,
    /// The article's publication date, `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`;
    /// absent when the article's date is unknown.
    #[serde(default)]
    published: Option<String>,
    /// Claims that must be extracted; `[]` for a negative (nothing may be
    /// extracted but what `may` allows).
    claims: Vec<Expect>,
    /// Every extracted claim must match an expected claim or a `may` pattern.
    #[serde(default)]
    only: bool,
    /// Claims that may be extracted besides the expected ones (e.g. a planned
    /// transfer for a proposal).
    #[serde(default)]
    may: Vec<Expect>,
    /// Claims that must not be extracted.
    #[serde(default)]
    not: Vec<Expect>,
    /// Why today's extractor gets this row wrong; remove it once it passes.
    #[serde(default)]
    known_gap: Option<String>,
}

/// An expected claim, or a pattern: only the fields given are compared.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    kind: Option<ClaimKind>,
    subject: Option<Subject>,
    /// ISO 3166-1 alpha-2, or "none" for a claim without the party.
    from: Option<String>,
    to: Option<String>,
    /// A number, or "undisclosed" when the text gives none.
    quantity: Option<Count>,
    qualifier: Option<Qualifier>,
    /// `YYYY-MM-DD`, `YYYY-MM-DD..YYYY-MM-DD`, or "none" for an undated claim.
    date: Option<String>,
    /// `YYYY-MM-DD..YYYY-MM-DD`: the claim has a date inside this window
    /// (for a relative date whose exact bounds are a matter of reading).
    date_within: Option<String>,
    status: Option<Status>,
    /// Must occur in the attribution's name (case-insensitive).
    attributed_to: Option<String>,
    attribution_kind: Option<AttributionKind>,
    /// Must occur in the relaying outlet's name (case-insensitive), or "none".
    via: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Count {
    Value(u64),
    Word(String),
}

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/examples")
}

#[test]
fn example_tables() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(examples_dir())
        .expect("tests/examples exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no tables in tests/examples");

    // EXAMPLES_SHOW_GAPS=1 also prints expected vs got for every known gap;
    // EXAMPLES_ROWS=ru- runs only the rows whose id starts with it.
    let show_gaps = std::env::var_os("EXAMPLES_SHOW_GAPS").is_some();
    let only_rows = std::env::var("EXAMPLES_ROWS").ok();
    let mut problems = Vec::new(); // table errors and failing rows
    let mut gap_details = String::new();
    let mut summary = String::new();
    let mut seen_ids = BTreeSet::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let table = match load(path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let mut report = LanguageReport::default();
        for ex in &table.examples {
            if !seen_ids.insert(ex.id.clone()) {
                problems.push(format!("{name}: row id {:?} is used twice", ex.id));
                continue;
            }
            if let Err(e) = ex.validate() {
                problems.push(format!("{name}: row {}: {e}", ex.id));
                continue;
            }
            if only_rows.as_deref().is_some_and(|prefix| !ex.id.starts_with(prefix)) {
                continue;
            }
            report.rows += 1;
            if ex.claims.is_empty() {
                report.negatives += 1;
            } else if ex.is_trap() {
                report.traps += 1;
            }
            let got = ex.extract();
            let failures = ex.check(&got);
            match (&ex.known_gap, failures.is_empty()) {
                (None, true) => report.passed += 1,
                (None, false) => problems.push(ex.describe_failure(&name, &got, &failures)),
                (Some(_), true) => problems.push(format!(
                    "{name}: row {}: known gap now passes: flip it (remove `known_gap`)\n    text: {}",
                    ex.id,
                    ex.paragraphs().join(" ¶ ")
                )),
                (Some(why), false) => {
                    report.gaps.push(format!("{}: {why}", ex.id));
                    if show_gaps {
                        gap_details.push_str(&ex.describe_failure(&name, &got, &failures));
                        gap_details.push('\n');
                    }
                }
            }
        }
        let floor = FLOORS.iter().find(|(l, _)| *l == table.language).filter(|_| only_rows.is_none());
        if let Some(&(_, floor)) = floor {
            if report.rows < floor {
                problems.push(format!("{name}: {} rows, fewer than the {floor} required", report.rows));
            }
            if (report.negatives + report.traps) * 4 < report.rows {
                problems.push(format!(
                    "{name}: {} negatives and traps in {} rows, fewer than a quarter",
                    report.negatives + report.traps,
                    report.rows
                ));
            }
        }
        report.write(&mut summary, &table.language);
    }
    // Straight to the terminal: the test harness captures print! and
    // eprint!, and this summary is meant to be seen on every run.
    let _ = std::io::stderr().lock().write_all(format!("{gap_details}{summary}").as_bytes());
    assert!(
        problems.is_empty(),
        "{} problem(s) in the example tables:\n\n{}\n\n{summary}",
        problems.len(),
        problems.join("\n\n")
    );
}

#[derive(Default)]
struct LanguageReport {
    rows: usize,
    /// Rows expecting no claim at all.
    negatives: usize,
    /// Other rows saying what must not be extracted, or expecting no completed transfer.
    traps: usize,
    passed: usize,
    gaps: Vec<String>,
}

impl LanguageReport {
    fn write(&self, out: &mut String, language: &str) {
        let _ = writeln!(
            out,
            "examples {language}: {}/{} rows pass, {} known gaps; {} negatives, {} traps",
            self.passed,
            self.rows,
            self.gaps.len(),
            self.negatives,
            self.traps
        );
        for gap in &self.gaps {
            let _ = writeln!(out, "  known gap {gap}");
        }
    }
}

fn load(path: &Path) -> Result<Table, String> {
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    let table: Table = toml::from_str(&text).map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
                format!(":{line}:{column}")
            })
            .unwrap_or_default();
        format!("{name}{at}: {}", e.message())
    })?;
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    if table.language != stem {
        return Err(format!("{name}: language {:?} does not match the file name", table.language));
    }
    Ok(table)
}

fn parse_window(s: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let day = |d: &str| {
        NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| format!("{d:?} is not a YYYY-MM-DD date"))
    };
    match s.split_once("..") {
        Some((a, b)) => {
            let (a, b) = (day(a)?, day(b)?);
            if b < a {
                return Err(format!("window {s:?} ends before it starts"));
            }
            Ok((a, b))
        }
        None => day(s).map(|d| (d, d)),
    }
}

impl Example {
    fn paragraphs(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut current: Vec<&str> = Vec::new();
        for line in self.text.lines().map(str::trim) {
            if line.is_empty() {
                if !current.is_empty() {
                    out.push(current.join(" "));
                    current.clear();
                }
            } else {
                current.push(line);
            }
        }
        if !current.is_empty() {
            out.push(current.join(" "));
        }
        out
    }

    /// A trap: the row names claims that must not appear, or expects no
    /// completed transfer (a figure, a plan).
    fn is_trap(&self) -> bool {
        !self.not.is_empty()
            || !self
                .claims
                .iter()
                .any(|c| c.kind == Some(ClaimKind::Transfer) && c.status != Some(Status::Planned))
    }

    fn validate(&self) -> Result<(), String> {
        if self.id.trim().is_empty() {
            return Err("empty id".into());
        }
        let paragraphs = self.paragraphs().len();
        if !(1..=3).contains(&paragraphs) {
            return Err(format!("{paragraphs} paragraphs; a row has one to three"));
        }
        if let Some(p) = &self.published {
            parse_window(p).map_err(|e| format!("published: {e}"))?;
        }
        if self.known_gap.as_ref().is_some_and(|g| g.trim().is_empty()) {
            return Err("known_gap needs a reason".into());
        }
        for (list, what) in [(&self.claims, "claims"), (&self.may, "may"), (&self.not, "not")] {
            for e in list {
                e.validate().map_err(|err| format!("{what}: {err}"))?;
                // an expected claim must state enough to catch a wrong number
                if what == "claims" && e.quantity.is_none() {
                    return Err("an expected claim states at least its `quantity`".into());
                }
            }
        }
        Ok(())
    }

    /// The claims extraction gives for this row's text.
    fn extract(&self) -> Vec<Claim> {
        let paragraphs = self.paragraphs();
        let paragraphs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        let published = self.published.as_deref().map(|p| parse_window(p).expect("validated"));
        let published = published.map(|(a, b)| (a.to_string(), b.to_string()));
        let doc = article(&self.id, &paragraphs, published.as_ref().map(|(a, b)| (a.as_str(), b.as_str())));
        extract(&doc).claims
    }

    /// What is wrong with `got` for this row (empty: it passes).
    fn check(&self, got: &[Claim]) -> Vec<String> {
        let mut failures = Vec::new();
        for claim in got {
            if let Some(pattern) = self.not.iter().find(|p| p.matches(claim)) {
                failures.push(format!("must not give {} but got {}", pattern.render(), render(claim)));
            }
        }
        let numbers: BTreeSet<u64> = self
            .claims
            .iter()
            .filter_map(|e| match e.quantity {
                Some(Count::Value(n)) => Some(n),
                _ => None,
            })
            .collect();
        let strict = self.only || self.claims.is_empty();
        let extra_ok = |c: &Claim| {
            self.may.iter().any(|p| p.matches(c))
                || (!strict && c.quantity.as_ref().is_none_or(|q| numbers.contains(&q.value)))
        };
        let mut used = vec![false; got.len()];
        if !assign(&self.claims, got, &mut used, &extra_ok) {
            // Explain with a greedy pass: what found no claim, what is left over.
            let mut used = vec![false; got.len()];
            for e in &self.claims {
                match (0..got.len()).find(|&i| !used[i] && e.matches(&got[i])) {
                    Some(i) => used[i] = true,
                    None => failures.push(format!("missing {}", e.render())),
                }
            }
            for (i, c) in got.iter().enumerate() {
                if !used[i] && !extra_ok(c) {
                    failures.push(format!("unexpected {}", render(c)));
                }
            }
            if failures.is_empty() {
                failures.push("no way to pair expected and extracted claims".into());
            }
        }
        failures
    }

    fn describe_failure(&self, file: &str, got: &[Claim], failures: &[String]) -> String {
        let mut out = format!("{file}: row {} FAILS\n    text: {}\n", self.id, self.paragraphs().join(" ¶ "));
        if let Some(p) = &self.published {
            let _ = writeln!(out, "    published: {p}");
        }
        let _ = writeln!(out, "    expected:");
        if self.claims.is_empty() {
            let _ = writeln!(out, "      (no claims)");
        }
        for e in &self.claims {
            let _ = writeln!(out, "      {}", e.render());
        }
        let _ = writeln!(out, "    got:");
        if got.is_empty() {
            let _ = writeln!(out, "      (no claims)");
        }
        for c in got {
            let _ = writeln!(out, "      {}", render(c));
        }
        for f in failures {
            let _ = writeln!(out, "    - {f}");
        }
        out
    }
}

/// Pairs every expected claim with its own extracted claim so that all
/// claims left over are acceptable; backtracks (rows are small).
fn assign(expected: &[Expect], got: &[Claim], used: &mut [bool], extra_ok: &dyn Fn(&Claim) -> bool) -> bool {
    let Some((first, rest)) = expected.split_first() else {
        return got.iter().zip(used.iter()).all(|(c, &u)| u || extra_ok(c));
    };
    for i in 0..got.len() {
        if !used[i] && first.matches(&got[i]) {
            used[i] = true;
            if assign(rest, got, used, extra_ok) {
                return true;
            }
            used[i] = false;
        }
    }
    false
}

fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

impl Expect {
    fn validate(&self) -> Result<(), String> {
        for (field, party) in [("from", &self.from), ("to", &self.to)] {
            if let Some(p) = party {
                let ok = p == "none" || (p.len() == 2 && p.bytes().all(|b| b.is_ascii_uppercase()));
                if !ok {
                    return Err(format!("{field} {p:?} is not an ISO alpha-2 code or \"none\""));
                }
            }
        }
        if let Some(Count::Word(w)) = &self.quantity {
            if w != "undisclosed" {
                return Err(format!("quantity {w:?}: a number or \"undisclosed\""));
            }
        }
        if let Some(d) = &self.date {
            if d != "none" {
                parse_window(d).map_err(|e| format!("date: {e}"))?;
            }
        }
        if let Some(d) = &self.date_within {
            parse_window(d).map_err(|e| format!("date_within: {e}"))?;
            if self.date.is_some() {
                return Err("give `date` or `date_within`, not both".into());
            }
        }
        Ok(())
    }

    fn matches(&self, c: &Claim) -> bool {
        let party = |want: &Option<String>, got: &Option<String>| match want.as_deref() {
            None => true,
            Some("none") => got.is_none(),
            Some(w) => got.as_deref() == Some(w),
        };
        let quantity = match &self.quantity {
            None => true,
            Some(Count::Word(_)) => c.quantity.is_none(),
            Some(Count::Value(n)) => c.quantity.as_ref().is_some_and(|q| q.value == *n),
        };
        let qualifier =
            self.qualifier.is_none_or(|want| c.quantity.as_ref().is_some_and(|q| q.qualifier == want));
        let date = match self.date.as_deref() {
            None => true,
            Some("none") => c.date.is_none(),
            Some(w) => {
                let (a, b) = parse_window(w).expect("validated");
                c.date.as_ref().is_some_and(|d| d.start == a && d.end == b)
            }
        };
        let date_within = self.date_within.as_deref().is_none_or(|w| {
            let (a, b) = parse_window(w).expect("validated");
            c.date.as_ref().is_some_and(|d| a <= d.start && d.end <= b)
        });
        let via = match self.via.as_deref() {
            None => true,
            Some("none") => c.attributed_to.via.is_none(),
            Some(w) => c.attributed_to.via.as_deref().is_some_and(|v| contains_ci(v, w)),
        };
        self.kind.is_none_or(|k| k == c.kind)
            && self.subject.is_none_or(|s| s == c.subject)
            && party(&self.from, &c.from)
            && party(&self.to, &c.to)
            && quantity
            && qualifier
            && date
            && date_within
            && self.status.is_none_or(|s| s == c.status)
            && self.attributed_to.as_deref().is_none_or(|n| contains_ci(&c.attributed_to.name, n))
            && self.attribution_kind.is_none_or(|k| k == c.attributed_to.kind)
            && via
    }

    fn render(&self) -> String {
        let mut parts = Vec::new();
        let mut push = |s: String| parts.push(s);
        if let Some(k) = self.kind {
            push(snake(k));
        }
        if let Some(s) = self.subject {
            push(snake(s));
        }
        if self.from.is_some() || self.to.is_some() {
            push(format!("{}->{}", self.from.as_deref().unwrap_or("?"), self.to.as_deref().unwrap_or("?")));
        }
        match &self.quantity {
            Some(Count::Value(n)) => push(n.to_string()),
            Some(Count::Word(w)) => push(w.clone()),
            None => {}
        }
        if let Some(q) = self.qualifier {
            push(format!("({})", snake(q)));
        }
        if let Some(d) = &self.date {
            push(format!("date {d}"));
        }
        if let Some(d) = &self.date_within {
            push(format!("date within {d}"));
        }
        if let Some(s) = self.status {
            push(snake(s));
        }
        if let Some(a) = &self.attributed_to {
            push(format!("by {a:?}"));
        }
        if let Some(k) = self.attribution_kind {
            push(format!("[{}]", snake(k)));
        }
        if let Some(v) = &self.via {
            push(format!("via {v:?}"));
        }
        parts.join(" ")
    }
}

/// An extracted claim on one line, in the same terms as [`Expect::render`].
fn render(c: &Claim) -> String {
    let quantity = c
        .quantity
        .as_ref()
        .map_or("undisclosed".to_string(), |q| format!("{} ({})", q.value, snake(q.qualifier)));
    let date = c.date.as_ref().map_or("none".to_string(), |d| {
        if d.start == d.end {
            d.start.to_string()
        } else {
            format!("{}..{}", d.start, d.end)
        }
    });
    let mut out = format!(
        "{} {} {}->{} {quantity} date {date} {} by {:?} [{}]",
        snake(c.kind),
        snake(c.subject),
        c.from.as_deref().unwrap_or("none"),
        c.to.as_deref().unwrap_or("none"),
        snake(c.status),
        c.attributed_to.name,
        snake(c.attributed_to.kind),
    );
    if let Some(v) = &c.attributed_to.via {
        let _ = write!(out, " via {v:?}");
    }
    out
}

/// A value's name as the tables write it (`AtLeast` -> `at_least`).
fn snake(value: impl std::fmt::Debug) -> String {
    let mut out = String::new();
    for (i, ch) in format!("{value:?}").chars().enumerate() {
        if ch.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(ch.to_lowercase());
    }
    out
}

/// The judge itself, on made-up extractions: a wrong number, an extra
/// number, a forbidden claim and a strict row's extra fail; an unnumbered
/// extra in a lenient row and an allowed claim pass.
#[test]
fn the_judge_fails_wrong_and_extra_numbers() {
    let row = |toml_row: &str| -> Example {
        let table: Table =
            toml::from_str(&format!("language = \"xx\"\n[[example]]\n{toml_row}")).expect("row");
        table.examples.into_iter().next().expect("one row")
    };
    let claim = |kind: ClaimKind, from: &str, to: &str, n: Option<u64>, status: Status| Claim {
        id: "t-c1".into(),
        article: "t".into(),
        kind,
        subject: Subject::Remains,
        text: String::new(),
        span: tally_model::Span::new(0, 0),
        quantity: n.map(|value| tally_model::Quantity {
            value,
            qualifier: Qualifier::Exact,
            text: value.to_string(),
            span: tally_model::Span::new(0, 0),
        }),
        from: Some(from.into()),
        to: Some(to.into()),
        date: None,
        status,
        attributed_to: tally_model::Attribution {
            name: "Test Outlet".into(),
            kind: AttributionKind::Outlet,
            channel: None,
            via: None,
        },
        corrected_by: vec![],
    };
    let (t, done) = (ClaimKind::Transfer, Status::Completed);
    let lenient = row(r#"id = "t"
text = "x"
claims = [ { kind = "transfer", from = "RU", to = "UA", quantity = 500 } ]
may = [ { kind = "figure" } ]
not = [ { quantity = 0 } ]"#);
    assert!(lenient.check(&[claim(t, "RU", "UA", Some(500), done)]).is_empty());
    assert!(lenient
        .check(&[claim(t, "RU", "UA", Some(500), done), claim(t, "UA", "RU", None, done)])
        .is_empty());
    assert!(lenient
        .check(&[claim(t, "RU", "UA", Some(500), done), claim(ClaimKind::Figure, "RU", "UA", Some(7), done)])
        .is_empty());
    assert!(!lenient.check(&[claim(t, "RU", "UA", Some(501), done)]).is_empty(), "wrong number");
    assert!(!lenient.check(&[claim(t, "UA", "RU", Some(500), done)]).is_empty(), "wrong direction");
    assert!(!lenient.check(&[]).is_empty(), "missing");
    let extra = [claim(t, "RU", "UA", Some(500), done), claim(t, "UA", "RU", Some(2), done)];
    assert!(!lenient.check(&extra).is_empty(), "an extra claim with a number the row does not expect");
    let zero = [claim(t, "RU", "UA", Some(500), done), claim(t, "UA", "RU", Some(0), done)];
    assert!(!lenient.check(&zero).is_empty(), "a claim the row forbids");

    let strict = row(r#"id = "t"
text = "x"
claims = [ { quantity = 500 } ]
only = true"#);
    let unnumbered = [claim(t, "RU", "UA", Some(500), done), claim(t, "UA", "RU", None, done)];
    assert!(!strict.check(&unnumbered).is_empty(), "strict rows allow nothing else");

    let negative = row(r#"id = "t"
text = "x"
claims = []
may = [ { status = "planned" } ]"#);
    assert!(negative.check(&[claim(t, "RU", "UA", Some(500), Status::Planned)]).is_empty());
    assert!(!negative.check(&[claim(t, "RU", "UA", None, done)]).is_empty(), "a negative gives nothing");

    // Two expected claims with the same count need two extracted claims.
    let both = row(r#"id = "t"
text = "x"
claims = [ { quantity = 84 }, { quantity = 84 } ]"#);
    assert!(!both.check(&[claim(t, "RU", "UA", Some(84), done)]).is_empty());
    assert!(both
        .check(&[claim(t, "RU", "UA", Some(84), done), claim(t, "UA", "RU", Some(84), done)])
        .is_empty());
}
