//! The entity registry in the window: the inspector's link section (type-
//! ahead over names and aliases, a new entry from the span, the entry's
//! mentions) and the registry window (search, rename, merge, split, link
//! every mention of its names, who said what). Edits come from
//! [`crate::entities`].

use super::Cmd;
use crate::entities;
use crate::model::registry::{self, Entity, EntityKind};
use crate::model::{Project, Span};
use crate::session::Session;
use egui::{Context, RichText, Ui};
use std::collections::BTreeSet;

/// The registry window's and the link section's state.
#[derive(Default)]
pub struct RegistryState {
    /// Whether the registry window is open.
    pub open: bool,
    /// Its search.
    pub query: String,
    /// The entry shown in detail.
    pub selected: Option<String>,
    /// The entry to merge into the selected one.
    merge_other: Option<String>,
    /// Mentions ticked for a split: (document id, span id).
    split: BTreeSet<(String, String)>,
    /// Name of the entry a split makes.
    split_name: String,
    /// Drafts of the selected entry's fields: name, aliases, note, QID.
    drafts: Option<(String, String, String, String, String)>,
    /// The inspector's type-ahead.
    pub link_query: String,
    /// Kind of an entry made from a span.
    pub new_kind: EntityKind,
}

fn describe(e: &Entity) -> String {
    format!("{} ({})", e.name, e.kind.as_str())
}

/// A span's text in its document, one line, shortened.
fn excerpt(project: &Project, doc: &str, span: &Span) -> String {
    let text = project
        .document(doc)
        .and_then(|d| crate::model::text::slice_chars(&d.text, span.start, span.end))
        .unwrap_or("");
    let mut t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() > 90 {
        t = t.chars().take(89).collect::<String>() + "…";
    }
    t
}

/// The selected span's registry link, in the inspector.
pub(super) fn entity_ui(
    session: &Session,
    st: &mut RegistryState,
    ui: &mut Ui,
    out: &mut Vec<Cmd>,
) {
    let (Some(project), Some(doc), Some(span)) =
        (&session.project, session.document(), session.selected())
    else {
        return;
    };
    if span.suggested {
        return;
    }
    let text = excerpt(project, &doc.id, span);
    if let Some(e) = span.entity.as_deref().and_then(|id| project.entity(id)) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Entity:");
            ui.label(RichText::new(describe(e)).strong());
            let n = registry::mentions(project, &e.id).len();
            ui.weak(format!("{n} mention(s)"));
        });
        ui.horizontal(|ui| {
            if ui.button("Unlink").clicked() {
                out.push(Cmd::Apply(entities::link(&doc.id, span, None)));
            }
            if ui.button("Open in registry").clicked() {
                st.selected = Some(e.id.clone());
                st.drafts = None;
                out.push(Cmd::Show(super::Dialog::Registry));
            }
        });
        return;
    }
    let entered = ui
        .horizontal(|ui| {
            ui.label("Entity:");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut st.link_query)
                        .hint_text("link to… (name or alias)")
                        .desired_width(170.0),
                )
                .on_hover_text("Enter links to the first offer, or makes a new entry");
            r.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Link to entry")
            });
            super::submitted(ui, &r)
        })
        .inner;
    let mut offers: Vec<&Entity> = Vec::new();
    if let Some(p) = entities::proposed_for(project, &text) {
        offers.push(p);
    }
    if !st.link_query.trim().is_empty() {
        for e in registry::search(project, &st.link_query) {
            if !offers.iter().any(|o| o.id == e.id) {
                offers.push(e);
            }
        }
    }
    if entered {
        // Enter: the first offer, else a new entry named as typed.
        match offers.first() {
            Some(e) => out.push(Cmd::Apply(entities::link(&doc.id, span, Some(&e.id)))),
            None => {
                let name = if st.link_query.trim().is_empty() {
                    text.clone()
                } else {
                    st.link_query.trim().to_owned()
                };
                let (e, _) = entities::new_from_span(project, &doc.id, span, &name, st.new_kind);
                out.push(Cmd::Apply(e));
            }
        }
        st.link_query.clear();
        return;
    }
    for e in offers.into_iter().take(6) {
        if ui
            .button(format!("Link to {}", describe(e)))
            .on_hover_text(e.names().collect::<Vec<_>>().join(" · "))
            .clicked()
        {
            out.push(Cmd::Apply(entities::link(&doc.id, span, Some(&e.id))));
            st.link_query.clear();
        }
    }
    ui.horizontal(|ui| {
        egui::ComboBox::new("new_entry_kind", "kind")
            .selected_text(st.new_kind.as_str())
            .show_ui(ui, |ui| {
                for k in EntityKind::ALL {
                    ui.selectable_value(&mut st.new_kind, k, k.as_str());
                }
            });
        let name = if st.link_query.trim().is_empty() {
            text.clone()
        } else {
            st.link_query.trim().to_owned()
        };
        if ui
            .button("New entry from this span")
            .on_hover_text(format!(
                "A registry entry named {name:?}, linked to this span"
            ))
            .clicked()
        {
            let (e, _) = entities::new_from_span(project, &doc.id, span, &name, st.new_kind);
            out.push(Cmd::Apply(e));
            st.link_query.clear();
        }
    });
}

