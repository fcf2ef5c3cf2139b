//! The project's invariants, checked all at once so every problem is reported.

use super::project::Project;
use super::text::CharIndex;
use std::collections::HashSet;
use std::fmt;

/// One broken invariant, located as precisely as possible.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Id of the document concerned, if any.
    pub document: Option<String>,
    /// Id of the span or relation concerned, if any.
    pub item: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.document, &self.item) {
            (Some(d), Some(i)) => write!(f, "document {d}, {i}: {}", self.message),
            (Some(d), None) => write!(f, "document {d}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

fn problem(document: Option<&str>, item: Option<&str>, message: String) -> Problem {
    Problem {
        document: document.map(str::to_owned),
        item: item.map(str::to_owned),
        message,
    }
}

/// Whether a rule pattern compiles, remembered per pattern (validation runs
/// after every edit; compiling a large pattern takes milliseconds).
fn pattern_error(pattern: &str) -> Result<(), String> {
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex};
    static SEEN: LazyLock<Mutex<HashMap<String, Result<(), String>>>> =
        LazyLock::new(Default::default);
    if let Ok(seen) = SEEN.lock()
        && let Some(r) = seen.get(pattern)
    {
        return r.clone();
    }
    let r = regex::Regex::new(pattern)
        .map(|_| ())
        .map_err(|e| e.to_string().lines().last().unwrap_or_default().to_owned());
    if let Ok(mut seen) = SEEN.lock() {
        if seen.len() > 4096 {
            seen.clear();
        }
        seen.insert(pattern.to_owned(), r.clone());
    }
    r
}

/// Checks every invariant of `project` and returns all problems (empty: valid).
///
/// Invariants: label and relation label names are unique, non-empty and
/// free of control characters (so are span attribute names);
/// document ids are unique; within a document, span and relation ids are
/// unique; every span has `start < end <= text length` (code points) and a
/// known label; every relation joins two spans of its document and has a
/// known relation label.
pub fn validate(project: &Project) -> Vec<Problem> {
    let mut out = Vec::new();
    for (kind, labels) in [
        ("label", &project.labels),
        ("relation label", &project.relation_labels),
    ] {
        let mut seen = HashSet::new();
        for l in labels {
            if let Err(message) = super::check_name(kind, &l.name) {
                out.push(problem(None, None, message));
            } else if !seen.insert(l.name.as_str()) {
                out.push(problem(
                    None,
                    None,
                    format!("{kind} {:?} is defined twice", l.name),
                ));
            }
        }
    }
    let mut rule_names = HashSet::new();
    for r in &project.rules {
        if r.name.trim().is_empty() {
            out.push(problem(None, None, "a rule has an empty name".into()));
        } else if !rule_names.insert(r.name.as_str()) {
            out.push(problem(
                None,
                None,
                format!("rule {:?} is defined twice", r.name),
            ));
        }
        for p in &r.patterns {
            if let Err(first) = pattern_error(p) {
                out.push(problem(
                    None,
                    None,
                    format!("rule {:?}: pattern {p:?} does not compile: {first}", r.name),
                ));
            }
        }
    }
    if !project.saved_queries.is_sorted_by(|a, b| a.name <= b.name) {
        out.push(problem(
            None,
            None,
            "saved queries are not sorted by name".into(),
        ));
    }
    let mut query_names = HashSet::new();
    for q in &project.saved_queries {
        if let Err(message) = super::check_name("saved query", &q.name) {
            out.push(problem(None, None, message));
        } else if !query_names.insert(q.name.as_str()) {
            out.push(problem(
                None,
                None,
                format!("saved query {:?} is defined twice", q.name),
            ));
        }
    }
    let mut set_names = HashSet::new();
    for set in &project.doc_label_sets {
        if let Err(message) = super::check_name("document label set", &set.name) {
            out.push(problem(None, None, message));
        } else if set.name.contains(':') {
            out.push(problem(
                None,
                None,
                format!(
                    "document label set {:?}: a set name may not contain ':' (exports write set:choice)",
                    set.name
                ),
            ));
        } else if !set_names.insert(set.name.as_str()) {
            out.push(problem(
                None,
                None,
                format!("document label set {:?} is defined twice", set.name),
            ));
        }
        let mut seen = HashSet::new();
        for c in &set.choices {
            if let Err(message) = super::check_name("choice", &c.name) {
                out.push(problem(
                    None,
                    None,
                    format!("set {:?}: {message}", set.name),
                ));
            } else if !seen.insert(c.name.as_str()) {
                out.push(problem(
                    None,
                    None,
                    format!("set {:?}: choice {:?} is defined twice", set.name, c.name),
                ));
            }
        }
    }
    for w in project.entities.windows(2) {
        if w[0].id >= w[1].id {
            out.push(problem(
                None,
                None,
                format!(
                    "registry entries are not sorted by unique id ({:?}, {:?})",
                    w[0].id, w[1].id
                ),
            ));
        }
    }
    for e in &project.entities {
        if e.id.trim().is_empty() || e.name.trim().is_empty() {
            out.push(problem(
                None,
                None,
                format!("registry entry {:?} needs an id and a name", e.id),
            ));
        }
    }
    let labels: HashSet<&str> = project.labels.iter().map(|l| l.name.as_str()).collect();
    let rel_labels: HashSet<&str> = project
        .relation_labels
        .iter()
        .map(|l| l.name.as_str())
        .collect();

    let mut doc_ids = HashSet::new();
    for doc in &project.documents {
        let d = Some(doc.id.as_str());
        if doc.id.is_empty() {
            out.push(problem(
                None,
                None,
                format!("document {:?} has an empty id", doc.title),
            ));
        } else if !doc_ids.insert(doc.id.as_str()) {
            out.push(problem(d, None, "document id is used twice".into()));
        }
        for (set, chosen) in &doc.doc_labels {
            match project.doc_label_set(set) {
                None => out.push(problem(
                    d,
                    None,
                    format!("unknown document label set {set:?}"),
                )),
                Some(def) => {
                    for c in chosen.iter().filter(|c| def.choice(c).is_none()) {
                        out.push(problem(d, None, format!("set {set:?} has no choice {c:?}")));
                    }
                    if !def.multiple && chosen.len() > 1 {
                        out.push(problem(
                            d,
                            None,
                            format!(
                                "set {set:?} takes one choice, the document has {}",
                                chosen.len()
                            ),
                        ));
                    }
                }
            }
        }
        let len = CharIndex::new(&doc.text).len_chars();
        let mut ids = HashSet::new();
        for s in &doc.spans {
            let i = Some(s.id.as_str());
            if s.id.is_empty() {
                out.push(problem(
                    d,
                    None,
                    format!("span {}..{} has an empty id", s.start, s.end),
                ));
            } else if !ids.insert(s.id.as_str()) {
                out.push(problem(d, i, "span id is used twice".into()));
            }
            if s.start >= s.end {
                out.push(problem(
                    d,
                    i,
                    format!(
                        "span is empty or inverted: start {} >= end {}",
                        s.start, s.end
                    ),
                ));
            }
            if s.end > len {
                out.push(problem(
                    d,
                    i,
                    format!(
                        "span {}..{} runs past the end of the text ({len} code points)",
                        s.start, s.end
                    ),
                ));
            }
            if !labels.contains(s.label.as_str()) {
                out.push(problem(
                    d,
                    i,
                    format!("span has unknown label {:?}", s.label),
                ));
            }
            for k in s.attributes.keys() {
                if let Err(message) = super::check_name("attribute", k) {
                    out.push(problem(d, i, message));
                }
            }
            if let Some(e) = &s.entity
                && project.entity(e).is_none()
            {
                out.push(problem(
                    d,
                    i,
                    format!("span links to unknown registry entry {e:?}"),
                ));
            }
        }
        for r in &doc.relations {
            let i = Some(r.id.as_str());
            if r.id.is_empty() {
                out.push(problem(d, None, "a relation has an empty id".into()));
            } else if !ids.insert(r.id.as_str()) {
                out.push(problem(
                    d,
                    i,
                    "relation id is used twice (or by a span)".into(),
                ));
            }
            for (end, id) in [("head", &r.head), ("child", &r.child)] {
                if doc.span(id).is_none() {
                    out.push(problem(
                        d,
                        i,
                        format!("relation {end} {id:?} is not a span of this document"),
                    ));
                }
            }
            if r.head == r.child {
                out.push(problem(d, i, "relation links a span to itself".into()));
            }
            if !rel_labels.contains(r.label.as_str()) {
                out.push(problem(
                    d,
                    i,
                    format!("relation has unknown label {:?}", r.label),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CreationInfo, Document, Relation, Span};

    fn project() -> Project {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let mut d = Document::new("d1", "t", "“Hi,” said 김정은 👍🏽.");
        d.insert_span(Span::new("s1", 0, 5, "quote"));
        d.insert_span(Span::new("s2", 11, 14, "speaker"));
        d.relations
            .push(Relation::new("r1", "s1", "s2", "attributed_to"));
        p.documents.push(d);
        p
    }

    #[test]
    fn a_set_name_with_a_colon_is_refused() {
        let mut p = Project::new("p", crate::model::CreationInfo::now("t"));
        p.doc_label_sets = vec![crate::model::DocLabelSet::new(
            "source:type",
            false,
            &["wire"],
        )];
        let problems = validate(&p);
        assert!(
            problems
                .iter()
                .any(|x| x.message.contains("may not contain ':'")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_good_project_is_valid() {
        assert_eq!(validate(&project()), vec![]);
    }

    #[test]
    fn every_problem_is_reported() {
        let mut p = project();
        let d = &mut p.documents[0];
        let len = d.len_chars();
        d.spans.push(Span::new("s1", 3, 3, "quote")); // duplicate id, empty
        d.spans.push(Span::new("s3", len - 1, len + 1, "claim")); // past the end
        d.spans.push(Span::new("s4", 0, 1, "nope")); // unknown label
        d.relations.push(Relation::new("r2", "s1", "gone", "likes"));
        p.documents.push(Document::new("d1", "again", "x"));
        let problems: Vec<String> = validate(&p).iter().map(ToString::to_string).collect();
        let expect = [
            "document d1, s1: span id is used twice",
            "document d1, s1: span is empty or inverted",
            "document d1, s3: span 17..19 runs past the end of the text (18 code points)",
            "document d1, s4: span has unknown label \"nope\"",
            "document d1, r2: relation child \"gone\" is not a span",
            "document d1, r2: relation has unknown label \"likes\"",
            "document d1: document id is used twice",
        ];
        for e in expect {
            assert!(
                problems.iter().any(|p| p.starts_with(e)),
                "missing {e:?} in {problems:#?}"
            );
        }
        assert_eq!(problems.len(), expect.len());
    }

    #[test]
    fn names_with_control_characters_are_refused() {
        use crate::model::{Label, palette_color};
        for bad in [
            "a\0b",
            "bell\u{7}",
            "two\nlines",
            "esc\u{1b}[31m",
            "nel\u{85}",
        ] {
            let e = crate::model::check_name("label", bad).expect_err(bad);
            assert!(e.contains("control character"), "{e}");
            let mut p = project();
            p.labels.push(Label::new(bad, palette_color(0), ""));
            p.relation_labels
                .push(Label::new(format!("r{bad}"), palette_color(0), ""));
            p.documents[0].spans[0]
                .attributes
                .insert(format!("k{bad}"), "v".into());
            let problems: Vec<String> = validate(&p).iter().map(ToString::to_string).collect();
            assert_eq!(problems.len(), 3, "{bad:?}: {problems:#?}");
            assert!(
                problems.iter().all(|m| m.contains("control character")),
                "{problems:#?}"
            );
            // Shown escaped: no raw control character reaches a terminal.
            assert!(
                problems.iter().all(|m| !m.chars().any(char::is_control)),
                "{problems:#?}"
            );
        }
        assert!(crate::model::check_name("label", "sanction_threat").is_ok());
        assert!(crate::model::check_name("label", "제재 위협 🇰🇷").is_ok());
        assert!(crate::model::check_name("label", " ").is_err());
    }
}
