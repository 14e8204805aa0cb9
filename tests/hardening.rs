//! Hostile input (issue 15): long lines, many problems on one line, pipes and devices, and
//! files over the size limit. Big inputs are generated here, never committed.

use std::time::Duration;

use assert_cmd::Command;

fn rightparty() -> Command {
    let mut cmd = Command::cargo_bin("rightparty").unwrap();
    cmd.env("NO_COLOR", "1").timeout(Duration::from_secs(60));
    cmd
}

/// The line and column (from 1, in bytes, ASCII text) where `needle` first stands in `text`.
fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (text[..at].matches('\n').count() + 1, at - start + 1)
}

fn valid_call() -> String {
    std::fs::read_to_string("tests/data/valid/call.ron").unwrap()
}

#[test]
fn an_error_past_column_65535_is_reported_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    // 70,000 spaces before an unknown `next` on the same line.
    let text = valid_call().replacen(
        "next: \"plan_set\"",
        &format!("{}next: \"nowhere\"", " ".repeat(70_000)),
        1,
    );
    let (line, col) = line_col(&text, "\"nowhere\"");
    let path = dir.path().join("long.ron");
    std::fs::write(&path, &text).unwrap();
    for cmd in [
        vec!["validate", "--today", "2026-12-07"],
        vec!["play", "--choices", "1"],
        vec!["analyze"],
    ] {
        let out = rightparty().args(&cmd).arg(&path).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{cmd:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let all = [out.stdout, out.stderr].concat();
        let all = String::from_utf8(all).unwrap();
        assert!(
            all.contains(&format!("long.ron:{line}:{col}:")),
            "{cmd:?}: {all}"
        );
        assert!(all.len() < 4_000, "{cmd:?} printed {} bytes", all.len());
    }
}

#[test]
fn thousands_of_problems_on_one_line_print_a_snippet_each_not_the_line() {
    let dir = tempfile::tempdir().unwrap();
    // One node whose 2,000 choices all point nowhere, written on one line of about 120 KB.
    let choices: Vec<String> = (0..2000)
        .map(|i| format!("Choice(text: \"Option {i}\", acts: [Greet], next: \"missing_{i}\")"))
        .collect();
    let node = format!(
        "Node(id: \"wide\", says: \"Hello?\", choices: [{}]),",
        choices.join(", ")
    );
    let text = valid_call().replacen("    nodes: [\n", &format!("    nodes: [\n{node}\n"), 1);
    let path = dir.path().join("wide.ron");
    std::fs::write(&path, &text).unwrap();
    let out = validate(&path);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let unknown = stdout.matches("error[unknown-node]").count();
    assert_eq!(unknown, 2000, "{}", &stdout[..2000.min(stdout.len())]);
    // Each diagnostic shows a window of its line: about 1 KB each, not the 120 KB line.
    assert!(stdout.len() < 2000 * 1_500, "{} bytes", stdout.len());
    // The last one still points at its own column.
    let (line, col) = line_col(&text, "\"missing_1999\"");
    assert!(
        stdout.contains(&format!("wide.ron:{line}:{col}:")),
        "no header for the last one"
    );
}

/// `validate PATH` on the fixtures' date.
fn validate(path: &std::path::Path) -> std::process::Output {
    rightparty()
        .args(["validate", "--today", "2026-12-07"])
        .arg(path)
        .output()
        .unwrap()
}

/// `import gift FILE -o DIR/out.ron`: the exit code and standard error.
fn import_gift(file: &std::path::Path, dir: &std::path::Path) -> (Option<i32>, String) {
    let out = rightparty()
        .args(["import", "gift"])
        .arg(file)
        .arg("-o")
        .arg(dir.join("out.ron"))
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

fn fifo(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let ok = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(ok.success());
    path
}

#[test]
fn pipes_are_refused_with_their_path_and_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = fifo(dir.path(), "stray.ron");
    for cmd in [
        vec!["validate"],
        vec!["play", "--choices", "1"],
        vec!["analyze"],
    ] {
        let out = rightparty().args(&cmd).arg(&pipe).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("stray.ron: not a regular file"),
            "{cmd:?}: {err}"
        );
    }
    // A stray pipe in a folder does not stop the other files.
    std::fs::copy("tests/data/valid/call.ron", dir.path().join("call.ron")).unwrap();
    let out = validate(dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("checked 1 files: 1 scenarios"), "{stdout}");
    // And GIFT import.
    let gift = fifo(dir.path(), "bank.gift");
    let (code, err) = import_gift(&gift, dir.path());
    assert_eq!(code, Some(2));
    assert!(err.contains("not a regular file"), "{err}");
}

