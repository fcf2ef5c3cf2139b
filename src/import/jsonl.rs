//! JSONL from annotation tools: Marginalia's own `jsonl` export, doccano
//! (`label`/`labels` as `[start, end, label]`, or `entities`/`relations`),
//! and Prodigy/spaCy (`spans` with `start`/`end`/`label`, Prodigy relations).
//!
//! A line's text is kept exactly (no newline normalization), so its offsets
//! stay valid. Unknown labels join the project's label set. A line that is not
//! JSON, or whose spans do not fit its text, is reported and skipped.

use super::{ImportOptions, Outcome};
use crate::model::DocIndex;
use crate::model::{
    Document, IdGen, Label, Project, Relation, Span, Status, palette_color, text::CharIndex,
};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};

/// A span read from a line, before it gets an id.
struct RawSpan {
    id: Option<String>,
    start: usize,
    end: usize,
    label: String,
    note: String,
    annotator: Option<String>,
    also_by: Vec<String>,
    attributes: BTreeMap<String, String>,
    /// The span's own `"text"`, when the line gives it: checked against
    /// the offsets.
    text: Option<String>,
    /// A model's confidence, when the line gives one (`"score"`).
    score: Option<f64>,
    /// The registry entry it names: Marginalia's `"entity": {"id", "name",
    /// "kb_id"}` or spaCy's `"kb_id"`.
    entity: Option<RawEntity>,
}

/// A registry entry as an export names it.
struct RawEntity {
    id: String,
    name: String,
    kb_id: String,
}

fn entity_of(o: &Map<String, Value>) -> Option<RawEntity> {
    fn s(v: Option<&Value>) -> Option<&str> {
        v.and_then(Value::as_str)
            .map(str::trim)
            .filter(|x| !x.is_empty())
    }
    if let Some(e) = o.get("entity").and_then(Value::as_object) {
        let id = s(e.get("id"))?;
        return Some(RawEntity {
            id: id.to_owned(),
            name: s(e.get("name")).unwrap_or(id).to_owned(),
            kb_id: s(e.get("kb_id")).unwrap_or(id).to_owned(),
        });
    }
    let kb = s(o.get("kb_id"))?;
    let id = s(o.get("entity")).unwrap_or(kb);
    Some(RawEntity {
        id: id.to_owned(),
        name: s(o.get("text")).unwrap_or(id).to_owned(),
        kb_id: kb.to_owned(),
    })
}

/// Document labels a line carries, as `(set, choice)`: Marginalia's
/// `"doc_labels": {set: [choice]}`, spaCy's `"cats": {"set:choice": 1.0}`
/// (0.5 and over), doccano's `"cats": ["set:choice"]` and text
/// classification `"label": ["a", "b"]`, Prodigy textcat's `"accept":
/// [...]` or `"label"` with `"answer": "accept"`. A choice without a set
/// goes to the set `category`. The flag says whether the document has the
/// choice (spaCy lists the ones it has not, at 0.0: they join the set).
fn doc_labels_of(obj: &Map<String, Value>) -> Result<Vec<(String, String, bool)>, String> {
    let split = |s: &str| -> Result<(String, String, bool), String> {
        let (set, choice) = s.split_once(':').unwrap_or(("category", s));
        let (set, choice) = (set.trim(), choice.trim());
        crate::model::check_name("document label set", set)?;
        crate::model::check_name("choice", choice)?;
        Ok((set.to_owned(), choice.to_owned(), true))
    };
    let strings = |v: &Value| -> Option<Vec<String>> {
        v.as_array()?
            .iter()
            .map(|x| x.as_str().map(str::to_owned))
            .collect()
    };
    let mut out = Vec::new();
    if let Some(m) = obj.get("doc_labels").and_then(Value::as_object) {
        for (set, v) in m {
            for c in strings(v).ok_or("doc_labels values must be lists of strings")? {
                out.push(split(&format!("{set}:{c}"))?);
            }
        }
    }
    match obj.get("cats") {
        Some(Value::Object(m)) => {
            for (k, v) in m {
                let (set, choice, _) = split(k)?;
                out.push((set, choice, v.as_f64().is_some_and(|x| x >= 0.5)));
            }
        }
        Some(v @ Value::Array(_)) => {
            for c in strings(v).ok_or("cats must be a list of strings")? {
                out.push(split(&c)?);
            }
        }
        _ => {}
    }
    if let Some(v) = obj.get("label")
        && let Some(list) = strings(v)
    {
        for c in list {
            out.push(split(&c)?);
        }
    }
    let accepted = obj.get("answer").and_then(Value::as_str) == Some("accept");
    if accepted && obj.get("spans").is_none() {
        if let Some(list) = obj.get("accept").and_then(strings) {
            for c in list {
                out.push(split(&c)?);
            }
        } else if let Some(l) = obj.get("label").and_then(Value::as_str) {
            out.push(split(l)?);
        }
    }
    let mut seen = HashSet::new();
    out.retain(|x| seen.insert(x.clone()));
    Ok(out)
}

