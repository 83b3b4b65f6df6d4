//! The article's head and metadata lines: title, subtitle, byline, image
//! captions and credits, dateline, a stated date line, the original URL and
//! the outlet. Signals: position right after the title, line shape (short,
//! capitalised, no final punctuation), and the conventions of news pages
//! ("By …", "Credit: …", "(AP)", "CITY (Outlet) –", "Original url:").

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use tally_model::{BlockKind, Image, Span};

use crate::doc::Doc;
use crate::front_matter::FrontMatter;
use crate::text::{
    captures_if_match, ends_sentence, fold, folds_to, is_http_url, lexicon_first_letters, lexicon_pattern,
    starts_with_any, word_count, words_at_least,
};
use crate::{headline, names, stamps};

/// Metadata found in the head and in metadata lines.
#[derive(Debug, Default)]
pub struct Header {
    pub title: Option<(String, Option<Span>)>,
    pub subtitle: Option<(String, Span)>,
    pub authors: Vec<(String, Span)>,
    pub outlet: Option<(String, Option<Span>)>,
    pub dateline: Option<(String, Span)>,
    pub url: Option<(String, Span)>,
    pub date_line: Option<(NaiveDate, String, Span)>,
    pub images: Vec<Image>,
    pub agencies: Vec<String>,
}

/// A credit line: "[medium] [label] [by]: Name" (the lexicon's words).
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    lexicon_pattern(
        r"(?i)^(?:{})?\s*(?:{})?\s*(?:{})?\s*:\s*(.{1,80})$",
        &[&["credit_media"], &["credit_labels"], &["credit_by"]],
    )
});
/// A line that opens with a photo label ("Photo …", "Credit …", "Фото …").
static CREDIT_STRICT: LazyLock<Regex> =
    LazyLock::new(|| lexicon_pattern(r"(?i)^{}(?:\W|$)", &[&["photo_labels"]]));
static CAPTION_CREDIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(([A-Z][A-Za-z/ .&-]{0,40})\)\s*$").expect("valid regex"));
static CAPTION_START: LazyLock<Regex> =
    LazyLock::new(|| lexicon_pattern(r"(?i)^{}", &[&["caption_openers"]]));
/// [`BYLINE_BOUNDED`] without its counted repetition (120 copies of a
/// Unicode class cost more to compile than every search made with it); the
/// name's length is checked after matching, in [`byline`].
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by)\s+([^\d|•·]{3}[^\d|•·]*?)\s*(?:[|•·,]\s*.*)?$").expect("valid regex")
});
/// The byline as defined; compiled only for the rare line [`BYLINE`] cannot decide.
static BYLINE_BOUNDED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:by)\s+([^\d|•·]{3,120}?)\s*(?:[|•·,]\s*.*)?$").expect("valid regex"));
static CAPS_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2})(?:, ([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}))?$",
    )
    .expect("valid regex")
});
/// "PLACE[, Region][, Month Day] (Outlet) –" and the slashed wire form
/// "PLACE, Month Day. /AGENCY/.": the outlet is group 2 or group 3.
static LEAD_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^([A-Z][\p{L}.'’-]+(?:[ -][A-Z][\p{L}.'’-]+){0,3})(?:, [A-Z][\p{L}.'’-]+(?: [A-Z][\p{L}.'’-]+){0,2})?",
        r"(?:,? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.? [0-9]{1,2})?",
        r"(?:\s*\(([^()]{2,60})\)\s*[–—-]{1,2}(?:\s|[A-Z][a-z])|\.? /([A-Z][A-Za-z-]{1,20})/\.?\s)"
    ))
    .expect("valid regex")
});
static CAPS_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Z][A-Z'’/-]{2,}(?: [A-Z][A-Z'’/-]{2,}){0,2})(?:, [A-Z][\p{L}.]+)?\s*[–—-]{1,2}(?:\s|[A-Z][a-z])")
        .expect("valid regex")
});
/// "Label: <address>" (the address, if on the line, is group 1).
static URL_LABEL: LazyLock<Regex> =
    LazyLock::new(|| lexicon_pattern(r"(?i)^{}\s*:\s*(\S*)\s*$", &[&["url_labels"]]));
/// The first letters of the rules tested before their patterns.
static URL_LETTERS: LazyLock<Vec<u8>> = LazyLock::new(|| lexicon_first_letters(&["url_labels"]));
static CAPTION_LETTERS: LazyLock<Vec<u8>> = LazyLock::new(|| lexicon_first_letters(&["caption_openers"]));
static CREDIT_LETTERS: LazyLock<Vec<u8>> = LazyLock::new(|| lexicon_first_letters(&["photo_labels"]));

static SELF_REPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:An?|an?) )?([A-Z][\w-]+(?: [A-Z][\w-]+)?)(?: correspondent)? (?:reports|reported|informs) this(?:,| with reference to| citing| according to)|^(?:An?|an?) ([A-Z][\w-]+(?: [A-Z][\w-]+)?) correspondent reports")
        .expect("valid regex")
});
static SOURCE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^sources?\s*:\s*([^,;:()]{2,60}?)(?:,|\s+and)\s+(?:other\s+)?(?:news\s+)?(?:agencies|wires|wire services)\.?$")
        .expect("valid regex")
});

/// The source span of `start..end` in a block's text with its leading white
/// space trimmed.
fn trimmed_span(block: &crate::blocks::RawBlock, start: usize, end: usize) -> Span {
    let lead = block.text.len() - block.text.trim_start().len();
    block.map.span(lead + start, lead + end)
}

/// A byline line split before a time stamp it runs into ("By Ann Lee
/// Updated 4:31 PM, June 9, 2025"), at a capitalised stamp word.
fn split_stamp(t: &str) -> (&str, Option<&str>) {
    // A byline's "by" starts with an ASCII 'b' or 'B' (no other character
    // matches the byline pattern's case-insensitive 'b'): other lines are
    // not searched for dates.
    if !matches!(t.as_bytes().first(), Some(b'b' | b'B')) {
        return (t, None);
    }
    // Or at the date itself: "by Ann Lee June 9, 2025 3:58 PM 1 min read".
    let date_start = stamps::dates(t).first().map(|d| d.1).filter(|&i| i > 3);
    [" Updated ", " Published ", " Posted ", " UPDATED ", " PUBLISHED "]
        .iter()
        .filter_map(|w| t.find(w).map(|i| i + 1))
        .chain(date_start)
        .min()
        .map_or((t, None), |i| (t[..i].trim_end(), Some(&t[i..])))
}

/// A name written in capitals, in the case it is spelt in ("ILLIA
/// NOVIKOV" -> "Illia Novikov", "ANNE-MARIE O'NEIL" -> "Anne-Marie O'Neil");
/// a name with any lower-case letter is left as written.
fn name_case(n: &str) -> String {
    if n.chars().any(char::is_lowercase) {
        return n.to_string();
    }
    let mut after_letter = false;
    let mut out = String::with_capacity(n.len());
    for c in n.chars() {
        if after_letter {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
        after_letter = c.is_alphabetic();
    }
    out
}

/// Title case for a place written in capitals ("MOSCOW, RUSSIA" -> "Moscow, Russia").
pub fn title_case(s: &str) -> String {
    if s.contains('/') {
        return s.split('/').map(title_case).collect::<Vec<_>>().join("/");
    }
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c.flat_map(|x| x.to_lowercase())).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_separator(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| !c.is_alphanumeric()) && t.chars().count() <= 10
}

/// A block that is only a date (with an optional weekday or time).
fn only_date(t: &str) -> Option<NaiveDate> {
    if t.len() > 60 {
        return None; // a paragraph, not a date line: not worth scanning
    }
    // A whole date has a year of four ASCII digits and a day of one or more
    // (other digits do not parse): a line without five is not searched.
    if t.bytes().filter(u8::is_ascii_digit).count() < 5 {
        return None;
    }
    only_date_by_search(t)
}

/// [`only_date`] without the digit count.
fn only_date_by_search(t: &str) -> Option<NaiveDate> {
    if t.len() > 60 {
        return None;
    }
    let m = crate::dates::find(t);
    let (date, start, end) = match m.first() {
        Some(first) => (first.date(), first.start, first.end),
        None => dotted_date(t)?,
    };
    let rest = format!("{}{}", &t[..start], &t[end..]);
    let rest_ok = rest
        .trim()
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || ":,.|-–—APMapmUTCGMTESDT".contains(c))
        && word_count(rest.trim()) <= 4;
    let labelled =
        || only_words(&t[..start], DATE_LINE_BEFORE, 8) && only_words(&t[end..], DATE_LINE_AFTER, 10);
    if !rest_ok && !labelled() {
        return None;
    }
    date
}

