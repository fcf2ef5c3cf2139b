//! Merging copies of a project that several analysts annotated.
//!
//! [`merge_all`] unites any number of copies: documents matched by id, else
//! by identical text; spans from every copy; a span made identically (same
//! range and label) by several analysts is kept once with all of them;
//! disagreements are kept and flagged for curation. Nothing anyone
//! annotated is lost. [`three_way`] is the merge git runs through
//! `marginalia merge-driver`: both sides' changes since their common base.

pub mod curate;
mod three_way;

pub use three_way::three_way;

/// What someone saved to a project file, merged into ours.
#[derive(Debug)]
pub struct MergedWithSaved {
    /// Ours with their changes.
    pub merged: Project,
    /// What the merge kept and flagged.
    pub report: MergeReport,
    /// The version read from the file: the base of the next merge.
    pub theirs: Project,
    /// The file's stamp, taken before it was read.
    pub stamp: Option<crate::store::DiskStamp>,
}

/// Reads the project saved at `path` (by a colleague, another window or
/// process) and merges it into `ours`: three-way from `base`, the version
/// `ours` started from, or n-way without one.
pub fn merge_saved(
    base: Option<&Project>,
    ours: &Project,
    path: &std::path::Path,
) -> Result<MergedWithSaved, crate::store::StoreError> {
    let stamp = crate::store::DiskStamp::of(path).ok().flatten();
    let theirs = crate::store::load(path)?;
    let (merged, report) = match base {
        Some(base) => three_way(base, ours, &theirs),
        None => merge_all(&[ours.clone(), theirs.clone()]),
    };
    Ok(MergedWithSaved {
        merged,
        report,
        theirs,
        stamp,
    })
}

/// What [`save_merging`] did.
#[derive(Debug, Default)]
pub struct SavedMerging {
    /// The stamp of the file written.
    pub stamp: Option<crate::store::DiskStamp>,
    /// Set when someone had saved the file since it was read: what merging
    /// their version in kept and flagged.
    pub merged_theirs: Option<MergeReport>,
}

/// Saves `ours` (made from `base`, read from `path` when its stamp was
/// `stamp`) without losing anyone's work: under the project's lock, if
/// someone saved the file since it was read (the window, another command, a
/// colleague), their version is merged in three-way from `base` before the
/// result is written. Reading, merging and writing are one critical section
/// for every Marginalia writer; where the file system has no locks, the
/// disk-stamp check still catches a save in between, and the merge is
/// retried (at most 5 times).
pub fn save_merging(
    base: &Project,
    ours: Project,
    path: &std::path::Path,
    stamp: Option<crate::store::DiskStamp>,
) -> Result<SavedMerging, crate::store::StoreError> {
    use crate::store;
    let lock = store::ProjectLock::acquire(path)?;
    let (mut base, mut ours, mut stamp) = (std::borrow::Cow::Borrowed(base), ours, stamp);
    let mut merged_theirs: Option<MergeReport> = None;
    for _ in 0..5 {
        if store::changed_since(path, stamp) {
            let saved = merge_saved(Some(&base), &ours, path)?;
            let report = merged_theirs.get_or_insert_with(MergeReport::default);
            report.conflicts += saved.report.conflicts;
            report.conflicting_spans += saved.report.conflicting_spans;
            report.documents = saved.report.documents;
            report.spans = saved.report.spans;
            (base, ours, stamp) = (
                std::borrow::Cow::Owned(saved.theirs),
                saved.merged,
                saved.stamp,
            );
            continue;
        }
        let written = store::save_locked(&ours, path, &lock)?;
        return Ok(SavedMerging {
            stamp: written,
            merged_theirs,
        });
    }
    Err(store::StoreError::ChangedOnDisk {
        path: path.to_owned(),
    })
}

use crate::model::{Document, Project, Relation, Span, Status};
use std::collections::{HashMap, HashSet};

/// What a merge did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Documents in the result.
    pub documents: usize,
    /// Documents that only some copies had.
    pub documents_added: usize,
    /// Spans in the result.
    pub spans: usize,
    /// Spans made identically by more than one copy, kept once.
    pub spans_shared: usize,
    /// Disagreements flagged for curation (groups of spans).
    pub conflicts: usize,
    /// Spans in those groups.
    pub conflicting_spans: usize,
    /// Labels that came from other copies.
    pub labels_added: Vec<String>,
    /// Document notes that differed and were joined.
    pub notes_joined: usize,
    /// Document labels set differently, kept for curation (per document
    /// and set).
    pub doc_labels_disputed: usize,
    /// Registry entries with the same name and kind, flagged to merge.
    pub entities_flagged: usize,
}

