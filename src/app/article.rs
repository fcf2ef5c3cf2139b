//! The article view: the document's text with its spans, laid out once per
//! paragraph and painted only where visible.
//!
//! Every span gets a tint behind its text and a bar under it, in its label's
//! color; overlapping spans stack their bars on separate levels, so nested and
//! crossing spans all stay visible and clickable.

use super::text_layout::TextLayout;
use crate::model::segment::Segments;
use crate::model::text::TextIndex;
use crate::model::{Document, Project, Span};
use egui::text::TextFormat;
use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, Ui, Vec2, pos2, vec2};
use std::ops::Range;

/// Font size of article text.
const FONT_SIZE: f32 = 16.0;
/// Row height: text plus room for span bars below it.
const LINE_HEIGHT: f32 = 34.0;
/// Gap between paragraphs.
const PARAGRAPH_GAP: f32 = 10.0;
/// Bar thickness and spacing.
const BAR: f32 = 3.0;
const BAR_GAP: f32 = 1.0;

/// The label color of a span as an egui color.
pub fn label_color(project: &Project, label: &str) -> Color32 {
    project.label(label).map_or(Color32::GRAY, |l| {
        Color32::from_rgb(l.color.r, l.color.g, l.color.b)
    })
}

struct Paragraph {
    /// Code point offset of the paragraph's first char in the document.
    start: usize,
    /// Number of code points (without the newline).
    len: usize,
    /// Byte range in the document's text.
    bytes: Range<usize>,
    /// Laid out when it first comes into view (until then its height is estimated).
    laid: Option<TextLayout>,
    /// Top, relative to the top of the text.
    y: f32,
    /// Height taken, gap included (empty lines take only the gap).
    height: f32,
}

/// Paragraphs laid out around the viewport beyond those visible.
const LAYOUT_MARGIN: usize = 2;

/// A paragraph's height before it is laid out: its characters' typical
/// advance (wide scripts take twice the room) over the width, in lines.
fn estimate_height(text: &str, width: f32) -> f32 {
    if text.is_empty() {
        return PARAGRAPH_GAP;
    }
    let advance: f32 = text
        .chars()
        .map(|c| if (c as u32) < 0x1100 { 8.0 } else { 16.0 })
        .sum();
    (advance / width.max(1.0)).ceil().max(1.0) * LINE_HEIGHT + PARAGRAPH_GAP
}

/// Cached layout of one document at one width.
#[derive(Default)]
pub struct ArticleLayout {
    key: Option<(String, u32, bool)>,
    width: f32,
    paragraphs: Vec<Paragraph>,
    height: f32,
    /// Bar level of each span (index into `doc.spans`), for the span revision in `levels_rev`.
    levels: Vec<usize>,
    /// Interval index of the spans, for the same revision.
    index: crate::model::interval::SpanIndex,
    levels_rev: Option<(String, u64)>,
    /// Screen position of the text's top-left corner in the last frame.
    last_origin: Option<Pos2>,
    /// Where the pointer was last pressed or released: span tooltips wait
    /// until it moves away from there.
    tooltip_after: Option<Pos2>,
}

impl ArticleLayout {
    fn ensure(&mut self, ui: &Ui, doc: &Document, width: f32) {
        let dark = ui.visuals().dark_mode;
        let key = (doc.id.clone(), width.round() as u32, dark);
        if self.key.as_ref() == Some(&key) {
            return;
        }
        // Only heights are estimated here; paragraphs are laid out as they
        // come into view (`realize`), so a long article opens at once.
        let _ = ui;
        let mut y = 0.0;
        let mut start = 0;
        let mut byte = 0;
        self.paragraphs.clear();
        for line in doc.text.split('\n') {
            let len = line.chars().count();
            let height = estimate_height(line, width);
            self.paragraphs.push(Paragraph {
                start,
                len,
                bytes: byte..byte + line.len(),
                laid: None,
                y,
                height,
            });
            y += height;
            start += len + 1;
            byte += line.len() + 1;
        }
        self.height = y;
        self.width = width;
        self.key = Some(key);
    }

