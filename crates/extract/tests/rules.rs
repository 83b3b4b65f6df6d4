//! Extraction rules on sentences written for these tests, in varied phrasing.

use tally_extract::{extract, testing::article};
use tally_model::{AttributionKind, Claim, ClaimKind, Qualifier, Status, Subject};

const PUB: Option<(&str, &str)> = Some(("2025-06-11", "2025-06-11")); // a Wednesday

fn claims(text: &str) -> Vec<Claim> {
    extract(&article("a-test", &[text], PUB)).claims
}

fn transfers(text: &str) -> Vec<Claim> {
    claims(text).into_iter().filter(|c| c.kind == ClaimKind::Transfer).collect()
}

/// (subject, from, to, count, status, date) of the single transfer.
fn one(text: &str) -> (Subject, String, String, Option<u64>, Status, Option<String>) {
    let t = transfers(text);
    assert_eq!(t.len(), 1, "{text}: {t:#?}");
    let c = &t[0];
    (
        c.subject,
        c.from.clone().unwrap_or_default(),
        c.to.clone().unwrap_or_default(),
        c.quantity.as_ref().map(|q| q.value),
        c.status,
        c.date.as_ref().map(|d| format!("{}..{}", d.start, d.end)),
    )
}

fn dir(text: &str) -> (String, String, Option<u64>) {
    let (_, f, t, n, _, _) = one(text);
    (f, t, n)
}

fn d(f: &str, t: &str, n: Option<u64>) -> (String, String, Option<u64>) {
    (f.to_string(), t.to_string(), n)
}

#[test]
fn direction_in_active_and_passive_voice() {
    let cases = [
        ("Russia returned 300 bodies to Ukraine.", d("RU", "UA", Some(300))),
        ("Ukraine returned 45 bodies to Russia.", d("UA", "RU", Some(45))),
        ("Moscow handed over 120 bodies to Kyiv on Tuesday.", d("RU", "UA", Some(120))),
        ("Kyiv handed over to Moscow the bodies of 70 troops.", d("UA", "RU", Some(70))),
        ("The remains of 88 soldiers were handed over to Ukraine by Russia.", d("RU", "UA", Some(88))),
        ("Another 909 bodies were returned to Kyiv.", d("RU", "UA", Some(909))),
        ("Ukraine received 500 bodies from Russia.", d("RU", "UA", Some(500))),
        ("Russia said it received the remains of 31 soldiers.", d("UA", "RU", Some(31))),
        ("Kyiv gave over 19 killed troops to Moscow.", d("UA", "RU", Some(19))),
        ("Russia transferred 1 003 bodies to Kiev.", d("RU", "UA", Some(1003))),
        ("Moscow delivered six hundred bodies to Ukraine.", d("RU", "UA", Some(600))),
        ("Russia sent a thousand bodies to Kyiv.", d("RU", "UA", Some(1000))),
        ("Russia repatriated 40 bodies from Ukraine.", d("UA", "RU", Some(40))),
        ("The bodies of 212 soldiers have returned to Ukraine.", d("RU", "UA", Some(212))),
    ];
    for (text, want) in cases {
        let text = format!("{text} Russia and Ukraine met.");
        assert_eq!(dir(&text), want, "{text}");
    }
}

#[test]
fn nationality_of_the_dead_is_the_receiver() {
    let cases = [
        ("Moscow returned 1,500 Ukrainian soldiers' bodies.", d("RU", "UA", Some(1500))),
        ("The remains of 27 Russian troops were sent by Kyiv.", d("UA", "RU", Some(27))),
        ("Russia got back 51 Russian bodies from Ukraine.", d("UA", "RU", Some(51))),
        ("Russia handed over 600 bodies of Ukrainian servicemen.", d("RU", "UA", Some(600))),
        ("Kyiv returned the bodies of 33 Russian soldiers.", d("UA", "RU", Some(33))),
        ("Russia has released 84 Ukrainian prisoners.", d("RU", "UA", Some(84))),
    ];
    for (text, want) in cases {
        assert_eq!(dir(text), want, "{text}");
    }
}

