//! Three-way merge of project files, as git asks for it: the common base
//! and two versions that each changed it.
//!
//! Changes are found per item, by id: documents, spans, relations, labels,
//! a document's status and note. A change made on one side only is taken.
//! Both sides changing the same span differently, one side changing a span
//! the other removed, or both adding disagreeing spans at the same place
//! are true conflicts: every version is kept, flagged (`conflict`) for
//! curation in the window. Nothing either side annotated is lost.

use super::{MergeReport, flag_conflicts, fresh_id, further, join_notes, span_key, unite_labels};
use crate::model::{Document, Project, Span};
use std::collections::HashMap;

/// Origin bits: the span is in the base (or both sides), ours only, theirs only.
const BOTH: u64 = 0b11;
const OURS: u64 = 0b01;
const THEIRS: u64 = 0b10;

/// Merges `theirs` into `ours`, both changed from `base`.
pub fn three_way(base: &Project, ours: &Project, theirs: &Project) -> (Project, MergeReport) {
    let mut report = MergeReport::default();
    let mut out = ours.clone();
    // Label definitions theirs changed and ours did not.
    for l in &theirs.labels {
        let b = base.label(&l.name);
        if let (Some(b), Some(i)) = (b, out.label_index(&l.name))
            && out.labels[i] == *b
            && l != b
        {
            out.labels[i] = l.clone();
        }
    }
    // Document label sets theirs changed and ours did not (guidance,
    // colours, one or several, choices); choices ours' documents may still
    // hold stay, and a set they hold several of stays "several".
    for t in &theirs.doc_label_sets {
        let Some(b) = base.doc_label_set(&t.name) else {
            continue;
        };
        if t == b {
            continue;
        }
        let several = ours
            .documents
            .iter()
            .any(|d| d.doc_labels.get(&t.name).is_some_and(|v| v.len() > 1));
        if let Some(o) = out.doc_label_sets.iter_mut().find(|x| x.name == t.name)
            && *o == *b
        {
            let mine = std::mem::replace(o, t.clone());
            for c in mine.choices {
                if o.choice(&c.name).is_none() {
                    o.choices.push(c);
                }
            }
            o.multiple |= several;
        }
    }
    // Registry entries, three-way: one side's change is taken, a removal
    // stands unless the other side changed the entry, both changed: joined.
    let mut entities: Vec<crate::model::Entity> = Vec::new();
    let ids: std::collections::BTreeSet<&str> = ours
        .entities
        .iter()
        .chain(&theirs.entities)
        .map(|e| e.id.as_str())
        .collect();
    for id in ids {
        // By scan: a project built in memory may not have them sorted yet.
        fn find<'p>(p: &'p Project, id: &str) -> Option<&'p crate::model::Entity> {
            p.entities.iter().find(|e| e.id == id)
        }
        let (o, t, b) = (find(ours, id), find(theirs, id), find(base, id));
        let keep = match (o, t) {
            (Some(o), Some(t)) if Some(t) == b => Some(o.clone()),
            (Some(o), Some(t)) if Some(o) == b => Some(t.clone()),
            (Some(o), Some(t)) => {
                let mut j = o.clone();
                super::join_entity(&mut j, t);
                Some(j)
            }
            // Theirs removed it: gone unless ours changed it (a span still
            // naming it keeps it, below).
            (Some(o), None) => (b != Some(o)).then(|| o.clone()),
            (None, Some(t)) => (b != Some(t)).then(|| t.clone()),
            (None, None) => None,
        };
        entities.extend(keep);
    }
    // Saved queries, three-way by name: theirs' change or removal is taken
    // where ours left the base's; both changed: both kept (unite, below).
    for b in &base.saved_queries {
        let (o, t) = (ours.saved_query(&b.name), theirs.saved_query(&b.name));
        if o == Some(b) && t != Some(b) {
            out.saved_queries.retain(|x| x.name != b.name);
        }
    }
    let changed = theirs
        .saved_queries
        .iter()
        .filter(|t| base.saved_query(&t.name) != Some(*t));
    super::unite_saved_queries(&mut out, changed);
    unite_labels(&mut out, theirs, &mut report);
    out.entities = entities;
    out.entities.sort_by(|a, b| a.id.cmp(&b.id));
    if theirs.name != base.name && ours.name == base.name {
        out.name.clone_from(&theirs.name);
    }

    let mut group = out
        .documents
        .iter()
        .flat_map(|d| &d.spans)
        .filter_map(|s| s.conflict.strip_prefix('c')?.parse::<usize>().ok())
        .max()
        .unwrap_or(0);
    let base_docs: HashMap<&str, &Document> =
        base.documents.iter().map(|d| (d.id.as_str(), d)).collect();
    let theirs_ids: std::collections::HashSet<&str> =
        theirs.documents.iter().map(|d| d.id.as_str()).collect();
    let mut out_index: HashMap<String, usize> = out
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    for t in &theirs.documents {
        let b = base_docs.get(t.id.as_str()).copied();
        match (out_index.get(&t.id).copied(), b) {
            (Some(i), b) => {
                group = merge_document(&mut out.documents[i], b, t, group, &mut report);
            }
            // Ours removed it: it stays removed unless theirs changed it.
            (None, Some(b)) if b == t => {}
            (None, _) => {
                out_index.insert(t.id.clone(), out.documents.len());
                out.documents.push(t.clone());
                report.documents_added += 1;
            }
        }
    }
    // Documents theirs removed, unchanged by ours, go.
    out.documents.retain(|d| {
        theirs_ids.contains(d.id.as_str()) || base_docs.get(d.id.as_str()).is_none_or(|b| *b != d)
    });
    // An entry a span of the result still names stays, whoever removed it.
    let linked: std::collections::BTreeSet<String> = out
        .documents
        .iter()
        .flat_map(|d| &d.spans)
        .filter_map(|s| s.entity.clone())
        .collect();
    for id in linked {
        if out.entity(&id).is_none()
            && let Some(e) = ours.entity(&id).or(theirs.entity(&id)).or(base.entity(&id))
        {
            let at = out.entities.partition_point(|x| x.id < e.id);
            out.entities.insert(at, e.clone());
        }
    }
    report.entities_flagged = crate::model::registry::duplicates(&out).len();
    report.documents = out.documents.len();
    report.spans = out.span_count();
    (out, report)
}