    /// Lays out paragraphs `range` (those not laid out yet) and moves the
    /// ones below if their real heights differ from the estimates.
    fn realize(&mut self, ui: &Ui, doc: &Document, range: Range<usize>) -> bool {
        let color = ui.visuals().strong_text_color();
        let mut changed = false;
        let end = range.end.min(self.paragraphs.len());
        for p in &mut self.paragraphs[range.start.min(end)..end] {
            if p.laid.is_some() {
                continue;
            }
            let text = doc.text.get(p.bytes.clone()).unwrap_or("");
            let format = TextFormat {
                font_id: FontId::proportional(FONT_SIZE),
                color,
                line_height: Some(LINE_HEIGHT),
                ..Default::default()
            };
            let laid = ui
                .ctx()
                .fonts_mut(|f| super::text_layout::layout(f, text, &format, self.width));
            let h = if p.len == 0 {
                PARAGRAPH_GAP
            } else {
                laid.size.y + PARAGRAPH_GAP
            };
            if (h - p.height).abs() > 0.01 {
                p.height = h;
                changed = true;
            }
            p.laid = Some(laid);
        }
        if changed {
            let mut y = 0.0;
            for p in &mut self.paragraphs {
                p.y = y;
                y += p.height;
            }
            self.height = y;
        }
        changed
    }

    /// Lays out the paragraphs between `top` and `bottom` (text coordinates)
    /// and a few around them, until their positions settle. Returns how far
    /// the paragraph at the top of the view moved down (paragraphs above it
    /// were estimated and are now laid out): scroll by as much to keep the
    /// text in view still.
    fn realize_view(&mut self, ui: &Ui, doc: &Document, top: f32, bottom: f32) -> f32 {
        let anchor = self.paragraphs.partition_point(|p| p.y + p.height < top);
        let anchor_y = |s: &Self| s.paragraphs.get(anchor).map_or(0.0, |p| p.y);
        let before = anchor_y(self);
        for _ in 0..4 {
            let shift = anchor_y(self) - before;
            let (top, bottom) = (top + shift, bottom + shift);
            let first = self.paragraphs.partition_point(|p| p.y + p.height < top);
            let last = self.paragraphs.partition_point(|p| p.y <= bottom);
            let range = first.saturating_sub(LAYOUT_MARGIN)..last + LAYOUT_MARGIN;
            if !self.realize(ui, doc, range) {
                break;
            }
        }
        anchor_y(self) - before
    }

    /// Lays out the paragraph holding code point `c`.
    fn realize_char(&mut self, ui: &Ui, doc: &Document, c: usize) {
        let i = self.paragraphs.partition_point(|p| p.start + p.len < c);
        self.realize(ui, doc, i..i + 1);
    }

    fn ensure_levels(&mut self, doc: &Document, rev: u64) {
        let key = (doc.id.clone(), rev);
        if self.levels_rev.as_ref() == Some(&key) {
            return;
        }
        self.levels = assign_levels(&doc.spans);
        self.index = crate::model::interval::SpanIndex::new(&doc.spans);
        self.levels_rev = Some(key);
    }

    /// Where code point `c` was drawn in the last frame (for tests and tools).
    pub fn char_screen_rect(&self, c: usize) -> Option<Rect> {
        self.char_screen_box(c).map(|(r, _)| r)
    }

    /// As [`Self::char_screen_rect`], with whether the code point reads
    /// right to left (its start is its right edge).
    fn char_screen_box(&self, c: usize) -> Option<(Rect, bool)> {
        let origin = self.last_origin?;
        let i = self.paragraphs.partition_point(|p| p.start + p.len <= c);
        let p = self.paragraphs.get(i)?;
        let local = c.checked_sub(p.start)?;
        let laid = p.laid.as_ref()?;
        let r = laid
            .range_rects(origin + vec2(0.0, p.y), local, local + 1)
            .into_iter()
            .next()?;
        Some((r, laid.boxes.get(local)?.rtl))
    }

