//! Comparing the open project with a colleague's copy: the disagreements of
//! the shown document highlighted in the article, curated one by one with
//! keys (A take mine, B take theirs, C both, N neither), and an agreement
//! table with a per-label chart.

use super::{Cmd, MarginaliaApp};
use crate::agreement::{Agreement, agreement};
use crate::merge::curate::{Choice, Disagreement, SpanKey, disagreements};
use crate::model::{Document, Project};
use egui::{Key, Modifiers, RichText};
use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A colleague's copy opened for comparison.
pub struct CompareState {
    /// Its file.
    pub path: PathBuf,
    /// Short name (the file name without extension).
    pub name: String,
    /// The copy.
    pub other: Project,
    /// Agreement between the open project and the copy, when last computed.
    pub agreement: Agreement,
    /// Spans settled per document (by range and label): not shown again.
    settled: HashSet<(String, SpanKey)>,
    /// Index of the current disagreement in the shown document.
    pub index: usize,
    /// Disagreements of the shown document, for (revision, document, settled count).
    cache: Option<((u64, usize, usize), Vec<Disagreement>)>,
    /// Ranges of those disagreements (highlighted in the article).
    pub ranges: Vec<Range<usize>>,
}

impl CompareState {
    /// The copy's version of `doc` (same id and text, else same text).
    pub fn their_document(&self, doc: &Document) -> Option<&Document> {
        self.other
            .documents
            .iter()
            .find(|d| d.id == doc.id && d.text == doc.text)
            .or_else(|| self.other.documents.iter().find(|d| d.text == doc.text))
    }
}

fn names(app: &MarginaliaApp, theirs: &str) -> Vec<String> {
    let mine = if app.session.annotator.is_empty() {
        "mine".to_owned()
    } else {
        format!("{} (mine)", app.session.annotator)
    };
    vec![mine, theirs.to_owned()]
}

/// What the worker thread hands back: the copy (when opening) and the agreement.
type Loaded = Result<(Option<Project>, Agreement), String>;

/// Reading a colleague's copy or computing agreement, off the UI thread.
pub struct Job {
    path: PathBuf,
    job: super::job::Job<Loaded>,
}

fn spawn(work: impl FnOnce() -> Loaded + Send + 'static) -> super::job::Job<Loaded> {
    super::job::Job::spawn(
        move |_| work(),
        |what| Err(format!("internal error while comparing: {what}")),
    )
}

fn short_name(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "theirs".into(), |s| s.to_string_lossy().into_owned())
}

/// Opens `path` for comparison with the open project: read and scored on a
/// worker thread (large projects take a moment), shown when ready.
pub(super) fn open(app: &mut MarginaliaApp, path: &Path) {
    let Some(project) = &app.session.project else {
        return;
    };
    let mine = project.clone();
    let names = names(app, &short_name(path));
    let p = path.to_owned();
    let job = spawn(move || {
        let other = crate::store::load(&p).map_err(|e| e.to_string())?;
        let a = agreement(&[mine, other.clone()], &names);
        Ok((Some(other), a))
    });
    app.info(format!("Reading {} to compare…", path.display()));
    app.compare_job = Some(Job {
        path: path.to_owned(),
        job,
    });
}

/// Whether a copy is being read or agreement computed.
pub fn busy(app: &MarginaliaApp) -> bool {
    app.compare_job.is_some()
}

/// Collects a finished comparison job.
fn poll(app: &mut MarginaliaApp, ctx: &egui::Context) {
    let Some(job) = &app.compare_job else { return };
    let result = match job.job.poll() {
        super::job::Poll::Done(r) => r,
        super::job::Poll::Running => {
            ctx.request_repaint_after(std::time::Duration::from_millis(30));
            return;
        }
        super::job::Poll::Lost => Err("the comparison stopped".to_owned()),
    };
    let Some(job) = app.compare_job.take() else {
        return;
    };
    ctx.request_repaint();
    match result {
        Ok((Some(other), agreement)) => {
            app.info(format!(
                "Comparing with {}: {} documents in common",
                job.path.display(),
                agreement.documents
            ));
            app.compare = Some(CompareState {
                name: short_name(&job.path),
                path: job.path,
                other,
                agreement,
                settled: HashSet::new(),
                index: 0,
                cache: None,
                ranges: Vec::new(),
            });
        }
        Ok((None, agreement)) => {
            if let Some(c) = &mut app.compare {
                c.agreement = agreement;
            }
        }
        Err(e) => app.error(format!("Could not compare: {e}")),
    }
}

