//! Document labels: judgements of a whole article (topic, stance, source
//! type), each from a set of choices the project defines.

use super::label::{Label, palette_color};
use serde::{Deserialize, Serialize};

/// A set of document labels: its choices and whether several may be chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocLabelSet {
    /// Unique name (`topic`, `stance`), as written into exports.
    pub name: String,
    /// Guidance shown beside the set.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Several choices at once (else one at most).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub multiple: bool,
    /// The choices, in key order.
    pub choices: Vec<Label>,
}

impl DocLabelSet {
    /// A set with these choices (palette colours, no descriptions).
    pub fn new(name: impl Into<String>, multiple: bool, choices: &[&str]) -> Self {
        Self {
            name: name.into(),
            description: String::new(),
            multiple,
            choices: choices
                .iter()
                .enumerate()
                .map(|(i, c)| Label::new(*c, palette_color(i), ""))
                .collect(),
        }
    }

    /// The choice with this name.
    pub fn choice(&self, name: &str) -> Option<&Label> {
        self.choices.iter().find(|c| c.name == name)
    }

    /// `current` with `choice` toggled: a single-choice set holds at most
    /// one (choosing another replaces it), a multiple one any number, in
    /// the set's order.
    pub fn toggle(&self, current: &[String], choice: &str) -> Vec<String> {
        let on = current.iter().any(|c| c == choice);
        let mut out: Vec<String> = if self.multiple {
            current.iter().filter(|c| *c != choice).cloned().collect()
        } else {
            Vec::new()
        };
        if !on {
            out.push(choice.to_owned());
        }
        let rank = |c: &String| {
            self.choices
                .iter()
                .position(|x| x.name == *c)
                .unwrap_or(usize::MAX)
        };
        out.sort_by_key(rank);
        out
    }
}

/// Two useful sets for a sanctions desk (the sample project has them).
pub fn sample_doc_label_sets() -> Vec<DocLabelSet> {
    let mut topic = DocLabelSet::new(
        "topic",
        true,
        &["sanctions", "diplomacy", "military", "trade", "energy"],
    );
    topic.description = "What the article is about (any that apply).".into();
    let mut stance = DocLabelSet::new("stance", false, &["hostile", "neutral", "conciliatory"]);
    stance.description =
        "The tone of the coverage toward the sanctioned country, taken as a whole.".into();
    vec![topic, stance]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_keeps_single_sets_single_and_multiple_sets_in_order() {
        let [topic, stance] = <[DocLabelSet; 2]>::try_from(sample_doc_label_sets()).unwrap();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(stance.toggle(&s(&["hostile"]), "neutral"), s(&["neutral"]));
        assert_eq!(stance.toggle(&s(&["neutral"]), "neutral"), s(&[]));
        assert_eq!(
            topic.toggle(&s(&["trade"]), "sanctions"),
            s(&["sanctions", "trade"])
        );
        assert_eq!(
            topic.toggle(&s(&["sanctions", "trade"]), "trade"),
            s(&["sanctions"])
        );
    }
}