    /// Screen rectangles of code points `a..b` as drawn in the last frame
    /// (paragraphs not laid out are left out).
    pub fn range_screen_rects(&self, a: usize, b: usize) -> Vec<Rect> {
        let Some(origin) = self.last_origin else {
            return Vec::new();
        };
        let first = self.paragraphs.partition_point(|p| p.start + p.len < a);
        let mut out = Vec::new();
        for p in self.paragraphs[first..]
            .iter()
            .take_while(|p| p.start < b.max(a + 1))
        {
            let (lo, hi) = (a.max(p.start), b.min(p.start + p.len));
            if let Some(laid) = p.laid.as_ref().filter(|_| lo < hi) {
                out.extend(laid.range_rects(origin + vec2(0.0, p.y), lo - p.start, hi - p.start));
            }
        }
        out
    }

    /// Forgets the layout (fonts or theme changed).
    pub fn invalidate(&mut self) {
        self.key = None;
        self.levels_rev = None;
    }
}

/// A dashed rectangle outline (suggested spans).
fn dashed_rect(painter: &egui::Painter, r: Rect, color: Color32) {
    let points = [
        r.left_top(),
        r.right_top(),
        r.right_bottom(),
        r.left_bottom(),
        r.left_top(),
    ];
    painter.extend(egui::Shape::dashed_line(
        &points,
        Stroke::new(1.5, color),
        4.0,
        3.0,
    ));
}

/// Gives each span the lowest bar level not used by an overlapping span
/// before it (spans are sorted by start).
pub fn assign_levels(spans: &[Span]) -> Vec<usize> {
    // Level ends: end offset of the last span placed on each level.
    let mut level_end: Vec<usize> = Vec::new();
    spans
        .iter()
        .map(|s| match level_end.iter().position(|&e| e <= s.start) {
            Some(l) => {
                level_end[l] = s.end;
                l
            }
            None => {
                level_end.push(s.end);
                level_end.len() - 1
            }
        })
        .collect()
}

/// What the article view shows besides spans.
pub struct ArticleInput<'a> {
    /// The selected span.
    pub selected_span: Option<&'a str>,
    /// The text selection (code points).
    pub selection: Option<Range<usize>>,
    /// The caret, shown when there is no selection.
    pub caret: Option<usize>,
    /// Find matches, and which one is current.
    pub matches: &'a [Range<usize>],
    /// Index of the current find match.
    pub current_match: Option<usize>,
    /// Scroll so this code point is visible.
    pub scroll_to: Option<usize>,
    /// Linking mode: clicks pick a relation target.
    pub linking: bool,
    /// Word and sentence segments of the document.
    pub segments: Option<&'a Segments>,
    /// Code point index of the document's text.
    pub index: &'a TextIndex,
    /// Wrap at about this many characters, centred (0: the whole width).
    pub line_chars: u16,
    /// Per label, the score under which learned suggestions are hidden.
    pub thresholds: &'a std::collections::BTreeMap<String, f64>,
}

/// What the article view reports back for the frame.
#[derive(Default, Debug, PartialEq)]
pub struct ArticleOutput {
    /// A span was clicked: its id (innermost at the click).
    pub clicked_span: Option<String>,
    /// Text outside spans was clicked (clears the selection), at this offset.
    pub clicked_text: Option<usize>,
    /// The user selected text (drag, double or triple click, Shift+click).
    pub selection: Option<Range<usize>>,
    /// The caret moved here.
    pub caret: Option<usize>,
    /// An edge of the selected span is being dragged: (span id, new range,
    /// which drag: one undo step each).
    pub resize: Option<(String, Range<usize>, u64)>,
}

/// Half the width of the grab zone of a selected span's edge handles.
const HANDLE_GRAB: f32 = 5.0;

