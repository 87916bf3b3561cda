//! Bytes → text, with a map back to the original byte offsets.
//!
//! Everything copydesk reports is a byte range into the file as it is on disk. Decoding may change
//! lengths (a stray Windows-1252 byte becomes a two-byte UTF-8 character, a UTF-16 file halves or
//! grows), so [`SourceFile`] keeps *anchors*: pairs of (text offset, original offset) at every point
//! where the two stop advancing together. Valid UTF-8, the common case, borrows the bytes and has
//! no anchors at all.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use std::borrow::Cow;
use std::ops::Range;

/// How the file's bytes were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8, possibly with invalid sequences (see [`SourceFile::has_invalid_bytes`]).
    Utf8,
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// A legacy single-byte encoding the whole file decodes as.
    Legacy(&'static encoding_rs::Encoding),
}

impl TextEncoding {
    /// A human name for messages.
    pub fn name(&self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Legacy(e) => e.name(),
        }
    }
}

/// Why a file was not checked at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// A NUL byte in the first 8 KiB.
    Binary,
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge,
}

/// The largest file copydesk reads: offsets in a document are 32-bit, and decoding can make the
/// text up to three times longer than the bytes.
pub const MAX_FILE_BYTES: usize = 1 << 30;

impl SkipReason {
    /// Text for output.
    pub fn as_str(&self) -> &'static str {
        match self {
            SkipReason::Binary => "binary file (NUL byte in the first 8 KiB)",
            SkipReason::TooLarge => "file larger than 1 GiB",
        }
    }
}

/// A decoded file.
#[derive(Debug)]
pub struct SourceFile<'a> {
    /// The original bytes.
    pub bytes: &'a [u8],
    /// The decoded text the rules read.
    pub text: Cow<'a, str>,
    /// (text offset, original offset) pairs, sorted; empty means the identity map.
    anchors: Vec<(usize, usize)>,
    /// Text ranges that do not stand verbatim in the file (decoded stand-ins for bad bytes).
    pub synthetic: Vec<Range<usize>>,
    /// How the bytes were decoded.
    pub encoding: TextEncoding,
    /// Findings made while decoding, in ORIGINAL byte offsets.
    pub diagnostics: Vec<Diagnostic>,
}

/// Rule ids emitted while decoding.
pub mod ids {
    /// Invalid UTF-8 byte sequences.
    pub const INVALID_UTF8: &str = "encoding/invalid-utf8";
    /// A UTF-8 byte-order mark.
    pub const BOM: &str = "encoding/bom";
    /// A UTF-16 file.
    pub const UTF16: &str = "encoding/utf16";
}

const BINARY_SNIFF: usize = 8 * 1024;

impl<'a> SourceFile<'a> {
    /// Decodes `bytes`. Never fails except for binary files, which are skipped.
    ///
    /// ```
    /// let src = copydesk::source::SourceFile::decode(b"caf\xe9 au lait").unwrap();
    /// assert_eq!(src.text, "café au lait");
    /// assert_eq!(src.to_original(5), 4); // "café" is 5 bytes in the text, 4 in the file
    /// ```
    pub fn decode(bytes: &'a [u8]) -> Result<SourceFile<'a>, SkipReason> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(SkipReason::TooLarge);
        }
        // One search for a zero byte in the first bytes: nearly every file has none, and is
        // then neither UTF-16 nor binary.
        let sniff = &bytes[..bytes.len().min(BINARY_SNIFF)];
        if memchr::memchr(0, sniff).is_some() {
            if let Some(le) = utf16_kind(bytes) {
                return Ok(decode_utf16(bytes, le));
            }
            return Err(SkipReason::Binary);
        }
        if let Some(le) = utf16_bom(bytes) {
            return Ok(decode_utf16(bytes, le));
        }
        // Validation reads every byte of every file: simdutf8 does it with vector instructions,
        // several times faster than the standard library on news copy.
        let mut src = match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => SourceFile {
                bytes,
                text: Cow::Borrowed(text),
                anchors: Vec::new(),
                synthetic: Vec::new(),
                encoding: TextEncoding::Utf8,
                diagnostics: Vec::new(),
            },
            Err(_) => decode_invalid_utf8(bytes),
        };
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            src.diagnostics.push(
                Diagnostic::new(ids::BOM, Severity::Warning, 0..3, "file starts with a UTF-8 byte-order mark")
                    .with_note("a BOM is invisible, serves no purpose in UTF-8 and breaks tools that compare the first bytes")
                    .with_fix(Fix::safe("Remove the byte-order mark", vec![Edit::delete(0..3)])),
            );
        }
        Ok(src)
    }

    /// Whether the text maps 1:1 to the file's bytes (plain valid UTF-8).
    pub fn is_verbatim(&self) -> bool {
        self.anchors.is_empty() && matches!(self.text, Cow::Borrowed(_))
    }

    /// Whether the file had bytes that are not valid in its encoding.
    pub fn has_invalid_bytes(&self) -> bool {
        !self.is_verbatim()
    }

    /// Maps a text offset (on a char boundary) to an original byte offset.
    pub fn to_original(&self, text_offset: usize) -> usize {
        if self.anchors.is_empty() {
            return text_offset;
        }
        let i = self.anchors.partition_point(|&(t, _)| t <= text_offset);
        if i == 0 {
            return text_offset;
        }
        let (t, o) = self.anchors[i - 1];
        o + (text_offset - t)
    }

    /// Maps an original byte offset to a text offset (the inverse of [`Self::to_original`]).
    pub fn to_text(&self, original: usize) -> usize {
        if self.anchors.is_empty() {
            return original.min(self.text.len());
        }
        let i = self.anchors.partition_point(|&(_, o)| o <= original);
        let t = if i == 0 {
            original
        } else {
            let (t, o) = self.anchors[i - 1];
            t + (original - o)
        };
        let mut t = t.min(self.text.len());
        while !self.text.is_char_boundary(t) {
            t -= 1;
        }
        t
    }

    /// Maps a text range to an original byte range.
    pub fn range_to_original(&self, r: &Range<usize>) -> Range<usize> {
        self.to_original(r.start)..self.to_original(r.end)
    }
}

