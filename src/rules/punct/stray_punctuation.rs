//! `punct/stray-punctuation`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::{words_is_word_char, Document};
use crate::rules::encoding::html_entity;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
Punctuation left over where segments were joined or words deleted: `. .`, `..`, `,,`, `, ,`,
`,.`, `;.`, `. ,`, `?.`, and a space before a full stop or comma (`the fish .`, `said ,`).
Also a space before `;`, `:`, `!` or `?` (`he warned : the`, `Why ?`): French typography, which
puts one there, carried into English copy by translation.

## Why
Translation engines and CMS imports join segments that each carried their own punctuation; editors
delete a word and leave its comma. The result reads as a typo.

## Example
Flagged:  `she will visit the region in June. .`
Fixed:    `she will visit the region in June.`

## Not flagged
Ellipses (`...`, `…`, `. . .`, the AP `base. ...`), abbreviations followed by punctuation (`etc.,`,
`U.S.,`, `a.m.;`, `Inc.,`, and US states as AP style writes them, `Sen. Mitch McConnell,
R-Ky.,`), `?!` and `!!`, decimals (`3.5`, `.45 caliber`), URLs and code, scores and times typed
with spaces (`3 : 1`, `10 : 30`), emoticons (`:)`), Markdown images (`![alt]`) and `!=`.

## Fix safety
Safe: the cluster is replaced by the one mark it was meant to be (a full stop if it has one, a
question or exclamation mark typed right after the word, otherwise the strongest mark). Full
stops typed straight before `!` or `?` give way to them: `great..!!` becomes `great!!`.";

/// Flags doubled and misplaced punctuation.
pub struct StrayPunctuation;

static META: RuleMeta = RuleMeta::builtin(
    "punct/stray-punctuation",
    Severity::Warning,
    "Doubled or misplaced punctuation (`. .`, `,,`, `,.`, a space before a full stop)",
    FixAvailability::Safe,
    EXPLANATION,
);

#[inline]
fn is_mark(b: u8) -> bool {
    matches!(b, b'.' | b',' | b';' | b':' | b'!' | b'?')
}

#[inline]
fn is_hspace(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn is_abbreviation_dot(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .rfind(|c: char| !words_is_word_char(c))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // Dotted abbreviation (U.S., a.m., e.g.) or an initial.
    if word_start > 0 && text.as_bytes()[word_start - 1] == b'.' || word.chars().count() == 1 {
        return true;
    }
    crate::document::is_abbreviation(word)
}

impl Rule for StrayPunctuation {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let b = text.as_bytes();
        // Every run this rule judges has a mark right after a mark or a space (`. .`, `,,`,
        // ` .`); nearly every mark of prose follows a word, and the document's punctuation scan
        // passes it over. A run starts at the first mark of the stretch of marks and spaces
        // around it.
        let candidates = doc
            .punct_pairs()
            .after_mark_or_space
            .iter()
            .map(|&c| c as usize);
        let mut done = 0;
        for cand in candidates {
            if cand < done {
                continue;
            }
            let mut stretch = cand;
            while stretch > 0 && (is_mark(b[stretch - 1]) || is_hspace(b[stretch - 1])) {
                stretch -= 1;
            }
            let Some(i) = b[stretch..=cand].iter().position(|&x| is_mark(x)) else {
                continue;
            };
            let mut first = stretch + i;
            // `&quot;.`: that `;` ends an HTML character reference (`encoding/html-entity`
            // reports it), and is not part of a run of marks.
            if b[first] == b';' && html_entity::closes_reference(text, first) {
                first += 1;
                if !b.get(first).copied().is_some_and(is_mark) {
                    continue;
                }
            }
            done = judge_run(text, first, out);
        }
    }
}

