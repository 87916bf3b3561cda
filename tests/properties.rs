//! Property tests over generated news-like documents with injected artifacts: fixing converges, is
//! idempotent, yields valid UTF-8, and changes no byte outside the edits it reports. And no input
//! at all makes the checker panic.

use copydesk::diagnostic::Applicability;
use copydesk::document::LineIndex;
use copydesk::fix::{apply_edits_bytes, select_fixes};
use copydesk::Linter;
use proptest::prelude::*;
use std::sync::LazyLock;

static LINTER: LazyLock<Linter> = LazyLock::new(Linter::default);

const PIECES: &[&str] = &[
    "The council approved the budget on Monday.",
    "“We will keep working until there is an agreement,” the mayor said.",
    "Mr. Smith met Dr. Jones at No. 10 Downing St. at 9 a.m.",
    "U.S. officials said growth was 3.5 percent.",
    "He had had enough of the talks in Walla Walla.",
    "The governor declared a state of emergency.",
    "Þórhildur Pálsdóttir visited São Paulo and Tromsø.",
    "It went on . . . and on… and on...",
    "Persian می\u{200C}خواهم and a family 👨\u{200D}👩\u{200D}👧.",
];

const ARTIFACTS: &[&str] = &[
    " States. States.",
    " the the",
    " in June. .",
    ",” he said. declared.",
    " donâ€™t",
    " Guаtemala",
    " and\u{200B} the",
    " fish , .",
    " reading of the appeal",
    "   ",
    " Concepci\u{FFFD}n",
    "\r\n",
    "\n\n\n\n",
    " ,,",
    " in the in the",
    " CafÃ©s",
    " peo\u{AD}ple",
    " \u{202E}evil\u{202C}",
    " cafe\u{301}",
    "\u{A0}",
    " He assured that it would.",
    "\n\nOur Standards: Thomson Reuters Trust Principles.\n\n",
    "\u{FEFF}",
    " \u{0C}",
    "“unclosed quote",
];

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            0..PIECES.len(),
            prop::option::of(0..ARTIFACTS.len()),
            0..4usize,
        ),
        1..14,
    )
    .prop_map(|parts| {
        let mut s = String::new();
        for (p, a, brk) in parts {
            s.push_str(PIECES[p]);
            if let Some(a) = a {
                s.push_str(ARTIFACTS[a]);
            }
            s.push_str(match brk {
                0 => " ",
                1 => "\n",
                _ => "\n\n",
            });
        }
        s
    })
}

proptest! {
    // 192 cases in CI; PROPTEST_CASES=20000 for a deeper local run.
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(192), .. ProptestConfig::default() })]

    #[test]
    fn fixes_converge_are_idempotent_and_stay_utf8(doc in document(), md in any::<bool>()) {
        let name = if md { "story.md" } else { "story.txt" };
        let fixed = LINTER.fix_bytes(name, doc.as_bytes(), Applicability::Unsafe);
        prop_assert!(fixed.converged, "did not converge: {:?}", fixed.unconverged_rules);
        prop_assert!(std::str::from_utf8(&fixed.output).is_ok());
        let again = LINTER.fix_bytes(name, &fixed.output, Applicability::Unsafe);
        prop_assert_eq!(again.count(), 0, "a second --fix changed something");
        prop_assert_eq!(&again.output, &fixed.output);
    }

    #[test]
    fn no_byte_outside_the_edits_changes(doc in document()) {
        let bytes = doc.as_bytes();
        let (diags, _) = LINTER.diagnose("story.txt", bytes).expect("text is never skipped");
        let (edits, _) = select_fixes(&diags, Applicability::Unsafe);
        let out = apply_edits_bytes(bytes, &edits);
        // Walk the edits: everything between them must be copied unchanged.
        let (mut i, mut o) = (0usize, 0usize);
        for e in &edits {
            prop_assert!(e.span.start >= i, "overlapping edits were selected");
            let keep = e.span.start - i;
            prop_assert_eq!(&bytes[i..e.span.start], &out[o..o + keep]);
            o += keep + e.replacement.len();
            i = e.span.end;
        }
        prop_assert_eq!(&bytes[i..], &out[o..]);
        prop_assert!(std::str::from_utf8(&out).is_ok());
        // Every reported span lies on char boundaries of the original.
        for d in &diags {
            prop_assert!(doc.is_char_boundary(d.span.start) && doc.is_char_boundary(d.span.end), "{} {:?}", d.rule, d.span);
        }
    }

    #[test]
    fn positions_are_those_of_a_fresh_line_index(doc in document(), md in any::<bool>()) {
        // The findings' lines and columns come from the index the document built while it was
        // parsed; they must be what indexing the decoded text afresh gives.
        let name = if md { "story.md" } else { "story.txt" };
        let copydesk::Report::Checked { findings, text, .. } = LINTER.check_bytes(name, doc.as_bytes()) else {
            panic!("text is never skipped");
        };
        let fresh = LineIndex::new(&text);
        for f in &findings {
            for (pos, t) in [(&f.start, f.text_span.start), (&f.end, f.text_span.end)] {
                prop_assert_eq!((pos.line, pos.column), fresh.line_col(&text, t), "{} at {}", f.diagnostic.rule, t);
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), md in any::<bool>()) {
        let name = if md { "x.md" } else { "x.txt" };
        let report = LINTER.check_bytes(name, &bytes);
        for f in report.diagnostics() {
            prop_assert!(f.diagnostic.span.end <= bytes.len());
            prop_assert!(f.diagnostic.span.start <= f.diagnostic.span.end);
        }
        let fixed = LINTER.fix_bytes(name, &bytes, Applicability::Unsafe);
        prop_assert!(fixed.converged, "did not converge: {:?}", fixed.unconverged_rules);
    }
}