static DOTTED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([0-3]?[0-9])\.([01]?[0-9])\.((?:19|20)[0-9]{2})(?-u:\b)").expect("valid regex")
});

/// A day.month.year date ("02.10.2025", as European outlets and agencies
/// stamp stories; month.day is not written with dots), with its place.
fn dotted_date(t: &str) -> Option<(Option<NaiveDate>, usize, usize)> {
    let c = DOTTED_DATE.captures(t)?;
    let m = c.get(0)?;
    let (d, mo, y) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    Some((Some(NaiveDate::from_ymd_opt(y, mo, d)?), m.start(), m.end()))
}

/// A time of day and its zone, as date lines write them around the date.
const TIME_WORDS: &[&str] = &[
    "a", "m", "p", "am", "pm", "utc", "gmt", "est", "edt", "cet", "cest", "eet", "eest", "msk", "bst",
    "kyiv", "moscow", "time", "local", "on", "at",
];
/// What a date line may say before its date besides a time: a publication
/// label ("Published on"), never "Updated" (that date is not the publication's).
const DATE_LINE_BEFORE: &[&str] = &["published", "posted", "first", "date"];
/// What a date line may say after its date besides a time: when it was updated.
const DATE_LINE_AFTER: &[&str] =
    &["updated", "last", "ago", "hour", "hours", "minute", "minutes", "min", "mins", "day", "days"];

/// `t` is at most `max` words and numbers, each word a time word or one of
/// `allowed` (in any case).
fn only_words(t: &str, allowed: &[&str], max: usize) -> bool {
    let mut count = 0;
    t.split(|c: char| c.is_whitespace() || ":,.|-–—+·•/()".contains(c)).filter(|w| !w.is_empty()).all(|w| {
        count += 1;
        count <= max
            && (w.bytes().all(|b| b.is_ascii_digit())
                || TIME_WORDS.iter().chain(allowed).any(|a| a.eq_ignore_ascii_case(w)))
    })
}

/// Known outlets by host (a small table of the field; others fall back to the host name).
const OUTLETS: &[(&str, &str)] = &[
    ("themoscowtimes.com", "The Moscow Times"),
    ("reuters.com", "Reuters"),
    ("apnews.com", "Associated Press"),
    ("bbc.com", "BBC"),
    ("bbc.co.uk", "BBC"),
    ("theguardian.com", "The Guardian"),
    ("nytimes.com", "The New York Times"),
    ("washingtonpost.com", "The Washington Post"),
    ("aljazeera.com", "Al Jazeera"),
    ("kyivindependent.com", "The Kyiv Independent"),
    ("kyivpost.com", "Kyiv Post"),
    ("ukrinform.net", "Ukrinform"),
    ("pravda.com.ua", "Ukrainska Pravda"),
    ("tass.com", "TASS"),
    ("ria.ru", "RIA Novosti"),
    ("rt.com", "RT"),
    ("cnn.com", "CNN"),
    ("france24.com", "France 24"),
    ("dw.com", "Deutsche Welle"),
    ("euronews.com", "Euronews"),
    ("brusselsmorning.com", "Brussels Morning"),
    ("newsweek.com", "Newsweek"),
    ("politico.eu", "Politico Europe"),
    ("meduza.io", "Meduza"),
    ("digital.gov", "Digital.gov"),
    ("alarabiya.net", "Al Arabiya"),
    ("thenationalnews.com", "The National"),
    ("jpost.com", "The Jerusalem Post"),
    ("hindustantimes.com", "Hindustan Times"),
    ("thehindu.com", "The Hindu"),
    ("rbc.ru", "РБК"),
    ("novayagazeta.ru", "Новая газета"),
    ("interfax.ru", "Интерфакс"),
    ("unian.ua", "УНІАН"),
    ("unn.ua", "УНН"),
];

/// The outlet of a URL's host.
pub fn outlet_from_url(url: &str) -> Option<String> {
    let host = url::Url::parse(url).ok()?.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    OUTLETS
        .iter()
        // (a subdomain: the host ends with ".{h}", told without formatting it per outlet)
        .find(|(h, _)| host == *h || host.strip_suffix(h).is_some_and(|sub| sub.ends_with('.')))
        .map(|(_, name)| name.to_string())
        .or(Some(host))
}

