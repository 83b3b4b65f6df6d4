//! The hand-checked expectations for the seed articles
//! (`../shared/acceptance/seeds.gold.json`) as tests of the parser alone.
//! Compared the way `score.py` compares: typographic quotes and dashes folded,
//! white space collapsed. Skipped with a visible line when `../shared` is absent (failed under CI).

use std::path::PathBuf;

use serde_json::Value;
use tally_parser::{normalise, Normalised};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The gold file, or `None` (the test skipped, visibly; a failure under CI).
fn gold(test: &str) -> Option<Value> {
    let path = tally_testkit::shared("acceptance/seeds.gold.json", test)?;
    Some(serde_json::from_str(&std::fs::read_to_string(path).expect("gold file")).expect("gold file is JSON"))
}

fn fold(s: &str) -> String {
    let s = s
        .replace(['\u{2019}', '\u{2018}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2013}', '\u{2014}'], "-");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn load(file: &str) -> Normalised {
    let bytes = std::fs::read(root().join("data/articles").join(file)).expect("seed in data/articles");
    normalise(file, &bytes).unwrap_or_else(|e| panic!("{file}: {e:?}"))
}

fn opt(v: &Value) -> Option<String> {
    v.as_str().map(fold)
}

#[test]
fn seed_metadata_matches_gold() {
    let Some(gold) = gold("seed_metadata_matches_gold") else { return };
    let mut failures = Vec::new();
    for g in gold["articles"].as_array().unwrap() {
        let file = g["file"].as_str().unwrap();
        let a = load(file).article;
        let mut check = |ok: bool, what: String| {
            if !ok {
                failures.push(format!("{file}: {what}"));
            }
        };
        let format = serde_json::to_value(a.source.format).unwrap();
        check(format == g["format"], format!("format {format}"));
        check(a.title.as_deref().map(fold) == opt(&g["title"]), format!("title {:?}", a.title));
        check(a.subtitle.as_deref().map(fold) == opt(&g["subtitle"]), format!("subtitle {:?}", a.subtitle));
        let mut authors: Vec<String> = a.authors.iter().map(|s| fold(s)).collect();
        authors.sort();
        let mut want: Vec<String> =
            g["authors"].as_array().unwrap().iter().map(|v| fold(v.as_str().unwrap())).collect();
        want.sort();
        check(authors == want, format!("authors {authors:?}"));
        let any_of = |key: &str, got: Option<&str>| {
            g[key].as_array().unwrap().iter().any(|v| match (v.as_str(), got) {
                (None, None) => true,
                (Some(w), Some(x)) => fold(w).eq_ignore_ascii_case(&fold(x)),
                _ => false,
            })
        };
        check(any_of("outlet_any_of", a.outlet.as_deref()), format!("outlet {:?}", a.outlet));
        check(any_of("dateline_any_of", a.dateline.as_deref()), format!("dateline {:?}", a.dateline));
        check(a.url.as_deref() == g["url"].as_str(), format!("url {:?}", a.url));
        let body = fold(&a.body.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join(" "));
        for s in g["body_must_include"].as_array().unwrap() {
            check(body.contains(&fold(s.as_str().unwrap())), format!("body lacks {s}"));
        }
        for s in g["body_must_exclude"].as_array().unwrap() {
            check(!body.contains(&fold(s.as_str().unwrap())), format!("body keeps {s}"));
        }
        let heads: Vec<String> = a
            .body
            .iter()
            .filter(|b| b.kind == tally_model::BlockKind::Heading)
            .map(|b| fold(&b.text))
            .collect();
        for h in g.get("headings").and_then(Value::as_array).into_iter().flatten() {
            check(heads.contains(&fold(h.as_str().unwrap())), format!("heading {h}"));
        }
        let credits: Vec<String> = a.images.iter().filter_map(|i| i.credit.as_deref().map(fold)).collect();
        for c in g.get("image_credits").and_then(Value::as_array).into_iter().flatten() {
            check(credits.contains(&fold(c.as_str().unwrap())), format!("credit {c}"));
        }
        if let Some(embeds) = g.get("embeds").and_then(Value::as_array) {
            check(a.embeds.len() == embeds.len(), format!("{} embeds", a.embeds.len()));
            for e in embeds {
                let hit = a.embeds.iter().any(|x| {
                    x.author.as_deref().map(|s| s.trim_start_matches('@').to_lowercase())
                        == e["author"].as_str().map(|s| s.trim_start_matches('@').to_lowercase())
                        && x.date.map(|d| d.to_string()).as_deref() == e["date"].as_str()
                });
                check(hit, format!("embed {e}"));
            }
        }
        for q in g.get("quotes").and_then(Value::as_array).into_iter().flatten() {
            let start = fold(q["starts_with"].as_str().unwrap()).to_lowercase();
            let key = q["speaker"].as_str().unwrap().split_whitespace().last().unwrap().to_lowercase();
            let hit = a.quotes.iter().any(|x| {
                fold(&x.text).to_lowercase().starts_with(&start)
                    && x.speaker.as_deref().is_some_and(|s| s.to_lowercase().contains(&key))
            });
            check(hit, format!("quote {start:.40} by {key}"));
        }
        if g.get("no_duplicate_paragraphs") == Some(&Value::Bool(true)) {
            let mut texts: Vec<String> = a
                .body
                .iter()
                .filter(|b| b.kind == tally_model::BlockKind::Paragraph)
                .map(|b| fold(&b.text))
                .collect();
            let n = texts.len();
            texts.sort();
            texts.dedup();
            check(texts.len() == n, "repeated paragraphs".into());
        }
        // A publication date is never wrong: it lies inside, or covers, the gold window.
        if let Some(p) = &a.published {
            let (gs, ge) =
                (g["published"]["start"].as_str().unwrap(), g["published"]["end"].as_str().unwrap());
            let (ps, pe) = (p.start.to_string(), p.end.to_string());
            let inside = gs <= ps.as_str() && pe.as_str() <= ge;
            let covers = ps.as_str() <= gs && ge <= pe.as_str();
            check(inside || covers, format!("published {ps}..{pe} misses {gs}..{ge}"));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_span_slices_its_value_out_of_the_file() {
    // Reads only data/articles: it runs whether or not ../shared is there.
    for entry in std::fs::read_dir(root().join("data/articles")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let n = load(&name);
        let a = &n.article;
        if let (Some(t), Some(sp)) = (&a.title, a.provenance.title) {
            assert_eq!(
                fold(&n.source[sp.start..sp.end]).trim_start_matches("# "),
                fold(t),
                "{name}: title span"
            );
        }
        for q in &a.quotes {
            let src = fold(&n.source[q.span.start..q.span.end]);
            assert!(
                src.contains(&fold(&q.text)[..fold(&q.text).len().min(20)]),
                "{name}: quote span {src:?} for {:?}",
                q.text
            );
        }
        for (b, m) in a.body.iter().zip(&n.block_maps) {
            let sp = m.span_in(&n.source, 0, b.text.len());
            assert!(
                sp.start >= b.span.start && sp.end <= b.span.end + 1,
                "{name}: block map outside block span"
            );
        }
    }
}
