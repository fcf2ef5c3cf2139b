//! The middle of the window: the article with the bars over it.

use super::actions::Keymap;
use super::article::{self, ArticleInput};
use super::compare::CompareState;
use super::find::{self, FindState};
use super::saver::{self, SaveState};
use super::state::Caches;
use super::{Cmd, Session, panels};
use crate::edit::Edit;
use crate::model::Document;

/// What the middle of the window reads and changes.
pub(super) struct Central<'a> {
    /// The open project and the analyst's place in it.
    pub session: &'a mut Session,
    /// Saving state (the changed-on-disk bar).
    pub save: &'a mut SaveState,
    /// The shortcuts, for hover texts.
    pub keymap: &'a Keymap,
    /// The find bar.
    pub find: &'a mut FindState,
    /// Layout and per-document caches.
    pub caches: &'a mut Caches,
    /// A colleague's copy being compared (its disagreements are highlighted).
    pub compare: Option<&'a CompareState>,
    /// Whether the caret is shown.
    pub show_caret: bool,
    /// The article's longest line in characters (0: the whole width).
    pub line_chars: u16,
    /// Commands for the end of the frame.
    pub out: &'a mut Vec<Cmd>,
}

/// The middle of the window: the welcome screen, or the bars over the
/// article (changed on disk, find, missing glyphs) and the article itself.
/// Clicks, drags and selections become commands.
pub(super) fn central_ui(ui: &mut egui::Ui, c: &mut Central<'_>) {
    if c.session.project.is_none() {
        panels::welcome_ui(ui, c.out);
        return;
    }
    if c.session.document().is_none() {
        ui.centered_and_justified(|ui| {
            ui.label(
                "This project has no documents yet. Import articles with `marginalia import`.",
            );
        });
        return;
    }
    saver::changed_bar_ui(ui, c.session, c.save, c.out);
    find::find_bar_ui(ui, c.session, c.keymap, c.find, c.out);
    if let Some(doc) = c.session.document() {
        glyph_hint_ui(ui, doc, &mut c.caches.missing_glyphs);
    }
    c.caches.ensure_cache(c.session);
    let reveal = c.session.reveal.take();
    let (Some(project), Some(cache)) = (&c.session.project, &c.caches.cache) else {
        return;
    };
    let Some(doc) = project.documents.get(c.session.current) else {
        return;
    };
    // Disagreements with a compared copy show like find matches.
    let (matches, current_match) = match c.compare {
        Some(cmp) if !c.find.open => (&cmp.ranges, Some(cmp.index)),
        _ => (&c.find.matches, c.find.current),
    };
    let input = ArticleInput {
        selected_span: c.session.selected_span.as_deref(),
        selection: c.session.selection.clone(),
        caret: c.show_caret.then_some(c.session.caret),
        matches,
        current_match,
        scroll_to: reveal,
        linking: c.session.linking.is_some(),
        segments: Some(&cache.segments),
        index: &cache.index,
        line_chars: c.line_chars,
        thresholds: &c.session.thresholds,
    };
    let out = article::article_ui(
        ui,
        &mut c.caches.layout,
        project,
        doc,
        c.session.revision,
        &input,
    );
    if let Some(id) = out.clicked_span {
        c.out.push(Cmd::SelectSpan(Some(id)));
    } else if let Some(at) = out.clicked_text {
        c.out.push(Cmd::SetCaret(at));
    }
    if out.selection.is_some() && out.selection != c.session.selection {
        c.out.push(Cmd::SetSelection(out.selection));
    }
    if let Some(at) = out.caret {
        c.session.caret = at;
    }
    if let Some((id, range, serial)) = out.resize
        && let Some(mut span) = doc.span(&id).cloned()
    {
        // One undo step per drag.
        (span.start, span.end) = (range.start, range.end);
        let doc = doc.id.clone();
        c.out.push(Cmd::ApplyCoalescing(
            Edit::UpdateSpan { doc, span },
            format!("edge-drag:{id}:{serial}"),
        ));
    }
}

/// Says so when the document has characters no installed font can show
/// (checked once per document: `missing` remembers it).
fn glyph_hint_ui(ui: &mut egui::Ui, doc: &Document, missing: &mut Option<(String, bool)>) {
    if missing.as_ref().is_none_or(|(id, _)| *id != doc.id) {
        let text = doc.text.replace(['\n', '\t'], "");
        let lacks = !ui
            .ctx()
            .fonts_mut(|f| f.has_glyphs(&egui::FontId::proportional(16.0), &text));
        *missing = Some((doc.id.clone(), lacks));
    }
    if missing.as_ref().is_some_and(|(_, m)| *m) {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "Some characters of this article have no installed font and show as boxes. \
             Install a font for its script (e.g. fonts-noto-cjk for Chinese, Japanese and Korean).",
        );
    }
}
