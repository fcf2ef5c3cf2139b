//! The learned suggester (rule `learned`): per label, linear-chain CRFs
//! (the `crfs` crate) over the tokens of each paragraph, trained on what the
//! desk accepted.
//!
//! - Training data: documents marked done are fully annotated (every token
//!   outside a span of the label is a negative); in other documents only the
//!   paragraphs that hold an accepted span or a rejected suggestion of the
//!   label count. Pending suggestions never train.
//! - Five-fold cross-validation over documents gives each label's precision,
//!   recall and F1 (exact span match); the five fold models are kept as the
//!   model, and a span's score is the share of them that propose it.
//! - The model lives beside the project (`NAME.model`), is never needed to
//!   open it, and is rebuilt when missing or older than the labels it learned.

pub mod clauses;
pub mod features;

use crate::model::{Document, Project, Status};
use crfs::Attribute;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The rule name of learned suggestions.
pub const RULE: &str = "learned";

/// Documents are split into this many folds (fewer when there are fewer).
const FOLDS: usize = 5;

/// Model file version.
const VERSION: u32 = 2;

/// A label with fewer accepted spans is not learned (nothing to generalise).
pub const MIN_SPANS: usize = 5;

/// Training epochs of the averaged perceptron.
const EPOCHS: usize = 10;

/// Precision, recall and F1 of one label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Share of proposed spans that are right.
    pub precision: f64,
    /// Share of labelled spans proposed.
    pub recall: f64,
    /// Their harmonic mean.
    pub f1: f64,
}

impl Scores {
    /// From counts of true and false positives and false negatives.
    pub fn from_counts(tp: usize, fp: usize, fn_: usize) -> Self {
        let p = if tp + fp == 0 {
            0.0
        } else {
            tp as f64 / (tp + fp) as f64
        };
        let r = if tp + fn_ == 0 {
            0.0
        } else {
            tp as f64 / (tp + fn_) as f64
        };
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Self {
            precision: p,
            recall: r,
            f1,
        }
    }
}

/// What was learned for one label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelModel {
    /// Spans of the label the model was trained on.
    pub train_spans: usize,
    /// Cross-validated scores (zero when there were too few documents).
    pub scores: Scores,
    /// How the spans are found.
    kind: Kind,
    /// The fold models (CRFsuite model files).
    members: Vec<serde_bytes::ByteBuf>,
}

/// How a label's spans are found: the one of the two with the better
/// cross-validated F1 (the clause model is tried for labels whose spans
/// are long).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Kind {
    /// B/I/O tags over the tokens of a paragraph.
    Tokens,
    /// Candidate clauses classified one by one; each fold model's
    /// boundaries.
    Clauses(Vec<clauses::Boundaries>),
}

/// A candidate clause that is a span weighs this many others in training
/// (one in tens is one; on the tune set 4 did better than 1, 2 and 8).
const POSITIVE_WEIGHT: f64 = 4.0;

/// Spans of a label this long (tokens, on average) are tried as clauses.
const CLAUSE_TOKENS: f64 = 4.0;

/// The learned suggester's model for a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    version: u32,
    /// What it was trained on (see [`fingerprint`]).
    pub fingerprint: u64,
    /// Per label.
    pub labels: BTreeMap<String, LabelModel>,
}

