//! Layout slips: blank lines, trailing whitespace, pasted-twice paragraphs, stories cut off.

pub mod blank_lines;
pub mod double_space;
pub mod leading_blank_lines;
pub mod repeated_paragraph;
pub mod run_together_words;
pub mod split_sentence;
pub mod trailing_whitespace;
pub mod truncated_ending;

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