/// The selected span's edge handles on screen: (start, end) grab zones.
fn edge_handles(layout: &ArticleLayout, span: &Span) -> (Option<Rect>, Option<Rect>) {
    let zone = |x: f32, r: Rect| {
        Rect::from_min_max(
            pos2(x - HANDLE_GRAB, r.top()),
            pos2(x + HANDLE_GRAB, r.bottom()),
        )
    };
    // A span starts at its first character's leading edge (the right one
    // in right-to-left text) and ends at its last one's trailing edge.
    let start = layout
        .char_screen_box(span.start)
        .map(|(r, rtl)| zone(if rtl { r.right() } else { r.left() }, r));
    let end = span
        .end
        .checked_sub(1)
        .and_then(|c| layout.char_screen_box(c))
        .map(|(r, rtl)| zone(if rtl { r.left() } else { r.right() }, r));
    (start, end)
}

/// The code point boundary nearest to `pos` (for selecting).
fn offset_at(layout: &ArticleLayout, origin: Pos2, pos: Pos2) -> usize {
    let y = pos.y - origin.y;
    let i = layout
        .paragraphs
        .partition_point(|p| p.y + p.height < y)
        .min(layout.paragraphs.len().saturating_sub(1));
    let Some(p) = layout.paragraphs.get(i) else {
        return 0;
    };
    let Some(laid) = &p.laid else {
        return p.start;
    };
    let local = pos - origin - vec2(0.0, p.y);
    p.start + laid.boundary_at(pos2(local.x, local.y)).min(p.len)
}

