//! Offset ⇄ line/column.

use std::ops::Range;

/// Start offsets of every line (32-bit, like every offset a document keeps).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// Offsets of every carriage return, CRLF or lone: most files have none, and the rules that
    /// care then need no pass of their own over the text.
    carriage_returns: Vec<u32>,
    /// Lines that end with a space or tab before their line feed (or CRLF), by index: found
    /// while the line end is at hand, so the trailing-whitespace rule reads no other line.
    blank_ended: Vec<u32>,
    len: usize,
    /// Finds the line of an offset in a large document without a search of every start.
    seek: super::seek::Seek,
}

impl LineIndex {
    /// Indexes `text`.
    ///
    /// # Panics
    /// If `text` is 4 GiB or longer.
    pub fn new(text: &str) -> LineIndex {
        LineIndex::with_lines(text, |_| {})
    }

    /// [`LineIndex::new`], handing `line` the content range of each line (what
    /// [`LineIndex::line_range`] gives) in order, as soon as its end is found: the line's bytes
    /// are then still in the cache, as they are not once the whole of a large file is indexed.
    ///
    /// # Panics
    /// If `text` is 4 GiB or longer.
    pub(crate) fn with_lines(text: &str, mut line: impl FnMut(Range<usize>)) -> LineIndex {
        assert!(
            u32::try_from(text.len()).is_ok(),
            "a text is limited to 4 GiB"
        );
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(text.len() / 64 + 1);
        starts.push(0);
        let mut carriage_returns = Vec::new();
        let mut blank_ended = Vec::new();
        for i in super::ascii::line_breaks(bytes) {
            if bytes[i] == b'\n' {
                // The line's content ends before the line feed, or before a CR right before it.
                let end = if i > 0 && bytes[i - 1] == b'\r' {
                    i - 1
                } else {
                    i
                };
                let line_start = starts.last().map_or(0, |&s| s as usize);
                if end > line_start && matches!(bytes[end - 1], b' ' | b'\t') {
                    blank_ended.push((starts.len() - 1) as u32);
                }
                line(line_start..end);
                starts.push((i + 1) as u32);
            } else {
                carriage_returns.push(i as u32);
            }
        }
        // A last line without a line feed; after a final line feed there is none.
        match starts.last().map(|&s| s as usize) {
            Some(last) if last < text.len() => line(last..text.len()),
            Some(_) if starts.len() > 1 => {
                starts.pop();
            }
            _ => {}
        }
        LineIndex {
            seek: super::seek::Seek::new(&starts),
            starts,
            carriage_returns,
            blank_ended,
            len: text.len(),
        }
    }

    /// The lines, by index, whose content ends with a space or tab and is followed by a line
    /// feed, in order (a last line without one is not among them).
    pub fn blank_ended(&self) -> &[u32] {
        &self.blank_ended
    }

    /// The offset of every carriage return (`\r`), in order.
    pub fn carriage_returns(&self) -> &[u32] {
        &self.carriage_returns
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether there are no lines (never: an empty text has one empty line).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// 0-based line of `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        // The line is the last one starting at or before `offset`.
        self.seek
            .count_below(&self.starts, offset.saturating_add(1))
            .saturating_sub(1)
    }

    /// Start offset of a 0-based line.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).map_or(self.len, |&s| s as usize)
    }

    /// The line's content range, without its `\n` or `\r\n`.
    pub fn line_range(&self, line: usize, text: &str) -> Range<usize> {
        let start = self.line_start(line);
        let mut end = match self.starts.get(line + 1) {
            Some(&s) => s as usize - 1,
            None if text.ends_with('\n') && self.len > start => self.len - 1,
            None => self.len,
        };
        if end > start
            && text.as_bytes().get(end - 1) == Some(&b'\r')
            && text.as_bytes().get(end) == Some(&b'\n')
        {
            end -= 1;
        }
        start..end
    }

    /// [`Self::line_col`] of every offset in `sorted` (ascending), in one pass: an offset on the
    /// same line as the one before it counts chars from there, not from the line start, so many
    /// findings on one long line do not cost a scan of the line each.
    pub fn line_cols(&self, text: &str, sorted: &[usize]) -> Vec<(usize, usize)> {
        let mut out = Vec::with_capacity(sorted.len());
        let mut prev: Option<(usize, usize, usize)> = None; // (offset, line, column)
        for &offset in sorted {
            let line = self.line_of(offset);
            let pos = match prev {
                Some((p, l, c)) if l == line && p <= offset => text.get(p..offset).map_or_else(
                    || self.line_col(text, offset),
                    |s| (line + 1, c + s.chars().count()),
                ),
                _ => self.line_col(text, offset),
            };
            prev = Some((offset, pos.0 - 1, pos.1));
            out.push(pos);
        }
        out
    }

    /// 1-based (line, column), the column counted in Unicode scalar values.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_cols_agree_with_line_col() {
        let t = "ab\n“é” x y\n\nlast “q” line";
        let idx = LineIndex::new(t);
        let offsets: Vec<usize> = (0..=t.len()).filter(|&o| t.is_char_boundary(o)).collect();
        let each: Vec<(usize, usize)> = offsets.iter().map(|&o| idx.line_col(t, o)).collect();
        assert_eq!(idx.line_cols(t, &offsets), each);
    }

    #[test]
    fn carriage_returns_are_kept_apart_from_line_starts() {
        let t = "a\r\nb\rc\n\r\r\nd";
        let idx = LineIndex::new(t);
        assert_eq!(idx.carriage_returns(), [1, 4, 7, 8]);
        let starts: Vec<usize> = (0..idx.len()).map(|i| idx.line_start(i)).collect();
        assert_eq!(starts, [0, 3, 7, 10]);
        assert!(LineIndex::new("no returns\n").carriage_returns().is_empty());
    }

    proptest::proptest! {
        #[test]
        fn blank_ended_lines_are_those_whose_content_ends_blank(t in "[a \t\r\n]{0,60}") {
            let idx = LineIndex::new(&t);
            let want: Vec<u32> = (0..idx.len())
                .filter(|&i| {
                    let r = idx.line_range(i, &t);
                    let has_lf = t[r.end..].starts_with('\n') || t[r.end..].starts_with("\r\n");
                    has_lf && t[r].ends_with([' ', '\t'])
                })
                .map(|i| i as u32)
                .collect();
            proptest::prop_assert_eq!(idx.blank_ended(), &want[..]);
        }
    }

    proptest::proptest! {
        #[test]
        fn lines_are_handed_out_as_line_range_gives_them(t in "[a \r\n]{0,40}") {
            let mut got = Vec::new();
            let idx = LineIndex::with_lines(&t, |r| got.push(r));
            let want: Vec<Range<usize>> = (0..idx.len()).map(|i| idx.line_range(i, &t)).collect();
            // An empty text has one empty line, which nothing needs handed out.
            let want = if t.is_empty() { Vec::new() } else { want };
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn columns_count_chars() {
        let t = "ab\n“é” x\n";
        let idx = LineIndex::new(t);
        assert_eq!(idx.len(), 2);
        assert_eq!(idx.line_col(t, t.find('x').unwrap()), (2, 5));
        assert_eq!(idx.line_col(t, 0), (1, 1));
    }
}