/// Lines whose offsets were converted to code points, per unit found.
#[derive(Debug, Default)]
pub(super) struct Converted {
    /// Lines with UTF-16 code unit offsets (JavaScript, Java, .NET).
    pub utf16: usize,
    /// Lines with UTF-8 byte offsets (Rust, Go, C).
    pub utf8: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    CodePoint,
    Utf16,
    Utf8,
}

/// `offsets` (sorted, unique) in `unit` as code points; `None` for an
/// offset that is not at a character boundary or past the end.
fn to_code_points(text: &str, unit: Unit, offsets: &[usize]) -> Option<Vec<usize>> {
    let width = |c: char| match unit {
        Unit::CodePoint => 1,
        Unit::Utf16 => c.len_utf16(),
        Unit::Utf8 => c.len_utf8(),
    };
    let mut out = Vec::with_capacity(offsets.len());
    let mut wanted = offsets.iter().copied().peekable();
    let mut at = 0; // in `unit`
    for (cp, c) in text.chars().enumerate() {
        while let Some(&o) = wanted.peek() {
            if o > at {
                break;
            }
            if o < at {
                return None; // inside a character
            }
            out.push(cp);
            wanted.next();
        }
        if wanted.peek().is_none() {
            return Some(out);
        }
        at += width(c);
    }
    let cps = text.chars().count();
    for o in wanted {
        if o != at {
            return None;
        }
        out.push(cps);
    }
    Some(out)
}

/// `spans` with their offsets read as `unit`, converted to code points, if
/// every span that carries a text then slices to it.
fn convert(text: &str, spans: &[RawSpan], unit: Unit) -> Option<Vec<(usize, usize)>> {
    let mut offsets: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let cps = to_code_points(text, unit, &offsets)?;
    let map = |o: usize| offsets.binary_search(&o).ok().map(|i| cps[i]);
    let index = CharIndex::new(text);
    spans
        .iter()
        .map(|s| {
            let (a, b) = (map(s.start)?, map(s.end)?);
            match &s.text {
                Some(t) => (index.slice(a, b)? == t.as_str()).then_some((a, b)),
                None => Some((a, b)),
            }
        })
        .collect()
}

/// Checks the spans' own texts against their offsets. Code points first;
/// if the texts match only with the offsets read as UTF-16 code units or
/// UTF-8 bytes, the offsets are converted (and the unit returned).
/// Otherwise the first span whose text does not match is the error.
fn check_span_texts(text: &str, spans: &mut [RawSpan]) -> Result<Unit, String> {
    if spans.iter().all(|s| s.text.is_none()) {
        return Ok(Unit::CodePoint);
    }
    for unit in [Unit::CodePoint, Unit::Utf16, Unit::Utf8] {
        if let Some(converted) = convert(text, spans, unit) {
            for (s, (a, b)) in spans.iter_mut().zip(converted) {
                (s.start, s.end) = (a, b);
            }
            return Ok(unit);
        }
    }
    let index = CharIndex::new(text);
    let (n, s, t) = spans
        .iter()
        .enumerate()
        .find_map(|(i, s)| {
            let t = s.text.as_deref()?;
            let there = index.slice(s.start, s.end).filter(|_| s.start <= s.end);
            (there != Some(t)).then_some((i + 1, s, t))
        })
        .ok_or("span texts do not all match one offset unit")?;
    let there = index
        .slice(s.start, s.end)
        .filter(|_| s.start <= s.end)
        .map_or_else(String::new, |x| format!(" (the text there is {x:?})"));
    Err(format!(
        "span {n}: text {t:?} does not match offsets {}..{}{there}",
        s.start, s.end
    ))
}