/// Why learning or reading a model failed.
#[derive(Debug, thiserror::Error)]
pub enum LearnError {
    /// The CRF trainer failed.
    #[error("training the model for {label:?} failed: {message}")]
    Train {
        /// The label.
        label: String,
        /// What the trainer said.
        message: String,
    },
    /// The model file could not be read or written.
    #[error("{path}: {message}")]
    File {
        /// The model file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// One paragraph of training or test data for one label.
struct Example {
    /// Index of its document in the project.
    doc: usize,
    xseq: Vec<Vec<Attribute>>,
    yseq: Vec<&'static str>,
    tokens: Vec<features::Token>,
    /// The label's spans in this paragraph.
    gold: Vec<Range<usize>>,
}

/// Whether `doc` is fully annotated (every unmarked token a negative).
fn complete(doc: &Document) -> bool {
    doc.status == Status::Done
}

/// The paragraphs of every document usable for `label`, tagged B/I/O.
fn examples(project: &Project, label: &str) -> Vec<Example> {
    let mut out = Vec::new();
    for (di, doc) in project.documents.iter().enumerate() {
        doc_examples(di, doc, label, complete(doc), &mut out);
    }
    out
}

/// The paragraphs of document `di` usable for `label`: all of them when it
/// is `complete`, else those with an accepted span or a rejected suggestion
/// of the label and no undecided one.
fn doc_examples(di: usize, doc: &Document, label: &str, complete: bool, out: &mut Vec<Example>) {
    let mut spans: Vec<Range<usize>> = doc
        .spans
        .iter()
        .filter(|s| !s.suggested && s.label == label && s.start < s.end)
        .map(|s| s.start..s.end)
        .collect();
    spans.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    // Nested or overlapping spans of one label: the outer one.
    let mut kept: Vec<Range<usize>> = Vec::new();
    for r in spans {
        if kept.last().is_none_or(|k| r.start >= k.end) {
            kept.push(r);
        }
    }
    let rejected: Vec<Range<usize>> = doc
        .rejected
        .iter()
        .filter(|r| r.label == label)
        .map(|r| r.start..r.end)
        .collect();
    if !complete && kept.is_empty() && rejected.is_empty() {
        return;
    }
    for tokens in features::paragraphs(&doc.text) {
        let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
            continue;
        };
        let para = first.range.start..last.range.end;
        let touches = |r: &Range<usize>| r.start < para.end && r.end > para.start;
        if !complete && !kept.iter().any(touches) && !rejected.iter().any(touches) {
            continue;
        }
        // Undecided suggestions of the label would train as negatives.
        let undecided = doc
            .spans
            .iter()
            .any(|s| s.suggested && s.label == label && touches(&(s.start..s.end)));
        if !complete && undecided {
            continue;
        }
        let yseq = tags(&tokens, &kept);
        // Spans that do not fall on token edges cannot be learned as
        // they are: the gold set is what the tags say.
        let gold = decode(&tokens, &yseq);
        out.push(Example {
            doc: di,
            xseq: features::features(&tokens),
            yseq,
            tokens,
            gold,
        });
    }
}

/// B/I/O tags of `tokens` for the (non-overlapping) spans `gold`.
fn tags(tokens: &[features::Token], gold: &[Range<usize>]) -> Vec<&'static str> {
    let mut out = vec!["O"; tokens.len()];
    for g in gold {
        let mut first = true;
        for (i, t) in tokens.iter().enumerate() {
            if t.range.start >= g.start && t.range.end <= g.end {
                out[i] = if first { "B" } else { "I" };
                first = false;
            }
        }
    }
    out
}

/// Spans from B/I/O tags (an I after O starts a span too).
fn decode<S: AsRef<str>>(tokens: &[features::Token], tags: &[S]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut open: Option<Range<usize>> = None;
    for (t, tag) in tokens.iter().zip(tags) {
        match tag.as_ref() {
            "B" => {
                out.extend(open.take());
                open = Some(t.range.clone());
            }
            "I" => match &mut open {
                Some(r) => r.end = t.range.end,
                None => open = Some(t.range.clone()),
            },
            _ => out.extend(open.take()),
        }
    }
    out.extend(open);
    out
}

/// The spans of `label` in `doc` as the learner sees them: accepted ones,
/// the outermost of nested ones, on token edges (for scoring).
pub fn gold_spans(doc: &Document, label: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    doc_examples(0, doc, label, true, &mut out);
    out.into_iter().flat_map(|e| e.gold).collect()
}

