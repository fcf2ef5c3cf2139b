//! The document list on the left: a filter by title and status, and only
//! the rows in view laid out, so a project of 10,000 articles costs no more
//! per frame than one of ten.

use super::inspector::status_name;
use super::{Cmd, Session};
use crate::model::{Project, Status};
use egui::{RichText, Ui};

/// The narrowest and widest the document list is dragged to.
const MIN_WIDTH: f32 = 140.0;
const MAX_WIDTH: f32 = 600.0;

/// What the shown rows depend on: project revision, title words, status,
/// pending suggestions only.
type RowsKey = (
    u64,
    String,
    Option<Status>,
    bool,
    Option<(String, String)>,
    Option<String>,
);

/// (revision, analyst) and (anything assigned, the analyst's done, assigned).
type MineCounts = ((u64, String), (bool, usize, usize));

/// Filter, cached rows and scroll requests of the document list.
#[derive(Default)]
pub struct DocListState {
    /// Words the title must contain (any case).
    pub filter: String,
    /// Only documents with this status.
    pub status: Option<Status>,
    /// Only documents with pending suggestions.
    pub suggested: bool,
    /// Only documents with this document label (set, choice).
    pub doc_label: Option<(String, String)>,
    /// Only documents assigned to the analyst (the name in Preferences).
    pub mine: Option<String>,
    /// Why the filter, read as a query, is malformed (the last good rows
    /// stay shown meanwhile).
    pub query_error: Option<crate::query::QueryError>,
    /// For (revision, analyst): whether any document is assigned, and the
    /// analyst's documents done and assigned ("Mine d/n").
    mine_counts: Option<MineCounts>,
    /// Rows shown: (project revision, filter, status) → document indices.
    rows: Option<(RowsKey, Vec<usize>)>,
    /// The name being typed to save the filter's query under.
    pub save_name: String,
    /// Scroll the list to the shown document next frame (if out of view).
    pub follow: bool,
    /// Rows in view in the last frame.
    visible: std::ops::Range<usize>,
    /// The list has the keyboard (a row was clicked): Up and Down move
    /// through its rows until the article is clicked or Escape is pressed.
    pub has_keys: bool,
}

impl DocListState {
    /// The row after (`forward`) or before the shown document's (in the list as
    /// filtered), if there is one.
    pub fn neighbour(
        &mut self,
        project: &Project,
        revision: u64,
        current: usize,
        forward: bool,
    ) -> Option<usize> {
        let rows = self.rows(project, revision);
        let k = rows.iter().position(|&i| i == current);
        let next = match (k, forward) {
            (Some(k), true) => k + 1,
            (Some(k), false) => k.checked_sub(1)?,
            (None, _) => 0,
        };
        rows.get(next).copied()
    }

    /// Indices of the documents that pass the filter, recomputed only when
    /// the project or the filter changes.
    fn rows(&mut self, project: &Project, revision: u64) -> &[usize] {
        let key = (
            revision,
            self.filter.clone(),
            self.status,
            self.suggested,
            self.doc_label.clone(),
            self.mine.clone(),
        );
        if self.rows.as_ref().is_none_or(|(k, _)| *k != key) {
            // Plain words filter titles; anything with a term (`key:value`,
            // `-`, `OR`, parentheses, quotes, `spans>N`) is a query.
            let is_query = self.filter.contains([':', '>', '<', '(', '"', '='])
                || self
                    .filter
                    .split_whitespace()
                    .any(|w| w == "OR" || w.starts_with('-'));
            // The toggles are query terms too, evaluated apart from the
            // typed query (so `suggested` is about the document, not about
            // the span the query's own span terms hold for).
            use crate::query::{Expr, Term, matching_documents};
            let mut typed = None;
            if is_query {
                match crate::query::parse(&self.filter) {
                    Ok(q) => {
                        self.query_error = None;
                        typed = q;
                    }
                    Err(e) => {
                        // Keep the last good rows until it parses.
                        self.query_error = Some(e);
                        let n = project.documents.len();
                        let last = self.rows.take().map_or_else(
                            || (0..n).collect(),
                            // Documents may have gone since (an undo).
                            |(_, r)| r.into_iter().filter(|&i| i < n).collect(),
                        );
                        self.rows = Some((key, last));
                        return self.rows.as_ref().map_or(&[], |(_, r)| r.as_slice());
                    }
                }
            } else {
                self.query_error = None;
            }
            let mut parts: Vec<Expr> = Vec::new();
            parts.extend(self.mine.clone().map(|me| Expr::Term(Term::Assignee(me))));
            parts.extend(self.status.map(|s| Expr::Term(Term::Status(s))));
            if self.suggested {
                parts.push(Expr::Term(Term::Suggested));
            }
            parts.extend(
                self.doc_label
                    .clone()
                    .map(|(set, c)| Expr::Term(Term::DocLabel(set, Some(c)))),
            );
            let toggles = (!parts.is_empty()).then_some(Expr::And(parts));
            let allowed: std::collections::HashSet<usize> =
                matching_documents(project, toggles.as_ref())
                    .into_iter()
                    .collect();
            let words: Vec<String> = if is_query {
                Vec::new()
            } else {
                self.filter
                    .split_whitespace()
                    .map(str::to_lowercase)
                    .collect()
            };
            let rows = matching_documents(project, typed.as_ref())
                .into_iter()
                .filter(|i| allowed.contains(i))
                .map(|i| (i, &project.documents[i]))
                .filter(|(_, d)| {
                    words.is_empty() || {
                        let title = d.title.to_lowercase();
                        words.iter().all(|w| title.contains(w.as_str()))
                    }
                })
                .map(|(i, _)| i)
                .collect();
            self.rows = Some((key.clone(), rows));
        }
        self.rows.as_ref().map_or(&[], |(_, r)| r.as_slice())
    }
}

