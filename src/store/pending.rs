//! Attempts waiting in memory because the file could not be written (read-only folder or
//! file, full disk, I/O error, another program holding it locked past the busy timeout). They
//! are written, in order, before the next attempt or by [`Store::retry_pending`], so nothing
//! recorded is lost while the app stays open and nothing jumps the queue in the chain.

use std::collections::VecDeque;
use std::path::Path;

use rusqlite::{ErrorCode, OptionalExtension};

use super::{Error, Store};
use crate::call::CallResult;
use crate::exam::AttemptRecord;

/// One attempt to write.
#[derive(Debug, Clone)]
pub(crate) enum Write {
    Exam(Box<AttemptRecord>),
    Call {
        trainee: String,
        result: Box<CallResult>,
        content_hash: String,
    },
}

/// The queue, and whether the connection should be opened afresh before the next try (after
/// a read-only or I/O failure a new connection sees a file or folder made writable again).
#[derive(Debug, Default)]
pub(crate) struct Pending {
    writes: VecDeque<Write>,
    reopen: bool,
}

/// The SQLite failure code behind an error, if it is one that leaving the attempt in memory
/// and trying later can cure.
fn retryable(e: &Error) -> Option<ErrorCode> {
    let Error::Sql {
        source: rusqlite::Error::SqliteFailure(f, _),
        ..
    } = e
    else {
        return None;
    };
    matches!(
        f.code,
        ErrorCode::ReadOnly
            | ErrorCode::DiskFull
            | ErrorCode::CannotOpen
            | ErrorCode::SystemIoFailure
            | ErrorCode::DatabaseBusy
            | ErrorCode::DatabaseLocked
            | ErrorCode::PermissionDenied
    )
    .then_some(f.code)
}

/// Whether the current user can create a file in `dir`.
fn can_write_in(dir: &Path) -> bool {
    let probe = dir.join(format!(".rightparty-write-test-{}", std::process::id()));
    let ok = std::fs::write(&probe, b"").is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}

/// Why the file at `path` could not be written, in plain words.
pub(crate) fn cause(path: &Path, code: Option<ErrorCode>, e: &Error) -> String {
    let dir = path.parent().unwrap_or(Path::new("."));
    let file_read_only = std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly());
    let detail = match e {
        Error::Sql { source, .. } => source.to_string(),
        e => e.to_string(),
    };
    match code {
        Some(ErrorCode::DiskFull) => format!("the disk is full ({detail})"),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            format!("another program kept the file locked ({detail})")
        }
        _ if !can_write_in(dir) => format!(
            "the data folder {} is read-only or not writable by this user ({detail})",
            dir.display()
        ),
        _ if file_read_only => format!("the file is read-only ({detail})"),
        Some(ErrorCode::ReadOnly) => format!("the file is read-only ({detail})"),
        _ => format!("the file could not be written ({detail})"),
    }
}

impl Store {
    fn write_one(&self, w: &Write) -> Result<Option<i64>, Error> {
        match w {
            Write::Exam(rec) => self.write_exam(rec).map(|()| None),
            Write::Call {
                trainee,
                result,
                content_hash,
            } => self.write_call(trainee, result, content_hash).map(Some),
        }
    }

    /// Writes what is waiting, in order, then `next`. On a failure that trying later can cure,
    /// `next` joins the queue and the answer is [`Error::Unsaved`].
    pub(crate) fn write_or_queue(&self, next: Write) -> Result<Option<i64>, Error> {
        let mut q = self.pending.lock().map_err(|_| Error::Poisoned)?;
        q.writes.push_back(next);
        match self.flush(&mut q) {
            Ok((_, last)) => Ok(last),
            Err(e) => {
                // Not a failure of the file: the new attempt is refused as it is, not kept.
                if !matches!(e, Error::Unsaved { .. }) && q.writes.len() == 1 {
                    q.writes.clear();
                }
                Err(e)
            }
        }
    }

    /// Writes the queue in order: how many were written and the last call's position.
    fn flush(&self, q: &mut Pending) -> Result<(usize, Option<i64>), Error> {
        let mut written = 0;
        let mut last = None;
        while !q.writes.is_empty() {
            if q.reopen {
                if let Err(e) = self.reopen() {
                    return Err(self.unsaved(q, e));
                }
                q.reopen = false;
            }
            match self.write_one(&q.writes[0]) {
                Ok(seq) => {
                    written += 1;
                    last = seq;
                    q.writes.pop_front();
                }
                Err(e) if retryable(&e).is_some() => return Err(self.unsaved(q, e)),
                Err(e) => return Err(e),
            }
        }
        Ok((written, last))
    }

    fn unsaved(&self, q: &mut Pending, e: Error) -> Error {
        let code = retryable(&e);
        q.reopen = !matches!(
            code,
            Some(ErrorCode::DiskFull | ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
        );
        Error::Unsaved {
            path: self.path.clone(),
            cause: cause(&self.path, code, &e),
            waiting: q.writes.len(),
        }
    }

    /// Opens the connection afresh (after a read-only or I/O failure).
    fn reopen(&self) -> Result<(), Error> {
        let conn = rusqlite::Connection::open(&self.path)
            .and_then(|c| {
                c.busy_timeout(super::BUSY_TIMEOUT)?;
                c.pragma_update(None, "foreign_keys", true)?;
                Ok(c)
            })
            .map_err(self.sql())?;
        *self.lock()? = conn;
        Ok(())
    }

    /// Attempts waiting in memory to be written.
    pub fn pending(&self) -> usize {
        self.pending.lock().map_or(0, |q| q.writes.len())
    }

    /// Tries to write the attempts waiting in memory, in order. Returns how many were written;
    /// [`Error::Unsaved`] when the file still cannot be written (the rest stay waiting).
    pub fn retry_pending(&self) -> Result<usize, Error> {
        let mut q = self.pending.lock().map_err(|_| Error::Poisoned)?;
        self.flush(&mut q).map(|(n, _)| n)
    }

    /// Sets a connection pragma (tests use `max_page_count` to fill the disk and
    /// `query_only` to make the file read-only).
    #[doc(hidden)]
    pub fn set_pragma_for_tests(&self, name: &str, value: i64) -> Result<(), Error> {
        let conn = self.lock()?;
        conn.query_row(&format!("PRAGMA {name} = {value}"), [], |_| Ok(()))
            .optional()
            .map(|_| ())
            .map_err(self.sql())
    }
}

/// Why a file could not be opened, in plain words, when the folder or the file is read-only.
pub(crate) fn open_cause(path: &Path, e: &rusqlite::Error) -> Option<String> {
    let rusqlite::Error::SqliteFailure(f, _) = e else {
        return None;
    };
    if !matches!(
        f.code,
        ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied
    ) {
        return None;
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    if !can_write_in(dir) {
        Some(format!(
            "the data folder {} is read-only or not writable by this user",
            dir.display()
        ))
    } else if std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
        Some("the file is read-only".to_string())
    } else {
        None
    }
}
