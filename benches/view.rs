//! The real article view, driven through a bare `egui::Context` (no window),
//! scrolled from top to bottom of a long article. Prints CPU time per frame
//! (egui pass + tessellation, release build):
//!
//! `view: frame_ms_median=X frame_ms_p95=Y` for a 1 MB article with 20,000
//! partly overlapping spans, plus the same for a 75,000-word article with
//! 5,000 spans (where brat users split their documents) and the time to the
//! first frame.
//!
//! `view_rtl`: the same for a right-to-left article of as many characters
//! and spans (`cargo bench --bench view -- 1mb` runs both).
//!
//! `view_learning_off` / `view_learning_on`: 400 frames at 60 Hz real time
//! on 40 done documents, without and with Learn training in the background.
//!
//! `view_project_10k_list` / `..._query`: the document list of a
//! 10,000-article project scrolled, without and with a query in its filter.
//!
//! Run: `cargo bench --bench view`

use egui::{Event, MouseWheelSource, MouseWheelUnit, RawInput, Rect, TouchPhase, pos2, vec2};
use marginalia::app::MarginaliaApp;
use marginalia::model::generate;
use std::time::{Duration, Instant};

struct Run {
    first: Duration,
    frames: Vec<f64>,
    chars: usize,
    spans: usize,
}

/// The app on a saved copy of a project, driven frame by frame in a
/// 1280x800 window at 60 Hz.
struct Window {
    ctx: egui::Context,
    app: MarginaliaApp,
    time: f64,
    _dir: tempfile::TempDir,
}

impl Window {
    /// Saves `project` and opens it (the first frame is not run).
    fn open(project: &marginalia::model::Project) -> Window {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big.ron");
        marginalia::store::save(project, &path).expect("save");
        let ctx = egui::Context::default();
        marginalia::app::setup_fonts(&ctx);
        Window {
            ctx,
            app: MarginaliaApp::headless(Some(path)),
            time: 0.0,
            _dir: dir,
        }
    }

    /// One frame with `events`, tessellated; its CPU time in ms.
    fn frame(&mut self, events: Vec<Event>) -> f64 {
        self.time += 1.0 / 60.0;
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1280.0, 800.0))),
            time: Some(self.time),
            events,
            ..Default::default()
        };
        let t = Instant::now();
        let app = &mut self.app;
        let out = self.ctx.run_ui(input, |ui| app.ui(ui));
        let _prims = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        t.elapsed().as_secs_f64() * 1000.0
    }
}

/// The pointer at `at` and a wheel turn of `dy` points.
fn wheel(at: egui::Pos2, dy: f32) -> Vec<Event> {
    vec![
        Event::PointerMoved(at),
        Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: vec2(0.0, dy),
            phase: TouchPhase::Move,
            source: MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        },
    ]
}

fn drive(words: usize, spans: usize, scroll_per_frame: f32, max_frames: usize) -> Run {
    drive_doc(
        generate::article(words, spans, 42),
        scroll_per_frame,
        max_frames,
    )
}

/// Opens a project holding just `doc` and scrolls it.
fn drive_doc(doc: marginalia::model::Document, scroll_per_frame: f32, max_frames: usize) -> Run {
    let mut project = generate::project(0, 0, 0, 1);
    project.documents.push(doc);
    drive_project(project, scroll_per_frame, max_frames)
}

/// Opens `project` (its first document shown) and scrolls that document.
fn drive_project(
    project: marginalia::model::Project,
    scroll_per_frame: f32,
    max_frames: usize,
) -> Run {
    drive_project_with(project, scroll_per_frame, max_frames, false, false).0
}

/// Opens `project`, puts `query` in the document list's filter (when
/// given) and scrolls the document list, not the article.
fn drive_list(project: marginalia::model::Project, query: Option<&str>, max_frames: usize) -> Run {
    let chars = project.documents[0].text.chars().count();
    let spans = project.documents[0].spans.len();
    let mut w = Window::open(&project);
    w.frame(vec![]);
    if let Some(q) = query {
        w.app
            .push(marginalia::app::Cmd::FilterDocuments(q.to_owned()));
    }
    // The command runs at the end of a frame; the next evaluates the query:
    // those two are "first".
    let first = w.frame(vec![]) + w.frame(vec![]);
    let frames = (0..max_frames)
        .map(|_| w.frame(wheel(pos2(100.0, 400.0), -120.0)))
        .collect();
    Run {
        first: Duration::from_secs_f64(first / 1000.0),
        frames,
        chars,
        spans,
    }
}

