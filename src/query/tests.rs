use super::*;
use crate::model::{Document, Project, Relation, generate};
use std::collections::BTreeSet;

#[test]
fn parses_terms_operators_and_precedence() {
    let q = parse("label:quote -rel:attributed_to OR (status:done doc:stance=hostile)")
        .unwrap()
        .unwrap();
    assert_eq!(
        q,
        Expr::Or(vec![
            Expr::And(vec![
                Expr::Term(Term::Label("quote".into())),
                Expr::Not(Box::new(Expr::Term(Term::Rel("attributed_to".into())))),
            ]),
            Expr::And(vec![
                Expr::Term(Term::Status(crate::model::Status::Done)),
                Expr::Term(Term::DocLabel("stance".into(), Some("hostile".into()))),
            ]),
        ])
    );
    assert_eq!(
        parse(r#"text:"export controls" spans>=20"#)
            .unwrap()
            .unwrap(),
        Expr::And(vec![
            Expr::Term(Term::Text("export controls".into())),
            Expr::Term(Term::Spans(Cmp::Ge, 20)),
        ])
    );
    assert_eq!(
        parse("published:2024-01..2024-06").unwrap().unwrap(),
        Expr::Term(Term::Published("2024-01".into(), "2024-06".into()))
    );
    assert_eq!(parse("   ").unwrap(), None);
    // A word that only starts like OR is a term.
    assert!(matches!(
        parse("ORacle:x"),
        Err(QueryError { position: 0, .. })
    ));
}

#[test]
fn errors_say_where() {
    let e = |q: &str| parse(q).unwrap_err();
    assert_eq!(e("label:quote statu:done").position, 12);
    assert!(
        e("label:quote statu:done")
            .message
            .contains("unknown key \"statu\"")
    );
    assert_eq!(e("status:finished").position, 7);
    assert_eq!(e("(label:quote").position, 12);
    assert!(e("(label:quote").message.contains("ends too soon"));
    assert_eq!(e("label:quote )").position, 12);
    assert_eq!(e("spans>many").position, 6);
    assert_eq!(e("sanctions").position, 0);
    assert!(e("sanctions").message.contains("text:sanctions"));
    assert_eq!(e("label:").position, 6);
    // Thousands of nested parentheses: an error, not a stack overflow.
    let deep = format!("{}label:quote{}", "(".repeat(5000), ")".repeat(5000));
    assert!(e(&deep).message.contains("nest deeper"));
    let ok = format!("{}label:quote{}", "(".repeat(60), ")".repeat(60));
    assert!(parse(&ok).is_ok());
    let negated = format!("{}label:quote", "-".repeat(100_001));
    assert_eq!(
        parse(&negated).unwrap().unwrap(),
        Expr::Not(Box::new(Expr::Term(Term::Label("quote".into()))))
    );
    assert_eq!(
        e("text:\"ünï\" statu:x").position,
        e("text:\"uni\" statu:x").position,
        "positions count characters, not bytes"
    );
    assert_eq!(e("text:\"ünï\" statu:x").position, 11);
}

/// A small deterministic generator (no dependency for tests).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn desk(seed: u64) -> Project {
    let mut p = generate::project(40, 120, 6, seed);
    generate::judge(&mut p, 20, seed);
    let mut r = Lcg(seed);
    for (i, d) in p.documents.iter_mut().enumerate() {
        d.status = crate::model::Status::ALL[r.next(3)];
        d.published = format!("2026-{:02}-{:02}", 1 + r.next(12), 1 + r.next(28));
        if i % 5 == 0 {
            d.published.clear();
        }
        if r.next(3) == 0 {
            d.assignees = vec!["kim".into()];
        }
        let ids: Vec<String> = d.spans.iter().map(|s| s.id.clone()).collect();
        for s in &mut d.spans {
            s.suggested = r.next(4) == 0;
            s.annotator = ["kim", "lee"][r.next(2)].into();
            if r.next(6) == 0 {
                s.conflict = "c1".into();
            }
        }
        // Threads on a span or the document, open or resolved.
        for k in 0..r.next(3) {
            d.threads.push(crate::model::Thread {
                id: format!("t{k}"),
                span: (r.next(3) > 0)
                    .then(|| ids.get(r.next(ids.len().max(1))).cloned())
                    .flatten(),
                comments: Vec::new(),
                resolved: r.next(2) == 0,
                resolved_by: None,
            });
        }
        if ids.len() >= 2 && r.next(2) == 0 {
            d.relations.push(Relation {
                id: "r1".into(),
                head: ids[0].clone(),
                child: ids[1].clone(),
                label: "attributed_to".into(),
            });
        }
    }
    p
}

