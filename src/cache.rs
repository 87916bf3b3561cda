//! A cache of check results keyed by file content, configuration and copydesk build — never by
//! timestamps — so a second run over an unchanged archive only reads and hashes its files.
//!
//! Entries live in one directory (see [`default_dir`]), in segment files (`*.seg`): a run reads
//! every segment once, on its first lookup or earlier through [`Cache::preload`], and writes the
//! entries it computed to one new segment when it ends ([`Cache::finish`]), written to a
//! temporary file and renamed into place. A segment is a magic header and a sequence of records
//! — key, payload length, a 128-bit XXH3 checksum of key and payload, payload (bincode). A
//! record that is truncated, corrupt or from another format is ignored, never trusted. When a
//! run finds more than [`MAX_SEGMENTS`] segments it merges them into one (the newest entry of a
//! key wins), keeping at most [`MAX_BYTES`] of the entries this run used.

use crate::document::Format;
use crate::{Finding, Linter};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use xxhash_rust::xxh3::{xxh3_128, xxh3_128_with_seed, xxh3_64, Xxh3};

const MAGIC: &[u8; 8] = b"CDKS\x00\x00\x00\x02";
const HEADER: usize = 16 + 4 + 16;

/// Segments a run tolerates before it merges them into one.
pub const MAX_SEGMENTS: usize = 8;

/// The most a merged segment keeps: beyond it, only the entries the merging run used.
pub const MAX_BYTES: usize = 256 << 20;

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

/// The segments found on disk, read on first use.
#[derive(Debug, Default)]
struct Loaded {
    /// Path and bytes of each segment, oldest first.
    segments: Vec<(PathBuf, Vec<u8>)>,
    /// Key → (segment, payload range, entry number) of its newest intact record.
    index: FxHashMap<u128, (usize, std::ops::Range<usize>, usize)>,
    /// By entry number: whether this run read the entry (kept when segments are merged).
    used: Vec<AtomicBool>,
}

/// The segment this run is writing.
#[derive(Debug)]
struct Writer {
    file: BufWriter<tempfile::NamedTempFile>,
    keys: FxHashSet<u128>,
}

/// The result cache.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    build: u64,
    loaded: OnceLock<Loaded>,
    /// `None` until the first entry is stored; `Some(None)` if the segment could not be created
    /// (a read-only directory, say), so the run does not try again for every file.
    writer: Mutex<Option<Option<Writer>>>,
}

