//! Corrections (SPEC "Corrections"): YAML files in a corrections directory,
//! read ([`load`]) and applied ([`apply`]) after extraction and before
//! reconciliation, so events follow them.
//!
//! Each entry names its article by corpus path and its claim by a verbatim
//! `quote` (white space may differ): the claims whose sentence contains the
//! quote's one occurrence in the source file are the target. Every
//! correction must apply: YAML that does not parse, an unknown key, a value
//! of the wrong type, an article not in the corpus, a quote found nowhere or
//! twice, a quote in no claim's sentence, and two corrections setting one
//! field differently are errors naming file:line:col, and nothing is
//! published. A correction that changes nothing is a warning saying it can
//! be deleted. What each changed goes to `corrections.jsonl`, and every
//! record it changed carries its id in `corrected_by`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;
use tally_extract::{ArticleFacts, DateExpr};
use tally_model::{
    Article, Attribution, AttributionKind, Change, Claim, CorrectionAction, CorrectionEntry,
    CorrectionRecord, DateBasis, DateWindow, DatedWindow, Diagnostic, Evidence, FieldValues, Quantity,
    QuantityValue, Span,
};

use crate::pipeline::ArticleRecord;
use crate::words;

/// One correction as read: its entry and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// `x-` and 16 hex digits of the file name and the entry's content.
    pub id: String,
    /// The file, relative to the corrections directory (`/` separators).
    pub file: String,
    /// The file as a diagnostic names it (the directory joined with `file`).
    pub shown: String,
    pub line: usize,
    pub column: usize,
    pub entry: CorrectionEntry,
    /// Where each key of the entry first appears: (key, line, column).
    keys: Vec<(String, usize, usize)>,
}

impl Located {
    /// The position of `key` inside the entry, or the entry's own.
    fn at(&self, key: &str) -> (usize, usize) {
        self.keys.iter().find(|(k, _, _)| k == key).map_or((self.line, self.column), |(_, l, c)| (*l, *c))
    }
    fn error(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.at(key);
        Diagnostic::error(&self.shown, message).at(line, column)
    }
    fn warning(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.at(key);
        Diagnostic::warning(&self.shown, message).at(line, column)
    }
    /// `file:line`, how other messages and records refer to the correction.
    pub fn place(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

const ARTICLE_FIELDS: &[&str] = &["published", "title", "subtitle", "outlet", "authors", "dateline"];
const CLAIM_FIELDS: &[&str] = &["quantity", "from", "to", "date", "status", "kind", "subject"];

/// Every correction file (`*.yaml`, `*.yml`, hidden files skipped) under
/// `dir`, in path order, read and checked on its own (targets are checked
/// by [`apply`]). Every error of every file is returned.
pub fn load(dir: &Path) -> Result<Vec<Located>, Vec<Diagnostic>> {
    let shown_dir = dir.display().to_string();
    let mut files = Vec::new();
    if let Err(e) = list_yaml(dir, dir, &mut files) {
        return Err(vec![Diagnostic::error(
            shown_dir,
            format!("cannot read the corrections directory: {e}"),
        )]);
    }
    files.sort();
    let mut all = Vec::new();
    let mut errors = Vec::new();
    for rel in files {
        let path = dir.join(&rel);
        let shown = path.display().to_string();
        match std::fs::read(&path) {
            Err(e) => errors.push(Diagnostic::error(&shown, format!("cannot read: {e}"))),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(e) => errors.push(
                    Diagnostic::error(&shown, "a correction file must be UTF-8 text")
                        .at_offset(&String::from_utf8_lossy(e.as_bytes()), e.utf8_error().valid_up_to()),
                ),
                Ok(text) => match parse(&rel, &shown, &text) {
                    Ok(entries) => all.extend(entries),
                    Err(mut e) => errors.append(&mut e),
                },
            },
        }
    }
    if errors.is_empty() {
        Ok(all)
    } else {
        Err(errors)
    }
}

fn list_yaml(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            list_yaml(root, &path, out)?;
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

/// One correction file's entries, located and checked on their own.
pub fn parse(file: &str, shown: &str, text: &str) -> Result<Vec<Located>, Vec<Diagnostic>> {
    let blank = text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if blank {
        return Ok(Vec::new());
    }
    let entries: Vec<CorrectionEntry> = serde_yaml_ng::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        vec![Diagnostic::error(shown, yaml_message(&e.to_string())).at(line, column)]
    })?;
    let starts = entry_starts(text, entries.len());
    let lines: Vec<&str> = text.lines().collect();
    let mut located = Vec::new();
    for (k, entry) in entries.into_iter().enumerate() {
        let (line, column) = starts.get(k).copied().unwrap_or((1, 1));
        let end = starts.get(k + 1).map_or(lines.len(), |(l, _)| l - 1);
        let keys = key_positions(&lines, line - 1, end);
        let content = serde_json::to_string(&entry).unwrap_or_default();
        let digest = crate::sums::sha256_hex(format!("{file}\n{content}").as_bytes());
        located.push(Located {
            id: format!("x-{}", &digest[..16]),
            file: file.to_string(),
            shown: shown.to_string(),
            line,
            column,
            entry,
            keys,
        });
    }
    let errors: Vec<Diagnostic> = located.iter().flat_map(check_entry).collect();
    if errors.is_empty() {
        Ok(located)
    } else {
        Err(errors)
    }
}

/// serde_yaml's message without its " at line L column C" (the diagnostic has it).
fn yaml_message(message: &str) -> String {
    let text = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    format!("not a valid correction file: {text}")
}

