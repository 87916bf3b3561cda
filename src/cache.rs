//! A cache of check results keyed by file content, configuration and copydesk build — never by
//! timestamps — so a second run over an unchanged archive only reads and hashes its files.
//!
//! Entries live in one directory (see [`default_dir`]), one file each: a magic header, a 128-bit
//! XXH3 checksum of the payload, and the payload (bincode). An entry that is truncated, corrupt or
//! from another format is ignored and rewritten, never trusted.

use crate::document::Format;
use crate::{Finding, Linter};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

const MAGIC: &[u8; 8] = b"CDKC\x00\x00\x00\x01";

/// The cache directory: `$COPYDESK_CACHE_DIR`, else `$XDG_CACHE_HOME/copydesk`, else
/// `$HOME/.cache/copydesk`.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("COPYDESK_CACHE_DIR").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(d).join("copydesk"));
    }
    std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .map(|h| PathBuf::from(h).join(".cache").join("copydesk"))
}

/// What is stored for one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// The findings, positions resolved.
    pub findings: Vec<Finding>,
    /// Whether the file was plain valid UTF-8.
    pub verbatim: bool,
}

/// The result cache.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    build: u64,
}

impl Cache {
    /// A cache in `dir` for the copydesk build identified by `build` (the CLI uses the binary's
    /// size and modification time, so a rebuilt binary never reads old results).
    pub fn new(dir: PathBuf, build: u64) -> Cache {
        Cache { dir, build }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key of a file's results: content, format, rules and settings, build.
    pub fn key(&self, linter: &Linter, path: &str, bytes: &[u8]) -> u128 {
        let mut h = Xxh3::new();
        h.update(&self.build.to_le_bytes());
        h.update(&linter.fingerprint().to_le_bytes());
        h.update(&[u8::from(Format::from_path(path) == Format::Markdown)]);
        h.update(bytes);
        h.digest128()
    }

    fn path(&self, key: u128) -> PathBuf {
        let hex = format!("{key:032x}");
        self.dir.join(&hex[..2]).join(&hex[2..])
    }

    /// The stored entry, if present and intact.
    pub fn get(&self, key: u128) -> Option<Entry> {
        let data = std::fs::read(self.path(key)).ok()?;
        let rest = data.strip_prefix(MAGIC.as_slice())?;
        let (sum, payload) = rest.split_at_checked(16)?;
        if u128::from_le_bytes(sum.try_into().ok()?) != xxh3_128(payload) {
            return None;
        }
        bincode::deserialize(payload).ok()
    }

    /// Stores an entry (atomically; errors are ignored: the cache is only an optimisation).
    pub fn put(&self, key: u128, entry: &Entry) {
        let Ok(payload) = bincode::serialize(entry) else {
            return;
        };
        let path = self.path(key);
        let Some(parent) = path.parent() else { return };
        if std::fs::create_dir_all(parent).is_err() {
            return;
        }
        let Ok(mut tmp) = tempfile::NamedTempFile::new_in(parent) else {
            return;
        };
        let ok = tmp.write_all(MAGIC).is_ok()
            && tmp.write_all(&xxh3_128(&payload).to_le_bytes()).is_ok()
            && tmp.write_all(&payload).is_ok();
        if ok {
            let _ = tmp.persist(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Report;

    #[test]
    fn round_trip_and_corruption_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf(), 1);
        let linter = Linter::default();
        let bytes = b"He saw the the cat.\n";
        let Report::Checked {
            findings, verbatim, ..
        } = linter.check_bytes("a.txt", bytes)
        else {
            panic!()
        };
        let key = cache.key(&linter, "a.txt", bytes);
        assert!(cache.get(key).is_none());
        cache.put(
            key,
            &Entry {
                findings: findings.clone(),
                verbatim,
            },
        );
        let got = cache.get(key).unwrap();
        assert_eq!(got.findings.len(), 1);
        assert_eq!(got.findings[0].diagnostic, findings[0].diagnostic);
        // Another format, content or build is another key.
        assert_ne!(key, cache.key(&linter, "a.md", bytes));
        assert_ne!(key, cache.key(&linter, "a.txt", b"He saw the cat.\n"));
        assert_ne!(
            key,
            Cache::new(dir.path().to_path_buf(), 2).key(&linter, "a.txt", bytes)
        );
        // Flip one payload byte: the entry is ignored.
        let p = cache.path(key);
        let mut data = std::fs::read(&p).unwrap();
        let last = data.len() - 1;
        data[last] ^= 0xFF;
        std::fs::write(&p, &data).unwrap();
        assert!(cache.get(key).is_none());
        std::fs::write(&p, b"garbage").unwrap();
        assert!(cache.get(key).is_none());
    }
}
