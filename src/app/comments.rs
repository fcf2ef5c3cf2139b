//! Discussion threads in the side panel: the selected span's, or the
//! document's when no span is selected. Reply, resolve, reopen; every change
//! is a command.

use super::Cmd;
use crate::session::Session;
use egui::{RichText, Ui};
use std::collections::BTreeMap;

/// Drafts being typed, per thread id (or `new:` and the span or document).
#[derive(Default)]
pub struct CommentDrafts {
    text: BTreeMap<String, String>,
}

/// The threads of the selected span (or of the document) and a field to
/// start one.
pub(super) fn threads_ui(
    session: &Session,
    drafts: &mut CommentDrafts,
    ui: &mut Ui,
    out: &mut Vec<Cmd>,
) {
    let Some(doc) = session.document() else {
        return;
    };
    let span = session
        .selected()
        .filter(|s| !s.suggested)
        .map(|s| s.id.clone());
    let threads: Vec<&crate::model::Thread> = doc
        .threads
        .iter()
        .filter(|t| match &span {
            Some(s) => t.span.as_deref() == Some(s.as_str()),
            // The document's own, and those whose span is gone.
            None => t.span.as_deref().is_none_or(|s| doc.span(s).is_none()),
        })
        .collect();
    let open = threads.iter().filter(|t| !t.resolved).count();
    let title = match (&span, open) {
        (Some(_), 0) => "Comments on this span".to_owned(),
        (Some(_), n) => format!("Comments on this span ({n} open)"),
        (None, 0) => "Comments on this document".to_owned(),
        (None, n) => format!("Comments on this document ({n} open)"),
    };
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .id_salt("comments")
        .default_open(open > 0)
        .show(ui, |ui| {
            for t in threads {
                ui.group(|ui| {
                    for c in &t.comments {
                        ui.label(
                            RichText::new(format!(
                                "{} · {}",
                                c.author,
                                c.at.format("%Y-%m-%d %H:%M")
                            ))
                            .small()
                            .weak(),
                        );
                        super::text_layout::label(ui, &c.text, egui::TextStyle::Body, false);
                    }
                    let draft = drafts.text.entry(t.id.clone()).or_default();
                    ui.horizontal(|ui| {
                        let r = ui.add(
                            egui::TextEdit::singleline(draft)
                                .hint_text("reply")
                                .desired_width(150.0),
                        );
                        r.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Reply text")
                        });
                        let send = ui.small_button("Reply").clicked() || super::submitted(ui, &r);
                        if send && !draft.trim().is_empty() {
                            out.push(Cmd::Comment(
                                None,
                                Some(t.id.clone()),
                                std::mem::take(draft),
                            ));
                        }
                        let (label, to) = if t.resolved {
                            ("Reopen", false)
                        } else {
                            ("Resolve", true)
                        };
                        if ui.small_button(label).clicked() {
                            out.push(Cmd::ResolveThread(t.id.clone(), to));
                        }
                    });
                    if t.resolved {
                        ui.weak(match &t.resolved_by {
                            Some(r) => format!(
                                "Resolved by {}, {}",
                                r.by,
                                r.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M")
                            ),
                            None => "Resolved".to_owned(),
                        });
                    }
                });
            }
            let key = format!("new:{}", span.as_deref().unwrap_or(&doc.id));
            let draft = drafts.text.entry(key).or_default();
            ui.horizontal(|ui| {
                let r = ui.add(
                    egui::TextEdit::singleline(draft)
                        .hint_text("new comment")
                        .desired_width(170.0),
                );
                r.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, "New comment")
                });
                let send = ui.small_button("Comment").clicked() || super::submitted(ui, &r);
                if send && !draft.trim().is_empty() {
                    out.push(Cmd::Comment(span.clone(), None, std::mem::take(draft)));
                }
            });
        });
}