/// Where the entries of a block sequence start: lines beginning with `-` at
/// the indentation of the first one. Unknown (all at 1:1) when the count
/// does not match (a flow sequence).
fn entry_starts(text: &str, count: usize) -> Vec<(usize, usize)> {
    let mut indent = None;
    let mut starts = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let is_item = trimmed == "-" || trimmed.starts_with("- ");
        if !is_item {
            continue;
        }
        let here = line.len() - trimmed.len();
        match indent {
            None => {
                indent = Some(here);
                starts.push((i + 1, here + 1));
            }
            Some(at) if at == here => starts.push((i + 1, here + 1)),
            _ => {}
        }
    }
    if starts.len() == count {
        starts
    } else {
        vec![(1, 1); count]
    }
}

/// The first position of each `key:` in lines `from..to` (0-based, end exclusive).
fn key_positions(lines: &[&str], from: usize, to: usize) -> Vec<(String, usize, usize)> {
    let mut keys: Vec<(String, usize, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        let bytes = line.as_bytes();
        let mut start = None;
        for (j, &b) in bytes.iter().enumerate() {
            let word = b.is_ascii_alphanumeric() || b == b'_';
            match (word, start) {
                (true, None) => start = Some(j),
                (false, Some(s)) => {
                    let before_ok = s == 0 || !matches!(bytes[s - 1], b'"' | b'\'');
                    let rest = line[j..].trim_start_matches(' ');
                    if before_ok && rest.starts_with(':') && !keys.iter().any(|(k, _, _)| k == &line[s..j]) {
                        keys.push((line[s..j].to_string(), i + 1, line[..s].chars().count() + 1));
                    }
                    start = None;
                }
                _ => {}
            }
        }
    }
    keys
}

fn is_party(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// What can be checked of an entry without the corpus.
fn check_entry(c: &Located) -> Vec<Diagnostic> {
    let e = &c.entry;
    let mut errors = Vec::new();
    let actions = [e.set.is_some(), e.reject.is_some(), e.add.is_some()].iter().filter(|a| **a).count();
    if actions != 1 {
        errors.push(c.error(
            "article",
            "a correction does exactly one thing: `set` fields, `reject: true` a claim, or `add` a claim",
        ));
    }
    if e.reject == Some(false) {
        errors.push(c.error("reject", "`reject: false` does nothing; remove the correction or the key"));
    }
    if e.reject == Some(true) && e.quote.is_none() {
        errors.push(c.error("reject", "`reject` needs a `quote` naming the claim"));
    }
    if e.add.is_some() && e.quote.is_some() {
        errors.push(c.error("quote", "`add` carries its own `quote`; remove the outer one"));
    }
    if e.which.is_some() && e.quote.is_none() {
        errors.push(c.error("which", "`which` narrows a `quote`, and there is none"));
    }
    if e.reason.trim().is_empty() {
        errors.push(c.error("reason", "`reason` must say why the correction is right"));
    }
    if e.by.trim().is_empty() {
        errors.push(c.error("by", "`by` must say who made the correction"));
    }
    if e.article.trim().is_empty() {
        errors.push(c.error("article", "`article` must be the article's path in the corpus"));
    }
    if let Some(set) = &e.set {
        let given = given_fields(set);
        if given.is_empty() {
            errors.push(c.error("set", "`set` gives no field"));
        }
        let (allowed, what) = if e.quote.is_some() {
            (CLAIM_FIELDS, "a claim (with `quote`)")
        } else {
            (ARTICLE_FIELDS, "an article (without `quote`)")
        };
        for field in given {
            if !allowed.contains(&field) {
                errors.push(c.error(
                    field,
                    format!("`{field}` is not a field of {what}; its fields are {}", allowed.join(", ")),
                ));
            }
        }
        for (key, value) in [("from", &set.from), ("to", &set.to)] {
            if let Some(Some(code)) = value {
                if !is_party(code) {
                    errors.push(
                        c.error(key, format!("`{code}` is not an ISO 3166-1 alpha-2 code like RU or UA")),
                    );
                }
            }
        }
        for (key, window) in [("published", &set.published), ("date", &set.date)] {
            if let Some(Some(w)) = window {
                if w.end < w.start {
                    errors.push(
                        c.error(key, format!("`{key}` ends ({}) before it starts ({})", w.end, w.start)),
                    );
                }
            }
        }
    }
    if let Some(add) = &e.add {
        for (key, value) in [("from", &add.from), ("to", &add.to)] {
            if let Some(code) = value {
                if !is_party(code) {
                    errors.push(
                        c.error(key, format!("`{code}` is not an ISO 3166-1 alpha-2 code like RU or UA")),
                    );
                }
            }
        }
        if let Some(w) = &add.date {
            if w.end < w.start {
                errors
                    .push(c.error("date", format!("`date` ends ({}) before it starts ({})", w.end, w.start)));
            }
        }
        if add.quote.trim().is_empty() {
            errors.push(c.error("quote", "the added claim's `quote` is empty"));
        }
    }
    if let Some(which) = &e.which {
        for code in [&which.from, &which.to].into_iter().flatten() {
            if !is_party(code) {
                errors.push(
                    c.error("which", format!("`{code}` is not an ISO 3166-1 alpha-2 code like RU or UA")),
                );
            }
        }
    }
    errors
}

/// The keys a `set` gives, in a fixed order.
fn given_fields(set: &FieldValues) -> Vec<&'static str> {
    let present = [
        ("published", set.published.is_some()),
        ("title", set.title.is_some()),
        ("subtitle", set.subtitle.is_some()),
        ("outlet", set.outlet.is_some()),
        ("authors", set.authors.is_some()),
        ("dateline", set.dateline.is_some()),
        ("quantity", set.quantity.is_some()),
        ("from", set.from.is_some()),
        ("to", set.to.is_some()),
        ("date", set.date.is_some()),
        ("status", set.status.is_some()),
        ("kind", set.kind.is_some()),
        ("subject", set.subject.is_some()),
    ];
    present.iter().filter(|(_, p)| *p).map(|(k, _)| *k).collect()
}