/// The registry window, while open.
pub(super) fn registry_ui(
    ctx: &Context,
    session: &Session,
    st: &mut RegistryState,
    out: &mut Vec<Cmd>,
) {
    let Some(project) = session.project.as_ref().filter(|_| st.open) else {
        return;
    };
    let mut open = true;
    egui::Window::new("Entity registry")
        .open(&mut open)
        .default_width(620.0)
        .max_width(ctx.content_rect().width().min(760.0) - 40.0)
        .default_height(520.0)
        // Low on the left, over the document list: the span a row opens
        // stays in view in the article.
        .default_pos(egui::pos2(20.0, ctx.content_rect().height() * 0.35))
        .show(ctx, |ui| {
            let counts = registry::counts(project);
            ui.horizontal(|ui| {
                ui.label("Search");
                ui.add(
                    egui::TextEdit::singleline(&mut st.query)
                        .hint_text("name or alias")
                        .desired_width(200.0),
                );
                ui.weak(format!(
                    "{} entries (counts: mentions · quotes and claims attributed)",
                    project.entities.len()
                ));
            });
            for (a, b) in registry::duplicates(project) {
                ui.horizontal(|ui| {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("{} and {} may be one entry", a.id, b.id),
                    );
                    if ui.small_button("Merge").clicked()
                        && let Some(e) = entities::merge(project, &a.id, &b.id)
                    {
                        out.push(Cmd::Apply(e));
                    }
                });
            }
            ui.separator();
            ui.columns(2, |cols| {
                let list: Vec<&Entity> = if st.query.trim().is_empty() {
                    project.entities.iter().collect()
                } else {
                    registry::search(project, &st.query)
                };
                egui::ScrollArea::vertical()
                    .id_salt("registry_list")
                    .show(&mut cols[0], |ui| {
                        for e in list {
                            let c = counts.get(e.id.as_str()).copied().unwrap_or_default();
                            let on = st.selected.as_deref() == Some(e.id.as_str());
                            let r = ui
                                .selectable_label(
                                    on,
                                    format!("{}  {}·{}", describe(e), c.mentions, c.attributed),
                                )
                                .on_hover_text("mentions · quotes and claims attributed");
                            if r.clicked() && !on {
                                st.selected = Some(e.id.clone());
                                st.drafts = None;
                                st.split.clear();
                                st.merge_other = None;
                            }
                        }
                    });
                let selected = st.selected.as_deref().and_then(|id| project.entity(id));
                match selected {
                    Some(e) => details_ui(&mut cols[1], project, e, st, out),
                    None => {
                        cols[1].weak("Select an entry to see its mentions and who said what.");
                    }
                }
            });
        });
    st.open &= open;
}

