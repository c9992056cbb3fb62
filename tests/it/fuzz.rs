//! Fuzzing: mutated copies of the fixture sites, run through `check --format json` and
//! `build`, asserting what must hold for any input: no panic, an exit code of 0, 1 or 2,
//! one parseable JSON document from `check`, each run within a time limit, and `check` and
//! `build` agreeing (check reports an error exactly when build refuses to write).
//!
//! A seeded generator of our own (no extra dependency to compile) picks a fixture and one
//! to three bounded mutations per case: byte flips, truncation and insertion in a page;
//! front matter values swapped for hostile ones (huge strings, deep nesting, YAML aliases,
//! control characters, NUL, long slugs and tags, duplicate keys); `javascript:` and other
//! hostile values in `references.yaml` and `site.yaml`. The same seed gives the same cases.
//!
//! `cargo test` runs a small fixed campaign. `PANELPRESS_FUZZ_CASES=5000` runs a longer
//! one, `PANELPRESS_FUZZ_SEED=<n>` another sequence, and `PANELPRESS_FUZZ_ONLY=<case>`
//! reruns the one case a failure names.

use crate::fixture::{run_within, Run, Site};
use serde_json::Value;
use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

/// Cases in a default `cargo test` run: enough to touch every mutation, small enough for CI.
const DEFAULT_CASES: u64 = 24;

/// The default seed, so a default run is the same on every machine.
const DEFAULT_SEED: u64 = 0x005e_ed0f_fa11;

/// The longest one run of the binary may take on a mutated fixture before it counts as a hang.
const LIMIT: Duration = Duration::from_secs(10);

/// The most resident memory one run may reach on a mutated fixture (sampled on Linux).
const MEMORY_KIB: u64 = 256 * 1024;

/// Fixture sites the cases start from: mostly clean ones, so a mutation decides whether
/// `check` finds an error, and a few that already have errors.
const FIXTURES: &[&str] = &[
    "basic",
    "minimal",
    "links-clean",
    "markdown",
    "check-forms",
    "check-csl",
    "check-review",
    "check-uncited",
    "theme-override",
    "kitchen-sink",
    "check-dose",
    "yaml-aliases",
];

/// Front matter keys a case may add or overwrite.
const KEYS: &[&str] = &[
    "title",
    "description",
    "slug",
    "tags",
    "aliases",
    "date",
    "reviewed",
    "weight",
    "template",
    "draft",
    "url",
    "cites",
];

/// SplitMix64: tiny, seedable and good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

