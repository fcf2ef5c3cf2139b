//! Importing in the window: files from a dialog or dropped on the window,
//! read on a background thread with progress and cancel, applied as one
//! undoable edit, then a report naming every skipped or failed file.

use super::job::{Job, Poll};
use super::{Cmd, Session};
use crate::import::{self, ImportOptions, ImportReport, Outcome};
use egui::Context;
use std::path::{Path, PathBuf};

/// Import state of the window.
#[derive(Default)]
pub struct ImportState {
    job: Option<Job<(crate::edit::Edit, ImportReport)>>,
    /// The last finished import's report, shown until closed.
    pub report: Option<ImportReport>,
}

impl ImportState {
    /// Whether an import is running.
    pub fn running(&self) -> bool {
        self.job.is_some()
    }
}

/// Starts importing `paths` into a snapshot of the project.
pub(super) fn start(
    session: &Session,
    state: &mut ImportState,
    paths: Vec<PathBuf>,
) -> Result<(), String> {
    if state.running() {
        return Err("An import is already running".into());
    }
    let Some(snapshot) = session.project.clone() else {
        return Err("Open or create a project before importing".into());
    };
    let opts = ImportOptions {
        allow_duplicates: false,
        annotator: session.annotator.clone(),
    };
    let job = Job::spawn(
        move |progress| {
            import::import_as_edit(&snapshot, &paths, &opts, &mut |n, of| progress.set(n, of))
        },
        |_| {
            let mut report = ImportReport::default();
            report.entries.push(import::Entry {
                path: PathBuf::from("(import)"),
                outcome: Outcome::Failed {
                    reason: "the importer crashed; nothing was changed".into(),
                },
            });
            (crate::edit::Edit::Batch(vec![]), report)
        },
    );
    state.job = Some(job);
    state.report = None;
    Ok(())
}

/// Dropped files, the running import's progress and its report.
pub(super) fn import_ui(ctx: &Context, state: &mut ImportState, out: &mut Vec<Cmd>) {
    // Files dropped on the window.
    let dropped: Vec<PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_owned())
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    });
    if !dropped.is_empty() {
        out.push(Cmd::Import(dropped));
    }
    if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
        let screen = ctx.content_rect();
        let painter = ctx.layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("drop"),
        ));
        painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(160));
        painter.text(
            screen.center(),
            egui::Align2::CENTER_CENTER,
            "Drop to import (.html, .txt, .jsonl, folders)",
            egui::FontId::proportional(22.0),
            egui::Color32::WHITE,
        );
    }
    if let Some(job) = &state.job {
        match job.poll() {
            Poll::Done((edit, report)) => {
                state.job = None;
                let n = report.imported();
                if n > 0 {
                    // Applied with the frame's other commands, as one undo
                    // step; then the first document imported is shown.
                    out.push(Cmd::Apply(edit));
                    let first = report.entries.iter().find_map(|e| match &e.outcome {
                        Outcome::Imported { doc_id, .. } => Some(doc_id.clone()),
                        _ => None,
                    });
                    if let Some(id) = first {
                        out.push(Cmd::ShowDocument(id));
                    }
                }
                out.push(Cmd::Say(
                    format!(
                        "Import: {n} imported, {} skipped, {} failed",
                        report.skipped(),
                        report.failed()
                    ),
                    false,
                ));
                state.report = Some(report);
            }
            Poll::Running => {
                let (done, total) = job.progress();
                let window = egui::Window::new("Importing");
                if super::progress_window(ctx, window, (done, total, "files"), "Cancel import") {
                    job.cancel();
                }
            }
            Poll::Lost => {
                state.job = None;
                out.push(Cmd::Say(
                    "Import failed: the import thread stopped; nothing was changed".into(),
                    true,
                ));
            }
        }
    }
    let Some(report) = &state.report else {
        return;
    };
    let mut open = true;
    egui::Window::new("Import report")
        .open(&mut open)
        .default_width(520.0)
        .default_pos(ctx.content_rect().center() - egui::vec2(260.0, 160.0))
        .show(ctx, |ui| {
            ui.label(format!(
                "{} imported, {} skipped, {} failed",
                report.imported(),
                report.skipped(),
                report.failed()
            ));
            for note in &report.notes {
                ui.colored_label(ui.visuals().warn_fg_color, note);
            }
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    for e in &report.entries {
                        let name = e.path.file_name().map_or_else(
                            || import::shown(&e.path),
                            |n| import::shown(Path::new(n)),
                        );
                        match &e.outcome {
                            Outcome::Imported {
                                title,
                                warnings,
                                doc_id,
                            } => {
                                // A row opens its document.
                                if ui
                                    .link(format!("✔ {name}: {title}"))
                                    .on_hover_text(format!("Show document {doc_id}"))
                                    .clicked()
                                {
                                    out.push(Cmd::ShowDocument(doc_id.clone()));
                                }
                                for w in warnings {
                                    ui.colored_label(
                                        ui.visuals().warn_fg_color,
                                        format!("   ⚠ {w}"),
                                    );
                                }
                            }
                            Outcome::Skipped { reason } => {
                                ui.colored_label(
                                    ui.visuals().warn_fg_color,
                                    format!("↷ {name}: {reason}"),
                                );
                            }
                            Outcome::Failed { reason } => {
                                ui.colored_label(
                                    ui.visuals().error_fg_color,
                                    format!("✘ {name}: {reason}"),
                                );
                            }
                        }
                    }
                });
        });
    if !open {
        state.report = None;
    }
}
