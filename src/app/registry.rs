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
    drafts: Option<(String, String, String, String)>,
    /// The inspector's type-ahead.
    pub link_query: String,
    /// Kind of an entry made from a span.
    pub new_kind: EntityKind,
    /// What the window shows, worked out once per revision and entry.
    derived: Derived,
    /// The inspector's link section for (revision, span, typed text): the
    /// linked entry's mentions, and the entries offered (ids), not worked
    /// out every frame.
    link_cache: Option<LinkCache>,
}

/// (revision, span id, typed text) and (mentions, offered entry ids).
type LinkCache = ((u64, String, String), (usize, Vec<String>));

/// A span as the window lists it: document and span ids, label, text (one
/// line, shortened) and the document's title.
struct Row {
    doc: String,
    span: String,
    label: String,
    text: String,
    title: String,
}

/// The registry window's figures and lists, computed when the project (its
/// revision) or the selected entry changes, not every frame: each is a pass
/// over every span of the project.
#[derive(Default)]
struct Derived {
    key: Option<(u64, Option<String>)>,
    /// Per entry id: mentions, attributed.
    counts: std::collections::BTreeMap<String, registry::EntityCounts>,
    /// Entries that may be one (ids).
    duplicates: Vec<(String, String)>,
    /// The selected entry's unlinked mentions: (document id, text).
    unlinked: Vec<(String, String)>,
    /// The selected entry's mentions, and what was attributed to them.
    mentions: Vec<Row>,
    said: Vec<Row>,
    /// Ids of the entries the search shows, for (revision, search).
    listed: Option<((u64, String), Vec<String>)>,
}

impl Derived {
    fn refresh(&mut self, project: &Project, revision: u64, selected: Option<&str>) {
        let key = (revision, selected.map(str::to_owned));
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let row = |m: registry::Mention<'_>| Row {
            doc: m.doc.id.clone(),
            span: m.span.id.clone(),
            label: m.span.label.clone(),
            text: excerpt(&m.doc.text, m.span),
            title: m.doc.title.clone(),
        };
        *self = Derived {
            counts: registry::counts(project)
                .into_iter()
                .map(|(id, c)| (id.to_owned(), c))
                .collect(),
            duplicates: registry::duplicates(project)
                .into_iter()
                .map(|(a, b)| (a.id.clone(), b.id.clone()))
                .collect(),
            unlinked: selected
                .map(|id| {
                    entities::unlinked_mentions(project, id, &[])
                        .into_iter()
                        .map(|(d, _, t)| (d.to_owned(), t))
                        .collect()
                })
                .unwrap_or_default(),
            mentions: selected
                .map(|id| {
                    registry::mentions(project, id)
                        .into_iter()
                        .map(row)
                        .collect()
                })
                .unwrap_or_default(),
            said: selected
                .map(|id| {
                    registry::said_by(project, id)
                        .into_iter()
                        .map(row)
                        .collect()
                })
                .unwrap_or_default(),
            key: Some(key),
            // Kept: it has a key of its own.
            listed: self.listed.take(),
        };
    }
}

fn describe(e: &Entity) -> String {
    format!("{} ({})", e.name, e.kind.as_str())
}