#[test]
fn swaps_and_each_side_give_both_directions() {
    for text in [
        "Russia and Ukraine swapped 84 prisoners each side on Tuesday.",
        "Each side released 84 prisoners of war in an exchange by Russia and Ukraine on Tuesday.",
        "Ukraine and Russia exchanged 84 POWs from either side on Tuesday.",
        "Russia and Ukraine each released 84 prisoners of war on Tuesday.",
        "Russia and Ukraine have each freed 84 soldiers in the latest swap on Tuesday.",
        "On Tuesday Russia and Ukraine swapped 84 prisoners of war each.",
        "Ukraine and Russia released 84 POWs each on Tuesday, officials said.",
    ] {
        let t = transfers(text);
        assert_eq!(t.len(), 2, "{text}: {t:#?}");
        let mut dirs: Vec<_> = t
            .iter()
            .map(|c| (c.from.clone().unwrap(), c.to.clone().unwrap(), c.quantity.as_ref().map(|q| q.value)))
            .collect();
        dirs.sort();
        assert_eq!(dirs, vec![d("RU", "UA", Some(84)), d("UA", "RU", Some(84))], "{text}");
        assert!(
            t.iter().all(|c| c.date.as_ref().is_some_and(|d| d.start.to_string() == "2025-06-10")),
            "{text}"
        );
    }
    // one side named as the mover: its count goes its way, the other way's is not given
    for text in [
        "Ukraine brought home 185 soldiers in a prisoner exchange with Russia on Tuesday.",
        "Russia handed over 185 prisoners of war to Ukraine in an exchange on Tuesday.",
    ] {
        let mut dirs: Vec<_> = transfers(text)
            .iter()
            .map(|c| (c.from.clone().unwrap(), c.to.clone().unwrap(), c.quantity.as_ref().map(|q| q.value)))
            .collect();
        dirs.sort();
        assert_eq!(dirs, vec![d("RU", "UA", Some(185)), d("UA", "RU", None)], "{text}");
    }
    let t = transfers("Russia and Ukraine released 185 prisoners of war in an exchange on Tuesday.");
    assert!(t.len() == 2 && t.iter().all(|c| c.quantity.is_none()), "both sides as subject: {t:#?}");
    // "each of whom" is not a count per side
    let t = transfers("Russia and Ukraine exchanged 84 prisoners, each of whom was examined on Tuesday.");
    assert!(t.iter().all(|c| c.quantity.is_none()), "{t:#?}");
    // an undisclosed swap: both directions, no count
    let t = transfers("A prisoner exchange between Russia and Ukraine took place on Monday.");
    assert_eq!(t.len(), 2);
    assert!(t.iter().all(|c| c.quantity.is_none() && c.subject == Subject::Prisoners));
    // prisoners with civilians
    let t = transfers("Russia and Ukraine swapped 120 soldiers and civilians each side on Monday.");
    assert_eq!(t.len(), 2);
    assert!(t.iter().all(|c| c.subject == Subject::Prisoners && c.quantity.as_ref().unwrap().value == 120));
}

#[test]
fn none_returned_is_zero_and_undisclosed_is_null() {
    assert_eq!(
        dir("Ukraine has not handed over a single body to Russia, the source said."),
        d("UA", "RU", Some(0))
    );
    assert_eq!(
        dir("No Russian remains were handed over in return. Ukraine and Russia met."),
        d("UA", "RU", Some(0))
    );
    assert_eq!(dir("Kyiv did not return any bodies of Russian soldiers to Moscow."), d("UA", "RU", Some(0)));
    let (_, f, t, n, _, _) = one("The bodies of Ukrainian soldiers were returned by Russia on Monday.");
    assert_eq!((f.as_str(), t.as_str(), n), ("RU", "UA", None));
    let t = transfers("Neither side revealed how many prisoners were released in the exchange on Monday by Russia and Ukraine.");
    assert!(t.iter().all(|c| c.quantity.is_none()), "{t:#?}");
}

#[test]
fn status_planned_completed_failed() {
    let s = |t: &str| one(t).4;
    assert_eq!(s("Russia will hand over 500 bodies to Ukraine on Friday."), Status::Planned);
    assert_eq!(s("Russia plans to return 2,000 bodies to Ukraine next week."), Status::Planned);
    let swap = transfers(
        "An exchange of 90 prisoners each side is scheduled for Thursday between Russia and Ukraine.",
    );
    assert_eq!(swap.len(), 2);
    assert!(swap
        .iter()
        .all(|c| c.status == Status::Planned && c.date.as_ref().unwrap().start.to_string() == "2025-06-12"));
    assert_eq!(s("Russia returned 500 bodies to Ukraine on Monday."), Status::Completed);
    assert_eq!(
        s("Ukraine did not receive the bodies from Russia, officials said on Monday."),
        Status::Failed
    );
}