#[test]
fn devices_and_oversized_gift_files_are_refused_without_reading_them() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = import_gift(std::path::Path::new("/dev/zero"), dir.path());
    assert_eq!(code, Some(2));
    assert!(
        err.contains("/dev/zero: cannot read: not a regular file"),
        "{err}"
    );
    // A sparse 40 MiB file: refused by its size, at once.
    let big = dir.path().join("big.gift");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(40 << 20)
        .unwrap();
    let (code, err) = import_gift(&big, dir.path());
    assert_eq!(code, Some(2));
    assert!(err.contains("over the 32 MiB limit"), "{err}");
    assert!(!dir.path().join("out.ron").exists());
}

#[test]
fn bad_trainee_names_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(101);
    for (name, why) in [
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        (" Ana", "did you mean `Ana`?"),
        ("Ana\tB", "control characters"),
        ("Ana\u{1b}[31m", "control characters"),
        (long.as_str(), "at most 100 characters, not 101"),
    ] {
        for cmd in [
            vec![
                "exam",
                "pcs-practice-20",
                "--answers",
                "-",
                "--trainee",
                name,
            ],
            vec![
                "play",
                "tests/data/valid/call.ron",
                "--choices",
                "1",
                "--trainee",
                name,
            ],
            vec!["trainee", "set", name, "--extra-time", "1.5"],
        ] {
            let out = rightparty()
                .arg("--data-dir")
                .arg(dir.path())
                .args(&cmd)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{cmd:?}");
            let err = String::from_utf8(out.stderr).unwrap();
            assert!(err.contains(why), "{cmd:?}: {err}");
        }
    }
    // Nothing was recorded, and a good name works.
    let store = rightparty::store::Store::open(dir.path()).unwrap();
    assert!(store.trainees().unwrap().is_empty());
    assert!(matches!(
        store.trainee("Ana\nB"),
        Err(rightparty::store::Error::Invalid(_))
    ));
    assert_eq!(store.trainee("Ana Lopez").unwrap().name, "Ana Lopez");
}

#[test]
fn a_leap_second_is_not_a_call_time() {
    let text = valid_call();
    let at = text.find("call_local_time: \"").unwrap() + "call_local_time: \"".len();
    let bad = format!("{}2026-11-23T23:59:60{}", &text[..at], &text[at + 19..]);
    let set = rightparty::content::load_texts([("c.ron", bad.as_str())], &crate::util::options());
    let d = set
        .diagnostics
        .iter()
        .find(|d| d.level == rightparty::content::diagnostic::Level::Error);
    let d = d.expect("an error");
    assert!(
        d.message.contains("is not a local date and time"),
        "{}",
        d.message
    );
    let (line, _) = line_col(&bad, "23:59:60");
    assert_eq!(d.line, line);
}

#[test]
fn a_linked_folder_named_like_content_is_refused_not_walked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("tests/data/valid/call.ron", dir.path().join("call.ron")).unwrap();
    // A link back to its own folder, named like a content file: a cycle if it were walked.
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop.ron")).unwrap();
    let out = validate(dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("loop.ron: not a regular file")
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("checked 1 files: 1 scenarios")
    );
}

#[test]
fn an_unreadable_saved_exam_is_named_and_kept_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let exam = |extra: &[&str]| {
        rightparty()
            .arg("--data-dir")
            .arg(dir.path())
            .args([
                "exam",
                "pcs-practice-20",
                "--answers",
                "-",
                "--trainee",
                "Ana",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    // A first run creates the store; then a damaged and a newer saved session are put in it.
    assert_eq!(exam(&[]).status.code(), Some(0));
    let db = rusqlite::Connection::open(dir.path().join(rightparty::store::FILE_NAME)).unwrap();
    for (id, json) in [
        ("damaged-1", "{\"schema_version\": 1, \"exam\": "),
        ("newer-2", "{\"schema_version\": 999}"),
    ] {
        db.execute(
            "INSERT INTO exam_sessions (attempt_id, trainee, submitted, json, saved_at) \
             VALUES (?1, 'Ana', 0, ?2, '2026-12-08T00:00:00Z')",
            [id, json],
        )
        .unwrap();
    }
    drop(db);
    let out = exam(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("Ana's unfinished exam newer-2 cannot be read"),
        "{err}"
    );
    assert!(err.contains("--new"), "{err}");
    // With --new a fresh exam runs, and both rows are still there.
    assert_eq!(exam(&["--new"]).status.code(), Some(0));
    let db = rusqlite::Connection::open(dir.path().join(rightparty::store::FILE_NAME)).unwrap();
    let kept: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM exam_sessions WHERE attempt_id IN ('damaged-1', 'newer-2')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 2);
}
