use super::*;
use crate::model::Span;

fn project(n: usize) -> Project {
    crate::model::generate::minister_desk(n)
}

#[test]
fn learns_names_and_proposes_them_with_scores_in_a_new_document() {
    let p = project(10);
    let m = learn(&p, None).unwrap();
    let lm = &m.labels["entity"];
    assert_eq!(lm.train_spans, 20);
    assert_eq!(lm.members.len(), 5);
    assert!(lm.scores.f1 > 0.5, "{:?}", lm.scores);
    let doc = Document::new("new", "New", "Trade Minister Seo Yun arrived in Seoul.");
    let got = m.propose(&doc, 0.5);
    let texts: Vec<String> = got
        .iter()
        .map(|g| {
            doc.text
                .chars()
                .skip(g.range.start)
                .take(g.range.len())
                .collect()
        })
        .collect();
    assert!(texts.contains(&"Seo Yun".to_owned()), "{texts:?}");
    assert!(got.iter().all(|g| (0.5..=1.0).contains(&g.score)));
    // Saved and read back, the same proposals.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.model");
    save(&m, &path).unwrap();
    let back = load(&path).unwrap().unwrap();
    assert_eq!(back.propose(&doc, 0.5), got);
    assert!(load(&dir.path().join("none.model")).unwrap().is_none());
    std::fs::write(&path, "garbage").unwrap();
    assert!(load(&path).unwrap_err().to_string().contains("p.model"));
}

#[test]
fn rejections_and_acceptances_change_the_next_training() {
    let mut p = project(10);
    let before = fingerprint(&p, &["entity".to_owned()]);
    // An in-progress document with a rejected suggestion: it now trains.
    let mut d = Document::new("x", "X", "Minister Reporters Said Nothing.");
    d.rejected.push(crate::model::Rejected {
        start: 9,
        end: 18,
        label: "entity".into(),
        rule: RULE.into(),
    });
    p.documents.push(d);
    let after = fingerprint(&p, &["entity".to_owned()]);
    assert_ne!(before, after, "a rejection is training data");
    let ex = examples(&p, "entity");
    let rejected = ex
        .iter()
        .find(|e| e.doc == 10)
        .expect("its paragraph trains");
    assert!(
        rejected.yseq.iter().all(|t| *t == "O"),
        "the rejected span is a negative"
    );
    // A pending suggestion does not train; accepting it does.
    let mut s = Span::new("sug", 0, 8, "entity");
    s.suggested = true;
    p.documents[10].spans.push(s);
    assert_eq!(fingerprint(&p, &["entity".to_owned()]), after);
    p.documents[10].spans[0].suggested = false;
    assert_ne!(fingerprint(&p, &["entity".to_owned()]), after);
    let ex = examples(&p, "entity");
    assert_eq!(ex.iter().find(|e| e.doc == 10).unwrap().gold, vec![0..8]);
}

#[test]
fn nothing_to_learn_gives_an_empty_model_and_odd_text_never_panics() {
    let mut p = project(0);
    assert!(learn(&p, None).unwrap().labels.is_empty());
    for text in [
        "",
        "\n\n\n",
        "“",
        "a\u{0}b",
        "🇰🇷🇰🇷 “”‘’ \"",
        &"x ".repeat(2000),
    ] {
        let mut d = Document::new("d", "T", text);
        d.status = Status::Done;
        p.documents = vec![d];
        let m = learn(&p, None).unwrap();
        let n = text.chars().count();
        for g in project_model().propose(&p.documents[0], 0.0) {
            assert!(g.range.start < g.range.end && g.range.end <= n);
        }
        drop(m);
    }
}

fn project_model() -> Model {
    learn(&project(6), None).unwrap()
}

#[test]
fn the_model_is_never_written_over_a_project_named_like_it() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        model_path(&dir.path().join("desk.ron")),
        dir.path().join("desk.model")
    );
    let odd = dir.path().join("desk.model");
    assert_eq!(model_path(&odd), dir.path().join("desk.model.model"));
}

#[test]
fn long_spans_are_learned_as_clauses_cut_where_the_desk_cuts_them() {
    let speakers = ["Officials", "The ministry", "Kim", "The envoy", "Analysts"];
    let verbs = ["said", "warned", "said", "argued", "said"];
    let clauses = [
        "the talks would resume next month",
        "new export controls were being drafted",
        "prices of grain had doubled since spring",
        "the ports would stay closed to foreign ships",
        "the sanctions had cut oil revenue by half",
        "the border crossing was reopened on Monday",
        "a second round of tariffs could follow soon",
        "the bank froze the accounts of three firms",
    ];
    let mut p = Project::new("claims", crate::model::CreationInfo::now("test"));
    p.labels = vec![crate::model::Label::new(
        "claim",
        crate::model::palette_color(1),
        "",
    )];
    for i in 0..10 {
        let c = clauses[i % clauses.len()];
        let c2 = clauses[(i + 3) % clauses.len()];
        let text = format!(
            "{} {} that {c}. The meeting ended at noon.\n\n{} {} that {c2}.",
            speakers[i % 5],
            verbs[i % 5],
            speakers[(i + 2) % 5],
            verbs[(i + 1) % 5]
        );
        let mut d = Document::new(format!("d{i}"), format!("D{i}"), text.clone());
        for (k, cl) in [c, c2].into_iter().enumerate() {
            let b = text.rfind(cl).unwrap();
            let start = text[..b].chars().count();
            d.spans.push(Span::new(
                format!("s{i}-{k}"),
                start,
                start + cl.chars().count(),
                "claim",
            ));
        }
        d.status = Status::Done;
        p.documents.push(d);
    }
    // The clause model on its own.
    let ex = examples(&p, "claim");
    let fold_of: HashMap<usize, usize> = (0..10).map(|d| (d, d % 5)).collect();
    let mut lm = cross_validate(&p, "claim", &ex, &fold_of, 5, true).unwrap();
    assert!(matches!(&lm.kind, Kind::Clauses(b) if b.len() == 5));
    assert!(lm.scores.f1 > 0.5, "{:?}", lm.scores);
    lm.train_spans = 20;
    let m = Model {
        version: VERSION,
        fingerprint: 0,
        labels: BTreeMap::from([("claim".to_owned(), lm)]),
    };
    // `learn` keeps the kind that scored better (here the token tagger ties
    // on such regular text, and ties keep it).
    let tokens = cross_validate(&p, "claim", &ex, &fold_of, 5, false).unwrap();
    let chosen = &learn(&p, None).unwrap().labels["claim"];
    assert!(chosen.scores.f1 >= tokens.scores.f1.max(m.labels["claim"].scores.f1));
    // A clause never seen, after a verb never seen before it in training.
    let text = "The minister said that the embargo on steel would be lifted. Lunch was served.";
    let doc = Document::new("new", "New", text);
    let got: Vec<String> = m
        .propose(&doc, 0.5)
        .iter()
        .map(|g| {
            text.chars()
                .skip(g.range.start)
                .take(g.range.len())
                .collect()
        })
        .collect();
    assert_eq!(got, ["the embargo on steel would be lifted"]);
    // Saved and read back: the same.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.model");
    save(&m, &path).unwrap();
    assert_eq!(
        load(&path).unwrap().unwrap().propose(&doc, 0.5),
        m.propose(&doc, 0.5)
    );
}