#[test]
fn dates_from_the_sentence_and_the_article() {
    let date = |t: &str| one(t).5;
    assert_eq!(
        date("Russia returned 500 bodies to Ukraine on Monday."),
        Some("2025-06-09..2025-06-09".into())
    );
    assert_eq!(
        date("Russia returned 500 bodies to Ukraine on June 3."),
        Some("2025-06-03..2025-06-03".into())
    );
    assert_eq!(
        date("Russia returned 500 bodies to Ukraine on May 30, 2025."),
        Some("2025-05-30..2025-05-30".into())
    );
    assert_eq!(date("Russia returned 500 bodies to Ukraine today."), Some("2025-06-11..2025-06-11".into()));
    assert_eq!(
        date("Russia will return 500 bodies to Ukraine on Friday."),
        Some("2025-06-13..2025-06-13".into())
    );
    assert_eq!(
        date("Russia returned 500 bodies to Ukraine in May 2025."),
        Some("2025-05-01..2025-05-31".into())
    );
    // a planned transfer does not take the day it was announced
    assert_eq!(date("On June 2, Russia said it would return 500 bodies to Ukraine."), None);
    // two days in one sentence: one claim each
    let t = transfers("Russia returned 100 bodies to Ukraine on Monday and on Tuesday.");
    assert_eq!(t.len(), 2);
}

#[test]
fn a_weekday_without_an_article_date_stays_open() {
    let c = extract(&article("a-x", &["Russia returned 500 bodies to Ukraine on Monday."], None));
    assert_eq!(c.claims.len(), 1);
    assert!(c.claims[0].date.is_none());
    assert!(c.date_exprs[0].is_some(), "kept for re-resolution");
}

#[test]
fn figures_with_every_qualifier() {
    let fig = |t: &str| -> Vec<(u64, Qualifier, Subject)> {
        claims(t)
            .into_iter()
            .filter(|c| c.kind == ClaimKind::Figure)
            .map(|c| (c.quantity.as_ref().unwrap().value, c.quantity.unwrap().qualifier, c.subject))
            .collect()
    };
    assert_eq!(
        fig("Russia says it has returned nearly 5,000 bodies to Ukraine."),
        vec![(5000, Qualifier::Nearly, Subject::Remains)]
    );
    assert_eq!(
        fig("The sides agreed to return up to 6,000 bodies each."),
        vec![(6000, Qualifier::UpTo, Subject::Remains)]
    );
    assert_eq!(
        fig("More than 8,000 Ukrainian soldiers are held in Russian captivity."),
        vec![(8000, Qualifier::Over, Subject::Captives)]
    );
    assert_eq!(
        fig("At least 46,000 soldiers have been killed, he said."),
        vec![(46000, Qualifier::AtLeast, Subject::Killed)]
    );
    assert_eq!(
        fig("About 390 prisoners were freed from either side."),
        vec![(390, Qualifier::Approximately, Subject::Prisoners)]
    );
    assert_eq!(
        fig("Fewer than 100 civilians remain in captivity."),
        vec![(100, Qualifier::Under, Subject::Captives)]
    );
    assert_eq!(
        fig("Moscow has sent 1,000 bodies, bringing the total to 4,000."),
        vec![(4000, Qualifier::Exact, Subject::Remains)]
    );
    assert_eq!(
        fig("Hundreds of prisoners are still held in captivity."),
        vec![(100, Qualifier::AtLeast, Subject::Captives)]
    );
    // a bound is never an exact transfer count
    assert!(transfers("Russia returned more than 1.2K bodies to Ukraine.").is_empty());
}

