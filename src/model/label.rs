//! Labels for spans and relations, and their colors.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An sRGB color, written as `"#rrggbb"` in project files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

impl Color {
    /// A color from its three channels.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b }
    }

    /// Relative luminance (WCAG), 0 for black to 1 for white.
    pub fn luminance(self) -> f32 {
        fn lin(c: u8) -> f32 {
            let c = f32::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// Why a color string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid color {0:?}: expected \"#rrggbb\"")]
pub struct ColorParseError(pub String);

impl FromStr for Color {
    type Err = ColorParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ColorParseError(s.to_owned());
        let hex = s.strip_prefix('#').ok_or_else(err)?;
        if hex.len() != 6 || !hex.is_ascii() {
            return Err(err());
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| err());
        Ok(Self::rgb(channel(0)?, channel(2)?, channel(4)?))
    }
}

impl Serialize for Color {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A span or relation label. Hotkeys 1 to 9 follow the order of labels in the project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// Unique name, as written into exports (`claim`, `quote`, ...).
    pub name: String,
    /// Display color.
    pub color: Color,
    /// What the label means, for annotation guidelines.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl Label {
    /// A label with a name, color and description.
    pub fn new(name: impl Into<String>, color: Color, description: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            color,
            description: description.into(),
        }
    }
}

/// Whether `name` may name a label, relation label or attribute (`kind`
/// says which, for the message): not empty or only white space, and no
/// control characters (NUL, BEL, newline, ESC... any Unicode `Cc`), which
/// would end up raw in project files, terminals and exports (a CoNLL tag
/// over two lines). The message shows the name escaped.
pub fn check_name(kind: &str, name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err(format!("a {kind} has an empty name"));
    }
    match name.chars().find(|c| c.is_control()) {
        Some(c) => Err(format!(
            "{kind} name {name:?} contains the control character U+{:04X}; names may not contain control characters",
            u32::from(c)
        )),
        None => Ok(()),
    }
}

/// Distinct colors that stay readable as a tint behind dark text (from the
/// Tableau 10 palette, which is designed to be told apart).
pub const PALETTE: [Color; 10] = [
    Color::rgb(0x4e, 0x79, 0xa7),
    Color::rgb(0xf2, 0x8e, 0x2b),
    Color::rgb(0xe1, 0x57, 0x59),
    Color::rgb(0x76, 0xb7, 0xb2),
    Color::rgb(0x59, 0xa1, 0x4f),
    Color::rgb(0xed, 0xc9, 0x48),
    Color::rgb(0xb0, 0x7a, 0xa1),
    Color::rgb(0xff, 0x9d, 0xa7),
    Color::rgb(0x9c, 0x75, 0x5f),
    Color::rgb(0xba, 0xb0, 0xac),
];

/// The color for the `index`-th label of a set.
pub fn palette_color(index: usize) -> Color {
    PALETTE[index % PALETTE.len()]
}

/// The default label set for news analysis.
pub fn default_labels() -> Vec<Label> {
    [
        (
            "claim",
            "A factual or evaluative assertion that could be checked or disputed.",
        ),
        (
            "quote",
            "Words attributed to a speaker, direct or reported.",
        ),
        (
            "sanction_threat",
            "A threat, warning or announcement of sanctions or penalties.",
        ),
        ("speaker", "The person or body a quote is attributed to."),
        ("entity", "A named person, organisation, country or place."),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (name, desc))| Label::new(name, palette_color(i), desc))
    .collect()
}

/// The default relation labels.
pub fn default_relation_labels() -> Vec<Label> {
    vec![
        Label::new(
            "attributed_to",
            Color::rgb(0x33, 0x33, 0x33),
            "A quote or claim (head) is attributed to a speaker (child).",
        ),
        Label::new(
            "targets",
            Color::rgb(0x8c, 0x2d, 0x04),
            "A sanction threat (head) targets an entity (child).",
        ),
    ]
}

/// Labels named in `names`, colored from the palette in order.
pub fn labels_from_names<S: AsRef<str>>(names: &[S]) -> Vec<Label> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| Label::new(n.as_ref().trim(), palette_color(i), ""))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn color_round_trips_through_hex() {
        let c: Color = "#4e79A7".parse().unwrap();
        assert_eq!(c, Color::rgb(0x4e, 0x79, 0xa7));
        assert_eq!(c.to_string(), "#4e79a7");
        assert!("4e79a7".parse::<Color>().is_err());
        assert!("#4e79a".parse::<Color>().is_err());
        assert!("#ééé".parse::<Color>().is_err());
    }

    #[test]
    fn default_labels_have_distinct_colors() {
        let labels = default_labels();
        let names: Vec<_> = labels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(
            names,
            ["claim", "quote", "sanction_threat", "speaker", "entity"]
        );
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert_ne!(a.color, b.color);
            }
        }
    }
}
