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

/// An app on a copy of the sample whose preferences live in `data`.
fn app_in(path: &std::path::Path, data: &std::path::Path) -> MarginaliaApp {
    MarginaliaApp::headless_in(Some(path.to_owned()), data)
}

#[test]
fn side_panels_resize_collapse_and_are_remembered() {
    let (_dir, path) = sample_copy();
    let data = tempfile::tempdir().unwrap();
    let mut h = harness_with(app_in(&path, data.path()));
    let w0 = h.state().view.layout.documents_width;
    // Drag the document list's right edge 100 points to the right.
    let edge = egui::pos2(f32::from(w0), 500.0);
    drag(&mut h, edge, edge + egui::vec2(100.0, 0.0));
    h.run();
    let w1 = h.state().view.layout.documents_width;
    assert!(
        (i32::from(w1) - i32::from(w0) - 100).abs() <= 12,
        "dragged from {w0} to {w1}"
    );
    let prefs = std::fs::read_to_string(data.path().join("preferences.ron")).unwrap();
    assert!(prefs.contains(&format!("documents_width: {w1}")), "{prefs}");
    // Ctrl+B collapses the list: the article gets its room.
    let left = h.state().char_screen_rect(0).unwrap().left();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::B);
    h.run();
    assert!(!h.state().view.layout.documents_shown);
    assert!(
        h.query_by_label("Documents").is_none(),
        "the list is hidden"
    );
    let collapsed = h.state().char_screen_rect(0).unwrap().left();
    assert!(
        collapsed < left - 50.0,
        "article at {collapsed}, was {left}"
    );
    // The side panel too (Ctrl+Alt+B), and a new window starts the same way.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::ALT, egui::Key::B);
    h.run();
    assert!(!h.state().view.layout.side_shown);
    assert!(
        h.query_by_label("Labels").is_none(),
        "the side panel is hidden"
    );
    drop(h);
    let mut h = harness_with(app_in(&path, data.path()));
    let l = &h.state().view.layout;
    assert!(!l.documents_shown && !l.side_shown, "{l:?}");
    assert_eq!(l.documents_width, w1);
    // Brought back by the View menu, at the width it had.
    h.get_by_label("View").click();
    h.run();
    h.get_by_label_contains("Show or hide documents").click();
    h.run();
    h.run();
    assert!(h.state().view.layout.documents_shown);
    h.get_by_label("Documents");
    assert_eq!(h.state().view.layout.documents_width, w1);
}

#[test]
fn long_lines_are_capped_and_centred_on_a_wide_screen() {
    let (_dir, path) = sample_copy();
    let data = tempfile::tempdir().unwrap();
    let mut h = harness_sized(app_in(&path, data.path()), [2560.0, 1440.0]);
    h.run();
    let text = h.state().document().unwrap().text.clone();
    // The longest paragraph: its rows, by the top of each character.
    let para_start = |p: &str| text[..text.find(p).unwrap()].chars().count();
    let longest = text
        .split("\n\n")
        .max_by_key(|p| p.chars().count())
        .unwrap();
    let start = para_start(longest);
    let n = longest.chars().count();
    let mut rows: Vec<(f32, usize, f32, f32)> = Vec::new(); // top, chars, left, right
    for c in start..start + n {
        let r = h.state().char_screen_rect(c).expect("on screen");
        match rows.last_mut() {
            Some(row) if (row.0 - r.top()).abs() < 1.0 => {
                row.1 += 1;
                row.3 = row.3.max(r.right());
            }
            _ => rows.push((r.top(), 1, r.left(), r.right())),
        }
    }
    assert!(rows.len() >= 3, "{rows:?}");
    let widest = rows.iter().map(|r| r.1).max().unwrap();
    assert!((70..=115).contains(&widest), "{widest} characters on a row");
    // Centred between the two side panels.
    let l = &h.state().view.layout;
    let (left_edge, right_edge) = (
        f32::from(l.documents_width),
        2560.0 - f32::from(l.side_width),
    );
    let text_left = rows[0].2;
    let text_right = rows.iter().map(|r| r.3).fold(0.0, f32::max);
    let (margin_l, margin_r) = (text_left - left_edge, right_edge - text_right);
    assert!(margin_l > 300.0, "left margin {margin_l}");
    assert!(
        (margin_l - margin_r).abs() < 80.0,
        "margins {margin_l} and {margin_r}"
    );
    // A click still lands on the character under the pointer.
    let c = start + 10;
    click_char(&mut h, c);
    let caret = h.state().session.caret;
    assert!(
        caret == c || caret == c + 1,
        "caret at {caret}, clicked {c}"
    );
}

