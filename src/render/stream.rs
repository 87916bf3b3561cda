//! Writing long reports: items rendered on every core, a chunk at a time, and written in order;
//! and serde_json's pretty layout from any depth, so that each element of a JSON array can be
//! rendered on its own and still sit exactly where the pretty printer would have put it.

use rustc_hash::FxHashMap;
use serde::Serialize;
use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};

/// Items rendered as one piece of work: enough that handing it to a thread is paid back, few
/// enough that its text stays small (about 700 bytes a JSON finding).
pub(super) const CHUNK: usize = 1024;

/// serde_json's `PrettyFormatter` (two-space indent), starting `depth` levels in.
struct PrettyAt {
    depth: usize,
    has_value: bool,
}

fn indent<W: ?Sized + Write>(w: &mut W, depth: usize) -> io::Result<()> {
    const SPACES: &[u8] = &[b' '; 64];
    let mut n = 2 * depth;
    while n > 0 {
        let k = n.min(SPACES.len());
        w.write_all(&SPACES[..k])?;
        n -= k;
    }
    Ok(())
}

impl serde_json::ser::Formatter for PrettyAt {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.depth)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.depth)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.depth)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.depth)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Appends `value` to `buf` as `serde_json::to_writer_pretty` would write it `depth` levels
/// into a document (the first line is not indented: the caller has placed it).
pub fn pretty_at(buf: &mut Vec<u8>, depth: usize, value: &impl Serialize) {
    let mut ser = serde_json::Serializer::with_formatter(
        buf,
        PrettyAt {
            depth,
            has_value: false,
        },
    );
    // Writing to a Vec cannot fail, and the report's values have no map keys that are not
    // strings, the one thing that makes serde_json refuse a value.
    value
        .serialize(&mut ser)
        .expect("report values serialize to JSON");
}

