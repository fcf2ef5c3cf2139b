//! Document labels in the window: the sets as toggle buttons beside the
//! article (keys Shift+1 to 9), and the set editor. Every change is a
//! command; the edits come from [`crate::doc_labels`].

use super::Cmd;
use super::actions::{Action, Keymap};
use crate::doc_labels::{documents_with, replace_sets, toggle};
use crate::model::{Color, DocLabelSet, Label, Project, palette_color};
use crate::session::Session;
use egui::{Color32, Context, RichText, Ui};

fn color32(c: Color) -> Color32 {
    Color32::from_rgb(c.r, c.g, c.b)
}

/// The shown document's labels, one row of toggle buttons per set.
pub(super) fn doc_labels_ui(session: &Session, keymap: &Keymap, ui: &mut Ui, out: &mut Vec<Cmd>) {
    let (Some(project), Some(doc)) = (&session.project, session.document()) else {
        return;
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new("Document labels").strong());
        if ui
            .small_button("Edit sets…")
            .on_hover_text(Action::DocLabelSets.description())
            .clicked()
        {
            out.push(Cmd::Show(super::Dialog::DocLabelSets));
        }
    });
    if project.doc_label_sets.is_empty() {
        ui.weak("None yet: judge whole articles (topic, stance) with sets of your own.");
        return;
    }
    let mut n = 0usize;
    for set in &project.doc_label_sets {
        let chosen = doc.doc_labels.get(&set.name);
        ui.horizontal_wrapped(|ui| {
            let name = ui.label(format!("{}:", set.name));
            if !set.description.is_empty() {
                name.on_hover_text(&set.description);
            }
            for c in &set.choices {
                let on = chosen.is_some_and(|v| v.contains(&c.name));
                let text = RichText::new(&c.name).color(if on {
                    Color32::WHITE
                } else {
                    color32(c.color)
                });
                let button = egui::Button::selectable(on, text).fill(if on {
                    color32(c.color)
                } else {
                    Color32::TRANSPARENT
                });
                let key = if n < 9 {
                    format!(" ({})", keymap.label(ui.ctx(), Action::DocChoice(n as u8)))
                } else {
                    String::new()
                };
                let mut hover = format!("{}{key}", c.name);
                if !c.description.is_empty() {
                    hover = format!("{hover}: {}", c.description);
                }
                if ui.add(button).on_hover_text(hover).clicked()
                    && let Some(e) = toggle(project, &doc.id, &set.name, &c.name)
                {
                    out.push(Cmd::Apply(e));
                }
                n += 1;
            }
        });
        // A merge found colleagues chose otherwise: settle it here.
        for alt in doc.disputed.get(&set.name).into_iter().flatten() {
            ui.horizontal_wrapped(|ui| {
                let shown = if alt.is_empty() {
                    "nothing".to_owned()
                } else {
                    alt.join(", ")
                };
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("A colleague chose {shown}"),
                );
                let settled = crate::edit::Edit::SetDisputed {
                    doc: doc.id.clone(),
                    set: set.name.clone(),
                    alternatives: Vec::new(),
                };
                if ui.small_button(format!("Take {shown}")).clicked() {
                    out.push(Cmd::Apply(crate::edit::Edit::Batch(vec![
                        crate::edit::Edit::SetDocLabels {
                            doc: doc.id.clone(),
                            set: set.name.clone(),
                            choices: alt.clone(),
                        },
                        settled.clone(),
                    ])));
                }
                if ui.small_button("Keep mine").clicked() {
                    out.push(Cmd::Apply(settled));
                }
            });
        }
    }
}

/// The set editor's drafts.
#[derive(Default)]
pub(super) struct SetsState {
    /// Name of a new set.
    new_set: String,
    /// Name of a new choice, per set.
    new_choice: std::collections::BTreeMap<String, String>,
    /// A set or choice being renamed: (set, choice or none, draft).
    renaming: Option<(String, Option<String>, String)>,
    /// Why the last change was refused.
    error: Option<String>,
}

/// Why `name` cannot name a new set (or choice of `set`).
fn problem(project: &Project, set: Option<&DocLabelSet>, name: &str) -> Option<String> {
    let what = if set.is_some() { "choice" } else { "set" };
    if let Err(e) = crate::model::check_name(what, name) {
        return Some(e);
    }
    if set.is_none() && name.contains(':') {
        return Some("a set name may not contain ':' (exports write set:choice)".into());
    }
    let taken = match set {
        Some(s) => s.choice(name).is_some(),
        None => project.doc_label_set(name).is_some(),
    };
    taken.then(|| format!("a {what} named {name:?} exists already"))
}