/// The article-level result of the corrections of one article: the values
/// its record gets, and the ids of the corrections behind them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleFix {
    pub title: Option<Option<String>>,
    pub subtitle: Option<Option<String>>,
    pub outlet: Option<Option<String>>,
    pub authors: Option<Vec<String>>,
    pub dateline: Option<Option<String>>,
    pub published: Option<Option<DatedWindow>>,
    pub corrected_by: Vec<String>,
}

impl ArticleFix {
    /// Gives the article the corrected values; a corrected value's
    /// provenance is dropped (it no longer comes from the text).
    pub fn apply_to(&self, a: &mut Article) {
        if let Some(v) = &self.title {
            a.title = v.clone();
            a.provenance.title = None;
        }
        if let Some(v) = &self.subtitle {
            a.subtitle = v.clone();
            a.provenance.subtitle = None;
        }
        if let Some(v) = &self.outlet {
            a.outlet = v.clone();
            a.provenance.outlet = None;
        }
        if let Some(v) = &self.authors {
            a.authors = v.clone();
            a.provenance.authors = Vec::new();
        }
        if let Some(v) = &self.dateline {
            a.dateline = v.clone();
            a.provenance.dateline = None;
        }
        if let Some(v) = &self.published {
            a.published = v.clone();
        }
        for id in &self.corrected_by {
            if !a.corrected_by.contains(id) {
                a.corrected_by.push(id.clone());
            }
        }
    }

    /// Gives the small record the corrected values.
    pub fn apply_to_record(&self, r: &mut ArticleRecord) {
        if let Some(v) = &self.title {
            r.title = v.clone();
        }
        if let Some(v) = &self.outlet {
            r.outlet = v.clone();
        }
        if let Some(v) = &self.published {
            r.published = v.as_ref().map(DatedWindow::window);
        }
    }
}

/// What applying the corrections gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// One record per correction, in file and line order (`corrections.jsonl`).
    pub records: Vec<CorrectionRecord>,
    /// Article-level fixes by article id.
    pub articles: BTreeMap<String, ArticleFix>,
    /// Corrections that change nothing (or only partly apply).
    pub warnings: Vec<Diagnostic>,
}

impl Applied {
    /// For the events: every claim a correction changed or added, with the correction ids.
    pub fn claims_corrected(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for r in &self.records {
            if r.action == CorrectionAction::Reject {
                continue;
            }
            for claim in &r.claims {
                let ids = out.entry(claim.as_str()).or_default();
                if !ids.contains(&r.id.as_str()) {
                    ids.push(&r.id);
                }
            }
        }
        out
    }
}

/// A field value already set, and by which correction.
type Setters = BTreeMap<(String, &'static str), (Value, String)>;

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The records of the articles `corrections` target, by path, read from
/// the record spool in one pass.
pub fn targeted_records(
    record_spool: &Path,
    corrections: &[Located],
) -> std::io::Result<BTreeMap<String, ArticleRecord>> {
    let wanted: BTreeSet<&str> = corrections.iter().map(|c| c.entry.article.as_str()).collect();
    let mut found = BTreeMap::new();
    for line in BufReader::new(File::open(record_spool)?).lines() {
        let record: ArticleRecord = serde_json::from_str(&line?)?;
        if wanted.contains(record.path.as_str()) {
            found.insert(record.path.clone(), record);
        }
    }
    Ok(found)
}

/// One targeted article, read again from the corpus.
struct Target {
    record: ArticleRecord,
    article: Article,
    source: String,
    /// Index of its facts in the facts given to [`apply`].
    facts: usize,
    /// Claims rejected so far, by id, with the rejecting correction's place.
    rejected: BTreeMap<String, String>,
    added: usize,
}

/// Applies every correction to the facts (claims and publication dates,
/// before reconciliation) and returns the article fixes and the records.
/// `records` are the targeted articles by path ([`targeted_records`]);
/// `corpus` is where their sources are read again, to find the quotes (a
/// source whose digest differs from its record is an error: the corpus is
/// not the one the articles were built from).
pub fn apply(
    corrections: &[Located],
    corpus: &Path,
    records: &BTreeMap<String, ArticleRecord>,
    facts: &mut Vec<ArticleFacts>,
) -> Result<Applied, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut applied = Applied::default();
    let mut targets: BTreeMap<String, Target> = BTreeMap::new();
    let facts_of: BTreeMap<String, usize> =
        facts.iter().enumerate().map(|(i, f)| (f.article_id.clone(), i)).collect();
    for c in corrections {
        let path = &c.entry.article;
        if targets.contains_key(path) {
            continue;
        }
        let Some(record) = records.get(path) else {
            errors.push(c.error(
                "article",
                format!(
                    "`{path}` is not an article of the corpus (or was left out as invalid or a duplicate)"
                ),
            ));
            continue;
        };
        match read_target(corpus, record, facts_of.get(&record.id).copied(), facts) {
            Ok(target) => {
                targets.insert(path.clone(), target);
            }
            Err(message) => errors.push(c.error("article", message)),
        }
    }
    let mut setters = Setters::new();
    for c in corrections {
        let Some(target) = targets.get_mut(&c.entry.article) else { continue };
        let result = if let Some(add) = &c.entry.add {
            add_claim(c, add, target, facts)
        } else if c.entry.reject == Some(true) {
            reject_claims(c, target, facts, &setters)
        } else if let Some(set) = &c.entry.set {
            if c.entry.quote.is_some() {
                set_claims(c, set, target, facts, &mut setters)
            } else {
                set_article(c, set, target, facts, &mut setters, &mut applied.articles)
            }
        } else {
            Ok(None)
        };
        match result {
            Ok(Some(mut record)) => {
                if record.changes.is_empty() {
                    applied.warnings.push(c.warning(
                        "",
                        format!(
                            "correction {} changes nothing (extraction already agrees); it can be deleted",
                            c.id
                        ),
                    ));
                }
                record.claims.dedup();
                applied.records.push(record);
            }
            Ok(None) => {}
            Err(mut e) => errors.append(&mut e),
        }
    }
    // Rejected claims leave last, so every correction saw the same indexes.
    for target in targets.values() {
        if target.rejected.is_empty() {
            continue;
        }
        let f = &mut facts[target.facts];
        let keep: Vec<bool> = f.claims.iter().map(|c| !target.rejected.contains_key(&c.id)).collect();
        let mut k = keep.iter();
        f.claims.retain(|_| *k.next().unwrap_or(&true));
        if f.date_exprs.len() == keep.len() {
            let mut k = keep.iter();
            f.date_exprs.retain(|_| *k.next().unwrap_or(&true));
        }
    }
    if errors.is_empty() {
        Ok(applied)
    } else {
        Err(errors)
    }
}