/// Trains one CRF on `items` (attribute and tag sequences), returning the
/// model file's bytes.
fn train_one<'a>(
    label: &str,
    items: impl Iterator<Item = (&'a [Vec<Attribute>], &'a [&'static str], f64)>,
) -> Result<Vec<u8>, LearnError> {
    let err = |e: std::io::Error| LearnError::Train {
        label: label.to_owned(),
        message: e.to_string(),
    };
    let dir = tempfile::tempdir().map_err(err)?;
    let path = dir.path().join("model.crfsuite");
    // Averaged perceptron, 10 epochs, features seen at least twice: chosen
    // on the tune set (corpus/README.md) over L-BFGS, which was as good on
    // entities, better on quotes, worse on speakers and 6-12x slower.
    let mut trainer = crfs::Trainer::averaged_perceptron()
        .with_max_iterations(EPOCHS)
        .map_err(err)?;
    trainer.set_feature_minfreq(3.0).map_err(err)?;
    // The same data gives the same model, run after run.
    trainer.params_mut().set_shuffle_seed(Some(20_261_202));
    for (x, y, w) in items {
        trainer.append_with_weight(x, y, w).map_err(err)?;
    }
    trainer.train(&path).map_err(err)?;
    std::fs::read(&path).map_err(err)
}

/// Candidate clauses of one paragraph as one-item sequences, tagged C when
/// they are one of its spans.
struct ClauseItems {
    xs: Vec<Vec<Attribute>>,
    ys: Vec<[&'static str; 1]>,
}

fn clause_items(b: &clauses::Boundaries, e: &Example) -> ClauseItems {
    let words = clauses::Words::of(&e.tokens);
    let cands = b.candidates(&words);
    let ys = cands
        .iter()
        .map(|r| {
            let cp = e.tokens[r.start].range.start..e.tokens[r.end - 1].range.end;
            [if e.gold.contains(&cp) { "C" } else { "O" }]
        })
        .collect();
    ClauseItems {
        xs: clauses::features(&words, &cands),
        ys,
    }
}

/// A fold model's CRFsuite bytes and, for clauses, its boundaries.
type Member = (Vec<u8>, Option<clauses::Boundaries>);

/// One fold model of `kind` trained on `train`: its bytes and, for
/// clauses, its boundaries (`None` when no span falls on token edges).
fn train_member(
    label: &str,
    clause: bool,
    train: &[&Example],
) -> Result<Option<Member>, LearnError> {
    if !clause {
        let items = train
            .iter()
            .map(|e| (e.xseq.as_slice(), e.yseq.as_slice(), 1.0));
        return Ok(Some((train_one(label, items)?, None)));
    }
    let Some(b) = clauses::Boundaries::learn(
        train
            .iter()
            .map(|e| (e.tokens.as_slice(), e.gold.as_slice())),
    ) else {
        return Ok(None);
    };
    let items: Vec<ClauseItems> = train.iter().map(|e| clause_items(&b, e)).collect();
    let flat = items.iter().flat_map(|c| {
        c.xs.iter().zip(&c.ys).map(move |(x, y)| {
            (
                std::slice::from_ref(x),
                y.as_slice(),
                if y[0] == "C" { POSITIVE_WEIGHT } else { 1.0 },
            )
        })
    });
    Ok(Some((train_one(label, flat)?, Some(b))))
}

/// Read fold models of one label.
enum Loaded<'a> {
    Tokens(Vec<crfs::Model<'a>>),
    Clauses(Vec<(crfs::Model<'a>, &'a clauses::Boundaries)>),
}

impl Loaded<'_> {
    fn is_empty(&self) -> bool {
        match self {
            Loaded::Tokens(m) => m.is_empty(),
            Loaded::Clauses(m) => m.is_empty(),
        }
    }
}

/// The spans the member models propose in one paragraph (`xseq`: its
/// tokens' attributes), with the share of members that propose each. A
/// clause model's overlapping proposals give way to the better voted one
/// (then the longer).
fn propose(
    members: &Loaded<'_>,
    xseq: &[Vec<Attribute>],
    tokens: &[features::Token],
) -> Vec<(Range<usize>, f64)> {
    let mut votes: HashMap<(usize, usize), usize> = HashMap::new();
    let n = match members {
        Loaded::Tokens(ms) => {
            for m in ms {
                let Ok(tagger) = m.tagger() else { continue };
                let Ok(tags) = tagger.tag(xseq) else { continue };
                for r in decode(tokens, &tags) {
                    *votes.entry((r.start, r.end)).or_default() += 1;
                }
            }
            ms.len()
        }
        Loaded::Clauses(ms) => {
            let words = clauses::Words::of(tokens);
            for (m, b) in ms {
                let Ok(tagger) = m.tagger() else { continue };
                let cands = b.candidates(&words);
                let xs = clauses::features(&words, &cands);
                for (r, x) in cands.iter().zip(&xs) {
                    if tagger
                        .tag(std::slice::from_ref(x))
                        .is_ok_and(|t| t.first() == Some(&"C"))
                    {
                        let cp = (tokens[r.start].range.start, tokens[r.end - 1].range.end);
                        *votes.entry(cp).or_default() += 1;
                    }
                }
            }
            ms.len()
        }
    };
    let n = n.max(1) as f64;
    let mut out: Vec<(Range<usize>, f64)> = votes
        .into_iter()
        .map(|((s, e), v)| (s..e, v as f64 / n))
        .collect();
    if matches!(members, Loaded::Clauses(_)) {
        out.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then(b.0.len().cmp(&a.0.len()))
                .then(a.0.start.cmp(&b.0.start))
        });
        let mut kept: Vec<(Range<usize>, f64)> = Vec::new();
        for (r, v) in out {
            if kept
                .iter()
                .all(|(k, _)| r.end <= k.start || r.start >= k.end)
            {
                kept.push((r, v));
            }
        }
        out = kept;
    }
    out.sort_by_key(|(r, _)| (r.start, r.end));
    out
}

