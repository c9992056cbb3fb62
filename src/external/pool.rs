//! Running jobs on a few threads, at most `global` at once and at most `per_host` for one
//! host, so a page that links forty times to one site does not hammer it.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};

struct State {
    /// Jobs not started yet, in order.
    pending: Vec<usize>,
    /// Jobs running per host.
    active: HashMap<String, usize>,
}

/// `work` over every job, with the limits; the results in the jobs' order.
pub fn run_bounded<T, R>(
    jobs: &[T],
    host: impl Fn(&T) -> String + Sync,
    global: usize,
    per_host: usize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let hosts: Vec<String> = jobs.iter().map(&host).collect();
    let state = Mutex::new(State {
        pending: (0..jobs.len()).collect(),
        active: HashMap::new(),
    });
    let changed = Condvar::new();
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    let per_host = per_host.max(1);
    let worker = || loop {
        let next = {
            let mut guard = state.lock().expect("the job queue");
            loop {
                if guard.pending.is_empty() {
                    break None;
                }
                let free = guard
                    .pending
                    .iter()
                    .position(|&i| guard.active.get(&hosts[i]).copied().unwrap_or(0) < per_host);
                if let Some(position) = free {
                    let i = guard.pending.remove(position);
                    *guard.active.entry(hosts[i].clone()).or_insert(0) += 1;
                    break Some(i);
                }
                guard = changed.wait(guard).expect("the job queue");
            }
        };
        let Some(i) = next else {
            changed.notify_all();
            return;
        };
        let result = work(&jobs[i]);
        results.lock().expect("the results")[i] = Some(result);
        let mut guard = state.lock().expect("the job queue");
        if let Some(count) = guard.active.get_mut(&hosts[i]) {
            *count -= 1;
        }
        drop(guard);
        changed.notify_all();
    };
    std::thread::scope(|scope| {
        for _ in 0..global.max(1).min(jobs.len()) {
            scope.spawn(worker);
        }
    });
    results
        .into_inner()
        .expect("the results")
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn respects_both_limits_and_keeps_order() {
        let jobs: Vec<(String, usize)> = (0..24).map(|i| (format!("h{}", i % 3), i)).collect();
        let running: Mutex<HashMap<String, usize>> = Mutex::new(HashMap::new());
        let total = AtomicUsize::new(0);
        let (most_total, most_host) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let out = run_bounded(
            &jobs,
            |(h, _)| h.clone(),
            4,
            2,
            |(h, i)| {
                let now = total.fetch_add(1, Ordering::SeqCst) + 1;
                most_total.fetch_max(now, Ordering::SeqCst);
                {
                    let mut r = running.lock().unwrap();
                    let c = r.entry(h.clone()).or_insert(0);
                    *c += 1;
                    most_host.fetch_max(*c, Ordering::SeqCst);
                }
                std::thread::sleep(Duration::from_millis(10));
                *running.lock().unwrap().get_mut(h).unwrap() -= 1;
                total.fetch_sub(1, Ordering::SeqCst);
                i * 2
            },
        );
        assert_eq!(out, (0..24).map(|i| i * 2).collect::<Vec<_>>());
        assert!(most_total.load(Ordering::SeqCst) <= 4);
        assert!(most_host.load(Ordering::SeqCst) <= 2);
    }
}
