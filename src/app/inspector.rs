//! The right-hand panel: the label bar (always visible), document status,
//! the selection, the selected span's inspector, relations and the span list.

use super::actions::Keymap;
use super::article::{label_color, span_excerpt};
use super::{Cmd, Edge, RuleCounts, Session};
use crate::edit::Edit;
use crate::model::text::TextIndex;
use crate::model::{Document, Project, Span, Status, text::CharIndex};
use crate::session::ReviewOrder;
use egui::{RichText, Sense, Ui, Vec2};

/// Width of the side panel.
/// The narrowest and widest the side panel is dragged to.
const SIDE_MIN: f32 = 200.0;
const SIDE_MAX: f32 = 700.0;

fn swatch(ui: &mut Ui, project: &Project, label: &str) {
    let (r, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
    ui.painter()
        .rect_filled(r, 2.0, label_color(project, label));
}

/// The key that applies the `i`-th label ("1" to "9"; none past nine).
pub fn hotkey_text(i: usize) -> String {
    if i < 9 {
        (i + 1).to_string()
    } else {
        String::new()
    }
}

/// Status names for buttons.
pub fn status_name(s: Status) -> &'static str {
    match s {
        Status::Todo => "To do",
        Status::InProgress => "In progress",
        Status::Done => "Done",
    }
}

/// What the side panel reads: the session and what the window derived from it.
pub(super) struct Inputs<'a> {
    /// The open project and the analyst's place in it.
    pub session: &'a Session,
    /// The shortcuts, for hover texts.
    pub keymap: &'a Keymap,
    /// Code point index of the shown document.
    pub index: Option<&'a TextIndex>,
    /// Spans per label: in this document, in the project.
    pub counts: (Vec<usize>, Vec<usize>),
    /// Suggestions per rule: in this document, in the project.
    pub rules: (RuleCounts, RuleCounts),
    /// The learned suggester is being trained.
    pub learning: bool,
}

/// The side panel: labels, status, selection, span inspector, suggestions,
/// relations and the span list. Every change is a command in `out`.
pub(super) fn side_panel_ui(
    ui: &mut Ui,
    inp: &Inputs<'_>,
    span_filter: &mut Option<String>,
    out: &mut Vec<Cmd>,
    layout: &mut crate::user::Layout,
    registry: &mut super::registry::RegistryState,
    comments: &mut super::comments::CommentDrafts,
) {
    // The width is the analyst's (dragged, remembered); content never
    // widens it, so the article does not reflow when a span is selected.
    let width = f32::from(layout.side_width);
    let shown = egui::Panel::right("side")
        .resizable(true)
        .default_size(width)
        .size_range(SIDE_MIN..=SIDE_MAX)
        .show_collapsible(ui, &mut layout.side_shown, |ui| {
            // The label bar stays on top, outside the scrolling part.
            labels_ui(inp, ui, out);
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("side_scroll")
                .show(ui, |ui| {
                    status_ui(inp, ui, out);
                    super::judgements::doc_labels_ui(inp.session, inp.keymap, ui, out);
                    ui.separator();
                    inspector_section_ui(inp, ui, out, registry);
                    super::comments::threads_ui(inp.session, comments, ui, out);
                    suggestions_ui(inp, ui, out);
                    relations_ui(inp, ui, out);
                    ui.separator();
                    span_list_ui(inp, ui, span_filter, out);
                });
        });
    if let Some(r) = shown {
        layout.side_width = r.response.rect.width().round() as u16;
    }
}