/// A fingerprint of what the model learns from: documents' ids and
/// statuses, accepted spans and rejected suggestions of `labels`.
pub fn fingerprint(project: &Project, labels: &[String]) -> u64 {
    let mut s = String::new();
    for l in labels {
        s.push_str(l);
        s.push('\u{1}');
    }
    for d in &project.documents {
        s.push_str(&format!("{}:{:?};", d.id, d.status));
        for sp in d
            .spans
            .iter()
            .filter(|x| !x.suggested && labels.contains(&x.label))
        {
            s.push_str(&format!("{}-{}-{};", sp.start, sp.end, sp.label));
        }
        for r in d.rejected.iter().filter(|x| labels.contains(&x.label)) {
            s.push_str(&format!("r{}-{}-{};", r.start, r.end, r.label));
        }
    }
    crate::model::ids::fnv1a64(s.as_bytes())
}

/// Trains a model for `labels` (every label of the project if `None`).
pub fn learn(project: &Project, labels: Option<&[String]>) -> Result<Model, LearnError> {
    let labels: Vec<String> = match labels {
        Some(l) => l.to_vec(),
        None => project.labels.iter().map(|l| l.name.clone()).collect(),
    };
    let mut out = BTreeMap::new();
    for label in &labels {
        let ex = examples(project, label);
        let train_spans = ex.iter().map(|e| e.gold.len()).sum();
        if train_spans < MIN_SPANS {
            continue;
        }
        // Folds over documents, in document order.
        let mut docs: Vec<usize> = ex.iter().map(|e| e.doc).collect();
        docs.dedup();
        let folds = FOLDS.min(docs.len());
        let fold_of: HashMap<usize, usize> = docs
            .iter()
            .enumerate()
            .map(|(k, &d)| (d, k % folds.max(1)))
            .collect();
        let mut best = cross_validate(project, label, &ex, &fold_of, folds, false)?;
        // Long spans: the clause model too, kept when it does better.
        let tokens: usize = ex
            .iter()
            .flat_map(|e| {
                e.gold.iter().map(|g| {
                    e.tokens
                        .iter()
                        .filter(|t| t.range.start >= g.start && t.range.end <= g.end)
                        .count()
                })
            })
            .sum();
        if tokens as f64 >= CLAUSE_TOKENS * train_spans as f64 {
            let clause = cross_validate(project, label, &ex, &fold_of, folds, true)?;
            if clause.scores.f1 > best.scores.f1 {
                best = clause;
            }
        }
        best.train_spans = train_spans;
        out.insert(label.clone(), best);
    }
    Ok(Model {
        version: VERSION,
        fingerprint: fingerprint(project, &labels),
        labels: out,
    })
}

