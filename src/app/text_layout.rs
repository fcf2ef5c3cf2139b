//! A laid-out paragraph of any direction, and the maps between its code
//! points and the screen.
//!
//! Text without right-to-left characters is one egui galley, as before.
//! egui 0.37 has no bidi: it places runs in logical order and its glyphs
//! for right-to-left runs do not map one to a character. A paragraph with
//! right-to-left characters is therefore cut into pieces (a right-to-left
//! word, a left-to-right word, or one other character), each shaped by
//! egui on its own; the pieces are wrapped in logical order and placed on
//! each line in visual order (UAX #9 levels and runs from `unicode-bidi`),
//! right-aligned when the paragraph reads right to left.

use crate::model::bidi::needs_bidi;
use egui::text::{LayoutJob, TextFormat};
use egui::{Galley, Pos2, Rect, Vec2, pos2, vec2};
use std::ops::Range;
use std::sync::Arc;
use unicode_bidi::{BidiClass, ParagraphBidiInfo, bidi_class};

/// Where one code point was placed (x relative to the paragraph's left).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CharBox {
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Drawn right to left (its start is its right edge).
    pub rtl: bool,
}

/// One row of the paragraph.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Its code points (paragraph-relative, logical order).
    pub chars: Range<usize>,
    /// Top of the row (relative to the paragraph's top).
    pub top: f32,
    /// The row's height.
    pub height: f32,
    /// Top of the text's box within the row (tints and selections cover it).
    pub text_top: f32,
    /// Height of the text's box.
    pub text_height: f32,
    /// Every character left to right, boxes increasing with the index.
    pub ltr_only: bool,
}

/// A paragraph laid out for painting and hit-testing.
#[derive(Clone, Debug)]
pub struct TextLayout {
    /// The paragraph reads right to left.
    pub rtl: bool,
    /// Its rows, top to bottom.
    pub lines: Vec<Line>,
    /// One box per code point.
    pub boxes: Vec<CharBox>,
    /// What is painted: galleys at offsets from the paragraph's top-left.
    pieces: Vec<(Vec2, Arc<Galley>)>,
    /// Width and height taken.
    pub size: Vec2,
}

/// A character shaped with its right-to-left neighbours (letters, marks,
/// joiners and directional marks of a right-to-left word).
fn joins_rtl(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::R | BidiClass::AL | BidiClass::NSM)
        || matches!(c, '\u{200C}' | '\u{200D}')
}

/// Lays out `text` (one paragraph, no newline) with `format`, wrapped at
/// `width`.
pub fn layout(
    fonts: &mut egui::epaint::FontsView<'_>,
    text: &str,
    format: &TextFormat,
    width: f32,
) -> TextLayout {
    if !needs_bidi(text) {
        let mut job = LayoutJob::single_section(text.to_owned(), format.clone());
        job.wrap.max_width = width;
        return from_galley(fonts.layout_job(job));
    }
    bidi_layout(
        fonts,
        text,
        &ParagraphBidiInfo::new(text, None),
        format,
        width,
    )
}

/// Layouts kept from one frame to the next, so a label or a list row with
/// right-to-left text is laid out once, not every frame; one not asked
/// for during a frame is dropped after it.
#[derive(Clone, Default)]
struct Cache {
    pass: u64,
    now: std::collections::HashMap<u64, Arc<TextLayout>>,
    last: std::collections::HashMap<u64, Arc<TextLayout>>,
}

/// [`layout`], remembered across frames (see [`Cache`]).
pub fn cached_layout(
    ui: &egui::Ui,
    text: &str,
    format: &TextFormat,
    width: f32,
) -> Arc<TextLayout> {
    let key = egui::util::hash((text, format, width.to_bits()));
    let pass = ui.ctx().cumulative_pass_nr();
    let id = egui::Id::unique("marginalia_text_layouts");
    let found = ui.data_mut(|d| {
        let c = d.get_temp_mut_or_default::<Cache>(id);
        if c.pass != pass {
            c.last = std::mem::take(&mut c.now);
            c.pass = pass;
        }
        let hit = c.now.get(&key).cloned().or_else(|| c.last.remove(&key));
        if let Some(l) = &hit {
            c.now.insert(key, Arc::clone(l));
        }
        hit
    });
    found.unwrap_or_else(|| {
        let l = Arc::new(ui.fonts_mut(|f| layout(f, text, format, width)));
        ui.data_mut(|d| {
            d.get_temp_mut_or_default::<Cache>(id)
                .now
                .insert(key, Arc::clone(&l));
        });
        l
    })
}

