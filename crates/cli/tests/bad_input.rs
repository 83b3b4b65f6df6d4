//! The bad-input suite: the real `tally` binary on corpora the tests create.
//! Every refused input exits non-zero, names the file (and line:column or
//! byte offset where one applies), and publishes nothing; every accepted odd
//! input converts with spans that still slice the file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

struct Corpus {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Corpus {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        std::fs::create_dir(root.join("articles")).unwrap();
        Corpus { _tmp: tmp, root }
    }
    fn articles(&self) -> PathBuf {
        self.root.join("articles")
    }
    fn add(&self, name: &str, bytes: impl AsRef<[u8]>) -> &Self {
        std::fs::write(self.articles().join(name), bytes).unwrap();
        self
    }
    fn good(&self) -> &Self {
        self.add(
            "good.txt",
            "Ferry service resumes\n\nThe ferry between the two ports resumed on Monday, June 2, 2025.\n",
        )
    }
    fn release(&self, extra: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tally"));
        cmd.args(["release", "--version", "0.1.0", "--articles"])
            .arg(self.articles())
            .arg("--out")
            .arg(self.root.join("dist"))
            .arg("--ledger")
            .arg(self.root.join("releases.json"))
            .args(extra)
            .env_remove("TALLY_MAX_FILE_BYTES");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }
    fn published(&self) -> bool {
        self.root.join("dist/v0.1.0").exists()
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// Runs a release expected to fail; returns stderr after checking nothing was published.
fn refused(c: &Corpus) -> String {
    let o = c.release(&[], &[]);
    let err = stderr(&o);
    assert!(!o.status.success(), "should fail:\n{err}");
    assert!(!c.published(), "a failed run published a release");
    assert!(!c.root.join("releases.json").exists(), "a failed run wrote the ledger");
    err
}

fn convert(path: &Path) -> (Output, Vec<Value>) {
    let o = Command::new(env!("CARGO_BIN_EXE_tally")).arg("convert").arg(path).output().unwrap();
    let docs =
        String::from_utf8_lossy(&o.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    (o, docs)
}

#[test]
fn bytes_that_are_not_utf8_are_located_by_line_and_column() {
    let c = Corpus::new();
    c.good().add("latin1.txt", b"Caf\xe9 opens\n\nText.\n");
    let err = refused(&c);
    assert!(err.contains("latin1.txt:1:4: error[T0201]: not valid UTF-8"), "{err}");
}

#[test]
fn utf16_binary_empty_and_blank_files_are_refused() {
    let c = Corpus::new();
    c.good()
        .add("utf16.txt", b"\xff\xfeH\x00i\x00")
        .add("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        .add("empty.md", b"")
        .add("blank.txt", b"  \n\t\r\n");
    let err = refused(&c);
    assert!(err.contains("utf16.txt:1:1: error[T0202]: file is UTF-16"), "{err}");
    assert!(err.contains("image.png:3:1: error[T0203]: file contains a NUL byte"), "{err}");
    assert!(err.contains("empty.md:1:1: error[T0204]: file is empty"), "{err}");
    assert!(err.contains("blank.txt:1:1: error[T0204]: file holds only white space"), "{err}");
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let c = Corpus::new();
    let big = format!("Title\n\n{}\n", "word ".repeat(100));
    c.good().add("big.txt", &big);
    let o = c.release(&[], &[("TALLY_MAX_FILE_BYTES", "200")]);
    let err = stderr(&o);
    assert!(!o.status.success() && !c.published());
    let want = format!("big.txt:1:1: error[T0102]: file is {} bytes, over the limit of 200", big.len());
    assert!(err.contains(&want), "{err}");
}

#[test]
fn broken_front_matter_is_located_by_line_and_column() {
    let c = Corpus::new();
    c.good()
        .add("open.md", "---\ntitle: Never closed\n\nBody text.\n")
        .add("yaml.md", "---\ntitle: [unclosed\n---\nBody text.\n")
        .add("date.md", "---\ntitle: A day\ndate: yesterday\n---\nBody text.\n");
    let err = refused(&c);
    assert!(
        err.contains("open.md:1:1: error[T0301]: front matter opened with `---` is never closed"),
        "{err}"
    );
    assert!(
        err.contains("yaml.md:") && err.contains("error[T0302]: front matter is not valid YAML"),
        "{err}"
    );
    assert!(err.contains("date.md:3:1: error[T0304]: front matter `date` must be a date"), "{err}");
}

#[test]
fn several_bad_files_are_all_reported_and_skip_invalid_publishes_the_rest() {
    let c = Corpus::new();
    c.good()
        .add("a-bad.txt", b"\xff\xfe")
        .add("b-bad.md", "---\ndate: soon\n---\nx\n")
        .add("c-empty.txt", "");
    let err = refused(&c);
    for name in ["a-bad.txt", "b-bad.md", "c-empty.txt"] {
        assert!(err.contains(name), "{name} not reported:\n{err}");
    }
    let o = c.release(&["--skip-invalid"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let card = std::fs::read_to_string(c.root.join("dist/v0.1.0/README.md")).unwrap();
    for name in ["a-bad.txt", "b-bad.md", "c-empty.txt"] {
        assert!(card.contains(name), "{name} not listed in the card:\n{card}");
    }
    let dataset: Value =
        serde_json::from_str(&std::fs::read_to_string(c.root.join("dist/v0.1.0/dataset.json")).unwrap())
            .unwrap();
    assert_eq!(dataset["articles"].as_array().unwrap().len(), 1);
    assert_eq!(dataset["skipped"].as_array().unwrap().len(), 3);
}

#[test]
fn documents_that_are_not_articles_are_refused_by_what_they_look_like() {
    let c = Corpus::new();
    let files: [(&str, &str, &str); 6] = [
        ("report.txt", "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n", "PDF"),
        ("letter.txt", "{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} 12 prisoners were freed}\n", "RTF"),
        ("page.md", "<!DOCTYPE html>\n<html><body><p>12 prisoners were freed.</p></body></html>\n", "HTML"),
        ("feed.txt", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><item><title>12 freed</title></item></channel></rss>\n", "feed"),
        ("data.txt", "{\"title\": \"Swap\", \"text\": \"12 prisoners were freed.\"}\n", "JSON"),
        ("links.txt", "https://example.org/news/1\nhttps://example.org/news/2\n", "list of URLs"),
    ];
    c.good();
    for (name, text, _) in &files {
        c.add(name, text);
    }
    let err = refused(&c);
    for (name, _, what) in &files {
        let line =
            err.lines().find(|l| l.contains(name)).unwrap_or_else(|| panic!("{name} not reported:\n{err}"));
        assert!(line.contains(what) && line.contains("not an article"), "{name}: {line}");
    }
    let o = c.release(&["--skip-invalid"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dataset: Value =
        serde_json::from_str(&std::fs::read_to_string(c.root.join("dist/v0.1.0/dataset.json")).unwrap())
            .unwrap();
    assert_eq!(dataset["articles"].as_array().unwrap().len(), 1, "only the article is published");
    assert_eq!(dataset["skipped"].as_array().unwrap().len(), files.len());
}

#[test]
fn unknown_front_matter_keys_warn_and_convert() {
    let c = Corpus::new();
    c.add(
        "post.md",
        "---\ntitle: Bridge reopens\nmood: cheerful\n---\nThe bridge reopened on Friday, May 2, 2025.\n",
    );
    let o = c.release(&[], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("post.md:3:1: warning[T0305]: front matter key `mood` is not used"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn crlf_and_lone_cr_files_convert_with_spans_on_the_file_bytes() {
    let c = Corpus::new();
    let crlf = "\u{feff}Port reopens after storm\r\n\r\nThe port reopened on Monday, June 2, 2025, officials said.\r\n";
    let cr = "Port reopens after storm\r\rThe port reopened on Monday, June 2, 2025, officials said.\r";
    c.add("crlf.txt", crlf).add("cr.txt", cr);
    for (name, text) in [("crlf.txt", crlf), ("cr.txt", cr)] {
        let (o, docs) = convert(&c.articles().join(name));
        assert!(o.status.success(), "{}", stderr(&o));
        let a = &docs[0]["article"];
        let span = &a["provenance"]["title"];
        let (s, e) = (span["start"].as_u64().unwrap() as usize, span["end"].as_u64().unwrap() as usize);
        assert_eq!(&text.as_bytes()[s..e], b"Port reopens after storm", "{name}");
        let b = &a["body"][0]["span"];
        let (s, e) = (b["start"].as_u64().unwrap() as usize, b["end"].as_u64().unwrap() as usize);
        assert!(text[s..e].starts_with("The port reopened"), "{name}: {:?}", &text[s..e]);
    }
    assert!(c.release(&[], &[]).status.success());
}

#[cfg(unix)]
#[test]
fn a_symlink_leaving_the_corpus_is_refused() {
    let c = Corpus::new();
    c.good();
    std::fs::write(c.root.join("outside.txt"), "Secret\n\nNot part of the corpus.\n").unwrap();
    std::os::unix::fs::symlink(c.root.join("outside.txt"), c.articles().join("link.txt")).unwrap();
    let err = refused(&c);
    assert!(err.contains("link.txt:1:1: error[T0104]: symlink leaves the corpus directory"), "{err}");
}

#[test]
fn identical_files_are_warned_and_kept_once() {
    let c = Corpus::new();
    c.good();
    std::fs::copy(c.articles().join("good.txt"), c.articles().join("zz copy.txt")).unwrap();
    let o = c.release(&[], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("zz copy.txt"), "{}", stderr(&o));
    let lines = std::fs::read_to_string(c.root.join("dist/v0.1.0/articles.jsonl")).unwrap();
    assert_eq!(lines.lines().count(), 1);
}

#[test]
fn names_with_spaces_and_non_ascii_are_fine() {
    let c = Corpus::new();
    c.add("новости дня.txt", "Мост открыт\n\nМост открыли в понедельник.\n")
        .add("a b – c.md", "# A headline\n\nSome text here.\n");
    let o = c.release(&[], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines = std::fs::read_to_string(c.root.join("dist/v0.1.0/articles.jsonl")).unwrap();
    assert!(lines.contains("новости дня.txt") && lines.contains("Мост открыт"));
}

#[test]
fn deep_nesting_and_a_10_mb_line_finish() {
    let c = Corpus::new();
    c.add("quotes.md", format!("# Deep\n\n{} text\n", "> ".repeat(10_000)))
        .add("lists.md", format!("# Lists\n\n{}item\n", "- ".repeat(10_000)))
        .add("line.txt", format!("Long line\n\n{}\n", "All work and no play. ".repeat(480_000)));
    let o = c.release(&[], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines = std::fs::read_to_string(c.root.join("dist/v0.1.0/articles.jsonl")).unwrap();
    assert_eq!(lines.lines().count(), 3);
}

#[test]
fn a_missing_or_empty_corpus_directory_is_an_error_naming_it() {
    let c = Corpus::new();
    let err = refused(&c);
    assert!(err.contains("articles") && err.contains("holds no article files"), "{err}");
    std::fs::remove_dir(c.articles()).unwrap();
    let err = refused(&c);
    assert!(err.contains("articles") && err.contains("does not exist"), "{err}");
}

#[test]
fn markup_and_unsafe_urls_never_reach_text_fields() {
    let c = Corpus::new();
    c.add(
        "html.md",
        "# Title <em>here</em>\n\n<div><script>alert('x')</script><p>Inside <b>bold</b></p></div>\n\nA [link](javascript:alert(1)) and <img src=x onerror=alert(1)> text.\n\n— Ann (@ann) May 2, 2025\n\nOriginal url: javascript:alert(2)\n",
    );
    let (o, docs) = convert(&c.articles().join("html.md"));
    assert!(o.status.success(), "{}", stderr(&o));
    let a = &docs[0]["article"];
    let mut texts = vec![a["title"].as_str().unwrap_or("").to_string()];
    texts.extend(a["body"].as_array().unwrap().iter().map(|b| b["text"].as_str().unwrap().to_string()));
    for t in texts.iter().filter(|t| !t.starts_with("Original url")) {
        assert!(!t.contains('<') && !t.contains("alert"), "markup in {t:?}");
    }
    // URL fields hold http(s) only: a written `javascript:` address is text, never a URL.
    assert!(a["url"].is_null());
    for e in a["embeds"].as_array().unwrap() {
        assert!(e["url"].is_null() || e["url"].as_str().unwrap().starts_with("http"));
        assert!(e["links"].as_array().unwrap().iter().all(|l| l.as_str().unwrap().starts_with("http")));
    }
}