fn labels_ui(inp: &Inputs<'_>, ui: &mut Ui, out: &mut Vec<Cmd>) {
    let (in_doc, totals) = (&inp.counts.0, &inp.counts.1);
    let Some(project) = &inp.session.project else {
        return;
    };
    let mut cmds = Vec::new();
    ui.horizontal(|ui| {
        ui.heading("Labels");
        if ui
            .small_button("Edit…")
            .on_hover_text("Add, rename, recolor, reorder, delete labels")
            .clicked()
        {
            out.push(Cmd::Show(super::Dialog::LabelSet));
        }
    });
    let target = if inp.session.selection.is_some() {
        "Click or press a key to label the selected text"
    } else if inp.session.selected_span.is_some() {
        "Click or press a key to relabel the selected span"
    } else {
        "Select text, then click a label or press its key"
    };
    ui.weak(target);
    egui::Grid::new("label_grid")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for (i, l) in project.labels.iter().enumerate() {
                ui.monospace(hotkey_text(i));
                ui.horizontal(|ui| {
                    swatch(ui, project, &l.name);
                    let selected = inp.session.selected().is_some_and(|s| s.label == l.name);
                    let r = ui.selectable_label(selected, &l.name);
                    let r = if l.description.is_empty() {
                        r
                    } else {
                        r.on_hover_text(&l.description)
                    };
                    if r.clicked() {
                        cmds.push(Cmd::ApplyLabel(i));
                    }
                });
                let (in_doc, total) = (in_doc.get(i).copied(), totals.get(i).copied());
                ui.label(in_doc.unwrap_or(0).to_string())
                    .on_hover_text("spans in this document");
                ui.weak(total.unwrap_or(0).to_string())
                    .on_hover_text("spans in the project");
                ui.end_row();
            }
        });
    out.extend(cmds);
}

fn status_ui(inp: &Inputs<'_>, ui: &mut Ui, out: &mut Vec<Cmd>) {
    let Some(doc) = inp.session.document() else {
        return;
    };
    let current = doc.status;
    let mut new_status = None;
    // Active time in the hover (a line that appeared as time accrued
    // would move everything below it under the pointer).
    let mmss = |ms: u64| format!("{}:{:02}", ms / 60_000, (ms / 1000) % 60);
    let time: Vec<String> = doc
        .active_ms
        .iter()
        .map(|(a, ms)| format!("{a} {}", mmss(*ms)))
        .collect();
    let time = if time.is_empty() {
        "Active time: none yet".to_owned()
    } else {
        format!("Active time: {}", time.join(", "))
    };
    ui.horizontal(|ui| {
        ui.label("Status").on_hover_text(format!(
            "{time}\n(the document shown, the window focused; a stretch of more than a minute without input does not count)"
        ));
        for s in Status::ALL {
            if ui.selectable_label(current == s, status_name(s)).clicked() && current != s {
                new_status = Some(s);
            }
        }
    });
    if ui
        .button("Done, next document")
        .on_hover_text(format!(
            "{}: {}",
            inp.keymap
                .label(ui.ctx(), super::actions::Action::DoneAndNext),
            super::actions::Action::DoneAndNext.description()
        ))
        .clicked()
    {
        out.push(Cmd::DoneAndNext);
    }
    // Review: a document marked done is signed off by a reviewer.
    if let Some(doc) = inp.session.document() {
        match &doc.review {
            Some(r) => {
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!(
                        "Reviewed by {} on {}",
                        r.by,
                        r.at.format("%Y-%m-%d")
                    ));
                    if ui.small_button("Take back").clicked() {
                        out.push(Cmd::Apply(crate::edit::Edit::SetReview {
                            doc: doc.id.clone(),
                            review: None,
                        }));
                    }
                });
            }
            None if doc.status == Status::Done
                && ui
                    .button("Mark reviewed")
                    .on_hover_text(format!("Sign it off as {}", inp.session.annotator))
                    .clicked() =>
            {
                out.push(Cmd::Apply(crate::edit::Edit::SetReview {
                    doc: doc.id.clone(),
                    review: Some(crate::model::Review::now(&inp.session.annotator)),
                }));
            }
            None => {}
        }
        if !doc.assignees.is_empty() {
            ui.weak(format!("Assigned to {}", doc.assignees.join(", ")));
        }
    }
    if let (Some(status), Some(doc)) = (new_status, inp.session.document()) {
        out.push(Cmd::Apply(crate::edit::Edit::SetStatus {
            doc: doc.id.clone(),
            status,
        }));
    }
}

