//! The panels around the article: menu, document list, labels and
//! inspector, status bar, and the small modal windows.

use super::files::Purpose;
use super::{Cmd, MarginaliaApp};
use crate::model::Status;
use egui::{RichText, Ui, Vec2};
use std::path::PathBuf;

pub(super) fn menu_bar_ui(app: &mut MarginaliaApp, ui: &mut Ui) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("Open…   Ctrl+O").clicked() {
                    app.push(Cmd::OpenDialog);
                }
                let has = app.session.project.is_some();
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
                if ui
                    .add_enabled(has, egui::Button::new("Import files…"))
                    .clicked()
                {
                    app.push(Cmd::ImportDialog(Purpose::ImportFiles));
                }
                if ui
                    .add_enabled(has, egui::Button::new("Import folder…"))
                    .clicked()
                {
                    app.push(Cmd::ImportDialog(Purpose::ImportFolder));
                }
                if ui.add_enabled(has, egui::Button::new("Export…")).clicked() {
                    app.export.open = true;
                }
                ui.separator();
                if ui
                    .add_enabled(has, egui::Button::new("Compare with a colleague's file…"))
                    .clicked()
                {
                    app.push(Cmd::CompareDialog);
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    app.push(Cmd::Quit);
                }
            });
            ui.menu_button("Edit", |ui| {
                if ui.button("Find…   Ctrl+F").clicked() {
                    app.find.open = true;
                    app.find.focus = true;
                }
                if ui
                    .add_enabled(
                        app.session.project.is_some(),
                        egui::Button::new("Label set…"),
                    )
                    .clicked()
                {
                    app.label_editor_open = true;
                }
                if ui.button("Preferences…").clicked() {
                    app.prefs.open();
                }
                ui.separator();
                if ui
                    .add_enabled(
                        app.session.history.can_undo(),
                        egui::Button::new("Undo   Ctrl+Z"),
                    )
                    .clicked()
                {
                    app.push(Cmd::Undo);
                }
                if ui
                    .add_enabled(
                        app.session.history.can_redo(),
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
            if let Some(p) = &app.session.project {
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
                        .hint_text(match prompt.purpose {
                            Purpose::Open | Purpose::SaveAs => "/path/to/project.ron",
                            Purpose::Compare => "/path/to/colleague.ron",
                            Purpose::ExportFile => "/path/to/export.jsonl",
                            Purpose::ExportFolder | Purpose::ImportFolder => "/path/to/folder",
                            Purpose::ImportFiles => "/path/to/page.html",
                        }),
                )
                .labelled_by(label.id);
            // Typing goes straight into the field when the prompt opens.
            if !ui.memory(|m| m.has_focus(r.id)) && ui.memory(|m| m.focused().is_none()) {
                r.request_focus();
            }
            let enter = super::submitted(ui, &r);
            ui.horizontal(|ui| {
                let ok = match prompt.purpose {
                    Purpose::Open => "Open",
                    Purpose::Compare => "Compare",
                    Purpose::SaveAs | Purpose::ExportFile | Purpose::ExportFolder => "Save",
                    Purpose::ImportFiles | Purpose::ImportFolder => "Import",
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
        match (choice, purpose) {
            (Some(path), Purpose::Open) => app.push(Cmd::Open(path)),
            (Some(path), Purpose::Compare) => app.push(Cmd::Compare(path)),
            (Some(path), Purpose::SaveAs) => app.push(Cmd::SaveAs(path)),
            (Some(path), Purpose::ExportFile | Purpose::ExportFolder) => {
                app.export.destination = path.display().to_string();
            }
            (Some(path), Purpose::ImportFiles | Purpose::ImportFolder) => {
                app.push(Cmd::Import(vec![path]))
            }
            (None, _) => {}
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
            if super::danger_button(ui, "Discard").clicked() {
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
            match app.session.path.clone() {
                Some(p) => super::saver::start_save(app, p, true, true),
                None => app.push(Cmd::SaveAsDialog),
            }
        }
        Some(1) => {
            app.confirm_close = false;
            super::saver::discard(app);
            app.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        Some(2) => app.confirm_close = false,
        _ => {}
    }
}