/// Shows `doc` with its spans. `rev` changes whenever the spans change.
pub fn article_ui(
    ui: &mut Ui,
    layout: &mut ArticleLayout,
    project: &Project,
    doc: &Document,
    rev: u64,
    input: &ArticleInput<'_>,
) -> ArticleOutput {
    let mut out = ArticleOutput::default();
    header_ui(ui, doc);
    ui.separator();
    // Scored suggestions under their label's threshold are not drawn.
    let hidden = |s: &Span| {
        s.suggested
            && s.score().is_some_and(|x| {
                x < input
                    .thresholds
                    .get(&s.label)
                    .copied()
                    .unwrap_or(crate::session::DEFAULT_THRESHOLD)
            })
    };
    let full = (ui.available_width() - 16.0).max(120.0);
    // Lines of about `line_chars` characters, centred: on a wide screen
    // the eye does not travel 190 characters to the next line.
    let cap = if input.line_chars == 0 {
        f32::INFINITY
    } else {
        let font = egui::TextStyle::Body.resolve(ui.style());
        let em = ui.fonts_mut(|f| f.glyph_width(&font, 'n'));
        f32::from(input.line_chars) * em
    };
    let width = full.min(cap).max(120.0);
    let pad = ((full - width) / 2.0).floor().max(0.0);
    layout.ensure(ui, doc, width);
    layout.ensure_levels(doc, rev);
    let alt = ui.input(|i| i.modifiers.alt);
    let shift = ui.input(|i| i.modifiers.shift);
    // Spans with an open comment thread get a mark at their end.
    let open_threads: std::collections::HashSet<&str> = doc
        .threads
        .iter()
        .filter(|t| !t.resolved)
        .filter_map(|t| t.span.as_deref())
        .collect();
    let thread_color = ui.visuals().warn_fg_color;
    egui::ScrollArea::vertical()
        .id_salt(("article", &doc.id))
        .auto_shrink(false)
        // Jumps (find, scroll_to) land at once, and the anchoring below
        // takes effect in the same frame.
        .animated(false)
        .show_viewport(ui, |ui, viewport| {
            if let Some(c) = input.scroll_to {
                layout.realize_char(ui, doc, c);
            }
            let mut moved = layout.realize_view(ui, doc, viewport.min.y, viewport.max.y);
            if input.scroll_to.is_some() {
                moved = 0.0;
            }
            // Paragraphs above the view got their real heights: the text in
            // view stays where it was (scrolled by as much, drawn so now).
            if moved != 0.0 {
                ui.scroll_with_delta_animation(
                    vec2(0.0, -moved),
                    egui::style::ScrollAnimation::none(),
                );
            }
            let viewport = viewport.translate(vec2(0.0, moved));
            let (rect, response) =
                ui.allocate_exact_size(vec2(full, layout.height), Sense::click_and_drag());
            let origin = rect.min + vec2(pad, -moved);
            layout.last_origin = Some(origin);
            if let Some(c) = input.scroll_to
                && let Some(r) = offset_rect(layout, origin, c)
            {
                ui.scroll_to_rect(r.expand(40.0), Some(egui::Align::Center));
            }
            let painter = ui.painter_at(ui.clip_rect());
            let pointer = response.hover_pos();
            let mut hovered: Vec<usize> = Vec::new();
            let first = layout
                .paragraphs
                .partition_point(|p| p.y + p.height < viewport.min.y);
            let sel_color = ui.visuals().selection.bg_fill;
            let find_color = Color32::from_rgb(0xff, 0xd5, 0x4f);
            for para in layout.paragraphs[first..]
                .iter()
                .take_while(|p| p.y <= viewport.max.y)
            {
                let Some(laid) = &para.laid else {
                    continue;
                };
                let porigin = origin + vec2(0.0, para.y);
                let pend = para.start + para.len;
                let local = |r: &Range<usize>| {
                    (r.start < pend && r.end > para.start)
                        .then(|| r.start.saturating_sub(para.start)..r.end.min(pend) - para.start)
                };
                // The spans over this paragraph, from the interval index.
                let here = layout.index.overlapping(para.start, pend);
                // Tints first, so overlaps deepen, then the text on top.
                for &i in &here {
                    let s = &doc.spans[i];
                    if hidden(s) {
                        continue;
                    }
                    let c = label_color(project, &s.label);
                    for r in laid.range_rects(
                        porigin,
                        s.start.saturating_sub(para.start),
                        s.end.min(pend) - para.start,
                    ) {
                        if s.suggested {
                            // Suggestions: a dashed outline, no tint, so they
                            // are never taken for accepted spans.
                            dashed_rect(&painter, r.expand(1.0), c);
                        } else {
                            painter.rect_filled(r, 2.0, c.gamma_multiply(0.28));
                        }
                    }
                }
                for (k, m) in input.matches.iter().enumerate() {
                    if let Some(l) = local(m) {
                        for r in laid.range_rects(porigin, l.start, l.end) {
                            if input.current_match == Some(k) {
                                painter.rect_filled(r, 2.0, find_color.gamma_multiply(0.6));
                            }
                            painter.rect_stroke(
                                r,
                                2.0,
                                Stroke::new(1.5, find_color),
                                egui::StrokeKind::Outside,
                            );
                        }
                    }
                }
                if let Some(l) = input.selection.as_ref().and_then(local) {
                    for r in laid.range_rects(porigin, l.start, l.end) {
                        painter.rect_filled(r, 0.0, sel_color.gamma_multiply(0.7));
                    }
                }
                laid.paint(&painter, porigin, ui.visuals().text_color());
                if input.selection.is_none()
                    && let Some(c) = input.caret
                    && (para.start..=pend).contains(&c)
                {
                    let r = laid.caret_rect(c - para.start).translate(porigin.to_vec2());
                    painter.line_segment(
                        [r.center_top(), r.center_bottom()],
                        Stroke::new(2.0, ui.visuals().text_cursor.stroke.color),
                    );
                }
                let hover_char = pointer.and_then(|p| laid.char_at(porigin, p));
                for &i in &here {
                    let s = &doc.spans[i];
                    if hidden(s) {
                        continue;
                    }
                    let c = label_color(project, &s.label);
                    let level = layout.levels.get(i).copied().unwrap_or(0);
                    let a = s.start.saturating_sub(para.start);
                    let b = s.end.min(pend) - para.start;
                    let rects = laid.range_rects(porigin, a, b);
                    // An open thread: a speech mark over the span's last
                    // character (in the paragraph where the span ends).
                    if s.end <= pend
                        && open_threads.contains(s.id.as_str())
                        && let Some(end) = laid.boxes.get(b.saturating_sub(1))
                        && let Some(last) = laid.range_rects(porigin, b - 1, b).first()
                    {
                        // Beyond the span's end (and the end handle a
                        // selected span shows): right of it, or left in
                        // right-to-left text.
                        let x = if end.rtl {
                            porigin.x + end.x0 - 6.0
                        } else {
                            porigin.x + end.x1 + 6.0
                        };
                        let at = pos2(x, last.top() - 2.0);
                        painter.circle_filled(at, 3.5, thread_color);
                        painter.circle_stroke(at, 3.5, Stroke::new(1.0, ui.visuals().panel_fill));
                    }
                    for r in rects {
                        let y = r.bottom() + 2.0 + level as f32 * (BAR + BAR_GAP);
                        let bar = Rect::from_min_max(pos2(r.left(), y), pos2(r.right(), y + BAR));
                        if s.suggested {
                            painter.extend(egui::Shape::dashed_line(
                                &[bar.left_center(), bar.right_center()],
                                Stroke::new(BAR, c),
                                4.0,
                                3.0,
                            ));
                        } else {
                            painter.rect_filled(bar, 0.0, c);
                        }
                        if input.selected_span == Some(s.id.as_str()) {
                            painter.rect_stroke(
                                r.expand(1.5),
                                3.0,
                                Stroke::new(2.0, ui.visuals().strong_text_color()),
                                egui::StrokeKind::Outside,
                            );
                        }
                        if pointer.is_some_and(|p| bar.expand2(vec2(0.0, 1.0)).contains(p)) {
                            hovered.push(i);
                        }
                    }
                    if let Some(ch) = hover_char
                        && (a..b).contains(&ch)
                        && !hovered.contains(&i)
                    {
                        hovered.push(i);
                    }
                }
            }
            // Innermost first: the shortest span under the pointer.
            hovered.sort_by_key(|&i| doc.spans[i].end - doc.spans[i].start);
            hovered.dedup();
            // No span tooltip while a button is held (dragging a selection)
            // or until the pointer moves after it: it would linger over the
            // text just selected.
            let pointer_busy = ui.input(|i| i.pointer.any_down() || i.pointer.any_released());
            if pointer_busy {
                layout.tooltip_after = Some(response.hover_pos().unwrap_or_default());
            }
            let quiet = layout
                .tooltip_after
                .is_some_and(|p| response.hover_pos().is_none_or(|h| h.distance(p) < 4.0));
            if !quiet {
                layout.tooltip_after = None;
            }
            let response = if hovered.is_empty() || quiet {
                response
            } else {
                response.on_hover_ui_at_pointer(|ui| {
                    for &i in &hovered {
                        span_tooltip_ui(ui, project, doc, input.index, &doc.spans[i]);
                    }
                })
            };
            if input.linking {
                ui.ctx().set_cursor_icon(egui::CursorIcon::Alias);
            }
            let at = |p: Pos2| offset_at(layout, origin, p);
            let snap = |a: usize, b: usize| -> Option<Range<usize>> {
                if alt {
                    (a != b).then(|| a.min(b)..a.max(b))
                } else {
                    input.segments.and_then(|s| s.tidy(a, b))
                }
            };

            // Edge handles of the selected span: drag one to move that edge
            // (snapped to words unless Alt is held).
            let selected = input.selected_span.and_then(|id| doc.span(id));
            let handles = selected.map(|s| edge_handles(layout, s));
            if let Some((a, b)) = handles {
                let color = ui.visuals().strong_text_color();
                for z in [a, b].into_iter().flatten() {
                    let x = z.center().x;
                    painter.line_segment(
                        [pos2(x, z.top() - 3.0), pos2(x, z.bottom() + 1.0)],
                        Stroke::new(2.0, color),
                    );
                    painter.circle_filled(pos2(x, z.top() - 3.0), 3.0, color);
                }
                if pointer.is_some_and(|p| [a, b].into_iter().flatten().any(|z| z.contains(p))) {
                    ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
                }
            }
            let drag_id = egui::Id::unique("marginalia_edge_drag");
            // (span id, whether the end is dragged, which drag: its start time).
            type EdgeDrag = (String, bool, u64);
            let mut edge_drag: Option<EdgeDrag> = ui.data(|d| d.get_temp(drag_id));
            let serial = ui.input(|i| i.pointer.press_start_time().unwrap_or(0.0).to_bits());
            if response.drag_started()
                && let (Some(s), Some((a, b)), Some(p)) =
                    (selected, handles, ui.input(|i| i.pointer.press_origin()))
            {
                edge_drag = if b.is_some_and(|z| z.contains(p)) {
                    Some((s.id.clone(), true, serial))
                } else if a.is_some_and(|z| z.contains(p)) {
                    Some((s.id.clone(), false, serial))
                } else {
                    None
                };
                ui.data_mut(|d| match &edge_drag {
                    Some(e) => {
                        d.insert_temp(drag_id, e.clone());
                    }
                    None => d.remove::<EdgeDrag>(drag_id),
                });
            }
            if let Some((id, is_end, serial)) = edge_drag.clone()
                && (response.dragged() || response.drag_stopped())
            {
                if let (Some(s), Some(p)) = (doc.span(&id), response.interact_pointer_pos()) {
                    let c = at(p);
                    let words = input.segments.filter(|_| !alt);
                    let range = if is_end {
                        let end = words
                            .and_then(|w| w.word_at(c.saturating_sub(1)))
                            .map_or(c, |w| w.end);
                        s.start..end.max(s.start + 1)
                    } else {
                        let start = words.and_then(|w| w.word_at(c)).map_or(c, |w| w.start);
                        start.min(s.end - 1)..s.end
                    };
                    if range != (s.start..s.end) {
                        out.resize = Some((id, range, serial));
                    }
                }
                if response.drag_stopped() {
                    ui.data_mut(|d| d.remove::<EdgeDrag>(drag_id));
                }
            } else if response.triple_clicked() {
                if let Some(p) = response.interact_pointer_pos() {
                    let c = at(p);
                    out.selection = input
                        .segments
                        .and_then(|s| s.paragraph_at(c).and_then(|p| s.tidy(p.start, p.end)));
                }
            } else if response.double_clicked() {
                if let Some(p) = response.interact_pointer_pos() {
                    let c = at(p);
                    out.selection = input
                        .segments
                        .and_then(|s| s.word_at(c).or_else(|| s.word_at(c.saturating_sub(1))));
                }
            } else if response.drag_started() || response.dragged() || response.drag_stopped() {
                let origin_pos = ui.input(|i| i.pointer.press_origin());
                if let (Some(a), Some(b)) = (origin_pos, response.interact_pointer_pos()) {
                    let (a, b) = (at(a), at(b));
                    out.selection = snap(a, b);
                    out.caret = Some(b);
                }
            } else if response.clicked()
                && let Some(p) = response.interact_pointer_pos()
            {
                let c = at(p);
                if shift
                    && let Some(anchor) = input.selection.as_ref().map(|r| r.start).or(input.caret)
                {
                    out.selection = snap(anchor, c);
                    out.caret = Some(c);
                } else if let Some(&i) = hovered.first() {
                    out.clicked_span = Some(doc.spans[i].id.clone());
                } else {
                    out.clicked_text = Some(c);
                    out.caret = Some(c);
                }
            }
            if doc.text.is_empty() {
                ui.painter().text(
                    origin,
                    Align2::LEFT_TOP,
                    "(this document has no text)",
                    FontId::proportional(FONT_SIZE),
                    ui.visuals().weak_text_color(),
                );
            }
        });
    out
}