#[test]
fn the_panel_below_the_inspector_holds_still_when_a_span_is_selected() {
    let mut h = harness(&sample_path());
    let y = |h: &Harness<'_, MarginaliaApp>| {
        h.get_by_label_contains("Spans in this document")
            .rect()
            .top()
    };
    let before = y(&h);
    let width = h.state().view.layout.side_width;
    let text_at = h.state().char_screen_rect(100);
    h.get_by_label("Cha Du-hyeon").click();
    h.run();
    assert!(h.state().session.selected().is_some());
    assert_eq!(y(&h), before, "selecting a span moved the list");
    assert_eq!(h.state().view.layout.side_width, width, "the panel widened");
    assert_eq!(
        h.state().char_screen_rect(100),
        text_at,
        "the article reflowed"
    );
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().session.selected().is_none());
    assert_eq!(y(&h), before, "deselecting moved the list");
}

#[test]
fn label_names_its_dropdown_from_the_left_and_a_selection_shows_its_own_quotes() {
    use egui_kittest::kittest::NodeT as _;
    let mut h = harness(&sample_path());
    h.get_by_label("Cha Du-hyeon").click();
    h.run();
    let nodes = h.query_all_by_label("Label").collect::<Vec<_>>();
    let combo = nodes
        .iter()
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::ComboBox)
        .expect("the label dropdown, named Label");
    // The dropdown is named by a visible "Label" text on its left.
    let by: Vec<_> = combo
        .accesskit_node()
        .labelled_by()
        .filter_map(|n| n.bounding_box())
        .collect();
    assert_eq!(by.len(), 1, "named by one visible label");
    let text = by[0];
    let combo_left = combo.accesskit_node().bounding_box().unwrap().x0;
    assert!(text.x1 <= combo_left, "Label sits left of the dropdown");
    // Select a quotation with its marks: they show once, not doubled.
    let quote = "“candid and constructive”";
    let r = find_in_doc(h.state(), quote);
    h.state_mut()
        .push(marginalia::app::Cmd::SetSelection(Some(r)));
    h.run();
    h.get_by_label(quote);
    assert!(h.query_by_label_contains("““").is_none());
}

#[test]
fn every_symbol_the_window_writes_has_a_glyph() {
    let h = harness(&sample_path());
    // The colour picker's copy button, and every non-ASCII character in the
    // window's string literals (checks, arrows, pencils, quotation marks).
    let mut chars: std::collections::BTreeSet<char> = ['📋'].into();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/app")).unwrap() {
        let src = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in src.lines() {
            let code = line.split("//").next().unwrap_or("");
            let mut inside = false;
            for c in code.chars() {
                if c == '"' {
                    inside = !inside;
                } else if inside && !c.is_ascii() {
                    chars.insert(c);
                }
            }
        }
    }
    let missing: Vec<char> = h.ctx.fonts_mut(|f| {
        chars
            .iter()
            .copied()
            .filter(|&c| !f.has_glyph(&egui::FontId::proportional(14.0), c))
            .collect()
    });
    assert!(missing.is_empty(), "no glyph for {missing:?}");
}

#[test]
fn a_narrow_window_with_the_find_bar_open_keeps_the_article_beside_the_panels() {
    let (_dir, path) = sample_copy();
    let data = tempfile::tempdir().unwrap();
    let mut h = harness_sized(app_in(&path, data.path()), [900.0, 600.0]);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::F);
    h.run();
    type_text(&h, "sanctions");
    h.run();
    h.get_by_label_contains("In 3 documents");
    let right_edge = 900.0 - f32::from(h.state().view.layout.side_width);
    let n = h.state().document().unwrap().text.chars().count().min(300);
    let widest = (0..n)
        .filter_map(|c| h.state().char_screen_rect(c))
        .map(|r| r.right())
        .fold(0.0, f32::max);
    assert!(
        widest <= right_edge,
        "text reaches {widest}, the side panel starts at {right_edge}"
    );
}