/// The layout of a left-to-right galley (one glyph per code point).
pub fn from_galley(galley: Arc<Galley>) -> TextLayout {
    let mut lines = Vec::with_capacity(galley.rows.len());
    let mut boxes = Vec::new();
    let mut off = 0;
    for row in &galley.rows {
        let n = row.glyphs.len();
        let rect = row.rect();
        let (text_top, text_height) = row.glyphs.first().map_or((rect.top(), rect.height()), |g| {
            (row.pos.y + g.pos.y - g.font_ascent, g.font_height)
        });
        boxes.extend(row.glyphs.iter().map(|g| CharBox {
            x0: row.pos.x + g.pos.x,
            x1: row.pos.x + g.max_x(),
            rtl: false,
        }));
        lines.push(Line {
            chars: off..off + n,
            top: rect.top(),
            height: rect.height(),
            text_top,
            text_height,
            ltr_only: true,
        });
        off += n + usize::from(row.ends_with_newline);
    }
    TextLayout {
        rtl: false,
        lines,
        boxes,
        size: galley.size(),
        pieces: vec![(Vec2::ZERO, galley)],
    }
}

/// A shaping unit: code points `chars` (paragraph-relative), its bidi level.
struct Piece {
    chars: Range<usize>,
    bytes: Range<usize>,
    space: bool,
    galley: Arc<Galley>,
    width: f32,
    /// Each code point's span from the piece's left edge.
    spans: Vec<(f32, f32)>,
    /// A line may break after it (a part of a word wider than the line).
    break_after: bool,
}

/// Shapes code points `r` of `chars` (of `text`) as one piece, with each
/// code point's span within it.
fn shape_piece(
    shape: &mut impl FnMut(String) -> Arc<Galley>,
    widths: &mut std::collections::HashMap<char, f32>,
    text: &str,
    chars: &[(usize, char)],
    r: Range<usize>,
    rtl: bool,
) -> Piece {
    let (i, j) = (r.start, r.end);
    let c = chars[i].1;
    let bytes = chars[i].0..chars.get(j).map_or(text.len(), |x| x.0);
    let mut s = text[bytes.clone()].to_owned();
    if rtl && j == i + 1 {
        // A bracket in a right-to-left run is drawn mirrored.
        if let Some(m) = unicode_bidi_mirroring::get_mirrored(c) {
            s = m.to_string();
        }
    }
    let galley = shape(s.clone());
    let w = width_of(&galley);
    let n = j - i;
    // Spans from the right edge in a right-to-left piece.
    let place = |ends: Vec<f32>| {
        let mut out = Vec::with_capacity(n);
        let mut start = 0.0;
        for e in ends {
            out.push(if rtl { (w - e, w - start) } else { (start, e) });
            start = e;
        }
        out
    };
    let spans = if !rtl && galley.rows.len() == 1 && galley.rows[0].glyphs.len() == n {
        let row = &galley.rows[0];
        row.glyphs
            .iter()
            .map(|g| (row.pos.x + g.pos.x, row.pos.x + g.max_x()))
            .collect()
    } else if n == 1 {
        vec![(0.0, w)]
    } else {
        // Each character's own width (shaped alone, the same for the whole
        // layout), scaled to the piece's: a right-to-left word's letters
        // join, so none has a width of its own; shaping each prefix
        // instead cost 30% more per frame on a long article.
        let own: Vec<f32> = s
            .chars()
            .map(|ch| {
                *widths
                    .entry(ch)
                    .or_insert_with(|| width_of(&shape(ch.to_string())))
            })
            .collect();
        let sum: f32 = own.iter().sum();
        let scale = if sum > 0.0 { w / sum } else { 0.0 };
        let mut e = 0.0;
        place(
            own.iter()
                .map(|o| {
                    e += o * scale;
                    e
                })
                .collect(),
        )
    };
    Piece {
        chars: i..j,
        bytes,
        // A no-break space holds its words together.
        space: c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}'),
        galley,
        width: w,
        spans,
        break_after: false,
    }
}

