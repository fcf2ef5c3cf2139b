//! Pre-annotation: rules that propose spans for the analyst to accept or
//! reject. Each suggestion names the rule it came from.
//!
//! Rules: the built-in quote finder ([`QUOTE_RULE`]: quotations with the
//! speaker named next to them, linked `attributed_to`), the project's phrase
//! dictionaries and regular expressions ([`crate::model::Rule`]), and "more
//! like this" (repeats of a span's text). Suggestions that repeat an existing
//! span or one rejected in that document are never proposed.

mod attribution;
pub mod external;
pub mod learned;
pub mod quotes;
mod sentences;

use crate::edit::Edit;
use crate::model::{Document, IdGen, Project, Rejected, Relation, Rule, Span};
use regex::{Regex, RegexBuilder};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Name of the built-in quote finder.
pub const QUOTE_RULE: &str = "quotes";

/// Prefix of "more like this" rule names.
pub const MORE_LIKE_THIS: &str = "more_like_this";

/// A proposed span.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    /// Document id.
    pub doc: String,
    /// First code point.
    pub start: usize,
    /// End (exclusive), code points.
    pub end: usize,
    /// Proposed label.
    pub label: String,
    /// The span's text (`text[start:end]`).
    pub text: String,
    /// The rule that proposed it.
    pub rule: String,
    /// For a quotation: the proposed speaker span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Box<Suggestion>>,
    /// How sure a learned model is (0..1); rules give none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// Why rules could not run.
#[derive(Debug, thiserror::Error)]
pub enum SuggestError {
    /// A rule's regular expression does not compile.
    #[error("rule {rule:?}: bad pattern {pattern:?}: {message}")]
    BadPattern {
        /// Rule name.
        rule: String,
        /// The pattern.
        pattern: String,
        /// What the regex compiler said.
        message: String,
    },
    /// A rule named on the command line does not exist.
    #[error("no rule {0:?} (rules: {1})")]
    NoRule(String, String),
}

/// A rule compiled for matching.
struct Compiled {
    name: String,
    label: String,
    regexes: Vec<Regex>,
}

/// Inflection-tolerant regex for a phrase: each word matches with common
/// English endings (impose, imposes, imposed, imposing; sanction, sanctions).
pub fn phrase_regex(phrase: &str) -> String {
    let words: Vec<String> = phrase
        .split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            let stem = ["ing", "ed", "es", "s", "e"]
                .iter()
                .find_map(|suf| {
                    lower
                        .strip_suffix(suf)
                        .filter(|s| s.chars().count() >= 3 && w.chars().all(char::is_lowercase))
                })
                .unwrap_or(&lower);
            if stem.len() == lower.len() && !w.chars().all(char::is_lowercase) {
                // Names and acronyms: exact, possessive allowed.
                format!("{}(?:[’']s)?", regex::escape(w))
            } else {
                format!("{}(?:e|es|s|ed|d|ing|[’']s)?", regex::escape(stem))
            }
        })
        .collect();
    // ASCII word boundaries: the regex crate's fast engines do not support
    // Unicode ones on non-ASCII text (30x slower); names and phrases in other
    // scripts still match, their neighbours just count as non-word.
    format!(r"(?-u:\b){}(?-u:\b)", words.join(r"[\s\-]+"))
}

fn compile(rule: &Rule) -> Result<Compiled, SuggestError> {
    let bad = |pattern: &str, e: regex::Error| SuggestError::BadPattern {
        rule: rule.name.clone(),
        pattern: pattern.to_owned(),
        message: e.to_string(),
    };
    let mut regexes = Vec::new();
    for p in &rule.phrases {
        let pattern = phrase_regex(p);
        let re = RegexBuilder::new(&pattern)
            .case_insensitive(p.chars().all(|c| !c.is_uppercase()))
            .build()
            .map_err(|e| bad(p, e))?;
        regexes.push(re);
    }
    for p in &rule.patterns {
        regexes.push(
            RegexBuilder::new(p)
                .size_limit(1 << 22)
                .build()
                .map_err(|e| bad(p, e))?,
        );
    }
    Ok(Compiled {
        name: rule.name.clone(),
        label: rule.label.clone(),
        regexes,
    })
}

/// Names of every rule: the quote finder, then the project's rules.
pub fn rule_names(project: &Project) -> Vec<String> {
    std::iter::once(QUOTE_RULE.to_owned())
        .chain(project.rules.iter().map(|r| r.name.clone()))
        .collect()
}

/// Code point offsets of byte offsets into `text` (ascending queries).
struct Offsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl Offsets<'_> {
    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// A match in byte offsets: range, label, rule, speaker range.
type RawMatch = (
    std::ops::Range<usize>,
    String,
    String,
    Option<std::ops::Range<usize>>,
);

