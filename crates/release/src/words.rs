//! Values in words, for every text a reader sees (the card, the changelog,
//! the page, `events.csv`): numbers with thousands separators, qualifiers
//! ("nearly 5,000"), date windows ("2025-06-10..2025-06-12"). Never a Rust
//! debug rendering.

use tally_model::{DateWindow, Qualifier};

/// `5000` as "5,000".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The words a qualifier puts before its number ("" for an exact one).
pub fn qualifier_words(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "",
        Qualifier::Approximately => "about",
        Qualifier::Over => "over",
        Qualifier::Under => "under",
        Qualifier::Nearly => "nearly",
        Qualifier::UpTo => "up to",
        Qualifier::AtLeast => "at least",
    }
}

/// A number with its qualifier: "nearly 5,000", "1,212".
pub fn qualified(value: u64, q: Qualifier) -> String {
    match qualifier_words(q) {
        "" => grouped(value),
        words => format!("{words} {}", grouped(value)),
    }
}

/// [`qualified`] for a qualifier given by its JSON name (`up_to`, ...).
pub fn quantity(value: u64, qualifier: &str) -> String {
    let q =
        serde_json::from_value(serde_json::Value::String(qualifier.to_string())).unwrap_or(Qualifier::Exact);
    qualified(value, q)
}

/// A day ("2025-06-11") or a window ("2025-06-10..2025-06-12").
pub fn window(w: DateWindow) -> String {
    if w.is_day() {
        w.start.to_string()
    } else {
        format!("{}..{}", w.start, w.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_qualifiers_read_as_words() {
        assert_eq!(grouped(5000), "5,000");
        assert_eq!(grouped(1212), "1,212");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000_000), "1,000,000");
        assert_eq!(qualified(5000, Qualifier::Nearly), "nearly 5,000");
        assert_eq!(qualified(6000, Qualifier::UpTo), "up to 6,000");
        assert_eq!(qualified(84, Qualifier::Exact), "84");
        assert_eq!(quantity(4800, "over"), "over 4,800");
    }
}