/// As [`drive_project`], optionally with the learned suggester training in
/// the background from the first frame; also says whether it finished.
fn drive_project_with(
    project: marginalia::model::Project,
    scroll_per_frame: f32,
    max_frames: usize,
    learn: bool,
    paced: bool,
) -> (Run, bool) {
    let chars = project.documents[0].text.chars().count();
    let spans = project.documents[0].spans.len();
    let t0 = Instant::now();
    let mut w = Window::open(&project);
    w.frame(vec![]);
    let first = t0.elapsed();
    if learn {
        w.app.push(marginalia::app::Cmd::Learn);
    }
    let mut frames = Vec::new();
    let mut last_caret = None;
    let mut still = 0;
    for _ in 0..max_frames {
        let t = Instant::now();
        frames.push(w.frame(wheel(pos2(600.0, 400.0), -scroll_per_frame)));
        if paced {
            // Real time between frames, as a window at 60 Hz has, so the
            // frames span the background work.
            std::thread::sleep(Duration::from_millis(16).saturating_sub(t.elapsed()));
            continue;
        }
        // Stop once the view no longer moves (the bottom was reached).
        let probe = w.app.char_screen_rect(chars - 1).map(|r| r.top().round());
        if probe.is_some() && probe == last_caret {
            still += 1;
            if still > 30 {
                break;
            }
        } else {
            still = 0;
        }
        last_caret = probe;
    }
    let learned = w.app.session.learned.is_some();
    (
        Run {
            first,
            frames,
            chars,
            spans,
        },
        learned,
    )
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(name: &str, r: Run) {
    let mut f = r.frames.clone();
    f.sort_by(f64::total_cmp);
    println!(
        "{name}: frame_ms_median={:.2} frame_ms_p95={:.2} frame_ms_max={:.2} frames={} first_frame_ms={:.0} ({} chars, {} spans)",
        pct(&f, 0.5),
        pct(&f, 0.95),
        f.last().copied().unwrap_or(0.0),
        f.len(),
        r.first.as_secs_f64() * 1000.0,
        r.chars,
        r.spans
    );
}

fn main() {
    // `cargo bench` passes --bench; a name filter may follow
    // (`cargo bench --bench view -- project` runs view_project_10k only).
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    if wanted("view_75k_words") {
        let r = drive(75_000, 5_000, 300.0, 5_000);
        report("view_75k_words", r);
    }
    if wanted("view_1mb") {
        let r = drive(170_000, 20_000, 600.0, 5_000);
        assert!(r.chars >= 1_000_000, "1 MB article: {} chars", r.chars);
        report("view", r);
    }
    if wanted("view_rtl_1mb") {
        // The same size in Arabic (with Persian, Hebrew and English words;
        // Arabic words are shorter, so more of them: 1.2 M characters) and
        // as many spans: every paragraph is laid out by text_layout.rs.
        let doc = generate::rtl_article(191_000, 20_000, 42);
        let r = drive_doc(doc, 600.0, 5_000);
        report("view_rtl", r);
    }
    if wanted("view_learning") {
        // Frames while Learn trains on 40 done documents, beside the same
        // frames without it: 400 frames at 60 Hz real time (6.4 s).
        let desk = || {
            let mut p = generate::project(40, 1500, 60, 11);
            for d in &mut p.documents {
                d.status = marginalia::model::Status::Done;
            }
            p
        };
        let (r, _) = drive_project_with(desk(), 40.0, 400, false, true);
        report("view_learning_off", r);
        let (r, done) = drive_project_with(desk(), 40.0, 400, true, true);
        report(
            if done {
                "view_learning_on (finished within the frames)"
            } else {
                "view_learning_on (still training at the end)"
            },
            r,
        );
    }
    if wanted("view_project_10k") {
        // A project of 10,000 articles: the document list is part of each frame.
        let r = drive_project(generate::project(10_000, 800, 6, 2026), 100.0, 300);
        report("view_project_10k", r);
    }
    if wanted("view_project_10k_list") {
        // The document list scrolled, without and with a query in its
        // filter (the query's evaluation is the "first frame").
        let project = generate::project(10_000, 800, 6, 2026);
        let q = "label:quote -rel:attributed_to";
        let parsed = marginalia::query::parse(q).expect("query parses");
        let n = marginalia::query::matching_documents(&project, parsed.as_ref()).len();
        let r = drive_list(project.clone(), None, 300);
        report("view_project_10k_list", r);
        let r = drive_list(project, Some(q), 300);
        report(
            &format!("view_project_10k_list_query ({n} documents match {q:?})"),
            r,
        );
    }
}
