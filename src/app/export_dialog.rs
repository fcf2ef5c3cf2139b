//! The export dialog: format, filters, destination; the export runs on a
//! background thread and ends with a summary.

use super::files::Purpose;
use super::{Cmd, Session};
use crate::export::{self, Filter, Format, Summary};
use crate::model::{Project, Status};
use egui::Context;
use std::path::PathBuf;

/// The dialog's state.
pub struct ExportDialog {
    /// Whether it is shown.
    pub open: bool,
    /// Chosen format.
    pub format: Format,
    /// Only documents with this status.
    pub status: Option<Status>,
    /// Labels to leave out.
    pub excluded: Vec<String>,
    /// Only spans by this annotator (empty: all).
    pub annotator: String,
    /// Also write pending suggestions.
    pub include_suggestions: bool,
    /// Output file or folder.
    pub destination: String,
    /// Why the path must be typed, when no dialog is available.
    pub hint: String,
    /// A running export.
    running: Option<super::job::Job<Result<Summary, String>>>,
    /// The last export's result.
    pub last: Option<Result<Summary, String>>,
    /// Where the last export was written.
    pub written: String,
    /// The destination this dialog proposed (replaced when the format
    /// changes, unless the analyst typed another).
    proposed: String,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Jsonl,
            status: None,
            excluded: Vec::new(),
            annotator: String::new(),
            include_suggestions: false,
            destination: String::new(),
            hint: String::new(),
            running: None,
            last: None,
            written: String::new(),
            proposed: String::new(),
        }
    }
}

fn filter(d: &ExportDialog, project: &Project) -> Filter {
    let labels = if d.excluded.is_empty() {
        Vec::new()
    } else {
        project
            .labels
            .iter()
            .map(|l| l.name.clone())
            .filter(|n| !d.excluded.contains(n))
            .collect()
    };
    Filter {
        status: d.status,
        labels,
        annotator: (!d.annotator.trim().is_empty()).then(|| d.annotator.trim().to_owned()),
        include_suggestions: d.include_suggestions,
        doc_labels: Vec::new(),
        reviewed: false,
    }
}

/// A destination for the export: beside the project file, named after it
/// and the format (`desk.jsonl`, `desk-spacy.jsonl`, `desk-brat/`).
fn proposal(session: &Session, format: Format) -> String {
    let (dir, stem) = match &session.path {
        Some(p) => (
            p.parent().map(PathBuf::from).unwrap_or_default(),
            p.file_stem()
                .map_or_else(|| "export".into(), |s| s.to_string_lossy().into_owned()),
        ),
        None => (PathBuf::new(), "export".to_owned()),
    };
    let name = match format {
        Format::Jsonl => format!("{stem}.jsonl"),
        Format::Doccano => format!("{stem}-doccano.jsonl"),
        Format::Spacy => format!("{stem}-spacy.jsonl"),
        Format::Brat => format!("{stem}-brat"),
        Format::Conll => format!("{stem}.conll"),
        Format::Entities => format!("{stem}-entities.jsonl"),
    };
    dir.join(name).display().to_string()
}

/// Starts the export on a thread, from a snapshot of the project.
fn start(session: &Session, d: &mut ExportDialog) {
    let Some(project) = session.project.clone() else {
        return;
    };
    let path = PathBuf::from(d.destination.trim());
    let format = d.format;
    let filter = filter(d, &project);
    // The open project is never exported over.
    let guard = export::Guard {
        project: session.path.clone(),
        force: false,
    };
    // A panic in the exporter becomes an error message, not a dead window.
    let job = super::job::Job::spawn(
        move |_| {
            export::export_to_path(&project, format, &filter, &path, &guard)
                .map_err(|e| format!("{}: {e}", path.display()))
        },
        |_| Err("the exporter crashed; nothing was changed in the project".into()),
    );
    d.running = Some(job);
    d.last = None;
    d.written = d.destination.trim().to_owned();
}