fn random_query(r: &mut Lcg, depth: usize) -> String {
    const TERMS: &[&str] = &[
        "label:quote",
        "label:claim",
        "label:entity",
        "rel:attributed_to",
        "annotator:kim",
        "suggested",
        "conflict",
        "status:done",
        "status:todo",
        "doc:stance=hostile",
        "doc:topic=trade",
        "spans>5",
        "spans<=3",
        "title:sanctions",
        "text:\"the minister\"",
        "published:2026-03..2026-08",
        "entity:e-00003",
        "assignee:kim",
        "comment:open",
        "comment:resolved",
        "comment:any",
    ];
    if depth == 0 || r.next(3) == 0 {
        let t = TERMS[r.next(TERMS.len())];
        return if r.next(4) == 0 {
            format!("-{t}")
        } else {
            t.to_owned()
        };
    }
    let n = 2 + r.next(2);
    let parts: Vec<String> = (0..n).map(|_| random_query(r, depth - 1)).collect();
    let joined = if r.next(2) == 0 {
        parts.join(" ")
    } else {
        parts.join(" OR ")
    };
    if r.next(4) == 0 {
        format!("-({joined})")
    } else {
        format!("({joined})")
    }
}

/// The brute-force reading: the set of contexts (document, span or none)
/// each term holds in, combined by set algebra.
type Ctx = (usize, Option<usize>);

fn universe(p: &Project, spans: bool) -> BTreeSet<Ctx> {
    let mut u = BTreeSet::new();
    for (di, d) in p.documents.iter().enumerate() {
        if spans {
            for si in 0..d.spans.len() {
                u.insert((di, Some(si)));
            }
        } else {
            u.insert((di, None));
        }
    }
    u
}

fn brute_term(p: &Project, t: &Term, u: &BTreeSet<Ctx>) -> BTreeSet<Ctx> {
    let ok = |d: &Document, s: Option<&crate::model::Span>| -> bool {
        match t {
            Term::Label(l) => s.is_some_and(|s| s.label == *l),
            Term::Rel(r) => s.is_some_and(|s| {
                d.relations
                    .iter()
                    .filter(|x| x.label == *r)
                    .any(|x| [&x.head, &x.child].contains(&&s.id))
            }),
            Term::Annotator(a) => s.is_some_and(|s| s.annotator == *a || s.also_by.contains(a)),
            Term::Rule(r) => s.is_some_and(|s| s.rule == *r),
            Term::Entity(e) => s.is_some_and(|s| s.entity.as_deref() == Some(e.as_str())),
            Term::Suggested => s.is_some_and(|s| s.suggested),
            Term::Conflict => s.is_some_and(|s| !s.conflict.is_empty()),
            Term::Status(st) => d.status == *st,
            Term::Assignee(a) => d.assignees.contains(a),
            Term::Reviewed => d.review.is_some() && d.status == crate::model::Status::Done,
            // A span's own threads when listing spans, else any.
            Term::Comment(state) => d.threads.iter().any(|t| {
                s.is_none_or(|s| t.span.as_deref() == Some(s.id.as_str()))
                    && match state {
                        CommentState::Open => !t.resolved,
                        CommentState::Resolved => t.resolved,
                        CommentState::Any => true,
                    }
            }),
            Term::DocLabel(set, c) => d.doc_labels.get(set).is_some_and(|v| match c {
                Some(c) => v.iter().any(|x| x == c),
                None => true,
            }),
            Term::Text(w) => d.text.to_lowercase().contains(&w.to_lowercase()),
            Term::Title(w) => d.title.to_lowercase().contains(&w.to_lowercase()),
            Term::Site(w) => d.site.to_lowercase().contains(&w.to_lowercase()),
            Term::Published(a, b) => {
                let m: String = d.published.chars().take(a.len().max(b.len())).collect();
                !d.published.is_empty() && m.as_str() >= a.as_str() && m.as_str() <= b.as_str()
            }
            Term::Spans(c, n) => c.holds(d.spans.iter().filter(|s| !s.suggested).count(), *n),
        }
    };
    u.iter()
        .copied()
        .filter(|&(di, si)| {
            let d = &p.documents[di];
            ok(d, si.map(|i| &d.spans[i]))
        })
        .collect()
}