/// A relation read from a line, with its ends as indexes into the spans.
struct RawRelation {
    id: Option<String>,
    head: usize,
    child: usize,
    label: String,
    /// A span id it names is carried by more than one span: which one is
    /// meant cannot be known.
    ambiguous: Option<String>,
}

fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn uint(v: Option<&Value>, what: &str) -> Result<usize, String> {
    v.and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| format!("{what} is missing or not a whole number"))
}

fn label_of(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => {
            crate::model::check_name("label", s.trim())?;
            Ok(s.trim().to_owned())
        }
        _ => Err(format!("label {v} is not a non-empty string")),
    }
}

fn parse_spans(obj: &Map<String, Value>) -> Result<(Vec<RawSpan>, Vec<RawRelation>), String> {
    let mut spans = Vec::new();
    let mut relations = Vec::new();
    if let Some(Value::Array(list)) = obj.get("spans") {
        // Marginalia and Prodigy/spaCy.
        for s in list {
            let o = s.as_object().ok_or("a span is not an object")?;
            let attributes: BTreeMap<String, String> = o
                .get("attributes")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| Some((k.clone(), str_of(v)?)))
                        .collect()
                })
                .unwrap_or_default();
            for k in attributes.keys() {
                crate::model::check_name("attribute", k)?;
            }
            spans.push(RawSpan {
                id: o.get("id").and_then(Value::as_str).map(str::to_owned),
                start: uint(o.get("start"), "span start")?,
                end: uint(o.get("end"), "span end")?,
                label: label_of(o.get("label").unwrap_or(&Value::Null))?,
                note: o
                    .get("note")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
                annotator: o
                    .get("annotator")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                also_by: o
                    .get("also_by")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
                attributes,
                text: o.get("text").and_then(Value::as_str).map(str::to_owned),
                score: o.get("score").and_then(Value::as_f64),
                entity: entity_of(o),
            });
        }
        if let Some(Value::Array(rels)) = obj.get("relations") {
            for r in rels {
                let o = r.as_object().ok_or("a relation is not an object")?;
                let label = label_of(o.get("label").unwrap_or(&Value::Null))?;
                let mut ambiguous = None;
                // Marginalia: head/child are span ids. Prodigy: head_span/child_span.
                let mut find = |key: &str, span_key: &str| -> Result<usize, String> {
                    if let Some(id) = o.get(key).and_then(Value::as_str)
                        && let Some(i) = spans.iter().position(|s| s.id.as_deref() == Some(id))
                    {
                        if spans.iter().filter(|s| s.id.as_deref() == Some(id)).count() > 1 {
                            ambiguous = Some(id.to_owned());
                        }
                        return Ok(i);
                    }
                    let sp = o
                        .get(span_key)
                        .and_then(Value::as_object)
                        .ok_or_else(|| format!("relation {key} names no span"))?;
                    let (s, e) = (uint(sp.get("start"), "start")?, uint(sp.get("end"), "end")?);
                    let l = sp.get("label").and_then(Value::as_str);
                    spans
                        .iter()
                        .position(|x| x.start == s && x.end == e && l.is_none_or(|l| x.label == l))
                        .ok_or_else(|| {
                            format!("relation {key} span {s}..{e} is not among the spans")
                        })
                };
                let (head, child) = (find("head", "head_span")?, find("child", "child_span")?);
                relations.push(RawRelation {
                    id: o.get("id").and_then(Value::as_str).map(str::to_owned),
                    head,
                    child,
                    label,
                    ambiguous,
                });
            }
        }
    } else if let Some(Value::Array(list)) = obj.get("entities") {
        // doccano with relations.
        let mut ids = Vec::new();
        for e in list {
            let o = e.as_object().ok_or("an entity is not an object")?;
            ids.push(o.get("id").cloned().unwrap_or(Value::Null));
            spans.push(RawSpan {
                id: None,
                start: uint(o.get("start_offset"), "start_offset")?,
                end: uint(o.get("end_offset"), "end_offset")?,
                label: label_of(o.get("label").unwrap_or(&Value::Null))?,
                note: String::new(),
                annotator: None,
                also_by: Vec::new(),
                attributes: BTreeMap::new(),
                text: None,
                score: None,
                entity: entity_of(o),
            });
        }
        if let Some(Value::Array(rels)) = obj.get("relations") {
            for r in rels {
                let o = r.as_object().ok_or("a relation is not an object")?;
                let end = |k: &str| {
                    let id = o.get(k).unwrap_or(&Value::Null);
                    ids.iter()
                        .position(|x| x == id)
                        .ok_or_else(|| format!("relation {k} {id} is not an entity id"))
                };
                relations.push(RawRelation {
                    id: None,
                    head: end("from_id")?,
                    child: end("to_id")?,
                    label: label_of(o.get("type").unwrap_or(&Value::Null))?,
                    ambiguous: None,
                });
            }
        }
    } else if let Some(Value::Array(list)) = obj.get("label").or_else(|| obj.get("labels")) {
        // doccano: [[start, end, label], ...] (a list of strings is text
        // classification: document labels).
        for item in list.iter().filter(|i| !i.is_string()) {
            let a = item
                .as_array()
                .filter(|a| a.len() == 3)
                .ok_or("a label is not [start, end, label]")?;
            spans.push(RawSpan {
                id: None,
                start: uint(a.first(), "label start")?,
                end: uint(a.get(1), "label end")?,
                label: label_of(&a[2])?,
                note: String::new(),
                annotator: None,
                also_by: Vec::new(),
                attributes: BTreeMap::new(),
                text: None,
                score: None,
                entity: None,
            });
        }
    }
    Ok((spans, relations))
}