#[test]
fn attribution_names_relay_channel_and_outlet() {
    let a = |t: &str| claims(t).remove(0).attributed_to;
    let x = a("Russia has returned 300 bodies to Ukraine, a source told RIA Novosti.");
    assert_eq!(
        (x.name.as_str(), x.kind, x.via.as_deref()),
        ("a source", AttributionKind::Anonymous, Some("RIA Novosti"))
    );
    let x = a("Vladimir Medinsky said on Telegram that Russia returned 300 bodies to Ukraine.");
    assert_eq!(
        (x.name.as_str(), x.kind, x.channel.as_deref()),
        ("Vladimir Medinsky", AttributionKind::Person, Some("Telegram"))
    );
    let x = a("Russia returned 300 bodies to Ukraine, according to the Defence Ministry.");
    assert_eq!((x.name.as_str(), x.kind), ("the Defence Ministry", AttributionKind::Organisation));
    let x = a("Russia returned 300 bodies to Ukraine.");
    assert_eq!((x.name.as_str(), x.kind), ("Test Outlet", AttributionKind::Outlet));
    // a pronoun continues the previous speaker
    let f = extract(&article(
        "a-y",
        &["Jane Doe said talks went well.", "Russia returned 300 bodies to Ukraine, she added."],
        PUB,
    ));
    assert_eq!(f.claims[0].attributed_to.name, "Jane Doe");
}

#[test]
fn spans_point_into_the_source() {
    let doc = article("a-s", &["Intro.", "Russia returned 1,212 bodies to Ukraine on Monday."], PUB);
    let c = &extract(&doc).claims[0];
    assert_eq!(&doc.source[c.span.start..c.span.end], c.text);
    let q = c.quantity.as_ref().unwrap();
    assert_eq!(&doc.source[q.span.start..q.span.end], "1,212");
}

#[test]
fn prisoners_returned_in_a_parity_swap_move_both_ways() {
    let doc = article(
        "a-p",
        &[
            "On Monday, the first group of Ukrainian soldiers returned to Ukraine.",
            "Russia always frees the same number of prisoners as Kyiv.",
        ],
        PUB,
    );
    let t: Vec<_> = extract(&doc)
        .claims
        .into_iter()
        .filter(|c| c.kind == ClaimKind::Transfer && c.date.is_some())
        .collect();
    let mut dirs: Vec<_> = t.iter().map(|c| (c.from.clone().unwrap(), c.to.clone().unwrap())).collect();
    dirs.sort();
    assert_eq!(dirs, vec![("RU".to_string(), "UA".to_string()), ("UA".to_string(), "RU".to_string())]);
}

#[test]
fn a_sentence_makes_at_most_the_claims_one_sentence_may() {
    use tally_extract::MAX_CLAIMS_PER_SENTENCE as MAX;
    // A few numbers and dates: one claim per pair, nothing cut.
    let few = extract(&article(
        "a-f",
        &["Russia returned 5 prisoners and 7 bodies to Ukraine on June 2 and June 3."],
        PUB,
    ));
    assert!(!few.claims.is_empty() && few.claims.len() < MAX, "{}", few.claims.len());
    assert!(few.capped.is_empty());
    // A run-on list of 200 numbers and 200 dates would make 40,000 (each
    // with the sentence's text), and in an article at parity twice that,
    // every draft compared with every other: minutes and gigabytes.
    let run_on = format!("Russia returned to Ukraine {}in all.", "5 prisoners June 2 ".repeat(200));
    let parity = "Russia always frees the same number of prisoners as Kyiv.";
    for paragraphs in [vec![run_on.as_str()], vec![run_on.as_str(), parity]] {
        let facts = extract(&article("a-r", &paragraphs, PUB));
        // (the drafts kept are of one count and one day: one claim)
        assert!(!facts.claims.is_empty() && facts.claims.len() <= 2 * MAX, "{}", facts.claims.len());
        assert_eq!(facts.capped.len(), 1);
        let warnings = facts.warnings("r.md");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains(&format!("more than {MAX} claims")), "{}", warnings[0].message);
    }
}

/// Counts too large for any number type are no counts: summing or scaling
/// them gives nothing, never a wrapped-around figure (found by the fuzzer).
#[test]
fn counts_too_large_to_hold_are_not_summed_or_wrapped() {
    for text in [
        "Ukraine brought home 18446744073709551615 soldiers and 16 civilians from Russian captivity on Thursday.",
        "Россия вернула 9223372036854775807 военных и 20 гражданских.",
        "Росія передала 9223372036854775807 тисяч тіл загиблих.",
    ] {
        for c in claims(text) {
            if let Some(q) = &c.quantity {
                assert!(q.value >= 16, "{text}: a wrapped count {}", q.value);
            }
        }
    }
}