impl Cache {
    /// A cache in `dir` for the copydesk build identified by `build` (the CLI uses the binary's
    /// size and modification time, so a rebuilt binary never reads old results).
    pub fn new(dir: PathBuf, build: u64) -> Cache {
        Cache {
            dir,
            build,
            loaded: OnceLock::new(),
            writer: Mutex::new(None),
        }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key of a file's results: content, format, rules and settings, build.
    pub fn key(&self, linter: &Linter, path: &str, bytes: &[u8]) -> u128 {
        // Everything but the content goes into the seed, so the content is hashed in one call
        // (the streaming hasher is slower on the few KiB of a story).
        let markdown = Format::from_path(path) == Format::Markdown;
        let mut parts = [0u8; 24];
        parts[..8].copy_from_slice(&self.build.to_le_bytes());
        parts[8..16].copy_from_slice(&linter.fingerprint().to_le_bytes());
        parts[16..].copy_from_slice(&u64::from(markdown).to_le_bytes());
        xxh3_128_with_seed(bytes, xxh3_64(&parts))
    }

    /// Reads the stored segments now (a run can do this while it walks its paths).
    pub fn preload(&self) {
        self.loaded();
    }

    fn loaded(&self) -> &Loaded {
        self.loaded.get_or_init(|| load(&self.dir))
    }

    /// The stored entry, if present and intact.
    pub fn get(&self, key: u128) -> Option<Entry> {
        let loaded = self.loaded();
        let (seg, range, n) = loaded.index.get(&key)?;
        let entry = bincode::deserialize(&loaded.segments[*seg].1[range.clone()]).ok()?;
        // A flag per entry, not a shared set: lookups on every thread mark hits without a lock.
        // Only a run that will merge the segments reads the flags; in other runs, threads
        // writing neighbouring flags would only contend for their cache lines.
        if loaded.segments.len() >= MAX_SEGMENTS {
            loaded.used[*n].store(true, Ordering::Relaxed);
        }
        Some(entry)
    }

    /// Adds an entry to the segment this run writes (errors are ignored: the cache is only an
    /// optimisation). It is stored by [`Cache::finish`].
    pub fn put(&self, key: u128, entry: &Entry) {
        let Ok(payload) = bincode::serialize(entry) else {
            return;
        };
        let Ok(mut guard) = self.writer.lock() else {
            return;
        };
        let slot = guard.get_or_insert_with(|| new_writer(&self.dir));
        let Some(w) = slot.as_mut() else { return };
        if w.keys.insert(key) && write_record(&mut w.file, key, &payload).is_err() {
            *slot = None;
        }
    }

    /// Stores this run's new entries as a segment, and merges the segments when there are too
    /// many. Call once, at the end of a run.
    pub fn finish(&self) {
        let writer = self.writer.lock().ok().and_then(|mut g| g.take()).flatten();
        let Some(Writer { file, keys }) = writer else {
            return;
        };
        // The segments there were before this one (read now if no lookup has read them).
        let loaded = self.loaded();
        let Some(written) = persist(file) else { return };
        if loaded.segments.len() < MAX_SEGMENTS {
            return;
        }
        let hit = |k: &u128| {
            loaded
                .index
                .get(k)
                .is_some_and(|&(_, _, n)| loaded.used[n].load(Ordering::Relaxed))
        };
        let Ok(new) = std::fs::read(&written) else {
            return;
        };
        // Borrowed, not copied: the loaded segments can be large.
        let mut sources: Vec<(&Path, &[u8])> = loaded
            .segments
            .iter()
            .map(|(p, d)| (p.as_path(), d.as_slice()))
            .collect();
        sources.push((&written, &new));
        merge(&self.dir, &sources, |k| keys.contains(k) || hit(k));
    }
}

fn new_writer(dir: &Path) -> Option<Writer> {
    std::fs::create_dir_all(dir).ok()?;
    let tmp = tempfile::Builder::new()
        .prefix(".segment-")
        .tempfile_in(dir)
        .ok()?;
    let mut file = BufWriter::with_capacity(1 << 16, tmp);
    file.write_all(MAGIC).ok()?;
    Some(Writer {
        file,
        keys: FxHashSet::default(),
    })
}

fn write_record(w: &mut impl Write, key: u128, payload: &[u8]) -> std::io::Result<()> {
    let len = u32::try_from(payload.len()).map_err(std::io::Error::other)?;
    w.write_all(&key.to_le_bytes())?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(&checksum(key, payload).to_le_bytes())?;
    w.write_all(payload)
}

fn checksum(key: u128, payload: &[u8]) -> u128 {
    let mut h = Xxh3::new();
    h.update(&key.to_le_bytes());
    h.update(payload);
    h.digest128()
}

/// Renames a finished segment into place under a fresh name; returns its path.
fn persist(file: BufWriter<tempfile::NamedTempFile>) -> Option<PathBuf> {
    let tmp = file.into_inner().ok()?;
    let dir = tmp.path().parent()?.to_path_buf();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let name = format!(
        "{:032x}.seg",
        xxh3_128(format!("{stamp}:{}:{:?}", std::process::id(), tmp.path()).as_bytes())
    );
    let path = dir.join(name);
    tmp.persist_noclobber(&path).ok()?;
    Some(path)
}

/// The intact records of a segment: (key, payload range), in order.
fn records(data: &[u8]) -> Vec<(u128, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    if !data.starts_with(MAGIC) {
        return out;
    }
    let mut at = MAGIC.len();
    while let Some(head) = data.get(at..at + HEADER) {
        let key = u128::from_le_bytes(head[..16].try_into().unwrap_or_default());
        let len = u32::from_le_bytes(head[16..20].try_into().unwrap_or_default()) as usize;
        let sum = u128::from_le_bytes(head[20..36].try_into().unwrap_or_default());
        let start = at + HEADER;
        let Some(payload) = data.get(start..start + len) else {
            break; // truncated: nothing after this can be found
        };
        if checksum(key, payload) == sum {
            out.push((key, start..start + len));
        }
        at = start + len;
    }
    out
}

fn load(dir: &Path) -> Loaded {
    let mut paths: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "seg"))
        .map(|e| {
            let t = e
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            (t, e.path())
        })
        .collect();
    paths.sort();
    let mut loaded = Loaded::default();
    for (_, path) in paths {
        let Ok(data) = std::fs::read(&path) else {
            continue;
        };
        let seg = loaded.segments.len();
        // Sized for records of files without findings, the smallest and most common: growing
        // the index as it fills showed in runs that are all cache hits.
        loaded.index.reserve(data.len() / (HEADER + 9));
        for (key, range) in records(&data) {
            let n = loaded.used.len();
            loaded.used.push(AtomicBool::new(false));
            loaded.index.insert(key, (seg, range, n));
        }
        loaded.segments.push((path, data));
    }
    loaded
}

