#!/usr/bin/env python3
"""Times the copydesk CLI on a generated news corpus against ripgrep running an equivalent set of 30
linter-like regexes (tests/bench/patterns.txt), and against typos when it is installed.

    python3 tests/bench/compare.py [--files 20000] [--words 830] [--runs 5] [--bin target/release/copydesk]
                                   [--keep DIR] [--corpus DIR]

Runs alternate between the tools (copydesk, rg, typos, copydesk, …) so that machine noise hits them
alike; every figure is the median of --runs runs. Prints MB/s, files/s, peak RSS and the ratios, then
the same for a corpus with artifacts (several findings a story) and for one 1,000-word article
(process start included), the warm-cache run, single files of 1, 10 and 100 MB for linear scaling
(the cost per MB against the 1 MB file, and the cost of each MB from 10 to 100 MB against each MB
from 1 to 10 MB, which no fixed cost enters), and pathological inputs against ordinary copy of the
same size. ripgrep joins the lines of patterns.txt into one regex, so a flag there must be scoped
to its own line, `(?i:...)`: a bare `(?i)` would make every later line case-insensitive too.
Nothing is downloaded: the corpora come from `copydesk gen-corpus`. Needs ripgrep (`apt-get
install ripgrep`); times and peak RSS are read from each child's own rusage.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def timed(cmd, env=None):
    """(wall seconds, peak RSS in KiB, CPU seconds) of one run. All come from the child itself:
    the clock runs from spawning it to reaping it, and the peak RSS and CPU time (user + system)
    are its own rusage (os.wait4), so no wrapper process is timed along with it."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(child.pid, 0)
    secs = time.perf_counter() - start
    child.returncode = 0  # reaped above; keep Popen from waiting again
    return secs, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


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
    ap.add_argument("--corpus", help="time the tools on this folder (an archive of your own) instead of the "
                    "generated corpus")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"build first: cargo build --release ({args.bin} missing)")
    if not shutil.which("rg"):
        sys.exit("ripgrep is needed: apt-get install ripgrep")
    work = args.keep or tempfile.mkdtemp(prefix="copydesk-bench-")
    if args.corpus and not os.path.isdir(args.corpus):
        sys.exit(f"{args.corpus}: not a folder")
    corpus = args.corpus or os.path.join(work, "corpus")
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
    if not args.corpus:
        # The same kind of corpus with artifacts injected, several in every story: what findings
        # cost, from confirming them to writing the report.
        dirty = os.path.join(work, "dirty")
        if not os.path.isdir(dirty):
            subprocess.run([args.bin, "gen-corpus", "--out", dirty, "--files", str(args.files), "--words",
                            str(args.words), "--seed", "1", "--dirty"], check=True, stdout=subprocess.DEVNULL)
        # Counted as the report streams by: output held here would count in the peak RSS of the
        # tools timed after it, which starts as this process's own (they are forked from it).
        with subprocess.Popen([args.bin, "check", "--format", "concise", "--no-cache", "--quiet", dirty],
                              stdout=subprocess.PIPE) as p:
            findings = sum(c.count(b"\n") for c in iter(lambda: p.stdout.read(1 << 16), b""))
        compare(f"Corpus with artifacts (gen-corpus --dirty, {findings} findings)", tools, dirty, args.runs)

    one = os.path.join(work, "one")
    if not os.path.isdir(one):
        subprocess.run([args.bin, "gen-corpus", "--out", one, "--files", "1", "--words", "1000", "--seed", "9"],
                       check=True, stdout=subprocess.DEVNULL)
    article = os.path.join(one, "000", "story-00000.txt")
    compare("One 1,000-word article (process start included)", tools, article, max(args.runs, 21))

    # Cache: a first run with an empty cache, then a second run over the unchanged corpus; the
    # median of --runs such pairs.
    colds, warms = [], []
    for _ in range(args.runs):
        shutil.rmtree(cache, ignore_errors=True)
        colds.append(timed([args.bin, "check", "--format", "json", corpus], env)[0])
        warms.append(timed([args.bin, "check", "--format", "json", corpus], env)[0])
    cold, warm = statistics.median(colds), statistics.median(warms)
    print(f"\nCache: first run {cold:.3f} s, second run {warm:.3f} s, {cold / warm:.1f}x faster "
          f"(medians of {args.runs} pairs)")
    # The least any cache keyed by content can do: open, read and close every file (not timed:
    # starting, walking the folders, hashing, looking up, reporting).
    floor = subprocess.run([args.bin, "read-floor", "--rounds", str(max(args.runs, 5)), corpus],
                           capture_output=True, text=True, check=True).stdout
    opened, read = (float(x) for x in re.findall(r"([0-9.]+) s", floor))
    print(f"  reading the files alone, on every core: {read:.3f} s (opening and closing them: {opened:.3f} s); "
          f"a second run can be at most {cold / read:.1f}x faster than the first while it reads them")

    # Linear scaling on single files: the cost per MB, raw and net of the fixed cost of a run.
    # The fixed cost of a run: process start, the rule set, and the regexes and automata that
    # checking news copy makes copydesk build the first time it needs them. It is measured on the
    # 1,000-word article, whose own share of it is a few KB's worth; an empty file would leave out
    # the lazily built parts and make the smallest file look dearest per MB.
    sizes = (1, 10, 100)
    singles = {}
    for mb in sizes:
        d = os.path.join(work, f"single{mb}")
        if not os.path.isdir(d):
            subprocess.run([args.bin, "gen-corpus", "--out", d, "--files", "1", "--words", str(mb * 175000),
                            "--seed", "5"], check=True, stdout=subprocess.DEVNULL)
        singles[mb] = os.path.join(d, "000", "story-00000.txt")
    # Rounds that run the article and every file in turn, so that machine noise hits them alike
    # (small files are quick and noisy: more runs of them in each round).
    check = lambda f: [args.bin, "check", "--format", "json", "--no-cache", f]
    reps = {"article": 3, 1: 3, 10: 2, 100: 1}
    runs = {k: [] for k in reps}
    for _ in range(max(args.runs, 5)):
        for k, n in reps.items():
            runs[k].extend(timed(check(article if k == "article" else singles[k])) for _ in range(n))
    fixed = statistics.median(r[0] for r in runs["article"])
    fixed_cpu = statistics.median(r[2] for r in runs["article"])
    print(f"\nSingle files (copydesk only, medians of {max(args.runs, 5)} rounds that run each file in turn; "
          f"the fixed cost of a run, measured on the one article: {fixed * 1000:.1f} ms, "
          f"{fixed_cpu * 1000:.1f} ms of CPU):")
    base = None
    for mb in sizes:
        f = singles[mb]
        size = os.path.getsize(f) / 1e6
        rs = runs[mb]
        secs = statistics.median(r[0] for r in rs)
        cpu = statistics.median(r[2] for r in rs)
        rss = max(r[1] for r in rs) / 1024
        # Cost per MB: wall, wall net of the fixed cost of a run, and CPU time net of its CPU time.
        costs = (secs / size, max(secs - fixed, 1e-9) / size, max(cpu - fixed_cpu, 1e-9) / size)
        out = subprocess.run(check(f), capture_output=True).stdout
        findings = out.count(b'"rule":')
        base = base or costs
        wall, net, net_cpu = (c / b for c, b in zip(costs, base))
        print(f"  {size:6.1f} MB: {secs:7.3f} s, {size / secs:6.1f} MB/s; cost per MB against the 1 MB file: "
              f"{wall:4.2f}x ({net:4.2f}x net of the fixed cost, {net_cpu:4.2f}x in CPU time net of it); "
              f"peak RSS {rss:.0f} MiB ({rss * 1.048576 / size:.2f}x the file), {findings} findings")
    # The same scaling from the steps between the sizes: what each MB from 1 to 10 MB costs, and
    # each MB from 10 to 100 MB. Every cost a run pays once, including the regexes that only a
    # large file's variety makes it compile, cancels out of both steps, so no fixed cost measured
    # on another file is subtracted; a cost per MB that grew with the size of the file would make
    # the second step dearer. Each round gives its own steps, from the median of its runs of each
    # file; the ratio is that of the steps' medians over the rounds, and the spread of the rounds'
    # own ratios shows how much one round's noise moves it.
    mb_of = {mb: os.path.getsize(singles[mb]) / 1e6 for mb in sizes}
    steps = {"wall": [], "CPU": []}
    per_mb = {"wall": ([], []), "CPU": ([], [])}
    for r in range(max(args.runs, 5)):
        for kind, col in (("wall", 0), ("CPU", 2)):
            t = {mb: statistics.median(x[col] for x in runs[mb][r * reps[mb]:(r + 1) * reps[mb]])
                 for mb in sizes}
            low = (t[10] - t[1]) / (mb_of[10] - mb_of[1])
            high = (t[100] - t[10]) / (mb_of[100] - mb_of[10])
            steps[kind].append(high / low)
            per_mb[kind][0].append(low)
            per_mb[kind][1].append(high)
    print("  steps between the sizes: " + "; ".join(
        f"{kind} {statistics.median(lo) * 1000:.1f} ms per MB from 1 to 10 MB, "
        f"{statistics.median(hi) * 1000:.1f} from 10 to 100 MB, "
        f"{statistics.median(hi) / statistics.median(lo):.2f}x "
        f"(single rounds {min(steps[kind]):.2f}-{max(steps[kind]):.2f}x)"
        for kind, (lo, hi) in per_mb.items()))
    # Pathological inputs against ordinary copy of the same size (the 10 MB single file).
    def new_names(size):
        # Names the rules do not know, each looked for elsewhere in the file, one after another.
        syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "zu", "pe"]
        out, total, k = [], 0, 0
        while total < size:
            name = "".join(syllables[(k // 10 ** d) % 10] for d in range(5)).capitalize()
            line = (f"{name[:4].capitalize()} {name} said the plan was late. He said it would come. "
                    "The weather was cold.\n")
            out.append(line)
            total += len(line)
            k += 1
        return "".join(out)

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
        "a new name in every line, then He said": new_names(n),
    }
    # Rounds that run the ordinary copy and every shape in turn, as for the single files above.
    # Each shape is compared with ordinary copy of its own size: the 10 MB file, and for the one
    # paragraph at the size the performance targets name, 50 MB, the first 50 MB of the 100 MB
    # file (cut at a line break), with and without its line breaks.
    with open(singles[100], encoding="utf-8") as fh:
        big = fh.read(50_000_000)
    big = big[:big.rindex("\n") + 1]
    normals = {"ordinary": (normal, n), "ordinary, 50 MB": (os.path.join(work, "ordinary-50mb.txt"), None)}
    with open(normals["ordinary, 50 MB"][0], "w", encoding="utf-8") as fh:
        fh.write(big)
    normals["ordinary, 50 MB"] = (normals["ordinary, 50 MB"][0], len(big.encode("utf-8")))
    paths = {}
    against = {}
    for i, (name, body) in enumerate([*shapes.items(), ("one 50 MB paragraph, no line breaks",
                                                        big.replace("\n", " "))]):
        paths[name] = os.path.join(work, f"pathological-{i}.txt")
        against[name] = "ordinary, 50 MB" if "50 MB" in name else "ordinary"
        with open(paths[name], "w", encoding="utf-8") as fh:
            fh.write(body)
    del big
    rounds = max(args.runs, 5)
    secs = {name: [] for name in [*normals, *paths]}
    for _ in range(rounds):
        for name, (p, _) in normals.items():
            secs[name].append(timed(check(p))[0])
        for name, p in paths.items():
            secs[name].append(timed(check(p))[0])
    print(f"\nPathological inputs, {n / 1e6:.0f} MB each but the one named 50 MB, medians of {rounds} rounds "
          f"that run each in turn (ordinary copy: {statistics.median(secs['ordinary']):.3f} s for "
          f"{n / 1e6:.0f} MB, {statistics.median(secs['ordinary, 50 MB']):.3f} s for "
          f"{normals['ordinary, 50 MB'][1] / 1e6:.0f} MB):")
    for name, p in paths.items():
        med = statistics.median(secs[name])
        _, normal_size = normals[against[name]]
        per_byte = (med / os.path.getsize(p)) / (statistics.median(secs[against[name]]) / normal_size)
        print(f"  {name:<38} {med:7.3f} s, {per_byte:4.2f}x the cost per byte of ordinary copy")
        os.remove(p)
    os.remove(normals["ordinary, 50 MB"][0])
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
