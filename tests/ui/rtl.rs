//! Right-to-left paragraphs (Arabic, Persian, Hebrew mixed with English):
//! right-aligned rows, reading order, selection, caret keys, tints, clicks.

use crate::common::*;
use egui::{Key, Modifiers, Rect};
use marginalia::app::MarginaliaApp;
use std::ops::Range;

fn rtl_sample() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("rtl.ron");
    let from =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/rtl_desk.ron");
    std::fs::copy(from, &path).expect("copy the right-to-left sample");
    (dir, path)
}

/// Shows document `i` and brings code point `c` into view.
fn show(h: &mut egui_kittest::Harness<'_, MarginaliaApp>, i: usize) {
    h.state_mut().push(marginalia::app::Cmd::SelectDocument(i));
    h.run();
}

fn rect(h: &mut egui_kittest::Harness<'_, MarginaliaApp>, c: usize) -> Rect {
    char_center(h, c);
    h.state().char_screen_rect(c).expect("on screen")
}

/// The rows of code points `r` (by top), each as (chars, left, right).
fn rows(
    h: &mut egui_kittest::Harness<'_, MarginaliaApp>,
    r: Range<usize>,
) -> Vec<(Vec<usize>, f32, f32)> {
    let mut out: Vec<(f32, Vec<usize>, f32, f32)> = Vec::new();
    for c in r {
        let b = rect(h, c);
        if b.width() <= 0.0 {
            continue; // a zero-width mark
        }
        match out.iter_mut().find(|x| (x.0 - b.top()).abs() < 1.0) {
            Some(x) => {
                x.1.push(c);
                x.2 = x.2.min(b.left());
                x.3 = x.3.max(b.right());
            }
            None => out.push((b.top(), vec![c], b.left(), b.right())),
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.into_iter().map(|x| (x.1, x.2, x.3)).collect()
}

fn paragraph(app: &MarginaliaApp, k: usize) -> Range<usize> {
    let text = &app.document().unwrap().text;
    let mut start = 0;
    for (i, p) in text.split('\n').filter(|p| !p.is_empty()).enumerate() {
        let b = text[start..].find(p).unwrap() + start;
        let s = text[..b].chars().count();
        if i == k {
            return s..s + p.chars().count();
        }
        start = b + p.len();
    }
    panic!("no paragraph {k}")
}

/// Rows of a right-to-left paragraph end at the same right edge, its
/// first word is rightmost and its final full stop leftmost; returns the
/// right edge.
fn assert_right_aligned(h: &mut egui_kittest::Harness<'_, MarginaliaApp>, p: Range<usize>) -> f32 {
    let rows = rows(h, p.clone());
    assert!(!rows.is_empty());
    let right = rows[0].2;
    for (chars, _, r) in &rows {
        assert!(
            (r - right).abs() < 1.0,
            "rows end at {r} and {right}: not right-aligned"
        );
        assert!(!chars.is_empty());
    }
    let first = rect(h, p.start);
    assert!(
        (first.right() - right).abs() < 1.0,
        "the first character is at the right"
    );
    let last = p.end - 1;
    let (last_row, left, _) = rows.last().unwrap();
    assert!(last_row.contains(&last));
    assert!(
        (rect(h, last).left() - left).abs() < 1.0,
        "the final full stop is at the left end of the last row"
    );
    right
}

/// Drags from the start of `words` to their end (visually: right to left)
/// and checks exactly they are selected.
fn drag_select(h: &mut egui_kittest::Harness<'_, MarginaliaApp>, words: &str) {
    let r = find_in_doc(h.state(), words);
    let a = rect(h, r.start);
    let b = rect(h, r.end - 1);
    // Inside the first letter's right half, the last letter's left half.
    let from = egui::pos2(a.right() - 1.0, a.center().y);
    let to = egui::pos2(b.left() + 1.0, b.center().y);
    assert!(from.x > to.x, "{words:?} runs right to left");
    drag(h, from, to);
    assert_eq!(h.state().session.selection, Some(r), "{words:?} selected");
}

/// A span's tint covers its characters and no others on its rows.
fn assert_tint_covers(h: &mut egui_kittest::Harness<'_, MarginaliaApp>, text: &str) {
    let r = find_in_doc(h.state(), text);
    char_center(h, r.start);
    let tint = h.state().range_screen_rects(r.start, r.end);
    assert!(!tint.is_empty());
    let len = h.state().document().unwrap().text.chars().count();
    let near = r.start.saturating_sub(60)..(r.end + 60).min(len);
    for c in near {
        // Newlines and zero-width marks have no box to cover.
        let Some(b) = h.state().char_screen_rect(c).filter(|b| b.width() > 0.5) else {
            continue;
        };
        let inside = tint.iter().any(|t| t.contains(b.center()));
        assert_eq!(
            inside,
            r.contains(&c),
            "char {c} of {text:?}: covered {inside}"
        );
    }
}

/// Clicking inside the span's text selects the span.
fn assert_click_selects(h: &mut egui_kittest::Harness<'_, MarginaliaApp>, text: &str) {
    let r = find_in_doc(h.state(), text);
    let id = {
        let d = h.state().document().unwrap();
        d.spans
            .iter()
            .find(|s| s.start == r.start && s.end == r.end)
            .unwrap()
            .id
            .clone()
    };
    h.key_press(Key::Escape);
    h.run();
    click_char(h, r.start + 2);
    assert_eq!(
        h.state().session.selected_span.as_deref(),
        Some(id.as_str()),
        "{text:?}"
    );
}

#[test]
fn arabic_reads_right_to_left_and_selects_by_drag_keys_and_click() {
    let (_dir, path) = rtl_sample();
    let mut h = harness(&path);
    show(&mut h, 0);
    let p = paragraph(h.state(), 0);
    let right = assert_right_aligned(&mut h, p.clone());
    // Words in reading order: the first word right of the second.
    assert!(rect(&mut h, 0).left() > rect(&mut h, 4).right());
    // Digits in a right-to-left paragraph read left to right.
    let year = find_in_doc(h.state(), "2024");
    assert!(rect(&mut h, year.start).left() < rect(&mut h, year.end - 1).left());
    drag_select(&mut h, "وزارة الخارجية الأمريكية");
    // Shift+Left moves on through the text (visually left), Shift+Right back.
    let w = find_in_doc(h.state(), "الولايات");
    h.state_mut().push(marginalia::app::Cmd::SetCaret(w.start));
    h.run();
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().session.selection, Some(w.clone()));
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    h.run();
    let two = find_in_doc(h.state(), "الولايات المتحدة");
    assert_eq!(h.state().session.selection, Some(two));
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.run();
    assert_eq!(h.state().session.selection, Some(w));
    assert_tint_covers(&mut h, "ماثيو ميلر");
    assert_tint_covers(&mut h, "«لن تتردد»");
    assert_click_selects(&mut h, "ماثيو ميلر");
    assert!(right > 0.0);
}

#[test]
fn persian_keeps_zero_width_non_joiners_and_reads_right_to_left() {
    let (_dir, path) = rtl_sample();
    let mut h = harness(&path);
    show(&mut h, 1);
    let p = paragraph(h.state(), 0);
    assert_right_aligned(&mut h, p);
    let text = h.state().document().unwrap().text.to_string();
    assert!(
        text.contains("تحریم\u{200c}های یک\u{200c}جانبه"),
        "ZWNJ kept exactly"
    );
    drag_select(&mut h, "وزارت امور خارجه");
    let w = find_in_doc(h.state(), "تحریم\u{200c}های");
    h.state_mut().push(marginalia::app::Cmd::SetCaret(w.start));
    h.run();
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    h.run();
    assert_eq!(
        h.state().session.selection,
        Some(w),
        "a word with a ZWNJ is one word"
    );
    assert_tint_covers(&mut h, "سخنگوی وزارت امور خارجه");
    assert_click_selects(&mut h, "سخنگوی وزارت امور خارجه");
}

#[test]
fn hebrew_with_english_inside_and_an_english_paragraph_between() {
    let (_dir, path) = rtl_sample();
    let mut h = harness(&path);
    show(&mut h, 2);
    let he = paragraph(h.state(), 0);
    let right = assert_right_aligned(&mut h, he.clone());
    // "U.S. Treasury" reads left to right inside the Hebrew sentence, and
    // sits left of the Hebrew word before it.
    let en = find_in_doc(h.state(), "U.S. Treasury");
    let u = rect(&mut h, en.start);
    let y = rect(&mut h, en.end - 1);
    assert!(u.left() < y.left(), "U before y");
    let before = find_in_doc(h.state(), "עם");
    assert!(
        rect(&mut h, before.start).left() > y.right(),
        "עם is right of the English"
    );
    // The English paragraph is left to right, starting at the left.
    let english = paragraph(h.state(), 1);
    let rows_en = rows(&mut h, english.clone());
    assert!(rect(&mut h, english.start).left() <= rows_en[0].1 + 0.5);
    assert!(
        rows_en[0].1 < right - 300.0,
        "left-aligned, far from the right edge"
    );
    drag_select(&mut h, "ישראל תתאם את");
    // Inside the English words of the Hebrew sentence, Shift+Right goes
    // right: on through "Treasury".
    let t = find_in_doc(h.state(), "Treasury");
    h.state_mut().push(marginalia::app::Cmd::SetCaret(t.start));
    h.run();
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.run();
    assert_eq!(h.state().session.selection, Some(t));
    // Shift+Right in the English paragraph extends forward as before.
    let w = find_in_doc(h.state(), "ministry's");
    h.state_mut().push(marginalia::app::Cmd::SetCaret(w.start));
    h.run();
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.run();
    assert_eq!(h.state().session.selection, Some(w));
    assert_tint_covers(&mut h, "U.S. Treasury");
    assert_tint_covers(&mut h, "שר החוץ");
    assert_click_selects(&mut h, "U.S. Treasury");
    assert_click_selects(&mut h, "שר החוץ");
}

#[test]
fn a_right_to_left_spans_start_handle_sits_at_its_right_edge_and_drags() {
    let (_dir, path) = rtl_sample();
    let mut h = harness(&path);
    show(&mut h, 0);
    let r = find_in_doc(h.state(), "ماثيو ميلر");
    let wider = find_in_doc(h.state(), "الأمريكية ماثيو ميلر");
    click_char(&mut h, r.start + 2);
    let id = h.state().session.selected_span.clone().expect("selected");
    // The span starts at the right edge of its first letter: drag it right,
    // into the word before (in reading order).
    let first = h.state().char_screen_rect(r.start).unwrap();
    let from = egui::pos2(first.right(), first.center().y);
    let to = char_center(&mut h, wider.start + 3);
    assert!(to.x > from.x, "the word before is to the right");
    drag(&mut h, from, to);
    let span = h.state().document().unwrap().span(&id).unwrap().clone();
    assert_eq!((span.start, span.end), (wider.start, wider.end));
}