/// The disagreements of the shown document (recomputed after edits).
pub(super) fn refresh(app: &mut MarginaliaApp) {
    let (Some(c), Some(p)) = (&mut app.compare, &app.session.project) else {
        return;
    };
    let Some(doc) = p.documents.get(app.session.current) else {
        return;
    };
    let key = (app.session.revision, app.session.current, c.settled.len());
    if c.cache.as_ref().is_some_and(|(k, _)| *k == key) {
        return;
    }
    let settled: HashSet<SpanKey> = c
        .settled
        .iter()
        .filter(|(d, _)| *d == doc.id)
        .map(|(_, k)| k.clone())
        .collect();
    let list = match c.their_document(doc) {
        Some(theirs) => disagreements(doc, theirs, &settled),
        None => Vec::new(),
    };
    c.ranges = list.iter().map(|d| d.start..d.end).collect();
    c.index = c.index.min(list.len().saturating_sub(1));
    c.cache = Some((key, list));
}

fn current(app: &MarginaliaApp) -> Option<Disagreement> {
    let c = app.compare.as_ref()?;
    c.cache.as_ref()?.1.get(c.index).cloned()
}

/// Forgets which disagreements of the shown document were settled (after
/// undo or redo, so they show again as the text now stands).
pub(super) fn forget_settled(app: &mut MarginaliaApp) {
    let Some(id) = app.document().map(|d| d.id.clone()) else {
        return;
    };
    if let Some(c) = &mut app.compare {
        c.settled.retain(|(d, _)| *d != id);
    }
}

/// Settles the current disagreement by `choice`.
pub(super) fn settle(app: &mut MarginaliaApp, choice: Choice) {
    refresh(app);
    let Some(d) = current(app) else { return };
    let Some(doc) = app.document().cloned() else {
        return;
    };
    let edit = d.resolve(&doc, choice);
    let ok = match &edit {
        crate::edit::Edit::Batch(v) if v.is_empty() => true,
        _ => app.apply(edit, None),
    };
    if ok && let Some(c) = &mut app.compare {
        for k in d.keys() {
            c.settled.insert((doc.id.clone(), k));
        }
    }
    refresh(app);
    scroll_to_current(app);
}

fn scroll_to_current(app: &mut MarginaliaApp) {
    if let Some(d) = current(app) {
        app.session.reveal = Some(d.start);
    }
}

fn step(app: &mut MarginaliaApp, forward: bool) {
    refresh(app);
    if let Some(c) = &mut app.compare {
        let n = c.ranges.len();
        if n > 0 {
            c.index = if forward {
                (c.index + 1) % n
            } else {
                (c.index + n - 1) % n
            };
        }
    }
    scroll_to_current(app);
}

/// Curation keys, while the compare window is open and no text field has focus.
pub(super) fn keys(app: &mut MarginaliaApp, ctx: &egui::Context) {
    if app.compare.is_none() || ctx.egui_wants_keyboard_input() {
        return;
    }
    let pressed = |k| ctx.input_mut(|i| i.consume_key(Modifiers::NONE, k));
    for (key, choice) in [
        (Key::A, Choice::Mine),
        (Key::B, Choice::Theirs),
        (Key::C, Choice::Both),
        (Key::N, Choice::Neither),
    ] {
        if pressed(key) {
            settle(app, choice);
        }
    }
    if pressed(Key::J) {
        step(app, true);
    }
    if pressed(Key::K) {
        step(app, false);
    }
}

fn snippet(doc: &Document, r: Range<usize>) -> String {
    let t = crate::model::text::slice_chars(&doc.text, r.start, r.end).unwrap_or("");
    let mut s: String = t.chars().take(70).collect();
    if t.chars().count() > 70 {
        s.push('…');
    }
    s.replace('\n', " ")
}

fn fmt(x: Option<f64>) -> String {
    x.map_or_else(|| "–".into(), |v| format!("{v:.2}"))
}

