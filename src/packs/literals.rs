//! Literal prefilters for the combined pack scan.
//!
//! A pack regex only needs to run on a file that contains one of its *required literals*: strings
//! such that every match of the regex contains one of them. They are read off the parsed regex
//! (`(?i)(?:sign up|subscribe)` requires `sign up` or `subscribe`), so pack authors get the
//! speed of a literal search without writing one. A regex anchored at line starts is instead
//! told by how its lines begin ([`LineStart`]).
//!
//! All literals are ASCII-lowercased: the prefilter matches ASCII case-insensitively, and the
//! exact check (the phrase comparison, or the regex itself) comes after it.

use regex_syntax::hir::{Class, Hir, HirKind};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// The most strings a literal set may hold before it is given up as too broad.
const MAX_SET: usize = 64;
/// The shortest literal worth a prefilter: shorter ones occur in nearly every file.
const MIN_LEN: usize = 4;

type Set = Vec<Vec<u8>>;

/// `pattern`, parsed. Loading a pack checks each regex and building its prefilters reads each one
/// again, at every start of copydesk: the parse is kept, so it happens once.
pub(super) fn parse(pattern: &str) -> Result<Arc<Hir>, Box<regex_syntax::Error>> {
    static PARSED: LazyLock<Mutex<HashMap<String, Arc<Hir>>>> = LazyLock::new(Default::default);
    let lock = || PARSED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(hir) = lock().get(pattern) {
        return Ok(hir.clone());
    }
    let hir = Arc::new(
        regex_syntax::Parser::new()
            .parse(pattern)
            .map_err(Box::new)?,
    );
    lock().insert(pattern.to_string(), hir.clone());
    Ok(hir)
}

/// Required literals of `pattern` (ASCII-lowercased), or `None` when it has no useful set.
pub(super) fn required(pattern: &str) -> Option<Set> {
    match baked(pattern) {
        Some(b) => b.required.map(owned),
        None => useful(pattern, required_of),
    }
}

/// Literals every match of `pattern` starts with (ASCII-lowercased), if it has a useful set: a
/// search for the regex can then begin at the first place one of them occurs.
pub(super) fn prefixes(pattern: &str) -> Option<Set> {
    match baked(pattern) {
        Some(b) => b.prefixes.map(owned),
        None => useful(pattern, prefix_of),
    }
}

/// The number of explicit groups of `pattern`, or why it is not a valid regex.
pub(super) fn groups(pattern: &str) -> Result<usize, Box<regex_syntax::Error>> {
    match baked(pattern) {
        Some(b) => Ok(b.groups),
        None => Ok(parse(pattern)?.properties().explicit_captures_len()),
    }
}

/// What this module reads off a regex of the built-in packs, worked out ahead of time
/// (`baked.rs`): parsing the packs' regexes took a third of the instructions of a run over a
/// one-line file. Any other regex is parsed when it is first asked about. A test keeps the table
/// equal to what the parse gives, and rewrites it when `COPYDESK_UPDATE_BAKED` is set.
pub(super) struct Baked {
    pattern: &'static str,
    groups: usize,
    required: Option<&'static [&'static [u8]]>,
    prefixes: Option<&'static [&'static [u8]]>,
    /// The bytes a line may begin with before the literals, and the literals.
    line_start: Option<(&'static [u8], &'static [&'static [u8]])>,
    within_a_line: bool,
}

// Written by a test, byte for byte: not formatted.
#[rustfmt::skip]
mod baked;

/// The entry of `pattern` in the table of built-in regexes.
fn baked(pattern: &str) -> Option<&'static Baked> {
    baked::BAKED.iter().find(|b| b.pattern == pattern)
}

fn owned(set: &[&[u8]]) -> Set {
    set.iter().map(|l| l.to_vec()).collect()
}

/// What every match of a line-anchored regex begins with: at the start of a line, any run of
/// the `skip` bytes, then one of `literals` (ASCII-lowercased, like every set here).
/// `^[ \t]*[*_]*(?:sign up|subscribe)` skips ` \t*_` before `sign up` or `subscribe`.
#[derive(Debug, Clone)]
pub(super) struct LineStart {
    skip: [bool; 256],
    literals: Set,
}

/// The line-anchored regexes of a pack set, looked at together at each start of a line: those
/// that skip the same bytes share a group, and the first byte after them picks the literals to
/// compare (most lines start with none of them).
#[derive(Debug)]
pub(super) struct LineStarts {
    groups: Vec<Group>,
}

#[derive(Debug)]
struct Group {
    skip: [bool; 256],
    /// By first byte, in either case: the literals that may begin there.
    by_first: Vec<Vec<LineLiteral>>,
}

/// A literal a line-anchored regex begins with.
#[derive(Debug, Clone, PartialEq)]
struct LineLiteral {
    regex: usize,
    literal: Vec<u8>,
    /// Its first four bytes (fewer if it is shorter), [`fold`]ed, and the mask of the bytes it
    /// has: a line whose first four bytes differ there is ruled out by one comparison (lines
    /// that start with `Th` meet many literals that do too).
    head: u32,
    mask: u32,
}

impl LineLiteral {
    fn new(regex: usize, literal: Vec<u8>) -> LineLiteral {
        let (head, mask) = head_of(&literal);
        LineLiteral {
            regex,
            literal,
            head,
            mask,
        }
    }
}

/// The first four bytes of `b` (zeros after its end), folded, and the mask of those it has.
#[inline]
fn head_of(b: &[u8]) -> (u32, u32) {
    if let Some(w) = b.first_chunk::<4>() {
        return (fold(*w), u32::MAX);
    }
    let mut w = [0u8; 4];
    for (d, s) in w.iter_mut().zip(b) {
        *d = *s;
    }
    let mask = (1u32 << (8 * b.len())) - 1;
    (fold(w) & mask, mask)
}

impl LineStarts {
    /// The index of `regexes`, given as (regex number, how its lines begin).
    pub(super) fn new(regexes: Vec<(usize, LineStart)>) -> LineStarts {
        let mut groups: Vec<Group> = Vec::new();
        for (k, start) in regexes {
            let at = match groups.iter().position(|g| g.skip == start.skip) {
                Some(i) => i,
                None => {
                    groups.push(Group {
                        skip: start.skip,
                        by_first: vec![Vec::new(); 256],
                    });
                    groups.len() - 1
                }
            };
            let group = &mut groups[at];
            for lit in start.literals {
                let Some(&b) = lit.first() else { continue };
                let entry = LineLiteral::new(k, lit);
                for b in [b, b.to_ascii_uppercase()] {
                    let entries = &mut group.by_first[usize::from(b)];
                    if !entries.contains(&entry) {
                        entries.push(entry.clone());
                    }
                }
            }
        }
        LineStarts { groups }
    }

    /// Whether there are no line-anchored regexes.
    pub(super) fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Calls `hit(regex)` for each regex whose matches may begin at the line starting at `at`.
    #[inline]
    pub(super) fn at(&self, hay: &[u8], at: usize, mut hit: impl FnMut(usize)) {
        let line = hay.get(at..).unwrap_or_default();
        for g in &self.groups {
            let skipped = line.iter().take_while(|&&b| g.skip[usize::from(b)]).count();
            let rest = &line[skipped..];
            let Some(&b) = rest.first() else { continue };
            let (head, _) = head_of(rest);
            for e in &g.by_first[usize::from(b)] {
                if head & e.mask == e.head
                    && rest
                        .get(..e.literal.len())
                        .is_some_and(|r| r.eq_ignore_ascii_case(&e.literal))
                {
                    hit(e.regex);
                }
            }
        }
    }
}

