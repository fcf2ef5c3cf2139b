//! Inter-annotator agreement between copies of a project (one per analyst):
//! span-level F1 (exact and overlap), Cohen's kappa and Krippendorff's alpha
//! on word tokens. Definitions: docs/AGREEMENT.md.

use crate::model::{Document, Project, Span};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
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

/// Span F1 between two span lists (`None` if both are empty).
fn f1(a: &[&Span], b: &[&Span], overlap: bool) -> (usize, usize, usize, usize) {
    let matches = |x: &Span, y: &Span| {
        x.label == y.label
            && if overlap {
                x.overlaps(y)
            } else {
                x.start == y.start && x.end == y.end
            }
    };
    let ta = a.iter().filter(|x| b.iter().any(|y| matches(x, y))).count();
    let tb = b.iter().filter(|y| a.iter().any(|x| matches(x, y))).count();
    (ta, a.len(), tb, b.len())
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

/// Cohen's kappa for two raters' categories of the same items.
pub fn cohen_kappa(pairs: &[(usize, usize)]) -> Option<f64> {
    let n = pairs.len() as f64;
    if pairs.is_empty() {
        return None;
    }
    let agree = pairs.iter().filter(|(a, b)| a == b).count() as f64 / n;
    let mut fa: HashMap<usize, f64> = HashMap::new();
    let mut fb: HashMap<usize, f64> = HashMap::new();
    for (a, b) in pairs {
        *fa.entry(*a).or_default() += 1.0;
        *fb.entry(*b).or_default() += 1.0;
    }
    let chance: f64 = fa
        .iter()
        .map(|(c, x)| x * fb.get(c).copied().unwrap_or(0.0))
        .sum::<f64>()
        / (n * n);
    if (1.0 - chance).abs() < 1e-12 {
        // Both raters used one and the same category throughout.
        return if agree == 1.0 { Some(1.0) } else { None };
    }
    Some((agree - chance) / (1.0 - chance))
}

/// Krippendorff's alpha for nominal data: `units[u][coder]` is the value
/// coder gave unit u, `None` if missing. Units with fewer than two values
/// are not pairable and are left out.
pub fn krippendorff_alpha(units: &[Vec<Option<usize>>]) -> Option<f64> {
    // Coincidence matrix o[c][k].
    let mut o: HashMap<(usize, usize), f64> = HashMap::new();
    for u in units {
        let vals: Vec<usize> = u.iter().flatten().copied().collect();
        let m = vals.len();
        if m < 2 {
            continue;
        }
        for (i, c) in vals.iter().enumerate() {
            for (j, k) in vals.iter().enumerate() {
                if i != j {
                    *o.entry((*c, *k)).or_default() += 1.0 / (m - 1) as f64;
                }
            }
        }
    }
    let mut nc: HashMap<usize, f64> = HashMap::new();
    for ((c, _), v) in &o {
        *nc.entry(*c).or_default() += v;
    }
    let n: f64 = nc.values().sum();
    if n <= 1.0 {
        return None;
    }
    let observed: f64 = o.iter().filter(|((c, k), _)| c != k).map(|(_, v)| v).sum();
    let expected: f64 = nc
        .iter()
        .flat_map(|(c, x)| {
            nc.iter()
                .filter(move |(k, _)| *k != c)
                .map(move |(_, y)| x * y)
        })
        .sum();
    if expected == 0.0 {
        return if observed == 0.0 { Some(1.0) } else { None };
    }
    Some(1.0 - (n - 1.0) * observed / expected)
}

/// The label of each word token of `text` in `doc`: the shortest span
/// covering the token (the innermost), by label; `None` outside spans.
fn token_labels<'a>(
    tokens: &[(usize, usize)],
    doc: &'a Document,
    only: Option<&str>,
) -> Vec<Option<&'a str>> {
    let index = crate::model::interval::SpanIndex::new(&doc.spans);
    tokens
        .iter()
        .map(|&(s, e)| {
            index
                .overlapping(s, e)
                .into_iter()
                .map(|i| &doc.spans[i])
                .filter(|sp| sp.start <= s && e <= sp.end)
                .filter(|sp| only.is_none_or(|l| sp.label == l))
                .min_by_key(|sp| (sp.end - sp.start, sp.label.as_str()))
                .map(|sp| sp.label.as_str())
        })
        .collect()
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

/// Computes agreement between `copies`, named `names`.
pub fn agreement(copies: &[Project], names: &[String]) -> Agreement {
    let units = units(copies);
    let labels: BTreeSet<&str> = copies
        .iter()
        .flat_map(|p| p.documents.iter().flat_map(|d| &d.spans))
        .map(|s| s.label.as_str())
        .collect();
    let tokens: Vec<Vec<(usize, usize)>> = units.iter().map(|u| word_tokens(u.text)).collect();
    let mut report = Agreement {
        annotators: names.to_vec(),
        documents: units.len(),
        tokens: tokens.iter().map(Vec::len).sum(),
        overall: scores(copies.len(), &units, &tokens, None),
        labels: BTreeMap::new(),
    };
    for l in labels {
        report
            .labels
            .insert(l.to_owned(), scores(copies.len(), &units, &tokens, Some(l)));
    }
    report
}

fn scores(
    n: usize,
    units: &[Unit<'_>],
    tokens: &[Vec<(usize, usize)>],
    only: Option<&str>,
) -> Scores {
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
    // Pairwise F1, micro-averaged over the documents both have, then the
    // mean over pairs.
    let (mut exact, mut overlap) = (Vec::new(), Vec::new());
    for a in 0..n {
        for b in a + 1..n {
            let (mut e, mut o) = ([0usize; 4], [0usize; 4]);
            for u in units {
                let (Some(da), Some(db)) = (u.copies[a], u.copies[b]) else {
                    continue;
                };
                let (sa, sb) = (spans_of(da, only), spans_of(db, only));
                let x = f1(&sa, &sb, false);
                let y = f1(&sa, &sb, true);
                for (acc, v) in [(&mut e, x), (&mut o, y)] {
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
    // Token labels: one category per label name, 0 for "outside".
    let mut cats: HashMap<String, usize> = HashMap::new();
    let mut cat = |l: Option<&str>| -> usize {
        match l {
            None => 0,
            Some(l) => match cats.get(l) {
                Some(c) => *c,
                None => {
                    let next = cats.len() + 1;
                    cats.insert(l.to_owned(), next);
                    next
                }
            },
        }
    };
    let mut alpha_units: Vec<Vec<Option<usize>>> = Vec::new();
    let mut pairs = Vec::new();
    for (u, toks) in units.iter().zip(tokens) {
        let per: Vec<Option<Vec<Option<&str>>>> = u
            .copies
            .iter()
            .map(|d| d.map(|d| token_labels(toks, d, only)))
            .collect();
        for t in 0..toks.len() {
            let vals: Vec<Option<usize>> = per
                .iter()
                .map(|p| p.as_ref().map(|labels| cat(labels[t])))
                .collect();
            if n == 2
                && let (Some(a), Some(b)) = (vals[0], vals[1])
            {
                pairs.push((a, b));
            }
            alpha_units.push(vals);
        }
    }
    Scores {
        f1_exact: mean(&exact),
        f1_overlap: mean(&overlap),
        kappa: if n == 2 { cohen_kappa(&pairs) } else { None },
        alpha: krippendorff_alpha(&alpha_units),
        spans,
    }
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
