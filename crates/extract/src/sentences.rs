//! Sentence splitting with byte offsets. A full stop ends a sentence unless
//! it follows an abbreviation ("Gen.", "U.S."), an initial ("J."), or sits
//! inside a number ("1.2K"); a closing quote after the stop stays with it.

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "maj", "gov", "sen", "rep", "st", "no", "vs",
    "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "u.s", "u.n", "u.k", "e.g", "i.e",
    "etc", "approx", "jr", "sr", "prof", "pres",
];

/// The length of the longest abbreviation: a longer word is none.
const LONGEST_ABBREVIATION: usize = {
    let (mut i, mut longest) = (0, 0);
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].len() > longest {
            longest = ABBREVIATIONS[i].len();
        }
        i += 1;
    }
    longest
};

/// Byte ranges of the sentences of `text`.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    each(text, |start, end| out.push((start, end)));
    out
}

/// The byte ranges [`split`] lists, given to `f` one by one, in order
/// (extraction splits every block: no list is made for it).
pub fn each(text: &str, mut f: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    // the next stop is found with memchr (most bytes are none)
    while let Some(at) = memchr::memchr3(b'.', b'!', b'?', &bytes[i..]) {
        i += at;
        let b = bytes[i];
        let mut end = i + 1;
        // closing quotes and brackets stay with the sentence
        while end < bytes.len() {
            let rest = &text[end..];
            let c = rest.chars().next().unwrap_or(' ');
            if matches!(c, '"' | '\'' | '”' | '’' | ')' | '»') {
                end += c.len_utf8();
            } else {
                break;
            }
        }
        let next_is_space = text[end..].chars().next().is_none_or(char::is_whitespace);
        let ends = next_is_space || (b == b'.' && end == i + 1 && glued(text, i));
        if ends && !(b == b'.' && protected(text, start, i)) {
            push(text, start, end, &mut f);
            start = end;
        }
        i = end;
    }
    push(text, start, text.len(), &mut f);
}

/// Whether the full stop at `dot` ends a sentence that the next one follows
/// without a space, as text saved from a page often has where two pieces
/// of markup met ("…said Medinsky.The previous swap…"): a word of four
/// letters or more, ending in a lowercase one, before it, and a capitalised
/// word of three letters or more after it. A domain name ("News.Az",
/// "Ukr.Net", "Bloomberg.com"), a decimal or an initial ("J.Smith") is none.
fn glued(text: &str, dot: usize) -> bool {
    let before = text[..dot].chars().rev().take_while(|c| c.is_alphabetic());
    let (mut letters, mut last_lower) = (0, false);
    for (k, c) in before.take(4).enumerate() {
        if k == 0 {
            last_lower = c.is_lowercase();
        }
        letters += 1;
    }
    let mut after = text[dot + 1..].chars();
    let capital = after.next().is_some_and(char::is_uppercase);
    let lower_after = after.take(2).filter(|c| c.is_lowercase()).count();
    letters == 4 && last_lower && capital && lower_after == 2
}

fn protected(text: &str, start: usize, dot: usize) -> bool {
    let before = &text[start..dot];
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    // an ASCII word lowercases in ASCII (no allocation); another may
    // lowercase to an abbreviation too (the Kelvin sign to "k")
    // (each test is asked only when those before it fail)
    let abbreviation = || {
        if word.is_ascii() {
            word.len() <= LONGEST_ABBREVIATION && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
        } else if word.chars().next_back().is_some_and(crate::tagger::is_cyrillic_char) {
            false // a Cyrillic letter lowercases to one: the word to no ASCII abbreviation
        } else {
            ABBREVIATIONS.contains(&word.to_lowercase().as_str())
        }
    };
    let is_initial = || word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let next_lower = || text[dot + 1..].trim_start().chars().next().is_some_and(char::is_lowercase);
    abbreviation() || is_initial() || next_lower()
}

