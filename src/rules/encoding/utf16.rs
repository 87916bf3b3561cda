//! `encoding/utf16` (reported while decoding, see `source.rs`).

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
A file encoded as UTF-16 (little- or big-endian, with or without a byte-order mark). copydesk
decodes it and checks the text; every span still points at the original bytes.

## Why
Windows tools (Notepad's \"Unicode\", Word's \"Unicode text\", PowerShell redirection) write UTF-16.
Most web and newsroom tools expect UTF-8 and show such a file as spaced-out letters or garbage.

## Prevent it
Save as UTF-8; in PowerShell use `Out-File -Encoding utf8`.

## Example
Flagged:  a file starting with bytes FF FE.

## Not flagged
UTF-8 files.

## Fix safety
Unsafe: the whole file is rewritten as UTF-8. Other rules' fixes are not applied to a UTF-16 file
until it has been transcoded.";

/// Reports a UTF-16 file. The finding is made by the decoder.
pub struct Utf16;

static META: RuleMeta = RuleMeta::builtin(
    "encoding/utf16",
    Severity::Error,
    "A UTF-16 file where UTF-8 is expected",
    FixAvailability::Unsafe,
    EXPLANATION,
);

impl Rule for Utf16 {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, _out: &mut Vec<Diagnostic>) {}
}