/// The export dialog and its running export; notices and the file dialog
/// are commands.
pub(super) fn export_ui(
    ctx: &Context,
    session: &Session,
    export: &mut ExportDialog,
    out: &mut Vec<Cmd>,
) {
    if let Some(job) = &export.running {
        match job.poll() {
            super::job::Poll::Done(r) => {
                match &r {
                    Ok(s) => out.push(Cmd::Say(
                        format!("Exported to {}: {s}", export.written),
                        false,
                    )),
                    Err(e) => out.push(Cmd::Say(format!("Export failed: {e}"), true)),
                }
                export.last = Some(r);
                export.running = None;
            }
            super::job::Poll::Running => {
                ctx.request_repaint_after(std::time::Duration::from_millis(100))
            }
            super::job::Poll::Lost => {
                export.running = None;
                out.push(Cmd::Say(
                    "Export failed: the export thread stopped".into(),
                    true,
                ));
            }
        }
    }
    if !export.open {
        return;
    }
    let Some(project) = &session.project else {
        return;
    };
    let mut open = true;
    let mut go = false;
    let mut choose = None;
    let d = &mut *export;
    // Propose a file name, and follow the format while it is ours.
    if d.destination.trim().is_empty() || d.destination == d.proposed {
        d.proposed = proposal(session, d.format);
        d.destination = d.proposed.clone();
    }
    egui::Window::new("Export")
        .default_pos(ctx.content_rect().center() - egui::vec2(220.0, 160.0))
        .open(&mut open)
        .collapsible(false)
        .default_width(440.0)
        .show(ctx, |ui| {
            egui::Grid::new("export_grid")
                .num_columns(2)
                .show(ui, |ui| {
                    let fl = ui.label("Format");
                    egui::ComboBox::new("export_format", "")
                        .selected_text(d.format.name())
                        .show_ui(ui, |ui| {
                            for f in Format::ALL {
                                ui.selectable_value(&mut d.format, f, f.name());
                            }
                        })
                        .response
                        .labelled_by(fl.id);
                    ui.end_row();
                    let sl = ui.label("Documents");
                    egui::ComboBox::new("export_status", "")
                        .selected_text(d.status.map_or("all", |s| s.as_str()))
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut d.status, None, "all");
                            for s in Status::ALL {
                                ui.selectable_value(&mut d.status, Some(s), s.as_str());
                            }
                        })
                        .response
                        .labelled_by(sl.id);
                    ui.end_row();
                });
            ui.horizontal_wrapped(|ui| {
                ui.label("Labels");
                for l in &project.labels {
                    let mut on = !d.excluded.contains(&l.name);
                    if ui.checkbox(&mut on, &l.name).changed() {
                        if on {
                            d.excluded.retain(|n| *n != l.name);
                        } else {
                            d.excluded.push(l.name.clone());
                        }
                    }
                }
            });
            egui::Grid::new("export_grid2")
                .num_columns(2)
                .show(ui, |ui| {
                    let al = ui.label("Annotator");
                    ui.add(egui::TextEdit::singleline(&mut d.annotator).hint_text("everyone"))
                        .labelled_by(al.id);
                    ui.end_row();
                    ui.label("");
                    ui.checkbox(&mut d.include_suggestions, "Include pending suggestions");
                    ui.end_row();
                    let dl = ui.label(if d.format.is_folder() {
                        "Output folder"
                    } else {
                        "Output file"
                    });
                    ui.horizontal(|ui| {
                        let r = ui
                            .add(
                                egui::TextEdit::singleline(&mut d.destination).desired_width(240.0),
                            )
                            .labelled_by(dl.id);
                        // Enter in the path exports.
                        if super::submitted(ui, &r) && !d.destination.trim().is_empty() {
                            go = true;
                        }
                        if ui.button("Choose…").clicked() {
                            choose = Some(if d.format.is_folder() {
                                Purpose::ExportFolder
                            } else {
                                Purpose::ExportFile
                            });
                        }
                    });
                    ui.end_row();
                });
            if !d.hint.is_empty() {
                ui.weak(&d.hint);
            }
            if d.format == Format::Conll {
                ui.weak("CoNLL cannot hold overlapping spans: the export says how many it drops.");
            }
            ui.horizontal(|ui| {
                let busy = d.running.is_some();
                if ui
                    .add_enabled(
                        !busy && !d.destination.trim().is_empty(),
                        egui::Button::new("Export"),
                    )
                    .clicked()
                {
                    go = true;
                }
                if let Some(job) = &d.running {
                    ui.spinner();
                    ui.label(format!("Exporting… {:.1} s", job.elapsed().as_secs_f32()));
                }
            });
            match &d.last {
                Some(Ok(s)) => {
                    ui.label(format!("Wrote {}: {s}", d.written));
                }
                Some(Err(e)) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                None => {}
            }
        });
    export.open = open;
    if let Some(p) = choose {
        out.push(Cmd::ImportDialog(p));
    }
    if go && export.running.is_none() {
        start(session, export);
    }
}
