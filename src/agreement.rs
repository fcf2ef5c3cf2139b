//! Inter-annotator agreement between copies of a project (one per analyst):
//! span-level F1 (exact and overlap), Cohen's kappa and Krippendorff's alpha
//! on word tokens. Definitions: docs/AGREEMENT.md.

use crate::model::interval::SpanIndex;
use crate::model::{Document, Project, Span};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use unicode_segmentation::UnicodeSegmentation as _;

/// Agreement figures for one label or for all labels together.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Mean over annotator pairs of span F1 where spans match on start, end and label.
    pub f1_exact: Option<f64>,
    /// Mean over pairs of span F1 where a span matches a same-label span it overlaps.
    pub f1_overlap: Option<f64>,
    /// Cohen's kappa on word-token labels (exactly two annotators).
    pub kappa: Option<f64>,
    /// Krippendorff's alpha (nominal) on word-token labels, two or more annotators.
    pub alpha: Option<f64>,
    /// Spans compared, per annotator (file) in order.
    pub spans: Vec<usize>,
}

/// The agreement report.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Agreement {
    /// Names of the annotators compared (file names).
    pub annotators: Vec<String>,
    /// Documents compared (present in at least two copies).
    pub documents: usize,
    /// Word tokens compared.
    pub tokens: usize,
    /// All labels together.
    pub overall: Scores,
    /// Per label, by name.
    pub labels: BTreeMap<String, Scores>,
    /// Per document label set, by name: agreement over documents.
    pub doc_labels: BTreeMap<String, DocLabelScores>,
}

/// Agreement on one document label set, over the documents the copies
/// share: nominal, the set's choice (or none) per document for a
/// single-choice set; one yes/no item per document and choice for a
/// multiple one.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DocLabelScores {
    /// Cohen's kappa (exactly two annotators).
    pub kappa: Option<f64>,
    /// Krippendorff's alpha (nominal), two or more annotators.
    pub alpha: Option<f64>,
    /// Items compared (documents, or documents times choices).
    pub items: usize,
}

/// Document label agreement per set over `units`.
fn doc_label_scores(copies: &[Project], units: &[Unit<'_>]) -> BTreeMap<String, DocLabelScores> {
    let n = copies.len();
    let mut sets: BTreeMap<&str, (bool, BTreeSet<&str>)> = BTreeMap::new();
    for p in copies {
        for s in &p.doc_label_sets {
            let e = sets.entry(&s.name).or_insert((s.multiple, BTreeSet::new()));
            e.0 |= s.multiple;
            e.1.extend(s.choices.iter().map(|c| c.name.as_str()));
        }
        for d in &p.documents {
            for (set, v) in &d.doc_labels {
                let e = sets.entry(set).or_insert((v.len() > 1, BTreeSet::new()));
                e.0 |= v.len() > 1;
                e.1.extend(v.iter().map(String::as_str));
            }
        }
    }
    let mut out = BTreeMap::new();
    for (set, (multiple, choices)) in sets {
        fn chosen<'d>(d: &'d Document, set: &str) -> Vec<&'d str> {
            d.doc_labels
                .get(set)
                .map(|v| v.iter().map(String::as_str).collect())
                .unwrap_or_default()
        }
        let mut items: Vec<Vec<Option<usize>>> = Vec::new();
        for u in units
            .iter()
            .filter(|u| u.copies.iter().flatten().count() >= 2)
        {
            if multiple {
                for c in &choices {
                    items.push(
                        u.copies
                            .iter()
                            // Not judged is missing, not "not chosen".
                            .map(|d| {
                                d.filter(|d| d.doc_labels.contains_key(set))
                                    .map(|d| usize::from(chosen(d, set).contains(c)))
                            })
                            .collect(),
                    );
                }
            } else {
                // 0: none chosen; 1 + the choice's rank.
                items.push(
                    u.copies
                        .iter()
                        .map(|d| {
                            d.filter(|d| d.doc_labels.contains_key(set)).map(|d| {
                                chosen(d, set).first().map_or(0, |c| {
                                    1 + choices.iter().position(|x| x == c).unwrap_or(0)
                                })
                            })
                        })
                        .collect(),
                );
            }
        }
        let kappa = if n == 2 {
            let pairs: Vec<(usize, usize)> =
                items.iter().filter_map(|v| Some((v[0]?, v[1]?))).collect();
            cohen_kappa(&pairs)
        } else {
            None
        };
        out.insert(
            set.to_owned(),
            DocLabelScores {
                kappa,
                alpha: krippendorff_alpha(&items),
                items: items.len(),
            },
        );
    }
    out
}

