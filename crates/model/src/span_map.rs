//! Maps byte offsets in a normalised text (a body block, a sentence) back to
//! byte offsets in the source file, so every extracted value keeps its span
//! even after markup, entities and link targets were taken out.

use crate::common::Span;

/// Anchors `(text_offset, source_offset)`, sorted by text offset. Between two
/// anchors the text is taken to follow the source byte for byte; offsets are
/// clamped so they never pass the next anchor's source offset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanMap {
    anchors: Vec<(usize, usize)>,
    /// Source offset one past the end of the mapped text.
    source_end: usize,
}

impl SpanMap {
    /// A text copied verbatim from `source[start..start + len]`.
    pub fn identity(source_start: usize, len: usize) -> Self {
        SpanMap { anchors: vec![(0, source_start)], source_end: source_start + len }
    }

    /// An empty map to be filled with [`SpanMap::push`].
    pub fn new(source_end: usize) -> Self {
        SpanMap { anchors: Vec::new(), source_end }
    }

    /// Records that text from `text_offset` on comes from `source_offset` on.
    /// Anchors must be pushed in increasing text order.
    pub fn push(&mut self, text_offset: usize, source_offset: usize) {
        match self.anchors.last_mut() {
            Some(last) if last.0 == text_offset => last.1 = source_offset,
            Some(last) if last.0 > text_offset => {}
            _ => self.anchors.push((text_offset, source_offset)),
        }
    }

    /// Sets where the mapped text ends in the source.
    pub fn set_source_end(&mut self, source_end: usize) {
        self.source_end = source_end;
    }

    /// The source offset of a text offset.
    pub fn to_source(&self, text_offset: usize) -> usize {
        let i = self.anchors.partition_point(|&(t, _)| t <= text_offset);
        if i == 0 {
            return self.anchors.first().map_or(self.source_end, |a| a.1);
        }
        let (t, s) = self.anchors[i - 1];
        let limit = self.anchors.get(i).map_or(self.source_end, |a| a.1);
        (s + (text_offset - t)).min(limit.max(s))
    }

    /// The source span of a text range `[start, end)`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let s = self.to_source(start);
        let e = if end > start { self.to_source(end - 1) + 1 } else { s };
        Span::new(s, e.max(s).min(self.source_end.max(s)))
    }

    /// The span as the nearest character boundaries of `source`, so it can be sliced.
    pub fn span_in(&self, source: &str, start: usize, end: usize) -> Span {
        let sp = self.span(start, end);
        let mut s = sp.start.min(source.len());
        while !source.is_char_boundary(s) {
            s -= 1;
        }
        let mut e = sp.end.min(source.len()).max(s);
        while !source.is_char_boundary(e) {
            e += 1;
        }
        Span::new(s, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_by_offset() {
        let m = SpanMap::identity(100, 20);
        assert_eq!(m.span(0, 5), Span::new(100, 105));
        assert_eq!(m.span(10, 20), Span::new(110, 120));
    }

    #[test]
    fn anchors_skip_removed_markup() {
        // source: "a [said](#) b" at offset 0; text: "a said b"
        let mut m = SpanMap::new(13);
        m.push(0, 0); // "a "
        m.push(2, 3); // "said" after "["
        m.push(6, 11); // " b" after "](#)"
        assert_eq!(m.span(2, 6), Span::new(3, 7));
        assert_eq!(m.span(0, 8), Span::new(0, 13));
        assert_eq!(m.to_source(7), 12);
    }

    #[test]
    fn span_in_lands_on_char_boundaries() {
        let src = "ёж";
        let m = SpanMap::identity(0, src.len());
        let sp = m.span_in(src, 1, 3);
        assert!(src.is_char_boundary(sp.start) && src.is_char_boundary(sp.end));
    }
}
