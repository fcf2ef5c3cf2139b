//! Keyboard shortcuts. Most specific combinations are matched first (egui
//! ignores extra Shift and Alt), and annotation keys never fire while a text
//! field has focus.

use super::{Cmd, Edge, MarginaliaApp};
use crate::model::segment::Segments;
use egui::{Context, Key, KeyboardShortcut, Modifiers};

/// The label keys, 1 to 9.
pub const LABEL_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

fn pressed(ctx: &Context, m: Modifiers, k: Key) -> bool {
    ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(m, k)))
}

/// Reads this frame's shortcuts into commands.
pub fn shortcuts(app: &mut MarginaliaApp, ctx: &Context) {
    let cmd = Modifiers::COMMAND;
    let cmd_shift = Modifiers::COMMAND | Modifiers::SHIFT;
    if pressed(ctx, cmd_shift, Key::S) {
        app.push(Cmd::SaveAsDialog);
    } else if pressed(ctx, cmd, Key::S) {
        app.push(Cmd::Save);
    }
    if pressed(ctx, cmd, Key::O) {
        app.push(Cmd::OpenDialog);
    }
    if pressed(ctx, cmd, Key::F) {
        app.find.open = true;
        app.find.focus = true;
    }
    if ctx.egui_wants_keyboard_input() {
        // A text field has focus: its keys are its own (Esc leaves it).
        return;
    }
    if pressed(ctx, cmd_shift, Key::Z) || pressed(ctx, cmd, Key::Y) {
        app.push(Cmd::Redo);
    } else if pressed(ctx, cmd, Key::Z) {
        app.push(Cmd::Undo);
    }
    if pressed(ctx, cmd, Key::Enter) {
        app.push(Cmd::DoneAndNext);
    }
    if app.session.project.is_none() {
        return;
    }
    for (n, key) in LABEL_KEYS.into_iter().enumerate() {
        if pressed(ctx, Modifiers::NONE, key) {
            app.push(Cmd::ApplyLabel(n));
        }
    }
    if pressed(ctx, Modifiers::NONE, Key::Enter) {
        app.push(Cmd::AcceptSuggestion);
    }
    if pressed(ctx, Modifiers::NONE, Key::Backspace) {
        app.push(Cmd::RejectSuggestion);
    }
    if pressed(ctx, Modifiers::NONE, Key::CloseBracket) {
        app.push(Cmd::StepSuggestion(true));
    }
    if pressed(ctx, Modifiers::NONE, Key::OpenBracket) {
        app.push(Cmd::StepSuggestion(false));
    }
    if pressed(ctx, Modifiers::NONE, Key::Delete) {
        app.push(Cmd::DeleteSpan);
    }
    if pressed(ctx, Modifiers::NONE, Key::R) {
        app.push(Cmd::StartLink);
    }
    if pressed(ctx, Modifiers::NONE, Key::Escape) {
        if app.session.linking.is_some() {
            app.push(Cmd::CancelLink);
        } else {
            app.session.selection = None;
            app.session.selected_span = None;
        }
    }
    // Span edges: Alt+arrows move the start, Alt+Shift+arrows the end.
    if app.session.selected_span.is_some() && app.session.selection.is_none() {
        let alt_shift = Modifiers::ALT | Modifiers::SHIFT;
        for (m, key, edge, fwd) in [
            (alt_shift, Key::ArrowLeft, Edge::End, false),
            (alt_shift, Key::ArrowRight, Edge::End, true),
            (Modifiers::ALT, Key::ArrowLeft, Edge::Start, false),
            (Modifiers::ALT, Key::ArrowRight, Edge::Start, true),
        ] {
            if pressed(ctx, m, key) {
                app.push(Cmd::MoveEdge(edge, fwd));
            }
        }
    }
    caret_keys(app, ctx);
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