/// Width of a galley laid out on one row: its glyphs' extent.
fn width_of(g: &Galley) -> f32 {
    g.rows
        .iter()
        .flat_map(|r| r.glyphs.iter().map(move |x| r.pos.x + x.max_x()))
        .fold(0.0, f32::max)
}

fn bidi_layout(
    fonts: &mut egui::epaint::FontsView<'_>,
    text: &str,
    info: &ParagraphBidiInfo<'_>,
    format: &TextFormat,
    width: f32,
) -> TextLayout {
    let rtl_para = info.paragraph_level.is_rtl();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut shape = |s: String| {
        let mut job = LayoutJob::single_section(s, format.clone());
        job.wrap.max_width = f32::INFINITY;
        fonts.layout_job(job)
    };
    let level = |i: usize| info.levels[chars[i].0];
    let mut widths = std::collections::HashMap::new();
    // Cut into pieces.
    let mut pieces: Vec<Piece> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (lv, c) = (level(i), chars[i].1);
        let rtl = lv.is_rtl();
        let mut j = i + 1;
        if !c.is_whitespace() && (!rtl || joins_rtl(c)) {
            while j < chars.len()
                && level(j) == lv
                && !chars[j].1.is_whitespace()
                && (!rtl || joins_rtl(chars[j].1))
            {
                j += 1;
            }
        }
        let piece = shape_piece(&mut shape, &mut widths, text, &chars, i..j, rtl);
        if piece.width > width && j - i > 1 {
            // A word wider than the line is broken where it fills one.
            let mut from = i;
            let mut used = 0.0;
            for (k, (a, b)) in (i..j).zip(&piece.spans) {
                if k > from && used + (b - a) > width {
                    let mut part = shape_piece(&mut shape, &mut widths, text, &chars, from..k, rtl);
                    part.break_after = true;
                    pieces.push(part);
                    from = k;
                    used = 0.0;
                }
                used += b - a;
            }
            pieces.push(shape_piece(
                &mut shape,
                &mut widths,
                text,
                &chars,
                from..j,
                rtl,
            ));
        } else {
            pieces.push(piece);
        }
        i = j;
    }
    // Row height and the text's box in it, from a shaped piece.
    let (height, text_top, text_height) = pieces
        .iter()
        .find_map(|p| {
            let row = p.galley.rows.first()?;
            let g = row.glyphs.first()?;
            Some((
                row.rect().height(),
                row.pos.y + g.pos.y - g.font_ascent,
                g.font_height,
            ))
        })
        .unwrap_or((
            format.line_height.unwrap_or(format.font_id.size),
            0.0,
            format.font_id.size,
        ));
    // Wrap in logical order at white space.
    let mut line_pieces: Vec<Range<usize>> = Vec::new();
    let (mut start, mut used) = (0, 0.0f32);
    let mut k = 0;
    while k < pieces.len() {
        // The next word: pieces up to white space, and the space after.
        let mut end = k;
        let mut word = 0.0;
        while end < pieces.len() && !pieces[end].space {
            word += pieces[end].width;
            end += 1;
            if pieces[end - 1].break_after {
                break;
            }
        }
        let mut space = 0.0;
        while end < pieces.len() && pieces[end].space {
            space += pieces[end].width;
            end += 1;
        }
        if k > start && used + word > width {
            line_pieces.push(start..k);
            start = k;
            used = 0.0;
        }
        used += word + space;
        k = end.max(k + 1);
    }
    line_pieces.push(start..pieces.len());
    // Place each line's pieces in visual order.
    let mut boxes = vec![
        CharBox {
            x0: 0.0,
            x1: 0.0,
            rtl: false,
        };
        chars.len()
    ];
    let mut placed = Vec::with_capacity(pieces.len());
    let mut lines = Vec::with_capacity(line_pieces.len());
    let mut widest = 0.0f32;
    for (n, range) in line_pieces.into_iter().enumerate() {
        let top = n as f32 * height;
        let here = &pieces[range.clone()];
        let (Some(first), Some(last)) = (here.first(), here.last()) else {
            lines.push(Line {
                chars: chars.len()..chars.len(),
                top,
                height,
                text_top: top + text_top,
                text_height,
                ltr_only: !rtl_para,
            });
            continue;
        };
        let line_bytes = first.bytes.start..last.bytes.end;
        // Levels as reordering sees them: a line's trailing white space
        // takes the paragraph's (UAX #9, L1).
        let (levels, runs) = info.visual_runs(line_bytes);
        let mut order: Vec<usize> = Vec::with_capacity(here.len());
        for run in &runs {
            let mut inside: Vec<usize> = (range.clone())
                .filter(|&p| run.contains(&pieces[p].bytes.start))
                .collect();
            if levels[run.start].is_rtl() {
                inside.reverse();
            }
            order.extend(inside);
        }
        let line_width: f32 = here.iter().map(|p| p.width).sum();
        // Right to left: the line's end (its trailing white space) is at
        // the left, and its words end at the right edge.
        let mut x = if rtl_para { width - line_width } else { 0.0 };
        for p in order {
            let piece = &pieces[p];
            let rtl = levels[piece.bytes.start].is_rtl();
            for (c, (a, b)) in piece.chars.clone().zip(&piece.spans) {
                boxes[c] = CharBox {
                    x0: x + a,
                    x1: x + b,
                    rtl,
                };
            }
            placed.push((vec2(x, top), Arc::clone(&piece.galley)));
            x += piece.width;
            widest = widest.max(x);
        }
        // One rectangle covers a range of this line only if its boxes
        // run left to right in logical order.
        let chars = first.chars.start..last.chars.end;
        let ltr_only = boxes[chars.clone()].iter().all(|b| !b.rtl)
            && boxes[chars.clone()]
                .windows(2)
                .all(|w| w[0].x1 <= w[1].x0 + 0.5);
        lines.push(Line {
            chars,
            top,
            height,
            text_top: top + text_top,
            text_height,
            ltr_only,
        });
    }
    let size = vec2(
        if rtl_para { width.max(widest) } else { widest },
        lines.len() as f32 * height,
    );
    TextLayout {
        rtl: rtl_para,
        lines,
        boxes,
        pieces: placed,
        size,
    }
}

