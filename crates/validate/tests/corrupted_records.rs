//! A corrupted record (wrong type, unknown field, impossible date) fails
//! validation with the file, the line and the instance path in the message,
//! and every failure of a file is reported, not just the first.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::{json, Value};
use tally_model::{Count, DateWindow, Event, EventKind, Report, Status};
use tally_validate::Validator;

fn valid_event(id: &str) -> Value {
    let day = NaiveDate::from_ymd_opt(2025, 6, 11).unwrap();
    serde_json::to_value(Event {
        id: id.into(),
        kind: EventKind::Remains,
        from: "RU".into(),
        to: "UA".into(),
        count: Some(Count { best: 1212, low: 1212, high: 1212 }),
        date: Some(DateWindow::day(day)),
        status: Status::Completed,
        reports: vec![Report { article: "a1".into(), claim: "a1-c1".into(), count: Some(1212) }],
        corrected_by: vec![],
    })
    .unwrap()
}

fn write_lines(dir: &Path, name: &str, records: &[Value]) -> std::path::PathBuf {
    let path = dir.join(name);
    let text: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_valid_events_file_passes() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_lines(dir.path(), "events.jsonl", &[valid_event("e1"), valid_event("e2")]);
    let violations = Validator::from_model().unwrap().validate_file(&path);
    assert!(violations.is_empty(), "{violations:?}");
}

#[test]
fn each_corruption_is_reported_with_file_line_and_instance_path() {
    let mut wrong_type = valid_event("e2");
    wrong_type["count"]["best"] = json!("many");
    let mut unknown_field = valid_event("e3");
    unknown_field["comment"] = json!("added by hand");
    let mut bad_date = valid_event("e4");
    bad_date["date"]["start"] = json!("2025-13-40");

    let dir = tempfile::tempdir().unwrap();
    let path =
        write_lines(dir.path(), "events.jsonl", &[valid_event("e1"), wrong_type, unknown_field, bad_date]);
    let violations = Validator::from_model().unwrap().validate_file(&path);
    let messages: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
    let file = path.display().to_string();

    let expect = |line: usize, pointer: &str, rule: &str| {
        assert!(
            violations.iter().any(|v| v.line == Some(line) && v.instance_path == pointer && v.rule == rule),
            "no `{rule}` violation at line {line} `{pointer}` in {messages:#?}"
        );
        assert!(
            messages.iter().any(|m| m.starts_with(&format!("{file}:{line}:")) && m.contains(pointer)),
            "no message naming {file}:{line} and {pointer} in {messages:#?}"
        );
    };
    expect(2, "/count/best", "type");
    expect(3, "", "additionalProperties");
    expect(4, "/date/start", "format");
    assert!(violations.iter().all(|v| v.line != Some(1)), "the valid line was flagged: {messages:#?}");
    assert!(messages.iter().any(|m| m.contains("2025-13-40")), "{messages:#?}");
}

#[test]
fn a_line_that_is_not_json_names_line_and_column_and_the_rest_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("claims.jsonl");
    std::fs::write(&path, "{\"id\": \n{}\n").unwrap();
    let violations = Validator::from_model().unwrap().validate_file(&path);
    assert!(violations.iter().any(|v| v.line == Some(1) && v.rule == "json"), "{violations:?}");
    assert!(violations.iter().any(|v| v.line == Some(2) && v.rule == "required"), "{violations:?}");
}

#[test]
fn a_file_name_without_a_schema_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.json");
    std::fs::write(&path, "{}").unwrap();
    let violations = Validator::from_model().unwrap().validate_file(&path);
    assert_eq!(violations.len(), 1);
    assert!(violations[0].to_string().contains("notes.json"));
}

#[test]
fn a_schema_file_is_checked_against_the_meta_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.schema.json");
    std::fs::write(&path, r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "required": "id"}"#)
        .unwrap();
    let violations = Validator::from_model().unwrap().validate_file(&path);
    assert!(violations.iter().any(|v| v.instance_path == "/required"), "{violations:?}");
}

#[test]
fn a_value_outside_an_enum_lists_every_allowed_value() {
    let mut bad_status = valid_event("e1");
    bad_status["status"] = json!("done");
    let violations = Validator::from_model().unwrap().validate_value("event", &bad_status);
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].instance_path, "/status");
    for allowed in ["completed", "planned", "failed"] {
        assert!(violations[0].message.contains(allowed), "{violations:?}");
    }
}

/// A file far longer than one batch of lines (files are checked in batches,
/// each in parallel): every bad line is reported once, with its own line
/// number, in line order, on one thread or several.
#[test]
fn a_long_file_reports_every_bad_line_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    let good = valid_event("e1").to_string();
    let mut text = String::new();
    let mut bad = Vec::new();
    // About 12 MB, several batches.
    for line in 1..=40_000 {
        if line % 997 == 0 {
            text.push_str("{\"id\": oops}\n");
            bad.push(line);
        } else if line % 1999 == 0 {
            text.push('\n');
            bad.push(line);
        } else {
            text.push_str(&good);
            text.push('\n');
        }
    }
    std::fs::write(&path, text).unwrap();
    let validator = Validator::from_model().unwrap();
    for threads in [1, 3] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let violations = pool.install(|| validator.validate_file(&path));
        let lines: Vec<usize> = violations.iter().map(|v| v.line.unwrap()).collect();
        assert_eq!(lines, bad, "{threads} thread(s)");
    }
}
