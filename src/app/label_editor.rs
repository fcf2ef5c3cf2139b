//! The label set editor: add, rename, recolor, reorder and delete labels,
//! each an undoable edit.

use super::Cmd;
use crate::edit::Edit;
use crate::model::{Color, Label, Project, palette_color};
use egui::Context;

/// Drafts being typed in the editor.
#[derive(Default)]
pub struct EditorState {
    /// Label being renamed, the new name, and whether the field has had focus.
    renaming: Option<(String, String, bool)>,
    /// Name of a new label.
    new_name: String,
    /// Label whose deletion awaits confirmation.
    confirm_delete: Option<String>,
    /// Why the last name typed was refused.
    error: Option<String>,
    /// Colour fields being typed in (label -> text), kept while invalid.
    hex: std::collections::BTreeMap<String, String>,
}

/// Why `name` cannot name a new label (or `old` renamed), or `None`.
fn name_problem(project: &crate::model::Project, name: &str, old: Option<&str>) -> Option<String> {
    if let Err(e) = crate::model::check_name("label", name) {
        return Some(e);
    }
    (Some(name) != old && project.label(name).is_some())
        .then(|| format!("a label named {name:?} exists already"))
}

/// The label set editor window, while `is_open`; every change is a command.
pub(super) fn label_editor_ui(
    ctx: &Context,
    project: Option<&Project>,
    is_open: &mut bool,
    st: &mut EditorState,
    cmds: &mut Vec<Cmd>,
) {
    if !*is_open {
        return;
    }
    let Some(project) = project else {
        return;
    };
    let mut open = true;
    egui::Window::new("Label set")
        .open(&mut open)
        .collapsible(false)
        .default_width(420.0)
        // Beside the label bar it is opened from, not over the document list.
        .default_pos(ctx.content_rect().right_top() + egui::vec2(-760.0, 60.0))
        .show(ctx, |ui| {
            ui.weak("Keys 1 to 9 follow this order.");
            let n = project.labels.len();
            egui::Grid::new("label_editor")
                .num_columns(5)
                .show(ui, |ui| {
                    for (i, l) in project.labels.iter().enumerate() {
                        ui.monospace(super::inspector::hotkey_text(i));
                        let mut rgb = [l.color.r, l.color.g, l.color.b];
                        let mut picked = None;
                        ui.horizontal(|ui| {
                            if ui.color_edit_button_srgb(&mut rgb).changed() {
                                picked = Some(Color::rgb(rgb[0], rgb[1], rgb[2]));
                                st.hex.remove(&l.name);
                            }
                            // The colour as #rrggbb, to type or paste.
                            let text = st
                                .hex
                                .entry(l.name.clone())
                                .or_insert_with(|| l.color.to_string());
                            let r = ui
                                .add(
                                    egui::TextEdit::singleline(text)
                                        .desired_width(64.0)
                                        .char_limit(7)
                                        .font(egui::TextStyle::Monospace),
                                )
                                .accessible_name(format!("Colour of {}", l.name));
                            let typed = text.trim().parse::<Color>();
                            if r.changed()
                                && let Ok(c) = typed
                                && c != l.color
                            {
                                picked = Some(c);
                            }
                            if typed.is_err() {
                                r.on_hover_text("A colour as #rrggbb");
                            } else if !r.has_focus() && typed.ok() != Some(l.color) {
                                // Changed elsewhere (picker, undo): show it.
                                *text = l.color.to_string();
                            }
                        });
                        if let Some(color) = picked {
                            cmds.push(Cmd::ApplyCoalescing(
                                Edit::ReplaceLabel {
                                    name: l.name.clone(),
                                    label: Label { color, ..l.clone() },
                                },
                                format!("color:{}", l.name),
                            ));
                        }
                        match &mut st.renaming {
                            Some((old, draft, focused)) if *old == l.name => {
                                let r = ui
                                    .add(egui::TextEdit::singleline(draft).desired_width(140.0))
                                    .on_hover_text("Enter renames, Esc keeps the name");
                                r.widget_info(|| {
                                    egui::WidgetInfo::labeled(
                                        egui::Role::TextInput,
                                        true,
                                        "New name",
                                    )
                                });
                                if !*focused {
                                    r.request_focus();
                                    *focused = true;
                                }
                                let enter = super::submitted(ui, &r);
                                let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
                                let new = draft.trim().to_owned();
                                let problem = (enter && !new.is_empty() && new != l.name)
                                    .then(|| name_problem(project, &new, Some(&l.name)))
                                    .flatten();
                                if let Some(p) = problem {
                                    // Refused: the draft stays for correcting.
                                    st.error = Some(p);
                                } else if enter || escape || r.lost_focus() {
                                    if enter && !new.is_empty() && new != l.name {
                                        cmds.push(Cmd::Apply(Edit::ReplaceLabel {
                                            name: l.name.clone(),
                                            label: Label {
                                                name: new,
                                                ..l.clone()
                                            },
                                        }));
                                    }
                                    st.renaming = None;
                                    st.error = None;
                                }
                            }
                            _ => {
                                if ui
                                    .button(&l.name)
                                    .on_hover_text("Click to rename")
                                    .clicked()
                                {
                                    st.renaming = Some((l.name.clone(), l.name.clone(), false));
                                }
                            }
                        }
                        ui.horizontal(|ui| {
                            if ui
                                .add_enabled(i > 0, egui::Button::new("↑").small())
                                .clicked()
                            {
                                cmds.push(Cmd::Apply(Edit::MoveLabel { from: i, to: i - 1 }));
                            }
                            if ui
                                .add_enabled(i + 1 < n, egui::Button::new("↓").small())
                                .clicked()
                            {
                                cmds.push(Cmd::Apply(Edit::MoveLabel { from: i, to: i + 1 }));
                            }
                        });
                        if st.confirm_delete.as_deref() == Some(l.name.as_str()) {
                            let removed = Edit::RemoveLabel {
                                name: l.name.clone(),
                            }
                            .spans_removed(project);
                            ui.horizontal(|ui| {
                                if ui
                                    .button(format!("Delete with its {removed} spans"))
                                    .clicked()
                                {
                                    cmds.push(Cmd::Apply(Edit::RemoveLabel {
                                        name: l.name.clone(),
                                    }));
                                    st.confirm_delete = None;
                                }
                                if ui.button("Keep").clicked() {
                                    st.confirm_delete = None;
                                }
                            });
                        } else if ui
                            .small_button("Delete…")
                            .on_hover_text(format!("Delete label {}", l.name))
                            .clicked()
                        {
                            st.confirm_delete = Some(l.name.clone());
                        }
                        ui.end_row();
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                let nl = ui.label("New label");
                let r = ui
                    .add(egui::TextEdit::singleline(&mut st.new_name).desired_width(160.0))
                    .labelled_by(nl.id);
                let enter = super::submitted(ui, &r);
                let name = st.new_name.trim().to_owned();
                let problem = (!name.is_empty())
                    .then(|| name_problem(project, &name, None))
                    .flatten();
                let ok = !name.is_empty() && problem.is_none();
                let add = ui.add_enabled(ok, egui::Button::new("Add")).clicked();
                if (add || enter) && ok {
                    cmds.push(Cmd::Apply(Edit::AddLabel {
                        index: n,
                        label: Label::new(name, palette_color(n), ""),
                    }));
                    st.new_name.clear();
                    st.error = None;
                } else if let Some(p) = problem
                    && st.new_name.trim().chars().any(char::is_control)
                {
                    st.error = Some(p);
                }
            });
            if let Some(e) = &st.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
        });
    *is_open = open;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CreationInfo, Project};

    #[test]
    fn names_with_control_characters_are_refused_with_a_message() {
        let p = Project::new("p", CreationInfo::now("t"));
        for bad in ["bell\u{7}", "two\nlines", "nul\0"] {
            let e = name_problem(&p, bad, None).expect("refused");
            assert!(e.contains("control character"), "{e}");
            assert!(name_problem(&p, bad, Some("claim")).is_some());
        }
        assert!(name_problem(&p, "claim", None).is_some(), "exists");
        assert!(name_problem(&p, "claim", Some("claim")).is_none());
        assert!(name_problem(&p, "threat", Some("claim")).is_none());
    }
}