/// The selection and the span inspector take at least this height, so what
/// is below them stays put when a span is selected or deselected.
const INSPECTOR_MIN_HEIGHT: f32 = 350.0;

/// The selection or the selected span, in a place of stable height: it only
/// grows (to the tallest inspector shown so far), never shrinks, so the next
/// click below lands where the analyst aimed.
fn inspector_section_ui(
    inp: &Inputs<'_>,
    ui: &mut Ui,
    out: &mut Vec<Cmd>,
    registry: &mut super::registry::RegistryState,
) {
    let id = ui.scope_id().with("inspector_height");
    // On a short screen, a third of its height at first.
    let first = INSPECTOR_MIN_HEIGHT.min(ui.ctx().content_rect().height() / 3.0);
    let reserved = ui.ctx().data(|d| d.get_temp::<f32>(id)).unwrap_or(first);
    let top = ui.cursor().top();
    selection_ui(inp, ui, out);
    span_inspector_ui(inp, ui, out);
    super::registry::entity_ui(inp.session, registry, ui, out);
    if inp.session.selection.is_none() && inp.session.selected().is_none() {
        ui.heading("Selected span");
        ui.weak("None. Select text to label it, or click a span to see it here.");
    }
    let used = ui.cursor().top() - top;
    if used < reserved {
        ui.add_space(reserved - used);
    } else {
        ui.ctx().data_mut(|d| d.insert_temp(id, used));
    }
}

fn selection_ui(inp: &Inputs<'_>, ui: &mut Ui, out: &mut Vec<Cmd>) {
    let Some(r) = inp.session.selection.clone() else {
        return;
    };
    let Some(doc) = inp.session.document() else {
        return;
    };
    let text = CharIndex::new(&doc.text)
        .slice(r.start, r.end)
        .unwrap_or("")
        .replace('\n', " ");
    ui.heading("Selection");
    let short: String = text.chars().take(160).collect();
    // The text as it is: a quotation brings its own marks.
    if crate::model::bidi::has_rtl(&short) {
        super::text_layout::label(ui, &short, egui::TextStyle::Body, false);
    } else {
        ui.add(egui::Label::new(RichText::new(short).italics()).wrap());
    }
    ui.weak(format!(
        "{}..{} ({} characters)",
        r.start,
        r.end,
        r.end - r.start
    ));
    if ui.button("Label all occurrences…").clicked() {
        out.push(Cmd::Show(super::Dialog::LabelAll));
    }
    ui.separator();
}

