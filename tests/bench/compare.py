#!/usr/bin/env python3
"""Times the copydesk CLI on a generated news corpus against ripgrep running an equivalent set of 30
linter-like regexes (tests/bench/patterns.txt), and against typos when it is installed.

    python3 tests/bench/compare.py [--files 20000] [--words 830] [--runs 5] [--bin target/release/copydesk]

Runs alternate between the tools (copydesk, rg, typos, copydesk, …) so that machine noise hits them
alike; every figure is the median of --runs runs. Prints MB/s, files/s, peak RSS and the ratios, then
the same for one 1,000-word article (process start included), the warm-cache run, single files
of 1, 10 and 100 MB for linear scaling, and pathological inputs against ordinary copy of the same
size. Nothing is downloaded: the corpus comes from `copydesk gen-corpus`. Needs ripgrep
(`apt-get install ripgrep`); times and peak RSS are read from each child's own rusage.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def timed(cmd, env=None):
    """(wall seconds, peak RSS in KiB) of one run. Both come from the child itself: the clock
    runs from spawning it to reaping it, and the peak RSS is its own rusage (os.wait4), so no
    wrapper process is timed along with it."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(child.pid, 0)
    secs = time.perf_counter() - start
    child.returncode = 0  # reaped above; keep Popen from waiting again
    return secs, usage.ru_maxrss


def size_of(path):
    if os.path.isfile(path):
        return os.path.getsize(path), 1
    total = files = 0
    for d, _, names in os.walk(path):
        for n in names:
            total += os.path.getsize(os.path.join(d, n))
            files += 1
    return total, files


