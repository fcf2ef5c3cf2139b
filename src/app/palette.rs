//! The command palette (every action, document and label by fuzzy name) and
//! the keyboard help overlay (every shortcut of the registry, grouped).

use super::actions::{Action, Keymap};
use super::{Cmd, Session};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

/// The palette's and the help overlay's state.
#[derive(Default)]
pub struct PaletteState {
    /// Whether the palette is open.
    pub open: bool,
    /// What was typed.
    pub query: String,
    /// The highlighted entry (index into the matches).
    pub chosen: usize,
    /// The query field takes the keyboard when the palette opens.
    focus: bool,
    /// Whether the keyboard help overlay is open.
    pub help: bool,
    /// The matches for (query, project revision): recomputed when either
    /// changes, not every frame (a project has thousands of documents).
    found: Option<((String, u64), Matches)>,
}

impl PaletteState {
    /// Opens the palette, empty.
    pub fn open_palette(&mut self) {
        self.open = true;
        self.query.clear();
        self.chosen = 0;
        self.focus = true;
        self.found = None;
    }
}

/// The palette's entries with their texts, best match first.
type Matches = Vec<(Entry, String)>;

/// One thing the palette can do.
#[derive(Clone, Debug, PartialEq)]
enum Entry {
    Action(Action),
    Document(usize),
    Label(usize),
}

/// The palette's entries with their text, in the order shown when nothing
/// is typed: actions, then labels, then documents.
fn entries(session: &Session) -> Vec<(Entry, String)> {
    let has = session.project.is_some();
    let mut out: Vec<(Entry, String)> = Action::ALL
        .into_iter()
        .filter(|a| (has || !a.needs_project()) && a.cmd().is_some())
        .filter(|a| !matches!(a, Action::Label(_) | Action::DocChoice(_) | Action::Palette))
        .map(|a| (Entry::Action(a), a.title()))
        .collect();
    if let Some(p) = &session.project {
        out.extend(
            p.labels
                .iter()
                .enumerate()
                .map(|(i, l)| (Entry::Label(i), format!("Label: {}", l.name))),
        );
        out.extend(
            p.documents
                .iter()
                .enumerate()
                .map(|(i, d)| (Entry::Document(i), format!("Go to: {}", d.title))),
        );
    }
    out
}

/// The entries matching `query`, best first (all of them for an empty query).
fn matching(session: &Session, query: &str) -> Vec<(Entry, String)> {
    let all = entries(session);
    if query.trim().is_empty() {
        return all;
    }
    /// An entry's text with its position, for the matcher.
    struct Item<'a>(usize, &'a str);
    impl AsRef<str> for Item<'_> {
        fn as_ref(&self) -> &str {
            self.1
        }
    }
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let items = all.iter().enumerate().map(|(i, (_, t))| Item(i, t));
    pattern
        .match_list(items, &mut matcher)
        .into_iter()
        .filter_map(|(item, _score)| all.get(item.0).cloned())
        .collect()
}

/// What running an entry does.
fn run(entry: &Entry, out: &mut Vec<Cmd>) {
    match entry {
        Entry::Action(a) => out.extend(a.cmd()),
        Entry::Document(i) => out.push(Cmd::SelectDocument(*i)),
        Entry::Label(i) => out.push(Cmd::ApplyLabel(*i)),
    }
}

/// The palette window.
pub(super) fn palette_ui(
    ctx: &egui::Context,
    session: &Session,
    keymap: &Keymap,
    state: &mut PaletteState,
    out: &mut Vec<Cmd>,
) {
    if !state.open {
        return;
    }
    let focus = std::mem::take(&mut state.focus);
    let key = (state.query.clone(), session.revision);
    if state.found.as_ref().is_none_or(|(k, _)| *k != key) {
        state.found = Some((key, matching(session, &state.query)));
    }
    let found = state.found.as_ref().map_or(&[][..], |(_, f)| f.as_slice());
    let (up, down, enter, escape) = ctx.input(|i| {
        (
            i.key_pressed(egui::Key::ArrowUp),
            i.key_pressed(egui::Key::ArrowDown),
            i.key_pressed(egui::Key::Enter),
            i.key_pressed(egui::Key::Escape),
        )
    });
    if down {
        state.chosen = (state.chosen + 1).min(found.len().saturating_sub(1));
    }
    if up {
        state.chosen = state.chosen.saturating_sub(1);
    }
    state.chosen = state.chosen.min(found.len().saturating_sub(1));
    let mut clicked = None;
    let mut query = state.query.clone();
    egui::Window::new("Command palette")
        .collapsible(false)
        .resizable(false)
        .title_bar(false)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
        .fixed_size(egui::vec2(520.0, 360.0))
        .show(ctx, |ui| {
            let label = ui.label("Run a command, go to a document, apply a label:");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut query)
                        .hint_text("Type to search")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if focus {
                r.request_focus();
            }
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    for (i, (entry, text)) in found.iter().enumerate().take(200) {
                        let shortcut = match entry {
                            Entry::Action(a) => keymap.label(ctx, *a),
                            _ => String::new(),
                        };
                        let button = egui::Button::selectable(i == state.chosen, text.as_str())
                            .shortcut_text(shortcut);
                        let r = ui.add_sized([ui.available_width(), 20.0], button);
                        if i == state.chosen && (up || down) {
                            r.scroll_to_me(None);
                        }
                        if r.clicked() {
                            clicked = Some(entry.clone());
                        }
                    }
                    if found.is_empty() {
                        ui.weak("Nothing matches.");
                    }
                });
        });
    if query != state.query {
        state.query = query;
        state.chosen = 0;
    }
    let chosen = clicked.or_else(|| {
        enter
            .then(|| found.get(state.chosen).map(|(e, _)| e.clone()))
            .flatten()
    });
    if let Some(entry) = chosen {
        state.open = false;
        run(&entry, out);
    } else if escape {
        state.open = false;
    }
}

/// The keyboard help overlay: every shortcut, grouped as the registry groups them.
pub(super) fn help_ui(ctx: &egui::Context, keymap: &Keymap, is_open: &mut bool) {
    if !*is_open {
        return;
    }
    let mut open = true;
    egui::Window::new("Keyboard shortcuts")
        .open(&mut open)
        .collapsible(false)
        .default_width(560.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().max_height(520.0).show(ui, |ui| {
                let mut group = "";
                for a in Action::ALL {
                    let keys: Vec<String> = keymap
                        .keys(a)
                        .iter()
                        .map(|k| super::actions::display(ctx, k))
                        .collect();
                    if keys.is_empty() {
                        continue;
                    }
                    if a.group() != group {
                        group = a.group();
                        ui.add_space(6.0);
                        ui.strong(group);
                    }
                    ui.horizontal(|ui| {
                        ui.add_sized(
                            [170.0, 18.0],
                            egui::Label::new(egui::RichText::new(keys.join(", ")).monospace()),
                        );
                        ui.label(a.title()).on_hover_text(a.description());
                    });
                }
                ui.add_space(6.0);
                ui.weak(
                    "In the article, arrows move the caret by word (Left, Right) and sentence (Up, Down); \
                     with Shift they extend the selection. Change shortcuts in Edit → Preferences.",
                );
            });
        });
    if !open || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        *is_open = false;
    }
}