/// Reads the head and metadata lines; consumed blocks are removed from the body.
pub fn analyse(doc: &mut Doc, fm: Option<&FrontMatter>, markdown: bool) -> Header {
    let mut h = Header::default();
    let n = doc.blocks.len();
    // Leading navigation before the title.
    let mut i = 0;
    while i < n && is_navigation(&doc.blocks[i].text) {
        doc.remove(i, "navigation");
        i += 1;
    }
    // The page's URL: its slug is evidence for the headline.
    let page_url = fm.and_then(|f| f.url.clone()).or_else(|| {
        (0..n).find_map(|j| {
            let c = url_label(doc.blocks[j].text.trim())?;
            let inline = c.get(1).map(|m| m.as_str().trim_matches(['<', '>']).to_string());
            inline.filter(|u| is_http_url(u)).or_else(|| {
                let next = doc.blocks.get(j + 1)?.text.trim().trim_matches(['<', '>']);
                is_http_url(next).then(|| next.to_string())
            })
        })
    });
    let slug = page_url.as_deref().map(headline::slug_words).unwrap_or_default();
    // Title: front matter (and the block that prints it), else the first
    // heading (Markdown), else the headline among the lines before the lead.
    let mut standfirst = None;
    let mut lead = None;
    let title_idx = if let Some(t) = fm.and_then(|f| f.title.clone()) {
        h.title = Some((t.clone(), fm.and_then(|f| f.title_span)));
        // A block repeating the title is the title, not body.
        let folded = fold(&t);
        // Above it only the site's lines, never prose.
        (i..n.min(i + 8))
            .take_while(|&j| !doc.is_lead(j))
            .find(|&j| doc.is_body(j) && folds_to(&doc.blocks[j].text, &folded))
    } else {
        let heading = markdown
            .then(|| {
                (i..n.min(i + 4))
                    .find(|&j| doc.blocks[j].kind == BlockKind::Heading && doc.blocks[j].level <= 2)
            })
            .flatten();
        let head = headline::find(doc, i, &slug);
        lead = head.lead;
        if heading.is_none() {
            standfirst = head.standfirst;
        }
        let j = heading.or(head.headline);
        if let Some(j) = j {
            h.title = Some((doc.blocks[j].text.clone(), Some(doc.blocks[j].span)));
        }
        j
    };
    // Stamps of the head, with whether they stand above the headline.
    let mut stamps_seen: Vec<(usize, stamps::Stamp, bool)> = Vec::new();
    // Above the headline the page is the site's: its stamps are read, the rest removed.
    let top_end = title_idx.or(lead).unwrap_or(i);
    for j in i..top_end {
        if !doc.is_body(j) {
            continue;
        }
        let t = doc.blocks[j].text.trim();
        // (`stamps::read` trims the line: the block's stamp is the line's)
        if let Some(s) = doc.stamp(j).cloned() {
            stamps_seen.push((j, s, true));
            doc.remove(j, "stamp");
        } else if let Some(names) = labelled_author(t).filter(|_| h.authors.is_empty()) {
            h.authors = names.into_iter().map(|n| (n, doc.blocks[j].span)).collect();
            doc.remove(j, "byline");
        } else if (title_idx.is_some() && !headline::is_lead(t)) || headline::is_site_line(t) {
            doc.remove(j, "page_head");
        }
    }
    if let Some(t) = title_idx {
        doc.remove(t, "title");
        i = t + 1;
    }
    if let Some(s) = standfirst.filter(|_| h.subtitle.is_none() && fm.is_none_or(|f| f.summary.is_none())) {
        h.subtitle = Some((doc.blocks[s].text.clone(), doc.blocks[s].span));
        doc.remove(s, "subtitle");
    }
    if fm.is_some_and(|f| f.summary.is_some()) {
        // Stated summaries are the subtitle.
        let f = fm.expect("checked");
        h.subtitle = Some((f.summary.clone().unwrap_or_default(), f.span));
    }
    // The head: up to ten blocks after the title.
    let head_end = n.min(i + 10);
    let mut candidate: Option<usize> = None;
    let mut subtitle_open = h.subtitle.is_none() && title_idx.is_some();
    let mut sentences_seen = 0;
    let folded_title_block = title_idx.map(|ti| fold(&doc.blocks[ti].text));
    // Folded once when the title is the title block's text.
    let folded_title = h
        .title
        .as_ref()
        .filter(|(title, _)| title_idx.is_none_or(|ti| doc.blocks[ti].text != *title))
        .map(|(title, _)| fold(title));
    let repeats_title = |t: &str| {
        [&folded_title_block, &folded_title].into_iter().flatten().any(|folded| folds_to(t, folded))
    };
    // The wire the story is credited to in its byline or stamp.
    let mut story_agency: Option<String> = None;
    for j in i..head_end {
        if !doc.is_body(j) {
            continue;
        }
        let t = doc.blocks[j].text.trim().to_string();
        let span = doc.blocks[j].span;
        let mut chrome = true;
        // A photo's caption or credit may follow the lead as well as a
        // standfirst: it confirms neither.
        let mut photo = false;
        // "By Ann Lee Updated 4:31 PM, June 9, 2025": a byline and its time
        // stamp, joined when the page's two lines became one paragraph.
        let (by_text, stamp) = split_stamp(&t);
        if let Some(name) = byline(by_text) {
            // "By The Associated Press and ANN LEE": the agency is credited, the people are the authors.
            let (agencies, names): (Vec<String>, Vec<String>) = split_names(name)
                .into_iter()
                .map(|n| name_case(&n))
                .partition(|n| names::is_agency(n.strip_prefix("The ").unwrap_or(n)));
            for a in &agencies {
                let a = a.strip_prefix("The ").unwrap_or(a).to_string();
                story_agency.get_or_insert_with(|| a.clone());
                h.agencies.push(a);
            }
            if names.is_empty() && !agencies.is_empty() {
                doc.remove(j, "byline");
            } else if !names.is_empty() && names.iter().all(|n| names::is_person_name(n)) {
                if h.authors.is_empty() {
                    h.authors = names.into_iter().map(|n| (n, span)).collect();
                }
                // "By Ann Lee · June 3, 2025 · 2 min read": the date is the story's.
                let after_name = &t[name.as_ptr() as usize - t.as_ptr() as usize + name.len()..];
                let dated = after_name.split(['|', '•', '·']).chain(stamp).find_map(|part| {
                    let part = part.trim();
                    only_date(part).map(|d| (d, part)).or_else(|| {
                        let st = stamps::read(part)?;
                        let (a, b) = st.range?;
                        Some((st.date?, &part[a..b]))
                    })
                });
                if let Some((d, part)) = dated.filter(|_| h.date_line.is_none()) {
                    let start = part.as_ptr() as usize - t.as_ptr() as usize;
                    let s = trimmed_span(&doc.blocks[j], start, start + part.len());
                    h.date_line = Some((d, part.to_string(), s));
                }
                // A stamp that is not the publication date ("Updated …") stays
                // in the body, where the date inference can still read its date.
                if stamp.is_none() || dated.is_some() {
                    doc.remove(j, "byline");
                } else {
                    chrome = false;
                }
            } else {
                chrome = false;
            }
        } else if h.authors.is_empty() && sentences_seen == 0 && !ends_sentence(&t) && is_name_list(&t) {
            h.authors = split_names(&t).into_iter().map(|n| (n, span)).collect();
            doc.remove(j, "byline");
        } else if let Some(credit) = credit_line(&t) {
            h.images.push(Image { caption: None, credit: Some(credit.clone()), span });
            if names::is_agency(&credit) {
                h.agencies.push(credit);
            }
            doc.remove(j, "image_credit");
            photo = true;
        } else if is_caption(&t) {
            let credit = caption_credit(&t);
            let caption = CAPTION_CREDIT.replace(&t, "").trim().to_string();
            if let Some(c) = credit.as_ref().filter(|c| names::is_agency(c)) {
                h.agencies.push(c.clone());
            }
            h.images.push(Image { caption: Some(caption), credit, span });
            doc.remove(j, "image_caption");
            photo = true;
        } else if let Some(st) = doc.stamp(j).cloned() {
            // "Reuters Published …": the wire the story is from.
            if let Some(a) = t
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .find(|w| names::is_agency(w))
            {
                story_agency.get_or_insert_with(|| a.to_string());
                h.agencies.push(a.to_string());
            }
            stamps_seen.push((j, st, false));
            doc.remove(j, "stamp");
        } else if let Some((place, outlet)) = place_and_outlet(&t) {
            // "Київ • УНН", "Reuters |": a dateline and the outlet, or the wire.
            if let Some(place) = place.filter(|_| h.dateline.is_none()) {
                h.dateline = Some((place.to_string(), span));
            }
            if names::is_agency(outlet) {
                story_agency.get_or_insert_with(|| outlet.to_string());
                h.agencies.push(outlet.to_string());
            } else if h.outlet.is_none() {
                h.outlet = Some((outlet.to_string(), Some(span)));
            }
            doc.remove(j, "dateline");
        } else if let Some(d) = only_date(&t) {
            if h.date_line.is_none() {
                h.date_line = Some((d, t.clone(), span));
            }
            doc.remove(j, "date_line");
        } else if is_separator(&t) {
            doc.remove(j, "separator");
        } else if is_caps_dateline(&t) {
            if h.dateline.is_none() {
                h.dateline = Some((title_case(&t), span));
            }
            doc.remove(j, "dateline");
        } else if repeats_title(&t) {
            doc.remove(j, "duplicate");
        } else if t.ends_with("...") || t.ends_with('…') {
            // A teaser; confirmed by the boilerplate pass. It still marks the head.
        } else if doc.blocks[j].kind == BlockKind::Paragraph && ends_sentence(&t) && words_at_least(&t, 6) {
            chrome = false;
            sentences_seen += 1;
            if subtitle_open && candidate.is_none() && sentences_seen == 1 {
                candidate = Some(j);
            } else {
                subtitle_open = false;
                candidate = None;
            }
        } else {
            chrome = false;
        }
        if chrome && !photo {
            if let Some(c) = candidate.take() {
                if subtitle_open {
                    h.subtitle = Some((doc.blocks[c].text.clone(), doc.blocks[c].span));
                    doc.remove(c, "subtitle");
                    subtitle_open = false;
                }
            }
        }
    }
    if h.date_line.is_none() {
        h.date_line = publication_stamp(doc, &stamps_seen, title_idx);
    }
    // Dateline and outlet from the lead ("Moscow (Outlet) – ...", "KYIV, Ukraine (AP) —",
    // "KYIV, May 23 (Reuters) -", "MOSCOW, July 17. /TASS/.").
    let mut lead_agency = None;
    for j in doc.body_indices().into_iter().take(3) {
        let t = &doc.blocks[j].text;
        if let Some(c) = lead_dateline(t) {
            let place = c[1].to_string();
            let Some(outlet) = c.get(2).or(c.get(3)) else { break };
            let inner = outlet.as_str().trim().to_string();
            if h.dateline.is_none() {
                let s = doc.blocks[j].map.span(0, c.get(1).map_or(0, |m| m.end()));
                h.dateline = Some((
                    if place.chars().all(|ch| !ch.is_lowercase()) { title_case(&place) } else { place },
                    s,
                ));
            }
            let span = doc.blocks[j].map.span(outlet.start(), outlet.end());
            if names::is_agency(&inner) {
                // The outlet only if the page names no other (below).
                lead_agency = Some((inner.clone(), Some(span)));
                h.agencies.push(inner);
            } else if h.outlet.is_none() && word_count(&inner) <= 6 {
                h.outlet = Some((inner, Some(span)));
            }
            break;
        }
        if let Some(c) = caps_lead(t) {
            if h.dateline.is_none() {
                h.dateline = Some((title_case(&c[1]), doc.blocks[j].map.span(0, c[1].len())));
            }
            break;
        }
        if let Some(w) = dated_wire_dateline(t) {
            if h.dateline.is_none() {
                h.dateline = Some((title_case(w.place), doc.blocks[j].map.span(0, w.place.len())));
            }
            if names::is_agency(w.credit) {
                lead_agency = Some((w.credit.to_string(), None));
                h.agencies.push(w.credit.to_string());
            } else if h.outlet.is_none() {
                h.outlet = Some((
                    w.credit.to_string(),
                    Some(doc.blocks[j].map.span(w.credit_at, w.credit_at + w.credit.len())),
                ));
            }
            // The wire's date is the story's, in the year of the latest whole
            // date the story gives when it falls within a month after it.
            if h.date_line.is_none() {
                let latest = doc
                    .body_indices()
                    .into_iter()
                    .flat_map(|k| stamps::dates(&doc.blocks[k].text))
                    .map(|d| d.0)
                    .max();
                let dated = latest.and_then(|l| {
                    let d = NaiveDate::from_ymd_opt(l.year(), w.month, w.day)?;
                    (d >= l && (d - l).num_days() <= 31).then_some(d)
                });
                if let Some(d) = dated {
                    let s = doc.blocks[j].map.span(w.date.0, w.date.1);
                    h.date_line = Some((d, t[w.date.0..w.date.1].to_string(), s));
                }
            }
            break;
        }
    }
    // "(Outlet) In a development …": a lead opening with its outlet's name.
    let lead_credit = doc.body_indices().into_iter().take(3).find_map(|j| {
        let t = doc.blocks[j].text.trim_start();
        let inner = t.strip_prefix('(')?.split_once(')')?.0;
        let ok = (1..=3).contains(&inner.split_whitespace().count())
            && inner.chars().next().is_some_and(char::is_uppercase)
            && !inner.chars().any(|c| c.is_ascii_digit());
        ok.then(|| (inner.to_string(), Some(trimmed_span(&doc.blocks[j], 1, 1 + inner.len()))))
    });
    // "Original url:" lines anywhere (the URL may be on the next line).
    for j in 0..n {
        if !doc.is_body(j) {
            continue;
        }
        // Borrowed, not copied: this runs on every block of every article.
        let Some(c) = url_label(doc.blocks[j].text.trim()) else { continue };
        let inline = c.get(1).map(|m| m.as_str().trim_matches(['<', '>'])).filter(|u| is_http_url(u));
        let has_inline = inline.is_some();
        let next_url = || {
            (j + 1 < n)
                .then(|| doc.blocks[j + 1].text.trim().trim_matches(['<', '>']))
                .filter(|u| is_http_url(u) && !u.contains(' '))
        };
        let Some(url) = inline.or_else(next_url).map(str::to_string) else { continue };
        doc.remove(j, "metadata");
        let mut span = doc.blocks[j].span;
        if !has_inline {
            doc.remove(j + 1, "metadata");
            span = doc.blocks[j + 1].span;
        }
        if h.url.is_none() {
            h.url = Some((url, span));
        }
    }
    // An agency naming itself as the teller: "Ukrinform reports this with
    // reference to …", "a TASS correspondent reports".
    let mut self_report = None;
    for j in doc.body_indices().into_iter().take(5) {
        let t = doc.blocks[j].text.trim_start();
        if t.len() > 600 {
            continue; // a paragraph of reporting, not the one-line formula
        }
        if let Some(m) = captures_if_match(&SELF_REPORT, t).and_then(|c| c.get(1).or(c.get(2))) {
            if names::is_agency(m.as_str()) {
                let span = trimmed_span(&doc.blocks[j], m.start(), m.end());
                self_report = Some((m.as_str().to_string(), Some(span)));
                break;
            }
        }
    }
    // "Source: Outlet and news agencies", a wire-based story's closing credit
    // (before the page's closing chrome, which is removed later).
    let mut source_credit = None;
    for j in doc.body_indices().into_iter().rev().take(8) {
        let t = doc.blocks[j].text.trim();
        if !starts_with_any(t, b"s") {
            continue;
        }
        if let Some(c) = SOURCE_CREDIT.captures(t) {
            let name = c[1].trim().to_string();
            if !names::is_agency(&name) && source_credit.is_none() {
                let m = c.get(1).expect("group 1 is not optional");
                source_credit = Some((name, Some(doc.blocks[j].map.span(m.start(), m.end()))));
            }
            doc.remove(j, "source_credit");
        }
    }
    if let Some(f) = fm {
        if let Some(u) = &f.url {
            h.url = Some((u.clone(), f.url_span.unwrap_or(f.span)));
        }
        if let Some(o) = &f.outlet {
            h.outlet = Some((o.clone(), Some(f.span)));
        }
        if !f.authors.is_empty() {
            h.authors = f.authors.iter().map(|a| (a.clone(), f.span)).collect();
        }
    }
    if h.outlet.is_none() {
        if let Some((u, _)) = &h.url {
            h.outlet = outlet_from_url(u).map(|o| (o, None));
        }
    }
    // A page that names no outlet of its own is the wire story its dateline credits.
    if h.outlet.is_none() {
        h.outlet =
            source_credit.or(self_report).or(lead_agency).or(lead_credit).or(story_agency.map(|a| (a, None)));
    }
    // "Reporting by Ann Lee and Bo Chan; Editing by …": a wire story's
    // reporters are its authors when no byline names them.
    if h.authors.is_empty() {
        for j in doc.body_indices().into_iter().rev().take(30) {
            if let Some(names) = reporting_credit(doc.blocks[j].text.trim()) {
                h.authors = names.into_iter().map(|n| (n, doc.blocks[j].span)).collect();
                break;
            }
        }
    }
    // "Автор: Ann Lee", "Author: Ann Lee" lines.
    if h.authors.is_empty() {
        for j in doc.body_indices() {
            if let Some(names) = labelled_author(doc.blocks[j].text.trim()) {
                h.authors = names.into_iter().map(|n| (n, doc.blocks[j].span)).collect();
                doc.remove(j, "byline");
                break;
            }
        }
    }
    h.agencies.sort();
    h.agencies.dedup();
    h
}