/// Suggestions for one document from the rules named in `only` (all enabled
/// rules when `None`), minus existing and rejected spans, in text order.
pub fn suggest_document(
    project: &Project,
    doc: &Document,
    only: Option<&[String]>,
) -> Result<Vec<Suggestion>, SuggestError> {
    let rules = Rules::new(project, only)?;
    Ok(rules.run(project, doc))
}

/// The rules to run, compiled once for any number of documents.
struct Rules {
    quotes: bool,
    compiled: Vec<Compiled>,
}

impl Rules {
    fn new(project: &Project, only: Option<&[String]>) -> Result<Self, SuggestError> {
        let wanted = |name: &str, enabled: bool| match only {
            Some(names) => names.iter().any(|n| n == name),
            None => enabled,
        };
        let compiled = project
            .rules
            .iter()
            .filter(|r| wanted(&r.name, r.enabled) && project.label(&r.label).is_some())
            .map(compile)
            .collect::<Result<_, _>>()?;
        Ok(Self {
            quotes: wanted(QUOTE_RULE, true) && project.label("quote").is_some(),
            compiled,
        })
    }

    fn run(&self, project: &Project, doc: &Document) -> Vec<Suggestion> {
        suggest_with(project, doc, self)
    }
}

/// The byte length of the headline that opens `text`, 0 when there is none:
/// a first paragraph that is the document's title, or that is short and ends
/// without a full stop, question or exclamation mark.
fn headline_len(text: &str, title: &str) -> usize {
    let first = text.split("\n\n").next().unwrap_or("");
    let line = first.trim();
    let is_title = !title.trim().is_empty() && line == title.trim();
    let looks_like_one = line.chars().count() <= 200
        && !line.contains('\n')
        && !line.ends_with(['.', '!', '?', '。', '”', '"', '»']);
    if is_title || looks_like_one {
        first.len()
    } else {
        0
    }
}

fn suggest_with(project: &Project, doc: &Document, rules: &Rules) -> Vec<Suggestion> {
    let text: &str = &doc.text;
    let mut raw: Vec<RawMatch> = Vec::new();
    if rules.quotes {
        let headline = headline_len(text, &doc.title);
        for q in quotes::quotes_with_speakers(text) {
            // Quoted words in a headline are scare quotes unless someone
            // is named as saying them (“won’t hesitate” in a title).
            if q.speaker.is_none() && q.range.end <= headline {
                continue;
            }
            raw.push((q.range, "quote".into(), QUOTE_RULE.into(), q.speaker));
        }
    }
    for c in &rules.compiled {
        for re in &c.regexes {
            for m in re.find_iter(text) {
                if m.start() < m.end() {
                    raw.push((m.range(), c.label.clone(), c.name.clone(), None));
                }
            }
        }
    }
    raw.sort_by(|a, b| (a.0.start, b.0.end, &a.2).cmp(&(b.0.start, a.0.end, &b.2)));
    let mut offsets = Offsets {
        text,
        byte: 0,
        chars: 0,
    };
    let existing: HashSet<(usize, usize, &str)> = doc
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.as_str()))
        .collect();
    let rejected: HashSet<(usize, usize, &str)> = doc
        .rejected
        .iter()
        .map(|r| (r.start, r.end, r.label.as_str()))
        .collect();
    // What the analyst already accepted: a suggestion inside an accepted
    // span of its label repeats it ("will not hesitate to impose further
    // sanctions" inside the accepted threat that holds it).
    let accepted: Vec<(usize, usize, &str)> = doc
        .spans
        .iter()
        .filter(|s| !s.suggested)
        .map(|s| (s.start, s.end, s.label.as_str()))
        .collect();
    let inside_accepted = |start: usize, end: usize, label: &str| {
        accepted
            .iter()
            .any(|&(a, b, l)| l == label && a <= start && end <= b)
    };
    let mut seen = HashSet::new();
    let mut out: Vec<Suggestion> = Vec::new();
    // Longest first at each start: a match inside a longer one of the same
    // label ("impose further sanctions" in "will not hesitate to impose
    // further sanctions") is left out.
    let mut reach: BTreeMap<String, usize> = BTreeMap::new();
    for (range, label, rule, speaker) in raw {
        let (start, end) = (offsets.at(range.start), offsets.at(range.end));
        if reach.get(&label).is_some_and(|&r| end <= r) && rule != QUOTE_RULE {
            continue;
        }
        let r = reach.entry(label.clone()).or_insert(0);
        *r = (*r).max(end);
        let key = (start, end, label.clone());
        let k = (start, end, label.as_str());
        if existing.contains(&k)
            || rejected.contains(&k)
            || inside_accepted(start, end, &label)
            || !seen.insert(key)
        {
            continue;
        }
        let speaker = speaker.and_then(|r| {
            // Speakers may stand before their quotation: no running offset.
            let s = crate::model::text::char_offset_of_byte(text, r.start);
            let e = s + text[r.clone()].chars().count();
            project.label("speaker")?;
            Some(Box::new(Suggestion {
                doc: doc.id.clone(),
                start: s,
                end: e,
                label: "speaker".into(),
                text: text[r].to_owned(),
                rule: rule.clone(),
                speaker: None,
                score: None,
            }))
        });
        out.push(Suggestion {
            doc: doc.id.clone(),
            start,
            end,
            label,
            text: text[range].to_owned(),
            rule,
            speaker,
            score: None,
        });
    }
    out
}