/// Writes the records of `sources` (oldest first; the newest record of a key wins) to one new
/// segment and removes the sources. Past [`MAX_BYTES`], only keys for which `used` holds stay.
fn merge(dir: &Path, sources: &[(&Path, &[u8])], used: impl Fn(&u128) -> bool) {
    let mut newest: FxHashMap<u128, (usize, std::ops::Range<usize>)> = FxHashMap::default();
    for (i, (_, data)) in sources.iter().enumerate() {
        for (key, range) in records(data) {
            newest.insert(key, (i, range));
        }
    }
    let total: usize = newest.values().map(|(_, r)| r.len() + HEADER).sum();
    let Some(mut w) = new_writer(dir) else { return };
    let mut order: Vec<(&u128, &(usize, std::ops::Range<usize>))> = newest.iter().collect();
    order.sort_by_key(|(_, (i, r))| (*i, r.start));
    for (key, (i, range)) in order {
        if total > MAX_BYTES && !used(key) {
            continue;
        }
        if write_record(&mut w.file, *key, &sources[*i].1[range.clone()]).is_err() {
            return;
        }
    }
    if persist(w.file).is_some() {
        for (path, _) in sources {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Report;

    fn entry(linter: &Linter, bytes: &[u8]) -> Entry {
        let Report::Checked {
            findings, verbatim, ..
        } = linter.check_bytes("a.txt", bytes)
        else {
            panic!()
        };
        Entry { findings, verbatim }
    }

    fn segments(dir: &Path) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "seg"))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn round_trip_and_corruption_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let linter = Linter::default();
        let bytes = b"He saw the the cat.\n";
        let first = Cache::new(dir.path().to_path_buf(), 1);
        let key = first.key(&linter, "a.txt", bytes);
        assert!(first.get(key).is_none());
        let e = entry(&linter, bytes);
        first.put(key, &e);
        // Nothing is visible before the run ends.
        assert!(segments(dir.path()).is_empty());
        first.finish();
        assert_eq!(segments(dir.path()).len(), 1);

        let second = Cache::new(dir.path().to_path_buf(), 1);
        let got = second.get(key).unwrap();
        assert_eq!(got.findings.len(), 1);
        assert_eq!(got.findings[0].diagnostic, e.findings[0].diagnostic);
        // Another format, content or build is another key.
        assert_ne!(key, second.key(&linter, "a.md", bytes));
        assert_ne!(key, second.key(&linter, "a.txt", b"He saw the cat.\n"));
        assert_ne!(
            key,
            Cache::new(dir.path().to_path_buf(), 2).key(&linter, "a.txt", bytes)
        );

        // Flip one payload byte: the entry is ignored.
        let seg = &segments(dir.path())[0];
        let mut data = std::fs::read(seg).unwrap();
        let last = data.len() - 1;
        data[last] ^= 0xFF;
        std::fs::write(seg, &data).unwrap();
        assert!(Cache::new(dir.path().to_path_buf(), 1).get(key).is_none());
        // Truncated, or garbage: ignored.
        std::fs::write(seg, &data[..data.len() / 2]).unwrap();
        assert!(Cache::new(dir.path().to_path_buf(), 1).get(key).is_none());
        std::fs::write(seg, b"garbage").unwrap();
        assert!(Cache::new(dir.path().to_path_buf(), 1).get(key).is_none());
    }

    #[test]
    fn a_damaged_record_does_not_hide_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let linter = Linter::default();
        let texts: [&[u8]; 3] = [b"One one.\n", b"The the cat.\n", b"A a dog.\n"];
        let cache = Cache::new(dir.path().to_path_buf(), 1);
        let keys: Vec<u128> = texts
            .iter()
            .map(|t| {
                let k = cache.key(&linter, "a.txt", t);
                cache.put(k, &entry(&linter, t));
                k
            })
            .collect();
        cache.finish();
        let seg = &segments(dir.path())[0];
        let mut data = std::fs::read(seg).unwrap();
        // Damage the first record's payload (its length field is intact).
        data[MAGIC.len() + HEADER] ^= 0xFF;
        std::fs::write(seg, &data).unwrap();
        let cache = Cache::new(dir.path().to_path_buf(), 1);
        assert!(cache.get(keys[0]).is_none());
        assert!(cache.get(keys[1]).is_some());
        assert!(cache.get(keys[2]).is_some());
    }

    #[test]
    fn an_unusable_directory_is_no_cache() {
        let dir = tempfile::tempdir().unwrap();
        let not_a_dir = dir.path().join("file");
        std::fs::write(&not_a_dir, b"x").unwrap();
        let linter = Linter::default();
        let cache = Cache::new(not_a_dir.clone(), 1);
        let k = cache.key(&linter, "a.txt", b"The the cat.\n");
        assert!(cache.get(k).is_none());
        cache.put(k, &entry(&linter, b"The the cat.\n"));
        cache.put(k + 1, &entry(&linter, b"The the cat.\n"));
        cache.finish();
        assert!(Cache::new(not_a_dir.clone(), 1).get(k).is_none());
        assert_eq!(std::fs::read(&not_a_dir).unwrap(), b"x");
    }

    #[test]
    fn many_segments_are_merged_into_one() {
        let dir = tempfile::tempdir().unwrap();
        let linter = Linter::default();
        let mut keys = Vec::new();
        for i in 0..MAX_SEGMENTS + 1 {
            let text = format!("Run {i} saw the the cat.\n");
            let cache = Cache::new(dir.path().to_path_buf(), 1);
            let k = cache.key(&linter, "a.txt", text.as_bytes());
            cache.get(k);
            cache.put(k, &entry(&linter, text.as_bytes()));
            cache.finish();
            keys.push(k);
        }
        // The run that found MAX_SEGMENTS segments merged them with its own.
        assert_eq!(segments(dir.path()).len(), 1);
        let cache = Cache::new(dir.path().to_path_buf(), 1);
        for k in keys {
            assert!(cache.get(k).is_some());
        }
    }
}
