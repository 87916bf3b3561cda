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
    let select = |p: &Path, named: bool| (named || accept(p)).then_some(());
    let errors = each(paths, opts, select, |c, ()| files.push(c));
    let order = path_order(files.iter().map(|c| (c.path.as_path(), c.explicit)));
    (picked(files, &order), errors)
}

/// The items of `items` at the indexes `order` gives (each at most once), in that order: each
/// item moves once, and the ones left out are dropped.
pub fn picked<R>(items: Vec<R>, order: &[usize]) -> Vec<R> {
    let mut slots: Vec<Option<R>> = items.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

/// Expands `paths` into files like [`collect`], but hands each file to `emit` as soon as it is
/// found, in the order of the walk (not sorted, and a file reached twice comes twice), with what
/// `select` said of it. `select` sees every file, with whether it was named (rather than found
/// by walking a directory), and returns `None` to leave it out. Returns the paths that could not
/// be walked with the reason.
pub fn each<T>(
    paths: &[PathBuf],
    opts: WalkOptions,
    mut select: impl FnMut(&Path, bool) -> Option<T>,
    mut emit: impl FnMut(Candidate, T),
) -> Vec<(PathBuf, String)> {
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => errors.push((p.clone(), describe_io(&e))),
            Ok(m) if m.is_file() => {
                if let Some(t) = select(p, true) {
                    let path = p.clone();
                    emit(
                        Candidate {
                            path,
                            explicit: true,
                        },
                        t,
                    );
                }
            }
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
                            if !e.file_type().is_some_and(|t| t.is_file()) {
                                continue;
                            }
                            if let Some(t) = select(e.path(), false) {
                                let path = e.into_path();
                                emit(
                                    Candidate {
                                        path,
                                        explicit: false,
                                    },
                                    t,
                                );
                            }
                        }
                        Err(e) => errors.push((p.clone(), e.to_string())),
                    }
                }
            }
        }
    }
    errors
}