/// One document as every copy has it (`None`: that copy lacks it).
struct Unit<'a> {
    text: &'a str,
    copies: Vec<Option<&'a Document>>,
}

/// Pairs up the documents of the copies, by id, else by identical text.
fn units<'a>(copies: &'a [Project]) -> Vec<Unit<'a>> {
    let Some(first) = copies.first() else {
        return Vec::new();
    };
    let mut out: Vec<Unit<'a>> = Vec::new();
    let mut by_text: HashMap<&str, usize> = HashMap::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for d in &first.documents {
        by_text.insert(&d.text, out.len());
        by_id.insert(&d.id, out.len());
        let mut c = vec![None; copies.len()];
        c[0] = Some(d);
        out.push(Unit {
            text: &d.text,
            copies: c,
        });
    }
    for (k, p) in copies.iter().enumerate().skip(1) {
        for d in &p.documents {
            let i = by_id
                .get(d.id.as_str())
                .filter(|&&i| out[i].text == &*d.text)
                .or_else(|| by_text.get(&*d.text))
                .copied();
            match i {
                Some(i) => out[i].copies[k] = Some(d),
                None => {
                    by_text.insert(&d.text, out.len());
                    let mut c = vec![None; copies.len()];
                    c[k] = Some(d);
                    out.push(Unit {
                        text: &d.text,
                        copies: c,
                    });
                }
            }
        }
    }
    out.retain(|u| u.copies.iter().filter(|c| c.is_some()).count() >= 2);
    out
}

/// Matched spans between two span lists (each sorted by start):
/// (spans of `a` matched in `b`, |a|, spans of `b` matched in `a`, |b|).
fn f1(a: &[&Span], b: &[&Span], overlap: bool) -> (usize, usize, usize, usize) {
    if !overlap {
        let keys = |v: &[&Span]| -> HashSet<(usize, usize, String)> {
            v.iter()
                .map(|s| (s.start, s.end, s.label.clone()))
                .collect()
        };
        let (ka, kb) = (keys(a), keys(b));
        let ta = a
            .iter()
            .filter(|s| kb.contains(&(s.start, s.end, s.label.clone())))
            .count();
        let tb = b
            .iter()
            .filter(|s| ka.contains(&(s.start, s.end, s.label.clone())))
            .count();
        return (ta, a.len(), tb, b.len());
    }
    let matched = |x: &[&Span], y: &[&Span]| {
        let index = SpanIndex::from_ranges(y.iter().map(|s| (s.start, s.end)));
        x.iter()
            .filter(|s| {
                index
                    .overlapping(s.start, s.end)
                    .into_iter()
                    .any(|i| y[i].label == s.label)
            })
            .count()
    };
    (matched(a, b), a.len(), matched(b, a), b.len())
}

/// F1 from matched counts: precision `ta/na`, recall `tb/nb`.
fn f1_of(ta: usize, na: usize, tb: usize, nb: usize) -> Option<f64> {
    if na + nb == 0 {
        return None;
    }
    let p = if na == 0 { 0.0 } else { ta as f64 / na as f64 };
    let r = if nb == 0 { 0.0 } else { tb as f64 / nb as f64 };
    Some(if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    })
}

/// Token-level tallies for one scope (all labels, or one label): the
/// two-annotator confusion matrix (for kappa) and the coincidence matrix
/// (for alpha), over `k` categories.
struct Tally {
    k: usize,
    pairs: Vec<u64>,
    coincidences: Vec<f64>,
}

impl Tally {
    fn new(k: usize) -> Self {
        Self {
            k,
            pairs: vec![0; k * k],
            coincidences: vec![0.0; k * k],
        }
    }

