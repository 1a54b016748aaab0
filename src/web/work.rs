//! Running one file's work off the request thread, with a time limit and a
//! bound on how many run at once, so one hostile file cannot freeze the page.
//!
//! The reader has no way to be interrupted; a file that runs past its limit
//! is answered as too slow at once, and its thread finishes (or not) on its
//! own, still counted against the bound so such files cannot pile up.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Why a job gave no result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobError {
    /// Every worker is busy (some with files past their limit).
    Busy,
    /// The file took longer than the limit.
    TimedOut,
    /// The work panicked (a bug; the file is reported as unreadable).
    Failed,
}

/// At most `max` jobs at once, each given `limit`.
#[derive(Debug)]
pub struct Workers {
    running: Arc<AtomicUsize>,
    max: usize,
    limit: Duration,
}

struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Workers {
    pub fn new(max: usize, limit: Duration) -> Workers {
        Workers {
            running: Arc::new(AtomicUsize::new(0)),
            max: max.max(1),
            limit,
        }
    }

    pub fn limit(&self) -> Duration {
        self.limit
    }

    /// Runs `f` on a new thread and waits for it at most the limit.
    pub fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T, JobError> {
        let prev = self.running.fetch_add(1, Ordering::SeqCst);
        let slot = Slot(Arc::clone(&self.running));
        if prev >= self.max {
            return Err(JobError::Busy);
        }
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
        // The slow one still runs: no room.
        assert_eq!(w.run(|| 1), Err(JobError::Busy));
        go_tx.send(()).unwrap();
        let mut ok = false;
        for _ in 0..100 {
            if w.run(|| 2) == Ok(2) {
                ok = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(ok, "the slot is freed when the slow job ends");
    }

    #[test]
    fn a_panicking_job_is_failed_not_a_crash() {
        let w = Workers::new(2, Duration::from_secs(5));
        assert_eq!(w.run(|| -> u8 { panic!("boom") }), Err(JobError::Failed));
        assert_eq!(w.run(|| 3), Ok(3));
    }
}
