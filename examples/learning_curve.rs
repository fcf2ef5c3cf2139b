//! The learned suggester on the hand-annotated corpus (`corpus/`): per
//! label, span F1 on held-back documents after training on 5, 10, 20 and
//! all remaining documents, beside "more like this" (every whole-word
//! repetition of a training span's text), and the training time.
//!
//! `cargo run --release --example learning_curve -- PAGES_DIR [--heldout]`
//!
//! PAGES_DIR holds the saved pages the corpus names (Mozilla Readability's
//! test pages, one folder per page with its `source.html`). Without `--heldout`: the tune set (`corpus/learn`),
//! every fourth document held back. With it: trained on the whole tune set,
//! scored on `corpus/heldout` (documents nobody tuned on).
//! `--write-project OUT.ron [--open N]` writes the tune set as a project
//! instead (the last N documents to do, without their spans).
//! `LC_DEBUG=LABEL` prints what is proposed and wanted in three test documents.

#![allow(clippy::unwrap_used)] // a dev tool over the corpus this repository holds

use marginalia::model::search::{Finder, MatchOptions};
use marginalia::model::{CreationInfo, Document, Label, Project, Span, Status, palette_color};
use marginalia::suggest::learned::{self, Scores};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

const LABELS: [&str; 5] = ["quote", "speaker", "claim", "sanction_threat", "entity"];

/// The corpus files of `dir` as documents marked done, their text extracted
/// from the saved page and cut to the annotated prefix.
fn load(dir: &Path, pages: &Path) -> Vec<Document> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let name = f.file_stem().unwrap().to_string_lossy().to_string();
        let page = pages.join(&name).join("source.html");
        let bytes = std::fs::read(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        let article = marginalia::import::html::extract_checked(&bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        let chars = v["chars"].as_u64().unwrap() as usize;
        let text: String = article.text.chars().take(chars).collect();
        let mut doc = Document::new(name.clone(), name.clone(), text.clone());
        let mut bad = 0;
        for s in v["spans"].as_array().unwrap() {
            let (start, end) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            let got: String = text.chars().skip(start).take(end - start).collect();
            if got != s["text"].as_str().unwrap() {
                bad += 1;
                continue;
            }
            let id = s["id"].as_str().unwrap();
            doc.spans.push(Span::new(
                format!("{name}-{id}"),
                start,
                end,
                s["label"].as_str().unwrap(),
            ));
        }
        if bad > 0 {
            eprintln!("{name}: {bad} spans no longer match the extracted text (skipped)");
        }
        doc.status = Status::Done;
        out.push(doc);
    }
    out
}

fn project(docs: &[Document]) -> Project {
    let mut p = Project::new("corpus", CreationInfo::now("learning_curve"));
    p.labels = LABELS
        .iter()
        .enumerate()
        .map(|(i, l)| Label::new(*l, palette_color(i), ""))
        .collect();
    p.documents = docs.to_vec();
    p
}

/// Gold spans of `label` in `doc`, as the learner sees them (outermost of
/// nested ones, on token edges).
fn gold(doc: &Document, label: &str) -> Vec<std::ops::Range<usize>> {
    learned::gold_spans(doc, label)
}

/// Span P/R/F1 per label of `propose` on `test`.
fn score(
    test: &[Document],
    mut propose: impl FnMut(&Document, &str) -> Vec<std::ops::Range<usize>>,
) -> BTreeMap<&'static str, (Scores, usize)> {
    let mut out = BTreeMap::new();
    for label in LABELS {
        let (mut tp, mut fp, mut fn_, mut n) = (0, 0, 0, 0);
        for d in test {
            let g = gold(d, label);
            let mut got = propose(d, label);
            got.sort_by_key(|r| (r.start, r.end));
            got.dedup();
            let hit = got.iter().filter(|r| g.contains(r)).count();
            tp += hit;
            fp += got.len() - hit;
            fn_ += g.len() - hit;
            n += g.len();
        }
        out.insert(label, (Scores::from_counts(tp, fp, fn_), n));
    }
    out
}

