//! `index.html` of a release: the dataset card as one self-contained page
//! (inline SVG and CSS, no script, no network) with a timeline chart of the
//! events and, for each event, its reports.
//!
//! The chart has time across and one lane per kind and direction ("remains
//! RU → UA"); a known day is a dot, a date window a bar over its days, an
//! undated event sits in an "undated" column at the right. Colour tells the
//! kind, the fill the status (solid: completed, hollow: planned, crossed:
//! failed); the label is the count, "low–high" when reports disagree, "?"
//! when undisclosed. Every mark is an element with `data-event-id`, linked
//! to the event's reports, which link to the reporting article's entry.
//! Every text shown is escaped; the bytes depend only on the release.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::fmt::Write;

use chrono::{Datelike, Duration, NaiveDate};
use tally_model::{CorrectionRecord, Event, EventKind, ReleaseInfo, Status, Verdict};
use tally_reconcile::{Checks, Reconciled, ReportRef};

use crate::reports::{EventReports, ReportArticle, ReportSentences};
use crate::{corrections, words};

/// What the page shows.
pub struct PageInput<'a> {
    pub info: &'a ReleaseInfo,
    pub schema_version: &'a str,
    /// Articles per outlet.
    pub outlets: &'a BTreeMap<String, usize>,
    /// The events, and their reports.
    pub timeline: &'a Reconciled,
    pub checks: &'a Checks,
    /// The articles reporting events, by id.
    pub articles: &'a BTreeMap<String, ReportArticle>,
    /// The sentences of the claims reporting events.
    pub claims: &'a ReportSentences<'a>,
    pub corrections: &'a [CorrectionRecord],
}

// (borrowed when nothing needs escaping: most strings, a page has many)
fn text(s: &str) -> Cow<'_, str> {
    html_escape::encode_text(s)
}

fn attr(s: &str) -> Cow<'_, str> {
    html_escape::encode_double_quoted_attribute(s)
}

fn kind_words(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Remains => "remains",
        EventKind::Prisoners => "prisoners",
    }
}

fn status_words(status: Status) -> &'static str {
    match status {
        Status::Completed => "completed",
        Status::Planned => "planned",
        Status::Failed => "failed",
    }
}

/// The count as the chart labels it: "1,212", "1,200–1,212", "?".
fn count_label(e: &Event) -> String {
    match &e.count {
        None => "?".to_string(),
        Some(c) if c.low == c.high => words::grouped(c.best),
        Some(c) => format!("{}–{}", words::grouped(c.low), words::grouped(c.high)),
    }
}

/// The count in a sentence: "1,212 (reports give 1,200–1,212)", "undisclosed".
fn count_words(e: &Event) -> String {
    match &e.count {
        None => "count undisclosed".to_string(),
        Some(c) if c.low == c.high => words::grouped(c.best),
        Some(c) => format!(
            "{} (reports give {}–{})",
            words::grouped(c.best),
            words::grouped(c.low),
            words::grouped(c.high)
        ),
    }
}

fn date_words(e: &Event) -> String {
    e.date.map_or("date unknown".to_string(), words::window)
}

fn event_words(e: &Event) -> String {
    format!(
        "{} {} → {}: {}, {}, {}",
        kind_words(e.kind),
        e.from,
        e.to,
        count_words(e),
        date_words(e),
        status_words(e.status)
    )
}