/// One line of `text` as a job egui lays out in the right order: with
/// right-to-left characters, a section per piece in visual order (egui
/// shapes each section on its own, so a right-to-left word keeps its
/// letters joined); otherwise the text as it is. Not for wrapping: use
/// [`layout`] or [`label`] for text that may take several rows.
pub fn visual_job(text: &str, format: TextFormat) -> LayoutJob {
    if !needs_bidi(text) {
        return LayoutJob::single_section(text.to_owned(), format);
    }
    let info = ParagraphBidiInfo::new(text, None);
    let mut job = LayoutJob::default();
    let (levels, runs) = info.visual_runs(0..text.len());
    for run in runs {
        let rtl = levels[run.start].is_rtl();
        // Pieces of the run in logical order, then reversed if right to left.
        let mut pieces: Vec<String> = Vec::new();
        let mut cur = String::new();
        for c in text[run].chars() {
            // A letter continues the word before it (in a right-to-left
            // run only right-to-left letters join); anything else stands alone.
            let joins = |x: char| !x.is_whitespace() && (!rtl || joins_rtl(x));
            let continues = joins(c) && cur.chars().last().is_some_and(joins);
            if !continues && !cur.is_empty() {
                pieces.push(std::mem::take(&mut cur));
            }
            match unicode_bidi_mirroring::get_mirrored(c).filter(|_| rtl) {
                Some(m) => cur.push(m),
                None => cur.push(c),
            }
        }
        if !cur.is_empty() {
            pieces.push(cur);
        }
        if rtl {
            pieces.reverse();
        }
        for p in pieces {
            job.append(&p, 0.0, format.clone());
        }
    }
    job
}

/// `text` for a one-line widget (link, list row, button): in visual order
/// when it holds right-to-left characters, in the widget's own colour.
pub fn line(ui: &egui::Ui, text: &str) -> egui::WidgetText {
    colored_line(ui, text, egui::Color32::PLACEHOLDER)
}

