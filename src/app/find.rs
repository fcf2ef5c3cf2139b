//! Find in the article or the whole project (Ctrl+F), and "label all
//! occurrences" with a preview.

use super::actions::Keymap;
use super::article::label_color;
use super::{Cmd, Session};
use crate::model::search::{Finder, MatchOptions};
use crate::model::{Project, text::CharIndex};
use egui::{Context, RichText, Ui};
use std::ops::Range;

/// The find bar's state.
#[derive(Default)]
pub struct FindState {
    /// Whether the bar is shown.
    pub open: bool,
    /// Give the field focus next frame.
    pub focus: bool,
    /// What to find.
    pub query: String,
    /// Search every document, not just this one.
    pub whole_project: bool,
    /// Ignore case.
    pub ignore_case: bool,
    /// Read the text as a query (`label:quote -rel:attributed_to`): the
    /// hits are the spans it holds for.
    pub by_query: bool,
    /// Why the text, read as a query, is malformed (the last good hits stay
    /// meanwhile).
    pub query_error: Option<crate::query::QueryError>,
    /// Matches in the shown document.
    pub matches: Vec<Range<usize>>,
    /// With `by_query`: the id of each match's span.
    pub span_ids: Vec<String>,
    /// The last query text that parsed, and its query.
    last_good: Option<(String, Option<crate::query::Expr>)>,
    /// The current match.
    pub current: Option<usize>,
    /// Matches per document when searching the project: (document index, count, first match).
    pub project_hits: Vec<(usize, usize, usize)>,
    /// What `project_hits` were computed for: texts never change, so an
    /// edit to spans or notes does not search the project again (a query
    /// is about spans: its key holds the project's revision).
    project_key: Option<(String, bool, bool, u64)>,
}

/// Identity of the project's documents and their order (texts are shared
/// `Arc`s that never change: the same pointer is the same text).
fn documents_fingerprint(p: &Project) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for d in &p.documents {
        d.id.hash(&mut h);
        (std::sync::Arc::as_ptr(&d.text) as *const u8 as usize).hash(&mut h);
        d.text.len().hash(&mut h);
    }
    h.finish()
}

impl FindState {
    fn options(&self) -> MatchOptions {
        MatchOptions {
            ignore_case: self.ignore_case,
            whole_words: false,
        }
    }

    /// Recomputes matches for the shown document (and the project, when
    /// the query, the set of documents or, for a query, the revision changed).
    pub fn refresh_matches(&mut self, project: Option<&Project>, current: usize, revision: u64) {
        let Some(p) = project.filter(|_| self.open && !self.query.trim().is_empty()) else {
            self.matches.clear();
            self.span_ids.clear();
            self.query_error = None;
            self.project_hits.clear();
            self.project_key = None;
            self.current = None;
            return;
        };
        if self.by_query {
            self.refresh_query(p, current, revision);
        } else {
            self.query_error = None;
            self.span_ids.clear();
            self.refresh_text(p, current);
        }
        self.current = self
            .current
            .filter(|&c| c < self.matches.len())
            .or((!self.matches.is_empty()).then_some(0));
    }

    fn refresh_text(&mut self, p: &Project, current: usize) {
        let finder = Finder::new(&self.query, self.options());
        self.matches = p
            .documents
            .get(current)
            .map(|d| finder.find_all(&d.text))
            .unwrap_or_default();
        let key = self.whole_project.then(|| {
            (
                self.query.clone(),
                self.ignore_case,
                false,
                documents_fingerprint(p),
            )
        });
        if key != self.project_key {
            self.project_hits.clear();
            if self.whole_project {
                for (i, d) in p.documents.iter().enumerate() {
                    let m = finder.find_all(&d.text);
                    if let Some(first) = m.first() {
                        self.project_hits.push((i, m.len(), first.start));
                    }
                }
            }
            self.project_key = key;
        }
    }