/// Takes `t`'s changes from `b` into `o`. Returns the last conflict group used.
fn merge_document(
    o: &mut Document,
    b: Option<&Document>,
    t: &Document,
    mut group: usize,
    report: &mut MergeReport,
) -> usize {
    let empty;
    let b = match b {
        Some(b) => b,
        None => {
            // Both added the same text: an empty base.
            empty = Document {
                spans: Vec::new(),
                relations: Vec::new(),
                doc_labels: std::collections::BTreeMap::new(),
                disputed: std::collections::BTreeMap::new(),
                assignees: Vec::new(),
                review: None,
                active_ms: std::collections::BTreeMap::new(),
                threads: Vec::new(),
                ..t.clone()
            };
            &empty
        }
    };
    if t.status != b.status {
        o.status = if o.status == b.status {
            t.status
        } else {
            further(o.status, t.status)
        };
    }
    let sets: std::collections::BTreeSet<&String> = b
        .doc_labels
        .keys()
        .chain(o.doc_labels.keys())
        .chain(t.doc_labels.keys())
        .collect();
    for set in sets.into_iter().cloned().collect::<Vec<String>>() {
        let (bv, ov, tv) = (
            b.doc_labels.get(&set),
            o.doc_labels.get(&set),
            t.doc_labels.get(&set),
        );
        if tv == bv || ov == tv {
            continue;
        }
        if ov == bv {
            match tv {
                Some(v) => o.doc_labels.insert(set.clone(), v.clone()),
                None => o.doc_labels.remove(&set),
            };
        } else if super::dispute(o, &set, tv.map_or(&[][..], Vec::as_slice)) {
            report.doc_labels_disputed += 1;
        }
    }
    // Time: what theirs added since the base, on top of ours.
    for (who, t_ms) in &t.active_ms {
        let base = b.active_ms.get(who).copied().unwrap_or(0);
        *o.active_ms.entry(who.clone()).or_insert(0) += t_ms.saturating_sub(base);
    }
    // Threads: every comment of both (by id); resolved as theirs say when
    // ours kept the base's state.
    for tt in &t.threads {
        let bt = b.threads.iter().find(|x| x.id == tt.id);
        match o.threads.iter_mut().find(|x| x.id == tt.id) {
            Some(ot) => {
                super::join_comments(ot, tt);
                if bt.is_some_and(|bt| bt.resolved != tt.resolved && bt.resolved == ot.resolved) {
                    ot.resolved = tt.resolved;
                    ot.resolved_by.clone_from(&tt.resolved_by);
                }
            }
            // Ours removed it: gone unless theirs changed it.
            None if bt == Some(tt) => {}
            None => super::add_thread(o, tt.clone()),
        }
    }
    // A review theirs added or changed, ours did not: taken; a document
    // not done is not reviewed.
    if t.review != b.review && o.review == b.review {
        o.review.clone_from(&t.review);
    }
    if o.status != crate::model::Status::Done {
        o.review = None;
    }
    // Assignments: theirs when ours kept the base's, else both.
    if t.assignees != b.assignees {
        if o.assignees == b.assignees {
            o.assignees.clone_from(&t.assignees);
        } else {
            for a in &t.assignees {
                if !o.assignees.contains(a) {
                    o.assignees.push(a.clone());
                }
            }
        }
    }
    // Disputes theirs found since the base (one settled on our side stays
    // settled).
    for (set, alts) in &t.disputed {
        for a in alts {
            let known = b.disputed.get(set).is_some_and(|v| v.contains(a));
            if !known {
                super::dispute(o, set, a);
            }
        }
    }
    if t.note != b.note {
        if o.note == b.note {
            o.note.clone_from(&t.note);
        } else if let Some(n) = join_notes(&o.note, &t.note) {
            o.note = n;
            report.notes_joined += 1;
        }
    }
    let base_spans: HashMap<&str, &Span> = b.spans.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut origin: HashMap<String, u64> = HashMap::new();
    for s in &o.spans {
        // Unchanged base spans are everyone's; changed or new ones ours.
        let bit = if base_spans.get(s.id.as_str()) == Some(&s) {
            BOTH
        } else {
            OURS
        };
        origin.insert(s.id.clone(), bit);
    }
    // Spans whose two versions must both be kept: (ours id, theirs span).
    let mut clashes: Vec<(Option<String>, Span)> = Vec::new();
    // Theirs span id -> id in the result.
    let mut ids: HashMap<String, String> = HashMap::new();
    for ts in &t.spans {
        let bs = base_spans.get(ts.id.as_str()).copied();
        let os = o.span(&ts.id).cloned();
        match (bs, os) {
            (Some(bs), _) if bs == ts => {
                // Theirs did not touch it; ours' version (or removal) stands.
                ids.insert(ts.id.clone(), ts.id.clone());
            }
            (Some(bs), Some(os)) if os == *bs => {
                origin.insert(ts.id.clone(), THEIRS);
                replace_span(o, ts.clone());
                ids.insert(ts.id.clone(), ts.id.clone());
            }
            (_, Some(os)) if os == *ts => {
                ids.insert(ts.id.clone(), ts.id.clone());
            }
            (Some(_), Some(os)) => {
                // Both changed it, differently.
                ids.insert(ts.id.clone(), ts.id.clone());
                clashes.push((Some(os.id.clone()), ts.clone()));
            }
            (Some(_), None) => {
                // Ours removed what theirs changed: keep theirs, for review.
                clashes.push((None, ts.clone()));
            }
            (None, Some(_)) => {
                // Both added different spans under one id.
                clashes.push((None, ts.clone()));
            }
            (None, None) => {
                if let Some(same) = o.spans.iter_mut().find(|x| span_key(x) == span_key(ts)) {
                    for a in ts.annotators() {
                        if !same.made_by(a) {
                            same.also_by.push(a.to_owned());
                        }
                    }
                    if same.entity.is_none() {
                        same.entity.clone_from(&ts.entity);
                    }
                    origin.insert(same.id.clone(), BOTH);
                    ids.insert(ts.id.clone(), same.id.clone());
                    report.spans_shared += 1;
                } else {
                    origin.insert(ts.id.clone(), THEIRS);
                    ids.insert(ts.id.clone(), ts.id.clone());
                    o.insert_span(ts.clone());
                }
            }
        }
    }
    // Spans theirs removed: gone if ours left them as they were.
    let theirs_ids: HashMap<&str, ()> = t.spans.iter().map(|s| (s.id.as_str(), ())).collect();
    for bs in &b.spans {
        if theirs_ids.contains_key(bs.id.as_str()) {
            continue;
        }
        match o.span(&bs.id) {
            Some(os) if os == bs => remove_span(o, &bs.id),
            Some(os) => {
                // Ours changed what theirs removed: keep it, for review.
                let id = os.id.clone();
                group += 1;
                set_conflict(o, &id, group, report);
                report.conflicts += 1;
            }
            None => {}
        }
    }
    for (ours_id, mut ts) in clashes {
        group += 1;
        report.conflicts += 1;
        let theirs_id = ts.id.clone();
        if o.span(&ts.id).is_some() || o.relation(&ts.id).is_some() {
            ts.id = fresh_id(o, &ts.id);
        }
        ids.insert(theirs_id, ts.id.clone());
        let new_id = ts.id.clone();
        o.insert_span(ts);
        set_conflict(o, &new_id, group, report);
        if let Some(id) = ours_id {
            set_conflict(o, &id, group, report);
        }
    }
    merge_relations(o, b, t, &ids);
    // New spans of the two sides that disagree with each other.
    let origins: Vec<u64> = o
        .spans
        .iter()
        .map(|s| origin.get(&s.id).copied().unwrap_or(BOTH))
        .collect();
    let unflagged: Vec<bool> = o.spans.iter().map(|s| s.conflict.is_empty()).collect();
    let before: Vec<String> = o.spans.iter().map(|s| s.conflict.clone()).collect();
    let mut extra = MergeReport::default();
    group = flag_conflicts(o, &origins, group, &mut extra);
    // Keep flags that existed (from the clashes above) as they were.
    for (i, s) in o.spans.iter_mut().enumerate() {
        if !unflagged[i] {
            s.conflict.clone_from(&before[i]);
        }
    }
    report.conflicts += extra.conflicts;
    report.conflicting_spans += extra.conflicting_spans;
    group
}