#[test]
fn mutated_fixture_sites_never_panic_hang_or_disagree() {
    let seed = env_number("PANELPRESS_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let cases = env_number("PANELPRESS_FUZZ_CASES").unwrap_or(DEFAULT_CASES);
    let only = env_number("PANELPRESS_FUZZ_ONLY");
    let range = match only {
        Some(case) => case..case + 1,
        None => 0..cases,
    };
    let (mut outcomes, mut peak) = ([0u64; 3], 0);
    for case in range {
        let (code, kib) = run_case(seed, case);
        outcomes[code] += 1;
        peak = peak.max(kib);
    }
    let [clean, refused, failed] = outcomes;
    eprintln!(
        "fuzz: {clean} clean, {refused} with errors, {failed} failures (exit 2); \
         peak {} MiB resident",
        peak / 1024
    );
}

/// Builds, runs and judges case `case` of the sequence `seed`; returns check's exit code
/// and the larger peak memory of its two runs.
fn run_case(seed: u64, case: u64) -> (usize, u64) {
    let mut rng = Rng(seed ^ case.wrapping_mul(0xa076_1d64_78bd_642f));
    let fixture = *rng.pick(FIXTURES);
    let site = Site::new(fixture);
    let mut log = vec![format!("fixture {fixture}")];
    for _ in 0..1 + rng.below(2) {
        log.push(mutate(&site, &mut rng));
    }
    let what = format!(
        "case {case} (PANELPRESS_FUZZ_SEED={seed} PANELPRESS_FUZZ_ONLY={case}):\n  {}",
        log.join("\n  ")
    );
    let root = site.root.as_os_str();
    let check = timed(&what, ["check", "--format", "json"].map(OsStr::new), root);
    let out = site.tmp().join("out");
    let build = timed(
        &what,
        ["build".as_ref(), "--out".as_ref(), out.as_os_str()],
        root,
    );
    judge(&what, &check, &build, &out);
    let peak = check.peak_kib.max(build.peak_kib).unwrap_or(0);
    (check.code as usize, peak)
}

/// Runs `panelpress COMMAND --root ROOT FLAG VALUE` within [`LIMIT`], failing the case as a
/// hang otherwise.
fn timed(what: &str, [command, flag, value]: [&OsStr; 3], root: &OsStr) -> Run {
    let args = [command, "--root".as_ref(), root, flag, value];
    run_within(None, &args, LIMIT)
        .unwrap_or_else(|| panic!("{what}\npanelpress {args:?} ran longer than {LIMIT:?}"))
}

/// The properties every input must keep.
fn judge(what: &str, check: &Run, build: &Run, out: &Path) {
    for (name, run) in [("check", check), ("build", build)] {
        assert!(
            !run.stderr.contains("panicked"),
            "{what}\n{name} panicked:\n{}",
            run.stderr
        );
        assert!(
            run.peak_kib.unwrap_or(0) <= MEMORY_KIB,
            "{what}\n{name} reached {:?} KiB resident",
            run.peak_kib
        );
        assert!(
            (0..=2).contains(&run.code),
            "{what}\n{name} exited {}:\n{}",
            run.code,
            run.stderr
        );
    }
    let wrote = out.exists();
    if check.code == 2 {
        assert!(
            build.code != 0 && !wrote,
            "{what}\ncheck failed (exit 2) but build exited {} (wrote: {wrote}):\n{}",
            build.code,
            build.stderr
        );
        return;
    }
    let report: Value = serde_json::from_str(&check.stdout).unwrap_or_else(|e| {
        panic!(
            "{what}\ncheck's JSON does not parse ({e}):\n{}",
            check.stdout
        )
    });
    let errors = report["summary"]["errors"]
        .as_u64()
        .unwrap_or_else(|| panic!("{what}\nno summary.errors in:\n{}", check.stdout));
    assert_eq!(
        check.code,
        i32::from(errors > 0),
        "{what}\ncheck's exit code disagrees with its {errors} errors"
    );
    if errors > 0 {
        assert!(
            build.code == 1 && !wrote,
            "{what}\ncheck found {errors} errors but build exited {} (wrote: {wrote}):\n{}\n{}",
            build.code,
            build.stderr,
            check.stdout
        );
    } else {
        assert!(
            build.code == 0 && wrote,
            "{what}\ncheck found no errors but build exited {} (wrote: {wrote}):\n{}",
            build.code,
            build.stderr
        );
    }
}

/// Applies one mutation to `site` and says what it did.
fn mutate(site: &Site, rng: &mut Rng) -> String {
    let files = crate::fixture::tree(&site.root);
    let pages: Vec<&String> = files.keys().filter(|rel| rel.ends_with(".md")).collect();
    let page = (*rng.pick(&pages)).clone();
    let mut bytes = files[&page].clone();
    let kind = rng.below(9);
    let did = match kind {
        0 => flip(&mut bytes, rng),
        1 => truncate(&mut bytes, rng),
        2 => insert(&mut bytes, rng),
        3 | 4 => {
            let (text, did) = front_matter_value(&bytes, rng);
            bytes = text.into_bytes();
            did
        }
        5 => duplicate_key(&mut bytes, rng),
        6 | 7 => return yaml_file(site, &files, "references.yaml", rng),
        _ => return yaml_file(site, &files, "site.yaml", rng),
    };
    site.write(&page, &bytes);
    format!("{page}: {did}")
}

fn flip(bytes: &mut [u8], rng: &mut Rng) -> String {
    if bytes.is_empty() {
        return "flip nothing (empty)".into();
    }
    let at = rng.below(bytes.len());
    let mask = 1 + rng.below(255) as u8;
    bytes[at] ^= mask;
    format!("xor byte {at} with {mask:#04x}")
}

fn truncate(bytes: &mut Vec<u8>, rng: &mut Rng) -> String {
    let at = rng.below(bytes.len() + 1);
    bytes.truncate(at);
    format!("truncate to {at} bytes")
}

fn insert(bytes: &mut Vec<u8>, rng: &mut Rng) -> String {
    let at = rng.below(bytes.len() + 1);
    let (value, name) = hostile(rng);
    bytes.splice(at..at, value.into_bytes());
    format!("insert {name} at byte {at}")
}

/// Sets a front matter key (an existing one or one of [`KEYS`]) to a hostile value.
fn front_matter_value(bytes: &[u8], rng: &mut Rng) -> (String, String) {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let (value, name) = hostile(rng);
    let Some(end) = front_matter_end(&text) else {
        let key = rng.pick(KEYS);
        return (
            format!("---\n{key}: {value}\n---\n{text}"),
            format!("prepend front matter {key}: {name}"),
        );
    };
    let lines: Vec<&str> = text[4..end].lines().collect();
    let keyed: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].contains(':') && !lines[i].starts_with(' '))
        .collect();
    if keyed.is_empty() || rng.below(3) == 0 {
        let key = rng.pick(KEYS);
        let out = format!("---\n{key}: {value}\n{}", &text[4..]);
        return (out, format!("add {key}: {name}"));
    }
    let i = *rng.pick(&keyed);
    let key = lines[i].split(':').next().unwrap_or_default();
    let mut changed: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    changed[i] = format!("{key}: {value}");
    let out = format!("---\n{}\n{}", changed.join("\n"), &text[end..]);
    (out, format!("set {key}: {name}"))
}