/// The identity of a span's annotation: range and label.
pub(crate) fn span_key(s: &Span) -> (usize, usize, &str) {
    (s.start, s.end, s.label.as_str())
}

/// `other`'s comments that `thread` lacks (by id), kept in time order.
pub(crate) fn join_comments(thread: &mut crate::model::Thread, other: &crate::model::Thread) {
    for c in &other.comments {
        if !thread.comments.iter().any(|x| x.id == c.id) {
            thread.comments.push(c.clone());
        }
    }
    thread
        .comments
        .sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
}

/// Adds `thread` to `d`, keeping the threads sorted by id.
pub(crate) fn add_thread(d: &mut Document, thread: crate::model::Thread) {
    let at = d.threads.partition_point(|x| x.id < thread.id);
    d.threads.insert(at, thread);
}

/// Adds the document label sets and choices of `other` that `into` lacks.
pub(crate) fn unite_doc_label_sets(into: &mut Project, other: &Project) {
    for s in &other.doc_label_sets {
        match into.doc_label_sets.iter_mut().find(|x| x.name == s.name) {
            None => into.doc_label_sets.push(s.clone()),
            Some(x) => {
                x.multiple |= s.multiple;
                for c in &s.choices {
                    if x.choice(&c.name).is_none() {
                        x.choices.push(c.clone());
                    }
                }
            }
        }
    }
}

/// Entry `theirs` joined into `ours` (the same id): ours stands, and
/// nothing of theirs is lost (names become aliases, ids and note fill gaps).
pub(crate) fn join_entity(ours: &mut crate::model::Entity, theirs: &crate::model::Entity) {
    for n in theirs.names() {
        if !ours.is_called(n) {
            ours.aliases.push(n.to_owned());
        }
    }
    for (k, v) in &theirs.external_ids {
        ours.external_ids
            .entry(k.clone())
            .or_insert_with(|| v.clone());
    }
    if let Some(n) = join_notes(&ours.note, &theirs.note) {
        ours.note = n;
    }
}

/// Adds `other`'s registry entries by id (the same id: joined).
pub(crate) fn unite_entities(into: &mut Project, other: &Project) {
    for e in &other.entities {
        match into.entities.binary_search_by(|x| x.id.cmp(&e.id)) {
            Ok(i) => join_entity(&mut into.entities[i], e),
            Err(i) => into.entities.insert(i, e.clone()),
        }
    }
}

/// `their` choices of `set` on `d`, which has `ours`: taken when ours has
/// none, else kept as a disagreement unless the same. Returns whether a
/// new disagreement was recorded.
pub(crate) fn dispute(d: &mut Document, set: &str, theirs: &[String]) -> bool {
    match d.doc_labels.get(set) {
        None if !theirs.is_empty() => {
            d.doc_labels.insert(set.to_owned(), theirs.to_vec());
            false
        }
        Some(ours) if ours.as_slice() != theirs => {
            let alts = d.disputed.entry(set.to_owned()).or_default();
            if alts.iter().any(|a| a.as_slice() == theirs) {
                return false;
            }
            alts.push(theirs.to_vec());
            true
        }
        _ => false,
    }
}

