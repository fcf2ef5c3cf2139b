//! The panels around the article: menu, document list, labels and
//! inspector, status bar, and the small modal windows.

use super::actions::Action;
use super::actions::Keymap;
use super::files::PathPrompt;
use super::files::Purpose;
use super::{Cmd, Message, Session};
use crate::model::Status;
use egui::{RichText, Ui, Vec2};
use std::path::PathBuf;

/// A menu entry for `action`: title, shortcut and hover text from the registry.
fn action_button(keymap: &Keymap, out: &mut Vec<Cmd>, ui: &mut Ui, action: Action, enabled: bool) {
    let keys = keymap.label(ui.ctx(), action);
    let mut button = egui::Button::new(action.title());
    if !keys.is_empty() {
        button = button.shortcut_text(keys);
    }
    if ui
        .add_enabled(enabled, button)
        .on_hover_text(action.description())
        .clicked()
        && let Some(cmd) = action.cmd()
    {
        out.push(cmd);
    }
}

/// The menu bar: every entry an action of the registry.
pub(super) fn menu_bar_ui(ui: &mut Ui, session: &Session, keymap: &Keymap, out: &mut Vec<Cmd>) {
    let mut action_button =
        |ui: &mut Ui, action, enabled| action_button(keymap, out, ui, action, enabled);
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            let has = session.project.is_some();
            ui.menu_button("File", |ui| {
                action_button(ui, Action::Open, true);
                action_button(ui, Action::Save, has);
                action_button(ui, Action::SaveAs, has);
                ui.separator();
                action_button(ui, Action::ImportFiles, has);
                action_button(ui, Action::ImportFolder, has);
                action_button(ui, Action::Export, has);
                ui.separator();
                action_button(ui, Action::Compare, has);
                ui.separator();
                action_button(ui, Action::Quit, true);
            });
            ui.menu_button("Edit", |ui| {
                action_button(ui, Action::Find, has);
                action_button(ui, Action::LabelSet, has);
                action_button(ui, Action::DocLabelSets, has);
                action_button(ui, Action::Registry, has);
                action_button(ui, Action::Preferences, true);
                ui.separator();
                let (undo, redo) = (session.history.can_undo(), session.history.can_redo());
                action_button(ui, Action::Undo, undo);
                action_button(ui, Action::Redo, redo);
            });
            ui.menu_button("View", |ui| {
                action_button(ui, Action::Desk, has);
                action_button(ui, Action::ToggleDocuments, has);
                action_button(ui, Action::ToggleSidePanel, has);
            });
            ui.menu_button("Help", |ui| {
                action_button(ui, Action::Palette, true);
                action_button(ui, Action::Help, true);
            });
        });
    });
}

/// The status bar: progress, saved or not, and the message of the moment.
pub(super) fn status_bar_ui(
    ui: &mut Ui,
    session: &Session,
    messages: &mut [Message],
    log_open: &mut bool,
) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some(p) = &session.project {
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
                ui.label(if session.is_dirty() {
                    "Unsaved changes"
                } else {
                    "Saved"
                });
                ui.separator();
            }
            let now = (session.current, session.revision);
            messages_ui(messages, now, log_open, ui);
        });
    });
}

/// How long a notice shows in the status bar, the last second fading.
const NOTICE_SECS: f32 = 8.0;

/// The status bar's message: the newest error not dismissed (with a
/// Dismiss button), else the newest notice while it fades and while it still
/// describes what is shown (`now`: the shown document and revision); and the
/// log button.
fn messages_ui(messages: &mut [Message], now: (usize, u64), log_open: &mut bool, ui: &mut Ui) {
    if ui
        .small_button(format!("Messages ({})", messages.len()))
        .on_hover_text("Everything said in this session, with the time")
        .clicked()
    {
        *log_open = !*log_open;
    }
    let error = messages.iter().rposition(|m| m.error && !m.dismissed);
    if let Some(i) = error {
        let errors = messages.iter().filter(|m| m.error && !m.dismissed).count();
        if ui.small_button("Dismiss").clicked() {
            messages[i].dismissed = true;
        }
        let more = if errors > 1 {
            format!("  (+{} more)", errors - 1)
        } else {
            String::new()
        };
        let text = format!("{}{more}", messages[i].text);
        let color = ui.visuals().error_fg_color;
        ui.label(super::text_layout::colored_line(ui, &text, color));
        return;
    }
    let Some(m) = messages
        .last()
        .filter(|m| !m.error && m.about.is_none_or(|a| a == now))
    else {
        return;
    };
    let age = m.since.elapsed().as_secs_f32();
    if age < NOTICE_SECS {
        let alpha = (NOTICE_SECS - age).clamp(0.0, 1.0);
        let color = ui.visuals().text_color().gamma_multiply(alpha);
        ui.label(super::text_layout::colored_line(ui, &m.text, color));
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }
}

/// The message log: every message of the session with its time, newest first.
pub(super) fn message_log_ui(ctx: &egui::Context, messages: &[Message], log_open: &mut bool) {
    if !*log_open {
        return;
    }
    let mut open = true;
    egui::Window::new("Messages")
        .open(&mut open)
        .default_width(560.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(400.0)
                .show(ui, |ui| {
                    for m in messages.iter().rev() {
                        ui.horizontal_wrapped(|ui| {
                            ui.monospace(m.at.format("%H:%M:%S").to_string());
                            let text = RichText::new(&m.text);
                            ui.label(if m.error {
                                text.color(ui.visuals().error_fg_color)
                            } else {
                                text
                            });
                        });
                    }
                    if messages.is_empty() {
                        ui.weak("Nothing yet.");
                    }
                });
        });
    *log_open = open;
}

pub(super) fn welcome_ui(ui: &mut Ui, out: &mut Vec<Cmd>) {
    ui.vertical_centered(|ui| {
        ui.add_space(80.0);
        ui.heading("Marginalia");
        ui.label("Open a project file (.ron) to start annotating.");
        ui.add_space(12.0);
        if ui.button("Open project…").clicked() {
            out.push(Cmd::OpenDialog);
        }
        ui.add_space(8.0);
        ui.weak("Or from a terminal: marginalia new FILE.ron --name NAME");
    });
}

/// Asks for a path where no file dialog is available.
pub(super) fn prompt_ui(
    ctx: &egui::Context,
    prompt_state: &mut Option<PathPrompt>,
    out: &mut Vec<Cmd>,
) {
    let Some(prompt) = prompt_state else {
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
        *prompt_state = None;
        match (choice, purpose) {
            (Some(path), Purpose::Open) => out.push(Cmd::Open(path)),
            (Some(path), Purpose::Compare) => out.push(Cmd::Compare(path)),
            (Some(path), Purpose::SaveAs) => out.push(Cmd::SaveAs(path)),
            (Some(path), Purpose::ExportFile | Purpose::ExportFolder) => {
                out.push(Cmd::ExportTo(path));
            }
            (Some(path), Purpose::ImportFiles | Purpose::ImportFolder) => {
                out.push(Cmd::Import(vec![path]))
            }
            (None, _) => {}
        }
    }
}

/// Closing with unsaved edits: save, discard or cancel.
pub(super) fn confirm_close_ui(ctx: &egui::Context, open: &mut bool, out: &mut Vec<Cmd>) {
    if !*open {
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
            *open = false;
            out.push(Cmd::SaveAndClose);
        }
        Some(1) => {
            *open = false;
            out.push(Cmd::DiscardAndClose);
        }
        Some(2) => *open = false,
        _ => {}
    }
}
