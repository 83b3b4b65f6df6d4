//! Heuristics for people's names and organisations in news prose, shared
//! by byline detection and quote attribution. The words that make a name
//! an organisation's (`not_name`) and the news agencies (`wire_agencies`)
//! are lexicon data, per language.

/// True for a name of a news agency (the lexicon's `wire_agencies`, in
/// every language).
pub fn is_agency(s: &str) -> bool {
    let t = s.trim().trim_matches(|c: char| !c.is_alphanumeric());
    tally_lexicon::is_form_in_any("wire_agencies", &tally_lexicon::fold(t))
}

fn is_name_word(w: &str) -> bool {
    let w = w.trim_end_matches(['.', ',']);
    let mut chars = w.chars();
    let Some(first) = chars.next() else { return false };
    if !first.is_uppercase() {
        return false;
    }
    // an organisation's, a role's or a date's word (the lexicon's `not_name`)
    if tally_lexicon::is_form_in_any("not_name", &tally_lexicon::fold(w)) {
        return false;
    }
    // Initials ("J.") and hyphenated or apostrophised names are fine; digits are not.
    w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        && (w.chars().count() >= 2)
        && !w.chars().all(|c| c.is_uppercase() || c == '.') // acronyms are organisations
        || (w.len() == 2 && w.ends_with('.'))
}

/// True when `s` is a person's name: two to four capitalised words.
pub fn is_person_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=4).contains(&words.len()) && words.iter().all(|w| is_name_word(w)) && s.chars().count() <= 60
}

/// The last person's name (2-4 capitalised words) in `s`, if any.
pub fn last_person_name(s: &str) -> Option<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut best = None;
    let mut i = 0;
    while i < words.len() {
        if is_name_word(words[i]) {
            let mut j = i;
            while j < words.len() && is_name_word(words[j]) && j - i < 4 {
                j += 1;
                if words[j - 1].ends_with(',') || words[j - 1].ends_with('.') && words[j - 1].len() > 2 {
                    break;
                }
            }
            if j - i >= 2 {
                let name = words[i..j].join(" ");
                best = Some(name.trim_end_matches([',', '.']).to_string());
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_are_names_organisations_are_not() {
        assert!(is_person_name("Ann O'Neil"));
        assert!(is_person_name("Jean-Luc Picard"));
        assert!(!is_person_name("The Associated Press"));
        assert!(!is_person_name("Credit: AFP"));
        assert!(!is_person_name("Skip to content"));
        assert!(!is_person_name("MOSCOW, RUSSIA"));
        assert!(!is_person_name("Interior Ministry"));
        assert!(is_person_name("Ольга Петренко"));
        assert!(!is_person_name("Министерство Обороны"));
        assert!(!is_person_name("Координаційний Штаб"));
    }

    #[test]
    fn last_name_in_a_clause() {
        assert_eq!(
            last_person_name("The deputy chairman of the board, Maria Lopez, wrote on X").as_deref(),
            Some("Maria Lopez")
        );
        assert_eq!(last_person_name("the ministry said"), None);
    }

    #[test]
    fn agencies_are_recognised() {
        assert!(is_agency("(AP)"));
        assert!(is_agency("Reuters"));
        assert!(is_agency("ТАСС"));
        assert!(is_agency("Укрінформ"));
        assert!(!is_agency("Ann Lee"));
    }
}
