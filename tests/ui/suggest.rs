//! Pre-annotation: stepping through, accepting and rejecting suggestions,
//! suggesting in every document.

use crate::common::*;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use marginalia::app::MarginaliaApp;

#[test]
fn brackets_step_through_pending_suggestions_without_deciding() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.get_by_label("Suggest").click();
    h.run();
    let pending: Vec<String> = h
        .state()
        .document()
        .unwrap()
        .spans
        .iter()
        .filter(|s| s.suggested)
        .map(|s| s.id.clone())
        .collect();
    assert!(pending.len() >= 3);
    let selected = |h: &Harness<'static, MarginaliaApp>| h.state().session.selected_span.clone();
    assert_eq!(
        selected(&h).as_ref(),
        Some(&pending[0]),
        "Suggest selects the first"
    );
    h.key_press(Key::CloseBracket);
    h.run();
    assert_eq!(selected(&h).as_ref(), Some(&pending[1]));
    h.key_press(Key::OpenBracket);
    h.run();
    h.key_press(Key::OpenBracket);
    h.run();
    assert_eq!(selected(&h).as_ref(), pending.last(), "wraps around");
    assert_eq!(pending_count(&h), pending.len(), "stepping decides nothing");
    // Enter accepts the one stepped to.
    h.key_press(Key::Enter);
    h.run();
    let doc = h.state().document().unwrap();
    let last = doc.span(pending.last().unwrap()).unwrap();
    assert!(!last.suggested, "accepted");
}

#[test]
fn suggesting_in_all_documents_runs_in_the_background_and_undoes_in_one_step() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let before = h.state().session.project.clone().unwrap();
    suggest_in_all_documents(&mut h);
    let pending_docs = docs_where(h.state(), |d| d.spans.iter().any(|s| s.suggested));
    assert!(pending_docs >= 4, "suggestions in {pending_docs} documents");
    h.get_by_label_contains("suggestion(s) in the project");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().session.project.as_ref(),
        Some(&before),
        "one undo step"
    );
}

#[test]
fn suggestions_are_accepted_with_enter_and_rejected_with_backspace() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    let before = h.state().session.project.clone().unwrap();
    let spans_before = h.state().document().unwrap().spans.len();
    h.get_by_label("Suggest").click();
    h.run();
    let doc = h.state().document().unwrap().clone();
    let pending: Vec<_> = doc.spans.iter().filter(|s| s.suggested).cloned().collect();
    assert!(pending.len() >= 3, "{pending:#?}");
    assert!(pending.iter().any(|s| s.rule == "quotes"));
    assert!(pending.iter().any(|s| s.rule == "sanction_language"));
    // The proposed attribution shows as suggested in "Who said what".
    h.get_by_label_contains("◌ “candid and constructive”");
    // Pending suggestions never count as accepted spans in exports.
    let mut out = Vec::new();
    marginalia::export::export(
        h.state().session.project.as_ref().unwrap(),
        marginalia::export::Format::Jsonl,
        &marginalia::export::Filter::default(),
        &mut out,
    )
    .unwrap();
    let exported = String::from_utf8(out).unwrap();
    assert!(!exported.contains("\"annotator\":\"sanction_language\""));
    // The first suggestion is selected: Enter accepts it.
    let first = h
        .state()
        .session
        .selected()
        .cloned()
        .expect("a suggestion is selected");
    assert!(first.suggested);
    h.key_press(Key::Enter);
    h.run();
    let accepted = h
        .state()
        .document()
        .unwrap()
        .span(&first.id)
        .unwrap()
        .clone();
    assert!(!accepted.suggested);
    assert_eq!(accepted.annotator, h.state().session.annotator);
    assert_eq!(accepted.rule, first.rule);
    // The next one is selected: Backspace rejects it; it does not come back.
    let second = h
        .state()
        .session
        .selected()
        .cloned()
        .expect("the next suggestion");
    assert!(second.suggested && second.id != first.id);
    h.key_press(Key::Backspace);
    h.run();
    let d = h.state().document().unwrap();
    assert!(d.span(&second.id).is_none());
    assert!(
        d.rejected
            .iter()
            .any(|r| r.start == second.start && r.label == second.label)
    );
    h.get_by_label("Suggest").click();
    h.run();
    let again = h.state().document().unwrap();
    assert!(
        !again
            .spans
            .iter()
            .any(|s| s.start == second.start && s.end == second.end && s.label == second.label)
    );
    // Counts per rule are shown; reject all of one rule in one step.
    let pending_threats = again
        .spans
        .iter()
        .filter(|s| s.suggested && s.rule == "sanction_language")
        .count();
    assert!(h.query_all_by_label("✘ all").count() >= 1);
    h.state_mut().push(marginalia::app::Cmd::SettleRule(
        "sanction_language".into(),
        false,
    ));
    h.step();
    h.run();
    let d = h.state().document().unwrap();
    assert_eq!(
        d.spans
            .iter()
            .filter(|s| s.suggested && s.rule == "sanction_language")
            .count(),
        0
    );
    assert!(pending_threats == 0 || d.rejected.len() >= 2);
    // Everything undoes back to the project as it was.
    for _ in 0..6 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
    }
    assert_eq!(h.state().session.project.as_ref(), Some(&before));
    assert_eq!(h.state().document().unwrap().spans.len(), spans_before);
}