    /// The spans the query holds for, in the shown document and (with
    /// "Whole project") per document; a malformed query keeps the last hits.
    fn refresh_query(&mut self, p: &Project, current: usize, revision: u64) {
        use crate::query::{matching_spans, matching_spans_in, parse};
        // A malformed query keeps finding what the last good one found
        // (in whichever document is shown, with the spans it has now).
        // `text` is the query the hits are of (the project's hits' key).
        let (text, q) = match parse(&self.query) {
            Ok(q) => {
                self.query_error = None;
                self.last_good = Some((self.query.clone(), q.clone()));
                (self.query.clone(), q)
            }
            Err(e) => {
                self.query_error = Some(e);
                match &self.last_good {
                    Some(good) => good.clone(),
                    None => {
                        self.matches.clear();
                        self.span_ids.clear();
                        self.project_hits.clear();
                        self.project_key = None;
                        return;
                    }
                }
            }
        };
        let Some(d) = p.documents.get(current) else {
            self.matches.clear();
            self.span_ids.clear();
            return;
        };
        let hits = matching_spans_in(p, current, q.as_ref());
        self.matches = hits
            .iter()
            .map(|&i| d.spans[i].start..d.spans[i].end)
            .collect();
        self.span_ids = hits.iter().map(|&i| d.spans[i].id.clone()).collect();
        let key = self.whole_project.then_some((text, false, true, revision));
        if key != self.project_key {
            self.project_hits.clear();
            if self.whole_project {
                let all = matching_spans(p, q.as_ref());
                for group in all.chunk_by(|a, b| a.0 == b.0) {
                    let (di, si) = group[0];
                    self.project_hits
                        .push((di, group.len(), p.documents[di].spans[si].start));
                }
            }
            self.project_key = key;
        }
    }

    /// Shows hit `c` of the shown document: selects its span (a query) or
    /// its text.
    fn go_to(&mut self, c: usize, out: &mut Vec<Cmd>) {
        self.current = Some(c);
        let m = self.matches[c].clone();
        out.push(Cmd::ScrollTo(m.start));
        // Span ids are there only when finding by query.
        match self.span_ids.get(c) {
            Some(id) => out.push(Cmd::SelectSpan(Some(id.clone()))),
            None => out.push(Cmd::SetSelection(Some(m))),
        }
    }
}

/// The find bar above the article.
/// The find bar over the article; stepping and jumping are commands.
pub(super) fn find_bar_ui(
    ui: &mut Ui,
    session: &Session,
    keymap: &Keymap,
    find: &mut FindState,
    out: &mut Vec<Cmd>,
) {
    if !find.open {
        return;
    }
    let mut changed = false;
    let mut step: Option<isize> = None;
    let mut close = false;
    let hint = |a: super::actions::Action| format!("{} ({})", a.title(), keymap.label(ui.ctx(), a));
    let (previous, next, close_hint) = (
        hint(super::actions::Action::FindPrevious),
        hint(super::actions::Action::FindNext),
        hint(super::actions::Action::Cancel),
    );
    // Wraps in a narrow window instead of widening the article under the
    // side panel.
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Find:");
        let r = ui
            .add(egui::TextEdit::singleline(&mut find.query).desired_width(260.0))
            .labelled_by(label.id);
        if find.focus {
            r.request_focus();
            // Reopened: the last query is selected, so typing replaces it.
            if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), r.id) {
                let n = find.query.chars().count();
                state
                    .cursor
                    .set_char_range(Some(egui::text::CCursorRange::two(
                        egui::text::CCursor::new(0),
                        egui::text::CCursor::new(n),
                    )));
                state.store(ui.ctx(), r.id);
            }
            find.focus = false;
            // Just opened: lay the row out again next frame with its real
            // sizes (the buttons were once drawn over the field).
            ui.ctx().request_discard("find bar opened");
        }
        changed |= r.changed();
        if super::submitted(ui, &r) {
            step = Some(if ui.input(|i| i.modifiers.shift) {
                -1
            } else {
                1
            });
            r.request_focus();
        }
        if r.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            close = true;
        }
        changed |= ui
            .checkbox(&mut find.by_query, "Query")
            .on_hover_text(
                "Find spans by query terms, e.g. label:quote -rel:attributed_to \
                 (the same terms as the document list's filter)",
            )
            .changed();
        if !find.by_query {
            changed |= ui.checkbox(&mut find.ignore_case, "Ignore case").changed();
        }
        changed |= ui
            .checkbox(&mut find.whole_project, "Whole project")
            .changed();
        let n = find.matches.len();
        let total: usize = find.project_hits.iter().map(|h| h.1).sum();
        ui.label(match find.current {
            Some(c) if n > 0 && find.whole_project && total > n => {
                format!("{} of {n} here, {total} in all", c + 1)
            }
            Some(c) if n > 0 => format!("{} of {n}", c + 1),
            _ if find.query.is_empty() => String::new(),
            _ if find.by_query => "no span".to_owned(),
            _ => "no match".to_owned(),
        });
        if ui.button("▲").on_hover_text(&previous).clicked() {
            step = Some(-1);
        }
        if ui.button("▼").on_hover_text(&next).clicked() {
            step = Some(1);
        }
        if ui.button("✕").on_hover_text(close_hint).clicked() {
            close = true;
        }
    });
    if let Some(e) = find.query_error.as_ref().filter(|_| find.by_query) {
        ui.colored_label(ui.visuals().error_fg_color, e.to_string());
    }
    if close {
        find.open = false;
    }
    if changed || close {
        find.current = None;
        find.refresh_matches(session.project.as_ref(), session.current, session.revision);
        if let Some(m) = find.matches.first() {
            out.push(Cmd::ScrollTo(m.start));
        }
    }
    if let Some(d) = step {
        out.push(Cmd::FindStep(d > 0));
    }
    if find.whole_project && !find.project_hits.is_empty() {
        let Some(project) = &session.project else {
            return;
        };
        let mut cmds = Vec::new();
        egui::CollapsingHeader::new(format!("In {} documents", find.project_hits.len()))
            .default_open(true)
            .show(ui, |ui| {
                // Long titles end in "…" rather than widen the article.
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                for &(i, count, first) in &find.project_hits {
                    let title = &project.documents[i].title;
                    if ui.link(format!("{title} ({count})")).clicked() {
                        cmds.push(Cmd::SelectDocument(i));
                        cmds.push(Cmd::ScrollTo(first));
                    }
                }
            });
        out.extend(cmds);
    }
    ui.separator();
}

