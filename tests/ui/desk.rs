//! Running a desk in the window: find by query terms, saved queries, the
//! Desk panel, open threads marked in the article.

use crate::common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use marginalia::model::Status;

#[test]
fn find_with_query_terms_steps_through_spans_across_the_project() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run();
    h.get_by_label("Query").click();
    h.run();
    h.get_by_label("Find:").click();
    h.run();
    type_text(&h, "label:quote");
    h.run();
    let (here, project): (Vec<String>, Vec<(String, String)>) = {
        let s = h.state();
        let d = s.document().unwrap();
        let p = s.session.project.as_ref().unwrap();
        (
            d.spans
                .iter()
                .filter(|s| s.label == "quote")
                .map(|s| s.id.clone())
                .collect(),
            p.documents
                .iter()
                .flat_map(|d| d.spans.iter().map(move |s| (d, s)))
                .filter(|(_, s)| s.label == "quote")
                .map(|(d, s)| (d.id.clone(), s.id.clone()))
                .collect(),
        )
    };
    assert!(!here.is_empty(), "the sample's first article has quotes");
    assert_eq!(h.state().find.span_ids, here);
    // Counted here and in the whole project.
    h.get_by_label(&format!(
        "1 of {} here, {} in all",
        here.len(),
        project.len()
    ));
    let docs_with: std::collections::BTreeSet<&str> =
        project.iter().map(|(d, _)| d.as_str()).collect();
    h.get_by_label_contains(&format!("In {} documents", docs_with.len()));
    // Enter walks every quote of the project in order, selecting each span.
    let mut seen = Vec::new();
    for _ in 0..project.len() {
        h.key_press(Key::Enter);
        h.run();
        let s = h.state();
        let doc = s.document().unwrap().id.clone();
        let span = s.session.selected_span.clone().expect("a span is selected");
        seen.push((doc, span));
    }
    // The first Enter moves past the hit shown when typing, so the walk
    // starts at the second quote and wraps round to the first.
    let mut expected = project.clone();
    expected.rotate_left(1);
    assert_eq!(seen, expected);
    // A span term with a negation and a relation: quotes without a speaker.
    h.key_combination_modifiers(Modifiers::COMMAND, &[Key::A]);
    h.run();
    type_text(&h, "label:quote -rel:attributed_to");
    h.run();
    let unattributed = h
        .state()
        .find
        .project_hits
        .iter()
        .map(|x| x.1)
        .sum::<usize>();
    let brute = {
        let p = h.state().session.project.clone().unwrap();
        p.documents
            .iter()
            .flat_map(|d| d.spans.iter().map(move |s| (d, s)))
            .filter(|(d, s)| {
                s.label == "quote"
                    && !d
                        .relations
                        .iter()
                        .any(|r| r.label == "attributed_to" && (r.head == s.id || r.child == s.id))
            })
            .count()
    };
    assert_eq!(unattributed, brute);
    // A typo: the error under the bar, the last hits stay.
    let before = h.state().find.project_hits.clone();
    type_text(&h, " lable:x");
    h.run();
    h.get_by_label_contains("unknown key \"lable\"");
    assert_eq!(h.state().find.project_hits, before);
}