/// Gives `text[start..end]` to `f` without the white space around it,
/// unless nothing else is left.
fn push(text: &str, start: usize, end: usize, f: &mut impl FnMut(usize, usize)) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        f(start + lead, end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        split(t).into_iter().map(|(s, e)| &t[s..e]).collect()
    }

    /// `split` as it was written before it found stops with memchr: a
    /// walk over every byte.
    fn split_byte_by_byte(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut emit = |start, end| out.push((start, end));
        let bytes = text.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if matches!(b, b'.' | b'!' | b'?') {
                let mut end = i + 1;
                while end < bytes.len() {
                    let c = text[end..].chars().next().unwrap_or(' ');
                    if matches!(c, '"' | '\'' | '”' | '’' | ')' | '»') {
                        end += c.len_utf8();
                    } else {
                        break;
                    }
                }
                let next_is_space = text[end..].chars().next().is_none_or(char::is_whitespace);
                let ends = next_is_space || (b == b'.' && end == i + 1 && glued(text, i));
                if ends && !(b == b'.' && protected(text, start, i)) {
                    push(text, start, end, &mut emit);
                    start = end;
                }
                i = end;
                continue;
            }
            i += 1;
        }
        push(text, start, text.len(), &mut emit);
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        #[test]
        fn stops_found_with_memchr_split_as_a_walk_over_every_byte(
            text in "(\\PC|[.!?\"'”’)» ]|Gen|GEN|gEn|U\\.S|U\\.\u{212a}|J|[a-zA-Z]+|[А-Я][а-я]+|\n)*"
        ) {
            proptest::prop_assert_eq!(split(&text), split_byte_by_byte(&text));
        }
    }

    /// `protected` as it was before ASCII words were compared without
    /// lowercasing them into a new string.
    fn protected_lowercasing(text: &str, start: usize, dot: usize) -> bool {
        let before = &text[start..dot];
        let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
        let lower = word.to_lowercase();
        let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        let next_lower = text[dot + 1..].trim_start().chars().next().is_some_and(char::is_lowercase);
        ABBREVIATIONS.contains(&lower.as_str()) || is_initial || next_lower
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        #[test]
        fn abbreviations_are_told_apart_as_lowercasing_told_them(
            text in "(Gen|GEN|gEn|Sept|Approx|Approxi|U\\.S|U\\.\u{212a}|\u{212a}|İ|Dr|[a-zA-Z]{1,4}|[а-яА-ЯЁёЇїҐґ]{1,4}|\\PC|[.( ])*"
        ) {
            for (dot, _) in text.match_indices('.') {
                proptest::prop_assert_eq!(
                    protected(&text, 0, dot),
                    protected_lowercasing(&text, 0, dot),
                    "{:?} at {}", text, dot
                );
            }
        }
    }

    /// What lets `protected` skip lowercasing a word that ends in a Cyrillic letter.
    #[test]
    fn cyrillic_letters_lowercase_to_no_ascii() {
        for c in ('\u{400}'..='\u{4ff}').filter(|c| c.is_alphabetic()) {
            assert!(c.to_lowercase().all(|l| !l.is_ascii()), "{c:?}");
        }
    }

    #[test]
    fn a_stop_between_two_words_without_a_space_ends_a_sentence_in_page_text() {
        assert_eq!(
            texts("Russia returned 500 bodies, an aide said.The previous swap was in May."),
            vec!["Russia returned 500 bodies, an aide said.", "The previous swap was in May."]
        );
        assert_eq!(
            texts("Россия передала 500 тел, сообщил Мединский.Предыдущий обмен состоялся в мае."),
            vec!["Россия передала 500 тел, сообщил Мединский.", "Предыдущий обмен состоялся в мае."]
        );
        // domain names, initials, decimals and abbreviations do not
        for one in [
            "The swap was reported by News.Az on Monday.",
            "Read more on Bloomberg.com today.",
            "Officer J.Smith said 1.5K bodies came.",
            "Gen.Smith and Mr.Jones spoke.",
            "The site Ukr.Net and ok.Twitter said so.",
        ] {
            assert_eq!(texts(one), vec![one]);
        }
    }

    #[test]
    fn splits_on_stops_but_not_abbreviations_initials_or_decimals() {
        assert_eq!(
            texts("Gen. J. Smith said 1.2K bodies came. \"It is done.\" Then U.S. officials spoke!"),
            vec!["Gen. J. Smith said 1.2K bodies came.", "\"It is done.\"", "Then U.S. officials spoke!"]
        );
    }
}
