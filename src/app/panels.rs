//! The panels around the article: menu, document list, labels and
//! inspector, status bar, and the small modal windows.

use super::article::{label_color, span_excerpt};
use super::files::Purpose;
use super::{Cmd, MarginaliaApp};
use crate::model::Status;
use egui::{Color32, RichText, Sense, Ui, Vec2};
use std::path::PathBuf;

fn status_icon(s: Status) -> &'static str {
    match s {
        Status::Todo => "○",
        Status::InProgress => "◐",
        Status::Done => "●",
    }
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Todo => "To do",
        Status::InProgress => "In progress",
        Status::Done => "Done",
    }
}

pub(super) fn menu_bar_ui(app: &mut MarginaliaApp, ui: &mut Ui) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("Open…   Ctrl+O").clicked() {
                    app.push(Cmd::OpenDialog);
                }
                let has = app.project.is_some();
                if ui
                    .add_enabled(has, egui::Button::new("Save   Ctrl+S"))
                    .clicked()
                {
                    app.push(Cmd::Save);
                }
                if ui
                    .add_enabled(has, egui::Button::new("Save As…   Ctrl+Shift+S"))
                    .clicked()
                {
                    app.push(Cmd::SaveAsDialog);
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    app.push(Cmd::Quit);
                }
            });
            ui.menu_button("Edit", |ui| {
                if ui
                    .add_enabled(app.history.can_undo(), egui::Button::new("Undo   Ctrl+Z"))
                    .clicked()
                {
                    app.push(Cmd::Undo);
                }
                if ui
                    .add_enabled(
                        app.history.can_redo(),
                        egui::Button::new("Redo   Ctrl+Shift+Z"),
                    )
                    .clicked()
                {
                    app.push(Cmd::Redo);
                }
            });
        });
    });
}

pub(super) fn status_bar_ui(app: &mut MarginaliaApp, ui: &mut Ui) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some(p) = &app.project {
                let done = p
                    .documents
                    .iter()
                    .filter(|d| d.status == Status::Done)
                    .count();
                let total = p.documents.len();
                ui.label(format!("{done} of {total} done"));
                let frac = if total == 0 {
                    0.0
                } else {
                    done as f32 / total as f32
                };
                ui.add(egui::ProgressBar::new(frac).desired_width(120.0));
                ui.separator();
                ui.label(if app.is_dirty() {
                    "Unsaved changes"
                } else {
                    "Saved"
                });
                ui.separator();
            }
            if let Some(m) = app.messages.last() {
                let text = RichText::new(&m.text);
                ui.label(if m.error {
                    text.color(ui.visuals().error_fg_color)
                } else {
                    text
                });
            }
        });
    });
}

pub(super) fn documents_panel_ui(app: &mut MarginaliaApp, ui: &mut Ui) {
    let Some(project) = &app.project else { return };
    let mut cmds = Vec::new();
    egui::Panel::left("documents")
        .resizable(true)
        .default_size(240.0)
        .show(ui, |ui| {
            ui.heading("Documents");
            egui::ScrollArea::vertical()
                .id_salt("doclist")
                .show(ui, |ui| {
                    for (i, d) in project.documents.iter().enumerate() {
                        let text = format!("{} {}", status_icon(d.status), d.title);
                        let r = ui
                            .selectable_label(i == app.current, text)
                            .on_hover_text(format!(
                                "{} · {} spans · {}",
                                status_name(d.status),
                                d.spans.len(),
                                d.id
                            ));
                        if r.clicked() {
                            cmds.push(Cmd::SelectDocument(i));
                        }
                    }
                });
        });
    app.queue.extend(cmds);
}