/// `text` in `color` for a one-line label (a status message): in visual
/// order when it holds right-to-left characters. `Color32::PLACEHOLDER`:
/// the widget's own colour.
pub fn colored_line(ui: &egui::Ui, text: &str, color: egui::Color32) -> egui::WidgetText {
    if !needs_bidi(text) {
        return egui::RichText::new(text).color(color).into();
    }
    let format = TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color,
        ..Default::default()
    };
    visual_job(text, format).into()
}

/// A label that may hold right-to-left text: wrapped to the available
/// width in `style` (`strong`: in the strong text colour), right-aligned when
/// it reads right to left.
pub fn label(
    ui: &mut egui::Ui,
    text: &str,
    style: egui::TextStyle,
    strong: bool,
) -> egui::Response {
    if !needs_bidi(text) {
        let mut rich = egui::RichText::new(text).text_style(style);
        if strong {
            rich = rich.strong();
        }
        return ui.add(egui::Label::new(rich).wrap());
    }
    let format = TextFormat {
        font_id: style.resolve(ui.style()),
        color: if strong {
            ui.visuals().strong_text_color()
        } else {
            ui.visuals().text_color()
        },
        ..Default::default()
    };
    let width = ui.available_width();
    // Paragraph by paragraph: each has a direction of its own.
    let laid: Vec<Arc<TextLayout>> = text
        .split('\n')
        .map(|p| cached_layout(ui, p, &format, width))
        .collect();
    let height: f32 = laid.iter().map(|l| l.size.y).sum();
    let (rect, r) = ui.allocate_exact_size(vec2(width, height), egui::Sense::hover());
    let mut y = rect.top();
    for l in &laid {
        l.paint(ui.painter(), egui::pos2(rect.left(), y), format.color);
        y += l.size.y;
    }
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    r
}

impl TextLayout {
    /// Paints the text with its top-left at `origin`.
    pub fn paint(&self, painter: &egui::Painter, origin: Pos2, color: egui::Color32) {
        for (at, g) in &self.pieces {
            painter.galley(origin + *at, Arc::clone(g), color);
        }
    }

    /// Screen rectangles covering code points `a..b` (paragraph-relative):
    /// one per row, or on a mixed row one per visual stretch.
    pub fn range_rects(&self, origin: Pos2, a: usize, b: usize) -> Vec<Rect> {
        let mut out = Vec::new();
        let first = self.lines.partition_point(|l| l.chars.end <= a);
        for line in &self.lines[first..] {
            if line.chars.start >= b {
                break;
            }
            let (lo, hi) = (a.max(line.chars.start), b.min(line.chars.end));
            if lo >= hi {
                continue;
            }
            let rect = |x0: f32, x1: f32| {
                Rect::from_min_max(
                    pos2(origin.x + x0, origin.y + line.text_top),
                    pos2(origin.x + x1, origin.y + line.text_top + line.text_height),
                )
            };
            if line.ltr_only {
                out.push(rect(self.boxes[lo].x0, self.boxes[hi - 1].x1));
                continue;
            }
            let mut xs: Vec<(f32, f32)> = self.boxes[lo..hi].iter().map(|b| (b.x0, b.x1)).collect();
            xs.sort_by(|p, q| p.0.total_cmp(&q.0));
            let mut cur = xs[0];
            for &(x0, x1) in &xs[1..] {
                if x0 <= cur.1 + 0.5 {
                    cur.1 = cur.1.max(x1);
                } else {
                    out.push(rect(cur.0, cur.1));
                    cur = (x0, x1);
                }
            }
            out.push(rect(cur.0, cur.1));
        }
        out
    }

    /// The row at height `y` (relative), if any.
    fn line_at(&self, y: f32) -> Option<&Line> {
        self.lines
            .iter()
            .find(|l| y >= l.top && y < l.top + l.height)
    }

    /// The code point (paragraph-relative) under `pos`, if any.
    pub fn char_at(&self, origin: Pos2, pos: Pos2) -> Option<usize> {
        let line = self.line_at(pos.y - origin.y)?;
        let x = pos.x - origin.x;
        line.chars
            .clone()
            .find(|&c| x >= self.boxes[c].x0 && x < self.boxes[c].x1)
    }