/// The next (or previous) hit: within the shown document, and with "Whole
/// project", past its last hit into the next document that has one (in
/// document order, wrapping), as commands.
pub(super) fn step(find: &mut FindState, session: &Session, forward: bool, out: &mut Vec<Cmd>) {
    let n = find.matches.len();
    let at_edge = match find.current {
        _ if n == 0 => true,
        Some(c) if forward => c + 1 == n,
        Some(c) => c == 0,
        None => false,
    };
    if find.whole_project && at_edge {
        let docs: Vec<usize> = find.project_hits.iter().map(|h| h.0).collect();
        let here = session.current;
        let next = if forward {
            docs.iter().find(|&&i| i > here).or(docs.first())
        } else {
            docs.iter().rev().find(|&&i| i < here).or(docs.last())
        };
        match next {
            Some(&i) if i != here => {
                out.push(Cmd::FindInDocument(i, !forward));
                return;
            }
            _ if n == 0 => return,
            _ => {}
        }
    }
    if n == 0 {
        return;
    }
    let c = match find.current {
        Some(c) if forward => (c + 1) % n,
        Some(c) => (c + n - 1) % n,
        None if forward => 0,
        None => n - 1,
    };
    find.go_to(c, out);
}

/// Shows the first (or `last`) hit of the shown document, after the find
/// moved to it.
pub(super) fn show_hit(find: &mut FindState, last: bool, out: &mut Vec<Cmd>) {
    let Some(c) = (if last {
        find.matches.len().checked_sub(1)
    } else {
        (!find.matches.is_empty()).then_some(0)
    }) else {
        return;
    };
    find.go_to(c, out);
}

/// A pending "label all occurrences": what will be added.
#[derive(Clone)]
pub struct LabelAllPreview {
    /// The text looked for.
    pub text: String,
    /// The label to apply.
    pub label: String,
    /// Look in every document, not only the shown one.
    pub whole_project: bool,
    /// The matches not yet labeled so: (document index, range).
    pub matches: Vec<(usize, Range<usize>)>,
}

impl LabelAllPreview {
    /// Finds the unlabeled whole-word occurrences of `text`.
    pub fn compute(
        project: &Project,
        current: usize,
        text: &str,
        label: &str,
        whole_project: bool,
    ) -> Self {
        let docs: Vec<usize> = if whole_project {
            (0..project.documents.len()).collect()
        } else {
            vec![current]
        };
        let opts = MatchOptions {
            ignore_case: false,
            whole_words: true,
        };
        let mut matches = Vec::new();
        let finder = Finder::new(text, opts);
        for i in docs {
            let Some(d) = project.documents.get(i) else {
                continue;
            };
            for r in finder.find_all(&d.text) {
                let exists = d
                    .spans
                    .iter()
                    .any(|s| s.start == r.start && s.end == r.end && s.label == label);
                if !exists {
                    matches.push((i, r));
                }
            }
        }
        Self {
            text: text.to_owned(),
            label: label.to_owned(),
            whole_project,
            matches,
        }
    }
}

/// The "label all occurrences" preview for the selected text or span.
pub(super) fn start_label_all(session: &Session) -> Option<LabelAllPreview> {
    let Some(project) = &session.project else {
        return None;
    };
    let doc = project.documents.get(session.current)?;
    let (range, label) = match (&session.selection, session.selected()) {
        // The label last applied (if it still exists), else the first.
        (Some(r), _) => (
            r.clone(),
            session
                .last_label
                .clone()
                .filter(|l| project.label(l).is_some())
                .or_else(|| project.labels.first().map(|l| l.name.clone()))
                .unwrap_or_default(),
        ),
        (None, Some(s)) => (s.start..s.end, s.label.clone()),
        _ => return None,
    };
    let text = CharIndex::new(&doc.text).slice(range.start, range.end)?;
    let text = text.trim().to_owned();
    if text.is_empty() {
        return None;
    }
    Some(LabelAllPreview::compute(
        project,
        session.current,
        &text,
        &label,
        false,
    ))
}