/// Imports one JSONL line; `project` changes only if it succeeds.
pub(super) fn import_line(
    project: &mut Project,
    index: &mut DocIndex,
    line: &str,
    source: &str,
    opts: &ImportOptions,
    ids: &mut IdGen,
    converted: &mut Converted,
) -> Outcome {
    let fail = |reason: String| Outcome::Failed { reason };
    let value: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return fail(format!("not JSON: {e}")),
    };
    let Some(obj) = value.as_object() else {
        return fail("not a JSON object".into());
    };
    let Some(text) = obj.get("text").and_then(Value::as_str) else {
        return fail("no \"text\" string".into());
    };
    if text.trim().is_empty() {
        return fail("empty text".into());
    }
    if let Some(unit) = obj.get("offset_unit").and_then(Value::as_str)
        && unit != "codepoint"
    {
        return fail(format!(
            "offset_unit {unit:?} is not supported (only \"codepoint\")"
        ));
    }
    let (mut raw, raw_rel) = match parse_spans(obj) {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let doc_labels = match doc_labels_of(obj) {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let unit = match check_span_texts(text, &mut raw) {
        Ok(u) => u,
        Err(e) => return fail(e),
    };
    let len = CharIndex::new(text).len_chars();
    if let Some(bad) = raw.iter().find(|s| s.start >= s.end || s.end > len) {
        return fail(format!(
            "span {}..{} ({}) does not fit a text of {len} code points",
            bad.start, bad.end, bad.label
        ));
    }
    if !opts.allow_duplicates
        && let Some(d) = index.with_text(project, text)
    {
        return Outcome::Skipped {
            reason: format!("same text as document {} ({:?})", d.id, d.title),
        };
    }
    let meta = obj.get("meta").and_then(Value::as_object);
    let meta_str = |k: &str| {
        meta.and_then(|m| m.get(k))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let title = obj
        .get("title")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| {
            meta.and_then(|m| m.get("title"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| super::title_from_text(text));
    let id = obj
        .get("id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty() && !index.has_id(id))
        .map_or_else(|| index.free_id(text), str::to_owned);
    let mut doc = Document::new(id.clone(), title.clone(), text);
    doc.source = obj
        .get("source")
        .and_then(Value::as_str)
        .or_else(|| meta.and_then(|m| m.get("source")).and_then(Value::as_str))
        .map_or_else(|| source.to_owned(), str::to_owned);
    doc.byline = meta_str("byline");
    doc.published = meta_str("published");
    doc.site = meta_str("site");
    doc.note = meta_str("note");
    doc.status = match meta_str("status").as_str() {
        "done" => Status::Done,
        "in_progress" => Status::InProgress,
        _ => Status::Todo,
    };
    if let Some(t) = meta
        .and_then(|m| m.get("active_ms"))
        .and_then(Value::as_object)
    {
        for (who, ms) in t {
            if let Some(ms) = ms.as_u64() {
                doc.active_ms.insert(who.clone(), ms);
            }
        }
    }
    if let Some(m) = meta {
        for (k, v) in m {
            if ![
                "byline",
                "published",
                "site",
                "note",
                "status",
                "title",
                "id",
                "source",
                "active_ms",
            ]
            .contains(&k.as_str())
                && let Some(v) = str_of(v)
            {
                doc.meta.insert(k.clone(), v);
            }
        }
    }
    let mut used = HashSet::new();
    let mut span_ids = Vec::with_capacity(raw.len());
    for s in raw {
        let id =
            s.id.filter(|i| !i.is_empty() && !used.contains(i))
                .unwrap_or_else(|| ids.span_id());
        used.insert(id.clone());
        span_ids.push(id.clone());
        if project.label(&s.label).is_none() {
            let n = project.labels.len();
            project
                .labels
                .push(Label::new(s.label.clone(), palette_color(n), ""));
        }
        let entity = s.entity.map(|e| {
            if project.entity(&e.id).is_none() {
                let mut entry = crate::model::Entity::new(
                    e.id.clone(),
                    e.name,
                    crate::model::EntityKind::Other,
                );
                if e.kb_id != e.id {
                    entry.external_ids.insert("kb".into(), e.kb_id);
                }
                let at = project.entities.partition_point(|x| x.id < entry.id);
                project.entities.insert(at, entry);
            }
            e.id
        });
        doc.insert_span(Span {
            id,
            start: s.start,
            end: s.end,
            label: s.label,
            note: s.note,
            attributes: s.attributes,
            annotator: s.annotator.unwrap_or_else(|| opts.annotator.clone()),
            created: None,
            also_by: s.also_by,
            conflict: String::new(),
            rule: String::new(),
            suggested: false,
            score: None,
            entity,
        });
    }
    for (set, choice, on) in doc_labels {
        join_doc_label(project, &set, &choice);
        if on {
            let v = doc.doc_labels.entry(set).or_default();
            if !v.contains(&choice) {
                v.push(choice);
            }
        }
    }
    for (set, chosen) in &mut doc.doc_labels {
        if let Some(def) = project.doc_label_set(set) {
            chosen.sort_by_key(|c| def.choices.iter().position(|x| x.name == *c));
        }
        // A set the project has as single choice takes several only as a
        // multiple one from now on: nothing the line says is dropped.
        if chosen.len() > 1
            && let Some(s) = project.doc_label_sets.iter_mut().find(|s| s.name == *set)
        {
            s.multiple = true;
        }
    }
    let mut warnings = Vec::new();
    for (n, r) in raw_rel.into_iter().enumerate() {
        if let Some(id) = &r.ambiguous {
            warnings.push(format!(
                "relation {} dropped: span id {id:?} is used by more than one span",
                n + 1
            ));
            continue;
        }
        if r.head == r.child {
            warnings.push(format!(
                "relation {} dropped: it links a span to itself",
                n + 1
            ));
            continue;
        }
        if project.relation_label(&r.label).is_none() {
            let n = project.relation_labels.len();
            project
                .relation_labels
                .push(Label::new(r.label.clone(), palette_color(n + 5), ""));
        }
        let id =
            r.id.filter(|i| !i.is_empty() && !used.contains(i))
                .unwrap_or_else(|| ids.relation_id());
        used.insert(id.clone());
        doc.relations.push(Relation {
            id,
            head: span_ids[r.head].clone(),
            child: span_ids[r.child].clone(),
            label: r.label,
        });
    }
    index.push(project, doc);
    match unit {
        Unit::CodePoint => {}
        Unit::Utf16 => converted.utf16 += 1,
        Unit::Utf8 => converted.utf8 += 1,
    }
    Outcome::Imported {
        doc_id: id,
        title,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use crate::import::{ImportOptions, import_jsonl_bytes};
    use crate::model::{CreationInfo, Project};
    use std::path::Path;

    fn import(lines: &str) -> (Project, Vec<String>) {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let report = import_jsonl_bytes(
            &mut p,
            lines.as_bytes(),
            Path::new("in.jsonl"),
            &ImportOptions::default(),
        );
        let lines = report.entries.iter().map(ToString::to_string).collect();
        (p, lines)
    }

    #[test]
    fn dropped_relations_are_reported() {
        let (p, lines) = import(concat!(
            r#"{"text": "Seoul warns Tokyo.", "spans": [{"id": "a", "start": 0, "end": 5, "label": "e"}, {"id": "a", "start": 12, "end": 17, "label": "e"}, {"id": "b", "start": 6, "end": 11, "label": "v"}], "relations": [{"head": "a", "child": "b", "label": "r"}, {"head": "b", "child": "b", "label": "r"}]}"#,
            "\n",
        ));
        assert_eq!(p.documents[0].relations.len(), 0);
        assert!(
            lines[0].contains("relation 1 dropped") && lines[0].contains("\"a\""),
            "{lines:?}"
        );
        assert!(
            lines[0].contains("relation 2 dropped: it links a span to itself"),
            "{lines:?}"
        );
    }

    #[test]
    fn label_and_attribute_names_with_control_characters_reject_the_line() {
        let (p, lines) = import(concat!(
            r#"{"text": "Seoul warns.", "label": [[0, 5, "ent\u0000ity"]]}"#,
            "\n",
            r#"{"text": "Seoul warns again.", "spans": [{"start": 0, "end": 5, "label": "entity", "attributes": {"conf\u001bidence": "high"}}]}"#,
            "\n",
            r#"{"text": "Tokyo.", "entities": [{"id": 1, "start_offset": 0, "end_offset": 5, "label": "e"}, {"id": 2, "start_offset": 0, "end_offset": 6, "label": "e"}], "relations": [{"from_id": 1, "to_id": 2, "type": "two\nlines"}]}"#,
            "\n",
            r#"{"text": "Fine.", "label": [[0, 4, "claim"]]}"#,
            "\n",
        ));
        assert!(
            lines[0].contains("in.jsonl:1") && lines[0].contains("control character"),
            "{lines:#?}"
        );
        assert!(
            lines[1].contains("in.jsonl:2") && lines[1].contains("control character"),
            "{lines:#?}"
        );
        assert!(
            lines[2].contains("in.jsonl:3") && lines[2].contains("control character"),
            "{lines:#?}"
        );
        assert!(lines[3].starts_with("imported"), "{lines:#?}");
        assert_eq!(p.documents.len(), 1);
        assert!(crate::model::validate(&p).is_empty());
    }

    fn line(text: &str, spans: &[(usize, usize, Option<&str>)]) -> String {
        let spans: Vec<serde_json::Value> = spans
            .iter()
            .map(|(a, b, t)| {
                let mut o = serde_json::json!({"start": a, "end": b, "label": "claim"});
                if let Some(t) = t {
                    o["text"] = (*t).into();
                }
                o
            })
            .collect();
        serde_json::json!({"text": text, "spans": spans}).to_string() + "\n"
    }

    #[test]
    fn span_texts_are_checked_and_utf16_or_utf8_offsets_converted() {
        let text = "👍🏽 The target is 👍 here.";
        // Code points: "target" is 7..13, "here" 19..23.
        let cp = |needle: &str| {
            let b = text.find(needle).unwrap();
            let a = text[..b].chars().count();
            (a, a + needle.chars().count())
        };
        let u16 = |needle: &str| {
            let b = text.find(needle).unwrap();
            let a = text[..b].encode_utf16().count();
            (a, a + needle.encode_utf16().count())
        };
        let u8 = |needle: &str| {
            let b = text.find(needle).unwrap();
            (b, b + needle.len())
        };
        assert_eq!(cp("target"), (7, 13));
        assert_eq!(u16("target"), (9, 15));
        let mut input = String::new();
        // 1: UTF-16 offsets that happen to fit (they used to import "rget i").
        let (a, b) = u16("target");
        let (c, d) = u16("here");
        input += &line(text, &[(a, b, Some("target")), (c, d, None)]);
        // 2: UTF-16 again: one note per file.
        input += &line(&format!("{text} 2"), &[(a, b, Some("target"))]);
        // 3: UTF-8 byte offsets.
        let (a, b) = u8("target");
        input += &line(&format!("{text} 3"), &[(a, b, Some("target"))]);
        // 4: matches nothing: the line is refused, naming the span.
        input += &line(
            &format!("{text} 4"),
            &[(7, 13, Some("target")), (0, 3, Some("The"))],
        );
        // 5: code points, as written by Marginalia: kept.
        let (a, b) = cp("target");
        input += &line(&format!("{text} 5"), &[(a, b, Some("target"))]);
        let mut p = Project::new("p", CreationInfo::now("t"));
        let report = import_jsonl_bytes(
            &mut p,
            input.as_bytes(),
            Path::new("in.jsonl"),
            &ImportOptions::default(),
        );
        let lines: Vec<String> = report.entries.iter().map(ToString::to_string).collect();
        assert_eq!(report.imported(), 4, "{lines:#?}");
        assert!(
            lines[3].contains("in.jsonl:4")
                && lines[3].contains(r#"span 2: text "The" does not match offsets 0..3"#),
            "{lines:#?}"
        );
        for d in &p.documents {
            for s in &d.spans {
                let got: String = d.text.chars().skip(s.start).take(s.end - s.start).collect();
                assert!(got == "target" || got == "here", "{got:?} in {:?}", d.title);
            }
        }
        assert_eq!(p.documents[0].spans.len(), 2);
        assert_eq!(
            report.notes,
            [
                "in.jsonl: offsets looked like UTF-16 code units; converted to code points (2 lines)",
                "in.jsonl: offsets looked like UTF-8 byte offsets; converted to code points (1 line)",
            ]
        );
    }
}

/// One line of another model's predictions: the text it was run on (and
/// the document id, when the line gives one) and the spans it found, in
/// code points, with their scores when given. Every format `import` reads
/// (Marginalia and spaCy/Prodigy `spans`, doccano `label` / `entities`),
/// with the same offset checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// `"id"` (or `meta.id`), when given.
    pub id: Option<String>,
    /// The text.
    pub text: String,
    /// Start, end, label, score.
    pub spans: Vec<(usize, usize, String, Option<f64>)>,
}

/// Reads one line of predictions.
pub fn read_prediction(line: &str) -> Result<Prediction, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let obj = value.as_object().ok_or("not a JSON object")?;
    let text = obj
        .get("text")
        .and_then(Value::as_str)
        .ok_or("no \"text\" string")?;
    let (mut raw, _) = parse_spans(obj)?;
    check_span_texts(text, &mut raw)?;
    let len = CharIndex::new(text).len_chars();
    if let Some(bad) = raw.iter().find(|s| s.start >= s.end || s.end > len) {
        return Err(format!(
            "span {}..{} ({}) does not fit a text of {len} code points",
            bad.start, bad.end, bad.label
        ));
    }
    if let Some(bad) = raw
        .iter()
        .find(|s| s.score.is_some_and(|x| !(0.0..=1.0).contains(&x)))
    {
        return Err(format!(
            "span {}..{} ({}): score {} is not between 0 and 1",
            bad.start,
            bad.end,
            bad.label,
            bad.score.unwrap_or_default()
        ));
    }
    let id = obj
        .get("id")
        .or_else(|| obj.get("meta").and_then(|m| m.get("id")))
        .and_then(str_of);
    Ok(Prediction {
        id,
        text: text.to_owned(),
        spans: raw
            .into_iter()
            .map(|s| (s.start, s.end, s.label, s.score))
            .collect(),
    })
}

/// Makes sure `project` has the document label set `set` with `choice`
/// (new sets take several choices; new choices get palette colours).
fn join_doc_label(project: &mut Project, set: &str, choice: &str) {
    if project.doc_label_set(set).is_none() {
        project
            .doc_label_sets
            .push(crate::model::DocLabelSet::new(set, true, &[]));
    }
    if let Some(s) = project.doc_label_sets.iter_mut().find(|s| s.name == set)
        && s.choice(choice).is_none()
    {
        let n = s.choices.len();
        s.choices.push(Label::new(choice, palette_color(n), ""));
    }
}
