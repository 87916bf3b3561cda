//! Finding the files to check, and checking them in parallel.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Extensions checked by default when walking directories.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

/// How to walk.
#[derive(Debug, Clone, Copy, Default)]
pub struct WalkOptions {
    /// Do not honour `.gitignore`, `.ignore` and similar files.
    pub no_ignore: bool,
}

/// A file to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Its path as given or found.
    pub path: PathBuf,
    /// Named on the command line (checked whatever its extension).
    pub explicit: bool,
}

/// Whether `path` has one of the default extensions.
pub fn has_default_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DEFAULT_EXTENSIONS.iter().any(|d| d.eq_ignore_ascii_case(e)))
}

/// Expands `paths` into files. `accept` decides for walked (not named) files. Returns the files,
/// sorted and deduplicated, and the paths that could not be walked with the reason.
pub fn collect(
    paths: &[PathBuf],
    opts: WalkOptions,
    accept: impl Fn(&Path) -> bool,
) -> (Vec<Candidate>, Vec<(PathBuf, String)>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => errors.push((p.clone(), describe_io(&e))),
            Ok(m) if m.is_file() => files.push(Candidate {
                path: p.clone(),
                explicit: true,
            }),
            Ok(_) => {
                let walker = ignore::WalkBuilder::new(p)
                    .hidden(true)
                    .git_ignore(!opts.no_ignore)
                    .git_global(!opts.no_ignore)
                    .git_exclude(!opts.no_ignore)
                    .ignore(!opts.no_ignore)
                    .parents(!opts.no_ignore)
                    .require_git(false)
                    .build();
                for entry in walker {
                    match entry {
                        Ok(e) => {
                            if e.file_type().is_some_and(|t| t.is_file()) && accept(e.path()) {
                                files.push(Candidate {
                                    path: e.into_path(),
                                    explicit: false,
                                });
                            }
                        }
                        Err(e) => errors.push((p.clone(), e.to_string())),
                    }
                }
            }
        }
    }
    // Path order, compared as bytes: comparing paths component by component is slow enough to
    // show in a run over an archive that is all cache hits.
    files.sort_by_cached_key(|c| (order_key(&c.path), c.explicit));
    files.dedup_by(|a, b| a.path == b.path);
    (files, errors)
}

/// Bytes that sort like `path` does (component by component): each component is its kind, its
/// name and a NUL, which sorts before any byte a name can hold, so `a/b` comes before `a-b` as it
/// does for paths.
fn order_key(path: &Path) -> Vec<u8> {
    use std::path::Component;
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for c in path.components() {
        key.push(match c {
            Component::Prefix(_) => 0,
            Component::RootDir => 1,
            Component::CurDir => 2,
            Component::ParentDir => 3,
            Component::Normal(_) => 4,
        });
        key.extend_from_slice(c.as_os_str().as_encoded_bytes());
        key.push(0);
    }
    key
}

/// Reads the file at `path` into `buf`, replacing its contents. Unlike [`std::fs::read`] it
/// does not ask the file's size first: with a buffer reused from file to file, that is one
/// system call less per file, and no allocation.
pub fn read_into(path: &Path, buf: &mut Vec<u8>) -> std::io::Result<()> {
    use std::io::Read;
    buf.clear();
    // Room for a typical story, so a new buffer does not grow from a few bytes, read by read.
    buf.reserve(64 << 10);
    // `Take` gives `read_to_end` no size hint, and it passes the spare capacity to the file
    // uninitialised: a reader of our own would have it zeroed first, which for a large file
    // touches memory it never fills.
    std::fs::File::open(path)?.take(u64::MAX).read_to_end(buf)?;
    Ok(())
}

/// A short description of an I/O error.
pub fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Runs `f` over `items` on all cores and returns the results in the order of `items`.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut local = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        local.push((i, f(item)));
                    }
                    local
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn order_key_sorts_like_paths() {
        let names = [
            "a/b", "a-b", "a.b/c", "ab", "a", "a/b/c", "/x", "/a-b", "./a", "../a", "+x", "b/a",
            "a/+", "a/b-", "é/a", "a /b",
        ];
        let mut by_path: Vec<PathBuf> = names.iter().map(PathBuf::from).collect();
        let mut by_key = by_path.clone();
        by_path.sort();
        by_key.sort_by_cached_key(|p| super::order_key(p));
        assert_eq!(by_key, by_path);
    }

    use super::*;

    #[test]
    fn read_into_replaces_the_buffer_with_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let big: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, &big).unwrap();
        std::fs::write(&b, b"short").unwrap();
        let mut buf = b"left over".to_vec();
        read_into(&a, &mut buf).unwrap();
        assert_eq!(buf, big);
        read_into(&b, &mut buf).unwrap();
        assert_eq!(buf, b"short");
        read_into(&a, &mut buf).unwrap();
        assert_eq!(buf, big);
        let e = read_into(&dir.path().join("missing"), &mut buf).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
    }

    #[test]
    fn parallel_map_keeps_order() {
        let v: Vec<usize> = (0..1000).collect();
        assert_eq!(
            parallel_map(&v, |x| x * 2),
            v.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
    }
}
