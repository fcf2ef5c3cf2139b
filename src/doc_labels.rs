//! Edits on the document label sets, each one undoable step: the sets'
//! definitions change together with every document's choices that a rename
//! or a removal touches.

use crate::edit::Edit;
use crate::model::{DocLabelSet, Project};
use std::collections::BTreeMap;

/// The sets become `sets`; every document's `(set, choice)` goes through
/// `map` (`None`: dropped). Documents whose choices change are cleared
/// before the sets change and given their new choices after, so every
/// step is valid.
pub fn replace_sets(
    project: &Project,
    sets: Vec<DocLabelSet>,
    map: impl Fn(&str, &str) -> Option<(String, String)>,
) -> Edit {
    let mut clear = Vec::new();
    let mut give = Vec::new();
    for d in &project.documents {
        let mut next: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (set, chosen) in &d.doc_labels {
            for c in chosen {
                if let Some((s, c)) = map(set, c) {
                    let v = next.entry(s).or_default();
                    if !v.contains(&c) {
                        v.push(c);
                    }
                }
            }
        }
        if next == d.doc_labels {
            continue;
        }
        for set in d.doc_labels.keys() {
            clear.push(Edit::SetDocLabels {
                doc: d.id.clone(),
                set: set.clone(),
                choices: Vec::new(),
            });
        }
        for (set, mut chosen) in next {
            if let Some(def) = sets.iter().find(|s| s.name == set) {
                chosen.sort_by_key(|c| def.choices.iter().position(|x| x.name == *c));
            }
            give.push(Edit::SetDocLabels {
                doc: d.id.clone(),
                set,
                choices: chosen,
            });
        }
    }
    // Disagreements a merge filed under a set or choice follow it too.
    let mut disputes = Vec::new();
    for d in &project.documents {
        let mut next: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
        for (set, alts) in &d.disputed {
            for alt in alts {
                let mapped: Vec<(String, String)> =
                    alt.iter().filter_map(|c| map(set, c)).collect();
                // "Nothing chosen" stays with its set while the set is there.
                let to = match mapped.first() {
                    Some((s, _)) => s.clone(),
                    None if alt.is_empty() && sets.iter().any(|x| x.name == *set) => set.clone(),
                    None => continue,
                };
                let v = next.entry(to).or_default();
                let choices: Vec<String> = mapped.into_iter().map(|(_, c)| c).collect();
                if !v.contains(&choices) {
                    v.push(choices);
                }
            }
        }
        if next == d.disputed {
            continue;
        }
        for set in d.disputed.keys() {
            disputes.push(Edit::SetDisputed {
                doc: d.id.clone(),
                set: set.clone(),
                alternatives: Vec::new(),
            });
        }
        for (set, alternatives) in next {
            disputes.push(Edit::SetDisputed {
                doc: d.id.clone(),
                set,
                alternatives,
            });
        }
    }
    let mut edits = clear;
    edits.push(Edit::SetDocLabelSets(sets));
    edits.extend(give);
    edits.extend(disputes);
    Edit::Batch(edits)
}

/// How many documents have a choice of set `set` (or of that one choice).
pub fn documents_with(project: &Project, set: &str, choice: Option<&str>) -> usize {
    project
        .documents
        .iter()
        .filter(|d| {
            d.doc_labels
                .get(set)
                .is_some_and(|v| choice.is_none_or(|c| v.iter().any(|x| x == c)))
        })
        .count()
}

/// The `n`-th choice counting through every set in order (the key layer:
/// Shift+1 is the first set's first choice): `(set, choice)`.
pub fn nth_choice(project: &Project, n: usize) -> Option<(&DocLabelSet, &str)> {
    project
        .doc_label_sets
        .iter()
        .flat_map(|s| s.choices.iter().map(move |c| (s, c.name.as_str())))
        .nth(n)
}

/// The edit that toggles `choice` of `set` on document `doc` (a single
/// choice set replaces its choice).
pub fn toggle(project: &Project, doc: &str, set: &str, choice: &str) -> Option<Edit> {
    let def = project.doc_label_set(set)?;
    let d = project.document(doc)?;
    let current = d.doc_labels.get(set).cloned().unwrap_or_default();
    Some(Edit::SetDocLabels {
        doc: doc.to_owned(),
        set: set.to_owned(),
        choices: def.toggle(&current, choice),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::judgement::sample_doc_label_sets;
    use crate::model::{CreationInfo, Document};

    #[test]
    fn renaming_and_removing_carry_the_documents_along_and_undo() {
        let mut p = Project::new("p", CreationInfo::now("t"));
        p.doc_label_sets = sample_doc_label_sets();
        for i in 0..3 {
            p.documents
                .push(Document::new(format!("d{i}"), "t", "text"));
        }
        for (d, c) in [("d0", "hostile"), ("d1", "neutral")] {
            toggle(&p, d, "stance", c).unwrap().apply(&mut p).unwrap();
        }
        toggle(&p, "d0", "topic", "trade")
            .unwrap()
            .apply(&mut p)
            .unwrap();
        // A merge found a colleague chose "hostile" where d1 has "neutral".
        p.documents[1]
            .disputed
            .insert("stance".into(), vec![vec!["hostile".into()]]);
        let before = p.clone();
        assert_eq!(documents_with(&p, "stance", None), 2);
        assert_eq!(
            nth_choice(&p, 5).map(|(s, c)| (s.name.as_str(), c)),
            Some(("stance", "hostile"))
        );
        // Rename the set and a choice at once.
        let mut sets = p.doc_label_sets.clone();
        sets[1].name = "tone".into();
        sets[1].choices[0].name = "adversarial".into();
        let e = replace_sets(&p, sets, |s, c| {
            let s = if s == "stance" { "tone" } else { s };
            let c = if c == "hostile" { "adversarial" } else { c };
            Some((s.to_owned(), c.to_owned()))
        });
        let undo = e.apply(&mut p).unwrap();
        assert!(crate::model::validate(&p).is_empty());
        assert_eq!(p.documents[0].doc_labels["tone"], ["adversarial"]);
        assert_eq!(
            p.documents[1].disputed["tone"],
            [vec!["adversarial".to_owned()]],
            "the disagreement follows the rename"
        );
        assert_eq!(p.documents[0].doc_labels["topic"], ["trade"]);
        // Remove the set: its choices leave every document.
        let mut sets = p.doc_label_sets.clone();
        sets.remove(1);
        let undo2 = replace_sets(&p, sets, |s, c| {
            (s != "tone").then(|| (s.to_owned(), c.to_owned()))
        })
        .apply(&mut p)
        .unwrap();
        assert!(
            p.documents
                .iter()
                .all(|d| !d.doc_labels.contains_key("tone"))
        );
        undo2.apply(&mut p).unwrap();
        undo.apply(&mut p).unwrap();
        assert_eq!(p, before);
    }
}