/// Adds `other`'s saved queries: a name `into` lacks as it is, a name it
/// has for another query as "name (2)" (never losing either).
pub(crate) fn unite_saved_queries<'a>(
    into: &mut Project,
    other: impl IntoIterator<Item = &'a crate::model::SavedQuery>,
) {
    for q in other {
        // The same query under its name, or under the name a merge gave it
        // ("name (2)"; not a name an analyst chose, such as "name (old)").
        let known = into.saved_queries.iter().any(|x| {
            x.query == q.query
                && (x.name == q.name
                    || x.name
                        .strip_prefix(q.name.as_str())
                        .and_then(|rest| rest.strip_prefix(" ("))
                        .and_then(|rest| rest.strip_suffix(')'))
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
        });
        if known {
            continue;
        }
        let mut name = q.name.clone();
        let mut n = 1;
        while into.saved_query(&name).is_some() {
            n += 1;
            name = format!("{} ({n})", q.name);
        }
        let at = into.saved_queries.partition_point(|x| x.name < name);
        let saved = crate::model::SavedQuery {
            name,
            query: q.query.clone(),
        };
        into.saved_queries.insert(at, saved);
    }
}

/// Adds the labels and relation labels of `other` that `into` lacks.
pub(crate) fn unite_labels(into: &mut Project, other: &Project, report: &mut MergeReport) {
    unite_doc_label_sets(into, other);
    unite_entities(into, other);
    for l in &other.labels {
        if into.label(&l.name).is_none() {
            into.labels.push(l.clone());
            report.labels_added.push(l.name.clone());
        }
    }
    for l in &other.relation_labels {
        if into.relation_label(&l.name).is_none() {
            into.relation_labels.push(l.clone());
        }
    }
}

/// The status furthest along.
pub(crate) fn further(a: Status, b: Status) -> Status {
    let rank = |s| Status::ALL.iter().position(|x| *x == s).unwrap_or(0);
    if rank(b) > rank(a) { b } else { a }
}

/// Both notes, when they differ (nothing is dropped).
pub(crate) fn join_notes(a: &str, b: &str) -> Option<String> {
    if b.is_empty() || a == b || a.contains(b) {
        None
    } else if a.is_empty() {
        Some(b.to_owned())
    } else {
        Some(format!("{a}\n---\n{b}"))
    }
}

/// Merges every copy into the first: see the module documentation.
pub fn merge_all(copies: &[Project]) -> (Project, MergeReport) {
    let mut report = MergeReport::default();
    let Some((first, rest)) = copies.split_first() else {
        return (
            Project::new("merged", crate::model::CreationInfo::now("")),
            report,
        );
    };
    let mut out = first.clone();
    // Which copies made each span of the result (a bit per copy): spans
    // disagree only if no copy made both.
    let mut origin: HashMap<(String, String), u64> = HashMap::new();
    for d in &out.documents {
        for s in &d.spans {
            origin.insert((d.id.clone(), s.id.clone()), 1);
        }
    }
    // Where each document of the result is, by id and by text.
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut by_text: HashMap<std::sync::Arc<str>, usize> = HashMap::new();
    for (i, d) in out.documents.iter().enumerate() {
        by_id.insert(d.id.clone(), i);
        by_text.entry(d.text.clone()).or_insert(i);
    }
    for (n, other) in rest.iter().enumerate() {
        unite_labels(&mut out, other, &mut report);
        unite_saved_queries(&mut out, &other.saved_queries);
        for od in &other.documents {
            let found = by_id
                .get(&od.id)
                .copied()
                .filter(|&i| out.documents[i].text == od.text)
                .or_else(|| by_text.get(&od.text).copied());
            match found {
                None => {
                    let mut d = od.clone();
                    if by_id.contains_key(&d.id) {
                        d.id = out.free_document_id(&d.text);
                    }
                    for s in &d.spans {
                        origin.insert((d.id.clone(), s.id.clone()), bit(n + 1));
                    }
                    by_id.insert(d.id.clone(), out.documents.len());
                    by_text.entry(d.text.clone()).or_insert(out.documents.len());
                    out.documents.push(d);
                    report.documents_added += 1;
                }
                Some(i) => {
                    let d = &mut out.documents[i];
                    merge_document(d, od, bit(n + 1), &mut origin, &mut report);
                }
            }
        }
    }
    // Flag disagreements between spans of different copies.
    let mut group = 0;
    for d in &mut out.documents {
        let origins: Vec<u64> = d
            .spans
            .iter()
            .map(|s| {
                origin
                    .get(&(d.id.clone(), s.id.clone()))
                    .copied()
                    .unwrap_or(1)
            })
            .collect();
        group = flag_conflicts(d, &origins, group, &mut report);
    }
    report.entities_flagged = crate::model::registry::duplicates(&out).len();
    report.documents = out.documents.len();
    report.spans = out.span_count();
    (out, report)
}

/// The origin bit of copy `n` (copies past 63 share the last bit).
fn bit(n: usize) -> u64 {
    1 << n.min(63)
}

/// Adds `other`'s annotations of the same text to `d`.
fn merge_document(
    d: &mut Document,
    other: &Document,
    copy: u64,
    origin: &mut HashMap<(String, String), u64>,
    report: &mut MergeReport,
) {
    d.status = further(d.status, other.status);
    if let Some(n) = join_notes(&d.note, &other.note) {
        d.note = n;
        report.notes_joined += 1;
    }
    for (k, v) in &other.meta {
        d.meta.entry(k.clone()).or_insert_with(|| v.clone());
    }
    // Time per analyst: copies that share a past hold it twice, so the
    // larger, not the sum, of one analyst's time; different analysts add up.
    for (who, ms) in &other.active_ms {
        let t = d.active_ms.entry(who.clone()).or_insert(0);
        *t = (*t).max(*ms);
    }
    if d.review.is_none() {
        d.review.clone_from(&other.review);
    }

    for a in &other.assignees {
        if !d.assignees.contains(a) {
            d.assignees.push(a.clone());
        }
    }
    for (set, theirs) in &other.doc_labels {
        if dispute(d, set, theirs) {
            report.doc_labels_disputed += 1;
        }
    }
    for (set, alts) in &other.disputed {
        for a in alts {
            dispute(d, set, a);
        }
    }
    // Other's span id -> id in the result.
    let mut ids: HashMap<&str, String> = HashMap::new();
    for s in &other.spans {
        let same = d.spans.iter_mut().find(|x| span_key(x) == span_key(s));
        if let Some(x) = same {
            let mut added = false;
            for a in s.annotators() {
                if !x.made_by(a) {
                    x.also_by.push(a.to_owned());
                    added = true;
                }
            }
            if added {
                report.spans_shared += 1;
            }
            if let Some(n) = join_notes(&x.note, &s.note) {
                x.note = n;
            }
            // A registry link only the other copy made comes along.
            if x.entity.is_none() {
                x.entity.clone_from(&s.entity);
            }
            *origin.entry((d.id.clone(), x.id.clone())).or_insert(0) |= copy;
            ids.insert(&s.id, x.id.clone());
            continue;
        }
        let mut s2 = s.clone();
        if d.span(&s2.id).is_some() || d.relation(&s2.id).is_some() {
            s2.id = fresh_id(d, &s2.id);
        }
        ids.insert(&s.id, s2.id.clone());
        origin.insert((d.id.clone(), s2.id.clone()), copy);
        d.insert_span(s2);
    }
    // Every comment of every copy; a thread stays open if a copy has it
    // open; a thread on a span follows the span's id in the result.
    for t in &other.threads {
        let mut t = t.clone();
        if let Some(s) = t.span.as_deref().and_then(|s| ids.get(s)) {
            t.span = Some(s.clone());
        }
        match d.threads.iter_mut().find(|x| x.id == t.id) {
            Some(x) => {
                join_comments(x, &t);
                // Open if either copy has it open; resolved: who did first.
                x.resolved &= t.resolved;
                if !x.resolved {
                    x.resolved_by = None;
                }
            }
            None => add_thread(d, t),
        }
    }
    if d.status != Status::Done {
        d.review = None;
    }
    for r in &other.relations {
        let (Some(head), Some(child)) = (ids.get(r.head.as_str()), ids.get(r.child.as_str()))
        else {
            continue;
        };
        let exists = d
            .relations
            .iter()
            .any(|x| x.head == *head && x.child == *child && x.label == r.label);
        if exists {
            continue;
        }
        let mut id = r.id.clone();
        if d.relation(&id).is_some() || d.span(&id).is_some() {
            id = fresh_id(d, &id);
        }
        d.insert_relation(Relation {
            id,
            head: head.clone(),
            child: child.clone(),
            label: r.label.clone(),
        });
    }
}

/// An id like `base` free in `d`.
pub(crate) fn fresh_id(d: &Document, base: &str) -> String {
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| d.span(id).is_none() && d.relation(id).is_none())
        .unwrap_or_else(|| format!("{base}-x"))
}