fn read_target(
    corpus: &Path,
    record: &ArticleRecord,
    index: Option<usize>,
    facts: &mut Vec<ArticleFacts>,
) -> Result<Target, String> {
    let path: PathBuf = corpus.join(&record.path);
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read `{}` again: {e}", path.display()))?;
    if crate::sums::sha256_hex(&bytes) != record.sha256 {
        return Err(format!(
            "`{}` differs from the file the articles were built from (another corpus than the shards'?)",
            path.display()
        ));
    }
    let normalised = tally_parser::normalise(&record.path, &bytes)
        .map_err(|_| format!("`{}` no longer parses", record.path))?;
    let index = match index {
        Some(i) => i,
        None => {
            facts.push(tally_extract::extract(&normalised));
            facts.len() - 1
        }
    };
    Ok(Target {
        record: record.clone(),
        article: normalised.article,
        source: normalised.source,
        facts: index,
        rejected: BTreeMap::new(),
        added: 0,
    })
}

/// Every place `quote` stands in `source`, any run of white space matching
/// any other; at most two are looked for (two is already ambiguous). Linear
/// in the source: both are searched with their white space collapsed.
pub fn find_quote(source: &str, quote: &str) -> Vec<Span> {
    let needle = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    if needle.is_empty() {
        return Vec::new();
    }
    let (flat, segments) = collapse_white_space(source);
    // The source offset of a byte of `flat`: from the segment it falls in.
    let to_source = |at: usize| {
        let k = segments.partition_point(|&(f, _)| f <= at) - 1;
        let (f, s) = segments[k];
        s + (at - f)
    };
    memchr::memmem::find_iter(flat.as_bytes(), needle.as_bytes())
        .take(2)
        .map(|start| Span::new(to_source(start), to_source(start + needle.len() - 1) + 1))
        .collect()
}

/// `source` with each run of white space made one space, and where each
/// stretch of it starts in both: (offset in the result, offset in `source`).
fn collapse_white_space(source: &str) -> (String, Vec<(usize, usize)>) {
    let mut flat = String::with_capacity(source.len());
    let mut segments = vec![(0, 0)];
    let mut in_space = false;
    for (at, ch) in source.char_indices() {
        let space = ch.is_whitespace();
        if space && in_space {
            continue;
        }
        if space != in_space || space {
            segments.push((flat.len(), at));
        }
        in_space = space;
        flat.push(if space { ' ' } else { ch });
    }
    (flat, segments)
}

/// The one place of a quote in the article, or the error.
fn locate(c: &Located, key: &str, quote: &str, target: &Target) -> Result<Span, Vec<Diagnostic>> {
    match find_quote(&target.source, quote).as_slice() {
        [one] => Ok(*one),
        [] => Err(vec![c.error(
            key,
            format!("the quote is not in `{}` (it must be the article's words, verbatim)", c.entry.article),
        )]),
        _ => Err(vec![c.error(
            key,
            format!(
                "the quote is in `{}` more than once; quote more words so it names one place",
                c.entry.article
            ),
        )]),
    }
}