fn brute(p: &Project, e: &Expr, u: &BTreeSet<Ctx>) -> BTreeSet<Ctx> {
    match e {
        Expr::And(v) => v
            .iter()
            .map(|x| brute(p, x, u))
            .reduce(|a, b| a.intersection(&b).copied().collect())
            .unwrap_or_default(),
        Expr::Or(v) => v.iter().flat_map(|x| brute(p, x, u)).collect(),
        Expr::Not(x) => u.difference(&brute(p, x, u)).copied().collect(),
        Expr::Term(t) => brute_term(p, t, u),
    }
}

fn is_span_only(e: &Expr) -> bool {
    match e {
        Expr::And(v) | Expr::Or(v) => v.iter().all(is_span_only),
        Expr::Not(x) => is_span_only(x),
        Expr::Term(t) => t.is_span_term(),
    }
}

/// The documents of a set of contexts.
fn docs_of(c: &BTreeSet<Ctx>) -> BTreeSet<usize> {
    c.iter().map(|x| x.0).collect()
}

/// The brute-force document reading, by set algebra over documents (span
/// parts by set algebra over (document, span) pairs).
fn brute_docs(p: &Project, e: &Expr) -> BTreeSet<usize> {
    let all: BTreeSet<usize> = (0..p.documents.len()).collect();
    let spans = universe(p, true);
    match e {
        Expr::Term(t) if t.is_span_term() => docs_of(&brute_term(p, t, &spans)),
        Expr::Term(t) => docs_of(&brute_term(p, t, &universe(p, false))),
        Expr::Not(x) => all.difference(&brute_docs(p, x)).copied().collect(),
        Expr::Or(v) => v.iter().flat_map(|x| brute_docs(p, x)).collect(),
        Expr::And(v) => {
            let group: Vec<&Expr> = v.iter().filter(|x| is_span_only(x)).collect();
            let rest: Vec<&Expr> = v.iter().filter(|x| !is_span_only(x)).collect();
            let mut out = all.clone();
            if group.iter().any(|x| !matches!(x, Expr::Not(_))) {
                let together = group
                    .iter()
                    .map(|x| brute(p, x, &spans))
                    .reduce(|a, b| a.intersection(&b).copied().collect())
                    .unwrap_or_default();
                out = out.intersection(&docs_of(&together)).copied().collect();
            } else {
                for x in &group {
                    out = out.intersection(&brute_docs(p, x)).copied().collect();
                }
            }
            for x in rest {
                out = out.intersection(&brute_docs(p, x)).copied().collect();
            }
            out
        }
    }
}

#[test]
fn the_evaluator_agrees_with_a_brute_force_reading_on_generated_projects() {
    let mut r = Lcg(7);
    let mut nonempty = 0;
    for seed in 0..6 {
        let p = desk(seed);
        for _ in 0..60 {
            let text = random_query(&mut r, 3);
            let q = parse(&text)
                .unwrap_or_else(|e| panic!("{text}: {e}"))
                .unwrap();
            let docs: Vec<usize> = brute_docs(&p, &q).into_iter().collect();
            assert_eq!(matching_documents(&p, Some(&q)), docs, "{text}");
            let pairs: Vec<(usize, usize)> = brute(&p, &q, &universe(&p, true))
                .iter()
                .filter_map(|&(d, s)| Some((d, s?)))
                .collect();
            assert_eq!(matching_spans(&p, Some(&q)), pairs, "{text}");
            nonempty += usize::from(!docs.is_empty() && docs.len() < p.documents.len());
        }
    }
    assert!(nonempty > 100, "the queries discriminate ({nonempty})");
}

#[test]
fn a_negated_span_term_means_no_such_span_and_a_conjunction_one_span() {
    let p = desk(3);
    let no_quote = |d: &Document| d.spans.iter().all(|s| s.label != "quote");
    let want: Vec<usize> = (0..p.documents.len())
        .filter(|&i| no_quote(&p.documents[i]))
        .collect();
    let q = parse("-label:quote").unwrap();
    assert_eq!(matching_documents(&p, q.as_ref()), want);
    let q = parse("status:done -label:quote").unwrap();
    let want: Vec<usize> = want
        .into_iter()
        .filter(|&i| p.documents[i].status == crate::model::Status::Done)
        .collect();
    assert_eq!(matching_documents(&p, q.as_ref()), want);
}
