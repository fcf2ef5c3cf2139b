//! The preferences window: the analyst's name, recorded on every new span,
//! and the keyboard shortcuts (rebinding with conflict detection).

use super::Cmd;
use super::actions::{Action, Context, Keymap};
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
    /// The keymap being edited, when the window is open.
    keys: Option<Keymap>,
    /// The action waiting for its new shortcut (the next key pressed).
    capturing: Option<Action>,
    /// Why the last key pressed was not taken.
    key_problem: String,
    /// Shows only the actions whose title contains this.
    key_filter: String,
}

impl PrefsState {
    /// Loads preferences from `path`.
    pub fn load(path: PathBuf) -> Self {
        Self {
            saved: Preferences::load(&path),
            path,
            editing: None,
            focus: false,
            keys: None,
            capturing: None,
            key_problem: String::new(),
            key_filter: String::new(),
        }
    }

    /// Opens the window on the saved preferences and the keymap in force.
    pub fn open_with(&mut self, keymap: &Keymap) {
        self.editing = Some(self.saved.clone());
        self.keys = Some(keymap.clone());
        self.capturing = None;
        self.key_problem.clear();
        self.focus = true;
    }

    /// Closes the window, keeping nothing of what was edited.
    pub fn close(&mut self) {
        self.editing = None;
        self.keys = None;
        self.capturing = None;
    }

    /// Remembers the panels' layout in the preferences file (only the
    /// layout: a draft open in the window is not saved with it).
    pub fn save_layout(&mut self, layout: &crate::user::Layout) -> Result<(), String> {
        let mut saved = self.saved.clone();
        saved.layout = layout.clone();
        // Whatever happens, do not try again every frame.
        self.saved.layout = layout.clone();
        saved.save(&self.path).map_err(|e| {
            format!(
                "Could not save the panel layout to {}: {e}",
                self.path.display()
            )
        })?;
        self.saved = saved;
        Ok(())
    }

    /// Whether the window waits for a key to bind (shortcuts must not fire).
    pub fn capturing(&self) -> bool {
        self.capturing.is_some()
    }
}

/// The key pressed this frame, with its modifiers (none for a bare modifier).
fn key_pressed(ctx: &egui::Context) -> Option<egui::KeyboardShortcut> {
    ctx.input(|i| {
        i.events.iter().find_map(|e| match e {
            egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => Some(egui::KeyboardShortcut::new(*modifiers, *key)),
            _ => None,
        })
    })
}

/// The shortcuts section: each action with its keys, Change… and Reset.
fn keys_ui(state: &mut PrefsState, ui: &mut egui::Ui) {
    let ctx = ui.ctx().clone();
    if let (Some(action), Some(keys)) = (state.capturing, &mut state.keys)
        && let Some(k) = key_pressed(&ctx)
    {
        state.capturing = None;
        if k.logical_key == egui::Key::Escape && k.modifiers.is_none() {
            state.key_problem.clear();
        } else if let Some(other) = keys.taken_by(&k, action) {
            state.key_problem = format!(
                "{} is already {:?}: change that one first.",
                super::actions::display(&ctx, &k),
                other.title()
            );
        } else {
            keys.set(action, vec![k]);
            state.key_problem.clear();
        }
    }
    let Some(keys) = &mut state.keys else { return };
    let label = ui.label("Filter shortcuts:");
    ui.add(egui::TextEdit::singleline(&mut state.key_filter).desired_width(240.0))
        .labelled_by(label.id);
    let filter = state.key_filter.to_lowercase();
    if !state.key_problem.is_empty() {
        ui.colored_label(ui.visuals().error_fg_color, &state.key_problem);
    }
    // A fixed height: the window does not jump while the filter narrows the list.
    egui::ScrollArea::vertical()
        .max_height(260.0)
        .min_scrolled_height(260.0)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("keymap").striped(true).show(ui, |ui| {
                let shown = Action::ALL.into_iter().filter(|a| {
                    a.context() != Context::Find && a.title().to_lowercase().contains(&filter)
                });
                for a in shown {
                    ui.label(a.title()).on_hover_text(a.description());
                    let shown = if state.capturing == Some(a) {
                        "press a key… (Esc: keep)".to_owned()
                    } else {
                        keys.keys(a)
                            .iter()
                            .map(|k| super::actions::display(&ctx, k))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    ui.monospace(shown);
                    let change = ui.add(egui::Button::new("Change…").small());
                    let name = format!("Change shortcut: {}", a.title());
                    change
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                    if ui
                        .small_button("Reset")
                        .on_hover_text("Back to the default")
                        .clicked()
                    {
                        keys.set(a, a.default_keys());
                    }
                    if change.clicked() {
                        state.capturing = Some(a);
                        state.key_problem.clear();
                    }
                    ui.end_row();
                }
            });
        });
}

/// The preferences window.
/// The preferences window; a save is written here and taken into use by
/// the window through [`Cmd::PrefsSaved`].
pub(super) fn prefs_ui(ctx: &egui::Context, prefs: &mut PrefsState, out: &mut Vec<Cmd>) {
    let focus = std::mem::take(&mut prefs.focus);
    let Some(mut editing) = prefs.editing.take() else {
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
            ui.separator();
            ui.horizontal(|ui| {
                let label = ui.label("Article lines wrap at about");
                ui.add(egui::DragValue::new(&mut editing.layout.line_chars).range(0..=400))
                    .labelled_by(label.id);
                ui.label("characters (0: the whole width)");
            });
            ui.separator();
            ui.strong("Keyboard shortcuts");
            keys_ui(prefs, ui);
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
            // The panels may have moved while the window was open.
            let line_chars = editing.layout.line_chars;
            editing.layout = prefs.saved.layout.clone();
            editing.layout.line_chars = line_chars;
            if let Some(keys) = prefs.keys.take() {
                editing.keys = keys.custom();
            }
            prefs.capturing = None;
            match editing.save(&prefs.path) {
                Ok(()) => {
                    prefs.saved = editing;
                    out.push(Cmd::PrefsSaved);
                }
                Err(e) => {
                    out.push(Cmd::Say(
                        format!(
                            "Could not save preferences to {}: {e}",
                            prefs.path.display()
                        ),
                        true,
                    ));
                    prefs.editing = Some(editing);
                }
            }
        }
        Some(false) => prefs.close(),
        None => prefs.editing = Some(editing),
    }
}
