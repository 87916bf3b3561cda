//! Layout slips: blank lines, trailing whitespace, pasted-twice paragraphs, stories cut off.

pub mod blank_lines;
pub mod double_space;
pub mod leading_blank_lines;
pub mod repeated_paragraph;
pub mod run_together_words;
pub mod split_sentence;
pub mod trailing_whitespace;
pub mod truncated_ending;

use crate::document::Document;
use std::ops::Range;

/// Paragraphs that open with one of these are Markdown structure, not prose.
const STRUCTURE: [char; 9] = ['#', '-', '*', '|', '>', '<', '`', '[', '!'];

/// Whether the last line of `paragraph` is a row of columns: a tab between two of its words
/// (`Town Hall\tclosed\topen`). A tab that indents the line does not count.
fn ends_in_table_row(paragraph: &str) -> bool {
    let line = paragraph.rsplit('\n').next().unwrap_or(paragraph);
    line.trim().contains('\t')
}

/// The last word of paragraph `p` when the paragraph stops mid-sentence with nothing after
/// the word but, if `comma` allows, a comma: the word's span, if it is all lowercase letters
/// and the paragraph is prose of at least `min_words` words.
fn open_end(
    doc: &Document,
    p: &Range<usize>,
    min_words: usize,
    comma: bool,
) -> Option<Range<usize>> {
    let text = doc.slice(p);
    let end = text.strip_suffix(',').filter(|_| comma).unwrap_or(text);
    let last = end.chars().next_back()?;
    if !last.is_lowercase()
        || text.starts_with(STRUCTURE)
        || text.starts_with(|c: char| c.is_ascii_digit())
        || doc.touches_non_prose(p)
        || ends_in_table_row(text)
    {
        return None;
    }
    let first = doc.word_index_at(p.start);
    let after = doc.word_index_at(p.end);
    if after < first + min_words {
        return None;
    }
    let word = doc.words.at(after - 1).span();
    let w = &doc.text[word.clone()];
    (word.end == p.start + end.len() && w.chars().all(char::is_lowercase)).then_some(word)
}

/// Offsets of the line breaks in a run of blank lines starting at `from`: returns the end of each
/// line break (`\n` or `\r\n`) while the lines between are empty or whitespace-only.
pub(crate) fn blank_run(text: &str, from: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    blank_run_into(text, from, &mut ends);
    ends
}

/// [`blank_run`] into `ends` (cleared first), for callers that look at many runs.
pub(crate) fn blank_run_into(text: &str, from: usize, ends: &mut Vec<usize>) {
    let b = text.as_bytes();
    ends.clear();
    let mut i = from;
    loop {
        let mut j = i;
        while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r') {
            j += 1;
        }
        if j < b.len() && b[j] == b'\n' {
            ends.push(j + 1);
            i = j + 1;
        } else {
            break;
        }
    }
}
