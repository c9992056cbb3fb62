//! Stage timings for whoever tunes the build: `PANELPRESS_TIMINGS=1 panelpress build`
//! prints how long each stage took to stderr, and the resident memory after it. Off by
//! default, and it never changes output.

use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

static PROCESS: OnceLock<Instant> = OnceLock::new();

/// Notes when the process started; call first thing in `main`.
pub fn process_started() {
    PROCESS.get_or_init(Instant::now);
}

/// Prints the time since [`process_started`], labelled `name`.
pub fn total(name: &str) {
    if let (true, Some(start)) = (enabled(), PROCESS.get()) {
        let _ = writeln!(
            std::io::stderr(),
            "timing {name:<12} {:>8.1} ms since start",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
}

/// Whether `PANELPRESS_TIMINGS` is set, read once.
fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("PANELPRESS_TIMINGS").is_some_and(|v| v != "0"))
}

/// The process's resident memory in MB, where the system says (Linux): which stage makes
/// the peak, since every page of it is faulted in by the kernel one at a time.
fn resident() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1000)
}

/// The CPU time the process's live threads have had so far, in nanoseconds (Linux: summed
/// from each thread's `schedstat`; a thread that has ended no longer counts): a stage
/// whose CPU time is not about twice its wall time on two cores has a serial part worth
/// finding.
fn cpu_ns() -> Option<u64> {
    let tasks = std::fs::read_dir("/proc/self/task").ok()?;
    // A thread that ends while this reads is skipped.
    let each = tasks.flatten().filter_map(|task| {
        let schedstat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
        schedstat.split_whitespace().next()?.parse::<u64>().ok()
    });
    Some(each.sum())
}

/// Marks stage ends and prints each stage's duration when timings are on.
pub(crate) struct Stopwatch {
    on: bool,
    last: Instant,
    last_cpu: u64,
}

impl Stopwatch {
    pub(crate) fn start() -> Stopwatch {
        let on = enabled();
        Stopwatch {
            on,
            last: Instant::now(),
            last_cpu: if on { cpu_ns().unwrap_or(0) } else { 0 },
        }
    }

    /// Ends the stage called `name`, which began at the previous mark.
    pub(crate) fn mark(&mut self, name: &str) {
        if self.on {
            let now = Instant::now();
            let cpu = cpu_ns().unwrap_or(0);
            let _ = writeln!(
                std::io::stderr(),
                "timing {name:<12} {:>8.1} ms, {:>7.1} ms CPU{}",
                (now - self.last).as_secs_f64() * 1e3,
                cpu.saturating_sub(self.last_cpu) as f64 / 1e6,
                resident().map_or_else(String::new, |mb| format!(", {mb} MB resident"))
            );
            self.last = now;
            self.last_cpu = cpu;
        }
    }
}
