//! Crash consistency: a save killed at any moment leaves the old or the new
//! project, both loadable, and the next save leaves no stray temp files.

#![allow(clippy::unwrap_used)] // tests may unwrap; Cargo.toml warns elsewhere

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn import(project: &Path, file: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(["import"])
        .arg(project)
        .arg(file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("marginalia runs")
}

#[test]
fn killing_a_save_at_random_moments_always_leaves_a_loadable_project() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.ron");
    // A few MB, so a save takes long enough to be hit mid-write.
    let project = marginalia::model::generate::project(40, 6_000, 80, 3);
    marginalia::store::save(&project, &p).unwrap();
    let size = fs::metadata(&p).unwrap().len();
    assert!(size > 1_000_000, "{size} bytes");

    // How long one load + import + save takes here.
    let first = dir.path().join("a0.txt");
    fs::write(&first, "Article 0\n\nBody of article 0.").unwrap();
    let t = Instant::now();
    assert!(import(&p, &first).wait().unwrap().success());
    let full = t.elapsed();

    let mut rng = fastrand::Rng::with_seed(2024);
    let mut docs = marginalia::store::load(&p).unwrap().documents.len();
    let tries = 30;
    let (mut old, mut new, mut mid_write) = (0, 0, 0);
    for i in 1..=tries {
        let f = dir.path().join(format!("a{i}.txt"));
        fs::write(&f, format!("Article {i}\n\nBody of article {i}.")).unwrap();
        let mut child = import(&p, &f);
        // Half spread over the whole run, half near its end, where the save is.
        let delay = if i % 2 == 0 {
            full.mul_f64(rng.f64() * 2.5)
        } else {
            full.mul_f64(0.6 + rng.f64() * 0.45)
        };
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let loaded = marginalia::store::load(&p)
            .unwrap_or_else(|e| panic!("try {i} (killed after {delay:?}): {e}"));
        assert!(marginalia::model::validate(&loaded).is_empty(), "try {i}");
        let n = loaded.documents.len();
        assert!(
            n == docs || n == docs + 1,
            "try {i}: old or new, got {n} documents"
        );
        if n == docs {
            old += 1;
        } else {
            new += 1;
        }
        // A temp file left behind means the kill landed inside the save.
        mid_write += usize::from(
            fs::read_dir(dir.path())
                .unwrap()
                .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".tmp")),
        );
        docs = n;
    }
    eprintln!(
        "{tries} kills: {old} left the old project, {new} the new one, {mid_write} left a temp file"
    );
    assert!(
        old > 0 && new > 0,
        "kills should land both before and after the save: {old} old, {new} new"
    );
    // A clean save afterwards removes whatever temp files the kills left.
    let last = dir.path().join("last.txt");
    fs::write(&last, "Last\n\nThe last one.").unwrap();
    assert!(import(&p, &last).wait().unwrap().success());
    let strays: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(strays.is_empty(), "stray temp files: {strays:?}");
    assert!(full < Duration::from_secs(60));
}