    /// The boundary between code points nearest to `pos` (relative to the
    /// paragraph's top-left), for placing a caret or a selection's edge.
    pub fn boundary_at(&self, pos: Pos2) -> usize {
        let Some(line) = self.line_at(pos.y).or_else(|| {
            if pos.y < 0.0 {
                self.lines.first()
            } else {
                self.lines.last()
            }
        }) else {
            return 0;
        };
        if line.chars.is_empty() {
            return line.chars.start;
        }
        let x = pos.x;
        let boxes = &self.boxes;
        // A character's start edge: its left, or right when right to left.
        let side = |c: usize, left: bool| if boxes[c].rtl != left { c } else { c + 1 };
        if let Some(c) = line
            .chars
            .clone()
            .find(|&c| x >= boxes[c].x0 && x < boxes[c].x1)
        {
            let b = boxes[c];
            return side(c, x < (b.x0 + b.x1) / 2.0);
        }
        let leftmost = line
            .chars
            .clone()
            .min_by(|&p, &q| boxes[p].x0.total_cmp(&boxes[q].x0));
        let rightmost = line
            .chars
            .clone()
            .max_by(|&p, &q| boxes[p].x1.total_cmp(&boxes[q].x1));
        match (leftmost, rightmost) {
            (Some(l), _) if x < boxes[l].x0 => side(l, true),
            (_, Some(r)) if x >= boxes[r].x1 => side(r, false),
            _ => line.chars.start,
        }
    }