def compare(label, tools, path, runs):
    nbytes, nfiles = size_of(path)
    results = {name: [] for name, _ in tools}
    for _ in range(runs):
        for name, cmd in tools:
            results[name].append(timed(cmd(path)))
    print(f"\n{label}: {nbytes / 1e6:.1f} MB in {nfiles} files, median of {runs} alternating runs")
    print(f"  {'tool':<22} {'seconds':>8} {'MB/s':>9} {'files/s':>9} {'peak RSS':>10}")
    med = {}
    for name, rs in results.items():
        secs = statistics.median(r[0] for r in rs)
        rss = statistics.median(r[1] for r in rs)
        med[name] = secs
        rate = nbytes / 1e6 / secs if secs > 0 else float("inf")
        fps = nfiles / secs if secs > 0 else float("inf")
        print(f"  {name:<22} {secs:8.3f} {rate:9.1f} {fps:9.0f} {rss / 1024:8.1f} MiB")
    base = med.get("copydesk")
    for name, secs in med.items():
        if name != "copydesk" and base:
            print(f"  copydesk time / {name} time = {base / secs:.2f}")
    return med


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=20000)
    ap.add_argument("--words", type=int, default=830)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/copydesk"))
    ap.add_argument("--keep", help="reuse/keep the corpus in this directory")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"build first: cargo build --release ({args.bin} missing)")
    if not shutil.which("rg"):
        sys.exit("ripgrep is needed: apt-get install ripgrep")
    work = args.keep or tempfile.mkdtemp(prefix="copydesk-bench-")
    corpus = os.path.join(work, "corpus")
    if not os.path.isdir(corpus):
        subprocess.run([args.bin, "gen-corpus", "--out", corpus, "--files", str(args.files),
                        "--words", str(args.words), "--seed", "1"], check=True, stdout=subprocess.DEVNULL)
    patterns = os.path.join(HERE, "patterns.txt")
    cache = os.path.join(work, "cache")
    env = dict(os.environ, COPYDESK_CACHE_DIR=cache)
    tools = [
        ("copydesk", lambda p: [args.bin, "check", "--format", "json", "--no-cache", p]),
        ("rg -f patterns.txt", lambda p: ["rg", "-c", "--no-messages", "-f", patterns, p]),
    ]
    if shutil.which("typos"):
        tools.append(("typos", lambda p: ["typos", "--format", "brief", p]))
    print(f"copydesk: {subprocess.run([args.bin, '--version'], capture_output=True, text=True).stdout.strip()}; "
          f"{os.cpu_count()} cores")
    compare("Corpus", tools, corpus, args.runs)

    one = os.path.join(work, "one")
    if not os.path.isdir(one):
        subprocess.run([args.bin, "gen-corpus", "--out", one, "--files", "1", "--words", "1000", "--seed", "9"],
                       check=True, stdout=subprocess.DEVNULL)
    article = os.path.join(one, "000", "story-00000.txt")
    compare("One 1,000-word article (process start included)", tools, article, max(args.runs, 21))

    # Warm cache: a second run over the unchanged corpus.
    shutil.rmtree(cache, ignore_errors=True)
    cold = timed([args.bin, "check", "--format", "json", corpus], env)[0]
    warm = statistics.median(timed([args.bin, "check", "--format", "json", corpus], env)[0] for _ in range(args.runs))
    print(f"\nCache: cold {cold:.3f} s, warm {warm:.3f} s, {cold / warm:.1f}x faster")

    # Linear scaling on single files: the cost per MB, raw and net of the fixed cost of a run
    # (process start, rule set), which is measured on an empty file and would otherwise make the
    # smallest file look dearest per MB.
    empty = os.path.join(work, "empty.txt")
    open(empty, "w").close()
    fixed = statistics.median(timed([args.bin, "check", "--format", "json", "--no-cache", empty])[0]
                              for _ in range(9))
    print(f"\nSingle files (copydesk only; a run on an empty file takes {fixed * 1000:.1f} ms):")
    base = None
    base_net = None
    for mb in (1, 10, 100):
        d = os.path.join(work, f"single{mb}")
        if not os.path.isdir(d):
            subprocess.run([args.bin, "gen-corpus", "--out", d, "--files", "1", "--words", str(mb * 175000),
                            "--seed", "5"], check=True, stdout=subprocess.DEVNULL)
        f = os.path.join(d, "000", "story-00000.txt")
        size = os.path.getsize(f) / 1e6
        rs = [timed([args.bin, "check", "--format", "json", "--no-cache", f]) for _ in range(5)]
        secs = statistics.median(r[0] for r in rs)
        rss = max(r[1] for r in rs) / 1024
        per_mb = secs / size
        net_per_mb = max(secs - fixed, 1e-9) / size
        out = subprocess.run([args.bin, "check", "--format", "json", "--no-cache", f],
                             capture_output=True).stdout
        findings = out.count(b'"rule":')
        base = base or per_mb
        base_net = base_net or net_per_mb
        print(f"  {size:6.1f} MB: {secs:7.3f} s, {size / secs:6.1f} MB/s, {per_mb / base:4.2f}x the 1 MB cost per MB "
              f"({net_per_mb / base_net:4.2f}x net of the fixed cost), "
              f"peak RSS {rss:.0f} MiB ({rss * 1.048576 / size:.2f}x the file), {findings} findings")
    # Pathological inputs against ordinary copy of the same size (the 10 MB single file).
    normal = os.path.join(work, "single10", "000", "story-00000.txt")
    with open(normal, encoding="utf-8") as fh:
        text = fh.read()
    n = len(text.encode("utf-8"))
    sentence = "The council approved the budget on Monday after months of talks. "
    quoted = '"' + "These are the words of a speaker who is never named here. "
    shapes = {
        "one paragraph, no line breaks": text.replace("\n", " "),
        "one sentence repeated": sentence * (n // len(sentence)),
        "quotation marks (one every 60 bytes)": quoted * (n // len(quoted)),
        "one line of a single word": "a" * n + "\n",
        "quoted paragraphs": ("“" + sentence.strip() + "”\n\n") * (n // (len(sentence) + 8)),
    }
    normal_secs = statistics.median(timed([args.bin, "check", "--format", "json", "--no-cache", normal])[0]
                                    for _ in range(3))
    print(f"\nPathological inputs, {n / 1e6:.0f} MB each (ordinary copy: {normal_secs:.3f} s):")
    for name, body in shapes.items():
        p = os.path.join(work, "pathological.txt")
        with open(p, "w", encoding="utf-8") as fh:
            fh.write(body)
        secs = statistics.median(timed([args.bin, "check", "--format", "json", "--no-cache", p])[0]
                                 for _ in range(3))
        per_byte = (secs / os.path.getsize(p)) / (normal_secs / n)
        print(f"  {name:<38} {secs:7.3f} s, {per_byte:4.2f}x the cost per byte of ordinary copy")
        os.remove(p)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