    /// Adds one unit (token): the category each annotator gave it.
    fn add(&mut self, vals: &[Option<usize>]) {
        if let [Some(a), Some(b)] = vals {
            self.pairs[a * self.k + b] += 1;
        }
        let m = vals.iter().flatten().count();
        if m < 2 {
            return;
        }
        let w = 1.0 / (m - 1) as f64;
        for (i, c) in vals.iter().enumerate() {
            for (j, d) in vals.iter().enumerate() {
                if let (true, Some(c), Some(d)) = (i != j, c, d) {
                    self.coincidences[c * self.k + d] += w;
                }
            }
        }
    }

    /// Cohen's kappa from the confusion matrix.
    fn kappa(&self) -> Option<f64> {
        let k = self.k;
        let n: u64 = self.pairs.iter().sum();
        if n == 0 {
            return None;
        }
        let n = n as f64;
        let agree = (0..k).map(|c| self.pairs[c * k + c]).sum::<u64>() as f64 / n;
        let chance: f64 = (0..k)
            .map(|c| {
                let row: u64 = (0..k).map(|d| self.pairs[c * k + d]).sum();
                let col: u64 = (0..k).map(|d| self.pairs[d * k + c]).sum();
                row as f64 * col as f64
            })
            .sum::<f64>()
            / (n * n);
        if (1.0 - chance).abs() < 1e-12 {
            // Both used one and the same category throughout.
            return (agree == 1.0).then_some(1.0);
        }
        Some((agree - chance) / (1.0 - chance))
    }

    /// Krippendorff's alpha (nominal) from the coincidence matrix.
    fn alpha(&self) -> Option<f64> {
        let k = self.k;
        let nc: Vec<f64> = (0..k)
            .map(|c| (0..k).map(|d| self.coincidences[c * k + d]).sum())
            .collect();
        let n: f64 = nc.iter().sum();
        if n <= 1.0 {
            return None;
        }
        let mut observed = 0.0;
        let mut expected = 0.0;
        for c in 0..k {
            for d in 0..k {
                if c != d {
                    observed += self.coincidences[c * k + d];
                    expected += nc[c] * nc[d];
                }
            }
        }
        if expected == 0.0 {
            return (observed == 0.0).then_some(1.0);
        }
        Some(1.0 - (n - 1.0) * observed / expected)
    }
}

/// Dense ids for arbitrary category values.
fn dense(values: impl Iterator<Item = usize>) -> HashMap<usize, usize> {
    let mut ids = HashMap::new();
    for v in values {
        let next = ids.len();
        ids.entry(v).or_insert(next);
    }
    ids
}

/// Cohen's kappa for two raters' categories of the same items.
pub fn cohen_kappa(pairs: &[(usize, usize)]) -> Option<f64> {
    let ids = dense(pairs.iter().flat_map(|(a, b)| [*a, *b]));
    let mut t = Tally::new(ids.len().max(1));
    for (a, b) in pairs {
        t.add(&[Some(ids[a]), Some(ids[b])]);
    }
    t.kappa()
}

/// Krippendorff's alpha for nominal data: `units[u][coder]` is the value
/// coder gave unit u, `None` if missing. Units with fewer than two values
/// are not pairable and are left out.
pub fn krippendorff_alpha(units: &[Vec<Option<usize>>]) -> Option<f64> {
    let ids = dense(units.iter().flatten().flatten().copied());
    let mut t = Tally::new(ids.len().max(1));
    for u in units {
        let vals: Vec<Option<usize>> = u.iter().map(|v| v.map(|v| ids[&v])).collect();
        t.add(&vals);
    }
    t.alpha()
}

/// Per word token of `doc`: the category of the shortest span covering the
/// whole token (1 + its label's id; 0 outside spans) and a bit per label
/// with a span covering it. One sweep over tokens and spans (both sorted).
fn token_categories(
    tokens: &[(usize, usize)],
    doc: &Document,
    ids: &HashMap<&str, usize>,
) -> Vec<(usize, u128)> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut active: Vec<&Span> = Vec::new();
    let mut next = 0;
    for &(ts, te) in tokens {
        while let Some(s) = doc.spans.get(next).filter(|s| s.start <= ts) {
            active.push(s);
            next += 1;
        }
        // Spans ending before this token's end cover no later token either.
        active.retain(|s| s.end >= te);
        let mut best: Option<(usize, usize)> = None; // (length, label id)
        let mut mask = 0u128;
        for s in &active {
            let Some(&id) = ids.get(s.label.as_str()) else {
                continue;
            };
            if id < 128 {
                mask |= 1 << id;
            }
            let key = (s.end - s.start, id);
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
        out.push((best.map_or(0, |(_, id)| id + 1), mask));
    }
    out
}

