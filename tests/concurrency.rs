//! Many writers on one project file at once: CLI imports, `suggest --apply`
//! and the window's save path (save, and on "changed on disk" merge their
//! changes and save again), all started together, round after round. Every
//! document and span of every writer must be in the final file.
//!
//! `MARGINALIA_STRESS_ROUNDS=200 cargo test --release --test concurrency`
//! runs a longer version (default: 20 rounds of 8 processes).

#![allow(clippy::unwrap_used)] // tests may unwrap; Cargo.toml warns elsewhere

use marginalia::model::{Project, Span};
use marginalia::store::{self, DiskStamp, StoreError};
use std::path::Path;
use std::process::{Child, Command, Stdio};

const PROCESSES: usize = 8;
const SUGGESTERS: usize = 3;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_marginalia"));
    c.env("MARGINALIA_LOCK_WAIT", "60")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn finish(child: Child, what: &str) {
    let out = child.wait_with_output().expect("the command runs");
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn article(round: usize, writer: usize) -> String {
    format!(
        "Marker R{round}W{writer}: Seoul weighs its options.\n\n\
         “We will not hesitate to impose sanctions,” said Kim Min-jae, the ministry's spokesman, on day {round}.\n"
    )
}

fn doc_with(p: &Project, marker: &str) -> Option<String> {
    p.documents
        .iter()
        .find(|d| d.text.contains(marker))
        .map(|d| d.id.clone())
}

/// The window's save: save if nobody saved since we read; else merge their
/// version in (Merge their changes) and save again.
fn window_save(path: &Path, round: usize) {
    loop {
        let stamp: Option<DiskStamp> = DiskStamp::of(path).unwrap();
        let base = store::load(path).unwrap();
        let mut ours = base.clone();
        let Some(first) = ours
            .documents
            .iter_mut()
            .find(|d| d.text.starts_with("Seoul and Tokyo"))
        else {
            panic!("the seed document is lost");
        };
        let start = 16 + 8 * round;
        let mut span = Span::new(format!("session-{round}"), start, start + 7, "claim");
        span.note = format!("session round {round}");
        first.insert_span(span);
        match store::save_checked(&ours, path, stamp) {
            Ok(_) => return,
            Err(StoreError::ChangedOnDisk { .. }) => {
                let merged = marginalia::merge::merge_saved(Some(&base), &ours, path).unwrap();
                match store::save_checked(&merged.merged, path, merged.stamp) {
                    Ok(_) => return,
                    Err(StoreError::ChangedOnDisk { .. }) => continue,
                    Err(e) => panic!("{e}"),
                }
            }
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn concurrent_imports_suggests_and_window_saves_lose_nothing() {
    let rounds: usize = std::env::var("MARGINALIA_STRESS_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("desk.ron");
    let o = bin().args(["new"]).arg(&project).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // A first document for the window's spans.
    let seed = dir.path().join("seed.txt");
    // Seoul and Tokyo, then one word a round (Word000 Word001 …, 8 chars each).
    let words: String = (0..rounds).map(|i| format!(" Word{i:03}")).collect();
    std::fs::write(&seed, format!("Seoul and Tokyo{words}\n")).unwrap();
    finish(
        bin()
            .arg("import")
            .arg(&project)
            .arg(&seed)
            .spawn()
            .unwrap(),
        "seed import",
    );

    let mut suggested: Vec<String> = Vec::new();
    let mut imported: Vec<String> = Vec::new();
    for round in 0..rounds {
        let before = store::load(&project).unwrap();
        // Suggesters work on documents imported in the previous round.
        let targets: Vec<String> = (0..SUGGESTERS)
            .filter_map(|w| round.checked_sub(1).map(|r| (r, w)))
            .filter_map(|(r, w)| doc_with(&before, &format!("Marker R{r}W{w}:")))
            .collect();
        let mut children = Vec::new();
        for w in 0..PROCESSES - targets.len() {
            let folder = dir.path().join(format!("r{round}w{w}"));
            std::fs::create_dir(&folder).unwrap();
            std::fs::write(folder.join("article.txt"), article(round, w)).unwrap();
            let child = bin()
                .arg("import")
                .arg(&project)
                .arg(&folder)
                .spawn()
                .unwrap();
            children.push((child, format!("import round {round} writer {w}")));
            imported.push(format!("Marker R{round}W{w}:"));
        }
        for id in &targets {
            let child = bin()
                .args(["suggest", "--apply", "--rules", "quotes", "--doc", id])
                .arg(&project)
                .spawn()
                .unwrap();
            children.push((child, format!("suggest --apply on {id}")));
        }
        window_save(&project, round);
        for (child, what) in children {
            finish(child, &what);
        }
        suggested.extend(targets);
    }

    let fin = store::load(&project).unwrap();
    let problems = marginalia::model::validate(&fin);
    assert!(problems.is_empty(), "{problems:?}");
    for marker in &imported {
        assert!(doc_with(&fin, marker).is_some(), "{marker} is lost");
    }
    for round in 0..rounds {
        let first = doc_with(&fin, "Seoul and Tokyo").unwrap();
        let first = fin.document(&first).unwrap();
        assert!(
            first
                .spans
                .iter()
                .any(|s| s.id == format!("session-{round}")),
            "the window's span of round {round} is lost"
        );
    }
    for id in &suggested {
        let d = fin.document(id).unwrap();
        assert!(
            d.spans.iter().any(|s| s.suggested),
            "suggestions applied to {id} are lost"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") || n.ends_with(".lock"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}