/// Suggestions for the document with id `doc` (every document if `None`).
pub fn suggest(
    project: &Project,
    doc: Option<&str>,
    only: Option<&[String]>,
) -> Result<Vec<Suggestion>, SuggestError> {
    if let Some(names) = only {
        let known = rule_names(project);
        for n in names {
            if !known.contains(n) {
                return Err(SuggestError::NoRule(n.clone(), known.join(", ")));
            }
        }
    }
    let rules = Rules::new(project, only)?;
    let mut out = Vec::new();
    for d in &project.documents {
        if doc.is_none_or(|id| d.id == id) {
            out.extend(rules.run(project, d));
        }
    }
    Ok(out)
}

/// Suggestions for every document not marked done, telling
/// `progress(done, total)` after each; when it answers `false`, stops and
/// returns `None` (cancelled).
pub fn suggest_all_with_progress(
    project: &Project,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Option<Vec<Suggestion>>, SuggestError> {
    let rules = Rules::new(project, None)?;
    let total = project.documents.len();
    let mut out = Vec::new();
    for (i, d) in project.documents.iter().enumerate() {
        // A document marked done is finished: nothing is proposed there
        // unless the analyst asks for that document.
        if d.status != crate::model::Status::Done {
            out.extend(rules.run(project, d));
        }
        if !progress(i + 1, total) {
            return Ok(None);
        }
    }
    Ok(Some(out))
}

/// "More like this": every exact repeat of `span`'s text in the project
/// (whole words, same case) not yet a span with its label.
pub fn more_like_this(project: &Project, span: &Span, doc: &Document) -> Vec<Suggestion> {
    let Some(needle) = crate::model::text::slice_chars(&doc.text, span.start, span.end) else {
        return Vec::new();
    };
    let rule = format!("{MORE_LIKE_THIS}:{}", span.label);
    let opts = crate::model::search::MatchOptions {
        ignore_case: false,
        whole_words: true,
    };
    let finder = crate::model::search::Finder::new(needle, opts);
    let mut out = Vec::new();
    for d in &project.documents {
        let rejected: HashSet<(usize, usize)> = d
            .rejected
            .iter()
            .filter(|r| r.label == span.label)
            .map(|r| (r.start, r.end))
            .collect();
        for r in finder.find_all(&d.text) {
            let taken = d
                .spans
                .iter()
                .any(|s| s.start == r.start && s.end == r.end && s.label == span.label);
            if !taken && !rejected.contains(&(r.start, r.end)) {
                out.push(Suggestion {
                    doc: d.id.clone(),
                    start: r.start,
                    end: r.end,
                    label: span.label.clone(),
                    text: needle.to_owned(),
                    rule: rule.clone(),
                    speaker: None,
                    score: None,
                });
            }
        }
    }
    out
}

/// Whether `doc` already decided `start..end` for `label`: it has that
/// span (pending or accepted), rejected it, or holds it inside an accepted
/// span of the label. Such a span is not proposed again. (The rules' own
/// pass keeps these as sets over a whole document's many matches.)
pub(crate) fn decided(doc: &Document, start: usize, end: usize, label: &str) -> bool {
    doc.spans.iter().any(|x| {
        x.label == label
            && ((x.start == start && x.end == end)
                || (!x.suggested && x.start <= start && end <= x.end))
    }) || doc
        .rejected
        .iter()
        .any(|r| r.label == label && r.start == start && r.end == end)
}

/// A suggested span for `s`; one whose text is a name of exactly one
/// registry entry comes proposed with that entry (accepting takes both).
fn suggested_span(project: &Project, s: &Suggestion, id: String) -> Span {
    let mut span = Span::new(id, s.start, s.end, s.label.clone());
    if !project.entities.is_empty() {
        span.entity = crate::entities::proposed_for(project, &s.text).map(|e| e.id.clone());
    }
    span.annotator.clone_from(&s.rule);
    span.rule.clone_from(&s.rule);
    span.suggested = true;
    span.score = s.score.map(|x| (x.clamp(0.0, 1.0) * 1000.0).round() as u16);
    span
}

/// The edit that adds `suggestions` as suggested spans (the rule as
/// annotator), with quote → speaker relations. Speakers that repeat a span
/// already there are linked to it instead.
pub fn add_suggestions(project: &Project, suggestions: &[Suggestion], ids: &mut IdGen) -> Edit {
    let mut edits = Vec::new();
    let mut added: HashSet<(String, usize, usize, String)> = HashSet::new();
    let mut speaker_ids: BTreeMap<(String, usize, usize), String> = BTreeMap::new();
    let docs: HashMap<&str, &Document> = project
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d))
        .collect();
    for s in suggestions {
        let Some(doc) = docs.get(s.doc.as_str()).copied() else {
            continue;
        };
        if !added.insert((s.doc.clone(), s.start, s.end, s.label.clone())) {
            continue;
        }
        let id = ids.span_id();
        edits.push(Edit::AddSpan {
            doc: s.doc.clone(),
            span: suggested_span(project, s, id.clone()),
            relations: vec![],
        });
        let Some(sp) = &s.speaker else { continue };
        if project.relation_label("attributed_to").is_none() {
            continue;
        }
        let key = (s.doc.clone(), sp.start, sp.end);
        let speaker_id = if let Some(existing) = doc
            .spans
            .iter()
            .find(|x| x.start == sp.start && x.end == sp.end && x.label == sp.label)
        {
            existing.id.clone()
        } else if let Some(id) = speaker_ids.get(&key) {
            id.clone()
        } else {
            let sid = ids.span_id();
            edits.push(Edit::AddSpan {
                doc: s.doc.clone(),
                span: suggested_span(project, sp, sid.clone()),
                relations: vec![],
            });
            added.insert((s.doc.clone(), sp.start, sp.end, sp.label.clone()));
            speaker_ids.insert(key, sid.clone());
            sid
        };
        edits.push(Edit::AddRelation {
            doc: s.doc.clone(),
            relation: Relation {
                id: ids.relation_id(),
                head: id,
                child: speaker_id,
                label: "attributed_to".into(),
            },
        });
    }
    Edit::Batch(edits)
}