/// The indexes of the claims a quote names (their sentence contains it), narrowed by `which`.
fn claims_named(
    c: &Located,
    target: &Target,
    facts: &[ArticleFacts],
) -> Result<(Span, Vec<usize>), Vec<Diagnostic>> {
    let quote = c.entry.quote.as_deref().unwrap_or_default();
    let span = locate(c, "quote", quote, target)?;
    let claims = &facts[target.facts].claims;
    let inside: Vec<usize> = (0..claims.len())
        .filter(|&i| claims[i].span.start <= span.start && span.end <= claims[i].span.end)
        .collect();
    if inside.is_empty() {
        return Err(vec![c.error(
            "quote",
            "the quote is in the article but in no claim's sentence; to add a claim, use `add`",
        )]);
    }
    let named: Vec<usize> = match &c.entry.which {
        None => inside,
        Some(which) => inside
            .into_iter()
            .filter(|&i| {
                let claim = &claims[i];
                which.from.as_ref().is_none_or(|f| claim.from.as_ref() == Some(f))
                    && which.to.as_ref().is_none_or(|t| claim.to.as_ref() == Some(t))
                    && which.kind.is_none_or(|k| claim.kind == k)
                    && which.subject.is_none_or(|s| claim.subject == s)
            })
            .collect(),
    };
    if named.is_empty() {
        return Err(vec![c.error("which", "no claim of the quoted sentence matches `which`")]);
    }
    for &i in &named {
        if let Some(place) = target.rejected.get(&claims[i].id) {
            return Err(vec![c.error(
                "quote",
                format!("claim `{}` is rejected by the correction at {place}", claims[i].id),
            )]);
        }
    }
    Ok((span, named))
}

fn record_of(c: &Located, target: &Target, action: CorrectionAction) -> CorrectionRecord {
    CorrectionRecord {
        id: c.id.clone(),
        file: c.file.clone(),
        line: c.line as u64,
        column: c.column as u64,
        action,
        article: target.record.id.clone(),
        path: target.record.path.clone(),
        quote: c.entry.quote.clone().or_else(|| c.entry.add.as_ref().map(|a| a.quote.clone())),
        claims: Vec::new(),
        changes: Vec::new(),
        reason: c.entry.reason.clone(),
        by: c.entry.by.clone(),
    }
}

/// Registers `field` of `record` as set to `value` by `c`: an error when an
/// earlier correction set it to something else.
fn claim_setter(
    setters: &mut Setters,
    c: &Located,
    record: &str,
    field: &'static str,
    value: &Value,
) -> Result<(), Diagnostic> {
    match setters.get(&(record.to_string(), field)) {
        Some((earlier, place)) if earlier != value => Err(c.error(
            field,
            format!(
                "sets `{field}` of `{record}` to {value}, but the correction at {place} sets it to {earlier}"
            ),
        )),
        Some(_) => Ok(()),
        None => {
            setters.insert((record.to_string(), field), (value.clone(), c.place()));
            Ok(())
        }
    }
}

fn why(c: &Located) -> String {
    format!("set by correction {} ({}, by {}): {}", c.id, c.place(), c.entry.by, c.entry.reason)
}

fn set_claims(
    c: &Located,
    set: &FieldValues,
    target: &mut Target,
    facts: &mut [ArticleFacts],
    setters: &mut Setters,
) -> Result<Option<CorrectionRecord>, Vec<Diagnostic>> {
    let (span, named) = claims_named(c, target, facts)?;
    let mut record = record_of(c, target, CorrectionAction::Set);
    let mut errors = Vec::new();
    let evidence = Evidence { text: target.source[span.start..span.end].to_string(), span, article: None };
    let f = &mut facts[target.facts];
    for i in named {
        let claim = &mut f.claims[i];
        record.claims.push(claim.id.clone());
        let before = claim.clone();
        if let Some(q) = &set.quantity {
            let new = q.map(|q| quantity_of(q, &target.source, span));
            let same =
                before.quantity.as_ref().map(|q| (q.value, q.qualifier)) == q.map(|q| (q.value, q.qualifier));
            change(&mut record, &mut errors, setters, c, &claim.id, "quantity", to_json(q), same, || {
                (to_json(&before.quantity), to_json(&new))
            });
            claim.quantity = new;
        }
        for (key, value, current) in [("from", &set.from, &before.from), ("to", &set.to, &before.to)] {
            if let Some(v) = value {
                change(
                    &mut record,
                    &mut errors,
                    setters,
                    c,
                    &claim.id,
                    key,
                    to_json(v),
                    v == current,
                    || (to_json(current), to_json(v)),
                );
            }
        }
        if let Some(v) = &set.from {
            claim.from = v.clone();
        }
        if let Some(v) = &set.to {
            claim.to = v.clone();
        }
        if let Some(d) = &set.date {
            let new = d.map(|w| DatedWindow {
                start: w.start,
                end: w.end,
                basis: DateBasis::Stated,
                evidence: vec![evidence.clone()],
                reason: why(c),
            });
            let same = before.date.as_ref().map(DatedWindow::window) == *d;
            change(&mut record, &mut errors, setters, c, &claim.id, "date", to_json(d), same, || {
                (to_json(&before.date.as_ref().map(DatedWindow::window)), to_json(d))
            });
            claim.date = new;
            if let Some(expr) = f.date_exprs.get_mut(i) {
                *expr = None;
            }
        }
        if let Some(v) = set.status {
            change(
                &mut record,
                &mut errors,
                setters,
                c,
                &claim.id,
                "status",
                to_json(&v),
                v == before.status,
                || (to_json(&before.status), to_json(&v)),
            );
            claim.status = v;
        }
        if let Some(v) = set.kind {
            change(
                &mut record,
                &mut errors,
                setters,
                c,
                &claim.id,
                "kind",
                to_json(&v),
                v == before.kind,
                || (to_json(&before.kind), to_json(&v)),
            );
            claim.kind = v;
        }
        if let Some(v) = set.subject {
            change(
                &mut record,
                &mut errors,
                setters,
                c,
                &claim.id,
                "subject",
                to_json(&v),
                v == before.subject,
                || (to_json(&before.subject), to_json(&v)),
            );
            claim.subject = v;
        }
        if *claim != before && !claim.corrected_by.contains(&c.id) {
            claim.corrected_by.push(c.id.clone());
        }
    }
    if errors.is_empty() {
        Ok(Some(record))
    } else {
        Err(errors)
    }
}

