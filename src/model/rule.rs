//! Pre-annotation rules kept in the project: phrase dictionaries and
//! regular expressions per label. The quote finder is built in.

use serde::{Deserialize, Serialize};

/// A named rule proposing spans of one label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// Unique name, shown with its suggestions and counts.
    pub name: String,
    /// Label of the spans it proposes.
    pub label: String,
    /// Words and phrases, matched case-insensitively on word boundaries,
    /// tolerant of inflection ("impose sanctions" finds "imposed sanctions").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrases: Vec<String>,
    /// Regular expressions (Rust `regex` syntax).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<String>,
    /// Whether it runs by default.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// What it is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

fn yes() -> bool {
    true
}

/// The `sanction_language` pattern for a verb and its penalty a few words
/// apart (issue 13.19): verbs of imposing, extending, tightening,
/// threatening, weighing or announcing, and the penalties of the annotation
/// guide. Word-gap words stay inside one clause.
const SANCTION_VERB_OBJECT: &str = concat!(
    r"(?i)(?-u:\b)(?:",
    r"impos(?:e|es|ed|ing)|lev(?:y|ies|ied|ying)|slap(?:s|ped|ping)?|appl(?:y|ies|ied|ying)",
    r"|extend(?:s|ed|ing)?|expand(?:s|ed|ing)?|tighten(?:s|ed|ing)?|consider(?:s|ed|ing)?",
    r"|review(?:s|ed|ing)?|threaten(?:s|ed|ing)?|weigh(?:s|ed|ing)?",
    r"|announc(?:e|es|ed|ing)|unveil(?:s|ed|ing)?|introduc(?:e|es|ed|ing)",
    r")(?:\s+[\w’'-]+){0,6}?\s+(?:",
    r"sanctions|tariffs?|penalt(?:y|ies)|export\s+controls?|asset\s+freezes?",
    r"|travel\s+bans?|blacklist(?:s|ed|ing)?|embargo(?:es)?",
    r")(?-u:\b)",
);

/// The starter rules for sanctions and diplomacy news.
pub fn starter_rules() -> Vec<Rule> {
    let strs = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
    vec![
        Rule {
            name: "sanction_language".into(),
            label: "sanction_threat".into(),
            phrases: strs(&[
                "impose sanctions",
                "impose further sanctions",
                "impose new sanctions",
                "impose additional sanctions",
                "consider sanctions",
                "apply sanctions",
                "secondary sanctions",
                "sanctions package",
                "freeze assets",
                "asset freeze",
                "export controls",
                "travel ban",
                "punitive measures",
            ]),
            patterns: strs(&[
                r"(?i)(?-u:\b)(?:would|will|could|may|might|shall|is ready to|are ready to)\s+(?:not\s+hesitate\s+to\s+|consider\s+|seek\s+to\s+)?(?:impos|apply|applying|introduc|adopt)\w*\s+(?:its\s+own\s+|new\s+|further\s+|additional\s+|tougher\s+)?sanctions(?-u:\b)",
                r"(?i)(?-u:\b)(?:won[’']t|will\s+not|would\s+not)\s+hesitate(?-u:\b)",
                // A verb of imposing, extending or weighing penalties, then
                // the penalty within six words, in one clause (no commas):
                // "review the possibility of levying its own sanctions".
                SANCTION_VERB_OBJECT,
            ]),
            enabled: true,
            description: "Threats and announcements of sanctions.".into(),
        },
        Rule {
            name: "institutions".into(),
            label: "entity".into(),
            phrases: strs(&[
                "State Department",
                "Treasury Department",
                "Department of the Treasury",
                "Office of Foreign Assets Control",
                "OFAC",
                "United Nations",
                "UN Security Council",
                "Security Council",
                "European Union",
                "European Commission",
                "Kremlin",
                "Pentagon",
                "White House",
                "Foreign Ministry",
                "Defense Ministry",
                "Ministry of Foreign Affairs",
                "NATO",
                "IAEA",
            ]),
            patterns: Vec::new(),
            enabled: true,
            description: "Governments, ministries and international bodies.".into(),
        },
    ]
}