fn status_icon(s: Status) -> &'static str {
    match s {
        Status::Todo => "○",
        Status::InProgress => "◐",
        Status::Done => "●",
    }
}

/// The document list: reads the session, keeps its own filter and scroll
/// state, and asks for a document by command.
pub(super) fn documents_panel_ui(
    ui: &mut Ui,
    session: &Session,
    state: &mut DocListState,
    cmds: &mut Vec<Cmd>,
    layout: &mut crate::user::Layout,
) {
    let Some(project) = &session.project else {
        return;
    };
    let revision = session.revision;
    let current = session.current;
    let shown = egui::Panel::left("documents")
        .resizable(true)
        .default_size(f32::from(layout.documents_width))
        .size_range(MIN_WIDTH..=MAX_WIDTH)
        .show_collapsible(ui, &mut layout.documents_shown, |ui| {
            ui.heading("Documents");
            if project.documents.len() > 1 {
                filter_ui(state, ui, project, &session.annotator, revision, cmds);
            }
            let total = project.documents.len();
            let follow = std::mem::take(&mut state.follow);
            let last_visible = state.visible.clone();
            let mut has_keys = state.has_keys;
            let rows = state.rows(project, revision);
            if rows.len() < total {
                ui.weak(format!("{} of {total} shown", rows.len()));
            }
            // Two lines a row: long titles end in "…" (the whole title on hover).
            let font = egui::TextStyle::Button.resolve(ui.style());
            let line = ui.fonts_mut(|f| f.row_height(&font));
            let pad = ui.spacing().button_padding.y;
            let row_height = 2.0 * line + 2.0 * pad;
            let spacing = ui.spacing().item_spacing.y;
            let mut area = egui::ScrollArea::vertical()
                .id_salt("doclist")
                .auto_shrink(false);
            if follow
                && let Some(k) = rows.iter().position(|&i| i == current)
                && !last_visible.contains(&k)
            {
                let visible = ui.available_height();
                let y = k as f32 * (row_height + spacing);
                area = area.vertical_scroll_offset((y - visible / 2.0).max(0.0));
            }
            let mut visible = 0..0;
            area.show_rows(ui, row_height, rows.len(), |ui, range| {
                visible = range.clone();
                let width = ui.available_width();
                for &i in &rows[range] {
                    let d = &project.documents[i];
                    let n = pending(d);
                    let mut marks = if n > 0 {
                        format!("{} ✎{n} ", status_icon(d.status))
                    } else {
                        format!("{} ", status_icon(d.status))
                    };
                    // In the sets' order.
                    let judged: Vec<&str> = project
                        .doc_label_sets
                        .iter()
                        .filter_map(|s| d.doc_labels.get(&s.name))
                        .flatten()
                        .map(String::as_str)
                        .collect();
                    if !judged.is_empty() {
                        marks.push_str(&format!("[{}] ", judged.join("·")));
                    }
                    let text = format!("{marks}{}", d.title);
                    let pad = ui.spacing().button_padding;
                    let rtl = crate::model::bidi::has_rtl(&text);
                    let button = if rtl {
                        // Laid out and painted below, right to left.
                        egui::Button::selectable(i == current, "")
                    } else {
                        let mut job = egui::text::LayoutJob::simple(
                            text.clone(),
                            font.clone(),
                            ui.visuals().text_color(),
                            width - 2.0 * pad.x,
                        );
                        job.wrap.max_rows = 2;
                        job.wrap.overflow_character = Some('…');
                        // Laid out here, so the button keeps the two-row limit.
                        let galley = ui.fonts_mut(|f| f.layout_job(job));
                        egui::Button::selectable(i == current, galley)
                    }
                    .min_size(egui::vec2(width, row_height));
                    // Left-aligned text in a row of fixed height.
                    let r = ui
                        .with_layout(egui::Layout::top_down_justified(egui::Align::LEFT), |ui| {
                            ui.add(button)
                        })
                        .inner;
                    if rtl {
                        let format = egui::TextFormat {
                            font_id: font.clone(),
                            color: ui.visuals().text_color(),
                            ..Default::default()
                        };
                        let laid = super::text_layout::cached_layout(
                            ui,
                            &text,
                            &format,
                            width - 2.0 * pad.x,
                        );
                        // Two rows at most, like the others.
                        let clip = r.rect.shrink2(pad);
                        laid.paint(&ui.painter().with_clip_rect(clip), clip.min, format.color);
                        let selected = i == current;
                        r.widget_info(|| {
                            egui::WidgetInfo::selected(egui::Role::Button, true, selected, &text)
                        });
                    }
                    let r = r.on_hover_ui(|ui| {
                        super::text_layout::label(ui, &d.title, egui::TextStyle::Body, false);
                        ui.label(format!(
                            "{} · {} spans · {} pending suggestions · {}",
                            status_name(d.status),
                            d.spans.len() - n,
                            n,
                            d.id
                        ));
                    });
                    if r.clicked() {
                        cmds.push(Cmd::SelectDocument(i));
                        has_keys = true;
                    }
                    r.context_menu(|ui| {
                        let me = session.annotator.clone();
                        let set = |v: Vec<String>| {
                            Cmd::Apply(crate::edit::Edit::SetAssignees {
                                doc: d.id.clone(),
                                assignees: v,
                            })
                        };
                        if !d.assignees.contains(&me)
                            && ui.button(format!("Assign to {me}")).clicked()
                        {
                            let mut v = d.assignees.clone();
                            v.push(me.clone());
                            cmds.push(set(v));
                        }
                        for a in &d.assignees {
                            if ui.button(format!("Unassign {a}")).clicked() {
                                cmds.push(set(d
                                    .assignees
                                    .iter()
                                    .filter(|x| *x != a)
                                    .cloned()
                                    .collect()));
                            }
                        }
                    });
                    if i == current && has_keys {
                        // The list has the keyboard: say so on its row.
                        ui.painter().rect_stroke(
                            r.rect,
                            2.0,
                            ui.visuals().selection.stroke,
                            egui::StrokeKind::Inside,
                        );
                    }
                }
            });
            state.visible = visible;
            state.has_keys = has_keys;
        });
    if let Some(r) = shown {
        layout.documents_width = r.response.rect.width().round() as u16;
    }
}