/// Judges the run of marks (and spaces between them) that starts at the mark at `i`, and returns
/// where the run ends.
fn judge_run(text: &str, i: usize, out: &mut Vec<Diagnostic>) -> usize {
    let b = text.as_bytes();
    // Leading horizontal space before the first mark.
    let mut lead = i;
    while lead > 0 && is_hspace(b[lead - 1]) {
        lead -= 1;
    }
    // The run: marks, and spaces followed by more marks.
    let mut end = i;
    let mut marks: Vec<u8> = Vec::new();
    let mut j = i;
    loop {
        if j < b.len() && is_mark(b[j]) {
            marks.push(b[j]);
            j += 1;
            end = j;
        } else if j < b.len() && is_hspace(b[j]) {
            let mut k = j;
            while k < b.len() && is_hspace(b[k]) {
                k += 1;
            }
            if k < b.len() && is_mark(b[k]) {
                j = k;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    let prev = text[..lead].chars().next_back();
    // A percent sign ends a figure as a letter ends a word: `from 1.3% . .`
    let after_word = prev
        .is_some_and(|c| words_is_word_char(c) || matches!(c, '”' | '"' | '’' | ')' | ']' | '%'));
    if let Some(d) = judge(text, lead, i, end, &marks, after_word) {
        out.push(d);
    }
    end.max(i + 1)
}

fn judge(
    text: &str,
    lead: usize,
    first: usize,
    end: usize,
    marks: &[u8],
    after_word: bool,
) -> Option<Diagnostic> {
    if !after_word {
        return None;
    }
    let dots = marks.iter().filter(|&&m| m == b'.').count();
    if dots >= 3 || text[end..].starts_with('…') || text[..lead].ends_with('…') {
        return None;
    }
    if marks.iter().all(|&m| m == b'?' || m == b'!') && lead == first {
        return None;
    }
    let lead_space = lead < first;
    let next = text[end..].chars().next();
    if marks.len() == 1 {
        if !lead_space {
            return None;
        }
        // `.45 caliber`, `.NET`, a spaced ellipsis start.
        if next.is_some_and(|c| c.is_alphanumeric() || c == '.') {
            return None;
        }
        // French spacing before `; : ! ?`, but not a score or a time typed with spaces
        // (`3 : 1`, `10 : 30`), an emoticon (`:)`, `:-(`), a Markdown image (`![alt]`) or an
        // operator (`a != b`).
        if matches!(marks[0], b';' | b':' | b'!' | b'?') {
            let digit_before = text[..lead].ends_with(|c: char| c.is_ascii_digit());
            let digit_after = text[end..]
                .trim_start_matches([' ', '\t'])
                .starts_with(|c: char| c.is_ascii_digit());
            // A space that keeps a link apart from the mark after it is deliberate.
            let word_before = text[..lead].rsplit([' ', '\t', '\n']).next().unwrap_or("");
            if digit_before && digit_after
                || next.is_some_and(|c| matches!(c, ')' | '(' | '-' | '/' | '[' | '='))
                || word_before.contains(['/', '@'])
            {
                return None;
            }
        }
    } else if marks[0] == b'.' && !lead_space && is_abbreviation_dot(text, first) {
        // `etc.,` `U.S.,` `a.m.;` — unless what follows is another full stop.
        if marks.len() == 2 && marks[1] != b'.' && end == first + 2 {
            return None;
        }
    }
    // A decimal or a time inside the run: `3.,` is still a slip, but `1,.5` is not prose.
    if next.is_some_and(|c| c.is_ascii_digit()) && marks.len() > 1 {
        return None;
    }
    // Full stops typed straight before `!` or `?` (`great..!!`, `really.?`): the writer's
    // marks are the last ones, kept as typed (`!!` and `?!` are not flagged on their own).
    let tail = marks
        .iter()
        .rposition(|&m| !matches!(m, b'?' | b'!'))
        .map_or(0, |k| k + 1);
    let typed_after_stops = !lead_space
        && tail < marks.len()
        && marks[..tail].iter().all(|&m| m == b'.')
        && end - first == marks.len();
    let one = if !lead_space && matches!(marks[0], b'?' | b'!') {
        marks[0]
    } else if marks.contains(&b'.') {
        b'.'
    } else if let Some(&m) = marks.iter().find(|&&m| m == b'?' || m == b'!') {
        m
    } else if marks.contains(&b';') {
        b';'
    } else if marks.contains(&b':') {
        b':'
    } else {
        b','
    };
    let keep = if typed_after_stops {
        String::from_utf8_lossy(&marks[tail..]).into_owned()
    } else {
        (one as char).to_string()
    };
    let span = lead..end;
    let found = &text[span.clone()];
    let what = if marks.len() == 1 {
        format!("space before `{keep}`")
    } else {
        format!("stray punctuation `{}`", found.trim())
    };
    Some(META.diag(span.clone(), what).with_fix(Fix::safe(
        format!("Replace with `{keep}`"),
        vec![Edit::replace(span, keep)],
    )))
}

#[cfg(test)]
mod tests {
    use super::StrayPunctuation;
    use crate::rules::testing::*;

    #[test]
    fn flags() {
        assert_flags(&StrayPunctuation, "in June. .\n", &[". ."]);
        assert_flags(&StrayPunctuation, "one,, two", &[",,"]);
        assert_flags(&StrayPunctuation, "one , two", &[" ,"]);
        assert_flags(&StrayPunctuation, "the end .", &[" ."]);
        assert_flags(&StrayPunctuation, "the end,.", &[",."]);
        assert_flags(&StrayPunctuation, "the end , .", &[" , ."]);
        assert_flags(&StrayPunctuation, "the end !.", &[" !."]);
        assert_flags(&StrayPunctuation, "the end;.", &[";."]);
        assert_flags(&StrayPunctuation, "Why?.", &["?."]);
        assert_flags(&StrayPunctuation, "two stops.. Then", &[".."]);
        assert_flags(
            &StrayPunctuation,
            "from 1.3% . . Then 3% .",
            &[" . .", " ."],
        );
        assert_flags(&StrayPunctuation, "to @killatrav..!! Wedding", &["..!!"]);
        assert_flags(&StrayPunctuation, "he warned : the", &[" :"]);
        assert_flags(
            &StrayPunctuation,
            "Why ? Nobody knows ; not yet !",
            &[" ?", " ;", " !"],
        );
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "Wait... what?",
            // The `;` ends an HTML reference (`encoding/html-entity`).
            "He said &quot;now&quot;. Then &amp;, left.",
            "Wait… what?",
            "He paused . . . and left.",
            "the base. ... And then",
            "U.S. officials said 3.5 percent.",
            "It rose 3%. Then 4%, and 5%; then 6%: up.",
            "Mr. Smith, Dr. Jones and Acme Inc., etc., were there at 9 a.m., too.",
            "at 230 W. Grand Ave., Tuesday through Sunday",
            "a .45 caliber pistol",
            "Really?! No!!",
            "at 10:30, he left.",
            "“Why?” he asked.",
            "End of list:\n. bullet",
            "won 3 : 1 at 10 : 30",
            "great :) and sad :-(",
            "see https://example.com/a ; and user@example.com ;",
            "[docs] ![License](x.svg) and a != b",
        ] {
            assert_clean(&StrayPunctuation, t);
        }
    }

    /// Every mark taken in turn: a run starts at a mark that does not follow another and has a
    /// space before it or more marks after it.
    fn mark_by_mark(text: &str) -> Vec<crate::diagnostic::Diagnostic> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        for m in (0..b.len()).filter(|&m| super::is_mark(b[m])) {
            if m < i || m > 0 && super::is_mark(b[m - 1]) {
                continue;
            }
            let spaced_before = m > 0 && super::is_hspace(b[m - 1]);
            let next = b[m + 1..].iter().find(|&&x| !super::is_hspace(x));
            if spaced_before || next.is_some_and(|&x| super::is_mark(x)) {
                i = super::judge_run(text, m, &mut out);
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn the_vector_scan_finds_what_a_look_at_every_mark_finds(
            text in "[a.,;:!? \t\nU3…”]{0,80}"
        ) {
            let doc = crate::document::Document::parse(&text, crate::document::Format::Text);
            let mut fast = Vec::new();
            crate::rules::Rule::check(&StrayPunctuation, &doc, &mut fast);
            let want = mark_by_mark(&text);
            let spans = |d: &[crate::diagnostic::Diagnostic]| d.iter().map(|d| d.span.clone()).collect::<Vec<_>>();
            proptest::prop_assert_eq!(spans(&fast), spans(&want));
        }
    }

    #[test]
    fn fixes() {
        assert_fixed(&StrayPunctuation, "in June. .\n", "in June.\n");
        assert_fixed(&StrayPunctuation, "fish , .", "fish.");
        assert_fixed(&StrayPunctuation, "fish !.", "fish.");
        assert_fixed(&StrayPunctuation, "Why?.", "Why?");
        // Stops typed before the writer's own `!!` or `?`: those are kept, not the stop.
        assert_fixed(&StrayPunctuation, "was great..!! Then", "was great!! Then");
        assert_fixed(&StrayPunctuation, "Really.? No", "Really? No");
        assert_fixed(&StrayPunctuation, "two stops.. Then", "two stops. Then");
        assert_fixed(&StrayPunctuation, "the end .!", "the end.");
        assert_fixed(&StrayPunctuation, "one , two", "one, two");
        assert_fixed(&StrayPunctuation, "He said : “No !”", "He said: “No!”");
    }
}
