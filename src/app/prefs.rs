//! The preferences window: the analyst's name, recorded on every new span.

use super::MarginaliaApp;
use crate::user::Preferences;
use std::path::PathBuf;

/// Preferences and the window editing them.
pub struct PrefsState {
    /// Where they are kept.
    pub path: PathBuf,
    /// As last saved.
    pub saved: Preferences,
    /// Being edited, when the window is open.
    pub editing: Option<Preferences>,
    /// The name field takes the keyboard when the window opens.
    focus: bool,
}

impl PrefsState {
    /// Loads preferences from `path`.
    pub fn load(path: PathBuf) -> Self {
        Self {
            saved: Preferences::load(&path),
            path,
            editing: None,
            focus: false,
        }
    }

    /// Opens the window on the saved preferences.
    pub fn open(&mut self) {
        self.editing = Some(self.saved.clone());
        self.focus = true;
    }
}

/// The preferences window.
pub(super) fn prefs_ui(app: &mut MarginaliaApp, ctx: &egui::Context) {
    let focus = std::mem::take(&mut app.prefs.focus);
    let Some(editing) = &mut app.prefs.editing else {
        return;
    };
    let mut done: Option<bool> = None;
    egui::Window::new("Preferences")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            let label = ui.label("Your name (recorded on every span you make):");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut editing.annotator)
                        .hint_text(crate::user::default_annotator())
                        .desired_width(320.0),
                )
                .labelled_by(label.id);
            if focus {
                r.request_focus();
            }
            if super::submitted(ui, &r) {
                done = Some(true);
            }
            ui.weak("Colleagues see it in merged projects, agreement reports and exports.");
            ui.horizontal(|ui| {
                if ui.button("Save preferences").clicked() {
                    done = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    done = Some(false);
                }
            });
        });
    match done {
        Some(true) => {
            if let Some(p) = app.prefs.editing.take() {
                match p.save(&app.prefs.path) {
                    Ok(()) => {
                        app.session.annotator = p.annotator();
                        app.prefs.saved = p;
                        app.info(format!(
                            "New spans are recorded as made by {}.",
                            app.session.annotator
                        ));
                    }
                    Err(e) => app.error(format!(
                        "Could not save preferences to {}: {e}",
                        app.prefs.path.display()
                    )),
                }
            }
        }
        Some(false) => app.prefs.editing = None,
        None => {}
    }
}
