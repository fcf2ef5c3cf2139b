//! The Desk window: each analyst's documents assigned, done and reviewed,
//! and the active time they took; a name filters the document list to
//! their documents.

use super::{Cmd, Session};
use crate::desk::Progress;
use std::collections::BTreeMap;

/// Whether the window is open, and its figures for one project revision.
#[derive(Default)]
pub struct DeskState {
    /// Shown.
    pub open: bool,
    /// (revision, progress per analyst, documents nobody is assigned).
    cache: Option<(u64, BTreeMap<String, Progress>, usize)>,
}

/// Seconds as "1 h 05 min", "12 min 30 s" or "40 s".
pub fn duration(secs: f64) -> String {
    let s = secs.round() as u64;
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {:02} s", s / 60, s % 60),
        _ => format!("{} h {:02} min", s / 3600, (s / 60) % 60),
    }
}

/// A query term's value, quoted when it holds spaces or quotes.
fn term_value(v: &str) -> String {
    if v.chars().any(|c| c.is_whitespace() || "\"()".contains(c)) {
        format!("\"{}\"", v.replace('"', ""))
    } else {
        v.to_owned()
    }
}

/// A plain bar, its share filled, the percentage beside it.
fn progress_bar(ui: &mut egui::Ui, share: f32) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(80.0, 8.0), egui::Sense::hover());
        let v = ui.visuals();
        ui.painter().rect_filled(rect, 2.0, v.extreme_bg_color);
        if share > 0.0 {
            let mut done = rect;
            done.set_width(rect.width() * share.clamp(0.0, 1.0));
            ui.painter().rect_filled(done, 2.0, v.selection.bg_fill);
        }
        ui.label(format!("{:.0}%", share * 100.0));
    });
}

/// The window (Ctrl+Shift+D).
pub(super) fn desk_ui(
    ctx: &egui::Context,
    session: &Session,
    st: &mut DeskState,
    out: &mut Vec<Cmd>,
) {
    let Some(project) = session.project.as_ref().filter(|_| st.open) else {
        return;
    };
    if st.cache.as_ref().is_none_or(|c| c.0 != session.revision) {
        st.cache = Some((
            session.revision,
            crate::desk::progress(project),
            crate::desk::unassigned(project),
        ));
    }
    let Some((_, rows, unassigned)) = &st.cache else {
        return;
    };
    let mut open = st.open;
    egui::Window::new("Desk")
        .open(&mut open)
        .resizable(true)
        .default_width(560.0)
        .show(ctx, |ui| {
            if rows.is_empty() {
                ui.label(
                    "Nobody is assigned a document yet. Assign from the document list's \
                     context menu, or: marginalia assign FILE.ron --to kim,lee --overlap 0.15",
                );
            }
            egui::Grid::new("desk_grid")
                .striped(true)
                .num_columns(7)
                .show(ui, |ui| {
                    for h in [
                        "Analyst",
                        "Assigned",
                        "Done",
                        "Reviewed",
                        "",
                        "Active time",
                        "Per document",
                    ] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for (name, p) in rows {
                        let me = if *name == session.annotator {
                            " (you)"
                        } else {
                            ""
                        };
                        if ui
                            .link(format!("{name}{me}"))
                            .on_hover_text("Show their documents in the document list")
                            .clicked()
                        {
                            out.push(Cmd::FilterDocuments(format!(
                                "assignee:{}",
                                term_value(name)
                            )));
                        }
                        ui.label(p.assigned.to_string());
                        ui.label(p.done.to_string());
                        ui.label(p.reviewed.to_string());
                        let share = if p.assigned > 0 {
                            p.done as f32 / p.assigned as f32
                        } else {
                            0.0
                        };
                        progress_bar(ui, share);
                        ui.label(duration(p.seconds));
                        ui.label(p.seconds_per_document().map_or("–".to_owned(), duration))
                            .on_hover_text(format!(
                                "over the {} documents they spent time on",
                                p.timed
                            ));
                        ui.end_row();
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                ui.label(format!(
                    "{unassigned} of {} documents unassigned.",
                    project.documents.len()
                ));
                if ui
                    .link("Review queue")
                    .on_hover_text("status:done -status:reviewed")
                    .clicked()
                {
                    out.push(Cmd::FilterDocuments("status:done -status:reviewed".into()));
                }
            });
        });
    st.open = open;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_a_person_writes_them() {
        assert_eq!(duration(0.4), "0 s");
        assert_eq!(duration(59.6), "1 min 00 s");
        assert_eq!(duration(750.0), "12 min 30 s");
        assert_eq!(duration(3900.0), "1 h 05 min");
    }

    #[test]
    fn names_with_spaces_are_quoted_as_one_term() {
        assert_eq!(term_value("kim"), "kim");
        assert_eq!(term_value("Kim Ji-woo"), "\"Kim Ji-woo\"");
        let q = format!("assignee:{}", term_value("Kim Ji-woo"));
        assert!(crate::query::parse(&q).is_ok());
    }
}