/// Flags spans that disagree and that no copy made both of (`origins`: a
/// bit per copy that made the span): the same range with different labels,
/// or overlapping different ranges with the same label. Connected
/// disagreements form one group. Returns the next group number.
pub(crate) fn flag_conflicts(
    d: &mut Document,
    origins: &[u64],
    mut group: usize,
    report: &mut MergeReport,
) -> usize {
    let n = d.spans.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], i: usize) -> usize {
        let mut i = i;
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let mut any = vec![false; n];
    let index = crate::model::interval::SpanIndex::new(&d.spans);
    for i in 0..n {
        let a = &d.spans[i];
        for j in index.overlapping(a.start, a.end) {
            if j <= i || origins[i] & origins[j] != 0 {
                continue;
            }
            let b = &d.spans[j];
            let same_range = a.start == b.start && a.end == b.end;
            if (same_range && a.label != b.label) || (!same_range && a.label == b.label) {
                any[i] = true;
                any[j] = true;
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                parent[ri] = rj;
            }
        }
    }
    let mut names: HashMap<usize, String> = HashMap::new();
    let taken: HashSet<String> = d.spans.iter().map(|s| s.conflict.clone()).collect();
    for (i, _) in any.iter().enumerate().filter(|(_, a)| **a) {
        let root = find(&mut parent, i);
        let name = names
            .entry(root)
            .or_insert_with(|| {
                loop {
                    group += 1;
                    let name = format!("c{group}");
                    if !taken.contains(&name) {
                        report.conflicts += 1;
                        break name;
                    }
                }
            })
            .clone();
        d.spans[i].conflict = name;
        report.conflicting_spans += 1;
    }
    group
}

#[cfg(test)]
mod tests;
