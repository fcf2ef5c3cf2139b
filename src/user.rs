//! Who is annotating: the annotator name recorded on new spans, from the
//! window's preferences, else the environment.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The OS user name (`MARGINALIA_ANNOTATOR`, `USER`, `USERNAME` or
/// `LOGNAME`), or `"analyst"`.
pub fn default_annotator() -> String {
    ["MARGINALIA_ANNOTATOR", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .map(|v| v.trim().to_owned())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "analyst".to_owned())
}

/// The window's preferences, kept per user (not in the project file).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    /// Name recorded on every span this user makes (empty: the OS user).
    #[serde(default)]
    pub annotator: String,
    /// Keyboard shortcuts that differ from the defaults: action name (as
    /// the window's help lists them) -> shortcuts (`Ctrl+Shift+S`; `Ctrl`
    /// is Command on macOS). An empty list unbinds.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub keys: std::collections::BTreeMap<String, Vec<String>>,
    /// The window's panels as the analyst left them.
    #[serde(default)]
    pub layout: Layout,
}

/// The window's side panels (widths in points, shown or collapsed) and the
/// article's longest line, remembered between runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Layout {
    /// Width of the document list.
    pub documents_width: u16,
    /// Whether the document list is shown.
    pub documents_shown: bool,
    /// Width of the labels-and-inspector panel.
    pub side_width: u16,
    /// Whether the labels-and-inspector panel is shown.
    pub side_shown: bool,
    /// The article's lines wrap at about this many characters, centred in
    /// wider windows (0: use the whole width).
    pub line_chars: u16,
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            documents_width: 240,
            documents_shown: true,
            side_width: 310,
            side_shown: true,
            line_chars: 90,
        }
    }
}

impl Preferences {
    /// The annotator for new spans: `$MARGINALIA_ANNOTATOR`, the preference,
    /// else the OS user name.
    pub fn annotator(&self) -> String {
        match std::env::var("MARGINALIA_ANNOTATOR") {
            Ok(v) if !v.trim().is_empty() => v.trim().to_owned(),
            _ if !self.annotator.trim().is_empty() => self.annotator.trim().to_owned(),
            _ => default_annotator(),
        }
    }

    /// Reads preferences from `path`; missing or unreadable gives defaults
    /// (preferences are a convenience: a damaged file must not stop the app).
    pub fn load(path: &Path) -> Self {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|t| ron::from_str(&t).ok())
            .unwrap_or_default()
    }

    /// Writes preferences to `path` atomically, creating its folder.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(std::io::Error::other)?;
        crate::store::atomic::replace_with(path, false, |f| {
            std::io::Write::write_all(f, text.as_bytes())
        })
    }
}

/// Where preferences live: `$MARGINALIA_CONFIG_DIR/preferences.ron`, else
/// the platform's config folder (`~/.config/marginalia` on Linux).
pub fn preferences_path() -> PathBuf {
    std::env::var_os("MARGINALIA_CONFIG_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            dirs::config_dir()
                .unwrap_or_else(std::env::temp_dir)
                .join("marginalia")
        })
        .join("preferences.ron")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_round_trip_and_damage_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cfg/preferences.ron");
        assert_eq!(Preferences::load(&path), Preferences::default());
        let p = Preferences {
            annotator: "Kim Ji-hoon".into(),
            keys: [("link".to_owned(), vec!["L".to_owned()])].into(),
            layout: Layout {
                side_width: 400,
                documents_shown: false,
                ..Layout::default()
            },
        };
        p.save(&path).unwrap();
        assert_eq!(Preferences::load(&path), p);
        std::fs::write(&path, "(annotator: ").unwrap();
        assert_eq!(Preferences::load(&path), Preferences::default());
    }
}
