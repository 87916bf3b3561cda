//! `cargo bench`: throughput of the whole default rule set over a generated corpus of news-like
//! text (deterministic, no downloads), single-threaded per document, in parallel over documents,
//! and through the CLI (`copydesk check --format json` on a directory of files).

use copydesk::corpus::corpus;
use copydesk::walk::parallel_map;
use copydesk::Linter;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let docs = corpus(42, 400, 900, true);
    let bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    let linter = Linter::default();

    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(bytes as u64))
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    g.bench_function("single-thread", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(name, text)| {
                    linter
                        .check_bytes(name, text.as_bytes())
                        .diagnostics()
                        .len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("parallel", |b| {
        b.iter(|| {
            parallel_map(&docs, |(name, text)| {
                linter
                    .check_bytes(name, text.as_bytes())
                    .diagnostics()
                    .len()
            })
            .iter()
            .sum::<usize>()
        })
    });
    // The same corpus as files, through the binary: walk, read, check, JSON out.
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in &docs {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    g.bench_function("cli-json", |b| {
        b.iter(|| {
            std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
                .args(["check", "--format", "json", "--no-cache"])
                .arg(dir.path())
                .output()
                .expect("run copydesk")
                .stdout
                .len()
        })
    });
    g.finish();

    let one = corpus(7, 1, 1000, true).remove(0).1;
    let mut g = c.benchmark_group("one-article");
    g.throughput(Throughput::Bytes(one.len() as u64));
    g.bench_function("check-1000-words", |b| {
        b.iter(|| {
            linter
                .check_bytes("story.txt", one.as_bytes())
                .diagnostics()
                .len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