/// The [`LineStart`] of `pattern`, if it is anchored at the start of a line (or of the text) and,
/// after a run of bytes from a few ASCII classes, begins with a literal. Only the starts of
/// lines need to be looked at to know whether such a regex can match, however short its
/// literals are.
pub(super) fn line_start(pattern: &str) -> Option<LineStart> {
    match baked(pattern) {
        Some(b) => b.line_start.map(|(skipped, literals)| {
            let mut skip = [false; 256];
            skipped.iter().for_each(|&c| skip[usize::from(c)] = true);
            LineStart {
                skip,
                literals: owned(literals),
            }
        }),
        None => top_level_sequence(pattern, line_start_of),
    }
}

fn line_start_of(parts: &[Hir]) -> Option<LineStart> {
    use regex_syntax::hir::Look;
    let (first, rest) = parts.split_first()?;
    if !matches!(
        first.kind(),
        HirKind::Look(Look::Start | Look::StartLF | Look::StartCRLF)
    ) {
        return None;
    }
    let mut skip = [false; 256];
    let mut rest = rest;
    // Runs of ASCII classes (`[ \t]*`, `[*_]*`): skipped whatever their bounds, which can only
    // let through more lines than the regex matches, never fewer.
    while let Some((p, more)) = rest.split_first() {
        let HirKind::Repetition(r) = p.kind() else {
            break;
        };
        let Some(bytes) = ascii_class(&r.sub) else {
            break;
        };
        bytes.into_iter().for_each(|b| skip[usize::from(b)] = true);
        rest = more;
    }
    let mut literals = vec![Vec::new()];
    for p in rest {
        match exact(p).and_then(|e| product(&literals, &e)) {
            Some(joined) => literals = joined,
            None => break,
        }
    }
    // A literal must start where the skipping stops: not with a byte that could be skipped.
    let sound = literals.iter().all(|l| {
        l.first()
            .is_some_and(|&b| !skip[usize::from(b)] && !skip[usize::from(b.to_ascii_uppercase())])
    });
    sound.then_some(LineStart { skip, literals })
}

/// Whether no match of `pattern` can hold a line feed. Every match then lies within one line:
/// the line of any required literal it holds.
pub(super) fn within_a_line(pattern: &str) -> bool {
    match baked(pattern) {
        Some(b) => b.within_a_line,
        None => parse(pattern).is_ok_and(|hir| !holds_line_feed(&hir)),
    }
}

fn holds_line_feed(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(l) => l.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(u)) => {
            u.iter().any(|r| (r.start()..=r.end()).contains(&'\n'))
        }
        HirKind::Class(Class::Bytes(b)) => b.iter().any(|r| (r.start()..=r.end()).contains(&b'\n')),
        HirKind::Repetition(r) => r.max != Some(0) && holds_line_feed(&r.sub),
        HirKind::Capture(c) => holds_line_feed(&c.sub),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().any(holds_line_feed),
    }
}

/// Calls `f` with the items of the sequence `pattern` is at its top level (inside any groups
/// around the whole), if it parses and is one.
pub(super) fn top_level_sequence<T>(
    pattern: &str,
    f: impl FnOnce(&[Hir]) -> Option<T>,
) -> Option<T> {
    let hir = parse(pattern).ok()?;
    let mut hir: &Hir = &hir;
    while let HirKind::Capture(c) = hir.kind() {
        hir = &c.sub;
    }
    let HirKind::Concat(items) = hir.kind() else {
        return None;
    };
    f(items)
}

/// The ranges of a class, if all of them are ASCII (then they are byte ranges too).
pub(super) fn ascii_ranges(hir: &Hir) -> Option<Vec<(u8, u8)>> {
    let HirKind::Class(c) = hir.kind() else {
        return None;
    };
    let ranges: Vec<(u32, u32)> = match c {
        Class::Unicode(u) => u
            .iter()
            .map(|r| (r.start().into(), r.end().into()))
            .collect(),
        Class::Bytes(b) => b
            .iter()
            .map(|r| (r.start().into(), r.end().into()))
            .collect(),
    };
    ranges
        .into_iter()
        .map(|(a, b)| {
            Some((
                u8::try_from(a).ok()?,
                u8::try_from(b).ok().filter(|&b| b < 0x80)?,
            ))
        })
        .collect()
}

/// The bytes of a class of a few ASCII members.
fn ascii_class(hir: &Hir) -> Option<Vec<u8>> {
    let ranges = ascii_ranges(hir)?;
    let size: usize = ranges.iter().map(|&(a, b)| usize::from(b - a) + 1).sum();
    (size <= 16).then(|| ranges.into_iter().flat_map(|(a, b)| a..=b).collect())
}

/// The set `extract` reads off the parsed `pattern`, if every string in it is long enough to be
/// worth a prefilter.
fn useful(pattern: &str, extract: fn(&Hir) -> Option<Set>) -> Option<Set> {
    let hir = parse(pattern).ok()?;
    let set = extract(&hir)?;
    (set.iter().all(|l| l.len() >= MIN_LEN)).then_some(set)
}

fn prefix_of(hir: &Hir) -> Option<Set> {
    match hir.kind() {
        HirKind::Capture(c) => prefix_of(&c.sub),
        HirKind::Concat(parts) => {
            let mut run = vec![Vec::new()];
            for p in parts {
                match exact(p).and_then(|e| product(&run, &e)) {
                    Some(joined) => run = joined,
                    None => break,
                }
            }
            Some(run)
        }
        _ => exact(hir),
    }
}

/// Every string `hir` can match, when that is a small finite set (look-arounds match "").
fn exact(hir: &Hir) -> Option<Set> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![Vec::new()]),
        HirKind::Literal(l) => Some(vec![l.0.to_ascii_lowercase()]),
        HirKind::Class(c) => class_strings(c),
        HirKind::Capture(c) => exact(&c.sub),
        HirKind::Repetition(r) => match (r.min, r.max) {
            (0, Some(1)) => {
                let mut s = exact(&r.sub)?;
                s.push(Vec::new());
                Some(dedup(s))
            }
            (1, Some(1)) => exact(&r.sub),
            _ => None,
        },
        HirKind::Concat(parts) => parts
            .iter()
            .try_fold(vec![Vec::new()], |acc, p| product(&acc, &exact(p)?)),
        HirKind::Alternation(alts) => {
            let mut out = Vec::new();
            for a in alts {
                out.extend(exact(a)?);
            }
            let out = dedup(out);
            (out.len() <= MAX_SET).then_some(out)
        }
    }
}

/// A set such that every match of `hir` contains one of its strings.
fn required_of(hir: &Hir) -> Option<Set> {
    if let Some(e) = exact(hir) {
        if e.iter().all(|l| !l.is_empty()) {
            return Some(e);
        }
    }
    match hir.kind() {
        HirKind::Capture(c) => required_of(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required_of(&r.sub),
        HirKind::Alternation(alts) => {
            let mut out = Vec::new();
            for a in alts {
                out.extend(required_of(a)?);
            }
            let out = dedup(out);
            (out.len() <= MAX_SET).then_some(out)
        }
        HirKind::Concat(parts) => {
            // Candidates: each run of adjacent exact parts (joined), and each other part's own
            // required set. The best is the one whose shortest string is longest. A group's
            // parts count as the sequence's own, so that a run goes on across the group's
            // bounds (`(… in (May|June))[.,]` gives ` in may,`, not ` in may`).
            let mut flat = Vec::with_capacity(parts.len());
            flatten(parts, &mut flat);
            let mut candidates: Vec<Set> = Vec::new();
            let mut run: Option<Set> = None;
            for p in flat {
                match exact(p) {
                    Some(e) => {
                        run = Some(match run.take() {
                            None => e,
                            Some(r) => match product(&r, &e) {
                                Some(joined) => joined,
                                None => {
                                    candidates.push(r);
                                    e
                                }
                            },
                        });
                    }
                    None => {
                        candidates.extend(run.take());
                        candidates.extend(required_of(p));
                    }
                }
            }
            candidates.extend(run);
            candidates
                .into_iter()
                .filter(|c| c.iter().all(|l| !l.is_empty()))
                .max_by_key(|c| (shortest(c), std::cmp::Reverse(c.len())))
        }
        _ => None,
    }
}

/// The parts of a sequence, with each group that holds a sequence opened in place.
fn flatten<'h>(parts: &'h [Hir], out: &mut Vec<&'h Hir>) {
    for p in parts {
        match p.kind() {
            HirKind::Capture(c) => match c.sub.kind() {
                HirKind::Concat(inner) => flatten(inner, out),
                _ => out.push(p),
            },
            _ => out.push(p),
        }
    }
}