fn details_ui(
    ui: &mut Ui,
    project: &Project,
    e: &Entity,
    st: &mut RegistryState,
    out: &mut Vec<Cmd>,
) {
    let drafts = st.drafts.get_or_insert_with(|| {
        (
            e.name.clone(),
            e.aliases.join(", "),
            e.note.clone(),
            e.external_ids.get("wikidata").cloned().unwrap_or_default(),
            String::new(),
        )
    });
    egui::Grid::new("entry_fields")
        .num_columns(2)
        .show(ui, |ui| {
            let fields: [(&str, &str, &mut String); 4] = [
                ("Name", "canonical name", &mut drafts.0),
                ("Aliases", "comma-separated", &mut drafts.1),
                ("Note", "", &mut drafts.2),
                ("Wikidata", "Q…", &mut drafts.3),
            ];
            for (name, hint, text) in fields {
                let l = ui.label(name);
                ui.add(egui::TextEdit::singleline(text).hint_text(hint))
                    .labelled_by(l.id);
                ui.end_row();
            }
        });
    let mut kind = e.kind;
    egui::ComboBox::new("entry_kind", "kind")
        .selected_text(kind.as_str())
        .show_ui(ui, |ui| {
            for k in EntityKind::ALL {
                ui.selectable_value(&mut kind, k, k.as_str());
            }
        });
    let mut edited = e.clone();
    edited.kind = kind;
    edited.aliases = drafts
        .1
        .split(',')
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect();
    edited.note = drafts.2.trim().to_owned();
    match drafts.3.trim() {
        "" => {
            edited.external_ids.remove("wikidata");
        }
        q => {
            edited.external_ids.insert("wikidata".into(), q.to_owned());
        }
    }
    let renamed = drafts.0.trim().to_owned();
    let changed = edited != *e || (renamed != e.name && !renamed.is_empty());
    if ui
        .add_enabled(changed, egui::Button::new("Save entry"))
        .clicked()
    {
        let mut edits = vec![crate::edit::Edit::SetEntity {
            id: e.id.clone(),
            entity: Some(edited.clone()),
        }];
        if renamed != e.name && !renamed.is_empty() {
            let mut p2 = project.clone_without_documents();
            p2.entities = project.entities.clone();
            if let Some(i) = p2.entities.iter().position(|x| x.id == e.id) {
                p2.entities[i] = edited;
            }
            edits.extend(entities::rename(&p2, &e.id, &renamed));
        }
        out.push(Cmd::Apply(crate::edit::Edit::Batch(edits)));
        st.drafts = None;
    } else if kind != e.kind {
        out.push(Cmd::Apply(crate::edit::Edit::SetEntity {
            id: e.id.clone(),
            entity: Some(Entity { kind, ..e.clone() }),
        }));
    }
    ui.separator();
    // Link every unlinked span called by one of its names.
    let unlinked = entities::unlinked_mentions(project, &e.id, &[]);
    if !unlinked.is_empty() {
        let r = ui.button(format!(
            "Link {} more mention(s) of its names",
            unlinked.len()
        ));
        let r = r.on_hover_text(
            unlinked
                .iter()
                .take(12)
                .map(|(d, _, t)| format!("{t} ({d})"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
        if r.clicked() {
            out.push(Cmd::Apply(entities::link_all(project, &e.id, &[])));
        }
    }
    // Merge another entry into this one.
    ui.horizontal(|ui| {
        let other = st
            .merge_other
            .as_deref()
            .and_then(|id| project.entity(id))
            .map_or_else(|| "another entry…".to_owned(), describe);
        egui::ComboBox::new("merge_other", "merge")
            .selected_text(other)
            .show_ui(ui, |ui| {
                for o in project.entities.iter().filter(|o| o.id != e.id) {
                    ui.selectable_value(&mut st.merge_other, Some(o.id.clone()), describe(o));
                }
            });
        let go = ui
            .add_enabled(
                st.merge_other.is_some(),
                egui::Button::new("Merge into this"),
            )
            .on_hover_text("Its mentions follow; its names become aliases; undoable");
        if go.clicked()
            && let Some(other) = st.merge_other.take()
            && let Some(edit) = entities::merge(project, &e.id, &other)
        {
            out.push(Cmd::Apply(edit));
        }
    });
    ui.separator();
    let mentions = registry::mentions(project, &e.id);
    ui.label(RichText::new(format!("Mentions ({})", mentions.len())).strong());
    egui::ScrollArea::vertical()
        .id_salt("mentions")
        .max_height(150.0)
        .show(ui, |ui| {
            for m in &mentions {
                let key = (m.doc.id.clone(), m.span.id.clone());
                ui.horizontal(|ui| {
                    let mut ticked = st.split.contains(&key);
                    if ui
                        .checkbox(&mut ticked, "")
                        .on_hover_text("Tick to split off")
                        .changed()
                    {
                        if ticked {
                            st.split.insert(key.clone());
                        } else {
                            st.split.remove(&key);
                        }
                    }
                    let t = excerpt(project, &m.doc.id, m.span);
                    if ui
                        .link(format!("{t} — {}", m.doc.title))
                        .on_hover_text("Show it")
                        .clicked()
                    {
                        out.push(Cmd::GoToSpan(key.0.clone(), key.1.clone()));
                    }
                });
            }
        });
    if !st.split.is_empty() {
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut st.split_name)
                    .hint_text("name of the new entry")
                    .desired_width(160.0),
            );
            let ok = !st.split_name.trim().is_empty();
            if ui
                .add_enabled(
                    ok,
                    egui::Button::new(format!("Split {} off", st.split.len())),
                )
                .clicked()
            {
                let moved: Vec<(String, String)> = st.split.iter().cloned().collect();
                if let Some((edit, _)) = entities::split(project, &e.id, &moved, &st.split_name) {
                    out.push(Cmd::Apply(edit));
                }
                st.split.clear();
                st.split_name.clear();
            }
        });
    }
    ui.separator();
    let said = registry::said_by(project, &e.id);
    ui.label(RichText::new(format!("Who said what ({})", said.len())).strong());
    egui::ScrollArea::vertical()
        .id_salt("said")
        .max_height(180.0)
        .show(ui, |ui| {
            for m in &said {
                let t = excerpt(project, &m.doc.id, m.span);
                if ui
                    .link(format!("{}: {t} — {}", m.span.label, m.doc.title))
                    .clicked()
                {
                    out.push(Cmd::GoToSpan(m.doc.id.clone(), m.span.id.clone()));
                }
            }
        });
}