/// "More like this": every whole-word occurrence of a training span's text.
fn more_like_this(
    train: &[Document],
) -> impl FnMut(&Document, &str) -> Vec<std::ops::Range<usize>> {
    let mut needles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in train {
        for s in &d.spans {
            let t: String = d.text.chars().skip(s.start).take(s.end - s.start).collect();
            needles.entry(s.label.clone()).or_default().push(t);
        }
    }
    for v in needles.values_mut() {
        v.sort();
        v.dedup();
    }
    let finders: BTreeMap<String, Vec<Finder>> = needles
        .into_iter()
        .map(|(l, v)| {
            let f = v
                .iter()
                .map(|n| {
                    Finder::new(
                        n,
                        MatchOptions {
                            ignore_case: false,
                            whole_words: true,
                        },
                    )
                })
                .collect();
            (l, f)
        })
        .collect();
    move |d: &Document, label: &str| {
        finders
            .get(label)
            .map(|fs| fs.iter().flat_map(|f| f.find_all(&d.text)).collect())
            .unwrap_or_default()
    }
}

fn report(title: &str, train: &[Document], test: &[Document]) {
    let t = Instant::now();
    let model = learned::learn(&project(train), None).expect("learn");
    let secs = t.elapsed().as_secs_f64();
    let ours = score(test, |d, l| {
        model
            .propose(d, 0.5)
            .into_iter()
            .filter(|p| p.label == l)
            .map(|p| p.range)
            .collect()
    });
    let base = score(test, more_like_this(train));
    if let Ok(l) = std::env::var("LC_DEBUG") {
        for d in test.iter().take(3) {
            let show = |r: &std::ops::Range<usize>| {
                d.text
                    .chars()
                    .skip(r.start)
                    .take(r.len())
                    .collect::<String>()
            };
            for p in model.propose(d, 0.2).into_iter().filter(|p| p.label == l) {
                println!("  got {:.1} {:?}", p.score, show(&p.range));
            }
            for g in gold(d, &l) {
                println!("  want {:?}", show(&g));
            }
        }
    }
    println!(
        "{title}: trained on {} documents in {secs:.2} s, scored on {}",
        train.len(),
        test.len()
    );
    for label in LABELS {
        let spans: usize = train.iter().map(|d| gold(d, label).len()).sum();
        let (o, n) = ours[label];
        let (b, _) = base[label];
        println!(
            "  {label:<16} train_spans {spans:>4}  test_spans {n:>4}  learned P {:.2} R {:.2} F1 {:.2}  | more-like-this P {:.2} R {:.2} F1 {:.2}",
            o.precision, o.recall, o.f1, b.precision, b.recall, b.f1
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(pages) = args.first().filter(|a| !a.starts_with("--")) else {
        eprintln!(
            "usage: learning_curve PAGES_DIR [--heldout] (the folder of saved pages the corpus names)"
        );
        std::process::exit(2);
    };
    let pages = Path::new(pages);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let tune = load(&root.join("learn"), pages);
    // `--write-project OUT.ron`: the tune set as a project (for timing
    // `marginalia learn`, or trying the window on it).
    if let Some(i) = args.iter().position(|a| a == "--write-project") {
        let out = args.get(i + 1).expect("--write-project OUT.ron");
        // `--open N`: the last N documents to do, without their spans.
        let open: usize = args
            .iter()
            .position(|a| a == "--open")
            .and_then(|k| args.get(k + 1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let mut p = project(&tune);
        let n = p.documents.len();
        for d in &mut p.documents[n.saturating_sub(open)..] {
            d.spans.clear();
            d.status = Status::Todo;
        }
        marginalia::store::save(&p, Path::new(out)).expect("save");
        println!("wrote {out} ({} documents)", tune.len());
        return;
    }
    if args.iter().any(|a| a == "--heldout") {
        let held = load(&root.join("heldout"), pages);
        report(
            "held-out set (corpus/heldout, never tuned on)",
            &tune,
            &held,
        );
        return;
    }
    // The tune set: every fourth document held back, the others the pool.
    let (dev, pool): (Vec<_>, Vec<_>) = tune
        .iter()
        .cloned()
        .enumerate()
        .partition(|(i, _)| i % 4 == 3);
    let dev: Vec<Document> = dev.into_iter().map(|(_, d)| d).collect();
    let pool: Vec<Document> = pool.into_iter().map(|(_, d)| d).collect();
    for n in [5, 10, 20, pool.len()] {
        let n = n.min(pool.len());
        report(
            &format!("tune set, {n} of {} training documents", pool.len()),
            &pool[..n],
            &dev,
        );
    }
}