/// Screen rectangle of code point `c` (for scrolling to it).
fn offset_rect(layout: &ArticleLayout, origin: Pos2, c: usize) -> Option<Rect> {
    let i = layout.paragraphs.partition_point(|p| p.start + p.len < c);
    let p = layout.paragraphs.get(i)?;
    let r = p
        .laid
        .as_ref()?
        .caret_rect(c.saturating_sub(p.start).min(p.len));
    Some(r.translate(origin.to_vec2() + vec2(0.0, p.y)))
}

fn header_ui(ui: &mut Ui, doc: &Document) {
    super::text_layout::label(ui, &doc.title, egui::TextStyle::Heading, true);
    // Dates in one form across documents (the page's own on hover).
    let date = crate::model::dates::display_date(&doc.published);
    let meta: Vec<&str> = [doc.byline.as_str(), doc.site.as_str(), date.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !meta.is_empty() {
        let r = ui.label(egui::RichText::new(meta.join(" · ")).weak());
        if date != doc.published.trim() {
            r.on_hover_text(format!("Published: {}", doc.published));
        }
    }
    // The page's address when it has one; the file it came from on hover.
    let url = doc.meta.get("url").filter(|u| !u.is_empty());
    match (url, doc.source.is_empty()) {
        (Some(url), _) => {
            let r = ui.label(egui::RichText::new(url).small().weak());
            if !doc.source.is_empty() && doc.source != *url {
                r.on_hover_text(format!("Imported from {}", doc.source));
            }
        }
        (None, false) => {
            ui.label(egui::RichText::new(&doc.source).small().weak());
        }
        (None, true) => {}
    }
    if !doc.note.is_empty() {
        ui.label(egui::RichText::new(format!("Note: {}", doc.note)).italics());
    }
}

/// The text of a span, shortened for display.
pub fn span_excerpt(index: &TextIndex, doc: &Document, span: &Span, max: usize) -> String {
    // Only the first `max` chars are needed: never slice more than that.
    let end = span.end.min(span.start + max + 1);
    let text = index.slice(&doc.text, span.start, end).unwrap_or("");
    let text = text.replace('\n', " ");
    if text.chars().count() <= max {
        text
    } else {
        let mut t: String = text.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn span_tooltip_ui(ui: &mut Ui, project: &Project, doc: &Document, index: &TextIndex, span: &Span) {
    ui.horizontal(|ui| {
        let (r, _) = ui.allocate_exact_size(Vec2::splat(10.0), Sense::hover());
        ui.painter()
            .rect_filled(r, 2.0, label_color(project, &span.label));
        ui.strong(&span.label);
        let by = span.annotators().collect::<Vec<_>>().join(", ");
        if !by.is_empty() {
            ui.weak(format!("by {by}"));
        }
        if !span.conflict.is_empty() {
            ui.colored_label(ui.visuals().warn_fg_color, "⚠ disagreement");
        }
    });
    if span.suggested {
        let score = span
            .score()
            .map(|x| format!(" (score {x:.2})"))
            .unwrap_or_default();
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "Suggested by {}{score}: accept or reject it in the panel",
                span.rule
            ),
        );
    }
    super::text_layout::label(
        ui,
        &span_excerpt(index, doc, span, 120),
        egui::TextStyle::Body,
        false,
    );
    if !span.note.is_empty() {
        ui.label(egui::RichText::new(&span.note).italics());
    }
    for t in doc
        .threads
        .iter()
        .filter(|t| !t.resolved && t.span.as_deref() == Some(span.id.as_str()))
    {
        if let Some(c) = t.comments.last() {
            let mut text: String = c.text.chars().take(80).collect();
            if c.text.chars().count() > 80 {
                text.push('…');
            }
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "● Open thread ({} comment{}), {}: {text}",
                    t.comments.len(),
                    if t.comments.len() == 1 { "" } else { "s" },
                    c.author
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_spans_get_separate_levels() {
        let spans = [
            Span::new("a", 0, 10, "x"),
            Span::new("b", 2, 5, "x"),
            Span::new("c", 5, 8, "x"),
            Span::new("d", 10, 12, "x"),
        ];
        assert_eq!(assign_levels(&spans), [0, 1, 1, 0]);
    }
}
