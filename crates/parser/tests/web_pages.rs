//! Pages saved from the web, written for these tests: the headline among the
//! site's chrome, publication stamps in the forms pages print them (and the
//! dates that are not the publication's), bylines, datelines and outlets,
//! and the chrome that leaves the body.

use chrono::NaiveDate;
use tally_parser::normalise;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn page(text: &str) -> tally_model::Article {
    normalise("page.txt", text.as_bytes()).unwrap().article
}

fn body(a: &tally_model::Article) -> Vec<&str> {
    a.body.iter().map(|b| b.text.as_str()).collect()
}

const LEAD: &str = "The city council approved the new budget on Tuesday after a long debate about schools.";
const SECOND: &str = "Teachers welcomed the decision, and the mayor said the money would arrive in spring.";

#[test]
fn the_stamp_under_the_headline_dates_the_story_not_the_site_clock() {
    let a = page(&format!(
        "Friday, 14 March 2031, 09:12:40\n\nLondon: +7 °C\n\nCouncil approves budget after long debate\n\n04.03.2025, 15:50\n\n{LEAD}\n\n{SECOND}\n"
    ));
    assert_eq!(a.title.as_deref(), Some("Council approves budget after long debate"));
    let p = a.published.clone().unwrap();
    assert_eq!((p.start, p.end), (day(2025, 3, 4), day(2025, 3, 4)));
    assert_eq!(body(&a), vec![LEAD, SECOND], "the clock, the weather and the stamp leave the body");
}

#[test]
fn stamps_in_many_forms_date_the_story_and_leave_the_body() {
    for (stamp, date) in [
        ("Published: MARCH 4, 2025 17:47", day(2025, 3, 4)),
        ("2025-03-04 18:42:10", day(2025, 3, 4)),
        ("08:14, March 4, 2025", day(2025, 3, 4)),
        ("(Reuters) 08:14, March 4, 2025", day(2025, 3, 4)),
        ("4 березня 2025 15:17", day(2025, 3, 4)),
        ("Вівторок, 4 Березня, 2025, 20:04:24", day(2025, 3, 4)),
        ("4 марта 2025, 19:30", day(2025, 3, 4)),
        ("Published : 4 March 2025, 03:20 AM", day(2025, 3, 4)),
        ("Published: Mar. 4, 2025 at 8:57 AM EST|Updated: seconds ago", day(2025, 3, 4)),
        ("Published - March 4, 2025 09:46 pm IST - LONDON,", day(2025, 3, 4)),
        ("04.03.2025 15:4004.03.2025 16:10", day(2025, 3, 4)),
    ] {
        let a = page(&format!("Council approves budget after long debate\n\n{stamp}\n\n{LEAD}\n"));
        let p = a.published.clone().unwrap_or_else(|| panic!("no date from {stamp}"));
        assert_eq!((p.start, p.end), (date, date), "{stamp}");
        assert_eq!(body(&a), vec![LEAD], "{stamp}");
    }
}

#[test]
fn an_update_a_relative_day_and_a_stale_header_date_are_not_the_publication_date() {
    let a = page(&format!(
        "Council approves budget after long debate\n\nUpdated - March 5, 2025 07:45 pm IST\n\n{LEAD}\n"
    ));
    assert!(a.published.is_none(), "{:?}", a.published);
    let a = page(&format!("Council approves budget after long debate\n\nToday, 16:54\n\n{LEAD}\n"));
    assert!(a.published.is_none(), "{:?}", a.published);
    // A weekday-led header date far above the headline is the site's, unless
    // the lead names its weekday.
    let header =
        "Sunday, 9 March 2025\n\n|\n\nLondon: +7 °C\n\nCouncil approves budget after long debate\n\n";
    assert!(page(&format!("{header}{LEAD}\n")).published.is_none());
    let a = page(&format!("{header}The council approved the new budget on Sunday after a long debate.\n"));
    assert_eq!(a.published.map(|p| p.start), Some(day(2025, 3, 9)));
}

