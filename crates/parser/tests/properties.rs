//! Property tests on arbitrary text: normalisation never panics, every span
//! lies on character boundaries inside the source, and normalising a
//! normalised body changes nothing.

use proptest::prelude::*;
use tally_parser::normalise;

fn article_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "[A-Za-z ,.'\"“”«»?!—–-]{0,80}",
        "[\\PC]{0,40}",
        Just("# Heading".to_string()),
        Just("Credit: AFP".to_string()),
        Just("— Name (@handle) June 14, 2025".to_string()),
        Just("---".to_string()),
        Just("<div><script>x</script></div>".to_string()),
        Just("[said](#) and <https://example.org>".to_string()),
        Just("On Monday, June 9, 2025, talks ended.".to_string()),
    ];
    (prop::collection::vec(line, 0..25), prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n"]))
        .prop_map(|(lines, sep)| lines.join(sep))
}

/// Prose: sentences of words with ordinary punctuation and quotes.
fn prose() -> impl Strategy<Value = String> {
    let sentence = "[A-Z][a-z]{1,8}( [a-z]{1,8}){2,12}( \"[a-z]{2,8} [a-z]{2,8} [a-z]{2,8}\")?[.?!]";
    prop::collection::vec(prop::collection::vec(sentence, 1..4).prop_map(|s| s.join(" ")), 1..8)
        .prop_map(|paragraphs| format!("A Title Line\n\n{}\n", paragraphs.join("\n\n")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn spans_are_on_char_boundaries_inside_the_source(text in article_like()) {
        if let Ok(n) = normalise("p.txt", text.as_bytes()) {
            let a = &n.article;
            let mut spans = vec![];
            spans.extend(a.body.iter().map(|b| b.span));
            spans.extend(a.quotes.iter().map(|q| q.span));
            spans.extend(a.embeds.iter().map(|e| e.span));
            spans.extend(a.images.iter().map(|i| i.span));
            spans.extend(a.removed.iter().map(|r| r.span));
            spans.extend([a.provenance.title, a.provenance.subtitle, a.provenance.dateline, a.provenance.url].into_iter().flatten());
            for s in spans {
                prop_assert!(s.start <= s.end && s.end <= n.source.len(), "{s:?} outside {}", n.source.len());
                prop_assert!(n.source.is_char_boundary(s.start) && n.source.is_char_boundary(s.end), "{s:?}");
            }
        }
    }

    #[test]
    fn normalising_a_normalised_body_changes_nothing(text in prose()) {
        let first = normalise("p.txt", text.as_bytes()).unwrap();
        let body: Vec<&str> = first.article.body.iter().map(|b| b.text.as_str()).collect();
        let again = format!("A Title Line\n\n{}\n", body.join("\n\n"));
        let second = normalise("q.txt", again.as_bytes()).unwrap();
        let body2: Vec<&str> = second.article.body.iter().map(|b| b.text.as_str()).collect();
        prop_assert_eq!(body, body2);
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut runner = proptest::test_runner::TestRunner::default();
    runner
        .run(&prop::collection::vec(any::<u8>(), 0..400), |bytes| {
            let _ = normalise("b.bin", &bytes);
            Ok(())
        })
        .unwrap();
}