/// The document label set editor window, while `is_open`.
pub(super) fn doc_sets_ui(
    ctx: &Context,
    project: Option<&Project>,
    is_open: &mut bool,
    st: &mut SetsState,
    cmds: &mut Vec<Cmd>,
) {
    let Some(project) = project.filter(|_| *is_open) else {
        return;
    };
    let mut open = true;
    let same = |s: &str, c: &str| Some((s.to_owned(), c.to_owned()));
    egui::Window::new("Document label sets")
        .open(&mut open)
        .collapsible(false)
        .default_width(460.0)
        .show(ctx, |ui| {
            ui.weak("Shift+1 to 9 toggle the choices, counted through the sets in this order.");
            let sets = &project.doc_label_sets;
            for (i, set) in sets.iter().enumerate() {
                ui.separator();
                ui.horizontal(|ui| {
                    rename_ui(ui, project, st, cmds, set, None);
                    let mut multiple = set.multiple;
                    if ui
                        .checkbox(&mut multiple, "several")
                        .on_hover_text("A document may have several choices of this set")
                        .changed()
                    {
                        let mut next = sets.clone();
                        next[i].multiple = multiple;
                        cmds.push(Cmd::Apply(replace_sets(project, next, same)));
                    }
                    if ui
                        .add_enabled(i > 0, egui::Button::new("↑").small())
                        .clicked()
                    {
                        let mut next = sets.clone();
                        next.swap(i, i - 1);
                        cmds.push(Cmd::Apply(replace_sets(project, next, same)));
                    }
                    if ui
                        .add_enabled(i + 1 < sets.len(), egui::Button::new("↓").small())
                        .clicked()
                    {
                        let mut next = sets.clone();
                        next.swap(i, i + 1);
                        cmds.push(Cmd::Apply(replace_sets(project, next, same)));
                    }
                    // Counted when hovered, not every frame.
                    if ui
                        .small_button("Delete set")
                        .on_hover_ui(|ui| {
                            let n = documents_with(project, &set.name, None);
                            ui.label(format!(
                                "Removes the set and its choices from {n} document(s); undoable"
                            ));
                        })
                        .clicked()
                    {
                        let mut next = sets.clone();
                        next.remove(i);
                        let gone = set.name.clone();
                        cmds.push(Cmd::Apply(replace_sets(project, next, move |s, c| {
                            (s != gone).then(|| (s.to_owned(), c.to_owned()))
                        })));
                    }
                });
                let mut description = set.description.clone();
                if ui
                    .add(
                        egui::TextEdit::singleline(&mut description)
                            .hint_text("guidance for this set")
                            .desired_width(f32::INFINITY),
                    )
                    .changed()
                {
                    let mut next = sets.clone();
                    next[i].description = description;
                    cmds.push(Cmd::ApplyCoalescing(
                        replace_sets(project, next, same),
                        format!("set-description:{}", set.name),
                    ));
                }
                for (k, c) in set.choices.iter().enumerate() {
                    ui.horizontal(|ui| {
                        ui.add_space(16.0);
                        let mut rgb = [c.color.r, c.color.g, c.color.b];
                        if ui.color_edit_button_srgb(&mut rgb).changed() {
                            let mut next = sets.clone();
                            next[i].choices[k].color = Color::rgb(rgb[0], rgb[1], rgb[2]);
                            cmds.push(Cmd::ApplyCoalescing(
                                replace_sets(project, next, same),
                                format!("choice-color:{}:{}", set.name, c.name),
                            ));
                        }
                        rename_ui(ui, project, st, cmds, set, Some(&c.name));
                        if ui
                            .add_enabled(k > 0, egui::Button::new("↑").small())
                            .clicked()
                        {
                            let mut next = sets.clone();
                            next[i].choices.swap(k, k - 1);
                            cmds.push(Cmd::Apply(replace_sets(project, next, same)));
                        }
                        if ui
                            .small_button("Delete")
                            .on_hover_ui(|ui| {
                                let n = documents_with(project, &set.name, Some(&c.name));
                                ui.label(format!("{n} document(s) lose this choice; undoable"));
                            })
                            .clicked()
                        {
                            let mut next = sets.clone();
                            next[i].choices.remove(k);
                            let (gs, gc) = (set.name.clone(), c.name.clone());
                            cmds.push(Cmd::Apply(replace_sets(project, next, move |s, x| {
                                (!(s == gs && x == gc)).then(|| (s.to_owned(), x.to_owned()))
                            })));
                        }
                    });
                }
                ui.horizontal(|ui| {
                    ui.add_space(16.0);
                    let draft = st.new_choice.entry(set.name.clone()).or_default();
                    let r = ui.add(
                        egui::TextEdit::singleline(draft)
                            .hint_text("new choice")
                            .desired_width(140.0),
                    );
                    let add = ui.button("Add choice").clicked() || super::submitted(ui, &r);
                    let name = draft.trim().to_owned();
                    if add && !name.is_empty() {
                        match problem(project, Some(set), &name) {
                            Some(p) => st.error = Some(p),
                            None => {
                                let mut next = sets.clone();
                                let n = next[i].choices.len();
                                next[i].choices.push(Label::new(name, palette_color(n), ""));
                                cmds.push(Cmd::Apply(replace_sets(project, next, same)));
                                st.new_choice.remove(&set.name);
                                st.error = None;
                            }
                        }
                    }
                });
            }
            ui.separator();
            ui.horizontal(|ui| {
                let r = ui.add(
                    egui::TextEdit::singleline(&mut st.new_set)
                        .hint_text("new set, e.g. topic")
                        .desired_width(160.0),
                );
                let add = ui.button("Add set").clicked() || super::submitted(ui, &r);
                let name = st.new_set.trim().to_owned();
                if add && !name.is_empty() {
                    match problem(project, None, &name) {
                        Some(p) => st.error = Some(p),
                        None => {
                            let mut next = sets.clone();
                            next.push(DocLabelSet::new(name, false, &[]));
                            cmds.push(Cmd::Apply(replace_sets(project, next, same)));
                            st.new_set.clear();
                            st.error = None;
                        }
                    }
                }
            });
            if let Some(e) = &st.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
        });
    if !open {
        *is_open = false;
        st.renaming = None;
    }
}

