//! Robustness over 2,083 real Markdown posts with front matter
//! (`../shared/corpus/digitalgov`): every post converts, title and date match
//! the front matter, and no front matter, shortcode or HTML markup reaches
//! the body. Skipped with a visible line when `../shared` is absent (failed under CI).

use std::path::{Path, PathBuf};

use tally_parser::normalise;

fn posts(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            posts(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") && p.file_name().is_some_and(|n| n != "_index.md")
        {
            out.push(p);
        }
    }
}

/// The corpus directory and its posts in path order; `None` (the test
/// skipped, visibly; a failure under CI) when `../shared` is absent.
fn corpus(test: &str) -> Option<(PathBuf, Vec<PathBuf>)> {
    let dir = tally_testkit::shared("corpus/digitalgov", test)?;
    let mut files = Vec::new();
    posts(&dir, &mut files);
    files.sort();
    Some((dir, files))
}

/// A front-matter scalar as written (quotes removed), for comparison.
fn front_value(text: &str, key: &str) -> Option<String> {
    let fm = text.trim_start().strip_prefix("---\n")?.split("\n---").next()?;
    let line = fm.lines().find(|l| l.starts_with(&format!("{key}:")))?;
    let v = line[key.len() + 1..].trim();
    let v = v.trim_matches('"').trim_matches('\'').to_string();
    (!v.is_empty() && !v.starts_with('|') && !v.starts_with('>')).then_some(v)
}

#[test]
fn every_digitalgov_post_converts_cleanly() {
    let Some((dir, files)) = corpus("every_digitalgov_post_converts_cleanly") else { return };
    assert!(files.len() >= 2000, "found only {} posts", files.len());
    let mut failures = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let text = String::from_utf8_lossy(&bytes).to_string();
        let name = f.strip_prefix(&dir).unwrap().display().to_string();
        let n = match normalise(&name, &bytes) {
            Ok(n) => n,
            Err(e) => {
                failures.push(format!("{name}: {}", e[0]));
                continue;
            }
        };
        let a = &n.article;
        if let Some(t) = front_value(&text, "title") {
            let norm = |s: &str| {
                s.split_whitespace().collect::<Vec<_>>().join(" ").trim_matches(['"', '\u{200b}']).to_string()
            };
            let got = a.title.as_deref().map(norm).unwrap_or_default();
            // The check reads one line of YAML: a folded title continues on the next line.
            if !t.contains('\\') && !t.contains('&') && !got.starts_with(&norm(&t)) {
                failures.push(format!("{name}: title {:?} != {t:?}", a.title));
            }
        }
        if let Some(d) = front_value(&text, "date") {
            let want = &d[..10.min(d.len())];
            if a.published.as_ref().map(|p| p.start.to_string()).as_deref() != Some(want) {
                failures
                    .push(format!("{name}: published {:?} != {want}", a.published.as_ref().map(|p| p.start)));
            }
        }
        for b in &a.body {
            let t = &b.text;
            if t.contains("{{<")
                || t.contains("{{%")
                || t.contains("slug:") && t.contains("date:")
                || t.contains("</")
                || t.contains("<div")
                || t.contains("<img")
            {
                failures.push(format!("{name}: markup in body: {:.80}", t));
                break;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} posts failed:\n{}",
        failures.len(),
        files.len(),
        failures.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// The fast front-matter reader agrees with the YAML crate on every post
/// whose front matter it reads, and reads most of them (it exists for speed).
#[test]
fn fast_front_matter_reader_agrees_with_the_yaml_crate() {
    let Some((_, files)) = corpus("fast_front_matter_reader_agrees_with_the_yaml_crate") else { return };
    let (mut read, mut with_front_matter) = (0, 0);
    for f in &files {
        let text = String::from_utf8_lossy(&std::fs::read(f).unwrap()).to_string();
        let Some(rest) = text.strip_prefix("---\n") else { continue };
        let Some(end) = rest.find("\n---") else { continue };
        let yaml = &rest[..end + 1];
        with_front_matter += 1;
        if let Some(fast) = tally_parser::simple_yaml::parse(yaml) {
            read += 1;
            let full: serde_yaml_ng::Value = serde_yaml_ng::from_str(yaml).unwrap();
            assert_eq!(fast, full, "{}", f.display());
        }
    }
    // 92% since continued (multi-line) plain scalars are read too.
    assert!(read * 10 >= with_front_matter * 9, "read {read} of {with_front_matter}");
}

/// The rules that read saved web pages (the page above the headline, stamps,
/// site labels, captions and credits, promotions, copyright lines, appeals,
/// lists of other stories) remove no paragraph of a post's prose: a removed
/// block of a dozen words or more that ends a sentence. The removals by rule
/// are printed (`--nocapture`) for the record.
#[test]
fn page_rules_remove_no_paragraph_of_prose() {
    let Some((dir, files)) = corpus("page_rules_remove_no_paragraph_of_prose") else { return };
    const PAGE_RULES: &[&str] = &[
        "page_head",
        "stamp",
        "site_label",
        "no_words",
        "image_caption",
        "image_credit",
        "promo",
        "copyright",
        "appeal",
        "list_label",
        "related_list",
    ];
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut prose_removed = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let name = f.strip_prefix(&dir).unwrap().display().to_string();
        let Ok(n) = normalise(&name, &bytes) else { continue };
        for r in &n.article.removed {
            *counts.entry(r.rule.clone()).or_default() += 1;
            let words = r.text.split_whitespace().count();
            let sentence = r.text.trim_end().trim_end_matches(['"', '”', ')']).ends_with(['.', '!', '?']);
            // A "Photo Credit: …" block is a credit however long, not prose.
            let credit = r.text.split_once(':').is_some_and(|(label, _)| {
                let label = label.trim().to_lowercase();
                label.starts_with("photo") || label.starts_with("image")
            });
            if PAGE_RULES.contains(&r.rule.as_str()) && words >= 12 && sentence && !credit {
                prose_removed.push(format!("{name}: {}: {:.100}", r.rule, r.text));
            }
        }
    }
    eprintln!("removed blocks by rule over {} posts: {counts:?}", files.len());
    assert!(
        prose_removed.is_empty(),
        "{} prose paragraphs removed:\n{}",
        prose_removed.len(),
        prose_removed.join("\n")
    );
}
