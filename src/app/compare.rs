//! Comparing the open project with a colleague's copy: the disagreements of
//! the shown document highlighted in the article, curated one by one with
//! keys (A take mine, B take theirs, C both, N neither), and an agreement
//! table with a per-label chart.

use super::actions::Action;
use super::commands::say;
use super::{Cmd, Session};
use crate::agreement::{Agreement, agreement};
use crate::merge::curate::{Choice, Disagreement, SpanKey, disagreements};
use crate::model::{Document, Project};
use egui::RichText;
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

fn names(session: &Session, theirs: &str) -> Vec<String> {
    let mine = if session.annotator.is_empty() {
        "mine".to_owned()
    } else {
        format!("{} (mine)", session.annotator)
    };
    vec![mine, theirs.to_owned()]
}

/// What curation works on: the session, the comparison and its job, and
/// where commands go.
pub(super) struct Parts<'a> {
    /// The open project.
    pub session: &'a mut Session,
    /// The colleague's copy being compared, when open.
    pub compare: &'a mut Option<CompareState>,
    /// Reading a copy or computing agreement.
    pub job: &'a mut Option<Job>,
    /// Commands for the end of the frame.
    pub out: &'a mut Vec<Cmd>,
    /// The shortcuts, for the buttons.
    pub keymap: &'a super::actions::Keymap,
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
pub(super) fn open(p: &mut Parts<'_>, path: &Path) {
    let Some(project) = &p.session.project else {
        return;
    };
    let mine = project.clone();
    let names = names(p.session, &short_name(path));
    let file = path.to_owned();
    let job = spawn(move || {
        let other = crate::store::load(&file).map_err(|e| e.to_string())?;
        let a = agreement(&[mine, other.clone()], &names);
        Ok((Some(other), a))
    });
    say(
        p.out,
        false,
        format!("Reading {} to compare…", path.display()),
    );
    *p.job = Some(Job {
        path: path.to_owned(),
        job,
    });
}

/// Collects a finished comparison job.
fn poll(p: &mut Parts<'_>, ctx: &egui::Context) {
    let Some(job) = &*p.job else { return };
    let result = match job.job.poll() {
        super::job::Poll::Done(r) => r,
        super::job::Poll::Running => {
            ctx.request_repaint_after(std::time::Duration::from_millis(30));
            return;
        }
        super::job::Poll::Lost => Err("the comparison stopped".to_owned()),
    };
    let Some(job) = p.job.take() else {
        return;
    };
    ctx.request_repaint();
    match result {
        Ok((Some(other), agreement)) => {
            say(
                p.out,
                false,
                format!(
                    "Comparing with {}: {} documents in common",
                    job.path.display(),
                    agreement.documents
                ),
            );
            *p.compare = Some(CompareState {
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
            if let Some(c) = &mut *p.compare {
                c.agreement = agreement;
            }
        }
        Err(e) => say(p.out, true, format!("Could not compare: {e}")),
    }
}

/// The disagreements of the shown document (recomputed after edits).
pub(super) fn refresh(p: &mut Parts<'_>) {
    let (revision, current) = (p.session.revision, p.session.current);
    let (Some(c), Some(project)) = (&mut *p.compare, &p.session.project) else {
        return;
    };
    let Some(doc) = project.documents.get(current) else {
        return;
    };
    let key = (revision, current, c.settled.len());
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

fn current(p: &Parts<'_>) -> Option<Disagreement> {
    let c = p.compare.as_ref()?;
    c.cache.as_ref()?.1.get(c.index).cloned()
}

/// Forgets which disagreements of the shown document were settled (after
/// undo or redo, so they show again as the text now stands).
pub(super) fn forget_settled(p: &mut Parts<'_>) {
    let Some(id) = p.session.document().map(|d| d.id.clone()) else {
        return;
    };
    if let Some(c) = &mut *p.compare {
        c.settled.retain(|(d, _)| *d != id);
    }
}

/// Settles the current disagreement by `choice`.
pub(super) fn settle(p: &mut Parts<'_>, choice: Choice) {
    refresh(p);
    let Some(d) = current(p) else { return };
    let Some(doc) = p.session.document().cloned() else {
        return;
    };
    let edit = d.resolve(&doc, choice);
    let ok = match &edit {
        crate::edit::Edit::Batch(v) if v.is_empty() => true,
        _ => p.session.apply(edit, None),
    };
    if ok && let Some(c) = &mut *p.compare {
        for k in d.keys() {
            c.settled.insert((doc.id.clone(), k));
        }
    }
    refresh(p);
    scroll_to_current(p);
}

fn scroll_to_current(p: &mut Parts<'_>) {
    if let Some(d) = current(p) {
        p.session.reveal = Some(d.start);
    }
}

pub(super) fn step(p: &mut Parts<'_>, forward: bool) {
    refresh(p);
    if let Some(c) = &mut *p.compare {
        let n = c.ranges.len();
        if n > 0 {
            c.index = if forward {
                (c.index + 1) % n
            } else {
                (c.index + n - 1) % n
            };
        }
    }
    scroll_to_current(p);
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
pub(super) fn compare_ui(p: &mut Parts<'_>, ctx: &egui::Context) {
    poll(p, ctx);
    let keymap = p.keymap;
    if p.compare.is_none() {
        return;
    }
    refresh(p);
    let mut open = true;
    let mut action: Option<Choice> = None;
    let mut nav: Option<bool> = None;
    let mut recompute = false;
    let current = p.session.current;
    let doc = p
        .session
        .project
        .as_ref()
        .and_then(|proj| proj.documents.get(current));
    let Some(c) = &*p.compare else { return };
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
                    let text = |a: Action| format!("{} ({})", a.title(), keymap.label(ctx, a));
                    ui.horizontal_wrapped(|ui| {
                        for (a, choice) in [
                            (Action::KeepMine, Choice::Mine),
                            (Action::KeepTheirs, Choice::Theirs),
                            (Action::KeepBoth, Choice::Both),
                            (Action::KeepNeither, Choice::Neither),
                        ] {
                            if ui.button(text(a)).clicked() {
                                action = Some(choice);
                            }
                        }
                    });
                    ui.horizontal(|ui| {
                        if ui
                            .button(format!("◀ {}", text(Action::PreviousDisagreement)))
                            .clicked()
                        {
                            nav = Some(false);
                        }
                        if ui
                            .button(format!("{} ▶", text(Action::NextDisagreement)))
                            .clicked()
                        {
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
        p.out.push(Cmd::Settle(choice));
    }
    if let Some(forward) = nav {
        p.out.push(Cmd::CompareStep(forward));
    }
    if recompute
        && p.job.is_none()
        && let (Some(c), Some(project)) = (&*p.compare, &p.session.project)
    {
        let names = names(p.session, &c.name);
        let (mine, other) = (project.clone(), c.other.clone());
        let job = spawn(move || Ok((None, agreement(&[mine, other], &names))));
        *p.job = Some(Job {
            path: c.path.clone(),
            job,
        });
    }
    if !open {
        *p.compare = None;
        p.out.push(Cmd::ScrollTo(p.session.caret));
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
    if !a.doc_labels.is_empty() {
        // Whole-article judgements, over the documents in common.
        egui::Grid::new("doc_label_agreement")
            .striped(true)
            .num_columns(4)
            .show(ui, |ui| {
                for h in ["document labels", "items", "kappa", "alpha"] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for (set, s) in &a.doc_labels {
                    ui.label(set);
                    ui.label(s.items.to_string());
                    ui.label(fmt(s.kappa));
                    ui.label(fmt(s.alpha));
                    ui.end_row();
                }
            });
    }
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