/// A set's or a choice's name: a button that turns into a field to rename
/// it (Enter renames, Esc keeps it).
fn rename_ui(
    ui: &mut Ui,
    project: &Project,
    st: &mut SetsState,
    cmds: &mut Vec<Cmd>,
    set: &DocLabelSet,
    choice: Option<&str>,
) {
    let current = choice.unwrap_or(&set.name);
    let this = (set.name.clone(), choice.map(str::to_owned));
    match &mut st.renaming {
        Some((s, c, draft)) if (s.clone(), c.clone()) == this => {
            let r = ui.add(egui::TextEdit::singleline(draft).desired_width(140.0));
            r.request_focus();
            let enter = super::submitted(ui, &r);
            let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
            let new = draft.trim().to_owned();
            if enter && !new.is_empty() && new != current {
                let refused = problem(project, choice.map(|_| set), &new);
                if let Some(p) = refused {
                    st.error = Some(p);
                    return;
                }
                let mut next = project.doc_label_sets.clone();
                let Some(i) = next.iter().position(|s| s.name == set.name) else {
                    return;
                };
                let (old_set, old_choice) = (set.name.clone(), choice.map(str::to_owned));
                match &old_choice {
                    Some(c) => {
                        if let Some(x) = next[i].choices.iter_mut().find(|x| x.name == *c) {
                            x.name = new.clone();
                        }
                    }
                    None => next[i].name = new.clone(),
                }
                cmds.push(Cmd::Apply(replace_sets(project, next, move |s, c| {
                    if s != old_set {
                        return Some((s.to_owned(), c.to_owned()));
                    }
                    Some(match &old_choice {
                        Some(oc) if oc == c => (s.to_owned(), new.clone()),
                        Some(_) => (s.to_owned(), c.to_owned()),
                        None => (new.clone(), c.to_owned()),
                    })
                })));
                st.renaming = None;
                st.error = None;
            } else if enter || escape {
                st.renaming = None;
            }
        }
        _ => {
            let text = if choice.is_some() {
                RichText::new(current)
            } else {
                RichText::new(current).strong()
            };
            if ui.button(text).on_hover_text("Click to rename").clicked() {
                st.renaming = Some((this.0, this.1, current.to_owned()));
            }
        }
    }
}