/// Pending suggestions in `d`.
fn pending(d: &crate::model::Document) -> usize {
    d.spans.iter().filter(|s| s.suggested).count()
}

/// The "Saved" menu beside the filter: the project's saved queries (a
/// click filters by one), saving the filter's query under a name, deleting.
fn saved_queries_ui(state: &mut DocListState, ui: &mut Ui, project: &Project, cmds: &mut Vec<Cmd>) {
    let set = |name: &str, query: Option<String>| {
        Cmd::Apply(crate::edit::Edit::SetSavedQuery {
            name: name.to_owned(),
            query,
        })
    };
    use egui::containers::menu::{MenuButton, MenuConfig};
    // Clicks inside keep it open: the name is typed in it.
    let config = MenuConfig::new().close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    let (r, _) = MenuButton::new(RichText::new("★").small())
        .config(config)
        .ui(ui, |ui| {
            if project.saved_queries.is_empty() {
                ui.weak("No saved queries yet");
            }
            for q in &project.saved_queries {
                ui.horizontal(|ui| {
                    if ui
                        .selectable_label(state.filter == q.query, &q.name)
                        .on_hover_text(&q.query)
                        .clicked()
                    {
                        // The saved query says it all, as the Desk's names do.
                        cmds.push(Cmd::FilterDocuments(q.query.clone()));
                        ui.close();
                    }
                    if ui
                        .small_button("🗑")
                        .on_hover_text(format!("Delete the saved query “{}”", q.name))
                        .clicked()
                    {
                        cmds.push(set(&q.name, None));
                    }
                });
            }
            ui.separator();
            let query = state.filter.trim().to_owned();
            let ok = !query.is_empty() && state.query_error.is_none();
            ui.add_enabled_ui(ok, |ui| {
                ui.horizontal(|ui| {
                    let label = ui.label("Save the filter as");
                    let r = ui
                        .add(egui::TextEdit::singleline(&mut state.save_name).desired_width(160.0))
                        .labelled_by(label.id);
                    // Typing names the query at once (nothing else in the
                    // menu takes text).
                    if ui.memory(|m| m.focused().is_none()) {
                        r.request_focus();
                    }
                    let name = state.save_name.trim().to_owned();
                    let save = ui.add_enabled(!name.is_empty(), egui::Button::new("Save"));
                    if !name.is_empty() && (save.clicked() || super::submitted(ui, &r)) {
                        cmds.push(set(&name, Some(query.clone())));
                        state.save_name.clear();
                        ui.close();
                    }
                });
            })
            .response
            .on_disabled_hover_text("Type a query in the filter first");
        });
    r.on_hover_text("Saved queries");
}