/// The publication date among the head's stamps: the first stamp under the
/// headline; else the nearest above it, unless that is a weekday-led date
/// away from the headline (a site's clock or a stale header date). Dates of
/// updates and stamps without a date ("Today, 16:54") are never chosen.
fn publication_stamp(
    doc: &Doc,
    seen: &[(usize, stamps::Stamp, bool)],
    title: Option<usize>,
) -> Option<(NaiveDate, String, Span)> {
    let dated = |(_, s, _): &&(usize, stamps::Stamp, bool)| s.date.is_some();
    let below = seen.iter().filter(dated).find(|(_, _, above)| !above);
    let above = || {
        seen.iter().filter(dated).rev().find(|(j, s, _)| {
            let near = title.is_some_and(|t| t > *j && t - j <= 2);
            !s.weekday_first || near || s.date.is_some_and(|d| lead_names_weekday(doc, title, d))
        })
    };
    let (j, s, _) = below.or_else(above)?;
    let (a, b) = s.range?;
    let block = &doc.blocks[*j];
    let text = block.text.trim();
    Some((s.date?, text[a..b].to_string(), trimmed_span(block, a, b)))
}

/// A wire dateline with its date and credit: "YEREVAN, JANUARY 4, ARMENPRESS. …",
/// "СИМФЕРОПОЛЬ, 19 дек - РИА Новости Крым. …".
struct WireDateline<'a> {
    place: &'a str,
    credit: &'a str,
    credit_at: usize,
    month: u32,
    day: u32,
    date: (usize, usize),
}

/// [`dated_wire_dateline`]'s pattern, its bounds read after the match:
/// `(\p{L}{3,9})` as `{3,}` and the credit's `[\p{L} -]{1,40}?` as `+?`.
/// Every part of it can match in one way only (a run of a class is ended
/// by a character outside it, which the pattern needs there; the two
/// forms of a date open with a letter and a digit), so a longer month or
/// credit is one the bounded pattern would have missed the line for. The
/// bounded repeats of Unicode classes were about 8 MB of automaton per
/// thread; tests compare both patterns.
static WIRE_MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Lu}[\p{Lu}'’-]{2,}(?: \p{Lu}[\p{Lu}'’-]{2,}){0,2}), ((\p{L}{3,})\.? (\d{1,2})|(\d{1,2}) (\p{L}{3,})\.?),? (?:[–—-] )?(\p{Lu}[\p{L} -]+?)\. ")
        .expect("valid regex")
});

/// The longest month name [`WIRE_MONTH_DAY`] takes, in characters.
const WIRE_MONTH_CHARS: usize = 9;
/// The longest credit [`WIRE_MONTH_DAY`] takes after its capital, in characters.
const WIRE_CREDIT_CHARS: usize = 40;

/// The cheap test before [`WIRE_MONTH_DAY`] is tried: a capital first,
/// and no lower-case letter in the first twelve bytes (the place's capitals).
fn may_open_a_wire_dateline(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase)
        && t.len() >= 12
        && t.is_char_boundary(12)
        && !t[..12].chars().any(char::is_lowercase)
}

fn dated_wire_dateline(t: &str) -> Option<WireDateline<'_>> {
    if !may_open_a_wire_dateline(t) {
        return None;
    }
    let c = WIRE_MONTH_DAY.captures(t)?;
    let (month, day) = match (c.get(3), c.get(4), c.get(5), c.get(6)) {
        (Some(m), Some(d), _, _) | (_, _, Some(d), Some(m)) => (m.as_str(), d.as_str()),
        _ => return None,
    };
    let credit = c.get(7)?;
    // (the bounds the pattern leaves out: see its doc)
    if month.chars().nth(WIRE_MONTH_CHARS).is_some()
        || credit.as_str().chars().nth(WIRE_CREDIT_CHARS + 1).is_some()
    {
        return None;
    }
    let month = tally_lexicon::value_in_any("month", month).and_then(|v| u32::try_from(v).ok())?;
    let date = c.get(2)?;
    Some(WireDateline {
        place: c.get(1)?.as_str(),
        credit: credit.as_str(),
        credit_at: credit.start(),
        month,
        day: day.parse().ok()?,
        date: (date.start(), date.end()),
    })
}