fn shortest(set: &Set) -> usize {
    set.iter().map(Vec::len).min().unwrap_or(0)
}

/// The strings of a class with only a few members (`[Vv]`, `(?i)s`), lowercased.
fn class_strings(c: &Class) -> Option<Set> {
    let mut out: Set = Vec::new();
    match c {
        Class::Unicode(u) => {
            for r in u.iter() {
                if (r.end() as u32) - (r.start() as u32) >= 4 {
                    return None;
                }
                for ch in r.start()..=r.end() {
                    let mut buf = [0; 4];
                    out.push(ch.encode_utf8(&mut buf).as_bytes().to_ascii_lowercase());
                }
            }
        }
        Class::Bytes(b) => {
            for r in b.iter() {
                if r.end() - r.start() >= 4 {
                    return None;
                }
                out.extend((r.start()..=r.end()).map(|b| vec![b.to_ascii_lowercase()]));
            }
        }
    }
    let out = dedup(out);
    (out.len() <= 4).then_some(out)
}

/// Every `a` followed by every `b`, if that stays small.
fn product(a: &Set, b: &Set) -> Option<Set> {
    if a.len() * b.len() > MAX_SET {
        return None;
    }
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            let mut s = x.clone();
            s.extend_from_slice(y);
            out.push(s);
        }
    }
    Some(dedup(out))
}

fn dedup(mut s: Set) -> Set {
    s.sort();
    s.dedup();
    s
}