/// Whether `bytes` starts with a UTF-16 byte-order mark: `Some(true)` for little-endian.
fn utf16_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.starts_with(b"\xFF\xFE") {
        Some(true)
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some(false)
    } else {
        None
    }
}

/// Detects UTF-16 by BOM, or by the pattern of zero bytes English text leaves in it. (Without a
/// zero byte, text is not UTF-16 of any script this looks for: the caller asks only when it
/// found one.)
fn utf16_kind(bytes: &[u8]) -> Option<bool> {
    if let Some(le) = utf16_bom(bytes) {
        return Some(le);
    }
    let n = bytes.len().min(BINARY_SNIFF) & !1;
    if n < 8 {
        return None;
    }
    let (mut even0, mut odd0) = (0usize, 0usize);
    for pair in bytes[..n].chunks_exact(2) {
        even0 += usize::from(pair[0] == 0);
        odd0 += usize::from(pair[1] == 0);
    }
    let units = n / 2;
    // Latin-script UTF-16 has a zero high byte in nearly every unit and almost never a zero low byte.
    if odd0 * 10 >= units * 7 && even0 * 20 < units {
        Some(true)
    } else if even0 * 10 >= units * 7 && odd0 * 20 < units {
        Some(false)
    } else {
        None
    }
}

fn decode_utf16(bytes: &[u8], little_endian: bool) -> SourceFile<'_> {
    let has_bom = bytes.starts_with(if little_endian {
        b"\xFF\xFE"
    } else {
        b"\xFE\xFF"
    });
    let start = if has_bom { 2 } else { 0 };
    let body = &bytes[start..];
    let units = body.chunks_exact(2).map(|p| {
        if little_endian {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let mut text = String::with_capacity(body.len() / 2 + 8);
    let mut anchors = Vec::with_capacity(body.len() / 2 + 2);
    let mut synthetic = Vec::new();
    let mut diagnostics = Vec::new();
    let mut orig = start;
    for r in char::decode_utf16(units) {
        anchors.push((text.len(), orig));
        match r {
            Ok(c) => {
                text.push(c);
                orig += c.len_utf16() * 2;
            }
            Err(_) => {
                synthetic.push(text.len()..text.len() + 3);
                text.push('\u{FFFD}');
                diagnostics.push(Diagnostic::new(
                    ids::INVALID_UTF8,
                    Severity::Error,
                    orig..orig + 2,
                    "unpaired UTF-16 surrogate: this code unit stands for no character",
                ));
                orig += 2;
            }
        }
    }
    if body.len() % 2 == 1 {
        diagnostics.push(Diagnostic::new(
            ids::INVALID_UTF8,
            Severity::Error,
            bytes.len() - 1..bytes.len(),
            "UTF-16 file ends in half a code unit (odd number of bytes)",
        ));
    }
    anchors.push((text.len(), orig));
    let enc = if little_endian {
        TextEncoding::Utf16Le
    } else {
        TextEncoding::Utf16Be
    };
    let span = if has_bom { 0..2 } else { 0..bytes.len().min(2) };
    diagnostics.insert(
        0,
        Diagnostic::new(
            ids::UTF16,
            Severity::Error,
            span,
            format!("file is encoded as {}, not UTF-8", enc.name()),
        )
        .with_note("copydesk decoded it and checked the text; most news tools expect UTF-8")
        .with_fix(Fix::unsafe_(
            "Transcode the file to UTF-8",
            vec![Edit::replace(0..bytes.len(), text.clone())],
        )),
    );
    SourceFile {
        bytes,
        text: Cow::Owned(text),
        anchors,
        synthetic,
        encoding: enc,
        diagnostics,
    }
}

/// Decodes a file that is not valid UTF-8.
///
/// When most of the file's non-ASCII content is valid UTF-8, each invalid sequence is reported
/// alone; a lone byte that reads as a letter or punctuation in Windows-1252 is decoded as that
/// character (so the words around it stay whole) and offered as an unsafe fix. When the file has
/// no (or hardly any) valid UTF-8, it is decoded with the legacy encoding `chardetng` guesses and
/// reported once, with a fix that transcodes every byte.
fn decode_invalid_utf8(bytes: &[u8]) -> SourceFile<'_> {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    // Legacy text only forms valid UTF-8 by accident (`Ã©`): with hardly any valid multi-byte
    // characters, the file as a whole is in a legacy encoding.
    if valid_multibyte * 10 <= invalid {
        let mut det = chardetng::EncodingDetector::new();
        det.feed(bytes, true);
        let guess = det.guess(None, false);
        if guess != encoding_rs::UTF_8 && guess.is_single_byte() {
            return decode_legacy(bytes, guess);
        }
    }
    let legacy = encoding_rs::WINDOWS_1252;
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut anchors = Vec::new();
    let mut synthetic = Vec::new();
    let mut diagnostics = Vec::new();
    let mut orig = 0usize;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        orig += chunk.valid().len();
        let bad = chunk.invalid();
        if bad.is_empty() {
            continue;
        }
        anchors.push((text.len(), orig));
        let stand_in = (bad.len() == 1 && !(0x80..0xC0).contains(&bad[0])
            || bad.len() == 1 && valid_multibyte == 0)
            .then(|| single_byte_char(legacy, bad[0]))
            .flatten();
        let range = orig..orig + bad.len();
        let hex: Vec<String> = bad.iter().map(|b| format!("{b:02X}")).collect();
        let start = text.len();
        let diag = match stand_in {
            Some(c) => {
                text.push(c);
                Diagnostic::new(
                    ids::INVALID_UTF8,
                    Severity::Error,
                    range.clone(),
                    format!(
                        "invalid UTF-8 byte {}: probably Windows-1252 for `{c}`",
                        hex.join(" ")
                    ),
                )
                .with_fix(Fix::unsafe_(
                    format!("Replace with `{c}`"),
                    vec![Edit::replace(range.clone(), c.to_string())],
                ))
            }
            None => {
                text.push('\u{FFFD}');
                let what = if bad[0] >= 0xC0 {
                    "truncated multi-byte sequence"
                } else {
                    "stray continuation byte"
                };
                Diagnostic::new(
                    ids::INVALID_UTF8,
                    Severity::Error,
                    range.clone(),
                    format!("invalid UTF-8: {what} {}", hex.join(" ")),
                )
                .with_note("the character these bytes stood for cannot be recovered from the file; restore it from the source")
            }
        };
        synthetic.push(start..text.len());
        diagnostics.push(diag);
        orig += bad.len();
        anchors.push((text.len(), orig));
    }
    SourceFile {
        bytes,
        text: Cow::Owned(text),
        anchors,
        synthetic,
        encoding: TextEncoding::Utf8,
        diagnostics,
    }
}