/// Records one field set: a change when it differs, an error when another
/// correction set it otherwise.
#[allow(clippy::too_many_arguments)]
fn change(
    record: &mut CorrectionRecord,
    errors: &mut Vec<Diagnostic>,
    setters: &mut Setters,
    c: &Located,
    id: &str,
    field: &'static str,
    value: Value,
    same: bool,
    from_to: impl FnOnce() -> (Value, Value),
) {
    if let Err(e) = claim_setter(setters, c, id, field, &value) {
        errors.push(e);
        return;
    }
    if !same {
        let (from, to) = from_to();
        record.changes.push(Change { record: id.to_string(), field: field.to_string(), from, to });
    }
}

/// A corrected count, with the words of the quote that give it when they
/// can be found ("1,212" or "1212"), else the quote itself.
fn quantity_of(q: QuantityValue, source: &str, quote: Span) -> Quantity {
    let text = &source[quote.start..quote.end];
    let forms = [words::grouped(q.value), q.value.to_string()];
    for form in forms {
        if let Some(at) = text.find(&form) {
            let start = quote.start + at;
            return Quantity {
                value: q.value,
                qualifier: q.qualifier,
                text: form.clone(),
                span: Span::new(start, start + form.len()),
            };
        }
    }
    Quantity { value: q.value, qualifier: q.qualifier, text: text.to_string(), span: quote }
}

fn reject_claims(
    c: &Located,
    target: &mut Target,
    facts: &mut [ArticleFacts],
    setters: &Setters,
) -> Result<Option<CorrectionRecord>, Vec<Diagnostic>> {
    let (_, named) = claims_named(c, target, facts)?;
    let mut record = record_of(c, target, CorrectionAction::Reject);
    let f = &facts[target.facts];
    for i in named {
        let claim = &f.claims[i];
        if let Some(((_, field), (_, place))) = setters.iter().find(|((id, _), _)| id == &claim.id) {
            return Err(vec![c.error(
                "reject",
                format!("rejects claim `{}`, whose `{field}` the correction at {place} sets", claim.id),
            )]);
        }
        record.claims.push(claim.id.clone());
        record.changes.push(Change {
            record: claim.id.clone(),
            field: "claim".into(),
            from: to_json(claim),
            to: Value::Null,
        });
        target.rejected.insert(claim.id.clone(), c.place());
    }
    Ok(Some(record))
}

fn add_claim(
    c: &Located,
    add: &tally_model::NewClaim,
    target: &mut Target,
    facts: &mut [ArticleFacts],
) -> Result<Option<CorrectionRecord>, Vec<Diagnostic>> {
    let span = locate(c, "quote", &add.quote, target)?;
    let text = target.source[span.start..span.end].to_string();
    let evidence = Evidence { text: text.clone(), span, article: None };
    let f = &mut facts[target.facts];
    let mut record = record_of(c, target, CorrectionAction::Add);
    // Extraction may already make it: then the correction can go.
    let existing = f.claims.iter().find(|claim| {
        claim.span.start <= span.start
            && span.end <= claim.span.end
            && claim.kind == add.kind
            && claim.subject == add.subject
            && claim.from == add.from
            && claim.to == add.to
            && claim.quantity.as_ref().map(|q| (q.value, q.qualifier))
                == add.quantity.map(|q| (q.value, q.qualifier))
    });
    if let Some(existing) = existing {
        record.claims.push(existing.id.clone());
        return Ok(Some(record));
    }
    target.added += 1;
    let id = format!("{}-x{}", target.record.id, target.added);
    let attributed_to = Attribution {
        name: add
            .attributed_to
            .clone()
            .or_else(|| target.record.outlet.clone())
            .unwrap_or_else(|| "the outlet".to_string()),
        kind: if add.attributed_to.is_some() {
            AttributionKind::Organisation
        } else {
            AttributionKind::Outlet
        },
        channel: None,
        via: None,
    };
    let claim = Claim {
        id: id.clone(),
        article: target.record.id.clone(),
        kind: add.kind,
        subject: add.subject,
        text,
        span,
        quantity: add.quantity.map(|q| quantity_of(q, &target.source, span)),
        from: add.from.clone(),
        to: add.to.clone(),
        date: add.date.map(|w| DatedWindow {
            start: w.start,
            end: w.end,
            basis: DateBasis::Stated,
            evidence: vec![evidence.clone()],
            reason: why(c),
        }),
        status: add.status,
        attributed_to,
        corrected_by: vec![c.id.clone()],
    };
    record.claims.push(id.clone());
    record.changes.push(Change { record: id, field: "claim".into(), from: Value::Null, to: to_json(&claim) });
    // In reading order among the article's claims.
    let at = f.claims.iter().position(|other| other.span.start > span.start).unwrap_or(f.claims.len());
    if f.date_exprs.len() == f.claims.len() {
        f.date_exprs.insert(at, None);
    }
    f.claims.insert(at, claim);
    Ok(Some(record))
}

