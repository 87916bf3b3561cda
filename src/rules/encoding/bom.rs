//! `encoding/bom` (reported while decoding, see `source.rs`).

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
A UTF-8 byte-order mark (bytes EF BB BF) at the start of the file.

## Why
UTF-8 has no byte order; the mark is a leftover of Windows editors and some exports. It is
invisible, breaks tools that look at the first bytes (shebangs, front matter, CSV headers, `cat`
of several files) and ends up as a stray character in the middle of a CMS body.

## Prevent it
Save as \"UTF-8\" rather than \"UTF-8 with BOM\"; strip it in the export step.

## Example
Flagged:  `\\u{FEFF}LONDON (Reuters) - …`  →  `LONDON (Reuters) - …`

## Not flagged
A UTF-16 byte-order mark (see `encoding/utf16`); U+FEFF elsewhere in the text is reported by
`encoding/invisible-char`.

## Fix safety
Safe: the three bytes are removed; the text is unchanged.";

/// Reports a UTF-8 byte-order mark. The finding is made by the decoder.
pub struct Bom;

static META: RuleMeta = RuleMeta::builtin(
    "encoding/bom",
    Severity::Warning,
    "A UTF-8 byte-order mark at the start of the file",
    FixAvailability::Safe,
    EXPLANATION,
);

impl Rule for Bom {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, _out: &mut Vec<Diagnostic>) {}
}