/// Renders every item with `render(number, item, buf)` and writes the results to `w` in order.
/// A long report is cut into chunks that worker threads, started once, render while this thread
/// writes the finished ones in order; only a few chunks' text is held at a time. Returns how
/// many items there were.
pub fn render_all<T: Sync>(
    w: &mut dyn Write,
    items: impl Iterator<Item = T>,
    render: impl Fn(usize, &T, &mut Vec<u8>) + Sync,
) -> io::Result<usize> {
    let items: Vec<T> = items.collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunks = items.len().div_ceil(CHUNK);
    let render_chunk = |k: usize, buf: &mut Vec<u8>| {
        let first = k * CHUNK;
        for (i, item) in items[first..(first + CHUNK).min(items.len())]
            .iter()
            .enumerate()
        {
            render(first + i, item, buf);
        }
    };
    if threads == 1 || chunks <= 1 {
        let mut buf = Vec::new();
        for k in 0..chunks {
            render_chunk(k, &mut buf);
            w.write_all(&buf)?;
            buf.clear();
        }
        return Ok(items.len());
    }
    // A worker takes a free buffer, then the next chunk, renders it and hands it back; the
    // buffers in circulation bound the memory however slowly `w` takes the text. (Threads are
    // started once: starting one per chunk cost more, on a small machine, than rendering.)
    let next = AtomicUsize::new(0);
    let (free_tx, free_rx) = mpsc::channel::<Vec<u8>>();
    let free_rx = Mutex::new(free_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, Vec<u8>)>();
    for _ in 0..2 * threads {
        let _ = free_tx.send(Vec::new());
    }
    std::thread::scope(|s| {
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let (next, free_rx, render_chunk) = (&next, &free_rx, &render_chunk);
            s.spawn(move || loop {
                let Ok(mut buf) = free_rx
                    .lock()
                    .map_err(drop)
                    .and_then(|r| r.recv().map_err(drop))
                else {
                    return;
                };
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k >= chunks {
                    return;
                }
                buf.clear();
                render_chunk(k, &mut buf);
                if done_tx.send((k, buf)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        // Owned here, so that leaving early drops it and the workers waiting for a buffer stop.
        let free_tx = free_tx;
        let mut ready: FxHashMap<usize, Vec<u8>> = FxHashMap::default();
        let mut written = 0;
        // Ends early if a worker panicked (the scope then passes the panic on) or `w` failed:
        // dropping the channels stops the workers.
        while written < chunks {
            let Ok((k, buf)) = done_rx.recv() else { break };
            ready.insert(k, buf);
            while let Some(buf) = ready.remove(&written) {
                w.write_all(&buf)?;
                let _ = free_tx.send(buf);
                written += 1;
            }
        }
        Ok(items.len())
    })
}

/// Writes a JSON array whose elements sit `depth` levels into a pretty-printed document (the
/// opening bracket where the caller is), each element rendered with [`pretty_at`].
pub fn write_array<T: Sync, V: Serialize>(
    w: &mut dyn Write,
    depth: usize,
    items: impl Iterator<Item = T>,
    element: impl Fn(&T) -> V + Sync,
) -> io::Result<()> {
    w.write_all(b"[")?;
    let n = render_all(w, items, |i, item, buf| {
        buf.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        let _ = indent(buf, depth);
        pretty_at(buf, depth, &element(item));
    })?;
    if n > 0 {
        w.write_all(b"\n")?;
        indent(w, depth - 1)?;
    }
    w.write_all(b"]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pretty(v: &serde_json::Value, depth: usize) -> String {
        let mut buf = Vec::new();
        pretty_at(&mut buf, depth, v);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn depth_zero_is_serde_json_pretty() {
        let v = json!({"a": [], "b": {}, "c": [1, {"d": "x\ny"}, []], "e": {"f": null}});
        assert_eq!(pretty(&v, 0), serde_json::to_string_pretty(&v).unwrap());
    }

    #[test]
    fn an_element_rendered_apart_sits_where_the_whole_document_puts_it() {
        let inner = json!({"k": [1, 2], "m": {"n": "o"}, "p": []});
        let whole = json!({"outer": {"list": [inner.clone()]}});
        let expected = serde_json::to_string_pretty(&whole).unwrap();
        let element = format!("      {}", pretty(&inner, 3));
        assert!(expected.contains(&element), "{expected}\n---\n{element}");
    }

    /// Arrays long enough to be split among threads and across batches come out in order, with
    /// the layout of serde_json's pretty printer.
    #[test]
    fn arrays_match_serde_json_at_every_length() {
        for n in [0, 1, 2, CHUNK - 1, CHUNK + 1, 3 * CHUNK + 7, 20 * CHUNK] {
            let items: Vec<serde_json::Value> =
                (0..n).map(|i| json!({"i": i, "s": [i % 3]})).collect();
            let mut out = b"{\n  \"items\": ".to_vec();
            write_array(&mut out, 2, items.iter(), |v| *v).unwrap();
            out.extend_from_slice(b"\n}");
            let expected = serde_json::to_string_pretty(&json!({ "items": items })).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{n} items");
        }
    }

    #[test]
    fn render_all_numbers_items_in_order() {
        let items: Vec<usize> = (0..5 * CHUNK + 3).collect();
        let mut out = Vec::new();
        let n = render_all(&mut out, items.iter(), |i, v, buf| {
            assert_eq!(i, **v);
            buf.extend_from_slice(format!("{v}\n").as_bytes());
        })
        .unwrap();
        assert_eq!(n, items.len());
        let expected: String = items.iter().map(|v| format!("{v}\n")).collect();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    /// A reader that goes away (a closed pipe) stops the workers instead of leaving them waiting.
    #[test]
    fn a_failing_writer_ends_the_run_with_its_error() {
        struct Fails(usize);
        impl Write for Fails {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                if self.0 < buf.len() {
                    return Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"));
                }
                self.0 -= buf.len();
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let items: Vec<usize> = (0..50 * CHUNK).collect();
        let e = render_all(&mut Fails(10_000), items.iter(), |_, v, buf| {
            buf.extend_from_slice(format!("{v}\n").as_bytes())
        })
        .unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
    }
}