fn single_byte_char(enc: &'static encoding_rs::Encoding, b: u8) -> Option<char> {
    let one = [b];
    let (s, had_errors) = enc.decode_without_bom_handling(&one);
    let c = s.chars().next()?;
    (!had_errors && !c.is_control() && c != '\u{FFFD}').then_some(c)
}

fn decode_legacy<'a>(bytes: &'a [u8], enc: &'static encoding_rs::Encoding) -> SourceFile<'a> {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut anchors = Vec::new();
    let mut edits = Vec::new();
    let mut first: Option<Range<usize>> = None;
    let mut count = 0usize;
    let mut run_start = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii() {
            continue;
        }
        // Copy the ASCII run before this byte verbatim.
        text.push_str(std::str::from_utf8(&bytes[run_start..i]).unwrap_or_default());
        anchors.push((text.len(), i));
        let c = single_byte_char(enc, b).unwrap_or('\u{FFFD}');
        text.push(c);
        anchors.push((text.len(), i + 1));
        edits.push(Edit::replace(i..i + 1, c.to_string()));
        first.get_or_insert(i..i + 1);
        count += 1;
        run_start = i + 1;
    }
    text.push_str(std::str::from_utf8(&bytes[run_start..]).unwrap_or_default());
    let span = first.unwrap_or(0..0);
    let diag = Diagnostic::new(
        ids::INVALID_UTF8,
        Severity::Error,
        span,
        format!(
            "file is not UTF-8: {count} {} invalid, and the whole file decodes cleanly as {}",
            if count == 1 { "byte is" } else { "bytes are" },
            enc.name()
        ),
    )
    .with_note("copydesk decoded it as that encoding and checked the text")
    .with_fix(Fix::unsafe_(
        format!("Transcode the file from {} to UTF-8", enc.name()),
        edits,
    ));
    SourceFile {
        bytes,
        text: Cow::Owned(text),
        anchors,
        synthetic: Vec::new(),
        encoding: TextEncoding::Legacy(enc),
        diagnostics: vec![diag],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_utf8_is_borrowed_and_identity() {
        let s = SourceFile::decode("a “b” c".as_bytes()).unwrap();
        assert!(s.is_verbatim());
        assert_eq!(s.to_original(4), 4);
        assert!(s.diagnostics.is_empty());
    }

    #[test]
    fn stray_cp1252_byte_in_utf8_file() {
        let bytes = "Jo\u{e3}o S"
            .as_bytes()
            .iter()
            .copied()
            .chain(*b" S\xe3o Paulo")
            .collect::<Vec<u8>>();
        let s = SourceFile::decode(&bytes).unwrap();
        assert_eq!(s.diagnostics.len(), 1);
        let d = &s.diagnostics[0];
        assert_eq!(&bytes[d.span.clone()], b"\xe3");
        assert!(s.text.ends_with("São Paulo"));
        // "Paulo" maps back to the same bytes
        let t = s.text.find("Paulo").unwrap();
        assert_eq!(&bytes[s.to_original(t)..s.to_original(t + 5)], b"Paulo");
        assert_eq!(s.to_text(s.to_original(t)), t);
    }

    #[test]
    fn truncated_sequence_is_not_guessed() {
        let s = SourceFile::decode(b"caf\xc3\xa9 \xe2\x80 end").unwrap();
        assert_eq!(s.diagnostics.len(), 1);
        assert_eq!(s.diagnostics[0].span, 6..8);
        assert!(s.diagnostics[0].fix.is_none());
        assert_eq!(s.synthetic.len(), 1);
    }

    #[test]
    fn whole_legacy_file_is_one_diagnostic() {
        let s = SourceFile::decode(b"The caf\xe9 said \x93hello\x94 to Jos\xe9 and Ren\xe9e.\n")
            .unwrap();
        assert_eq!(s.diagnostics.len(), 1);
        assert!(matches!(s.encoding, TextEncoding::Legacy(_)));
        assert_eq!(s.text, "The café said “hello” to José and Renée.\n");
        let fix = s.diagnostics[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits.len(), 5);
    }

    #[test]
    fn utf16le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Hé said.\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let s = SourceFile::decode(&bytes).unwrap();
        assert_eq!(s.text, "Hé said.\n");
        assert_eq!(s.encoding, TextEncoding::Utf16Le);
        let t = s.text.find("said").unwrap();
        assert_eq!(s.to_original(t), 2 + 3 * 2);
        assert_eq!(s.diagnostics[0].rule, ids::UTF16);
    }

    #[test]
    fn utf16_with_a_bom_and_no_zero_byte() {
        // Han script in UTF-16 has no zero byte: the byte-order mark alone tells.
        for little in [true, false] {
            let mut bytes = if little {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in "新闻报道说".encode_utf16() {
                let b = if little {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                };
                bytes.extend_from_slice(&b);
            }
            assert!(!bytes.contains(&0));
            let s = SourceFile::decode(&bytes).unwrap();
            assert_eq!(s.text, "新闻报道说");
        }
    }

    #[test]
    fn utf16_without_bom_is_detected_not_binary() {
        let mut bytes = Vec::new();
        for u in "Plain English text in UTF-16.".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let s = SourceFile::decode(&bytes).unwrap();
        assert_eq!(s.encoding, TextEncoding::Utf16Le);
    }

    #[test]
    fn oversized_file_is_skipped_before_anything_reads_it() {
        // Zeroed memory is mapped lazily: the size check must come before the binary sniff.
        let huge = vec![0u8; MAX_FILE_BYTES + 1];
        assert_eq!(SourceFile::decode(&huge).unwrap_err(), SkipReason::TooLarge);
        assert_eq!(SkipReason::TooLarge.as_str(), "file larger than 1 GiB");
    }

    #[test]
    fn nul_byte_means_binary() {
        assert_eq!(
            SourceFile::decode(b"PK\x03\x04\x00\x00zip").unwrap_err(),
            SkipReason::Binary
        );
    }

    #[test]
    fn bom_reported_with_safe_fix() {
        let s = SourceFile::decode(b"\xEF\xBB\xBFHello").unwrap();
        assert_eq!(s.diagnostics[0].rule, ids::BOM);
        assert_eq!(s.diagnostics[0].span, 0..3);
    }
}