pub(super) fn labels_panel_ui(app: &mut MarginaliaApp, ui: &mut Ui) {
    let Some(project) = &app.project else { return };
    let doc = project.documents.get(app.current);
    let mut cmds = Vec::new();
    let mut new_status = None;
    egui::Panel::right("labels")
        .resizable(true)
        .default_size(260.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().id_salt("side").show(ui, |ui| {
                ui.heading("Labels");
                ui.weak("key · label · in document / project");
                let totals = project.label_counts();
                egui::Grid::new("label_grid")
                    .num_columns(4)
                    .striped(true)
                    .show(ui, |ui| {
                        for (i, l) in project.labels.iter().enumerate() {
                            let key = if i < 9 {
                                format!("{}", i + 1)
                            } else {
                                String::new()
                            };
                            ui.monospace(key);
                            ui.horizontal(|ui| {
                                let (r, _) =
                                    ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
                                ui.painter()
                                    .rect_filled(r, 2.0, label_color(project, &l.name));
                                ui.label(&l.name).on_hover_text(&l.description);
                            });
                            let in_doc = doc.map_or(0, |d| {
                                d.spans.iter().filter(|s| s.label == l.name).count()
                            });
                            let total = totals
                                .iter()
                                .find(|(n, _)| *n == l.name)
                                .map_or(0, |(_, c)| *c);
                            ui.label(in_doc.to_string());
                            ui.weak(total.to_string());
                            ui.end_row();
                        }
                    });
                let Some(doc) = doc else { return };
                ui.separator();
                ui.horizontal(|ui| {
                    ui.label("Status");
                    for s in Status::ALL {
                        if ui
                            .selectable_label(doc.status == s, status_name(s))
                            .clicked()
                            && doc.status != s
                        {
                            new_status = Some(s);
                        }
                    }
                });
                ui.separator();
                if let Some(span) = app.selected_span.as_deref().and_then(|id| doc.span(id)) {
                    ui.heading("Selected span");
                    egui::Grid::new("span_grid").num_columns(2).show(ui, |ui| {
                        ui.label("Label");
                        ui.colored_label(label_color(project, &span.label), &span.label);
                        ui.end_row();
                        ui.label("Text");
                        ui.label(span_excerpt(doc, span, 200));
                        ui.end_row();
                        ui.label("Offsets");
                        ui.monospace(format!("{}..{}", span.start, span.end));
                        ui.end_row();
                        if !span.note.is_empty() {
                            ui.label("Note");
                            ui.label(&span.note);
                            ui.end_row();
                        }
                        for (k, v) in &span.attributes {
                            ui.label(k);
                            ui.label(v);
                            ui.end_row();
                        }
                        if !span.annotator.is_empty() {
                            ui.label("Annotator");
                            ui.label(&span.annotator);
                            ui.end_row();
                        }
                    });
                    ui.separator();
                }
                ui.heading("Who said what");
                if doc.relations.is_empty() {
                    ui.weak("No relations in this document.");
                }
                for r in &doc.relations {
                    let (Some(h), Some(c)) = (doc.span(&r.head), doc.span(&r.child)) else {
                        continue;
                    };
                    ui.scope(|ui| {
                        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                        if ui.link(span_excerpt(doc, h, 60)).clicked() {
                            cmds.push(Cmd::SelectSpan(Some(h.id.clone())));
                        }
                        ui.horizontal(|ui| {
                            ui.weak(format!("  —{}→", r.label));
                            if ui.link(span_excerpt(doc, c, 40)).clicked() {
                                cmds.push(Cmd::SelectSpan(Some(c.id.clone())));
                            }
                        });
                    });
                }
            });
        });
    app.queue.extend(cmds);
    if let Some(s) = new_status {
        app.set_status(s);
    }
}

pub(super) fn welcome_ui(app: &mut MarginaliaApp, ui: &mut Ui) {
    ui.vertical_centered(|ui| {
        ui.add_space(80.0);
        ui.heading("Marginalia");
        ui.label("Open a project file (.ron) to start annotating.");
        ui.add_space(12.0);
        if ui.button("Open project…").clicked() {
            app.push(Cmd::OpenDialog);
        }
        ui.add_space(8.0);
        ui.weak("Or from a terminal: marginalia new FILE.ron --name NAME");
    });
}

pub(super) fn prompt_ui(app: &mut MarginaliaApp, ctx: &egui::Context) {
    let Some(prompt) = &mut app.prompt else {
        return;
    };
    let mut done: Option<Option<PathBuf>> = None;
    egui::Window::new(prompt.purpose.title())
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(&prompt.hint);
            let label = ui.label("Path:");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut prompt.text)
                        .desired_width(420.0)
                        .hint_text("/path/to/project.ron"),
                )
                .labelled_by(label.id);
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                let ok = match prompt.purpose {
                    Purpose::Open => "Open",
                    Purpose::SaveAs => "Save",
                };
                if (ui.button(ok).clicked() || enter) && !prompt.text.trim().is_empty() {
                    done = Some(Some(PathBuf::from(prompt.text.trim())));
                }
                if ui.button("Cancel").clicked() {
                    done = Some(None);
                }
            });
        });
    if let Some(choice) = done {
        let purpose = prompt.purpose;
        app.prompt = None;
        if let Some(path) = choice {
            app.push(match purpose {
                Purpose::Open => Cmd::Open(path),
                Purpose::SaveAs => Cmd::SaveAs(path),
            });
        }
    }
}

pub(super) fn confirm_close_ui(app: &mut MarginaliaApp, ctx: &egui::Context) {
    if !app.confirm_close {
        return;
    }
    let mut choice = None;
    egui::Modal::new(egui::Id::unique("confirm_close")).show(ctx, |ui| {
        ui.heading("Unsaved changes");
        ui.label("Save your edits before closing?");
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                choice = Some(0);
            }
            if ui
                .button(RichText::new("Discard").color(Color32::from_rgb(0xc0, 0x39, 0x2b)))
                .clicked()
            {
                choice = Some(1);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(2);
            }
        });
    });
    match choice {
        Some(0) => {
            app.confirm_close = false;
            let saved = match app.path.clone() {
                Some(p) => app.save_to(&p),
                None => false,
            };
            if saved {
                app.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            } else if app.path.is_none() {
                app.push(Cmd::SaveAsDialog);
            }
        }
        Some(1) => {
            app.confirm_close = false;
            app.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        Some(2) => app.confirm_close = false,
        _ => {}
    }
}
