//! The command line itself: help, version, usage errors, and `--root`'s default.

use crate::fixture::{run, Site, BIN};
use std::ffi::OsStr;

/// Guards `--help`: printed on stdout, exit 0, naming both commands.
#[test]
fn help_lists_the_commands() {
    let help = run(&["--help".as_ref()]);
    help.expect_code(0);
    assert!(
        help.stdout.contains("build") && help.stdout.contains("init"),
        "{}",
        help.stdout
    );
    let build_help = run(&["build".as_ref(), "--help".as_ref()]);
    build_help.expect_code(0);
    for flag in ["--root", "--out", "--drafts", "--base-url"] {
        assert!(build_help.stdout.contains(flag), "{}", build_help.stdout);
    }
}

/// Guards `--version`: the package version on stdout.
#[test]
fn version_prints_the_package_version() {
    let version = run(&["--version".as_ref()]);
    version.expect_code(0);
    assert_eq!(
        version.stdout.trim(),
        format!("panelpress {}", env!("CARGO_PKG_VERSION"))
    );
}

/// Guards usage errors: an unknown flag or a missing argument exits 2 with a message.
#[test]
fn usage_errors_exit_2() {
    let args: [&OsStr; 2] = ["build".as_ref(), "--bogus".as_ref()];
    run(&args).expect_code(2).expect_stderr("--bogus");
    run(&["init".as_ref()]).expect_code(2).expect_stderr("DIR");
}

/// Guards `--root`'s default: run inside the site folder, `build` finds `site.yaml` there
/// and writes `public/` beside it.
#[test]
fn root_defaults_to_the_current_folder() {
    let site = Site::new("minimal");
    site.build_here(&[])
        .expect_code(0)
        .expect_stderr("(0 errors, 0 warnings)");
    assert!(site.read("hello/index.html").contains("Hello, reader."));
}

/// A build whose standard error nobody reads any more (`panelpress build 2>&1 | head -1`
/// after `head` exits) still builds and exits 0, where printing its findings used to panic
/// with "failed printing to stderr" and exit 101.
#[test]
fn a_build_whose_messages_nobody_reads_still_succeeds() {
    let site = Site::new("minimal");
    site.write(
        "content/figures.md",
        "---\ntitle: Figures\ndescription: D\n---\nUp 5%.\n",
    );
    let out = site.root.join("public");
    let mut child = std::process::Command::new(BIN)
        .args(["build", "--root"])
        .arg(&site.root)
        .arg("--out")
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start panelpress");
    // Closed before the build prints anything (it builds first): every message it writes
    // meets a pipe without a reader.
    drop(child.stderr.take());
    let status = child.wait().expect("panelpress finishes");
    assert_eq!(status.code(), Some(0));
    assert!(out.join("figures/index.html").is_file());
}

/// `PANELPRESS_TIMINGS=1` prints each stage's time, with the resident memory after it on
/// Linux (which stage makes the peak), and leaves the output as it is without it.
#[test]
fn timings_name_each_stage_with_its_memory() {
    let site = Site::new("minimal");
    site.write(
        "content/a.md",
        "---\ntitle: A\ndescription: D\n---\nText.\n",
    );
    let run = |timings: &str, out: &str| {
        std::process::Command::new(BIN)
            .args(["build", "--root"])
            .arg(&site.root)
            .arg("--out")
            .arg(site.root.join(out))
            .env("PANELPRESS_TIMINGS", timings)
            .output()
            .expect("run panelpress")
    };
    let timed = run("1", "timed");
    assert_eq!(timed.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&timed.stderr);
    for stage in ["load", "tree", "render", "checks"] {
        let line = stderr
            .lines()
            .find(|line| line.starts_with(&format!("timing {stage} ")))
            .unwrap_or_else(|| panic!("no `{stage}` line in:\n{stderr}"));
        assert!(line.contains(" ms"), "{line}");
        if cfg!(target_os = "linux") {
            assert!(line.ends_with(" MB resident"), "{line}");
        }
    }
    let quiet = run("0", "quiet");
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("timing "));
    assert_eq!(
        std::fs::read(site.root.join("timed/a/index.html")).unwrap(),
        std::fs::read(site.root.join("quiet/a/index.html")).unwrap()
    );
}

/// Guards output to a reader that stops early (`panelpress check | head`): the rest is
/// dropped quietly and the exit code is the check's own, where printing used to panic
/// with "failed printing to stdout: Broken pipe" and exit 101.
#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    let site = Site::new("minimal");
    // A few hundred kilobytes of findings: more than a pipe holds, so the writer is still
    // writing when the reader goes away.
    site.write(
        "content/figures.md",
        "---\ntitle: Figures\n---\n".to_string() + &"Up 5%.\n\n".repeat(2000),
    );
    let whole = std::process::Command::new(BIN)
        .args(["check", "--root"])
        .arg(&site.root)
        .output()
        .expect("run panelpress");
    // Three times what a Linux pipe holds (64 KiB), in every format: reading 100 bytes and
    // closing leaves the writer blocked on a full pipe, so it does meet the broken pipe.
    assert!(whole.stdout.len() > 200_000, "enough output to fill a pipe");
    for format in ["human", "json", "github", "sarif"] {
        let mut child = std::process::Command::new(BIN)
            .args(["check", "--format", format, "--root"])
            .arg(&site.root)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start panelpress");
        let mut first = [0u8; 100];
        let mut stdout = child.stdout.take().expect("stdout");
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout);
        let out = child.wait_with_output().expect("panelpress finishes");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert_eq!(
            out.status.code(),
            whole.status.code(),
            "{format}: the check's own exit code: {stderr}"
        );
    }
}
