//! `encoding/invalid-utf8` (reported while decoding, see `source.rs`).

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
Bytes that are not valid UTF-8, with their exact byte range: a stray byte from a legacy code page
in an otherwise UTF-8 file (`S\\xE3o Paulo`), a truncated multi-byte sequence (`E2 80` without its
third byte), a continuation byte with no lead byte. When the whole file decodes cleanly as a
legacy encoding (Windows-1252, ISO-8859-x…, detected with `chardetng`), one finding names that
encoding and offers to transcode the file.

## Why
A file saved in Windows-1252 or Latin-1 was taken for UTF-8, or text from two sources was
concatenated, or a multi-byte character was cut in half by a tool that counts bytes.

## Prevent it
Export as UTF-8 everywhere; never truncate text by byte count; convert legacy archives once.

## Example
Flagged:  `S\\xE3o Paulo` (byte E3)  →  `São Paulo`

## Not flagged
Valid UTF-8 in any language; UTF-16 files (see `encoding/utf16`).

## Fix safety
Unsafe: the byte is replaced by the character it stands for in the guessed encoding, which is
right for Windows-1252 text but only a guess. Truncated sequences and stray continuation bytes
have no fix: the character is lost.";

/// Reports invalid UTF-8. The finding is made by the decoder.
pub struct InvalidUtf8;

static META: RuleMeta = RuleMeta::builtin(
    "encoding/invalid-utf8",
    Severity::Error,
    "Bytes that are not valid UTF-8",
    FixAvailability::Unsafe,
    EXPLANATION,
);

impl Rule for InvalidUtf8 {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, _out: &mut Vec<Diagnostic>) {}
}