fn span_inspector_ui(inp: &Inputs<'_>, ui: &mut Ui, out: &mut Vec<Cmd>) {
    use super::actions::Action;
    let [start_left, start_right, end_left, end_right] = [
        Action::StartLeft,
        Action::StartRight,
        Action::EndLeft,
        Action::EndRight,
    ]
    .map(|a| format!("{} ({})", a.title(), inp.keymap.label(ui.ctx(), a)));
    let span = inp.session.selected().cloned();
    let (Some(project), Some(span), Some(cache)) = (&inp.session.project, span, inp.index) else {
        return;
    };
    let index = cache;
    let Some(doc) = project.documents.get(inp.session.current) else {
        return;
    };
    let doc_id = doc.id.clone();
    let mut cmds = Vec::new();
    ui.heading("Selected span");
    if span.suggested {
        ui.horizontal_wrapped(|ui| {
            let score = span
                .score()
                .map(|x| format!(", score {x:.2}"))
                .unwrap_or_default();
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("Suggested by {}{score}", span.rule),
            );
            let key = |a| inp.keymap.label(ui.ctx(), a);
            let (accept, reject) = (
                format!("Accept ({})", key(super::actions::Action::Accept)),
                format!("Reject ({})", key(super::actions::Action::Reject)),
            );
            if ui.button(accept).clicked() {
                cmds.push(Cmd::AcceptSuggestion);
            }
            if ui.button(reject).clicked() {
                cmds.push(Cmd::RejectSuggestion);
            }
        });
    }
    if inp.session.linking.is_some() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "Linking: click the other span ({}). Esc cancels.",
                inp.session.relation_label
            ),
        );
    }
    let mut label = span.label.clone();
    let mut note = span.note.clone();
    egui::Grid::new("span_grid").num_columns(2).show(ui, |ui| {
        let label_label = ui.label("Label");
        egui::ComboBox::from_id_salt("span_label")
            .selected_text(RichText::new(&label).color(label_color(project, &label)))
            .show_ui(ui, |ui| {
                for l in &project.labels {
                    ui.selectable_value(&mut label, l.name.clone(), &l.name);
                }
            })
            .response
            .labelled_by(label_label.id);
        ui.end_row();
        ui.label("Text");
        super::text_layout::label(
            ui,
            &span_excerpt(index, doc, &span, 200),
            egui::TextStyle::Body,
            false,
        );
        ui.end_row();
        ui.label("Offsets");
        ui.monospace(format!("{}..{}", span.start, span.end));
        ui.end_row();
        let note_label = ui.label("Note");
        ui.add(
            egui::TextEdit::multiline(&mut note)
                .desired_rows(2)
                .desired_width(180.0),
        )
        .labelled_by(note_label.id);
        ui.end_row();
        let by = span.annotators().collect::<Vec<_>>().join(", ");
        if !by.is_empty() {
            ui.label("Annotator");
            ui.label(by);
            ui.end_row();
        }
        if !span.conflict.is_empty() {
            ui.label("Merge");
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "⚠ disagreement {}: keep one, delete the others",
                    span.conflict
                ),
            );
            ui.end_row();
        }
    });
    if label != span.label {
        cmds.push(Cmd::Apply(Edit::UpdateSpan {
            doc: doc_id.clone(),
            span: Span {
                label,
                ..span.clone()
            },
        }));
    } else if note != span.note {
        // Typing a note is one undo step.
        cmds.push(Cmd::ApplyCoalescing(
            Edit::UpdateSpan {
                doc: doc_id.clone(),
                span: Span {
                    note,
                    ..span.clone()
                },
            },
            format!("note:{}", span.id),
        ));
    }
    attributes_ui(ui, &doc_id, &span, &mut cmds);
    ui.horizontal(|ui| {
        ui.label("Start");
        if ui.small_button("◀").on_hover_text(&start_left).clicked() {
            cmds.push(Cmd::MoveEdge(Edge::Start, false));
        }
        if ui.small_button("▶").on_hover_text(&start_right).clicked() {
            cmds.push(Cmd::MoveEdge(Edge::Start, true));
        }
        ui.label("End");
        if ui.small_button("◀ ").on_hover_text(&end_left).clicked() {
            cmds.push(Cmd::MoveEdge(Edge::End, false));
        }
        if ui.small_button("▶ ").on_hover_text(&end_right).clicked() {
            cmds.push(Cmd::MoveEdge(Edge::End, true));
        }
    });
    ui.horizontal(|ui| {
        let link_key = inp.keymap.label(ui.ctx(), super::actions::Action::Link);
        if ui
            .button("Link to…")
            .on_hover_text(format!("{link_key}, then click the other span"))
            .clicked()
        {
            cmds.push(Cmd::StartLink);
        }
        let mut relation = inp.session.relation_label.clone();
        egui::ComboBox::new("relation_label", "relation")
            .selected_text(&relation)
            .show_ui(ui, |ui| {
                for l in &project.relation_labels {
                    ui.selectable_value(&mut relation, l.name.clone(), &l.name);
                }
            });
        if relation != inp.session.relation_label {
            cmds.push(Cmd::SetRelationLabel(relation));
        }
    });
    ui.horizontal(|ui| {
        let delete_key = inp
            .keymap
            .label(ui.ctx(), super::actions::Action::DeleteSpan);
        if ui.button("Delete span").on_hover_text(delete_key).clicked() {
            cmds.push(Cmd::DeleteSpan);
        }
    });
    ui.horizontal(|ui| {
        if ui.button("Label all occurrences…").clicked() {
            out.push(Cmd::Show(super::Dialog::LabelAll));
        }
        if ui
            .button("More like this")
            .on_hover_text("Suggest this text's other occurrences in the project, with this label")
            .clicked()
        {
            cmds.push(Cmd::MoreLikeThis);
        }
    });
    ui.separator();
    out.extend(cmds);
}