/// "Place • Outlet" or "Outlet |": a head line of a place and an outlet
/// (or a wire) parted by a bullet or a bar, each of a few words.
fn place_and_outlet(t: &str) -> Option<(Option<&str>, &str)> {
    // Both forms have a bullet or a bar (most lines have none).
    if !holds_bullet_or_bar(t) {
        return None;
    }
    let parts: Vec<&str> = t.split(['•', '|', '·']).map(str::trim).collect();
    let few = |p: &str| {
        (1..=3).contains(&p.split_whitespace().count()) && p.chars().next().is_some_and(char::is_uppercase)
    };
    match parts[..] {
        [place, outlet] if few(place) && few(outlet) => Some((Some(place), outlet)),
        [outlet, ""] if few(outlet) && names::is_agency(outlet) => Some((None, outlet)),
        _ => None,
    }
}

/// `t.contains(['•', '|', '·'])`, by a vector search for their bytes: '|'
/// is one, and '•' (E2 80 A2) and '·' (C2 B7) start with a lead byte, so
/// they are found where one of those lead bytes is followed by the rest
/// (a character search decoded every character of the head's paragraphs).
pub(crate) fn holds_bullet_or_bar(t: &str) -> bool {
    let b = t.as_bytes();
    memchr::memchr3_iter(b'|', 0xE2, 0xC2, b).any(|i| match b[i] {
        b'|' => true,
        0xE2 => b.get(i + 1..i + 3) == Some(&[0x80, 0xA2]),
        _ => b.get(i + 1) == Some(&0xB7),
    })
}

static REPORTING_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\(?(?:additional )?reporting by ((?-i:\p{Lu})[^;,()]*?(?:,? and (?-i:\p{Lu})[^;,()]*?)?)\s*(?:[;,)]|$)")
        .expect("valid regex")
});

/// The reporters of a wire credit ("Reporting by Ann Lee and Bo Chan; Editing by …").
fn reporting_credit(t: &str) -> Option<Vec<String>> {
    if t.len() > 300 || !starts_with_any(t.trim_start_matches('('), b"ra") {
        return None;
    }
    let c = REPORTING_BY.captures(t)?;
    let names: Vec<String> = split_names(&c[1]).into_iter().filter(|n| names::is_person_name(n)).collect();
    (!names.is_empty()).then_some(names)
}

/// The names of an "Author: …" line (the labels are lexicon data, `author_labels`).
fn labelled_author(t: &str) -> Option<Vec<String>> {
    // (the colon found by a vector search: the standard library's is slower)
    let colon = memchr::memchr(b':', t.as_bytes())?;
    let (label, rest) = (&t[..colon], &t[colon + 1..]);
    if rest.split_whitespace().nth(8).is_some()
        || !tally_lexicon::is_form_in_any("author_labels", &crate::text::lexicon_fold(label.trim()))
    {
        return None;
    }
    let names: Vec<String> = split_names(rest.trim())
        .into_iter()
        .filter(|n| {
            (2..=4).contains(&n.split_whitespace().count())
                && n.split_whitespace().all(|w| w.chars().next().is_some_and(char::is_uppercase))
        })
        .collect();
    (!names.is_empty()).then_some(names)
}

/// The lead (the first paragraph after the headline) names the weekday of
/// `d` ("said on Thursday"): a page's header date agrees with the story.
fn lead_names_weekday(doc: &Doc, title: Option<usize>, d: NaiveDate) -> bool {
    let day = i64::from(d.weekday().number_from_monday());
    let Some(lead) =
        (title.map_or(0, |t| t + 1)..doc.blocks.len()).find(|&j| doc.is_body(j) && doc.is_lead(j))
    else {
        return false;
    };
    doc.blocks[lead]
        .text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .any(|w| w.len() > 3 && tally_lexicon::value_in_any("weekday", w) == Some(day))
}

fn split_names(s: &str) -> Vec<String> {
    s.split([',', '&'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_end_matches('.').to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A line that is only people's names ("Ann Lee", "Ann Lee and Bo Chan").
pub(crate) fn is_name_list(t: &str) -> bool {
    let names = split_names(t);
    !names.is_empty() && names.len() <= 4 && names.iter().all(|n| names::is_person_name(n))
}

/// The navigation words a page may start with.
const NAVIGATION: [&str; 5] = ["skip to content", "skip to main content", "menu", "home", "search"];

/// A block that is one of the [`NAVIGATION`] words, in any case.
fn is_navigation(t: &str) -> bool {
    let t = t.trim();
    // Lowercasing never turns a character into none, so a match has at most
    // 20 characters, 80 bytes: a paragraph is not lowercased to learn it is not one.
    t.len() <= 80 && NAVIGATION.contains(&t.to_lowercase().as_str())
}

/// Whether `t` can end with a `(Credit)`: [`CAPTION_CREDIT`] needs a ')'
/// followed only by white space.
fn may_end_with_credit(t: &str) -> bool {
    t.trim_end().ends_with(')')
}

/// A place in capitals ("KYIV, UKRAINE"): the pattern is tried only on a
/// short line with a comma that starts with a capital.
fn is_caps_dateline(t: &str) -> bool {
    t.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
        && t.contains(',')
        // (40 characters take at most 160 bytes: a paragraph is not decoded to count them)
        && t.len() <= 160
        && t.chars().count() <= 40
        && CAPS_DATELINE.is_match(t)
}

/// [`LEAD_DATELINE`]'s captures, searched for only in a block starting with a
/// capital and holding a '(' or a '/'.
fn lead_dateline(t: &str) -> Option<regex::Captures<'_>> {
    let first = *t.as_bytes().first()?;
    let can = first.is_ascii_uppercase() && memchr::memchr2(b'(', b'/', t.as_bytes()).is_some();
    can.then(|| captures_if_match(&LEAD_DATELINE, t)).flatten()
}

/// [`CAPS_LEAD`]'s captures, searched for only in a block whose first two
/// characters can start it: a capital, then a capital, '\'', '-', '/' or '’'
/// (whose first byte is 0xE2).
fn caps_lead(t: &str) -> Option<regex::Captures<'_>> {
    let [first, second, ..] = *t.as_bytes() else { return None };
    let can = first.is_ascii_uppercase()
        && (second.is_ascii_uppercase() || matches!(second, b'\'' | b'-' | b'/' | 0xE2));
    can.then(|| captures_if_match(&CAPS_LEAD, t)).flatten()
}

/// The name of a "By …" line ([`BYLINE_BOUNDED`]'s first group).
fn byline(t: &str) -> Option<&str> {
    if !starts_with_any(t, b"b") {
        return None;
    }
    let name = BYLINE.captures(t)?.get(1)?.as_str();
    // Both patterns try names by length from 3 characters up; up to 120 they
    // try the same ones in the same order.
    if name.chars().nth(120).is_none() {
        return Some(name);
    }
    // The shortest name is too long. The bounded pattern can still match by
    // giving up white space after "by" to a name starting earlier, so ending
    // sooner; with one white space character there is none to give up.
    let mut after_by = t.chars().skip(2);
    if !(after_by.next().is_some_and(char::is_whitespace) && after_by.next().is_some_and(char::is_whitespace))
    {
        return None;
    }
    Some(BYLINE_BOUNDED.captures(t)?.get(1)?.as_str())
}

/// [`URL_LABEL`]'s captures, searched for only where they can be: after the
/// first ':' (the labels have none) there is at most one word.
fn url_label(t: &str) -> Option<regex::Captures<'_>> {
    let colon = memchr::memchr(b':', t.as_bytes())?;
    if t[colon + 1..].split_whitespace().nth(1).is_some() || !starts_with_any(t, &URL_LETTERS) {
        return None;
    }
    URL_LABEL.captures(t)
}

/// An image caption: "In this photo …", "Pictured: …", or a line ending in
/// an agency's "(AP)".
fn is_caption(t: &str) -> bool {
    (starts_with_any(t, &CAPTION_LETTERS) && CAPTION_START.is_match(t))
        || (may_end_with_credit(t) && caption_credit(t).is_some_and(|c| names::is_agency(&c)))
}

/// The credit of a "Credit: X" / "Photo: X" line.
fn credit_line(t: &str) -> Option<String> {
    if !starts_with_any(t, &CREDIT_LETTERS) || !CREDIT_STRICT.is_match(t) || word_count(t) > 12 {
        return None;
    }
    let c = CREDIT.captures(t)?;
    let credit = c[1].trim().trim_end_matches('.').to_string();
    (!credit.is_empty()).then_some(credit)
}

