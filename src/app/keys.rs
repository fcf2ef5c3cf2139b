//! Keyboard shortcuts, from the action registry ([`super::actions`]) as the
//! analyst's keymap binds them, turned into commands. Combinations with more
//! modifiers are tried first (egui ignores extra Shift and Alt), and article
//! keys never fire while a text field has focus.

use super::Cmd;
use super::actions::{Context as KeyContext, Keymap};
use crate::session::Motion;
use egui::{Context, Key, KeyboardShortcut, Modifiers};

/// What decides which keys are live this frame.
pub struct KeyState {
    /// Preferences wait for a key to bind: no shortcut fires.
    pub capturing: bool,
    /// The palette or the help overlay has the keyboard.
    pub overlay: bool,
    /// A project is open.
    pub has_project: bool,
    /// A colleague's copy is compared: the curation keys are live.
    pub comparing: bool,
    /// The find bar is open: F3 and Shift+F3 step through its hits.
    pub find_open: bool,
    /// The document list has the keyboard: Up and Down move through it.
    pub list_keys: bool,
}

/// Reads this frame's shortcuts into commands.
pub fn shortcuts(ctx: &Context, keymap: &Keymap, state: &KeyState, out: &mut Vec<Cmd>) {
    // Most frames have no key press (pointer moves, scrolling, repaints):
    // nothing to match then.
    let pressed = ctx.input(|i| {
        i.events
            .iter()
            .any(|e| matches!(e, egui::Event::Key { pressed: true, .. }))
    });
    if state.capturing || !pressed {
        return;
    }
    // Shift with a digit: most layouts give a symbol ("!" for Shift+1);
    // the document label keys are bound to the digit, so match its
    // physical key.
    ctx.input_mut(|i| {
        for e in &mut i.events {
            if let egui::Event::Key {
                key,
                physical_key: Some(p),
                modifiers,
                ..
            } = e
                && modifiers.shift
                && is_digit(*p)
                && !is_digit(*key)
            {
                *key = *p;
            }
        }
    });
    let mut fire = |context: KeyContext| {
        for (action, key) in keymap.dispatch_order(context) {
            if ctx.input_mut(|i| i.consume_shortcut(&key))
                && (state.has_project || !action.needs_project())
                && let Some(cmd) = action.cmd()
            {
                out.push(cmd);
            }
        }
    };
    fire(KeyContext::Global);
    if ctx.egui_wants_keyboard_input() || state.overlay {
        // A text field has focus: its keys are its own (Esc leaves it).
        return;
    }
    fire(KeyContext::Article);
    if state.comparing {
        fire(KeyContext::Compare);
    }
    if state.find_open {
        fire(KeyContext::Find);
    }
    if state.has_project && state.list_keys {
        list_keys(ctx, out);
    } else if state.has_project {
        caret_keys(ctx, out);
    }
}

/// Up and Down move through the document list's rows.
fn list_keys(ctx: &Context, out: &mut Vec<Cmd>) {
    for (key, forward) in [(Key::ArrowDown, true), (Key::ArrowUp, false)] {
        if ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::NONE, key))) {
            out.push(Cmd::StepListRow(forward));
        }
    }
}

/// Arrows move the caret by word (Left/Right) or sentence (Up/Down); with
/// Shift they extend the selection.
fn caret_keys(ctx: &Context, out: &mut Vec<Cmd>) {
    let moves = [
        (Key::ArrowRight, Motion::WordForward),
        (Key::ArrowLeft, Motion::WordBack),
        (Key::ArrowDown, Motion::SentenceForward),
        (Key::ArrowUp, Motion::SentenceBack),
    ];
    for (key, motion) in moves {
        for (m, extend) in [(Modifiers::SHIFT, true), (Modifiers::NONE, false)] {
            if ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(m, key))) {
                out.push(Cmd::MoveCaret(motion, extend));
            }
        }
    }
}

/// Whether `k` is one of the digit keys 0-9.
fn is_digit(k: Key) -> bool {
    matches!(
        k,
        Key::Num0
            | Key::Num1
            | Key::Num2
            | Key::Num3
            | Key::Num4
            | Key::Num5
            | Key::Num6
            | Key::Num7
            | Key::Num8
            | Key::Num9
    )
}