/// Pre-annotation: run the rules on this document; per rule, how many
/// suggestions were accepted, rejected and are pending, with one click to
/// settle all of a rule's pending suggestions here.
fn review_name(o: ReviewOrder) -> &'static str {
    match o {
        ReviewOrder::Text => "In text order",
        ReviewOrder::LeastCertain => "Least certain first",
        ReviewOrder::MostCertain => "Most certain first",
    }
}

/// The learned suggester: Learn, the review order, and per label its
/// cross-validated F1 and the threshold under which its suggestions hide.
fn learned_ui(inp: &Inputs<'_>, ui: &mut Ui, cmds: &mut Vec<Cmd>) {
    use super::actions::Action;
    ui.horizontal(|ui| {
        let learn = ui
            .add_enabled(!inp.learning, egui::Button::new("Learn").small())
            .on_hover_text(Action::Learn.description());
        if learn.clicked() {
            cmds.push(Cmd::Learn);
        }
        if inp.learning {
            ui.spinner();
            ui.weak("learning…");
        }
        let name = ui.label("Review");
        let mut order = inp.session.review;
        egui::ComboBox::from_id_salt("review_order")
            .selected_text(review_name(order))
            .show_ui(ui, |ui| {
                for o in [
                    ReviewOrder::Text,
                    ReviewOrder::LeastCertain,
                    ReviewOrder::MostCertain,
                ] {
                    ui.selectable_value(&mut order, o, review_name(o));
                }
            })
            .response
            .labelled_by(name.id);
        if order != inp.session.review {
            cmds.push(Cmd::SetReview(order));
        }
    });
    let Some(model) = &inp.session.learned else {
        return;
    };
    egui::Grid::new("learned_labels").num_columns(3).show(ui, |ui| {
        for (label, lm) in &model.labels {
            ui.label(label);
            ui.label(format!("F1 {:.2}", lm.scores.f1)).on_hover_text(format!(
                "Cross-validated over documents marked done: precision {:.2}, recall {:.2}; {} training spans",
                lm.scores.precision, lm.scores.recall, lm.train_spans
            ));
            let mut t = inp.session.threshold(label);
            let r = ui
                .add(egui::Slider::new(&mut t, 0.0..=1.0).fixed_decimals(1))
                .accessible_name(format!("Threshold for {label}"))
                .on_hover_text("Learned suggestions scored under this are hidden and not proposed");
            if r.changed() {
                cmds.push(Cmd::SetThreshold(label.clone(), t));
            }
            ui.end_row();
        }
    });
}