fn set_article(
    c: &Located,
    set: &FieldValues,
    target: &mut Target,
    facts: &mut [ArticleFacts],
    setters: &mut Setters,
    fixes: &mut BTreeMap<String, ArticleFix>,
) -> Result<Option<CorrectionRecord>, Vec<Diagnostic>> {
    let mut record = record_of(c, target, CorrectionAction::Set);
    let mut errors = Vec::new();
    let article_id = target.record.id.clone();
    let a = &target.article;
    let fix = fixes.entry(article_id.clone()).or_default();
    let mut text_field = |field: &'static str, value: &Option<Option<String>>, current: &Option<String>| {
        let Some(v) = value else { return false };
        let same = v == current;
        change(&mut record, &mut errors, setters, c, &article_id, field, to_json(v), same, || {
            (to_json(current), to_json(v))
        });
        !same
    };
    let mut changed = false;
    if text_field("title", &set.title, &a.title) {
        fix.title = set.title.clone();
        changed = true;
    }
    if text_field("subtitle", &set.subtitle, &a.subtitle) {
        fix.subtitle = set.subtitle.clone();
        changed = true;
    }
    if text_field("outlet", &set.outlet, &a.outlet) {
        fix.outlet = set.outlet.clone();
        changed = true;
    }
    if text_field("dateline", &set.dateline, &a.dateline) {
        fix.dateline = set.dateline.clone();
        changed = true;
    }
    if let Some(v) = &set.authors {
        let same = v == &a.authors;
        change(&mut record, &mut errors, setters, c, &article_id, "authors", to_json(v), same, || {
            (to_json(&a.authors), to_json(v))
        });
        if !same {
            fix.authors = Some(v.clone());
            changed = true;
        }
    }
    if let Some(p) = &set.published {
        let current = a.published.as_ref().map(DatedWindow::window);
        let same = current == *p;
        change(&mut record, &mut errors, setters, c, &article_id, "published", to_json(p), same, || {
            (to_json(&current), to_json(p))
        });
        if !same {
            let dated = p.map(|w| DatedWindow {
                start: w.start,
                end: w.end,
                basis: DateBasis::Stated,
                evidence: Vec::new(),
                reason: why(c),
            });
            fix.published = Some(dated.clone());
            changed = true;
            redate_claims(c, p.as_ref(), &target.rejected, &mut facts[target.facts], &mut record);
            facts[target.facts].published = dated;
        }
    }
    if changed && !fix.corrected_by.contains(&c.id) {
        fix.corrected_by.push(c.id.clone());
    }
    if errors.is_empty() {
        Ok(Some(record))
    } else {
        Err(errors)
    }
}

/// Resolves the article's relative claim dates ("on Wednesday") again
/// against a corrected publication window, recording each date that moves.
fn redate_claims(
    c: &Located,
    window: Option<&DateWindow>,
    rejected: &BTreeMap<String, String>,
    f: &mut ArticleFacts,
    record: &mut CorrectionRecord,
) {
    for (i, expr) in f.date_exprs.iter().enumerate() {
        let Some(expr) = expr else { continue };
        if matches!(expr, DateExpr::Day(_) | DateExpr::Month { .. } | DateExpr::FollowingDay) {
            continue;
        }
        let Some(claim) = f.claims.get_mut(i) else { continue };
        if rejected.contains_key(&claim.id)
            || claim.date.as_ref().is_some_and(|d| d.basis == DateBasis::Stated)
        {
            continue;
        }
        let resolved = tally_extract::claims_resolve(expr, window.copied(), f.year, claim.status);
        let before = claim.date.as_ref().map(DatedWindow::window);
        if resolved == before {
            continue;
        }
        let published = window.map_or("no known date".to_string(), |w| words::window(*w));
        claim.date = resolved.map(|w| DatedWindow {
            start: w.start,
            end: w.end,
            basis: DateBasis::Inferred,
            evidence: vec![Evidence { text: claim.text.clone(), span: claim.span, article: None }],
            reason: format!(
                "{} in an article published {published} (the publication date set by correction {})",
                expr, c.id
            ),
        });
        record.claims.push(claim.id.clone());
        record.changes.push(Change {
            record: claim.id.clone(),
            field: "date".into(),
            from: to_json(&before),
            to: to_json(&resolved),
        });
        if !claim.corrected_by.contains(&c.id) {
            claim.corrected_by.push(c.id.clone());
        }
    }
}