/// The edit accepting suggested span `span_id` of `doc` as `annotator`'s.
pub fn accept(doc: &Document, span_id: &str, annotator: &str) -> Option<Edit> {
    let mut span = doc.span(span_id).filter(|s| s.suggested)?.clone();
    span.suggested = false;
    if !annotator.is_empty() {
        span.annotator = annotator.to_owned();
    }
    Some(Edit::UpdateSpan {
        doc: doc.id.clone(),
        span,
    })
}

/// The edit rejecting suggested span `span_id` of `doc`: removed, and
/// remembered so it is not proposed again in this document.
pub fn reject(doc: &Document, span_id: &str) -> Option<Edit> {
    let span = doc.span(span_id).filter(|s| s.suggested)?;
    Some(Edit::Batch(vec![
        Edit::RemoveSpan {
            doc: doc.id.clone(),
            span_id: span.id.clone(),
        },
        Edit::AddRejected {
            doc: doc.id.clone(),
            rejected: Rejected {
                start: span.start,
                end: span.end,
                label: span.label.clone(),
                rule: span.rule.clone(),
            },
        },
    ]))
}

/// Accepts (or rejects) every pending suggestion of `rule` in `doc` that
/// `shown` lets through (the window passes its thresholds: a suggestion the
/// analyst cannot see is never settled unseen), as one edit.
pub fn settle_rule(
    doc: &Document,
    rule: &str,
    accept_all: bool,
    annotator: &str,
    shown: impl Fn(&Span) -> bool,
) -> Edit {
    let ids: Vec<&str> = doc
        .spans
        .iter()
        .filter(|s| s.suggested && s.rule == rule && shown(s))
        .map(|s| s.id.as_str())
        .collect();
    Edit::Batch(
        ids.into_iter()
            .filter_map(|id| {
                if accept_all {
                    accept(doc, id, annotator)
                } else {
                    reject(doc, id)
                }
            })
            .collect(),
    )
}

/// How a rule has fared: suggestions accepted, rejected, still pending.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RuleCounts {
    /// Accepted (spans made by the rule, no longer suggestions).
    pub accepted: usize,
    /// Rejected.
    pub rejected: usize,
    /// Waiting for the analyst.
    pub pending: usize,
}

/// Counts per rule over `docs`.
pub fn rule_counts<'a>(
    docs: impl IntoIterator<Item = &'a Document>,
) -> BTreeMap<String, RuleCounts> {
    let mut out: BTreeMap<String, RuleCounts> = BTreeMap::new();
    for d in docs {
        for s in d.spans.iter().filter(|s| !s.rule.is_empty()) {
            let c = out.entry(s.rule.clone()).or_default();
            if s.suggested {
                c.pending += 1;
            } else {
                c.accepted += 1;
            }
        }
        for r in &d.rejected {
            out.entry(r.rule.clone()).or_default().rejected += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests;