fn suggestions_ui(inp: &Inputs<'_>, ui: &mut Ui, out: &mut Vec<Cmd>) {
    if inp.session.document().is_none() {
        return;
    }
    let (here, all) = (&inp.rules.0, &inp.rules.1);
    let mut cmds = Vec::new();
    ui.horizontal(|ui| {
        ui.heading("Suggestions");
        if ui
            .small_button("Suggest")
            .on_hover_text("Run the quote finder and the project's rules on this document")
            .clicked()
        {
            cmds.push(Cmd::SuggestDocument);
        }
        if ui
            .small_button("In all documents")
            .on_hover_text("Run them on every document of the project (one undo step)")
            .clicked()
        {
            cmds.push(Cmd::SuggestProject);
        }
    });
    learned_ui(inp, ui, &mut cmds);
    if all.is_empty() {
        use super::actions::Action;
        let key = |a| inp.keymap.label(ui.ctx(), a);
        ui.weak(format!(
            "No suggestions yet. {} accepts the one under the caret, {} rejects it, {} and {} step through them.",
            key(Action::Accept),
            key(Action::Reject),
            key(Action::NextSuggestion),
            key(Action::PreviousSuggestion)
        ));
    }
    egui::Grid::new("rule_counts")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            for (rule, c) in all {
                let h = here.get(rule).copied().unwrap_or_default();
                ui.label(rule).on_hover_text(format!(
                    "In this project: {} accepted, {} rejected, {} pending",
                    c.accepted, c.rejected, c.pending
                ));
                ui.label(format!("✔{} ✘{} …{}", c.accepted, c.rejected, h.pending))
                    .on_hover_text("accepted / rejected in the project, pending in this document");
                ui.horizontal(|ui| {
                    let any = h.pending > 0;
                    if ui
                        .add_enabled(any, egui::Button::new("✔ all").small())
                        .on_hover_text("Accept all of this rule's suggestions in this document")
                        .clicked()
                    {
                        cmds.push(Cmd::SettleRule(rule.clone(), true));
                    }
                    if ui
                        .add_enabled(any, egui::Button::new("✘ all").small())
                        .on_hover_text("Reject all of this rule's suggestions in this document")
                        .clicked()
                    {
                        cmds.push(Cmd::SettleRule(rule.clone(), false));
                    }
                });
                ui.end_row();
            }
        });
    ui.separator();
    out.extend(cmds);
}

fn attributes_ui(ui: &mut Ui, doc: &str, span: &Span, cmds: &mut Vec<Cmd>) {
    let id = egui::Id::unique(("new_attr", &span.id));
    let mut draft: (String, String) = ui.data_mut(|d| d.get_temp(id).unwrap_or_default());
    egui::CollapsingHeader::new(format!("Attributes ({})", span.attributes.len()))
        .id_salt("attrs")
        .show(ui, |ui| {
            for (k, v) in &span.attributes {
                ui.horizontal(|ui| {
                    ui.label(format!("{k} = {v}"));
                    if ui
                        .small_button("✕")
                        .on_hover_text("Remove attribute")
                        .clicked()
                    {
                        let mut s = span.clone();
                        s.attributes.remove(k);
                        cmds.push(Cmd::Apply(Edit::UpdateSpan {
                            doc: doc.to_owned(),
                            span: s,
                        }));
                    }
                });
            }
            ui.horizontal(|ui| {
                let kl = ui.label("Key");
                ui.add(egui::TextEdit::singleline(&mut draft.0).desired_width(60.0))
                    .labelled_by(kl.id);
                let vl = ui.label("Value");
                ui.add(egui::TextEdit::singleline(&mut draft.1).desired_width(70.0))
                    .labelled_by(vl.id);
                let key_problem = (!draft.0.trim().is_empty())
                    .then(|| crate::model::check_name("attribute", draft.0.trim()).err())
                    .flatten();
                if let Some(p) = &key_problem {
                    ui.colored_label(ui.visuals().error_fg_color, p);
                }
                if ui.small_button("Add").clicked()
                    && !draft.0.trim().is_empty()
                    && key_problem.is_none()
                {
                    let mut s = span.clone();
                    s.attributes
                        .insert(draft.0.trim().to_owned(), draft.1.trim().to_owned());
                    cmds.push(Cmd::Apply(Edit::UpdateSpan {
                        doc: doc.to_owned(),
                        span: s,
                    }));
                    draft = Default::default();
                }
            });
        });
    ui.data_mut(|d| d.insert_temp(id, draft));
}

