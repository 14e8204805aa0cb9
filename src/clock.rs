//! Time for the engines: a [`Clock`] trait, the real [`SystemClock`] and a [`ManualClock`] that
//! tests (and scripted runs) move by hand. The exam session and the call simulator read time only
//! through this trait, so no test ever sleeps.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

/// A source of time.
///
/// `elapsed` is monotonic and is what timers use; `wall` is the calendar time written into
/// records (when an attempt started and finished) and used for spaced-repetition due dates.
pub trait Clock: Send + Sync {
    /// Monotonic time since the clock's own origin. Never goes backwards.
    fn elapsed(&self) -> Duration;
    /// The calendar time now, in UTC.
    fn wall(&self) -> DateTime<Utc>;
}

/// The real clock: `Instant` for timers, the system calendar for records.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    origin: Instant,
}

impl SystemClock {
    /// A clock whose origin is now.
    pub fn new() -> Self {
        SystemClock {
            origin: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn elapsed(&self) -> Duration {
        self.origin.elapsed()
    }

    fn wall(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that only moves when told to. Clones share the same time, so a test can keep one
/// handle and give the other to the engine.
#[derive(Debug, Clone)]
pub struct ManualClock {
    /// Milliseconds since the origin.
    ms: Arc<AtomicU64>,
    /// The calendar time at the origin.
    start: DateTime<Utc>,
}

impl ManualClock {
    /// A clock at 0 whose calendar starts at `start`.
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        ManualClock {
            ms: Arc::new(AtomicU64::new(0)),
            start,
        }
    }

    /// A clock at 0 whose calendar starts at 2026-01-01T00:00:00Z (a fixed date, so output
    /// that mentions it never drifts).
    pub fn new() -> Self {
        Self::starting_at(DateTime::<Utc>::from_timestamp(1_767_225_600, 0).unwrap_or_default())
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        let ms = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        // fetch_update never fails with a closure that always returns Some.
        let _ = self
            .ms
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |t| {
                Some(t.saturating_add(ms))
            });
    }

    /// Moves the clock forward by whole seconds.
    pub fn advance_secs(&self, secs: u64) {
        self.advance(Duration::from_secs(secs));
    }

    /// Moves the clock forward by whole minutes.
    pub fn advance_mins(&self, mins: u64) {
        self.advance(Duration::from_secs(mins.saturating_mul(60)));
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn elapsed(&self) -> Duration {
        Duration::from_millis(self.ms.load(Ordering::SeqCst))
    }

    fn wall(&self) -> DateTime<Utc> {
        let ms = i64::try_from(self.ms.load(Ordering::SeqCst)).unwrap_or(i64::MAX);
        self.start + chrono::Duration::milliseconds(ms)
    }
}

/// A fresh seed for a run that was not given one: the process's hash keys (seeded from the
/// operating system's randomness) over the calendar time. Kept below 10^9 so it is easy to
/// type back (`--seed`) to replay the same run.
pub fn random_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish() % 1_000_000_000
}

/// A shared clock is a clock (the app hands one clock to every engine).
impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn elapsed(&self) -> Duration {
        (**self).elapsed()
    }

    fn wall(&self) -> DateTime<Utc> {
        (**self).wall()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told_and_clones_share_time() {
        let a = ManualClock::new();
        let b = a.clone();
        assert_eq!(a.elapsed(), Duration::ZERO);
        let w0 = a.wall();
        b.advance_secs(90);
        assert_eq!(a.elapsed(), Duration::from_secs(90));
        assert_eq!((a.wall() - w0).num_seconds(), 90);
    }

    #[test]
    fn system_clock_is_monotonic() {
        let c = SystemClock::new();
        let t1 = c.elapsed();
        let t2 = c.elapsed();
        assert!(t2 >= t1);
    }
}
