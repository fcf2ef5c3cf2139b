//! Keyboard shortcuts, from the action registry ([`super::actions`]) as the
//! analyst's keymap binds them. Combinations with more modifiers are tried
//! first (egui ignores extra Shift and Alt), and article keys never fire
//! while a text field has focus.

use super::actions::Context as KeyContext;
use super::{Cmd, MarginaliaApp};
use crate::model::segment::Segments;
use egui::{Context, Key, Modifiers};

fn pressed(ctx: &Context, m: Modifiers, k: Key) -> bool {
    ctx.input_mut(|i| i.consume_shortcut(&egui::KeyboardShortcut::new(m, k)))
}

/// Reads this frame's shortcuts into commands.
pub fn shortcuts(app: &mut MarginaliaApp, ctx: &Context) {
    if app.prefs.capturing() {
        // Preferences wait for the key to bind: it does nothing else.
        return;
    }
    let fire = |app: &mut MarginaliaApp, context: KeyContext| {
        for (action, key) in app.keymap.dispatch_order(context) {
            if ctx.input_mut(|i| i.consume_shortcut(&key))
                && (app.session.project.is_some() || !action.needs_project())
                && let Some(cmd) = action.cmd()
            {
                app.push(cmd);
            }
        }
    };
    fire(app, KeyContext::Global);
    if ctx.egui_wants_keyboard_input() || app.palette.open || app.palette.help {
        // A text field has focus: its keys are its own (Esc leaves it).
        return;
    }
    fire(app, KeyContext::Article);
    if app.session.project.is_some() {
        caret_keys(app, ctx);
    }
}

/// Arrows move the caret by word (Left/Right) or sentence (Up/Down); with
/// Shift they extend the selection.
fn caret_keys(app: &mut MarginaliaApp, ctx: &Context) {
    let Some(seg) = app.segments().cloned() else {
        return;
    };
    type Step = fn(&Segments, usize) -> usize;
    let moves: [(Key, Step); 4] = [
        (Key::ArrowRight, |s, c| s.next_word_end(c)),
        (Key::ArrowLeft, |s, c| s.prev_word_start(c)),
        (Key::ArrowDown, |s, c| s.next_sentence_start(c)),
        (Key::ArrowUp, |s, c| s.prev_sentence_start(c)),
    ];
    for (key, step) in moves {
        if pressed(ctx, Modifiers::SHIFT, key) {
            let (anchor, caret) = match &app.session.selection {
                Some(r) if app.session.caret == r.start => (r.end, r.start),
                Some(r) => (r.start, r.end),
                None => (app.session.caret, app.session.caret),
            };
            let new = step(&seg, caret);
            // Moving up by sentence from a sentence end: keep sentence starts.
            let r = anchor.min(new)..anchor.max(new);
            app.session.caret = new;
            app.session.selection = (r.start < r.end).then_some(r);
            app.session.selected_span = None;
            app.push(Cmd::ScrollTo(new));
        } else if pressed(ctx, Modifiers::NONE, key) {
            let from = match &app.session.selection {
                Some(r) if matches!(key, Key::ArrowLeft | Key::ArrowUp) => r.start,
                Some(r) => r.end,
                None => app.session.caret,
            };
            let new = step(&seg, from);
            app.session.caret = new;
            app.show_caret = true;
            app.session.selection = None;
            app.push(Cmd::ScrollTo(new));
        }
    }
}