/// The "(AP)" credit at the end of a caption.
fn caption_credit(t: &str) -> Option<String> {
    CAPTION_CREDIT.captures(t).map(|c| c[1].trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::plain_blocks;

    fn head(text: &str) -> (Header, Vec<String>) {
        let mut doc = Doc::new(plain_blocks(text, 0));
        let h = analyse(&mut doc, None, false);
        let body = doc.body_indices().into_iter().map(|i| doc.blocks[i].text.clone()).collect();
        (h, body)
    }

    #[test]
    fn bullets_and_bars_are_found_by_bytes_as_by_characters() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for s in [format!("x{c}y"), c.to_string(), format!("{c}\u{2022}"), format!("\u{b7}{c}|")] {
                assert_eq!(holds_bullet_or_bar(&s), s.contains(['•', '|', '·']), "U+{:04X}", c as u32);
            }
        }
        for s in ["Kyiv • Outlet", "Reuters |", "a·b", "\u{2023}\u{b8}", ""] {
            assert_eq!(holds_bullet_or_bar(s), s.contains(['•', '|', '·']), "{s}");
        }
    }

    /// Any mix of the head patterns' words in mixed case, case-fold traps
    /// ('ſ' folds to s, 'K' to k), separators, digits (ASCII and not) and
    /// white space of several kinds.
    const HEAD_MIX: &str = "(by|By|BY|bY|b|ſ|K|é|İ| |  |\t|\n|\u{a0}|,|\\||•|1|٣|:|\\(|\\)|\\.|AP|Reuters|Ann Lee|source|ſource|url|original url|LINK|Permalink|photo|PHOTO|credit|Courtesy|In this photo|this image|file photo|pictured|above|top|skip to content|Menu|Home|ſearch|x|abcdefghij|https://e.org/a|·|/|May 3){0,40}";
    /// Lines shaped like each pattern, so that many match and the rest
    /// miss by little.
    const BYLINE_LIKE: &str = "(by|By|BY|bY|b|ſ|x)( |\t|\u{a0}|\n){0,3}(Ann|Lee|abcdefghij|abcdefghijklmnopqrstuvwxyz|é|ſ|K| |,|\n|1|٣|·){0,14}( |,|\\||•|·)?( |\n|x|1|Reuters){0,3}";
    const DATELINE_LIKE: &str = "(KYIV|Kyiv|K|kyiv|O’NEIL|A-BC|K'X|ABCDEFGHIJKLMNOPQRS|ABCDEFGHIJKLMNOPQRST|É|x)( KYIV| NEW YORK| x)?(, UKRAINE|, Ukraine|, ABCDEFGHIJKLMNOPQRS|,x)?( |\t)?";
    const LEAD_LIKE: &str = "(Paris|PARIS|KYIV|O’NEIL|A-BC|Saint-Denis|Ké|x|É)(-Nord| Sud| x)?(, Ukraine|, x)?(, May 23|, July 17\\.| Sept 1|, Mayo 3|, x)?( )?(\\((AP|Le Journal|a|x y|\\(|)\\))?( )?(–|—|-|--|,)?( |\n|x)?(/TASS/|/x/|/)?(\\.)?( |\n|x)(x)?";
    const URL_LIKE: &str = "( )?(original url|ORIGINAL Url|original article|source url|source|Source|ſource|url|URL|link|LINK|linK|canonical|permalink|originally published on|Originally Published AT|x)( |\t){0,2}(:|;)?( |\n|\u{a0}){0,2}(https://e.org/a|<https://e.org>|x|:)?( |\u{3000}){0,2}(more|x)?";
    const NAV_LIKE: &str = "( |\n)?(skip to content|SKIP TO MAIN CONTENT|sKip to main content|Menu|HOME|search|ſearch|x|é|İ)( |\t|K)?";
    const CAPTION_LIKE: &str = "(in this photo|In This Image|in this file photo|this handout photo|THIS PHOTO|file photo:|Photo:|photo:|pictured:|Above:|top:|ſ|x|A|İ)( |,)?(people wait|x)?( \\((AP|Reuters|ap|Ann Lee|x|A)\\))?( |\t|\n|\\.)?";
    const CREDIT_LIKE: &str = "( )?(photo|Photo|PHOTO|photo credit|image credit|Image|Picture|photograph|Illustration|illustrations|credit|Credits|courtesy|ſource|source|video|by|x|İ)( |\t)?(credit|by)?( )?(:)?( )?(Reuters|AP|Ann Lee|x|one two three four five six seven eight nine ten)?(\\.)?";

    /// Lines shaped like a dated wire dateline, with months and credits
    /// about their longest, so that many match and the rest miss by little.
    const WIRE_LIKE: &str = "(YEREVAN|KYIV|O’NEIL|A-BC|NEW YORK|AB|É|Kyiv|x)( CITY| X| ab)?( KRAI)?, ((January|JANUARY|Jan|дек|Sept|ABCDEFGHI|abcdefghij|x|Ё)(\\.)? (4|19|123|٣|x)|(4|19|٣|x) (January|дек|Sept|abcdefghi|ABCDEFGHIJ|x)(\\.)?)(,)?( )?(– |- |— |-)?(ARMENPRESS|РИА Новости Крым|Reuters|A|a|É|1)( abcdefghij| ABCDEFGHIJ|-| |é){0,5}(\\. |\\.|x| \\. )(rest|)";

    /// A [`WireDateline`]'s place, credit, credit's start, month, day and date range.
    type WireFields = (String, String, usize, u32, u32, (usize, usize));

    /// [`dated_wire_dateline`] with the pattern's bounds in the pattern
    /// (as it was written): its groups and their values.
    fn wire_by_bounded_pattern(t: &str) -> Option<WireFields> {
        static BOUNDED: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(\p{Lu}[\p{Lu}'’-]{2,}(?: \p{Lu}[\p{Lu}'’-]{2,}){0,2}), ((\p{L}{3,9})\.? (\d{1,2})|(\d{1,2}) (\p{L}{3,9})\.?),? (?:[–—-] )?(\p{Lu}[\p{L} -]{1,40}?)\. ")
                .expect("valid regex")
        });
        if !may_open_a_wire_dateline(t) {
            return None;
        }
        let c = BOUNDED.captures(t)?;
        let (month, day) = match (c.get(3), c.get(4), c.get(5), c.get(6)) {
            (Some(m), Some(d), _, _) | (_, _, Some(d), Some(m)) => (m.as_str(), d.as_str()),
            _ => return None,
        };
        let month = tally_lexicon::value_in_any("month", month).and_then(|v| u32::try_from(v).ok())?;
        let credit = c.get(7)?;
        let date = c.get(2)?;
        Some((
            c.get(1)?.as_str().to_string(),
            credit.as_str().to_string(),
            credit.start(),
            month,
            day.parse().ok()?,
            (date.start(), date.end()),
        ))
    }

    fn wire_fields(t: &str) -> Option<WireFields> {
        dated_wire_dateline(t)
            .map(|w| (w.place.to_string(), w.credit.to_string(), w.credit_at, w.month, w.day, w.date))
    }

    #[test]
    fn wire_datelines_at_the_bounds_of_month_and_credit() {
        let credit = |n: usize| format!("A{}", "b".repeat(n));
        for (month, days) in [("January", "4"), ("Sept.", "19"), ("Januaryyy", "4"), ("Januaryyyy", "4")] {
            for n in [1, 39, 40, 41, 60] {
                for t in [
                    format!("YEREVAN, {} {days}, {}. Text", month, credit(n)),
                    format!("YEREVAN, {days} {} – {}. Text", month, credit(n)),
                    format!("NEW YORK CITY, {days} {}, {} b. Text", month, credit(n)),
                ] {
                    assert_eq!(wire_fields(&t), wire_by_bounded_pattern(&t), "{t:?}");
                }
            }
        }
        assert!(wire_fields("YEREVAN, JANUARY 4, ARMENPRESS. The minister").is_some());
    }

    fn in_text(t: &str, m: &str) -> std::ops::Range<usize> {
        let start = m.as_ptr() as usize - t.as_ptr() as usize;
        start..start + m.len()
    }

    #[test]
    fn pretests_at_their_edges() {
        for t in [
            "link: x",
            "link : <https://e.org> ",
            "ſource:",
            "url:  a b",
            "Kyiv (AP) ",
            "x (AP)\t",
            "x (AP).",
            "pictured:",
        ] {
            let label = |c: regex::Captures<'_>| (c.get(0).map(|m| m.range()), c.get(1).map(|m| m.range()));
            assert_eq!(url_label(t).map(label), URL_LABEL.captures(t).map(label), "{t:?}");
            let caption = CAPTION_START.is_match(t)
                || (CAPTION_CREDIT.is_match(t) && caption_credit(t).is_some_and(|c| names::is_agency(&c)));
            assert_eq!(is_caption(t), caption, "{t:?}");
        }
        let groups = |c: regex::Captures<'_>| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>();
        for t in [
            "A-BC – x",
            "O’NEIL – x",
            "K'X — x",
            "Saint-Denis, Ukraine (Le Journal) – The minister",
            "ABCDEFGHIJKLMNOPQRS, ABCDEFGHIJKLMNOPQRS",
            "ABCDEFGHIJKLMNOPQRS, ABCDEFGHIJKLMNOPQRST",
        ] {
            let caps = CAPS_DATELINE.captures(t).filter(|_| t.chars().count() <= 40 && t.contains(','));
            assert_eq!(is_caps_dateline(t), caps.is_some(), "{t:?}");
            assert_eq!(lead_dateline(t).map(groups), LEAD_DATELINE.captures(t).map(groups), "{t:?}");
            assert_eq!(caps_lead(t).map(groups), CAPS_LEAD.captures(t).map(groups), "{t:?}");
        }
    }

    #[test]
    fn outlets_are_found_by_host_and_subdomain_only() {
        let by_format = |url: &str| {
            let host = url::Url::parse(url).ok()?.host_str()?.to_ascii_lowercase();
            let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
            OUTLETS
                .iter()
                .find(|(h, _)| host == *h || host.ends_with(&format!(".{h}")))
                .map(|(_, name)| name.to_string())
                .or(Some(host))
        };
        for url in [
            "https://www.reuters.com/world/1",
            "https://uk.reuters.com/a",
            "https://notreuters.com/a",
            "https://reuters.com.evil.org/a",
            "https://news.bbc.co.uk/x",
            "https://bbc.co.uk/x",
            "https://WWW.TASS.COM/",
            "https://xtass.com/",
            "https://.tass.com/",
            "https://example.org/",
            "not a url",
        ] {
            assert_eq!(outlet_from_url(url), by_format(url), "{url}");
        }
        assert_eq!(outlet_from_url("https://uk.reuters.com/a").as_deref(), Some("Reuters"));
        assert_eq!(outlet_from_url("https://notreuters.com/a").as_deref(), Some("notreuters.com"));
    }

    #[test]
    fn only_an_ascii_b_starts_a_byline() {
        let b = Regex::new(r"^(?i:by)").unwrap();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let line = format!("{c}y Ann Lee");
            assert_eq!(b.is_match(&line), matches!(c, 'b' | 'B'), "U+{:04X}", c as u32);
        }
    }

    proptest::proptest! {
        /// The byline without counted repetition finds the defined byline.
        #[test]
        fn byline_is_the_bounded_pattern(t in proptest::prop_oneof![BYLINE_LIKE, HEAD_MIX]) {
            let defined = BYLINE_BOUNDED.captures(&t).and_then(|c| c.get(1).map(|m| m.range()));
            proptest::prop_assert_eq!(byline(&t).map(|m| in_text(&t, m)), defined);
        }

        /// The wire dateline with its bounds read after the match finds
        /// what the bounded pattern finds.
        #[test]
        fn wire_dateline_is_the_bounded_pattern(t in proptest::prop_oneof![WIRE_LIKE, HEAD_MIX]) {
            proptest::prop_assert_eq!(wire_fields(&t), wire_by_bounded_pattern(&t), "{:?}", t);
        }

        /// The digit count skips no date line.
        #[test]
        fn date_line_pretest_agrees_with_the_search(
            t in proptest::prop_oneof![
                "(Monday, )?(March|may|Jun\\.|Sept|x) (3|12|31|١|x)(th)?(,)? (2024|1899|٢٠٢٤|x)( PM| UTC|:| x)?",
                "(Monday, )?(3|12|31|١|x) (of )?(March|may|Jun\\.|Sept|x)(,)? (2024|1899|٢٠٢٤|x)( PM| UTC|:| x)?",
                "(2024|٢٠٢٤|x)-(03|13|x)-(03|1|x)( PM| UTC|:| x)?",
                "(March|may|Jun\\.|Sept|Monday,|3|12|31|2024|1899|2024-03-03|2024-13-01|١٢|٢٠٢٤|of| |,|:|PM|UTC|x|th){0,8}",
            ],
        ) {
            proptest::prop_assert_eq!(only_date(&t), only_date_by_search(&t));
        }

        /// The dateline pre-tests miss no dateline.
        #[test]
        fn dateline_pretests_agree_with_the_patterns(t in proptest::prop_oneof![DATELINE_LIKE, LEAD_LIKE, HEAD_MIX]) {
            let caps = CAPS_DATELINE.captures(&t).filter(|_| t.chars().count() <= 40 && t.contains(','));
            proptest::prop_assert_eq!(is_caps_dateline(&t), caps.is_some());
            let groups = |c: regex::Captures<'_>| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>();
            proptest::prop_assert_eq!(lead_dateline(&t).map(groups), LEAD_DATELINE.captures(&t).map(groups));
            proptest::prop_assert_eq!(caps_lead(&t).map(groups), CAPS_LEAD.captures(&t).map(groups));
        }

        /// The URL label's pre-test misses no label line.
        #[test]
        fn url_label_pretest_agrees_with_the_pattern(t in proptest::prop_oneof![URL_LIKE, HEAD_MIX]) {
            let label = |c: regex::Captures<'_>| (c.get(0).map(|m| m.range()), c.get(1).map(|m| m.range()));
            proptest::prop_assert_eq!(url_label(&t).map(label), URL_LABEL.captures(&t).map(label));
        }

        /// Navigation words are found without lowercasing long blocks.
        #[test]
        fn navigation_pretest_agrees_with_lowercasing(t in proptest::prop_oneof![NAV_LIKE, HEAD_MIX, "[a-zA-Z Kſİ]{0,30}"]) {
            proptest::prop_assert_eq!(is_navigation(&t), NAVIGATION.contains(&t.trim().to_lowercase().as_str()));
        }

        /// The caption and credit pre-tests miss no caption or credit line.
        #[test]
        fn caption_and_credit_pretests_agree_with_the_patterns(
            t in proptest::prop_oneof![CAPTION_LIKE, CREDIT_LIKE, HEAD_MIX],
        ) {
            let caption = CAPTION_START.is_match(&t)
                || (CAPTION_CREDIT.is_match(&t) && caption_credit(&t).is_some_and(|c| names::is_agency(&c)));
            proptest::prop_assert_eq!(is_caption(&t), caption);
            let credit = (CREDIT_STRICT.is_match(&t) && word_count(&t) <= 12)
                .then(|| CREDIT.captures(&t))
                .flatten()
                .map(|c| c[1].trim().trim_end_matches('.').to_string())
                .filter(|c| !c.is_empty());
            proptest::prop_assert_eq!(credit_line(&t), credit);
        }
    }

    #[test]
    fn a_long_byline_name_is_bounded_as_defined() {
        let long = "x".repeat(130);
        let (n119, n120, n121) = ("y".repeat(119), "y".repeat(120), "y".repeat(121));
        for t in [
            format!("By {n119}"),
            format!("By {n120}"),
            format!("By {n121}"),
            format!("By  {n119}"),
            format!("By  {n120}, AP"),
            format!("By {long}, AP"),
            format!("By  ab, {long}"),
            format!("By \u{a0}ab, {long}"),
            format!("By ab, {long}"),
            format!("by\t\t{long}"),
        ] {
            let name = BYLINE_BOUNDED.captures(&t).map(|c| c[1].to_string());
            assert_eq!(byline(&t).map(str::to_string), name, "{t:?}");
        }
    }

    #[test]
    fn byline_and_photo_credit_are_told_apart() {
        let (h, body) = head("Storm hits coast\n\nMaria Lopez\nPhoto: Reuters\n\nThe storm hit the coast on Monday night.\n\nMore rain is due.\n");
        assert_eq!(h.title.unwrap().0, "Storm hits coast");
        assert_eq!(h.authors.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(), vec!["Maria Lopez"]);
        assert_eq!(h.images[0].credit.as_deref(), Some("Reuters"));
        assert_eq!(h.agencies, vec!["Reuters"]);
        assert!(h.subtitle.is_none());
        assert_eq!(body.len(), 2);
    }

    #[test]
    fn russian_and_ukrainian_credit_lines_are_credits() {
        let (h, body) =
            head("Шторм накрыл побережье\n\nФото: Reuters\n\nШторм обрушился на побережье в понедельник вечером.\n\nОжидаются новые дожди.\n");
        assert_eq!(h.images[0].credit.as_deref(), Some("Reuters"));
        assert_eq!(body.len(), 2);
        let (h, _) = head("Шторм накрив узбережжя\n\nФото: Укрінформ\n\nШторм обрушився на узбережжя в понеділок увечері.\n");
        assert_eq!(h.images[0].credit.as_deref(), Some("Укрінформ"));
        // A sentence that opens with a photo word is no credit.
        assert_eq!(credit_line("Фотографии шторма публикуют жители побережья"), None);
        assert!(is_caption("На фото: жители побережья после шторма"));
        assert!(!is_caption("Нафталин продают в аптеках"));
    }

    #[test]
    fn a_credit_is_never_an_author() {
        let (h, _) = head("Title here\n\nCredit: John Smith\n\nA first paragraph that is long enough.\n");
        assert!(h.authors.is_empty());
        assert_eq!(h.images[0].credit.as_deref(), Some("John Smith"));
    }

    #[test]
    fn subtitle_needs_head_chrome_after_it() {
        let (h, _) = head("Title here\nA standfirst sentence that sums up the story.\n-\nIn this photo, people wait at a station. (AP)\nThe story starts here with a long sentence.\n");
        assert_eq!(h.subtitle.unwrap().0, "A standfirst sentence that sums up the story.");
        assert_eq!(h.images[0].credit.as_deref(), Some("AP"));
        let (h, body) = head(
            "Title here\n\nThe lead paragraph of the story is here.\n\nThe second paragraph follows it.\n",
        );
        assert!(h.subtitle.is_none());
        assert_eq!(body.len(), 2);
    }

    #[test]
    fn datelines_from_caps_lines_and_leads() {
        let (h, _) = head("Title here\n\nKYIV, UKRAINE\n\nThe lead paragraph is here today.\n");
        assert_eq!(h.dateline.unwrap().0, "Kyiv, Ukraine");
        let (h, _) = head("Title here\n\nParis (Le Journal) – The minister resigned on Friday.\n");
        assert_eq!(h.dateline.unwrap().0, "Paris");
        assert_eq!(h.outlet.unwrap().0, "Le Journal");
        let (h, _) = head("Title here\n\nLONDON (Reuters) - Prices rose in May.\n");
        assert_eq!(h.dateline.unwrap().0, "London");
        assert_eq!(h.agencies, vec!["Reuters"]);
        // The page names no outlet of its own: it is the agency's story.
        assert_eq!(h.outlet.unwrap().0, "Reuters");
        // An outlet the page names wins over the agency its dateline credits.
        let (h, _) = head(
            "Title here\n\nLONDON (Reuters) - Prices rose.\n\nOriginal url: https://www.bbc.com/news/1\n",
        );
        assert_eq!(h.outlet.unwrap().0, "BBC");
        assert_eq!(h.agencies, vec!["Reuters"]);
    }

    #[test]
    fn wire_datelines_carry_a_date() {
        let (h, body) = head("Title here\n\nKYIV, May 23 (Reuters) - Prices rose on Friday.\n");
        assert_eq!(h.dateline.unwrap().0, "Kyiv");
        assert_eq!(h.outlet.unwrap().0, "Reuters");
        assert_eq!(
            body,
            vec!["KYIV, May 23 (Reuters) - Prices rose on Friday."],
            "the lead stays in the body"
        );
        let (h, _) = head("Title here\n\nKYIV, Ukraine, Sept. 4 (AP) — Prices rose.\n");
        assert_eq!(h.dateline.unwrap().0, "Kyiv");
        assert_eq!(h.agencies, vec!["AP"]);
        let (h, _) = head("Title here\n\nMOSCOW, July 17. /TASS/. Prices rose, a source said.\n");
        assert_eq!(h.dateline.unwrap().0, "Moscow");
        assert_eq!(h.outlet.unwrap().0, "TASS");
        // A date alone is not a dateline, nor a sentence with a slash.
        let (h, _) = head("Title here\n\nMay 23 was a Friday and the 1/2 mark.\n");
        assert!(h.dateline.is_none() && h.outlet.is_none());
    }

    #[test]
    fn a_closing_source_credit_names_the_outlet() {
        let (h, body) = head("Title here\n\nThe story is here.\n\nSource: Al Jazeera and news agencies\n");
        assert_eq!(h.outlet.unwrap().0, "Al Jazeera");
        assert_eq!(body, vec!["The story is here."]);
        let (h, body) = head("Title here\n\nThe story is here.\n\nSource: AFP and news agencies\n\nKeep reading\n\nOther story\n");
        assert!(h.outlet.is_none(), "an agency with agencies names no outlet");
        assert_eq!(body, vec!["The story is here.", "Keep reading", "Other story"]);
    }

    #[test]
    fn url_line_gives_url_and_outlet() {
        let (h, body) = head("Title here\n\nBody text sentence goes here.\n\nOriginal url:\n\n<https://www.kyivpost.com/post/123>\n");
        assert_eq!(h.url.unwrap().0, "https://www.kyivpost.com/post/123");
        assert_eq!(h.outlet.unwrap().0, "Kyiv Post");
        assert_eq!(body, vec!["Body text sentence goes here."]);
    }

    #[test]
    fn a_date_line_is_stated_metadata() {
        let (h, body) = head("Title here\n\nMarch 3, 2024\n\nText of the article body.\n");
        assert_eq!(h.date_line.unwrap().0, NaiveDate::from_ymd_opt(2024, 3, 3).unwrap());
        assert_eq!(body.len(), 1);

        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for line in [
            "Published On 24 Aug 2025",
            "Published: August 24, 2025 10:14 AM",
            "August 24, 2025 6:14 PM GMT+3 Updated 2 hours ago",
        ] {
            let (h, body) = head(&format!("Title here\n\n{line}\n\nText of the article body.\n"));
            assert_eq!(h.date_line.map(|d| d.0), Some(day(2025, 8, 24)), "{line}");
            assert_eq!(body, vec!["Text of the article body."], "{line}");
        }
        // The date of an update is not the publication date.
        let (h, _) = head("Title here\n\nUpdated August 24, 2025\n\nText of the article body.\n");
        assert!(h.date_line.is_none());
    }

    #[test]
    fn a_dotted_date_line_is_day_month_year() {
        let (h, body) = head("Title here\n\n02.10.2025 17:40\n\nText of the article body.\n");
        assert_eq!(h.date_line.unwrap().0, NaiveDate::from_ymd_opt(2025, 10, 2).unwrap());
        assert_eq!(body, vec!["Text of the article body."]);
        let (h, _) = head("Title here\n\n13.13.2025\n\nText of the article body.\n");
        assert!(h.date_line.is_none(), "no 13th month");
    }

    #[test]
    fn a_byline_run_into_its_time_stamp_gives_the_names_in_their_case() {
        let (h, body) = head(
            "Title here\n\nBy ANNE-MARIE O'NEIL and BO CHAN Published 4:31 PM GMT+3, June 9, 2025\n\nText of the article body.\n",
        );
        let authors: Vec<_> = h.authors.iter().map(|a| a.0.as_str()).collect();
        assert_eq!(authors, vec!["Anne-Marie O'Neil", "Bo Chan"]);
        assert_eq!(h.date_line.unwrap().0, NaiveDate::from_ymd_opt(2025, 6, 9).unwrap());
        assert_eq!(body, vec!["Text of the article body."]);
        // An update stamp is no publication date: the names are read, and the
        // line stays for the date inference.
        let (h, body) = head("Title here\n\nBy Bo Chan Updated June 9, 2025\n\nText of the article body.\n");
        assert_eq!(h.authors.len(), 1);
        assert!(h.date_line.is_none());
        assert_eq!(body.len(), 2);
    }

    #[test]
    fn an_agency_naming_itself_is_the_outlet() {
        for lead in [
            "Ukrinform reports this with reference to the ministry.",
            "An Ukrinform correspondent reports from the scene.",
        ] {
            let (h, body) = head(&format!("Title here\n\nThe story is here.\n\n{lead}\n"));
            assert_eq!(h.outlet.map(|o| o.0).as_deref(), Some("Ukrinform"), "{lead}");
            assert_eq!(body.len(), 2, "the sentence stays: {body:?}");
        }
        // Citing another outlet is not naming oneself.
        let (h, _) = head("Title here\n\nThe story is here.\n\nReuters reported, citing two sources.\n");
        assert!(h.outlet.is_none());
    }

    #[test]
    fn a_byline_with_a_date_gives_both() {
        let (h, body) = head(
            "Title here\n\nby Ann Lee · July 17, 2025 4:52 PM · 2 min read\n\nText of the article body.\n",
        );
        assert_eq!(h.authors.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(), vec!["Ann Lee"]);
        assert_eq!(h.date_line.unwrap().0, NaiveDate::from_ymd_opt(2025, 7, 17).unwrap());
        assert_eq!(body, vec!["Text of the article body."]);
    }
}