/// Fold models of one kind for `label`, scored on the held-out fold's fully
/// annotated documents (one model on everything with fewer than two folds).
fn cross_validate(
    project: &Project,
    label: &str,
    ex: &[Example],
    fold_of: &HashMap<usize, usize>,
    folds: usize,
    clause: bool,
) -> Result<LabelModel, LearnError> {
    let mut members = Vec::new();
    let mut bounds = Vec::new();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let parts: Vec<Option<usize>> = if folds >= 2 {
        (0..folds).map(Some).collect()
    } else {
        vec![None]
    };
    for k in parts {
        let train: Vec<&Example> = ex.iter().filter(|e| Some(fold_of[&e.doc]) != k).collect();
        let Some((bytes, b)) = train_member(label, clause, &train)? else {
            continue;
        };
        if let Some(k) = k {
            let model = crfs::Model::new(&bytes).map_err(|e| LearnError::Train {
                label: label.to_owned(),
                message: e.to_string(),
            })?;
            let loaded = match &b {
                Some(b) => Loaded::Clauses(vec![(model, b)]),
                None => Loaded::Tokens(vec![model]),
            };
            for e in ex
                .iter()
                .filter(|e| fold_of[&e.doc] == k && complete(&project.documents[e.doc]))
            {
                let got: Vec<Range<usize>> = propose(&loaded, &e.xseq, &e.tokens)
                    .into_iter()
                    .map(|(r, _)| r)
                    .collect();
                let hit = got.iter().filter(|r| e.gold.contains(r)).count();
                tp += hit;
                fp += got.len() - hit;
                fn_ += e.gold.len() - hit;
            }
        }
        members.push(serde_bytes::ByteBuf::from(bytes));
        bounds.extend(b);
    }
    Ok(LabelModel {
        train_spans: 0,
        scores: Scores::from_counts(tp, fp, fn_),
        kind: if clause {
            Kind::Clauses(bounds)
        } else {
            Kind::Tokens
        },
        members,
    })
}

/// A learned suggestion: code point range, label and score (0..1).
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// Code points.
    pub range: Range<usize>,
    /// The label.
    pub label: String,
    /// Share of the fold models that propose it.
    pub score: f64,
}

impl Model {
    /// The labels it knows, in name order.
    pub fn label_names(&self) -> Vec<String> {
        self.labels.keys().cloned().collect()
    }

    /// What the model proposes in `doc` with a score of at least `min_score`.
    pub fn propose(&self, doc: &Document, min_score: f64) -> Vec<Proposal> {
        propose_loaded(&self.loaded(), doc, min_score)
    }

    /// Every label's fold models, read once for any number of documents.
    fn loaded(&self) -> Vec<(&str, Loaded<'_>)> {
        self.labels
            .iter()
            .map(|(label, lm)| {
                let models = lm
                    .members
                    .iter()
                    .map(|b| crfs::Model::new(b.as_slice()).ok());
                let loaded = match &lm.kind {
                    Kind::Tokens => Loaded::Tokens(models.flatten().collect()),
                    Kind::Clauses(bounds) => Loaded::Clauses(
                        models
                            .zip(bounds)
                            .filter_map(|(m, b)| Some((m?, b)))
                            .collect(),
                    ),
                };
                (label.as_str(), loaded)
            })
            .collect()
    }
}

/// What the read fold models propose in `doc` (see [`Model::propose`]).
fn propose_loaded(loaded: &[(&str, Loaded<'_>)], doc: &Document, min_score: f64) -> Vec<Proposal> {
    let paragraphs = features::paragraphs(&doc.text);
    let xs: Vec<Vec<Vec<Attribute>>> = paragraphs.iter().map(|t| features::features(t)).collect();
    let mut out = Vec::new();
    for (label, members) in loaded {
        if members.is_empty() {
            continue;
        }
        for (tokens, x) in paragraphs.iter().zip(&xs) {
            for (range, score) in propose(members, x, tokens) {
                if score >= min_score {
                    out.push(Proposal {
                        range,
                        label: (*label).to_owned(),
                        score,
                    });
                }
            }
        }
    }
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.label).cmp(&(b.range.start, b.range.end, &b.label))
    });
    out
}