    /// The caret's rectangle (zero width, the row's height) at boundary `c`,
    /// relative to the paragraph's top-left.
    pub fn caret_rect(&self, c: usize) -> Rect {
        let boxes = &self.boxes;
        // The row holding code point c, else the one ending at c.
        let line = self
            .lines
            .iter()
            .find(|l| l.chars.contains(&c))
            .or_else(|| self.lines.iter().rev().find(|l| l.chars.end == c))
            .or(self.lines.last());
        let Some(line) = line else {
            return Rect::from_min_size(Pos2::ZERO, vec2(0.0, self.size.y));
        };
        let x = if line.chars.contains(&c) {
            let b = boxes[c];
            if b.rtl { b.x1 } else { b.x0 }
        } else if let Some(b) = c
            .checked_sub(1)
            .and_then(|p| boxes.get(p))
            .filter(|_| !line.chars.is_empty())
        {
            if b.rtl { b.x0 } else { b.x1 }
        } else if self.rtl {
            self.size.x
        } else {
            0.0
        };
        Rect::from_min_max(pos2(x, line.top), pos2(x, line.top + line.height))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` laid out `width` wide with the default fonts.
    fn lay(text: &str, width: f32) -> TextLayout {
        let ctx = egui::Context::default();
        let mut out = None;
        let mut frame = ctx.run_ui(egui::RawInput::default(), |ui| {
            let format = TextFormat {
                font_id: egui::FontId::proportional(16.0),
                line_height: Some(34.0),
                ..Default::default()
            };
            out = Some(ui.ctx().fonts_mut(|f| layout(f, text, &format, width)));
        });
        frame.textures_delta.clear();
        out.expect("laid out")
    }

    #[test]
    fn every_code_point_has_a_box_on_one_line() {
        let text = "قال المتحدث باسم وزارة الخارجية الأمريكية ماثيو ميلر إن الولايات المتحدة «لن تتردد» في فرض عقوبات جديدة على الجهات التي تسهّل نقل الأسلحة.";
        let l = lay(text, 400.0);
        let n = text.chars().count();
        assert_eq!(l.boxes.len(), n);
        let covered: usize = l.lines.iter().map(|x| x.chars.len()).sum();
        assert_eq!(covered, n, "{:?}", l.lines);
        assert!(l.rtl && l.lines.len() > 1);
        for (i, w) in l.lines.windows(2).enumerate() {
            assert_eq!(w[0].chars.end, w[1].chars.start, "line {i}");
        }
    }

    #[test]
    fn one_line_jobs_put_pieces_in_visual_order() {
        let job = |t: &str| visual_job(t, TextFormat::default()).text;
        assert_eq!(job("plain English"), "plain English");
        // An Arabic phrase inside English: its words reversed, letters kept.
        assert_eq!(job("abc قال نعم"), "abc نعم قال");
        // A right-to-left line: the full stop leftmost, digits left to
        // right, the quotation marks mirrored.
        assert_eq!(job("قال «نعم» 2024."), ".2024 «نعم» قال");
    }

    #[test]
    fn a_click_at_a_boundary_puts_the_caret_there() {
        let text = "قال «نعم» 2024 U.S. ok.";
        let l = lay(text, 800.0);
        assert!(l.rtl);
        let line = &l.lines[0];
        let y = line.top + line.height / 2.0;
        for c in 0..=text.chars().count() {
            let r = l.caret_rect(c);
            let got = l.boundary_at(egui::pos2(r.left(), y));
            // The same place on screen: the boundary found draws its caret there.
            let back = l.caret_rect(got);
            assert!(
                (back.left() - r.left()).abs() < 0.5,
                "{c} -> {got}: {r:?} vs {back:?}"
            );
        }
    }

    #[test]
    fn hostile_paragraphs_lay_out_without_panicking() {
        for text in [
            "",
            "   ",
            "\u{200f}",
            "\u{202e}abc\u{202c} \u{2067}שלום\u{2069}",
            "«»()[]",
            "שלום",
            &"س".repeat(3000),
            &format!("שלום {}", "x".repeat(500)),
        ] {
            let l = lay(text, 120.0);
            assert_eq!(l.boxes.len(), text.chars().count(), "{text:?}");
            let _ = l.range_rects(egui::Pos2::ZERO, 0, text.chars().count());
            let _ = l.boundary_at(egui::pos2(-5.0, -5.0));
            let _ = l.boundary_at(egui::pos2(5000.0, 5000.0));
            let _ = l.caret_rect(text.chars().count());
        }
    }

    #[test]
    fn a_word_wider_than_the_line_breaks_where_it_fills_one() {
        for text in [
            "שלום ".to_owned() + &"ש".repeat(400),
            "سلام ".to_owned() + &"x".repeat(400),
        ] {
            let l = lay(&text, 200.0);
            assert!(l.lines.len() > 3, "{}", l.lines.len());
            for line in &l.lines {
                let (lo, hi) = line.chars.clone().fold((f32::MAX, f32::MIN), |(a, b), c| {
                    (a.min(l.boxes[c].x0), b.max(l.boxes[c].x1))
                });
                assert!(hi - lo <= 200.5, "a row {} wide", hi - lo);
            }
        }
    }

    #[test]
    fn a_range_is_covered_exactly_on_every_row_of_a_mixed_paragraph() {
        let texts = [
            "הוא אמר: The United States will not hesitate to impose new sanctions on the companies that help move weapons, שר החוץ אמר.",
            "قال المتحدث باسم وزارة الخارجية ماثيو ميلر (Matthew Miller) إن واشنطن «لن تتردد» في 2024 و2025.",
            "The ministry said ירושלים שוקלת פיקוח יצוא חדש and then left.",
            "بيونغ\u{a0}يانغ بيونغ\u{a0}يانغ بيونغ\u{a0}يانغ بيونغ\u{a0}يانغ",
        ];
        for text in texts {
            let l = lay(text, 180.0);
            let n = text.chars().count();
            for (a, b) in [(0, n), (3, 20), (10, 60), (n / 2, n), (5, 6)] {
                let (a, b) = (a.min(n), b.min(n));
                let rects = l.range_rects(egui::Pos2::ZERO, a, b);
                for c in 0..n {
                    let bx = l.boxes[c];
                    if bx.x1 - bx.x0 < 0.5 {
                        continue;
                    }
                    let line = l.lines.iter().find(|x| x.chars.contains(&c)).unwrap();
                    let center = egui::pos2(
                        (bx.x0 + bx.x1) / 2.0,
                        line.text_top + line.text_height / 2.0,
                    );
                    let covered = rects.iter().any(|r| r.contains(center));
                    assert_eq!(covered, (a..b).contains(&c), "{text:?} {a}..{b}: char {c}");
                }
            }
            // A no-break space never ends a row.
            for line in &l.lines[..l.lines.len() - 1] {
                let last = text.chars().nth(line.chars.end - 1).unwrap();
                assert_ne!(last, '\u{a0}');
            }
        }
    }
}