#[test]
fn bylines_credit_people_and_agencies_apart() {
    let a = page(&format!(
        "Council approves budget after long debate\n\nBy The Associated Press and ANN LEE and BO CHAN\n\n{LEAD}\n"
    ));
    assert_eq!(a.authors, vec!["Ann Lee", "Bo Chan"]);
    assert!(a.agencies.iter().any(|x| x == "Associated Press"), "{:?}", a.agencies);
    assert_eq!(body(&a), vec![LEAD]);
    let a = page(&format!(
        "Council approves budget after long debate\n\nby Ann Lee March 4, 2025 3:58 PM 1 min read\n\n{LEAD}\n"
    ));
    assert_eq!(a.authors, vec!["Ann Lee"]);
    assert_eq!(a.published.map(|p| p.start), Some(day(2025, 3, 4)));
    let a = page(&format!("Council approves budget after long debate\n\n{LEAD}\n\n(Reporting by Ann Lee and Bo Chan; Editing by Cy Dunn)\n"));
    assert_eq!(a.authors, vec!["Ann Lee", "Bo Chan"]);
    let a = page(&format!("Совет утвердил бюджет после долгих споров\n\n{LEAD}\n\nАвтор: Анна Ли\n"));
    assert_eq!(a.authors, vec!["Анна Ли"]);
}

#[test]
fn datelines_and_outlets_in_wire_and_local_forms() {
    let cases = [
        ("Київ • Міські Новини", Some("Київ"), Some("Міські Новини")),
        ("MADRID/LISBON — The council approved the budget on Tuesday.", Some("Madrid/Lisbon"), None),
        ("LISBON, Portugal -The council approved the budget on Tuesday.", Some("Lisbon"), None),
        ("PORTO (Reuters) -The council approved the budget on Tuesday.", Some("Porto"), Some("Reuters")),
        ("(CITYNEWS) The council approved the budget on Tuesday after a debate.", None, Some("CITYNEWS")),
    ];
    for (line, dateline, outlet) in cases {
        let a = page(&format!("Council approves budget after long debate\n\n{line}\n\n{LEAD}\n"));
        assert_eq!(a.dateline.as_deref(), dateline, "{line}");
        assert_eq!(a.outlet.as_deref(), outlet, "{line}");
    }
    // A wire dateline with its date dates the story in the year its text gives.
    let a = page("Council approves budget after long debate\n\nYEREVAN, MARCH 5, CITYPRESS. The council approved the budget, it said.\n\n\"On March 4, 2025, the council met,\" the mayor said.\n");
    assert_eq!(a.dateline.as_deref(), Some("Yerevan"));
    assert_eq!(a.outlet.as_deref(), Some("CITYPRESS"));
    assert_eq!(a.published.map(|p| (p.start, p.end)), Some((day(2025, 3, 5), day(2025, 3, 5))));
    let a = page("Совет утвердил бюджет после долгих споров\n\nСИМФЕРОПОЛЬ, 19 дек - Городские Новости. Совет утвердил бюджет.\n");
    assert_eq!(a.dateline.as_deref(), Some("Симферополь"));
}

#[test]
fn the_page_around_the_story_leaves_the_body() {
    let a = page(&format!(
        "Skip to content\n\nHome News Sport Business Culture Travel Opinion Podcasts Newsletters Weather Jobs\n\nBREAKING NEWS\n\nCouncil approves budget after long debate\n\nSchools get most of the money\n\nThe mayor speaks in the town hall on Tuesday. Jane Roe/City Pool/via REUTERS\n\n{LEAD}\n\n{SECOND}\n\nFollow us on our WhatsApp channel for the latest news!\n\nNext In Politics\n\nMayor opens new bridge over the river\n\nStorm closes harbour for second day\n\nCopyright 2025 The Daily Planet. All rights reserved.\n"
    ));
    assert_eq!(a.title.as_deref(), Some("Council approves budget after long debate"));
    assert_eq!(a.subtitle.as_deref(), Some("Schools get most of the money"));
    assert_eq!(body(&a), vec![LEAD, SECOND]);
    // Every removal names its rule.
    assert!(a.removed.iter().all(|r| !r.rule.is_empty()));
}