/// The compare window.
pub(super) fn compare_ui(app: &mut MarginaliaApp, ctx: &egui::Context) {
    poll(app, ctx);
    if app.compare.is_none() {
        return;
    }
    refresh(app);
    let mut open = true;
    let mut action: Option<Choice> = None;
    let mut nav: Option<bool> = None;
    let mut recompute = false;
    let doc = app
        .session
        .project
        .as_ref()
        .and_then(|p| p.documents.get(app.session.current));
    let Some(c) = &app.compare else { return };
    let title = format!("Compare with {}", c.name);
    egui::Window::new(title)
        .open(&mut open)
        .default_width(520.0)
        // Low in the article, so the highlighted text above stays in view.
        .default_pos([250.0, 470.0])
        .show(ctx, |ui| {
            let list = c.cache.as_ref().map(|(_, l)| l.as_slice()).unwrap_or(&[]);
            let theirs_doc = doc.as_ref().and_then(|d| c.their_document(d));
            ui.heading("This document");
            match (&doc, theirs_doc) {
                (Some(_), None) => {
                    ui.label(format!("{} does not have this document.", c.name));
                }
                (Some(doc), Some(_)) if list.is_empty() => {
                    ui.label(format!("No disagreements left in “{}”.", doc.title));
                }
                (Some(doc), Some(_)) => {
                    let d = &list[c.index.min(list.len() - 1)];
                    ui.label(format!(
                        "Disagreement {} of {}: “{}”",
                        c.index + 1,
                        list.len(),
                        snippet(doc, d.start..d.end)
                    ));
                    let side = |ui: &mut egui::Ui, who: &str, spans: &[crate::model::Span]| {
                        if spans.is_empty() {
                            ui.weak(format!("{who}: nothing here"));
                        }
                        for s in spans {
                            let by = s.annotators().collect::<Vec<_>>().join(", ");
                            ui.label(format!(
                                "{who}: {} “{}”{}",
                                s.label,
                                snippet(doc, s.start..s.end),
                                if by.is_empty() {
                                    String::new()
                                } else {
                                    format!(" — {by}")
                                }
                            ));
                        }
                    };
                    side(ui, "Mine", &d.mine);
                    side(ui, &c.name, &d.theirs);
                    ui.horizontal_wrapped(|ui| {
                        for (text, choice) in [
                            ("Take mine (A)", Choice::Mine),
                            ("Take theirs (B)", Choice::Theirs),
                            ("Both (C)", Choice::Both),
                            ("Neither (N)", Choice::Neither),
                        ] {
                            if ui.button(text).clicked() {
                                action = Some(choice);
                            }
                        }
                    });
                    ui.horizontal(|ui| {
                        if ui.button("◀ Previous (K)").clicked() {
                            nav = Some(false);
                        }
                        if ui.button("Next (J) ▶").clicked() {
                            nav = Some(true);
                        }
                    });
                }
                (None, _) => {}
            }
            ui.separator();
            egui::CollapsingHeader::new(format!(
                "Agreement: F1 {} (exact), kappa {}",
                fmt(c.agreement.overall.f1_exact),
                fmt(c.agreement.overall.kappa)
            ))
            .id_salt("agreement")
            .show(ui, |ui| {
                agreement_ui(ui, &c.agreement);
                if ui.button("Recompute agreement").clicked() {
                    recompute = true;
                }
            });
        });
    if let Some(choice) = action {
        settle(app, choice);
    }
    if let Some(forward) = nav {
        step(app, forward);
    }
    if recompute
        && app.compare_job.is_none()
        && let (Some(c), Some(p)) = (&app.compare, &app.session.project)
    {
        let names = names(app, &c.name);
        let (mine, other) = (p.clone(), c.other.clone());
        let job = spawn(move || Ok((None, agreement(&[mine, other], &names))));
        app.compare_job = Some(Job {
            path: c.path.clone(),
            job,
        });
    }
    if !open {
        app.compare = None;
        app.push(Cmd::ScrollTo(app.session.caret));
    }
}

fn agreement_ui(ui: &mut egui::Ui, a: &Agreement) {
    ui.label(format!(
        "{} documents in common, {} word tokens",
        a.documents, a.tokens
    ));
    egui::Grid::new("agreement_table")
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            for h in ["label", "spans", "F1 exact", "F1 overlap", "kappa", "alpha"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            let rows = a
                .labels
                .iter()
                .map(|(l, s)| (l.as_str(), s))
                .chain(std::iter::once(("all labels", &a.overall)));
            for (label, s) in rows {
                ui.label(label);
                ui.label(
                    s.spans
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(" / "),
                );
                ui.label(fmt(s.f1_exact));
                ui.label(fmt(s.f1_overlap));
                ui.label(fmt(s.kappa));
                ui.label(fmt(s.alpha));
                ui.end_row();
            }
        });
    chart_ui(ui, a);
}

/// F1 per label (exact and overlap) as grouped bars.
fn chart_ui(ui: &mut egui::Ui, a: &Agreement) {
    use egui_plot::{Bar, BarChart, Legend, Plot};
    let labels: Vec<String> = a.labels.keys().cloned().collect();
    let bars = |f: fn(&crate::agreement::Scores) -> Option<f64>, offset: f64| -> Vec<Bar> {
        a.labels
            .values()
            .enumerate()
            .map(|(i, s)| Bar::new(i as f64 + offset, f(s).unwrap_or(0.0)).width(0.35))
            .collect()
    };
    let exact = BarChart::new("F1 exact", bars(|s| s.f1_exact, -0.2))
        .color(egui::Color32::from_rgb(0x4e, 0x79, 0xa7));
    let overlap = BarChart::new("F1 overlap", bars(|s| s.f1_overlap, 0.2))
        .color(egui::Color32::from_rgb(0xf2, 0x8e, 0x2b));
    Plot::new("agreement_chart")
        .height(160.0)
        .legend(Legend::default())
        .include_y(0.0)
        .include_y(1.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(exact);
            plot.bar_chart(overlap);
        });
}