/// The "label all occurrences" preview window; labelling is a command.
/// Chooses label `n` in the open "Label all occurrences" preview.
pub(super) fn choose_label_all(session: &Session, preview: &mut Option<LabelAllPreview>, n: usize) {
    let (Some(p), Some(project)) = (preview.as_mut(), &session.project) else {
        return;
    };
    if let Some(l) = project.labels.get(n)
        && l.name != p.label
    {
        let text = p.text.clone();
        *p = LabelAllPreview::compute(project, session.current, &text, &l.name, p.whole_project);
    }
}

pub(super) fn label_all_ui(
    ctx: &Context,
    session: &Session,
    keymap: &super::actions::Keymap,
    preview_state: &mut Option<LabelAllPreview>,
    out: &mut Vec<Cmd>,
) {
    let Some(preview) = preview_state else {
        return;
    };
    let Some(project) = &session.project else {
        return;
    };
    let mut label = preview.label.clone();
    let mut whole = preview.whole_project;
    let mut apply = false;
    let mut cancel = false;
    egui::Window::new("Label all occurrences")
        .collapsible(false)
        .default_width(480.0)
        // Near the article, not over the document list.
        .default_pos(ctx.content_rect().center() - egui::vec2(240.0, 200.0))
        .show(ctx, |ui| {
            ui.label(format!(
                "Occurrences of “{}” (whole words) not yet labeled:",
                preview.text
            ));
            ui.horizontal(|ui| {
                let name = ui.label("Label");
                egui::ComboBox::from_id_salt("label_all_label")
                    .selected_text(RichText::new(&label).color(label_color(project, &label)))
                    .show_ui(ui, |ui| {
                        for l in &project.labels {
                            ui.selectable_value(&mut label, l.name.clone(), &l.name);
                        }
                    })
                    .response
                    .labelled_by(name.id);
                ui.checkbox(&mut whole, "In the whole project");
            });
            {
                use super::actions::Action;
                let key = |a| keymap.label(ctx, a);
                let last = Action::Label(project.labels.len().clamp(1, 9) as u8 - 1);
                ui.weak(format!(
                    "{}…{} choose the label, {} labels them, {} cancels.",
                    key(Action::Label(0)),
                    key(last),
                    key(Action::Accept),
                    key(Action::Cancel)
                ));
            }
            egui::ScrollArea::vertical()
                .max_height(260.0)
                .show(ui, |ui| {
                    for (i, r) in &preview.matches {
                        let d = &project.documents[*i];
                        let idx = CharIndex::new(&d.text);
                        let before = idx.slice(r.start.saturating_sub(30), r.start).unwrap_or("");
                        let hit = idx.slice(r.start, r.end).unwrap_or("");
                        let after = idx
                            .slice(r.end, (r.end + 30).min(idx.len_chars()))
                            .unwrap_or("");
                        ui.horizontal_wrapped(|ui| {
                            if preview.whole_project {
                                ui.weak(format!(
                                    "{}:",
                                    d.title.chars().take(24).collect::<String>()
                                ));
                            }
                            ui.label(format!("…{}", before.replace('\n', " ")));
                            ui.strong(hit);
                            ui.label(format!("{}…", after.replace('\n', " ")));
                        });
                    }
                    if preview.matches.is_empty() {
                        ui.weak("Nothing to add: every occurrence already has this label.");
                    }
                });
            ui.horizontal(|ui| {
                let n = preview.matches.len();
                if ui
                    .add_enabled(n > 0, egui::Button::new(format!("Label {n} occurrences")))
                    .clicked()
                {
                    apply = true;
                }
                if ui.button("Cancel").clicked() {
                    cancel = true;
                }
            });
        });
    if cancel {
        *preview_state = None;
        return;
    }
    if apply {
        let (label, matches) = (preview.label.clone(), preview.matches.clone());
        *preview_state = None;
        out.push(super::Cmd::LabelAll(label, matches));
        return;
    }
    if label != preview.label || whole != preview.whole_project {
        let text = preview.text.clone();
        *preview_state = Some(LabelAllPreview::compute(
            project,
            session.current,
            &text,
            &label,
            whole,
        ));
    }
}