fn filter_ui(
    state: &mut DocListState,
    ui: &mut Ui,
    project: &Project,
    me: &str,
    revision: u64,
    cmds: &mut Vec<Cmd>,
) {
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new("Filter").small());
        saved_queries_ui(state, ui, project, cmds);
        ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .hint_text("title words, or a query: label:quote -rel:attributed_to")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id)
        .on_hover_text(
            "Title words, or the query language: label:, rel:, annotator:, rule:, entity:, \
             status:, doc:SET=CHOICE, text:\"...\", title:, site:, published:FROM..TO, \
             spans>N, suggested, conflict; combine with spaces, OR, - and parentheses",
        );
    });
    if let Some(e) = &state.query_error {
        ui.colored_label(
            ui.visuals().error_fg_color,
            RichText::new(e.to_string()).small(),
        );
    }
    ui.horizontal(|ui| {
        ui.label(RichText::new("Show").small());
        let choices = [
            (None, "all".to_owned()),
            (Some(Status::Todo), status_icon(Status::Todo).to_owned()),
            (
                Some(Status::InProgress),
                status_icon(Status::InProgress).to_owned(),
            ),
            (Some(Status::Done), status_icon(Status::Done).to_owned()),
        ];
        for (s, name) in choices {
            let r = ui.selectable_label(state.status == s, RichText::new(name).small());
            let r = match s {
                Some(s) => r.on_hover_text(format!("Only “{}”", status_name(s))),
                None => r.on_hover_text("Every status"),
            };
            if r.clicked() {
                state.status = s;
            }
        }
        ui.separator();
        if ui
            .selectable_label(state.suggested, RichText::new("✎").small())
            .on_hover_text("Only documents with pending suggestions")
            .clicked()
        {
            state.suggested = !state.suggested;
        }
        // Counted once per revision, not every frame.
        let key = (revision, me.to_owned());
        if state.mine_counts.as_ref().is_none_or(|(k, _)| *k != key) {
            let assigned = crate::desk::unassigned(project) < project.documents.len();
            let mine = crate::desk::progress(project)
                .remove(me)
                .unwrap_or_default();
            state.mine_counts = Some((key, (assigned, mine.done, mine.assigned)));
        }
        let (assigned, done, n) = state
            .mine_counts
            .as_ref()
            .map_or((false, 0, 0), |(_, c)| *c);
        if (assigned || state.mine.is_some())
            && ui
                .selectable_label(
                    state.mine.is_some(),
                    RichText::new(format!("Mine {done}/{n}")).small(),
                )
                .on_hover_text(format!(
                    "Only documents assigned to {me} (your name in Preferences); done / assigned"
                ))
                .clicked()
        {
            state.mine = match state.mine {
                Some(_) => None,
                None => Some(me.to_owned()),
            };
        }
    });
    if !project.doc_label_sets.is_empty() {
        ui.horizontal(|ui| {
            let shown = state
                .doc_label
                .as_ref()
                .map_or_else(|| "any".to_owned(), |(s, c)| format!("{s}: {c}"));
            egui::ComboBox::new("doclist_doc_label", RichText::new("Judged").small())
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut state.doc_label, None, "any");
                    for set in &project.doc_label_sets {
                        for c in &set.choices {
                            let v = Some((set.name.clone(), c.name.clone()));
                            let n = crate::doc_labels::documents_with(
                                project,
                                &set.name,
                                Some(&c.name),
                            );
                            ui.selectable_value(
                                &mut state.doc_label,
                                v,
                                format!("{}: {} ({n})", set.name, c.name),
                            );
                        }
                    }
                });
        });
    }
}