#[test]
fn a_saved_query_is_kept_in_the_project_and_filters_the_list() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let total = h.state().session.project.as_ref().unwrap().documents.len();
    let quotes = docs_where(h.state(), |d| d.spans.iter().any(|s| s.label == "quote"));
    h.get_by_label("Filter").click();
    h.run();
    type_text(&h, "label:quote");
    h.run();
    h.get_by_label("★").click();
    h.run();
    // The name field has the keyboard as the menu opens.
    type_text(&h, "with quotes");
    h.run();
    assert_eq!(h.state().doclist.save_name, "with quotes");
    h.key_press(Key::Enter);
    h.run();
    let saved = h
        .state()
        .session
        .project
        .as_ref()
        .unwrap()
        .saved_queries
        .clone();
    assert_eq!(saved.len(), 1);
    assert_eq!(
        (saved[0].name.as_str(), saved[0].query.as_str()),
        ("with quotes", "label:quote")
    );
    // Clear the filter, then pick the saved query from the menu.
    h.get_by_label("Filter").click();
    h.run();
    h.key_combination_modifiers(Modifiers::COMMAND, &[Key::A]);
    h.key_press(Key::Backspace);
    h.run();
    assert!(h.query_by_label_contains("shown").is_none());
    h.get_by_label("★").click();
    h.run();
    h.get_by_label("with quotes").click();
    h.run();
    h.get_by_label(&format!("{quotes} of {total} shown"));
    // Saved with the project, and undoable.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_for_save(&mut h);
    let back = marginalia::store::load(&path).unwrap();
    assert_eq!(back.saved_queries, saved);
    h.key_press(Key::Escape);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(
        h.state()
            .session
            .project
            .as_ref()
            .unwrap()
            .saved_queries
            .is_empty()
    );
}

#[test]
fn the_desk_panel_shows_each_analysts_progress_and_filters_by_them() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let total = h.state().session.project.as_ref().unwrap().documents.len();
    {
        let p = h.state_mut().session.project.as_mut().unwrap();
        for (i, d) in p.documents.iter_mut().enumerate() {
            d.assignees = vec![if i % 2 == 0 { "kim" } else { "Lee Ji-woo" }.into()];
            d.status = if i < 3 { Status::Done } else { Status::Todo };
        }
        p.documents[0].active_ms.insert("kim".into(), 125_000);
        p.documents[2].active_ms.insert("kim".into(), 55_000);
    }
    h.state_mut().session.revision += 1;
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    h.run();
    h.get_by_label("Desk");
    let kims = total.div_ceil(2);
    // kim: documents 0, 2 done; 3 min 00 s over two documents.
    h.get_by_label("3 min 00 s");
    h.get_by_label("1 min 30 s");
    h.get_by_label(&format!("0 of {total} documents unassigned."));
    let progress = h.query_all_by_label_contains("%").count();
    assert_eq!(progress, 2, "a progress bar per analyst");
    // With "Mine" on, a name in the Desk shows all their documents (the
    // toggles give way to the query).
    h.state_mut().doclist.mine = Some("kim".into());
    h.run();
    h.get_by_label("Lee Ji-woo").click();
    h.run();
    assert_eq!(h.state().doclist.filter, "assignee:\"Lee Ji-woo\"");
    h.get_by_label(&format!("{} of {total} shown", total - kims));
    h.get_by_label("Review queue").click();
    h.run();
    h.get_by_label(&format!("3 of {total} shown"));
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.query_by_label("Review queue").is_none(),
        "Escape closes the Desk"
    );
}

#[test]
fn a_span_with_an_open_thread_says_so_when_hovered() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let (span, at) = {
        let d = h.state().document().unwrap();
        let s = &d.spans[0];
        (s.id.clone(), (s.start + s.end) / 2)
    };
    h.state_mut().push(marginalia::app::Cmd::Comment(
        Some(span.clone()),
        None,
        "Is this the spokesman or the minister?".into(),
    ));
    h.run();
    let pos = char_center(&mut h, at);
    h.hover_at(pos);
    for _ in 0..90 {
        h.step();
    }
    h.get_by_label_contains("Open thread (1 comment)");
    // Resolved: no longer said.
    let thread = h.state().document().unwrap().threads[0].id.clone();
    h.state_mut()
        .push(marginalia::app::Cmd::ResolveThread(thread, true));
    h.run();
    let me = h.state().session.annotator.clone();
    let by = h.state().document().unwrap().threads[0].resolved_by.clone();
    assert_eq!(by.map(|r| r.by), Some(me), "who resolved it");
    h.hover_at(pos + egui::vec2(1.0, 0.0));
    for _ in 0..90 {
        h.step();
    }
    assert!(h.query_by_label_contains("Open thread").is_none());
}
