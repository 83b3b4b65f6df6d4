//! Sentence splitting with byte offsets. A full stop ends a sentence unless
//! it follows an abbreviation ("Gen.", "U.S."), an initial ("J."), or sits
//! inside a number ("1.2K"); a closing quote after the stop stays with it.
//! Abbreviations are lexicon data, per language ("ул.", "вул.").

use std::sync::LazyLock;

/// The words written with a full stop that does not end the sentence (the
/// lexicon's `abbreviations`, in every built-in language), looked up at
/// every sentence end.
static ABBREVIATIONS: LazyLock<tally_lexicon::WordList> =
    LazyLock::new(|| tally_lexicon::WordList::of(ABBREVIATION_CATEGORY));

/// The lexicon's list of abbreviations.
const ABBREVIATION_CATEGORY: &str = "abbreviations";

/// Whether `word` (the text before a full stop) is an abbreviation.
fn is_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.contains(word)
}

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
    // (each test is asked only when those before it fail)
    let abbreviation = || is_abbreviation(word);
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
        let lower = tally_lexicon::fold(word);
        let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        let next_lower = text[dot + 1..].trim_start().chars().next().is_some_and(char::is_lowercase);
        tally_lexicon::words_in_all(ABBREVIATION_CATEGORY).any(|(_, a)| a == lower)
            || is_initial
            || next_lower
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
    fn abbreviations_of_every_language_hold_the_sentence_together() {
        for one in [
            "Тела передали на ул. Садовой в присутствии проф. Иванова.",
            "Обмен прошёл в пятницу, т.е. Россия и Украина сдержали слово.",
            "Тіла передали на вул. Хрещатик, зокр. Україна отримала 500.",
            "Talks were led by Gen. Smith and Prof. Jones.",
        ] {
            assert_eq!(texts(one), vec![one]);
        }
        // a year's "г." and "р." end sentences as often as not: they split
        assert_eq!(
            texts("Обмен прошёл в мае 2023 г. Россия передала 500 тел."),
            vec!["Обмен прошёл в мае 2023 г.", "Россия передала 500 тел."]
        );
        assert_eq!(
            texts("Обмін відбувся у травні 2023 р. Україна повернула 500 тіл."),
            vec!["Обмін відбувся у травні 2023 р.", "Україна повернула 500 тіл."]
        );
        // a word that only ends like one is none
        assert_eq!(
            texts("Тела передали в Брянской обл. Россия подтвердила."),
            vec!["Тела передали в Брянской обл.", "Россия подтвердила."]
        );
    }

    #[test]
    fn splits_on_stops_but_not_abbreviations_initials_or_decimals() {
        assert_eq!(
            texts("Gen. J. Smith said 1.2K bodies came. \"It is done.\" Then U.S. officials spoke!"),
            vec!["Gen. J. Smith said 1.2K bodies came.", "\"It is done.\"", "Then U.S. officials spoke!"]
        );
    }
}