/// Learned suggestions for the document with id `only` (else every
/// document not marked done: done ones are what it learned from), with a
/// score of at least `min_score`; never one the document already has or
/// rejected, nor one inside an accepted span of its label.
pub fn suggestions(
    project: &Project,
    model: &Model,
    only: Option<&str>,
    min_score: f64,
) -> Vec<super::Suggestion> {
    let loaded = model.loaded();
    let mut out = Vec::new();
    for doc in &project.documents {
        match only {
            Some(id) if doc.id != id => continue,
            None if doc.status == Status::Done => continue,
            _ => {}
        }
        let index = crate::model::text::TextIndex::new(&doc.text);
        for p in propose_loaded(&loaded, doc, min_score) {
            // A label deleted or renamed since the model learned it.
            if project.label(&p.label).is_none() {
                continue;
            }
            let (s, e) = (p.range.start, p.range.end);
            if super::decided(doc, s, e, &p.label) {
                continue;
            }
            let Some(text) = index.slice(&doc.text, s, e) else {
                continue;
            };
            out.push(super::Suggestion {
                doc: doc.id.clone(),
                start: s,
                end: e,
                label: p.label,
                text: text.to_owned(),
                rule: RULE.to_owned(),
                speaker: None,
                score: Some((p.score * 1000.0).round() / 1000.0),
            });
        }
    }
    out
}

/// The model for `project` (saved at `project_path`): read from its file
/// when it was trained on what the project holds now, else trained and
/// saved. The flag says whether it was (re)trained.
pub fn ensure(project: &Project, project_path: &Path) -> Result<(Model, bool), LearnError> {
    let path = model_path(project_path);
    let labels: Vec<String> = project.labels.iter().map(|l| l.name.clone()).collect();
    let current = fingerprint(project, &labels);
    // A damaged or older model is rebuilt, never an error.
    if let Ok(Some(m)) = load(&path)
        && m.fingerprint == current
    {
        return Ok((m, false));
    }
    let m = learn(project, None)?;
    save(&m, &path)?;
    Ok((m, true))
}

/// Where the model of the project at `project_path` is kept: `NAME.model`
/// (`NAME.model.model` for a project file that itself ends in `.model`, so
/// the model is never written over the project).
pub fn model_path(project_path: &Path) -> PathBuf {
    let p = project_path.with_extension("model");
    if p == project_path {
        let mut s = project_path.as_os_str().to_owned();
        s.push(".model");
        PathBuf::from(s)
    } else {
        p
    }
}

/// Writes `model` to `path` atomically.
pub fn save(model: &Model, path: &Path) -> Result<(), LearnError> {
    let err = |m: String| LearnError::File {
        path: path.to_owned(),
        message: m,
    };
    let text = ron::to_string(model).map_err(|e| err(e.to_string()))?;
    crate::store::atomic::replace_with(path, false, |f| {
        std::io::Write::write_all(f, text.as_bytes())
    })
    .map_err(|e| err(e.to_string()))
}

/// Reads the model at `path`: `Ok(None)` when there is none.
pub fn load(path: &Path) -> Result<Option<Model>, LearnError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(LearnError::File {
                path: path.to_owned(),
                message: e.to_string(),
            });
        }
    };
    let model: Model = ron::from_str(&text).map_err(|e| LearnError::File {
        path: path.to_owned(),
        message: format!("not a model this version reads ({e}); run `marginalia learn` again"),
    })?;
    if model.version != VERSION {
        return Err(LearnError::File {
            path: path.to_owned(),
            message: format!(
                "model version {} (this program reads {VERSION}); run `marginalia learn` again",
                model.version
            ),
        });
    }
    Ok(Some(model))
}

#[cfg(test)]
mod tests;