fn set_conflict(o: &mut Document, id: &str, group: usize, report: &mut MergeReport) {
    if let Some(s) = o.spans.iter_mut().find(|s| s.id == id) {
        s.conflict = format!("c{group}");
        report.conflicting_spans += 1;
    }
}

fn replace_span(o: &mut Document, span: Span) {
    o.spans.retain(|s| s.id != span.id);
    o.insert_span(span);
}

fn remove_span(o: &mut Document, id: &str) {
    o.spans.retain(|s| s.id != id);
    o.relations.retain(|r| r.head != id && r.child != id);
}

/// Relations: theirs' additions (between spans that exist) and removals.
fn merge_relations(o: &mut Document, b: &Document, t: &Document, ids: &HashMap<String, String>) {
    for r in &t.relations {
        if b.relation(&r.id).is_some() {
            continue;
        }
        let map = |id: &String| ids.get(id).cloned().unwrap_or_else(|| id.clone());
        let (head, child) = (map(&r.head), map(&r.child));
        if o.span(&head).is_none() || o.span(&child).is_none() || head == child {
            continue;
        }
        if o.relations
            .iter()
            .any(|x| x.head == head && x.child == child && x.label == r.label)
        {
            continue;
        }
        let mut r2 = r.clone();
        r2.head = head;
        r2.child = child;
        if o.relation(&r2.id).is_some() || o.span(&r2.id).is_some() {
            r2.id = fresh_id(o, &r2.id);
        }
        o.insert_relation(r2);
    }
    for r in &b.relations {
        if t.relation(&r.id).is_none() && o.relation(&r.id) == Some(r) {
            o.relations.retain(|x| x.id != r.id);
        }
    }
}