#[test]
fn review_keys_continue_into_the_next_document_with_suggestions() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    suggest_in_all_documents(&mut h);
    let with: Vec<usize> = {
        let p = h.state().session.project.as_ref().unwrap();
        (0..p.documents.len())
            .filter(|&i| p.documents[i].spans.iter().any(|s| s.suggested))
            .collect()
    };
    assert!(with.len() >= 2, "{with:?}");
    // The document list counts them (✎N) and filters by them.
    let first = &h.state().session.project.as_ref().unwrap().documents[with[0]];
    let n = first.spans.iter().filter(|s| s.suggested).count();
    h.get_by_label_contains(&format!(
        "✎{n} {}",
        first.title.chars().take(12).collect::<String>()
    ));
    // ] through every pending suggestion of the project, document by document.
    h.state_mut()
        .push(marginalia::app::Cmd::SelectDocument(with[0]));
    h.run();
    let total: usize = docs_pending_total(&h);
    let mut visited = Vec::new();
    for _ in 0..total {
        h.key_press(Key::CloseBracket);
        h.run();
        let s = h.state();
        assert!(s.session.selected().is_some_and(|x| x.suggested));
        if visited.last() != Some(&s.session.current) {
            visited.push(s.session.current);
        }
    }
    for d in &with {
        assert!(visited.contains(d), "document {d} reached: {visited:?}");
    }
    let counted =
        |h: &egui_kittest::Harness<'_, marginalia::app::MarginaliaApp>| h.state().doclist.suggested;
    assert!(!counted(&h));
    h.get_by_label("✎").click();
    h.run();
    assert!(counted(&h));
}

fn docs_pending_total(h: &egui_kittest::Harness<'_, marginalia::app::MarginaliaApp>) -> usize {
    h.state()
        .session
        .project
        .as_ref()
        .unwrap()
        .documents
        .iter()
        .map(|d| d.spans.iter().filter(|s| s.suggested).count())
        .sum()
}

#[test]
fn a_message_about_the_document_leaves_when_the_document_or_its_spans_change() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.get_by_label("Suggest").click();
    h.run();
    h.get_by_label_contains("suggestion(s) in this document");
    // Another document: the count no longer describes what is shown.
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    h.run();
    assert_eq!(h.state().session.current, 1);
    assert!(
        h.query_by_label_contains("suggestion(s) in this document")
            .is_none(),
        "stale message still shown"
    );
    // Back again, accept one: the count is stale after the edit too.
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageUp);
    h.run();
    h.key_press(Key::CloseBracket);
    h.run();
    let pending = pending_count(&h);
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(pending_count(&h), pending - 1);
    h.run();
    assert!(
        h.query_by_label_contains("suggestion(s) in this document")
            .is_none()
    );
    // The log keeps everything.
    let log = h
        .state()
        .messages
        .iter()
        .filter(|m| m.text.contains("suggestion(s) in this document"));
    assert!(log.count() >= 1);
}

#[test]
fn suggest_leaves_headline_scare_quotes_and_accepted_work_alone() {
    let (_dir, path) = sample_copy();
    let mut h = harness(&path);
    h.get_by_label("Suggest").click();
    h.run();
    let doc = h.state().document().unwrap().clone();
    let headline_end = doc
        .text
        .find("\n\n")
        .map(|b| doc.text[..b].chars().count())
        .unwrap();
    let in_headline: Vec<_> = doc
        .spans
        .iter()
        .filter(|s| s.suggested && s.label == "quote" && s.end <= headline_end)
        .collect();
    assert!(
        in_headline.is_empty(),
        "scare quotes proposed: {in_headline:?}"
    );
    // Nothing proposed inside an accepted span of its own label.
    for s in doc.spans.iter().filter(|s| s.suggested) {
        assert!(
            !doc.spans.iter().any(|a| !a.suggested
                && a.label == s.label
                && a.start <= s.start
                && s.end <= a.end),
            "{s:?} repeats accepted work"
        );
    }
    assert!(
        doc.spans.iter().any(|s| s.suggested),
        "other suggestions still come"
    );
}