/// A span's text (`text`: its document's), one line, shortened.
fn excerpt(text: &str, span: &Span) -> String {
    let text = crate::model::text::slice_chars(text, span.start, span.end).unwrap_or("");
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
    let text = excerpt(&doc.text, span);
    let key = (session.revision, span.id.clone(), st.link_query.clone());
    if st.link_cache.as_ref().is_none_or(|(k, _)| *k != key) {
        let mentions = span
            .entity
            .as_deref()
            .map_or(0, |id| registry::mentions(project, id).len());
        let mut offers: Vec<String> = entities::proposed_for(project, &text)
            .map(|e| e.id.clone())
            .into_iter()
            .collect();
        if !st.link_query.trim().is_empty() {
            for e in registry::search(project, &st.link_query) {
                if !offers.contains(&e.id) {
                    offers.push(e.id.clone());
                }
            }
        }
        st.link_cache = Some((key, (mentions, offers)));
    }
    let (mentions, offer_ids) = st
        .link_cache
        .as_ref()
        .map_or((0, &[][..]), |(_, (n, o))| (*n, o.as_slice()));
    let offers: Vec<&Entity> = offer_ids
        .iter()
        .filter_map(|id| project.entity(id))
        .collect();
    if let Some(e) = span.entity.as_deref().and_then(|id| project.entity(id)) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Entity:");
            ui.label(RichText::new(describe(e)).strong());
            ui.weak(format!("{mentions} mention(s)"));
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
            st.derived
                .refresh(project, session.revision, st.selected.as_deref());
            let mut derived = std::mem::take(&mut st.derived);
            let counts = &derived.counts;
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
            for (a, b) in &derived.duplicates {
                ui.horizontal(|ui| {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("{a} and {b} may be one entry"),
                    );
                    if ui.small_button("Merge").clicked()
                        && let Some(e) = entities::merge(project, a, b)
                    {
                        out.push(Cmd::Apply(e));
                    }
                });
            }
            ui.separator();
            // Searched once per revision and search, not every frame.
            let key = (session.revision, st.query.trim().to_owned());
            if derived.listed.as_ref().is_none_or(|(k, _)| *k != key) {
                let found: Vec<String> = if key.1.is_empty() {
                    project.entities.iter().map(|e| e.id.clone()).collect()
                } else {
                    registry::search(project, &st.query)
                        .into_iter()
                        .map(|e| e.id.clone())
                        .collect()
                };
                derived.listed = Some((key, found));
            }
            let listed = derived
                .listed
                .as_ref()
                .map_or(&[][..], |(_, v)| v.as_slice());
            ui.columns(2, |cols| {
                // One row an entry: only those in view are laid out.
                let row = cols[0]
                    .spacing()
                    .interact_size
                    .y
                    .max(cols[0].text_style_height(&egui::TextStyle::Body));
                egui::ScrollArea::vertical()
                    .id_salt("registry_list")
                    .show_rows(&mut cols[0], row, listed.len(), |ui, range| {
                        for e in listed[range].iter().filter_map(|id| project.entity(id)) {
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
                    Some(e) => details_ui(&mut cols[1], project, e, &derived, st, out),
                    None => {
                        cols[1].weak("Select an entry to see its mentions and who said what.");
                    }
                }
            });
            st.derived = derived;
        });
    st.open &= open;
}

fn details_ui(
    ui: &mut Ui,
    project: &Project,
    e: &Entity,
    derived: &Derived,
    st: &mut RegistryState,
    out: &mut Vec<Cmd>,
) {
    let drafts = st.drafts.get_or_insert_with(|| {
        (
            e.name.clone(),
            e.aliases.join(", "),
            e.note.clone(),
            e.external_ids.get("wikidata").cloned().unwrap_or_default(),
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
    let unlinked = &derived.unlinked;
    if !unlinked.is_empty() {
        let r = ui.button(format!(
            "Link {} more mention(s) of its names",
            unlinked.len()
        ));
        let r = r.on_hover_text(
            unlinked
                .iter()
                .take(12)
                .map(|(d, t)| format!("{t} ({d})"))
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
    let mentions = &derived.mentions;
    ui.label(RichText::new(format!("Mentions ({})", mentions.len())).strong());
    egui::ScrollArea::vertical()
        .id_salt("mentions")
        .max_height(150.0)
        .show(ui, |ui| {
            for m in mentions {
                let key = (m.doc.clone(), m.span.clone());
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
                    if ui
                        .link(super::text_layout::line(
                            ui,
                            &format!("{} — {}", m.text, m.title),
                        ))
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
    let said = &derived.said;
    ui.label(RichText::new(format!("Who said what ({})", said.len())).strong());
    egui::ScrollArea::vertical()
        .id_salt("said")
        .max_height(180.0)
        .show(ui, |ui| {
            for m in said {
                if ui
                    .link(super::text_layout::line(
                        ui,
                        &format!("{}: {} — {}", m.label, m.text, m.title),
                    ))
                    .clicked()
                {
                    out.push(Cmd::GoToSpan(m.doc.clone(), m.span.clone()));
                }
            }
        });
}
