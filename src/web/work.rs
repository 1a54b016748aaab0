//! Running one file's work off the request thread, with a time limit and a
//! bound on how many run at once, so one hostile file cannot freeze the page.
//!
//! The reader has no way to be interrupted; a file that runs past its limit
//! is answered as too slow at once, and its thread finishes (or not) on its
//! own, still counted against the bound so such files cannot pile up.

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Why a job gave no result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobError {
    /// Every worker stayed busy for a whole time limit (some with files past
    /// their limit).
    Busy,
    /// The file took longer than the limit.
    TimedOut,
    /// The work panicked (a bug; the file is reported as unreadable).
    Failed,
}

/// How many jobs run, and a signal when one ends.
#[derive(Debug, Default)]
struct Count {
    running: Mutex<usize>,
    freed: Condvar,
}

/// At most `max` jobs at once, each given `limit`; a job that finds them all
/// busy waits for a free one at most `limit` too (uploads of a whole folder
/// arrive several at a time).
#[derive(Debug)]
pub struct Workers {
    count: Arc<Count>,
    max: usize,
    limit: Duration,
}

struct Slot(Arc<Count>);

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut n) = self.0.running.lock() {
            *n = n.saturating_sub(1);
        }
        self.0.freed.notify_one();
    }
}

impl Workers {
    pub fn new(max: usize, limit: Duration) -> Workers {
        Workers {
            count: Arc::new(Count::default()),
            max: max.max(1),
            limit,
        }
    }

    pub fn limit(&self) -> Duration {
        self.limit
    }

    /// Takes a slot, waiting at most the limit for one.
    fn slot(&self) -> Option<Slot> {
        let deadline = Instant::now() + self.limit;
        let mut n = self.count.running.lock().ok()?;
        while *n >= self.max {
            let left = deadline.checked_duration_since(Instant::now())?;
            n = self.count.freed.wait_timeout(n, left).ok()?.0;
        }
        *n += 1;
        Some(Slot(Arc::clone(&self.count)))
    }

    /// Runs `f` on a new thread and waits for it at most the limit.
    pub fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T, JobError> {
        let slot = self.slot().ok_or(JobError::Busy)?;
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let spawned = std::thread::Builder::new().name("baocao-web-job".into()).spawn(move || {
            let _slot = slot;
            let _ = tx.send(f());
        });
        if spawned.is_err() {
            return Err(JobError::Busy);
        }
        match rx.recv_timeout(self.limit) {
            Ok(v) => Ok(v),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(JobError::TimedOut),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(JobError::Failed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slow_job_times_out_and_keeps_its_slot_until_it_ends() {
        let w = Workers::new(1, Duration::from_millis(50));
        let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
        assert_eq!(
            w.run(move || {
                let _ = go_rx.recv();
            }),
            Err(JobError::TimedOut)
        );
        // The slow one still runs: no room, after waiting the limit for it.
        let t = Instant::now();
        assert_eq!(w.run(|| 1), Err(JobError::Busy));
        assert!(t.elapsed() >= Duration::from_millis(50));
        go_tx.send(()).unwrap();
        // Its end frees the slot for a waiting job.
        let w = Workers::new(1, Duration::from_secs(5));
        let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
        let slow = std::thread::scope(|s| {
            let first = s.spawn(|| {
                w.run(move || {
                    let _ = go_rx.recv();
                    1
                })
            });
            std::thread::sleep(Duration::from_millis(50));
            let second = s.spawn(|| w.run(|| 2));
            std::thread::sleep(Duration::from_millis(50));
            go_tx.send(()).unwrap();
            (first.join().unwrap(), second.join().unwrap())
        });
        assert_eq!(slow, (Ok(1), Ok(2)), "the second waited for the first's slot");
    }

    #[test]
    fn a_panicking_job_is_failed_not_a_crash() {
        let w = Workers::new(2, Duration::from_secs(5));
        assert_eq!(w.run(|| -> u8 { panic!("boom") }), Err(JobError::Failed));
        assert_eq!(w.run(|| 3), Ok(3));
    }
}
