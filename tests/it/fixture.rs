//! Fixture sites and the `panelpress` binary, as the tests drive them: a fixture from
//! `tests/fixtures/<name>/` is copied into a fresh temporary folder (the committed fixture
//! is never written to), built with the real binary, and its output read back.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// The binary Cargo built for this test run.
pub const BIN: &str = env!("CARGO_BIN_EXE_panelpress");

/// The longest any one command may take before the test calls it a hang.
const TIMEOUT: Duration = Duration::from_secs(120);

/// A copy of a fixture site in its own temporary folder (`TMP/site`).
pub struct Site {
    tmp: TempDir,
    pub root: PathBuf,
}

impl Site {
    /// Copies `tests/fixtures/<name>` into a fresh temporary folder.
    pub fn new(name: &str) -> Site {
        let tmp = tempfile::tempdir().expect("create a temporary folder");
        let root = tmp.path().join("site");
        copy_dir(&fixture_dir(name), &root);
        Site { tmp, root }
    }

    /// The temporary folder holding the site (and anything a test puts beside it).
    pub fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    /// The default output folder, `ROOT/public`.
    pub fn out(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Writes `bytes` to `rel` inside the site, creating folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write a site file");
    }

    /// Runs `panelpress build --root ROOT` with `args` after it.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all: Vec<&OsStr> = vec!["build".as_ref(), "--root".as_ref(), self.root.as_ref()];
        all.extend(args.iter().map(OsStr::new));
        run(&all)
    }

    /// Runs `panelpress check --root ROOT` with `args` after it.
    pub fn check(&self, args: &[&str]) -> Run {
        check_root(&self.root, args)
    }

    /// Runs `panelpress build` with `args` from inside the site folder, so `--root`
    /// takes its default (`.`), as a writer in a terminal runs it.
    pub fn build_here(&self, args: &[&str]) -> Run {
        let mut all: Vec<&OsStr> = vec!["build".as_ref()];
        all.extend(args.iter().map(OsStr::new));
        run_in(Some(&self.root), &all)
    }

    /// The text of `rel` inside the default output folder.
    pub fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// Whether `rel` exists inside the default output folder.
    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }

    /// `text` with this site's temporary path replaced by `[ROOT]` and the build time by
    /// `[TIME]`, so it can be compared with a snapshot.
    pub fn normalize(&self, text: &str) -> String {
        strip_timing(&text.replace(&self.root.display().to_string(), "[ROOT]"))
    }
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// The process's peak resident memory in KiB, sampled while it ran (Linux only).
    pub peak_kib: Option<u64>,
}

impl Run {
    /// Panics, showing stderr, unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}, got {}\n--- stderr ---\n{}",
            self.code, self.stderr
        );
        self
    }

    /// Panics, showing stderr, unless stderr contains `needle`.
    #[track_caller]
    pub fn expect_stderr(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n--- stderr ---\n{}",
            self.stderr
        );
        self
    }
}

/// Runs the binary with `args`, failing the test if it runs longer than [`TIMEOUT`].
pub fn run(args: &[&OsStr]) -> Run {
    run_in(None, args)
}

/// Runs `panelpress check --root ROOT` with `args` after it, for any folder (the
/// repository itself, a folder with no site).
pub fn check_root(root: &Path, args: &[&str]) -> Run {
    let mut all: Vec<&OsStr> = vec!["check".as_ref(), "--root".as_ref(), root.as_ref()];
    all.extend(args.iter().map(OsStr::new));
    run(&all)
}

/// [`run`] in folder `dir` (the test's own working folder when `None`).
fn run_in(dir: Option<&Path>, args: &[&OsStr]) -> Run {
    run_within(dir, args, TIMEOUT)
        .unwrap_or_else(|| panic!("panelpress {args:?} did not finish within {TIMEOUT:?}"))
}

