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

/// The generated minister desk with two open documents naming new people.
fn minister_project(dir: &std::path::Path) -> std::path::PathBuf {
    use marginalia::model::Document;
    let mut p = marginalia::model::generate::minister_desk(10);
    p.documents.push(Document::new(
        "open",
        "Open one",
        "Trade Minister Seo Yun arrived on Friday.\n\nLabor Minister Ahn Bo met Interior Minister Oh Ra.",
    ));
    p.documents.push(Document::new(
        "open2",
        "Open two",
        "Finance Minister Go Un spoke.",
    ));
    let path = dir.join("desk.ron");
    marginalia::store::save(&p, &path).unwrap();
    path
}

#[test]
fn learn_in_the_background_then_suggest_and_review_least_certain_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = minister_project(dir.path());
    let mut h = harness(&path);
    assert!(h.state().session.learned.is_none());
    h.get_by_label("Learn").click();
    step_until(&mut h, 600, 10, |app| app.session.learned.is_some());
    let model = h
        .state()
        .session
        .learned
        .clone()
        .expect("learned in the background");
    assert!(model.labels.contains_key("entity"));
    assert!(
        dir.path().join("desk.model").exists(),
        "saved beside the project"
    );
    h.get_by_label_contains("Learned: entity F1");
    // The per-label F1 and threshold show in the Suggestions panel.
    h.get_by_label("Threshold for entity");
    // The open document: Suggest adds the model's proposals with scores.
    let open = h
        .state()
        .session
        .project
        .as_ref()
        .unwrap()
        .document_index("open")
        .unwrap();
    h.state_mut()
        .push(marginalia::app::Cmd::SelectDocument(open));
    h.run();
    h.get_by_label("Suggest").click();
    h.run();
    let doc = h.state().document().unwrap().clone();
    let learned: Vec<_> = doc
        .spans
        .iter()
        .filter(|s| s.suggested && s.rule == "learned")
        .collect();
    assert!(!learned.is_empty(), "{:?}", doc.spans);
    assert!(learned.iter().all(|s| s.score().is_some_and(|x| x >= 0.5)));
    // Least certain first: ] goes to the score nearest 0.5.
    h.state_mut().push(marginalia::app::Cmd::SetReview(
        marginalia::session::ReviewOrder::LeastCertain,
    ));
    h.state_mut().push(marginalia::app::Cmd::Cancel);
    h.run();
    h.key_press(Key::CloseBracket);
    h.run();
    let pending: Vec<_> = doc.spans.iter().filter(|s| s.suggested).collect();
    let nearest = pending
        .iter()
        .map(|s| s.score().map_or(2.0, |x| (x - 0.5).abs()))
        .fold(f64::INFINITY, f64::min);
    let sel = h
        .state()
        .session
        .selected()
        .cloned()
        .expect("a suggestion selected");
    assert_eq!(sel.score().map_or(2.0, |x| (x - 0.5).abs()), nearest);
    // Its score shows in the inspector.
    h.get_by_label_contains("Suggested by");
    // A threshold of 1.0 hides the weaker ones from stepping.
    h.state_mut()
        .push(marginalia::app::Cmd::SetThreshold("entity".into(), 1.0));
    h.run();
    for _ in 0..pending.len() {
        h.key_press(Key::CloseBracket);
        h.run();
        if let Some(s) = h.state().session.selected() {
            assert!(
                s.score().is_none_or(|x| x >= 1.0),
                "{s:?} is under the threshold"
            );
        }
    }
    // Marking the document done retrains in the background.
    h.state_mut()
        .push(marginalia::app::Cmd::SetThreshold("entity".into(), 0.5));
    h.run();
    h.key_press(Key::Enter); // accept the selected suggestion
    h.run();
    let before = h.state().session.learned.clone().unwrap().fingerprint;
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    step_until(&mut h, 600, 10, |app| {
        app.session.learned.as_ref().unwrap().fingerprint != before
    });
    assert_ne!(
        h.state().session.learned.as_ref().unwrap().fingerprint,
        before,
        "retrained after the document was marked done"
    );
}