/// How common a byte is in English news text (higher is more common).
fn commonness(b: u8) -> u32 {
    const ORDER: &[u8] = b"zqjxkvbpygfwmucldrhsnioate";
    match b.to_ascii_lowercase() {
        b' ' => 40,
        c @ b'a'..=b'z' => 1 + ORDER.iter().position(|&o| o == c).unwrap_or(0) as u32,
        _ => 8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `baked.rs` as the parse of the built-in packs' regexes gives it.
    fn render_baked() -> String {
        let set = |s: Option<Set>| match s {
            None => "None".to_string(),
            Some(s) => format!("Some(&[{}])", bytes_list(&s)),
        };
        let mut out = String::from(
            "//! What `literals` reads off each regex of the built-in packs: written by the test\n\
             //! `baked_table_is_what_the_parse_gives` (`COPYDESK_UPDATE_BAKED=1 cargo test baked`).\n\n\
             use super::Baked;\n\n\
             pub(super) static BAKED: &[Baked] = &[\n",
        );
        for pattern in builtin_regexes() {
            let line_start = match top_level_sequence(&pattern, line_start_of) {
                None => "None".to_string(),
                Some(ls) => {
                    let skipped: Vec<u8> =
                        (0..=255u8).filter(|&c| ls.skip[usize::from(c)]).collect();
                    format!(
                        "Some((b\"{}\", &[{}]))",
                        skipped.escape_ascii(),
                        bytes_list(&ls.literals)
                    )
                }
            };
            out += &format!(
                "    Baked {{\n        pattern: {pattern:?},\n        groups: {},\n        required: {},\n        \
                 prefixes: {},\n        line_start: {line_start},\n        within_a_line: {},\n    }},\n",
                parse(&pattern).unwrap().properties().explicit_captures_len(),
                set(useful(&pattern, required_of)),
                set(useful(&pattern, prefix_of)),
                !holds_line_feed(&parse(&pattern).unwrap()),
            );
        }
        out + "];\n"
    }

    fn bytes_list(set: &Set) -> String {
        set.iter()
            .map(|l| format!("b\"{}\"", l.escape_ascii()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Every `regex` and `requires-regex` of the built-in packs, each once, in order.
    fn builtin_regexes() -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (path, text) in crate::packs::BUILTIN {
            let file = crate::packs::schema::parse(std::path::Path::new(path), text).unwrap();
            for rule in file.rule {
                for r in rule.regex.iter().chain(&rule.requires_regex) {
                    if !out.contains(r.get_ref()) {
                        out.push(r.get_ref().clone());
                    }
                }
            }
        }
        out
    }

    /// The table holds what parsing the built-in packs' regexes gives: a change to a pack or to
    /// this module that changes it fails here until the table is written again.
    #[test]
    fn baked_table_is_what_the_parse_gives() {
        if !crate::packs::generated_table_is_current("src/packs/literals/baked.rs", &render_baked())
        {
            return;
        }
        // And the lookups answer from it as the parse does.
        for pattern in builtin_regexes() {
            assert!(baked(&pattern).is_some(), "{pattern}");
            assert_eq!(
                required(&pattern),
                useful(&pattern, required_of),
                "{pattern}"
            );
            assert_eq!(prefixes(&pattern), useful(&pattern, prefix_of), "{pattern}");
            let (a, b) = (
                line_start(&pattern),
                top_level_sequence(&pattern, line_start_of),
            );
            assert_eq!(
                a.as_ref().map(|l| (l.skip, &l.literals)),
                b.as_ref().map(|l| (l.skip, &l.literals)),
                "{pattern}"
            );
            assert_eq!(
                within_a_line(&pattern),
                !holds_line_feed(&parse(&pattern).unwrap())
            );
            assert_eq!(
                groups(&pattern).unwrap(),
                parse(&pattern)
                    .unwrap()
                    .properties()
                    .explicit_captures_len()
            );
        }
    }

    fn req(p: &str) -> Option<Vec<String>> {
        required(p).map(|s| {
            s.into_iter()
                .map(|l| String::from_utf8(l).unwrap())
                .collect()
        })
    }

    /// The sliding scores are the definition's, window by window, in any case: the builtin
    /// packs' literals, and mixed-case and non-letter ones.
    #[test]
    fn window_scores_are_each_windows_commonness() {
        let mut lits: Vec<Vec<u8>> = builtin_regexes()
            .iter()
            .flat_map(|p| useful(p, required_of).unwrap_or_default())
            .collect();
        lits.extend(
            ["Said Himself ", "THE Fight", "x9 ,;é\u{a0}qz", "abcd", "ab"]
                .map(|l| l.as_bytes().to_vec()),
        );
        let mut scores = Vec::new();
        for lit in &lits {
            window_scores(lit, &mut scores);
            let want: Vec<u32> = lit.windows(4).map(window_commonness).collect();
            assert_eq!(scores, want, "{}", lit.escape_ascii());
        }
    }

    #[test]
    fn windows_avoid_common_news_words() {
        // `said` looks rare letter by letter but is in nearly every story: the window for its
        // remainder is taken from `himself` instead.
        let news = &COMMONNESS.news_windows;
        assert!(news.contains(&fold(*b"said")));
        assert!(!news.contains(&fold(*b"hims")));
        let mut scores = Vec::new();
        window_scores(b"said himself ", &mut scores);
        let offsets: Vec<usize> = sampled_windows(&scores, 5).collect();
        assert_eq!(offsets.len(), 5);
        assert!(!offsets.contains(&0), "{offsets:?}");
    }

    #[test]
    fn a_pattern_is_parsed_once() {
        let a = parse(r"(?i)once(?:only|twice)").unwrap();
        let b = parse(r"(?i)once(?:only|twice)").unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(
            &a,
            &parse(r"(?i)once(?:only|thrice)").unwrap()
        ));
        // Errors are not kept: each caller gets one.
        assert!(parse("(unclosed").is_err());
        assert!(parse("(unclosed").is_err());
    }

    /// `(?i)(?:sign up|subscribe)` as literals: with Unicode case folding, `s` also matches the
    /// long s `ſ`.
    fn sign_up_or_subscribe() -> Vec<String> {
        [
            "sign up",
            "subscribe",
            "subſcribe",
            "ſign up",
            "ſubscribe",
            "ſubſcribe",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn required_literals_of_pack_regexes() {
        assert_eq!(
            req(r"(?mR)^[ \t]*Our Standards:[ \t]*(?:The[ \t]+)?Thomson"),
            Some(vec!["our standards:".to_string()])
        );
        assert_eq!(
            req(r"(?miR)^[ \t]*[*_]*(?:sign up|subscribe)(?-u:\b)[^\n]*$"),
            Some(sign_up_or_subscribe())
        );
        assert_eq!(
            req(r"(?mR)^[^\n]*(?-u:\b)(?:Click|Tap|click|tap) here(?-u:\b)[^\n]*$"),
            Some(vec!["click here".into(), "tap here".into()])
        );
        assert_eq!(
            req(r"\((?:Reuters|AP|AFP)\)[ \t]*[-–—]"),
            Some(vec!["(afp)".into(), "(ap)".into(), "(reuters)".into()])
        );
        // A run of exact parts goes on across a group's bounds: `(…in (May|June))[.,]` needs
        // `in may.` or one of its kin, not just `in may`, which every `in mayor` holds.
        assert_eq!(
            req(r"([0-9]+ in (May|June))[.,]"),
            Some(vec![
                " in june,".into(),
                " in june.".into(),
                " in may,".into(),
                " in may.".into()
            ])
        );
        // Too short or no literal at all: the regex runs without a prefilter.
        assert_eq!(req(r"\d{1,3},\d{1,2}[ \t]?(?:%|percent)"), None);
        assert_eq!(req(r"[a-z]+in"), None);
        assert_eq!(req(r"(?:foo|\w+)bar"), None);
    }

    /// The required set really is required: every match of the regex contains one of them.
    #[test]
    fn required_literals_occur_in_every_match() {
        let cases = [
            (
                r"(?i)copyright[^\n]*(?:reserved|prohibited)",
                "COPYRIGHT 2024, all rights RESERVED",
            ),
            (
                r"[Vv]accines? against (?:the )?(?:Sputnik|Pfizer)",
                "vaccine against the Pfizer",
            ),
            (r"(?:abcd|cdef)+xyz?", "cdefabcdxy"),
        ];
        for (p, hay) in cases {
            let re = regex::Regex::new(p).unwrap();
            let m = re.find(hay).expect(p).as_str().to_ascii_lowercase();
            let set = req(p).expect(p);
            assert!(set.iter().any(|l| m.contains(l.as_str())), "{p}: {set:?}");
        }
    }

    /// (skipped bytes, literals) of a line-anchored pattern.
    fn line(p: &str) -> Option<(String, Vec<String>)> {
        line_start(p).map(|l| {
            let skip = (0..=255u8)
                .filter(|&b| l.skip[usize::from(b)])
                .map(char::from);
            let lits = l
                .literals
                .into_iter()
                .map(|x| String::from_utf8(x).unwrap());
            (skip.collect(), lits.collect())
        })
    }

    #[test]
    fn which_regexes_stay_within_a_line() {
        for re in [
            r"\((?:Reuters|AP|AFP)\)[ \t]*[-–—]",
            r"(?i)(?-u:\b)click here(?-u:\b)",
            r"(?mR)^[ \t]*Advertisement[ \t]*$",
            r"[^\n]+ said",
            r"a.b",
            r"x(?:\n){0}y",
        ] {
            assert!(within_a_line(re), "{re}");
        }
        for re in [
            r"reporting\s+by",
            r"a[^x]b",
            r"(?s)a.b",
            r"end\n\nstart",
            r"a(?:\n|;)b",
            r"(?-u:[\x00-\xFF])said",
            "(unclosed",
        ] {
            assert!(!within_a_line(re), "{re}");
        }
    }

    #[test]
    fn how_line_anchored_matches_begin() {
        assert_eq!(
            line(r"(?miR)^[ \t]*[*_]*(?:sign up|subscribe)(?-u:\b)[^\n]*$"),
            Some(("\t *_".into(), sign_up_or_subscribe()))
        );
        assert_eq!(
            line(r"(?mR)^[ \t]*Our Standards:[ \t]*(?:The[ \t]+)?Thomson"),
            Some(("\t ".into(), vec!["our standards:".into()]))
        );
        assert_eq!(
            line(r"(?i)^(?:©|\(c\)|copyright(?-u:\b))"),
            Some((
                String::new(),
                vec!["(c)".into(), "copyright".into(), "©".into()]
            ))
        );
        // Not anchored, or anchored before something that is not a literal: no line start.
        assert!(line(r"(?m)[ \t]*Our Standards:").is_none());
        assert!(line(r"(?m)^[^\n]*(?-u:\b)(?:Click|Tap) here").is_none());
        assert!(line(r"(?m)^\w+:").is_none());
        // A literal that begins with a skipped byte would be skipped over: no line start.
        assert!(line(r"(?m)^[ *]*(?:\*\*Note|Read)").is_none());
        assert!(line(r"(?m)^[a-c]*bar").is_none());
    }

    #[test]
    fn prefix_literals() {
        let pre = |p: &str| {
            prefixes(p).map(|s| {
                s.into_iter()
                    .map(|l| String::from_utf8(l).unwrap())
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(
            pre(r"(?i)(?-u:\b)(?:reporting by|writing by)(?-u:\b)"),
            Some(vec!["reporting by".to_string(), "writing by".into()])
        );
        assert_eq!(
            pre(r"\((?:Reuters|AFP)\)[ \t]*-"),
            Some(vec!["(afp)".into(), "(reuters)".into()])
        );
        // Not at the start, or too short: no prefix.
        assert_eq!(pre(r"(?m)^[ \t]*Our Standards:"), None);
        assert_eq!(pre(r"ab\w+"), None);
    }
}

/// Finds every occurrence (overlapping, ASCII case-insensitive) of a set of literals of at least
/// four bytes, faster than a general automaton on English text.
///
/// Every literal's first four-byte windows are hashed into a 64 Ki-bit filter; the scan looks at
/// one window every `stride` bytes, where `stride` is chosen so that each occurrence of the
/// shortest literal has a window at a sampled position (the idea of Wu–Manber's block
/// sampling). Only windows whose bit is set, and that pass a second filter of a window with
/// the four bytes beside it, are looked up and compared. An automaton whose
/// literals share common English prefixes (`the`, `ing`, `rea`) stops at nearly every word; this
/// scan stops only where four bytes match.
#[derive(Debug)]
pub(super) struct LiteralScanner {
    literals: Vec<Vec<u8>>,
    stride: usize,
    bits: Box<[u64; FILTER_WORDS]>,
    /// The windows by bucket (the top [`BUCKET_BITS`] of their filter bit): those of bucket `k`
    /// are `windows[starts[k]..starts[k + 1]]`.
    /// (Looked up at every filter hit, so by the bit already computed rather than by a hash:
    /// common windows such as `are ` in `share ` hit in most sentences.)
    starts: Box<[u32]>,
    windows: Box<[WindowOf]>,
    /// A second filter, asked at each hit of the first before any window is looked up: each
    /// literal's window together with the four bytes after it in the literal (or, near its end,
    /// the four before it; a literal of fewer than eight bytes, the window alone). Most hits of
    /// the first filter are real occurrences of a common window (`of t`, `he c`), and most of
    /// those are not followed by the rest of a literal.
    pairs: Box<[u64; FILTER_WORDS]>,
}

/// Where a window lies in a literal, and four more bytes of the literal to check first: most
/// literals that share a common window (`the `, `st t`) differ from the text there, and a
/// four-byte comparison rules them out before a comparison of the whole literal.
#[derive(Debug, Clone, Copy, Default)]
struct WindowOf {
    /// The folded window.
    key: u32,
    literal: u32,
    offset: u32,
    /// Where the four check bytes start in the literal: its first four, or its last four when
    /// the window is its first.
    check_at: u32,
    check: u32,
}

impl WindowOf {
    fn new(key: u32, literal: usize, lit: &[u8], offset: usize) -> WindowOf {
        let check_at = if offset == 0 { lit.len() - 4 } else { 0 };
        WindowOf {
            key,
            literal: literal as u32,
            offset: offset as u32,
            check_at: check_at as u32,
            check: fold_at(lit, check_at),
        }
    }
}

const FILTER_BITS: u32 = 16;
const FILTER_WORDS: usize = 1 << (FILTER_BITS - 6);
/// Bits of the bucket table that finds a window's literals: a few windows per bucket, and a
/// table small enough to build in a blink for a one-story run.
const BUCKET_BITS: u32 = 12;

/// The bucket of a window's filter bit.
#[inline]
fn bucket(bit: usize) -> usize {
    bit >> (FILTER_BITS - BUCKET_BITS)
}

/// Four bytes as a key, with ASCII letters folded to lower case (other bytes may collide with
/// their `| 0x20` partner, which only costs a comparison).
#[inline]
fn fold(w: [u8; 4]) -> u32 {
    u32::from_le_bytes(w) | 0x2020_2020
}

/// [`fold`] of the four bytes of `b` at `at`.
#[inline]
fn fold_at(b: &[u8], at: usize) -> u32 {
    fold(b[at..at + 4].try_into().expect("four bytes"))
}

#[inline]
fn bit(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> (32 - FILTER_BITS)) as usize
}

/// How a literal's window is paired with its neighbours in [`LiteralScanner`]'s second filter.
#[derive(Clone, Copy)]
enum Pair {
    After = 1,
    Before = 2,
    Alone = 3,
}

/// The second filter's bit of eight folded bytes (`first` then `second`), hashed apart for each
/// kind of [`Pair`].
#[inline]
fn pair_bit(kind: Pair, first: u32, second: u32) -> usize {
    let key =
        (u64::from(second) << 32 | u64::from(first)) ^ (kind as u64).wrapping_mul(0x9E37_79B9);
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - FILTER_BITS)) as usize
}

/// Whether the filter has the bit of `key`. (A fixed-size filter: its index needs no bounds
/// check.)
#[inline]
fn passes(bits: &[u64; FILTER_WORDS], key: u32) -> bool {
    let b = bit(key);
    bits[(b >> 6) & (FILTER_WORDS - 1)] & (1 << (b & 63)) != 0
}

/// The offsets of the windows of `lit` that the scan looks for: one for each remainder modulo
/// `stride`, which is all it needs (the scan samples every `stride`-th position, so one
/// position inside any occurrence has each remainder), and of those the least common, so that
/// ` the` or `ing ` in a phrase does not stop the scan in every sentence. `scores` holds the
/// [`window_scores`] of `lit`.
fn sampled_windows(scores: &[u32], stride: usize) -> impl Iterator<Item = usize> + '_ {
    (0..stride).map(move |r| {
        (r..scores.len())
            .step_by(stride)
            .min_by_key(|&o| scores[o])
            .unwrap_or(r)
    })
}

/// [`window_commonness`] of each window of `lit` (of at least four bytes), into `out`: sums over
/// the window's pairs and bytes kept as it slides, so each byte and pair is looked up twice
/// rather than up to four times (every window of every literal is scored at each start).
fn window_scores(lit: &[u8], out: &mut Vec<u32>) {
    out.clear();
    if lit.len() < 4 {
        return;
    }
    let t = &*COMMONNESS;
    let pair = |i: usize| 100 * u32::from(t.common_pair(lit[i], lit[i + 1]));
    let byte = |i: usize| t.bytes[usize::from(lit[i])];
    let (mut pairs, mut bytes) = (pair(0) + pair(1), byte(0) + byte(1) + byte(2));
    for o in 0..=lit.len() - 4 {
        pairs += pair(o + 2);
        bytes += byte(o + 3);
        out.push(pairs + bytes + 300 * u32::from(t.in_news_word(fold_at(lit, o))));
        pairs -= pair(o);
        bytes -= byte(o);
    }
}

/// How common four bytes are together in English text, roughly: each pair of them that is one
/// of the commonest letter pairs or touches a space counts for much more than the letters do
/// (`f th` in `of the` is common although `f` is not; `tack` is rare). (The definition that
/// [`window_scores`] computes for every window of a literal at once.)
#[cfg(test)]
fn window_commonness(w: &[u8]) -> u32 {
    let t = &*COMMONNESS;
    let pairs = w
        .windows(2)
        .filter(|p| t.common_pair(p[0].to_ascii_lowercase(), p[1].to_ascii_lowercase()))
        .count() as u32;
    let in_news_word = t
        .news_windows
        .contains(&fold(w.try_into().expect("four bytes")));
    pairs * 100
        + u32::from(in_news_word) * 300
        + w.iter().map(|&b| t.bytes[usize::from(b)]).sum::<u32>()
}

/// What [`window_commonness`] looks up, built once: every literal's every window is scored when
/// a scanner is built, at the start of each run.
struct Commonness {
    /// [`commonness`] of each byte.
    bytes: [u32; 256],
    /// One bit per common pair of bytes (`first << 8 | second`, in any case): the commonest
    /// letter pairs of English, and any pair with a space.
    pairs: Box<[u64; 1024]>,
    /// The folded four-byte windows of [`NEWS_WORDS`], each word with a space on either side.
    /// (A hash set: every window of every literal is looked up, which by binary search was a
    /// tenth of the instructions of a run over one short file.)
    news_windows: rustc_hash::FxHashSet<u32>,
    /// One bit per hash of a window of `news_windows`, asked first: most windows of a literal
    /// are in no news word, and the bit rules them out more cheaply than the set.
    news_filter: Box<[u64; NEWS_FILTER_WORDS]>,
}

const NEWS_FILTER_BITS: u32 = 14;
const NEWS_FILTER_WORDS: usize = 1 << (NEWS_FILTER_BITS - 6);

fn news_bit(w: u32) -> usize {
    (w.wrapping_mul(0x9E37_79B1) >> (32 - NEWS_FILTER_BITS)) as usize
}

impl Commonness {
    /// Whether `a` then `b` is one of the commonest pairs of letters, or touches a space.
    #[inline]
    fn common_pair(&self, a: u8, b: u8) -> bool {
        let bit = usize::from(a) << 8 | usize::from(b);
        self.pairs[bit >> 6] >> (bit & 63) & 1 == 1
    }

    /// Whether the folded window `w` is one of a news word's.
    #[inline]
    fn in_news_word(&self, w: u32) -> bool {
        let b = news_bit(w);
        self.news_filter[b >> 6] >> (b & 63) & 1 == 1 && self.news_windows.contains(&w)
    }
}

static COMMONNESS: LazyLock<Commonness> = LazyLock::new(|| {
    const PAIRS: &[&[u8; 2]] = &[
        b"th", b"he", b"in", b"er", b"an", b"re", b"on", b"at", b"en", b"nd", b"ti", b"es", b"or",
        b"te", b"of", b"ed", b"is", b"it", b"al", b"ar", b"st", b"to", b"nt", b"ng", b"se", b"ha",
        b"as", b"ou", b"io", b"le", b"ve", b"co", b"me", b"de", b"hi", b"ri", b"ro", b"ic", b"ne",
        b"ea", b"ra", b"ce",
    ];
    let mut pairs = Box::new([0u64; 1024]);
    let mut set = |a: u8, b: u8| {
        let bit = usize::from(a) << 8 | usize::from(b);
        pairs[bit >> 6] |= 1 << (bit & 63);
    };
    // In either case, so that a lookup needs no lowercasing.
    for p in PAIRS {
        let (a, b) = (p[0], p[1]);
        for (x, y) in [(a, b), (a.to_ascii_uppercase(), b)] {
            set(x, y);
            set(x, y.to_ascii_uppercase());
        }
    }
    for b in 0..=255u8 {
        set(b' ', b);
        set(b, b' ');
    }
    let news_windows = NEWS_WORDS
        .split_whitespace()
        .flat_map(|w| {
            let padded = format!(" {w} ").into_bytes();
            (0..padded.len().saturating_sub(3))
                .map(|i| fold_at(&padded, i))
                .collect::<Vec<u32>>()
        })
        .collect::<rustc_hash::FxHashSet<u32>>();
    let mut news_filter = Box::new([0u64; NEWS_FILTER_WORDS]);
    for &w in &news_windows {
        let b = news_bit(w);
        news_filter[b >> 6] |= 1 << (b & 63);
    }
    Commonness {
        bytes: std::array::from_fn(|b| commonness(b as u8)),
        pairs,
        news_windows,
        news_filter,
    }
});

/// Words in nearly every news story. Their letters can look rare (`vacc`, `sday`, `mini`), but a
/// window inside one of them, or across the spaces around it, stops the scan in most stories.
const NEWS_WORDS: &str = "the of and to in a that for on is was said with he she it as at by from \
    his her be have has are an not were but this had they who will which their been would more \
    after also its year years two three people new one first last next government about over \
    than president minister ministry prime police percent official officials country told other \
    into some week weeks month day days night time could million billion city state states \
    united national public health security former party election workers company market report \
    reported statement announced spokesman spokeswoman local political department agency \
    authorities military forces attack killed court law members family children women group \
    world according since while during under against between including where should because \
    monday tuesday wednesday thursday friday saturday sunday january february march april may \
    june july august september october november december";

impl LiteralScanner {
    /// A scanner for `literals`, or `None` if one of them is shorter than four bytes.
    pub(super) fn new(literals: Vec<Vec<u8>>) -> Option<LiteralScanner> {
        let shortest = literals.iter().map(Vec::len).min()?;
        if shortest < 4 {
            return None;
        }
        let stride = (shortest - 3).min(4);
        let mut bits = Box::new([0u64; FILTER_WORDS]);
        let mut pairs = Box::new([0u64; FILTER_WORDS]);
        let mut windows = Vec::new();
        let mut scores = Vec::new();
        for (id, lit) in literals.iter().enumerate() {
            window_scores(lit, &mut scores);
            for off in sampled_windows(&scores, stride) {
                let key = fold_at(lit, off);
                let b = bit(key);
                bits[b >> 6] |= 1 << (b & 63);
                windows.push(WindowOf::new(key, id, lit, off));
                let pair = if off + 8 <= lit.len() {
                    pair_bit(Pair::After, key, fold_at(lit, off + 4))
                } else if off >= 4 {
                    pair_bit(Pair::Before, fold_at(lit, off - 4), key)
                } else {
                    pair_bit(Pair::Alone, key, 0)
                };
                pairs[pair >> 6] |= 1 << (pair & 63);
            }
        }
        // Grouped by bucket, in the literals' order within each.
        let (starts, grouped) = super::group_by_key(
            &windows,
            |w| bucket(bit(w.key)),
            |&w| w,
            1 << BUCKET_BITS,
            WindowOf::default(),
        );
        Some(LiteralScanner {
            literals,
            stride,
            bits,
            starts: starts.into_boxed_slice(),
            windows: grouped.into_boxed_slice(),
            pairs,
        })
    }

    /// Whether any literal occurs in `hay`.
    pub(super) fn any(&self, hay: &[u8]) -> bool {
        let mut found = false;
        self.scan_until(hay, |_, _| {
            found = true;
            true
        });
        found
    }

    /// Calls `hit(literal index, start)` for every occurrence in `hay`, in no particular order.
    pub(super) fn scan(&self, hay: &[u8], mut hit: impl FnMut(usize, usize)) {
        self.scan_until(hay, |id, at| {
            hit(id, at);
            false
        });
    }

    /// [`Self::scan`], stopping as soon as `hit` returns true.
    fn scan_until(&self, hay: &[u8], mut hit: impl FnMut(usize, usize) -> bool) {
        if hay.len() < 4 {
            return;
        }
        if let Err(from) = self.scan_vectors(hay, &mut hit) {
            self.scan_portable(hay, from, &mut hit);
        }
    }

    /// The vector scan, where the processor and the stride allow it: `Ok` once `hit` has
    /// returned true, else `Err` with where the portable scan is to go on (the start, where
    /// there is no vector scan).
    #[inline]
    fn scan_vectors(
        &self,
        hay: &[u8],
        hit: &mut impl FnMut(usize, usize) -> bool,
    ) -> Result<(), usize> {
        #[cfg(target_arch = "x86_64")]
        if self.stride == 4 {
            if let Some(avx2) = crate::cpu::Avx2::detect() {
                // SAFETY: the token exists only where the processor has these features.
                return unsafe { self.scan_avx2(avx2, hay, hit) };
            }
        }
        let _ = (hay, hit);
        Err(0)
    }

    /// [`Self::scan_until`] from the sampled position `from` on, one window at a time.
    fn scan_portable(&self, hay: &[u8], from: usize, hit: &mut impl FnMut(usize, usize) -> bool) {
        let mut i = from;
        while let Some(at) = self.next_candidate(hay, i) {
            if self.paired(hay, at) && self.confirm(hay, at, hit) {
                return;
            }
            i = at + self.stride;
        }
    }

    /// [`Self::scan_until`] over the whole 32-byte blocks of `hay`, for a stride of four, with
    /// AVX2: the eight windows of a block are its eight 32-bit lanes, hashed by one multiply and
    /// tested by one gather of their filter words, and only the windows that pass cost a branch
    /// (the portable loop branches at each window, and about one in five passes, so the
    /// processor mispredicts it in every few). Returns `Ok` once `hit` has returned true, or
    /// `Err` with where the blocks end.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,bmi1,bmi2,lzcnt,popcnt")]
    fn scan_avx2(
        &self,
        _avx2: crate::cpu::Avx2,
        hay: &[u8],
        hit: &mut impl FnMut(usize, usize) -> bool,
    ) -> Result<(), usize> {
        use std::arch::x86_64::*;
        debug_assert_eq!(self.stride, 4);
        let fold = _mm256_set1_epi32(0x2020_2020);
        let multiplier = _mm256_set1_epi32(0x9E37_79B1_u32 as i32);
        let low_five = _mm256_set1_epi32(31);
        let words: *const i32 = self.bits.as_ptr().cast();
        // The windows of the block at `at` that pass the filter, as bits 0 to 7.
        let passing = |at: usize| {
            // SAFETY: bytes `at..at + 32` are inside `hay` (checked by the callers).
            let v = unsafe { _mm256_loadu_si256(hay.as_ptr().add(at).cast()) };
            let hashed = _mm256_mullo_epi32(_mm256_or_si256(v, fold), multiplier);
            let bit = _mm256_srli_epi32::<{ 32 - FILTER_BITS as i32 }>(hashed);
            // SAFETY: a bit is below 2^FILTER_BITS, so its 32-bit word is inside the filter.
            let word = unsafe { _mm256_i32gather_epi32::<4>(words, _mm256_srli_epi32::<5>(bit)) };
            let set =
                _mm256_slli_epi32::<31>(_mm256_srlv_epi32(word, _mm256_and_si256(bit, low_five)));
            _mm256_movemask_ps(_mm256_castsi256_ps(set)) as u32
        };
        let mut i = 0;
        let mut passed = if hay.len() >= 32 { passing(0) } else { 0 };
        while i + 32 <= hay.len() {
            // The next block's filter look-ups are under way while this block's hits are
            // checked: a mispredicted branch among them does not throw them away.
            let next = if i + 64 <= hay.len() {
                passing(i + 32)
            } else {
                0
            };
            while passed != 0 {
                let at = i + 4 * passed.trailing_zeros() as usize;
                passed &= passed - 1;
                if self.paired(hay, at) && self.confirm(hay, at, hit) {
                    return Ok(());
                }
            }
            passed = next;
            i += 32;
        }
        Err(i)
    }

    /// The first sampled position from `i` on (`i`, `i + stride`, …) whose window passes the
    /// filter. A loop of its own, apart from the work at a hit: its few values then stay in
    /// registers, and one sample costs a load, a multiply and a bit test.
    #[inline]
    fn next_candidate(&self, hay: &[u8], mut i: usize) -> Option<usize> {
        let bits: &[u64; FILTER_WORDS] = &self.bits;
        let stride = self.stride;
        let last = hay.len().checked_sub(4)?;
        while i <= last {
            if passes(bits, fold_at(hay, i)) {
                return Some(i);
            }
            i += stride;
        }
        None
    }

    /// [`Self::scan_until`] from the end of `hay` backwards: hits come roughly last first.
    pub(super) fn scan_rev_until(&self, hay: &[u8], mut hit: impl FnMut(usize, usize) -> bool) {
        if hay.len() < 4 {
            return;
        }
        // Sampled positions every `stride` bytes down from the last window: any `stride`
        // consecutive positions inside the text hold one, as they do going forwards.
        let mut i = hay.len() - 4;
        loop {
            if self.probe(hay, i, &mut hit) {
                return;
            }
            if i < self.stride {
                return;
            }
            i -= self.stride;
        }
    }

    /// Looks at the window at `i`: calls `hit` for each literal occurring where the window
    /// could be part of it, and returns true as soon as `hit` does.
    #[inline]
    fn probe(&self, hay: &[u8], i: usize, hit: &mut impl FnMut(usize, usize) -> bool) -> bool {
        passes(&self.bits, fold_at(hay, i)) && self.paired(hay, i) && self.confirm(hay, i, hit)
    }

    /// Whether the window at `i` (which passed the filter) passes the second one: with the four
    /// bytes after it, with the four before it, or alone.
    #[inline]
    fn paired(&self, hay: &[u8], i: usize) -> bool {
        let set = |b: usize| self.pairs[b >> 6] >> (b & 63) & 1 == 1;
        let key = fold_at(hay, i);
        (i + 8 <= hay.len() && set(pair_bit(Pair::After, key, fold_at(hay, i + 4))))
            || (i >= 4 && set(pair_bit(Pair::Before, fold_at(hay, i - 4), key)))
            || set(pair_bit(Pair::Alone, key, 0))
    }

    /// Calls `hit` for each literal occurring where the window at `i` (which passed the
    /// filter) could be part of it, and returns true as soon as `hit` does.
    #[inline(never)]
    fn confirm(&self, hay: &[u8], i: usize, hit: &mut impl FnMut(usize, usize) -> bool) -> bool {
        let key = fold_at(hay, i);
        let k = bucket(bit(key));
        let range = self.starts[k] as usize..self.starts[k + 1] as usize;
        for w in &self.windows[range] {
            if w.key != key {
                continue;
            }
            let lit = &self.literals[w.literal as usize];
            let Some(start) = i.checked_sub(w.offset as usize) else {
                continue;
            };
            let Some(there) = hay.get(start..start + lit.len()) else {
                continue;
            };
            if fold_at(there, w.check_at as usize) == w.check
                && there.eq_ignore_ascii_case(lit)
                && hit(w.literal as usize, start)
            {
                return true;
            }
        }
        false
    }
}

/// Finds every occurrence (overlapping, ASCII case-insensitive) of a set of literals too short
/// for [`LiteralScanner`].
///
/// When they all begin with one of at most three bytes (both cases of a letter count), a
/// vectorised search for those bytes finds the candidates: the wire credits `(ap)` and `(afp)`
/// both begin with `(`, which is rare in prose. An automaton, which has to look at every byte,
/// does the rest.
#[derive(Debug)]
pub(super) enum ShortScanner {
    FirstBytes {
        bytes: Vec<u8>,
        literals: Vec<Vec<u8>>,
    },
    Automaton(aho_corasick::AhoCorasick),
}

impl ShortScanner {
    /// A scanner for `literals`, or `None` if there are none (or the automaton fails to build).
    pub(super) fn new(literals: Vec<Vec<u8>>) -> Option<ShortScanner> {
        if literals.is_empty() {
            return None;
        }
        let mut bytes: Vec<u8> = Vec::new();
        for l in &literals {
            let Some(&b) = l.first() else {
                bytes.clear();
                break;
            };
            bytes.extend([b.to_ascii_lowercase(), b.to_ascii_uppercase()]);
        }
        bytes.sort_unstable();
        bytes.dedup();
        if (1..=3).contains(&bytes.len()) {
            return Some(ShortScanner::FirstBytes { bytes, literals });
        }
        aho_corasick::AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(&literals)
            .ok()
            .map(ShortScanner::Automaton)
    }

    /// Calls `hit(literal index, start)` for every occurrence in `hay`, in no particular order.
    pub(super) fn scan(&self, hay: &[u8], mut hit: impl FnMut(usize, usize)) {
        match self {
            ShortScanner::Automaton(ac) => {
                for m in ac.find_overlapping_iter(hay) {
                    hit(m.pattern().as_usize(), m.start());
                }
            }
            ShortScanner::FirstBytes { bytes, literals } => {
                let mut check = |at: usize| {
                    for (id, l) in literals.iter().enumerate() {
                        if hay
                            .get(at..at + l.len())
                            .is_some_and(|s| s.eq_ignore_ascii_case(l))
                        {
                            hit(id, at);
                        }
                    }
                };
                match bytes[..] {
                    [a] => memchr::memchr_iter(a, hay).for_each(&mut check),
                    [a, b] => memchr::memchr2_iter(a, b, hay).for_each(&mut check),
                    [a, b, c] => memchr::memchr3_iter(a, b, c, hay).for_each(&mut check),
                    _ => unreachable!("one to three first bytes"),
                }
            }
        }
    }
}

#[cfg(test)]
mod scanner_tests {
    use super::*;
    use proptest::prelude::*;

    /// All occurrences, the slow way.
    fn naive(lits: &[Vec<u8>], hay: &[u8]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (id, l) in lits.iter().enumerate() {
            for s in 0..hay.len().saturating_sub(l.len() - 1) {
                if hay[s..s + l.len()].eq_ignore_ascii_case(l) {
                    out.push((id, s));
                }
            }
        }
        out.sort();
        out
    }

    /// The hits `scan` reports, sorted.
    fn sorted(scan: impl FnOnce(&mut dyn FnMut(usize, usize))) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        scan(&mut |id, s| out.push((id, s)));
        out.sort();
        out
    }

    fn fast(lits: &[Vec<u8>], hay: &[u8]) -> Vec<(usize, usize)> {
        sorted(|hit| LiteralScanner::new(lits.to_vec()).unwrap().scan(hay, hit))
    }

    /// Literals as the scanners take them: ASCII-lowercased bytes.
    fn lowered(lits: Vec<String>) -> Vec<Vec<u8>> {
        lits.into_iter()
            .map(|l| l.to_ascii_lowercase().into_bytes())
            .collect()
    }

    /// Every hit of the backwards scan, sorted.
    fn backwards(lits: &[Vec<u8>], hay: &[u8]) -> Vec<(usize, usize)> {
        sorted(|hit| {
            let sc = LiteralScanner::new(lits.to_vec()).unwrap();
            sc.scan_rev_until(hay, |id, s| {
                hit(id, s);
                false
            });
        })
    }

    #[test]
    fn finds_overlapping_and_case_folded_occurrences() {
        let lits: Vec<Vec<u8>> = ["sanitary crisis", "crisis", "abab"]
            .iter()
            .map(|s| s.as_bytes().to_vec())
            .collect();
        let hay = b"The SANITARY Crisis; ababab crisis";
        assert_eq!(fast(&lits, hay), naive(&lits, hay));
        assert_eq!(fast(&lits, hay).len(), 5);
        let sc = LiteralScanner::new(lits.clone()).unwrap();
        assert!(sc.any(hay) && !sc.any(b"sanitary cris abba"));
        assert_eq!(backwards(&lits, hay), naive(&lits, hay));
        // Stops at the first hit it is told to: the last occurrence, `crisis` at the end.
        let mut first_seen = None;
        sc.scan_rev_until(hay, |id, s| {
            first_seen = Some((id, s));
            true
        });
        assert_eq!(first_seen, Some((1, hay.len() - 6)));
        assert!(LiteralScanner::new(vec![b"abc".to_vec()]).is_none());
    }

    #[test]
    fn a_lone_literal_is_found_at_every_alignment() {
        // With one literal, nothing else sets a bit of the second filter. `attended the` (12
        // bytes, a window every 4) is looked for with the four bytes after some of its windows
        // and the four before the others; `crisis` (6 bytes) with its windows alone. Each
        // alignment to the sampled positions uses another of its windows, and with a stride of
        // four (`attended the`) the blocks of 32 bytes the vector scan reads, from the first
        // to the last whole one, and the bytes after them.
        for lit in [&b"attended the"[..], b"crisis"] {
            let lits = vec![lit.to_vec()];
            for at in 0..100 {
                let mut hay = b"x".repeat(at);
                hay.extend(lit.to_ascii_uppercase());
                hay.extend(b" and more");
                assert_eq!(fast(&lits, &hay), vec![(0, at)], "at {at}");
                assert_eq!(backwards(&lits, &hay), vec![(0, at)], "at {at}");
                // At the very end of the text too.
                assert_eq!(fast(&lits, &hay[..at + lit.len()]), vec![(0, at)]);
            }
        }
    }

    fn short(lits: &[Vec<u8>], hay: &[u8]) -> Vec<(usize, usize)> {
        sorted(|hit| ShortScanner::new(lits.to_vec()).unwrap().scan(hay, hit))
    }

    #[test]
    fn short_literals_by_first_byte_or_automaton() {
        let lits =
            |v: &[&str]| -> Vec<Vec<u8>> { v.iter().map(|s| s.as_bytes().to_vec()).collect() };
        let wire = lits(&["(afp)", "(ap)"]);
        assert!(matches!(
            ShortScanner::new(wire.clone()),
            Some(ShortScanner::FirstBytes { .. })
        ));
        let hay = b"PARIS (AFP) - x (ap) (Ap)(afp";
        assert_eq!(short(&wire, hay), vec![(0, 6), (1, 16), (1, 21)]);
        // A letter counts twice: `ab` and `xy` make four first bytes, so an automaton is used.
        let four = lits(&["ab", "xy"]);
        assert!(matches!(
            ShortScanner::new(four.clone()),
            Some(ShortScanner::Automaton(_))
        ));
        assert_eq!(short(&four, b"AB xy abxy"), naive(&four, b"AB xy abxy"));
        assert!(ShortScanner::new(Vec::new()).is_none());
    }

    /// The hits of the portable scan alone, sorted.
    fn portable(lits: &[Vec<u8>], hay: &[u8]) -> Vec<(usize, usize)> {
        sorted(|hit| {
            let sc = LiteralScanner::new(lits.to_vec()).unwrap();
            sc.scan_portable(hay, 0, &mut |id, s| {
                hit(id, s);
                false
            });
        })
    }

    proptest! {
        /// Literals of seven bytes or more are sampled every four bytes, which the vector scan
        /// takes where the processor has it: it and the portable scan find what a naive search
        /// finds, in texts of many blocks.
        #[test]
        fn both_scans_of_long_literals_find_what_a_naive_search_finds(
            lits in proptest::collection::vec("[abAB ]{7,12}", 1..8),
            parts in proptest::collection::vec((0usize..16, "[abAB .]{0,20}"), 0..30),
        ) {
            let lits = lowered(lits);
            // The literals, in either case, among stretches of text that may hold more.
            let mut hay = String::new();
            for (k, filler) in &parts {
                hay.push_str(filler);
                let lit = std::str::from_utf8(&lits[k % lits.len()]).unwrap();
                hay.push_str(&if k % 2 == 0 { lit.to_string() } else { lit.to_ascii_uppercase() });
            }
            let want = naive(&lits, hay.as_bytes());
            prop_assert!(want.len() >= parts.len());
            prop_assert_eq!(LiteralScanner::new(lits.clone()).unwrap().stride, 4);
            prop_assert_eq!(&fast(&lits, hay.as_bytes()), &want);
            prop_assert_eq!(&portable(&lits, hay.as_bytes()), &want);
        }

        #[test]
        fn line_starts_let_through_every_line_a_regex_matches(
            skips in proptest::collection::vec(
                proptest::sample::select(&["[ \\t]*", "[*_]*", "[ ]+", "[-]{0,2}"][..]), 0..3),
            literals in proptest::collection::vec("[abAB: ]{1,4}", 1..4),
            flags in proptest::sample::select(&["", "(?m)", "(?mR)", "(?mi)"][..]),
            hay in "[abAB: \t*_\n\r-]{0,60}",
        ) {
            let alts: Vec<String> = literals.iter().map(|l| regex_syntax::escape(l)).collect();
            let pattern = format!("{flags}^{}(?:{})", skips.concat(), alts.join("|"));
            let re = regex::Regex::new(&pattern).unwrap();
            if let Some(start) = line_start(&pattern) {
                let index = LineStarts::new(vec![(7, start)]);
                // The places `^` can match in any mode: the start, and after `\n` or `\r`.
                let starts = std::iter::once(0).chain(
                    hay.bytes().enumerate().filter(|&(_, b)| b == b'\n' || b == b'\r').map(|(i, _)| i + 1),
                );
                let mut hits = 0;
                for at in starts {
                    index.at(hay.as_bytes(), at, |k| {
                        assert_eq!(k, 7);
                        hits += 1;
                    });
                }
                prop_assert!(hits > 0 || !re.is_match(&hay), "{pattern} matches {hay:?}");
            }
        }

        #[test]
        fn scanners_find_what_a_naive_search_finds(
            short_lits in proptest::collection::vec("[abAB(]{1,5}", 1..4),
            long_lits in proptest::collection::vec("[abAB ]{4,10}", 1..6),
            hay in "[abAB( @`\n]{0,200}",
        ) {
            let (short_lits, long_lits, hay) = (lowered(short_lits), lowered(long_lits), hay.as_bytes());
            prop_assert_eq!(short(&short_lits, hay), naive(&short_lits, hay));
            prop_assert_eq!(fast(&long_lits, hay), naive(&long_lits, hay));
            prop_assert_eq!(backwards(&long_lits, hay), naive(&long_lits, hay));
        }
    }
}