/// Where the front matter's closing `\n---` starts, if the page opens with `---\n`.
fn front_matter_end(text: &str) -> Option<usize> {
    if !text.starts_with("---\n") {
        return None;
    }
    text[3..].find("\n---").map(|i| i + 3)
}

fn duplicate_key(bytes: &mut Vec<u8>, rng: &mut Rng) -> String {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let Some(end) = front_matter_end(&text) else {
        return "duplicate nothing (no front matter)".into();
    };
    let lines: Vec<&str> = text[4..end].lines().collect();
    if lines.is_empty() {
        return "duplicate nothing (empty front matter)".into();
    }
    let line = *rng.pick(&lines);
    *bytes = format!("---\n{line}\n{}", &text[4..]).into_bytes();
    format!("duplicate front matter line {line:?}")
}

/// Swaps a value in a YAML file at the site's root (or adds an entry with a hostile url).
fn yaml_file(
    site: &Site,
    files: &std::collections::BTreeMap<String, Vec<u8>>,
    name: &str,
    rng: &mut Rng,
) -> String {
    let text = files
        .get(name)
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let (value, what) = hostile(rng);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let keyed: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].contains(": "))
        .collect();
    let did = if name == "references.yaml" && (keyed.is_empty() || rng.below(2) == 0) {
        let url = rng.pick(&[
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
        ]);
        lines.push(format!(
            "fuzz-ref:\n  title: {value}\n  url: \"{url}\"\n  year: 2020"
        ));
        format!("add a reference with url {url} and title {what}")
    } else if keyed.is_empty() {
        lines.push(format!("title: {value}"));
        format!("add title: {what}")
    } else {
        let i = *rng.pick(&keyed);
        let key = lines[i].split(": ").next().unwrap_or_default().to_string();
        lines[i] = format!("{key}: {value}");
        format!("set {key}: {what}")
    };
    site.write(name, lines.join("\n") + "\n");
    format!("{name}: {did}")
}

/// A hostile YAML value (one line) and a short name for it.
fn hostile(rng: &mut Rng) -> (String, String) {
    let n = 1 + rng.below(100_000);
    let depth = 1 + rng.below(20_000);
    match rng.below(17) {
        0 => ("a".repeat(n), format!("a string of {n} bytes")),
        1 => ("[".repeat(depth), format!("{depth} unclosed [")),
        2 => (
            format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
            format!("{depth} nested lists"),
        ),
        3 => ("{a: ".repeat(depth.min(5000)), "nested maps".into()),
        4 => (alias_bomb(2 + rng.below(9)), "a YAML alias bomb".into()),
        5 => ("*nowhere".into(), "an undefined alias".into()),
        6 => ("\"a\\0b\\u0000c\"".into(), "escaped NUL".into()),
        7 => ("a\0b".into(), "a raw NUL".into()),
        8 => (
            "\u{1}\u{7}\u{1b}[31m\u{7f}\u{202e}x".into(),
            "control characters".into(),
        ),
        9 => (
            format!("{}/{}", "s".repeat(n.min(5000)), "../".repeat(50)),
            "a long slug with ../".into(),
        ),
        10 => {
            let tags: Vec<String> = (0..n.min(20_000)).map(|i| format!("t{i}")).collect();
            (
                format!("[{}]", tags.join(", ")),
                format!("{} tags", tags.len()),
            )
        }
        11 => ("javascript:alert(1)".into(), "a javascript: url".into()),
        12 => ("!!binary AAAA".into(), "a !!binary tag".into()),
        13 => ("{{ page.title }}{% raw %}".into(), "template syntax".into()),
        14 => ("1e999".into(), "a huge number".into()),
        15 => (
            rng.pick(&[
                "Plain words",
                "x",
                "2026-01-02",
                "3",
                "[a, b]",
                "\"quoted\"",
            ])
            .to_string(),
            "a harmless value".into(),
        ),
        _ => (
            rng.pick(&["~", "null", "-1", "2026-13-45", "'open", "&a", "? x", "|"])
                .to_string(),
            "an odd scalar".into(),
        ),
    }
}

/// A flow list whose anchors each repeat the previous one ten times: `levels` levels expand
/// to 10^levels items if a parser follows every alias.
fn alias_bomb(levels: usize) -> String {
    let mut parts = vec!["&l0 [x, x, x, x, x, x, x, x, x, x]".to_string()];
    for level in 1..levels {
        let prev = format!("*l{}", level - 1);
        parts.push(format!("&l{level} [{}]", vec![prev; 10].join(", ")));
    }
    format!("[{}]", parts.join(", "))
}
