//! One shape for every background job of the window (import, export, save,
//! compare, suggest in all documents): a worker thread with progress and
//! cancel, whose result the frame collects; a panic in the work becomes an
//! error result, never a job that never answers.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// Progress and cancel, shared between the worker and the window.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    cancel: AtomicBool,
}

impl Progress {
    /// Records `done` of `total`; returns whether the work should go on
    /// (false once cancelled): the shape of the library's progress callbacks.
    pub fn set(&self, done: usize, total: usize) -> bool {
        self.done.store(done, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        !self.cancelled()
    }

    /// Whether cancel was asked for.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// What polling a job found.
#[derive(Debug)]
pub enum Poll<T> {
    /// Still working.
    Running,
    /// Finished with this result.
    Done(T),
    /// The worker went away without a result (it cannot, short of a bug).
    Lost,
}

/// A job running on a worker thread.
#[derive(Debug)]
pub struct Job<T> {
    rx: Receiver<T>,
    progress: Arc<Progress>,
    started: Instant,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a worker thread; a panic in it becomes `on_panic(message)`.
    pub fn spawn(
        work: impl FnOnce(&Progress) -> T + Send + 'static,
        on_panic: impl FnOnce(String) -> T + Send + 'static,
    ) -> Self {
        let progress = Arc::new(Progress::default());
        let p = Arc::clone(&progress);
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&p)))
                .unwrap_or_else(|payload| on_panic(super::panic_message(payload.as_ref())));
            let _ = tx.send(r);
        });
        Job {
            rx,
            progress,
            started: Instant::now(),
        }
    }

    /// Whether it finished, without waiting.
    pub fn poll(&self) -> Poll<T> {
        match self.rx.try_recv() {
            Ok(t) => Poll::Done(t),
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => Poll::Lost,
        }
    }

    /// (done, total) as the work last reported.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.progress.done.load(Ordering::Relaxed),
            self.progress.total.load(Ordering::Relaxed),
        )
    }

    /// Asks the work to stop at its next progress report.
    pub fn cancel(&self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }

    /// How long it has been running.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait<T: Send + 'static>(job: &Job<T>) -> Poll<T> {
        let start = Instant::now();
        loop {
            match job.poll() {
                Poll::Running if start.elapsed() < Duration::from_secs(10) => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                other => return other,
            }
        }
    }

    #[test]
    fn progress_cancel_and_panics() {
        let job = Job::spawn(
            |p| {
                let mut n = 0;
                while p.set(n, 1_000_000) && n < 1_000_000 {
                    n += 1;
                    std::thread::sleep(Duration::from_micros(50));
                }
                n
            },
            |_| usize::MAX,
        );
        std::thread::sleep(Duration::from_millis(20));
        let (done, total) = job.progress();
        assert!(done > 0 && total == 1_000_000, "{done} of {total}");
        job.cancel();
        match wait(&job) {
            Poll::Done(n) => assert!(n < 1_000_000, "stopped early at {n}"),
            other => panic!("{other:?}"),
        }
        let job = Job::spawn(
            |_| -> String { panic!("boom") },
            |what| format!("failed: {what}"),
        );
        match wait(&job) {
            Poll::Done(s) => assert_eq!(s, "failed: boom"),
            other => panic!("{other:?}"),
        }
    }
}