const STYLE: &str = "
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d1d1f;margin:0;background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:16px;margin:18px 0 4px}
table{border-collapse:collapse}td,th{padding:3px 10px 3px 0;text-align:left;vertical-align:top}
td.n{text-align:right}
.muted{color:#666}.small{font-size:13px}
figure{margin:0;background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px}
svg{display:block;width:100%;height:auto}
svg text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
.legend span{display:inline-block;margin-right:18px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:6px;vertical-align:-1px;margin-right:4px}
.event{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:8px 12px;margin:10px 0}
.event:target,.article:target{outline:2px solid #f0a000}
.event ul{margin:4px 0;padding-left:20px}
blockquote{margin:2px 0 6px;padding-left:10px;border-left:3px solid #ccc;color:#333}
.article{margin:6px 0}
code{font-size:13px}
";

const REMAINS_COLOUR: &str = "#7b3f98";
const PRISONERS_COLOUR: &str = "#1769aa";

fn colour(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Remains => REMAINS_COLOUR,
        EventKind::Prisoners => PRISONERS_COLOUR,
    }
}

/// Writes the whole page's markup into `s` as it goes (a large release's page is not held
/// whole); stops at the first error `s` gives.
pub fn render_to(input: &PageInput, s: &mut dyn Write) -> std::fmt::Result {
    let info = input.info;
    let c = &info.counts;
    let title = format!("Tally dataset v{}", info.version);
    write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        text(&title),
        text(&title)
    )?;
    writeln!(
        s,
        "<p>Prisoner-of-war exchanges and repatriations of soldiers' remains, as reported in news articles: \
         one reconciled timeline of transfers (one event per direction), each pointing back to the reports \
         behind it.</p>"
    )?;
    let range = info.date_range.map_or("none of the records is dated".to_string(), words::window);
    writeln!(
        s,
        "<p class=\"muted\">Version {} (schemas {}) · created {} · built by {} · dates {}</p>",
        text(&info.version),
        text(input.schema_version),
        text(&info.created),
        text(&info.generator),
        text(&range)
    )?;
    writeln!(s, "<table class=\"counts\">")?;
    for (label, n) in [
        ("articles", c.articles),
        ("claims", c.claims),
        ("events", c.events),
        ("consistency checks", c.checks),
        ("corrections", input.corrections.len() as u64),
        ("input files left out", c.skipped),
    ] {
        writeln!(s, "<tr><th>{label}</th><td class=\"n\">{}</td></tr>", words::grouped(n))?;
    }
    writeln!(s, "</table>")?;

    writeln!(s, "<h2>Timeline</h2>")?;
    timeline(s, &input.timeline.events)?;
    legend(s)?;

    writeln!(s, "<h2>Events and their reports</h2>")?;
    if input.timeline.events.is_empty() {
        writeln!(s, "<p>No event in this release.</p>")?;
    }
    for (k, e) in input.timeline.events.iter().enumerate() {
        event_section(s, e, &input.timeline.reports_of(k).collect::<Vec<_>>(), input)?;
    }

    writeln!(s, "<h2>Consistency checks</h2>")?;
    if input.checks.is_empty() {
        writeln!(s, "<p>No cumulative figure could be compared with the events it covers.</p>")?;
    } else {
        writeln!(s, "<ul>")?;
        for k in input.checks.iter() {
            let verdict = if k.verdict == Verdict::Consistent { "consistent" } else { "inconsistent" };
            writeln!(
                s,
                "<li><strong>{verdict}</strong>: stated {} against {} summed from {} event(s). {}<br>\
                 <span class=\"small muted\">“{}”</span></li>",
                text(&words::qualified(k.stated, k.qualifier)),
                text(&words::grouped(k.computed)),
                k.events.len(),
                text(&k.note),
                text(&k.statement)
            )?;
        }
        writeln!(s, "</ul>")?;
    }

    writeln!(s, "<h2>Corrections</h2>")?;
    if input.corrections.is_empty() {
        writeln!(s, "<p>None: every value is as extracted from the articles.</p>")?;
    } else {
        writeln!(s, "<ul>")?;
        for r in input.corrections {
            writeln!(s, "<li><code>{}</code>: {}</li>", text(&r.id), text(&corrections::summary(r)))?;
        }
        writeln!(s, "</ul>")?;
    }

    writeln!(s, "<h2>Sources</h2>")?;
    if input.outlets.is_empty() {
        writeln!(s, "<p>No article names its outlet.</p>")?;
    } else {
        writeln!(s, "<ul>")?;
        for (outlet, n) in input.outlets {
            writeln!(s, "<li>{} ({n} article{})</li>", text(outlet), if *n == 1 { "" } else { "s" })?;
        }
        writeln!(s, "</ul>")?;
    }
    writeln!(s, "<h3>Articles reporting events</h3>")?;
    for (id, a) in input.articles {
        writeln!(
            s,
            "<div class=\"article\" id=\"{}\"><strong>{}</strong> — {} · published {}<br>\
             <span class=\"small muted\">record <code>{}</code> in <code>articles.jsonl</code>, source <code>{}</code></span></div>",
            attr(id),
            text(a.title.as_deref().unwrap_or("(untitled)")),
            text(a.outlet.as_deref().unwrap_or("outlet not stated")),
            text(&a.published.map_or("on an unknown date".to_string(), words::window)),
            text(id),
            text(&a.path)
        )?;
    }
    writeln!(
        s,
        "<p class=\"small muted\">The data: <code>articles.jsonl</code>, <code>claims.jsonl</code>, \
         <code>events.jsonl</code>, <code>events.csv</code>, <code>corrections.jsonl</code>, \
         <code>dataset.json</code>; loading examples in <code>README.md</code>; checksums in \
         <code>SHA256SUMS</code>.</p>\n</main>\n</body>\n</html>"
    )
}

fn event_section(s: &mut dyn Write, e: &Event, held: &[ReportRef], input: &PageInput) -> std::fmt::Result {
    let reports = EventReports::of(e, held, input.articles, input.claims).map_err(|_| std::fmt::Error)?;
    writeln!(
        s,
        "<section class=\"event\" id=\"{}\"><h3><span class=\"swatch\" style=\"background:{}\"></span>{}</h3>",
        attr(&e.id),
        colour(e.kind),
        text(&event_words(e))
    )?;
    writeln!(
        s,
        "<p class=\"small muted\"><code>{}</code> · {} claim(s) from {} article(s) and {} outlet(s){}</p><ul>",
        text(&e.id),
        held.len(),
        reports.articles.len(),
        reports.outlets.len(),
        if e.corrected_by.is_empty() {
            String::new()
        } else {
            format!(" · corrected by {}", text(&e.corrected_by.join(", ")))
        }
    )?;
    for r in held {
        let article = input.articles.get(&**r.article);
        let outlet = article.and_then(|a| a.outlet.as_deref()).unwrap_or("outlet not stated");
        let title = article.and_then(|a| a.title.as_deref()).unwrap_or("(untitled)");
        let published = article.and_then(|a| a.published).map_or("date unknown".to_string(), words::window);
        let count = r.count.map_or("no count".to_string(), words::grouped);
        let sentence =
            input.claims.get(&r.claim.to_string()).map_err(|_| std::fmt::Error)?.unwrap_or_default();
        writeln!(
            s,
            "<li>{} — <a href=\"#{}\">{}</a> · published {} · {}<blockquote>{}</blockquote></li>",
            text(outlet),
            attr(r.article),
            text(title),
            text(&published),
            text(&count),
            text(&sentence)
        )?;
    }
    writeln!(s, "</ul></section>")
}

fn legend(s: &mut dyn Write) -> std::fmt::Result {
    writeln!(
        s,
        "<p class=\"legend small\"><span><span class=\"swatch\" style=\"background:{REMAINS_COLOUR}\"></span>remains</span>\
         <span><span class=\"swatch\" style=\"background:{PRISONERS_COLOUR}\"></span>prisoners</span>\
         <span>● completed</span><span>○ planned</span><span>⊗ failed</span>\
         <span>▬ a bar: the date is a window of days</span>\
         <span>label: the count; low–high where reports disagree; ? undisclosed</span></p>"
    )
}

/// Chart geometry, in SVG user units.
const WIDTH: f64 = 1000.0;
const LEFT: f64 = 150.0;
const RIGHT_UNDATED: f64 = 80.0;
const ROW: f64 = 34.0;
const TOP: f64 = 16.0;
const AXIS: f64 = 40.0;

/// The SVG chart: one lane per kind and direction, time across.
fn timeline(s: &mut dyn Write, events: &[Event]) -> std::fmt::Result {
    let mut lanes: BTreeMap<(EventKind, &str, &str), Vec<&Event>> = BTreeMap::new();
    for e in events {
        lanes.entry((e.kind, e.from.as_str(), e.to.as_str())).or_default().push(e);
    }
    let dated: Vec<_> = events.iter().filter_map(|e| e.date).collect();
    let first = dated.iter().map(|d| d.start).min();
    let last = dated.iter().map(|d| d.end).max();
    let (start, end) = match (first, last) {
        (Some(a), Some(b)) => (a - Duration::days(1), b + Duration::days(2)),
        _ => {
            let day = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
            (day, day + Duration::days(1))
        }
    };
    let has_undated = events.iter().any(|e| e.date.is_none());
    let plot_right = WIDTH - 20.0 - if has_undated { RIGHT_UNDATED } else { 0.0 };
    let days = (end - start).num_days().max(1) as f64;
    let x_of = |d: NaiveDate| LEFT + (d - start).num_days() as f64 / days * (plot_right - LEFT);

    // Rows inside each lane, so that marks and labels do not overlap.
    struct Placed<'a> {
        event: &'a Event,
        x0: f64,
        x1: f64,
        row: usize,
    }
    type Lane<'a> = (EventKind, &'a str, &'a str);
    let mut placed_lanes: Vec<(Lane, Vec<Placed>, usize)> = Vec::new();
    for (key, lane_events) in &lanes {
        // Rows by where they end (tenths of a unit): a mark goes on the lowest
        // row that ends before it starts, else on a new one.
        let mut rows_end: BinaryHeap<Reverse<(i64, usize)>> = BinaryHeap::new();
        let mut free: BTreeSet<usize> = BTreeSet::new();
        let mut rows = 0;
        let mut placed = Vec::new();
        let mut ordered: Vec<&Event> = lane_events.clone();
        ordered.sort_by_key(|e| (e.date.is_none(), e.date.map(|d| (d.start, d.end)), e.id.clone()));
        for e in ordered {
            let (x0, x1) = match e.date {
                Some(d) => (x_of(d.start), x_of(d.end + Duration::days(1))),
                None => (plot_right + 20.0, plot_right + 32.0),
            };
            let label_width = count_label(e).chars().count() as f64 * 7.0 + 10.0;
            let right = x1.max(x0 + label_width);
            // Marks come in date order, so a row once free stays free for the rest.
            while let Some(Reverse((end, row))) = rows_end.peek().copied() {
                if (end as f64) / 10.0 >= x0 {
                    break;
                }
                rows_end.pop();
                free.insert(row);
            }
            let row = match free.pop_first() {
                Some(row) => row,
                None => {
                    rows += 1;
                    rows - 1
                }
            };
            rows_end.push(Reverse(((right * 10.0).ceil() as i64, row)));
            placed.push(Placed { event: e, x0, x1, row });
        }
        let rows = rows.max(1);
        placed_lanes.push((*key, placed, rows));
    }
    let total_rows: usize = placed_lanes.iter().map(|(_, _, r)| *r).sum::<usize>().max(1);
    let height = TOP + total_rows as f64 * ROW + AXIS;
    let plot_bottom = TOP + total_rows as f64 * ROW;
    writeln!(
        s,
        "<figure><svg viewBox=\"0 0 {WIDTH} {height:.0}\" role=\"img\" aria-label=\"Timeline of {} event(s): time across, one lane per kind and direction\">",
        events.len()
    )?;
    // Time axis: ticks at a step that gives at most about ten labels.
    let step = [1i64, 2, 7, 14, 31, 61, 92, 183, 366]
        .into_iter()
        .find(|step| (end - start).num_days() / step <= 10)
        .unwrap_or(366);
    let mut tick = start;
    if step >= 7 {
        // Mondays for weeks, firsts of the month for months.
        while (step < 31 && tick.weekday() != chrono::Weekday::Mon) || (step >= 31 && tick.day() != 1) {
            tick += Duration::days(1);
        }
    }
    let mut previous_year = None;
    while tick <= end {
        let x = x_of(tick);
        let label = if previous_year != Some(tick.year()) {
            previous_year = Some(tick.year());
            tick.format("%b %-d, %Y").to_string()
        } else {
            tick.format("%b %-d").to_string()
        };
        writeln!(
            s,
            "<line x1=\"{x:.1}\" y1=\"{TOP:.1}\" x2=\"{x:.1}\" y2=\"{plot_bottom:.1}\" stroke=\"#e4e4e4\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">{}</text>",
            plot_bottom + 16.0,
            text(&label)
        )?;
        tick = if step >= 31 {
            let months = (step / 30) as u32;
            tick.checked_add_months(chrono::Months::new(months)).unwrap_or(end + Duration::days(1))
        } else {
            tick + Duration::days(step)
        };
    }
    writeln!(
        s,
        "<line x1=\"{LEFT:.1}\" y1=\"{plot_bottom:.1}\" x2=\"{plot_right:.1}\" y2=\"{plot_bottom:.1}\" stroke=\"#888\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">date of the transfer →</text>",
        (LEFT + plot_right) / 2.0,
        plot_bottom + 32.0
    )?;
    if has_undated {
        writeln!(
            s,
            "<line x1=\"{x:.1}\" y1=\"{TOP:.1}\" x2=\"{x:.1}\" y2=\"{plot_bottom:.1}\" stroke=\"#ccc\" stroke-dasharray=\"3 3\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">undated</text>",
            plot_right + 40.0,
            plot_bottom + 16.0,
            x = plot_right + 8.0
        )?;
    }
    // Lanes and marks.
    let mut y_row = TOP;
    for (index, ((kind, from, to), placed, rows)) in placed_lanes.iter().enumerate() {
        let lane_height = *rows as f64 * ROW;
        if index % 2 == 1 {
            writeln!(
                s,
                "<rect x=\"0\" y=\"{y_row:.1}\" width=\"{WIDTH}\" height=\"{lane_height:.1}\" fill=\"#f6f6f8\"/>"
            )?;
        }
        writeln!(
            s,
            "<text x=\"8\" y=\"{:.1}\" font-size=\"13\" fill=\"{}\" font-weight=\"600\">{}</text>\
             <text x=\"8\" y=\"{:.1}\" font-size=\"12\" fill=\"#333\">{} → {}</text>",
            y_row + 15.0,
            colour(*kind),
            kind_words(*kind),
            y_row + 29.0,
            text(from),
            text(to)
        )?;
        for p in placed {
            let e = p.event;
            let y = y_row + p.row as f64 * ROW + 22.0;
            let fill = colour(e.kind);
            write!(
                s,
                "<a href=\"#{}\"><g class=\"mark\" data-event-id=\"{}\"><title>{}</title>",
                attr(&e.id),
                attr(&e.id),
                text(&event_words(e))
            )?;
            let (body_fill, dash) = match e.status {
                Status::Completed => (fill, ""),
                Status::Planned | Status::Failed => ("#fff", " stroke-dasharray=\"3 2\""),
            };
            let centre = match e.date {
                Some(d) if !d.is_day() => {
                    write!(
                        s,
                        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"10\" rx=\"5\" fill=\"{body_fill}\" fill-opacity=\"0.55\" stroke=\"{fill}\" stroke-width=\"1.5\"{dash}/>",
                        p.x0,
                        y - 5.0,
                        (p.x1 - p.x0).max(10.0)
                    )?;
                    p.x0
                }
                _ => {
                    let cx = (p.x0 + p.x1) / 2.0;
                    write!(
                        s,
                        "<circle cx=\"{cx:.1}\" cy=\"{y:.1}\" r=\"6\" fill=\"{body_fill}\" stroke=\"{fill}\" stroke-width=\"2\"{dash}/>"
                    )?;
                    cx - 6.0
                }
            };
            if e.status == Status::Failed {
                let cx = if e.date.is_some_and(|d| !d.is_day()) { p.x0 + 5.0 } else { centre + 6.0 };
                write!(
                    s,
                    "<path d=\"M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}\" stroke=\"#c62828\" stroke-width=\"2\"/>",
                    cx - 4.0,
                    y - 4.0,
                    cx + 4.0,
                    y + 4.0,
                    cx - 4.0,
                    y + 4.0,
                    cx + 4.0,
                    y - 4.0
                )?;
            }
            writeln!(
                s,
                "<text x=\"{centre:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#222\">{}</text></g></a>",
                y - 9.0,
                text(&count_label(e))
            )?;
        }
        y_row += lane_height;
    }
    if events.is_empty() {
        writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" fill=\"#555\">No event in this release.</text>",
            LEFT,
            TOP + 20.0
        )?;
    }
    writeln!(s, "</svg></figure>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tally_model::{Count, Counts, DateWindow, Report};

    fn info() -> ReleaseInfo {
        ReleaseInfo {
            name: "tally".into(),
            version: "1.0.0".into(),
            created: "2025-06-12T00:00:00Z".into(),
            generator: "tally test".into(),
            counts: Counts { articles: 1, claims: 1, events: 2, checks: 0, skipped: 0, corrections: 0 },
            date_range: None,
        }
    }

    fn event(id: &str, date: Option<DateWindow>, count: Option<Count>, status: Status) -> Event {
        Event {
            id: id.into(),
            kind: EventKind::Remains,
            from: "RU".into(),
            to: "UA".into(),
            count,
            date,
            status,
            reports: vec![Report { article: "a-1".into(), claim: "a-1-c1".into(), count: None }],
            corrected_by: vec![],
        }
    }

    fn render(input: &PageInput) -> String {
        let mut page = String::new();
        render_to(input, &mut page).unwrap();
        page
    }

    fn page(events: &[Event], title: &str) -> String {
        let articles = BTreeMap::from([(
            "a-1".to_string(),
            ReportArticle {
                path: "x.md".into(),
                title: Some(title.into()),
                outlet: Some("Outlet & Co".into()),
                published: None,
            },
        )]);
        let claims = ReportSentences::held(BTreeMap::from([(
            "a-1-c1".to_string(),
            "They handed over <b>bodies</b>.".to_string(),
        )]));
        render(&PageInput {
            info: &info(),
            schema_version: "1.0.0",
            outlets: &BTreeMap::new(),
            timeline: &Reconciled { events: events.to_vec(), ..Reconciled::default() },
            checks: &Checks::new(),
            articles: &articles,
            claims: &claims,
            corrections: &[],
        })
    }

    #[test]
    fn every_event_is_one_mark_and_text_is_escaped() {
        let day = |d| NaiveDate::from_ymd_opt(2025, 6, d).unwrap();
        let events = [
            event(
                "e-1",
                Some(DateWindow::day(day(11))),
                Some(Count { best: 1212, low: 1200, high: 1212 }),
                Status::Completed,
            ),
            event("e-2", Some(DateWindow::new(day(1), day(7))), None, Status::Planned),
            event("e-3", None, None, Status::Failed),
        ];
        let html = page(&events, "Swap <script>alert(1)</script>");
        assert_eq!(html.matches("data-event-id=").count(), 3);
        assert!(!html.contains("<script>"), "a headline's markup must stay text");
        assert!(html.contains("Swap &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("They handed over &lt;b&gt;bodies&lt;/b&gt;."));
        // low–high where reports disagree, ? when undisclosed, a window as a bar
        assert!(html.contains(">1,200–1,212</text>"));
        assert!(html.contains(">?</text>"));
        assert!(html.contains("<rect x="));
        assert!(html.contains(">undated</text>"));
        assert!(!html.contains("http://") && !html.contains("https://"), "no network");
        assert_eq!(html, page(&events, "Swap <script>alert(1)</script>"), "deterministic");
    }
}