/// Runs the binary with `args` in folder `dir`, killing it and returning `None` if it runs
/// longer than `limit`, so a caller can report which input hung.
pub fn run_within(dir: Option<&Path>, args: &[&OsStr], limit: Duration) -> Option<Run> {
    let mut command = Command::new(BIN);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let mut child = command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start panelpress");
    let pid = child.id();
    let (mut stdout, mut stderr) = (child.stdout.take(), child.stderr.take());
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let (mut out, mut err) = (String::new(), String::new());
        let reader = std::thread::spawn(move || {
            if let Some(s) = stdout.as_mut() {
                s.read_to_string(&mut out).ok();
            }
            out
        });
        if let Some(s) = stderr.as_mut() {
            s.read_to_string(&mut err).ok();
        }
        let out = reader.join().unwrap_or_default();
        let status = child.wait().expect("wait for panelpress");
        send.send((status, out, err)).ok();
    });
    let start = Instant::now();
    let mut peak_kib = None;
    loop {
        let wait = limit.saturating_sub(start.elapsed()).min(SAMPLE);
        match receive.recv_timeout(wait) {
            Ok((status, stdout, stderr)) => {
                return Some(Run {
                    code: status.code().unwrap_or(-1),
                    stdout,
                    stderr,
                    peak_kib,
                })
            }
            Err(mpsc::RecvTimeoutError::Timeout) if start.elapsed() < limit => {
                peak_kib = high_water_kib(pid).max(peak_kib);
            }
            Err(_) => {
                Command::new("kill")
                    .arg("-9")
                    .arg(pid.to_string())
                    .status()
                    .ok();
                return None;
            }
        }
    }
}

/// How often [`run_within`] samples the child's peak memory.
const SAMPLE: Duration = Duration::from_millis(20);

/// The peak resident memory of process `pid` so far (`VmHWM`, which only grows, so a late
/// sample sees any earlier spike), where the system says.
fn high_water_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `tests/fixtures/<name>`.
pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the site folder");
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .unwrap_or_else(|e| panic!("read fixture {}: {e}", from.display()))
        .map(|e| e.expect("a fixture entry"))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a fixture file");
        }
    }
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect(dir, dir, &mut files);
    files
}

fn collect(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).expect("read an output folder") {
        let path = entry.expect("an output entry").path();
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let rel = path.strip_prefix(base).expect("inside the base");
            let rel = rel.to_string_lossy().replace('\\', "/");
            files.insert(rel, std::fs::read(&path).expect("read an output file"));
        }
    }
}

/// Every `.html` file under `dir` with its text.
pub fn html_files(dir: &Path) -> Vec<(String, String)> {
    tree(dir)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(rel, bytes)| (rel, String::from_utf8(bytes).expect("UTF-8 HTML")))
        .collect()
}

/// The names in `dir`, sorted.
/// The names in `dir` a writer would see: [`names_in`] without `.panelpress/`, the folder
/// builds stage in, after asserting that it holds nothing but its `.gitignore` (which keeps
/// it out of `git status`), so no staging folder was left behind.
#[track_caller]
pub fn names_beside_output(dir: &Path) -> Vec<String> {
    let area = dir.join(".panelpress");
    if area.exists() {
        assert_eq!(
            names_in(&area),
            [".gitignore"],
            "a staging folder was left behind"
        );
    }
    let mut names = names_in(dir);
    names.retain(|name| name != ".panelpress");
    names
}

pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read a folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// The rendered Markdown of a page: what the theme puts inside `<div class="content">`.
pub fn content_of(html: &str) -> &str {
    let start = html
        .find("<div class=\"content\">")
        .unwrap_or_else(|| panic!("no content div in:\n{html}"));
    let end = html[start..]
        .rfind("</article>")
        .map(|i| start + i)
        .expect("the article's end");
    let end = html[..end].rfind("</div>").expect("the content div's end");
    &html[start..end + "</div>".len()]
}

/// The `href`s in `html`, in document order.
pub fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// Replaces every `in 0.01s`-style duration with `in [TIME]`.
fn strip_timing(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(" in ") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if digits > 0 && rest[digits..].starts_with('s') {
            out.push_str("[TIME]");
            rest = &rest[digits + 1..];
        }
    }
    out.push_str(rest);
    out
}
