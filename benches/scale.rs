//! Project-scale benchmark: a generated project of 10,000 articles (about
//! 60 MB of text, 60,000 spans). Each operation runs a few times (they take
//! hundreds of milliseconds, so statistical sampling would add nothing but
//! minutes); the median is printed, with peak heap memory measured by a
//! counting allocator.
//!
//! ```text
//! cargo bench --bench scale                 # 10,000 articles
//! cargo bench --bench scale -- --docs 2000  # smaller
//! ```
//! Prints one line per figure, e.g. `scale: load_ms=...`. Targets (#7):
//! load ≤ 1 s, jsonl export ≤ 1 s, JSONL import ≤ 3 s, peak memory while
//! loading ≤ 3× the file's size.

use marginalia::export::{Filter, Format, export};
use marginalia::import::{ImportOptions, import_jsonl_bytes};
use marginalia::model::{Project, generate, validate};
use marginalia::store;
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// The system allocator, counting live and peak bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size > layout.size() {
                let now = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed)
                    + (new_size - layout.size());
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Runs `f` `runs` times; returns the median milliseconds and the last result.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut ms = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let r = f();
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        drop(last.replace(r));
    }
    ms.sort_by(f64::total_cmp);
    (ms[ms.len() / 2], last.expect("at least one run"))
}

/// Peak heap bytes above what was live before, while `f` runs.
fn peak<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let r = f();
    (PEAK.load(Ordering::Relaxed) - base, r)
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn main() {
    let mut docs = 10_000;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--docs" {
            docs = args.next().and_then(|n| n.parse().ok()).unwrap_or(docs);
        }
    }
    let runs = 3;
    let t = Instant::now();
    let project = generate::project(docs, 800, 6, 2026);
    let text_bytes: usize = project.documents.iter().map(|d| d.text.len()).sum();
    println!(
        "scale: docs={docs} spans={} text_mb={:.1} (generated in {:.1} s)",
        project.span_count(),
        mb(text_bytes),
        t.elapsed().as_secs_f64()
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.ron");

    let (save_ms, r) = time(runs, || store::save(&project, &path));
    r.expect("save");
    let file = std::fs::metadata(&path)
        .map(|m| m.len() as usize)
        .unwrap_or(0);
    println!("scale: save_ms={save_ms:.0} file_mb={:.1}", mb(file));

    let (load_ms, loaded) = time(runs, || store::load(&path).expect("load"));
    assert_eq!(loaded, project);
    drop(loaded);
    let (peak_load, loaded) = peak(|| store::load(&path).expect("load"));
    println!(
        "scale: load_ms={load_ms:.0} peak_load_mb={:.1} peak_over_file={:.2}",
        mb(peak_load),
        peak_load as f64 / file as f64
    );
    let resident = LIVE.load(Ordering::Relaxed);
    println!(
        "scale: heap_with_project_loaded_mb={:.1} (two copies of the project are live here)",
        mb(resident)
    );
    drop(loaded);

    let (validate_ms, problems) = time(runs, || validate(&project));
    assert!(problems.is_empty());
    println!("scale: validate_ms={validate_ms:.1}");

    let (snapshot_ms, snap) = time(runs, || project.clone());
    drop(snap);
    println!("scale: snapshot_clone_ms={snapshot_ms:.1} (what a background save copies)");

    let (export_ms, jsonl) = time(runs, || {
        let mut out = Vec::with_capacity(file);
        export(&project, Format::Jsonl, &Filter::default(), &mut out).expect("export");
        out
    });
    println!(
        "scale: export_jsonl_ms={export_ms:.0} jsonl_mb={:.1}",
        mb(jsonl.len())
    );

    let (import_ms, imported) = time(runs, || {
        let mut p = Project::new("import", project.created.clone());
        let report = import_jsonl_bytes(
            &mut p,
            &jsonl,
            Path::new("big.jsonl"),
            &ImportOptions::default(),
        );
        assert_eq!(report.imported(), docs, "every line imported");
        p
    });
    assert_eq!(imported.span_count(), project.span_count());
    println!("scale: import_jsonl_ms={import_ms:.0}");

    // A colleague's copy: every document's first span relabeled, one span
    // added per document.
    let mut theirs = project.clone();
    for d in &mut theirs.documents {
        if let Some(s) = d.spans.first_mut() {
            s.label = if s.label == "claim" { "quote" } else { "claim" }.into();
            s.annotator = "lee".into();
        }
        let n = d.len_chars();
        d.insert_span(marginalia::model::Span::new(
            "lee-new",
            n - 5,
            n - 1,
            "entity",
        ));
        d.sort_spans();
    }
    let (merge_ms, (merged, report)) = time(runs, || {
        marginalia::merge::merge_all(&[project.clone(), theirs.clone()])
    });
    assert!(report.conflicts > 0);
    drop(merged);
    let (three_ms, _) = time(runs, || {
        marginalia::merge::three_way(&project, &project, &theirs)
    });
    let names = ["kim".to_owned(), "lee".to_owned()];
    let (agree_ms, a) = time(1, || {
        marginalia::agreement::agreement(&[project.clone(), theirs.clone()], &names)
    });
    println!(
        "scale: merge_ms={merge_ms:.0} three_way_ms={three_ms:.0} agreement_ms={agree_ms:.0} (kappa {:.3}, {} tokens)",
        a.overall.kappa.unwrap_or(f64::NAN),
        a.tokens
    );
    let (suggest_ms, found) = time(1, || {
        marginalia::suggest::suggest(&project, None, None).map(|s| s.len())
    });
    println!(
        "scale: suggest_all_ms={suggest_ms:.0} suggestions={}",
        found.unwrap_or(0)
    );

    // HTML extraction on generated pages with site furniture around the article.
    let pages: Vec<String> = project
        .documents
        .iter()
        .take(500)
        .map(generate::html_page)
        .collect();
    let t = Instant::now();
    let mut chars = 0;
    for p in &pages {
        chars += marginalia::import::html::extract_str(p).text.len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "scale: html_pages_per_s={:.0} ({} pages, {:.1} MB of text out)",
        pages.len() as f64 / secs,
        pages.len(),
        mb(chars)
    );
}