fn relations_ui(inp: &Inputs<'_>, ui: &mut Ui, out: &mut Vec<Cmd>) {
    let (Some(project), Some(cache)) = (&inp.session.project, inp.index) else {
        return;
    };
    let index = cache;
    let Some(doc) = project.documents.get(inp.session.current) else {
        return;
    };
    let mut cmds = Vec::new();
    ui.heading("Who said what");
    if doc.relations.is_empty() {
        ui.weak("No relations. Select a span, press R, click another.");
    }
    for r in &doc.relations {
        let (Some(h), Some(c)) = (doc.span(&r.head), doc.span(&r.child)) else {
            continue;
        };
        // A relation to or from a suggestion is itself only suggested.
        let suggested = h.suggested || c.suggested;
        let mark = if suggested { "◌ " } else { "" };
        ui.scope(|ui| {
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            let head = ui.link(super::text_layout::line(
                ui,
                &format!("{mark}{}", span_excerpt(index, doc, h, 38)),
            ));
            let head = if suggested {
                head.on_hover_text("Suggested: accept the quotation and the speaker to keep it")
            } else {
                head
            };
            if head.clicked() {
                cmds.push(Cmd::SelectSpan(Some(h.id.clone())));
                cmds.push(Cmd::ScrollTo(h.start));
            }
            ui.horizontal(|ui| {
                ui.weak(format!("  —{}→", r.label));
                if ui
                    .link(super::text_layout::line(
                        ui,
                        &span_excerpt(index, doc, c, 22),
                    ))
                    .clicked()
                {
                    cmds.push(Cmd::SelectSpan(Some(c.id.clone())));
                    cmds.push(Cmd::ScrollTo(c.start));
                }
                if ui
                    .small_button("✕")
                    .on_hover_text("Remove this relation")
                    .clicked()
                {
                    cmds.push(Cmd::Apply(Edit::RemoveRelation {
                        doc: doc.id.clone(),
                        relation_id: r.id.clone(),
                    }));
                }
            });
        });
    }
    out.extend(cmds);
}

fn span_list_ui(
    inp: &Inputs<'_>,
    ui: &mut Ui,
    span_filter: &mut Option<String>,
    out: &mut Vec<Cmd>,
) {
    let (Some(project), Some(cache)) = (&inp.session.project, inp.index) else {
        return;
    };
    let Some(doc) = project.documents.get(inp.session.current) else {
        return;
    };
    let mut cmds = Vec::new();
    let mut filter = span_filter.clone();
    egui::CollapsingHeader::new(format!("Spans in this document ({})", doc.spans.len()))
        .default_open(true)
        .show(ui, |ui| {
            egui::ComboBox::new("span_filter", "Show")
                .selected_text(filter.as_deref().unwrap_or("All labels"))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter, None, "All labels");
                    for l in &project.labels {
                        ui.selectable_value(&mut filter, Some(l.name.clone()), &l.name);
                    }
                });
            span_rows_ui(
                ui,
                project,
                doc,
                cache,
                filter.as_deref(),
                inp.session.selected_span.as_deref(),
                &mut cmds,
            );
        });
    *span_filter = filter;
    out.extend(cmds);
}

fn span_rows_ui(
    ui: &mut Ui,
    project: &Project,
    doc: &Document,
    index: &TextIndex,
    filter: Option<&str>,
    selected: Option<&str>,
    cmds: &mut Vec<Cmd>,
) {
    let rows: Vec<&Span> = doc
        .spans
        .iter()
        .filter(|s| filter.is_none_or(|f| s.label == f))
        .collect();
    // Only the visible rows are built: a document may have thousands of spans.
    let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("span_rows")
        .max_height(360.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for s in &rows[range] {
                ui.horizontal(|ui| {
                    swatch(ui, project, &s.label);
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                    let max = 36usize.saturating_sub(s.label.chars().count());
                    let flag = match (s.suggested, s.conflict.is_empty()) {
                        (true, _) => "◌ ",
                        (false, false) => "⚠ ",
                        (false, true) => "",
                    };
                    let text = format!("{flag}{}: {}", s.label, span_excerpt(index, doc, s, max));
                    if ui
                        .selectable_label(
                            selected == Some(s.id.as_str()),
                            super::text_layout::line(ui, &text),
                        )
                        .clicked()
                    {
                        cmds.push(Cmd::SelectSpan(Some(s.id.clone())));
                        cmds.push(Cmd::ScrollTo(s.start));
                    }
                });
            }
        });
}
