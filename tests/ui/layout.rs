//! Layout: nothing past the window edge, text that stays put while laid out.

use crate::common::*;
use egui::Modifiers;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use marginalia::app::MarginaliaApp;

/// Every widget's right edge, for the layout test below.
fn widest(n: egui_kittest::Node<'_>, out: &mut Vec<(String, f64)>) {
    use egui_kittest::kittest::NodeT as _;
    if let Some(r) = n.accesskit_node().bounding_box() {
        out.push((n.accesskit_node().label().unwrap_or_default(), r.x1));
    }
    for c in n.children() {
        widest(c, out);
    }
}

#[test]
fn nothing_spills_out_of_the_window_with_a_span_selected() {
    let mut h = harness(&sample_path());
    h.get_by_label("Cha Du-hyeon").click();
    h.run();
    assert!(h.state().session.selected().is_some());
    let mut edges = Vec::new();
    widest(h.root(), &mut edges);
    let width = 1280.0;
    let over: Vec<_> = edges.iter().filter(|(_, x)| *x > width - 7.0).collect();
    assert!(over.is_empty(), "widgets past the window edge: {over:?}");
}

#[test]
fn text_in_view_stays_put_while_paragraphs_above_are_laid_out() {
    // A long article: paragraphs are laid out only as they come into view,
    // with estimated heights before.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.ron");
    let mut p = marginalia::model::generate::project(0, 0, 0, 1);
    // Wide letters: the estimated heights are well below the real ones.
    let para = "WMW MWM WWM MMW ".repeat(20);
    let text = (0..300)
        .map(|i| format!("{i} {para}"))
        .collect::<Vec<_>>()
        .join("\n");
    p.documents
        .push(marginalia::model::Document::new("long", "Long", text));
    marginalia::store::save(&p, &path).unwrap();
    let mut h = harness(&path);
    let n = h.state().document().unwrap().text.chars().count();
    // Jump far down, then scroll up through estimated paragraphs: the text
    // under the pointer moves by the scrolled amount only.
    let c = n * 3 / 4;
    h.state_mut().push(marginalia::app::Cmd::ScrollTo(c));
    h.step();
    h.run_steps(3);
    let y = |h: &Harness<'_, MarginaliaApp>| h.state().char_screen_rect(c).map(|r| r.top());
    let start = y(&h).expect("the target is shown");
    for _ in 0..3 {
        h.step();
        assert_eq!(y(&h), Some(start), "nothing moves while idle");
    }
    let mut last = start;
    for _ in 0..12 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, 40.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        h.hover_at(egui::pos2(600.0, 500.0));
        h.run_steps(4);
        let now = y(&h).expect("still laid out");
        assert!(
            now >= last,
            "scrolling up never moves the text up ({last} -> {now})"
        );
        assert!(
            now - last <= 40.5,
            "moved {} for a 40 px scroll",
            now - last
        );
        last = now;
    }
    assert!(last > start + 200.0, "it did scroll: {start} -> {last}");
}