/// The order in which to report files found in the order `files` gives (path, and whether it
/// was named rather than walked): their indexes in path order, each path once (several paths
/// given can reach the same file; a walked file comes before the same file named).
pub fn path_order<'a>(files: impl Iterator<Item = (&'a Path, bool)>) -> Vec<usize> {
    // Compared as bytes: comparing paths component by component is slow enough to show in a
    // run over an archive that is all cache hits.
    let keys: Vec<(Vec<u8>, bool)> = files.map(|(p, named)| (order_key(p), named)).collect();
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_unstable_by(|&a, &b| keys[a].cmp(&keys[b]));
    order.dedup_by(|a, b| keys[*a].0 == keys[*b].0);
    order
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
    let results: Vec<(usize, R)> = std::thread::scope(|s| {
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
    in_index_order(results)
}

/// The results of [`parallel_map`] and [`pipeline`], numbered by item, in item order: each moved
/// once, to its place (a file's results are large, and sorting moves them many times).
fn in_index_order<R>(results: Vec<(usize, R)>) -> Vec<R> {
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None)
        .take(results.len())
        .collect();
    for (i, r) in results {
        slots[i] = Some(r);
    }
    slots.into_iter().flatten().collect()
}

/// Runs `f` over the items `produce` hands out, on all cores, while it is still producing them,
/// and returns the results in the order the items were produced.
///
/// One thread runs `warm_up` (reading a cache, say) and then takes items while the calling thread
/// produces; the other threads start when production ends. The calling thread then runs
/// `meanwhile` on what `produce` returned (sorting, say) and waits. So a walk that finds files
/// overlaps with checking them, and no more threads run than there are cores. (Checking on the
/// calling thread as well measured slower, on a run over an archive, than leaving it to threads
/// of its own.)
pub fn pipeline<T: Send, R: Send, P, M>(
    produce: impl FnOnce(&mut dyn FnMut(T)) -> P,
    warm_up: impl FnOnce() + Send,
    f: impl Fn(T) -> R + Sync,
    meanwhile: impl FnOnce(P) -> M,
) -> (Vec<R>, M) {
    use std::sync::{Condvar, Mutex};
    /// Items handed over at once: few enough that the threads finish together, enough that
    /// they seldom meet at the lock.
    const BATCH: usize = 16;
    struct Queue<T> {
        items: std::collections::VecDeque<(usize, T)>,
        done: bool,
        waiting: usize,
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let queue = Mutex::new(Queue {
        items: std::collections::VecDeque::new(),
        done: false,
        waiting: 0,
    });
    let ready = Condvar::new();
    let lock = || queue.lock().unwrap_or_else(|e| e.into_inner());
    // Takes items until production has ended and the queue is empty.
    let work = || {
        let (mut batch, mut results) = (Vec::with_capacity(BATCH), Vec::new());
        loop {
            {
                let mut q = lock();
                while q.items.is_empty() && !q.done {
                    q.waiting += 1;
                    q = ready.wait(q).unwrap_or_else(|e| e.into_inner());
                    q.waiting -= 1;
                }
                if q.items.is_empty() {
                    return results;
                }
                let n = q.items.len().min(BATCH);
                batch.extend(q.items.drain(..n));
            }
            results.extend(batch.drain(..).map(|(i, t)| (i, f(t))));
        }
    };
    let hand_over = |pending: &mut Vec<(usize, T)>, done: bool| {
        let mut q = lock();
        q.items.extend(pending.drain(..));
        q.done = done;
        if done {
            ready.notify_all();
        } else if q.waiting > 0 {
            ready.notify_one();
        }
    };
    let (results, m): (Vec<(usize, R)>, M) = std::thread::scope(|s| {
        let work = &work;
        let mut threads = vec![s.spawn(move || {
            warm_up();
            work()
        })];
        let (mut pending, mut next) = (Vec::with_capacity(BATCH), 0);
        let produced = produce(&mut |t| {
            pending.push((next, t));
            next += 1;
            if pending.len() == BATCH {
                hand_over(&mut pending, false);
            }
        });
        hand_over(&mut pending, true);
        threads.extend((1..cores).map(|_| s.spawn(work)));
        let m = meanwhile(produced);
        let mut all = Vec::with_capacity(next);
        for t in threads {
            all.extend(t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        (all, m)
    });
    (in_index_order(results), m)
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
    fn walked_files_come_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "a/b.txt",
            "a-b.txt",
            "a.b/c.txt",
            "ab.txt",
            "a/b/c.txt",
            "b/a.txt",
            "a/+.txt",
            "a/b-.txt",
            "é/a.txt",
            "a /b.txt",
            "Z.txt",
            "a/B.txt",
        ];
        for n in names {
            let p = dir.path().join(n);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x").unwrap();
        }
        let (one, errors) = collect(&[dir.path().to_path_buf()], WalkOptions::default(), |_| {
            true
        });
        assert!(errors.is_empty());
        let mut expected: Vec<PathBuf> = names.iter().map(|n| dir.path().join(n)).collect();
        expected.sort();
        let got: Vec<PathBuf> = one.iter().map(|c| c.path.clone()).collect();
        assert_eq!(got, expected);
        // Several paths, overlapping and out of order, are merged and deduplicated.
        let roots = [
            dir.path().join("a"),
            dir.path().to_path_buf(),
            dir.path().join("ab.txt"),
        ];
        let (many, _) = collect(&roots, WalkOptions::default(), |_| true);
        let got: Vec<PathBuf> = many.iter().map(|c| c.path.clone()).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn pipeline_keeps_the_order_of_production() {
        use std::sync::atomic::AtomicBool;
        let warmed = AtomicBool::new(false);
        // Items are produced slowly enough that checking starts before production ends.
        let seen_before_end = AtomicUsize::new(0);
        let checked = AtomicUsize::new(0);
        let (out, m) = pipeline(
            |emit| {
                for i in 0..2000usize {
                    emit(i);
                    if i == 1000 {
                        let deadline =
                            std::time::Instant::now() + std::time::Duration::from_secs(20);
                        while checked.load(Ordering::SeqCst) == 0
                            && std::time::Instant::now() < deadline
                        {
                            std::thread::yield_now();
                        }
                        seen_before_end.store(checked.load(Ordering::SeqCst), Ordering::SeqCst);
                    }
                }
                "produced"
            },
            || warmed.store(true, Ordering::SeqCst),
            |i| {
                assert!(
                    warmed.load(Ordering::SeqCst),
                    "warm-up runs before the first item"
                );
                checked.fetch_add(1, Ordering::SeqCst);
                i * 3
            },
            |p| format!("{p}, then sorted"),
        );
        assert_eq!(out, (0..2000).map(|i| i * 3).collect::<Vec<_>>());
        assert_eq!(m, "produced, then sorted");
        assert!(seen_before_end.load(Ordering::SeqCst) > 0);
        assert_eq!(checked.load(Ordering::SeqCst), 2000);
        // Nothing produced: nothing checked, and the warm-up still runs.
        let warmed = AtomicBool::new(false);
        let (none, ()): (Vec<usize>, ()) = pipeline(
            |_| {},
            || warmed.store(true, Ordering::SeqCst),
            |i| i,
            |()| (),
        );
        assert!(none.is_empty() && warmed.load(Ordering::SeqCst));
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