/// A change in words, for the changelog and the card: "published: 2025-07-16..2025-07-18 → 2025-07-17".
pub fn change_words(change: &Change) -> String {
    let value = |v: &Value| match v {
        Value::Null => "null".to_string(),
        Value::Object(o) if o.contains_key("start") && o.contains_key("end") => {
            let (s, e) = (o["start"].as_str().unwrap_or(""), o["end"].as_str().unwrap_or(""));
            if s == e {
                s.to_string()
            } else {
                format!("{s}..{e}")
            }
        }
        Value::Object(o) if o.contains_key("value") && o.contains_key("qualifier") => {
            let qualifier = o["qualifier"].as_str().unwrap_or("exact");
            words::quantity(o["value"].as_u64().unwrap_or(0), qualifier)
        }
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match (change.field.as_str(), &change.from, &change.to) {
        ("claim", Value::Null, to) => {
            format!("claim `{}` added: \"{}\"", change.record, to["text"].as_str().unwrap_or(""))
        }
        ("claim", from, Value::Null) => {
            format!("claim `{}` rejected: \"{}\"", change.record, from["text"].as_str().unwrap_or(""))
        }
        (field, from, to) => format!("`{}` {field}: {} → {}", change.record, value(from), value(to)),
    }
}

/// One line for a correction in the changelog and the ledger.
pub fn summary(r: &CorrectionRecord) -> String {
    let action = match r.action {
        CorrectionAction::Set => "sets",
        CorrectionAction::Reject => "rejects",
        CorrectionAction::Add => "adds",
    };
    let changes: Vec<String> = r.changes.iter().map(change_words).collect();
    let what =
        if changes.is_empty() { "nothing (extraction agrees)".to_string() } else { changes.join("; ") };
    format!("{}:{} ({action}, `{}`, by {}): {what} — {}", r.file, r.line, r.path, r.by, r.reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_matches_across_any_white_space_and_reports_a_second_place() {
        let wide = "a\u{a0}\u{a0}b  c\n\n\td é";
        assert_eq!(find_quote(wide, "b c d"), vec![Span::new(5, 13)]);
        assert_eq!(find_quote(wide, "d é"), vec![Span::new(12, 16)]);
        let source = "Russia handed over\n1,212 bodies on Wednesday.  Russia handed over 27.";
        assert_eq!(find_quote(source, "handed over 1,212 bodies"), vec![Span::new(7, 31)]);
        assert_eq!(&source[7..31], "handed over\n1,212 bodies");
        assert_eq!(find_quote(source, "Russia handed over").len(), 2);
        assert!(find_quote(source, "handed over 1,213").is_empty());
        assert!(find_quote(source, "  ").is_empty());
        // A word must be followed by white space, not run into the next one.
        assert!(find_quote("handedover", "handed over").is_empty());
    }

    fn parsed(text: &str) -> Result<Vec<Located>, Vec<Diagnostic>> {
        parse("c.yaml", "dir/c.yaml", text)
    }

    #[test]
    fn entries_and_keys_are_located_in_block_style() {
        let entries = parsed(
            "# a comment\n- article: a.md\n  set: {title: T}\n  reason: r\n  by: b\n\n- article: b.md\n  quote: \"x\"\n  reject: true\n  reason: r\n  by: b\n",
        )
        .unwrap();
        assert_eq!(entries.iter().map(|e| (e.line, e.column)).collect::<Vec<_>>(), [(2, 1), (7, 1)]);
        assert_eq!(entries[0].at("title"), (3, 9));
        assert_eq!(entries[1].at("quote"), (8, 3));
        assert_ne!(entries[0].id, entries[1].id);
        // The id depends on the content, not on where the entry stands.
        let moved = parsed("\n\n- article: a.md\n  set: {title: T}\n  reason: r\n  by: b\n").unwrap();
        assert_eq!(moved[0].id, entries[0].id);
    }

    #[test]
    fn a_flow_sequence_still_reads_and_is_located_at_its_start() {
        let entries = parsed("[{article: a.md, set: {title: T}, reason: r, by: b}]").unwrap();
        assert_eq!((entries[0].line, entries[0].column), (1, 1));
    }

    #[test]
    fn an_empty_or_comment_only_file_holds_no_correction() {
        assert_eq!(parsed("").unwrap(), vec![]);
        assert_eq!(parsed("# nothing yet\n\n").unwrap(), vec![]);
    }

    #[test]
    fn an_entry_must_do_exactly_one_thing_with_what_it_needs() {
        let message =
            |text: &str| parsed(text).unwrap_err().into_iter().map(|d| d.to_string()).collect::<Vec<_>>();
        let two = message(
            "- article: a.md\n  quote: q\n  reject: true\n  set: {date: null}\n  reason: r\n  by: b\n",
        );
        assert!(
            two.iter().any(|m| m.contains("c.yaml:1:3: error: a correction does exactly one thing")),
            "{two:?}"
        );
        let no_quote = message("- article: a.md\n  reject: true\n  reason: r\n  by: b\n");
        assert!(
            no_quote.iter().any(|m| m.contains("c.yaml:2:3") && m.contains("needs a `quote`")),
            "{no_quote:?}"
        );
        let wrong_level = message("- article: a.md\n  set: {quantity: null}\n  reason: r\n  by: b\n");
        assert!(wrong_level
            .iter()
            .any(|m| m.contains("c.yaml:2:9") && m.contains("not a field of an article")));
        let backwards =
            message("- article: a.md\n  set: {published: {start: 2025-06-12, end: 2025-06-11}}\n  reason: r\n  by: b\n");
        assert!(backwards.iter().any(|m| m.contains("ends (2025-06-11) before it starts")), "{backwards:?}");
        let blank = message("- article: a.md\n  set: {title: T}\n  reason: \" \"\n  by: b\n");
        assert!(blank.iter().any(|m| m.contains("c.yaml:3:3") && m.contains("`reason`")), "{blank:?}");
    }

    #[test]
    fn changes_read_as_words() {
        let change = |field: &str, from: Value, to: Value| {
            change_words(&Change { record: "a-1-c2".into(), field: field.into(), from, to })
        };
        assert_eq!(
            change("quantity", serde_json::json!({"value": 5000, "qualifier": "nearly"}), Value::Null),
            "`a-1-c2` quantity: nearly 5,000 → null"
        );
        assert_eq!(
            change(
                "date",
                serde_json::json!({"start": "2025-07-01", "end": "2025-07-31"}),
                serde_json::json!({"start": "2025-07-17", "end": "2025-07-17"})
            ),
            "`a-1-c2` date: 2025-07-01..2025-07-31 → 2025-07-17"
        );
        assert_eq!(
            change("claim", serde_json::json!({"text": "How many?"}), Value::Null),
            "claim `a-1-c2` rejected: \"How many?\""
        );
    }
}