/// Word tokens of `text` as code point ranges (UAX #29 words with letters or digits).
fn word_tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut chars = 0;
    let mut last_byte = 0;
    for (b, w) in text.unicode_word_indices() {
        chars += text[last_byte..b].chars().count();
        let n = w.chars().count();
        out.push((chars, chars + n));
        chars += n;
        last_byte = b + w.len();
    }
    out
}

/// Computes agreement between `copies`, named `names`. One pass over the
/// word tokens of every shared document fills the tallies of all labels.
pub fn agreement(copies: &[Project], names: &[String]) -> Agreement {
    let n = copies.len();
    let units = units(copies);
    let labels: Vec<&str> = copies
        .iter()
        .flat_map(|p| p.documents.iter().flat_map(|d| &d.spans))
        .map(|s| s.label.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let ids: HashMap<&str, usize> = labels.iter().enumerate().map(|(i, l)| (*l, i)).collect();
    let mut overall = Tally::new(labels.len() + 1);
    let mut per_label: Vec<Tally> = labels.iter().map(|_| Tally::new(2)).collect();
    let mut tokens = 0;
    let mut vals = vec![None; n];
    for u in &units {
        let toks = word_tokens(u.text);
        tokens += toks.len();
        let cats: Vec<Option<Vec<(usize, u128)>>> = u
            .copies
            .iter()
            .map(|d| d.map(|d| token_categories(&toks, d, &ids)))
            .collect();
        for t in 0..toks.len() {
            for (v, c) in vals.iter_mut().zip(&cats) {
                *v = c.as_ref().map(|c| c[t].0);
            }
            overall.add(&vals);
            for (l, tally) in per_label.iter_mut().enumerate().take(128) {
                for (v, c) in vals.iter_mut().zip(&cats) {
                    *v = c.as_ref().map(|c| usize::from((c[t].1 >> l) & 1 == 1));
                }
                tally.add(&vals);
            }
        }
    }
    let finish = |tally: &Tally, only: Option<&str>| {
        let (f1_exact, f1_overlap, spans) = span_scores(n, &units, only);
        Scores {
            f1_exact,
            f1_overlap,
            kappa: if n == 2 { tally.kappa() } else { None },
            alpha: tally.alpha(),
            spans,
        }
    };
    Agreement {
        doc_labels: doc_label_scores(copies, &units),
        annotators: names.to_vec(),
        documents: units.len(),
        tokens,
        overall: finish(&overall, None),
        labels: labels
            .iter()
            .zip(&per_label)
            .enumerate()
            .map(|(i, (l, t))| {
                let mut s = finish(t, Some(l));
                if i >= 128 {
                    // Token figures are kept for the first 128 labels.
                    (s.kappa, s.alpha) = (None, None);
                }
                ((*l).to_owned(), s)
            })
            .collect(),
    }
}

/// Span F1 (exact, overlap; mean over annotator pairs) and spans per annotator.
fn span_scores(
    n: usize,
    units: &[Unit<'_>],
    only: Option<&str>,
) -> (Option<f64>, Option<f64>, Vec<usize>) {
    fn spans_of<'d>(d: &'d Document, only: Option<&str>) -> Vec<&'d Span> {
        d.spans
            .iter()
            .filter(|s| only.is_none_or(|l| s.label == l))
            .collect()
    }
    let mut spans = vec![0; n];
    for u in units {
        for (k, d) in u.copies.iter().enumerate() {
            if let Some(d) = d {
                spans[k] += spans_of(d, only).len();
            }
        }
    }
    let (mut exact, mut overlap) = (Vec::new(), Vec::new());
    for a in 0..n {
        for b in a + 1..n {
            let (mut e, mut o) = ([0usize; 4], [0usize; 4]);
            for u in units {
                let (Some(da), Some(db)) = (u.copies[a], u.copies[b]) else {
                    continue;
                };
                let (sa, sb) = (spans_of(da, only), spans_of(db, only));
                for (acc, v) in [(&mut e, f1(&sa, &sb, false)), (&mut o, f1(&sa, &sb, true))] {
                    acc[0] += v.0;
                    acc[1] += v.1;
                    acc[2] += v.2;
                    acc[3] += v.3;
                }
            }
            exact.extend(f1_of(e[0], e[1], e[2], e[3]));
            overlap.extend(f1_of(o[0], o[1], o[2], o[3]));
        }
    }
    let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    (mean(&exact), mean(&overlap), spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CreationInfo;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-3)
    }

    #[test]
    fn kappa_matches_the_textbook_example() {
        // 50 proposals, two readers: yes/yes 20, yes/no 5, no/yes 10, no/no 15.
        // p_o = 0.7, p_e = 0.5, kappa = 0.4 (Wikipedia, "Cohen's kappa").
        let mut pairs = vec![(1, 1); 20];
        pairs.extend(vec![(1, 0); 5]);
        pairs.extend(vec![(0, 1); 10]);
        pairs.extend(vec![(0, 0); 15]);
        assert!(close(cohen_kappa(&pairs), 0.4), "{:?}", cohen_kappa(&pairs));
        assert_eq!(cohen_kappa(&[(2, 2), (2, 2)]), Some(1.0));
    }

    #[test]
    fn alpha_matches_krippendorffs_worked_example() {
        // Krippendorff (2011), "Computing Krippendorff's alpha-reliability",
        // nominal data: 4 observers, 12 units, missing values; alpha = 0.743.
        let rows: [[u8; 12]; 4] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
            [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
        ];
        let units: Vec<Vec<Option<usize>>> = (0..12)
            .map(|u| {
                rows.iter()
                    .map(|r| (r[u] != 0).then_some(usize::from(r[u])))
                    .collect()
            })
            .collect();
        let a = krippendorff_alpha(&units);
        assert!(close(a, 0.743), "{a:?}");
    }

    fn copy(spans: &[(usize, usize, &str)]) -> Project {
        let mut p = Project::new("p", CreationInfo::now("t"));
        let mut d = Document::new("d1", "t", "Seoul and Washington warned Moscow on Tuesday.");
        for (i, (s, e, l)) in spans.iter().enumerate() {
            d.insert_span(Span::new(format!("s{i}"), *s, *e, *l));
        }
        p.documents.push(d);
        p
    }

    #[test]
    fn span_f1_and_token_scores_on_two_copies() {
        // Words: Seoul(0-5) and(6-9) Washington(10-20) warned(21-27) Moscow(28-34) on Tuesday
        let a = copy(&[(0, 5, "entity"), (10, 20, "entity"), (28, 34, "entity")]);
        let b = copy(&[(0, 5, "entity"), (10, 27, "entity")]);
        let names = vec!["a".to_owned(), "b".to_owned()];
        let r = agreement(&[a.clone(), b], &names);
        assert_eq!(r.documents, 1);
        assert_eq!(r.tokens, 7);
        assert_eq!(r.overall.spans, [3, 2]);
        // Exact: 1 match; P = 1/3, R = 1/2, F1 = 0.4.
        assert!(close(r.overall.f1_exact, 0.4), "{:?}", r.overall);
        // Overlap: a matches 2 of 3, b matches 2 of 2: F1 = 2*(2/3)/(2/3+1) = 0.8.
        assert!(close(r.overall.f1_overlap, 0.8), "{:?}", r.overall);
        // Tokens: E O E O E O O vs E O E E O O O: 5 of 7 agree; p_e =
        // (3*3 + 4*4)/49 = 25/49; kappa = (5/7 - 25/49)/(1 - 25/49) = 10/24.
        assert!(close(r.overall.kappa, 10.0 / 24.0), "{:?}", r.overall);
        assert!(r.overall.alpha.is_some());
        assert!(r.labels.contains_key("entity"));
        // A copy agrees with itself perfectly.
        let same = agreement(&[a.clone(), a], &names);
        assert_eq!(same.overall.f1_exact, Some(1.0));
        assert_eq!(same.overall.kappa, Some(1.0));
        assert_eq!(same.overall.alpha, Some(1.0));
    }
}
