//! Careless and unlucky uses of the CLI that must never lose work: each a
//! reproduction from the trust review (issue 13), run as a user runs it.

#![allow(clippy::unwrap_used)] // tests may unwrap; Cargo.toml warns elsewhere

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .expect("marginalia runs")
}

macro_rules! marginalia {
    ($($a:expr),* $(,)?) => { run(&[$(std::ffi::OsStr::new($a)),*]) };
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn new_project(p: &Path) {
    let o = marginalia!("new", p);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn new_beside_an_orphaned_backup_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("desk.ron");
    new_project(&p);
    let t = dir.path().join("a.txt");
    fs::write(&t, "Seoul warns Moscow over the visit.\n").unwrap();
    assert!(marginalia!("import", &p, &t).status.success());
    let t2 = dir.path().join("a2.txt");
    fs::write(&t2, "Moscow answers Seoul.\n").unwrap();
    assert!(marginalia!("import", &p, &t2).status.success());
    // The project file is deleted; its backup is now the only copy.
    fs::remove_file(&p).unwrap();
    let bak = dir.path().join("desk.ron.bak");
    let only_copy = fs::read(&bak).unwrap();
    assert!(String::from_utf8_lossy(&only_copy).contains("Seoul warns Moscow"));
    let o = marginalia!("new", &p);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("moved to"), "says so: {}", stderr(&o));
    fs::write(dir.path().join("b.txt"), "Tokyo answers.\n").unwrap();
    assert!(
        marginalia!("import", &p, &dir.path().join("b.txt"))
            .status
            .success()
    );
    let kept: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|q| fs::read(q).ok().as_ref() == Some(&only_copy))
        .collect();
    assert_eq!(kept.len(), 1, "the old backup survives: {kept:?}");
    assert!(kept[0].to_string_lossy().contains("desk.ron.bak."));
}

#[test]
fn import_and_suggest_refuse_an_invalid_project_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("desk.ron");
    new_project(&p);
    let t = dir.path().join("a.txt");
    fs::write(&t, "“We will impose sanctions,” said Kim.\n").unwrap();
    assert!(marginalia!("import", &p, &t).status.success());
    // A span past the end of its text, as a bad hand edit leaves it.
    let text = fs::read_to_string(&p).unwrap();
    let bad = text.replace(
        "spans: []",
        "spans: [(id: \"s1\", start: 0, end: 9999, label: \"claim\")]",
    );
    assert_ne!(bad, text, "the test edits a span list");
    fs::write(&p, &bad).unwrap();
    fs::write(dir.path().join("b.txt"), "Tokyo answers.\n").unwrap();
    let o = marginalia!("import", &p, &dir.path().join("b.txt"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("validate"), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&p).unwrap(), bad, "nothing written");
    let o = marginalia!("suggest", "--apply", &p);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&p).unwrap(), bad, "nothing written");
}

#[test]
fn a_project_cut_after_its_header_says_where_it_ends() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("desk.ron");
    new_project(&p);
    let text = fs::read_to_string(&p).unwrap();
    let header = text.lines().next().unwrap();
    fs::write(&p, format!("{header}\n")).unwrap();
    let o = marginalia!("validate", &p);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("desk.ron:2:1:"), "{e}");
    assert!(e.contains("ends before the project begins"), "{e}");
    assert!(!e.contains("empty"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_read_only_project_is_not_rewritten() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("desk.ron");
    new_project(&p);
    fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&p).unwrap();
    let t = dir.path().join("a.txt");
    fs::write(&t, "Seoul warns Moscow.\n").unwrap();
    let o = marginalia!("import", &p, &t);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("read-only") && e.contains("desk.ron"), "{e}");
    assert!(!e.contains(".desk.ron."), "no hidden temp names: {e}");
    assert_eq!(fs::read(&p).unwrap(), before);
    assert_eq!(
        fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

#[test]
fn a_held_lock_makes_a_writer_wait_then_name_the_holder() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("desk.ron");
    new_project(&p);
    let before = fs::read(&p).unwrap();
    let lock = marginalia::store::ProjectLock::acquire(&p).unwrap();
    let t = dir.path().join("a.txt");
    fs::write(&t, "Seoul warns Moscow.\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .env("MARGINALIA_LOCK_WAIT", "0.3")
        .arg("import")
        .arg(&p)
        .arg(&t)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("desk.ron") && e.contains(&format!("pid {}", std::process::id())),
        "{e}"
    );
    assert_eq!(fs::read(&p).unwrap(), before, "nothing written");
    drop(lock);
    let o = marginalia!("import", &p, &t);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn an_export_error_says_the_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("desk.ron");
    new_project(&p);
    let out = dir.path().join("no such folder").join("out.jsonl");
    let o = marginalia!("export", &p, "-o", &out);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert_eq!(e.matches("No such file or directory").count(), 1, "{e}");
    assert!(e.contains("out.jsonl"), "{e}");
}

#[test]
fn readme_and_examples_name_no_path_outside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    for dir in ["examples", "benches", "scripts"] {
        for e in fs::read_dir(root.join(dir)).unwrap() {
            files.push(e.unwrap().path());
        }
    }
    for f in files {
        let text = fs::read_to_string(&f).unwrap_or_default();
        assert!(
            !text.contains("../shared"),
            "{} names ../shared, which a fresh clone does not have",
            f.display()
        );
    }
}
