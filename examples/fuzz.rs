//! Runs the fuzz targets of `fuzz/targets.rs` for a while on the stable
//! toolchain and keeps every input that breaks an invariant.
//!
//! ```text
//! cargo run --release --example fuzz -- TARGET|all [--minutes 10] [--seed N]
//!     [--seeds DIR] [--out fuzz-findings]
//! ```
//! Targets: ron, html, jsonl, edits, suggest. `--seeds DIR` adds the files
//! of DIR as seed inputs (e.g. a folder of saved pages for html).
//! A failing input is written to `OUT/TARGET-HASH.bin`; copy it to
//! `tests/fuzz_regressions/TARGET/` once fixed so CI keeps checking it.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use targets::{Mutator, Outcome, TARGETS, run, seeds};

thread_local! {
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

struct Args {
    targets: Vec<String>,
    minutes: f64,
    seed: u64,
    seed_dir: Option<PathBuf>,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut a = Args {
        targets: Vec::new(),
        minutes: 10.0,
        seed: 1,
        seed_dir: None,
        out: PathBuf::from("fuzz-findings"),
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--minutes" => {
                a.minutes = value("--minutes")?
                    .parse()
                    .map_err(|e| format!("--minutes: {e}"))?
            }
            "--seed" => {
                a.seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--seeds" => a.seed_dir = Some(value("--seeds")?.into()),
            "--out" => a.out = value("--out")?.into(),
            "all" => a.targets.extend(TARGETS.iter().map(|t| t.to_string())),
            t if TARGETS.contains(&t) => a.targets.push(t.to_owned()),
            other => {
                return Err(format!(
                    "unknown argument {other:?}; targets: {TARGETS:?} or all"
                ));
            }
        }
    }
    if a.targets.is_empty() {
        return Err(format!("name a target: {TARGETS:?} or all"));
    }
    Ok(a)
}

/// Every file of `dir` and its subfolders up to 2 MiB.
fn load_seed_dir(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("cannot read seed folder {}", dir.display());
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            out.extend(load_seed_dir(&path));
        } else if let Ok(b) = std::fs::read(&path)
            && b.len() <= 2 << 20
        {
            out.push(b);
        }
    }
    out
}

fn fuzz(target: &str, args: &Args, budget: Duration) -> usize {
    let mut corpus = seeds(target);
    if let Some(dir) = &args.seed_dir {
        corpus.extend(load_seed_dir(dir));
    }
    let n_seeds = corpus.len();
    eprintln!("[{target}] {n_seeds} seeds");
    let mut m = Mutator::new(target, args.seed);
    let start = Instant::now();
    let mut last_report = Instant::now();
    let (mut execs, mut findings, mut slow) = (0u64, 0usize, (Duration::ZERO, 0usize));
    let mut kept = 0u64;
    while start.elapsed() < budget {
        let input = m.mutate(&corpus);
        let t = Instant::now();
        let result = std::panic::catch_unwind(|| run(target, &input));
        let took = t.elapsed();
        execs += 1;
        if took > slow.0 {
            slow = (took, input.len());
        }
        match result {
            Ok(outcome) => {
                // Keep some accepted inputs to mutate further (no coverage
                // feedback: stacked mutations reach deeper than one step).
                kept += 1;
                if outcome == Some(Outcome::Deep)
                    && kept.is_multiple_of(16)
                    && input.len() < 1 << 20
                {
                    if corpus.len() < n_seeds + 2000 {
                        corpus.push(input);
                    } else {
                        let i = n_seeds + (kept as usize / 16) % 2000;
                        corpus[i] = input;
                    }
                }
            }
            Err(_) => {
                findings += 1;
                let hash = marginalia::model::ids::fnv1a64(&input);
                let path = args.out.join(format!("{target}-{hash:016x}.bin"));
                let _ = std::fs::create_dir_all(&args.out);
                let _ = std::fs::write(&path, &input);
                let msg = LAST_PANIC.with(|p| p.borrow().clone());
                eprintln!(
                    "[{target}] FINDING {} ({} bytes): {msg}",
                    path.display(),
                    input.len()
                );
            }
        }
        if last_report.elapsed() > Duration::from_secs(30) {
            last_report = Instant::now();
            eprintln!(
                "[{target}] {:.0}s: {execs} execs, {findings} findings, corpus {}",
                start.elapsed().as_secs_f64(),
                corpus.len()
            );
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "fuzz {target}: execs={execs} secs={secs:.0} execs_per_s={:.0} findings={findings} slowest_ms={:.1} (input {} bytes)",
        execs as f64 / secs,
        slow.0.as_secs_f64() * 1000.0,
        slow.1
    );
    findings
}

fn main() -> std::process::ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("fuzz: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string().replace('\n', " ");
        LAST_PANIC.with(|p| *p.borrow_mut() = msg.chars().take(400).collect());
    }));
    let budget = Duration::from_secs_f64(args.minutes * 60.0);
    let total: usize = args.targets.iter().map(|t| fuzz(t, &args, budget)).sum();
    if total > 0 {
        std::process::ExitCode::from(1)
    } else {
        std::process::ExitCode::SUCCESS
    }
}
