//! The fuzz targets in CI: every input that once broke an invariant
//! (`tests/fuzz_regressions/TARGET/`), then a fixed number of mutated
//! inputs per target. Long runs: `cargo run --release --example fuzz`.

#![allow(clippy::unwrap_used)] // tests may unwrap; Cargo.toml warns elsewhere

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::Path;
use targets::{Mutator, TARGETS, run, seeds};

#[test]
fn every_past_finding_stays_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut n = 0;
    for target in TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for e in entries.flatten() {
            let data = std::fs::read(e.path()).expect("readable regression input");
            assert!(run(target, &data).is_some(), "{}", e.path().display());
            n += 1;
        }
    }
    assert!(n >= 3, "the regression inputs are missing ({n} found)");
}

#[test]
fn a_few_thousand_mutated_inputs_per_target_break_nothing() {
    for target in TARGETS {
        let corpus = seeds(target);
        let mut m = Mutator::new(target, 20261127);
        let count = if target == "learn" {
            // Each input trains five models per label.
            60
        } else if matches!(target, "html" | "suggest") {
            300
        } else {
            2000
        };
        for _ in 0..count {
            let input = m.mutate(&corpus);
            let ok = std::panic::catch_unwind(|| run(target, &input));
            if ok.is_err() {
                let path = std::env::temp_dir().join(format!("marginalia-fuzz-{target}.bin"));
                let _ = std::fs::write(&path, &input);
                panic!(
                    "{target}: an input broke an invariant, kept in {}",
                    path.display()
                );
            }
        }
    }
}
