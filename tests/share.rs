//! Sharing projects between analysts, as processes: `merge`, `agreement`,
//! and the git merge driver in a real temporary git repository.

#![allow(clippy::unwrap_used)] // tests may unwrap; Cargo.toml warns elsewhere

use marginalia::model::{Document, Project, Span};
use marginalia::store;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_marginalia")
}

fn run(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .output()
        .expect("marginalia runs")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The sample project without its spans and relations: the common base.
fn base() -> Project {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/sanctions_watch.ron");
    let mut p = store::load(&path).expect("sample loads");
    for d in &mut p.documents {
        d.spans.clear();
        d.relations.clear();
    }
    p
}

/// A span over the `n`th occurrence-free phrase `needle` of `doc`.
fn span_on(doc: &Document, id: &str, needle: &str, label: &str, who: &str) -> Span {
    let b = doc.text.find(needle).expect("phrase in the document");
    let start = doc.text[..b].chars().count();
    let mut s = Span::new(id, start, start + needle.chars().count(), label);
    s.annotator = who.into();
    s
}

fn save(p: &Project, path: &Path) {
    store::save(p, path).expect("save");
}

/// kim.ron (Washington: entity, sanctions: claim) and lee.ron with lee's
/// spans on the first document, saved in `dir`.
fn two_copies(dir: &Path, lee_spans: &[(&str, &str, &str)]) -> (Project, PathBuf, PathBuf) {
    let mut kim = base();
    let mut lee = base();
    let d = &kim.documents[0].clone();
    kim.documents[0].insert_span(span_on(d, "k1", "Washington", "entity", "kim"));
    kim.documents[0].insert_span(span_on(d, "k2", "sanctions", "claim", "kim"));
    for (id, phrase, label) in lee_spans {
        lee.documents[0].insert_span(span_on(d, id, phrase, label, "lee"));
    }
    let (a, b) = (dir.join("kim.ron"), dir.join("lee.ron"));
    save(&kim, &a);
    save(&lee, &b);
    (kim, a, b)
}

#[test]
fn merge_keeps_everyones_spans_and_merging_a_file_with_itself_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (kim, a, b) = two_copies(
        dir.path(),
        &[
            ("l1", "Washington", "entity"),
            ("l2", "sanctions", "sanction_threat"),
        ],
    );
    let out = dir.path().join("merged.ron");
    let o = run(&["merge", s(&a), s(&b), "-o", s(&out)]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("1 disagreements flagged"), "{}", text(&o));
    let m = store::load(&out).unwrap();
    let spans = &m.documents[0].spans;
    assert_eq!(spans.len(), 3);
    let shared = spans.iter().find(|s| s.label == "entity").unwrap();
    assert_eq!(shared.annotators().collect::<Vec<_>>(), ["kim", "lee"]);
    let flagged: Vec<&Span> = spans.iter().filter(|s| !s.conflict.is_empty()).collect();
    assert_eq!(flagged.len(), 2);
    // The export filter by annotator sees shared spans as everyone's, and
    // the export lists every annotator of a shared span.
    let o = run(&["export", s(&out), "--annotator", "lee"]);
    assert!(o.status.success(), "{}", text(&o));
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&o.stdout).lines().next().unwrap()).unwrap();
    let spans = first["spans"].as_array().unwrap();
    assert_eq!(spans.len(), 2, "lee's two spans, one shared");
    let shared_json = spans.iter().find(|s| s["label"] == "entity").unwrap();
    assert_eq!(shared_json["annotator"], "kim");
    assert_eq!(shared_json["also_by"], serde_json::json!(["lee"]));

    let same = dir.path().join("same.ron");
    let o = run(&["merge", s(&a), s(&a), s(&a), "-o", s(&same)]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(store::load(&same).unwrap(), kim);
    assert_eq!(fs::read(&same).unwrap(), fs::read(&a).unwrap());

    // A damaged input: a clear error naming it, nothing written.
    let bad = dir.path().join("bad.ron");
    fs::write(&bad, "(format_version: 2, name: ").unwrap();
    let none = dir.path().join("none.ron");
    let o = run(&["merge", s(&a), s(&bad), "-o", s(&none)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("bad.ron"), "{}", text(&o));
    assert!(!none.exists());
}

#[test]
fn agreement_prints_the_scores_as_json_and_as_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let (_, a, b) = two_copies(dir.path(), &[("l1", "Washington", "entity")]);
    let o = run(&["agreement", s(&a), s(&b), "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON object");
    assert_eq!(v["annotators"], serde_json::json!(["kim", "lee"]));
    assert_eq!(v["documents"], 6);
    // kim 2 spans, lee 1, one exact match: P 1/2, R 1: F1 2/3.
    let f1 = v["overall"]["f1_exact"].as_f64().unwrap();
    assert!((f1 - 2.0 / 3.0).abs() < 1e-9, "{v}");
    assert_eq!(v["labels"]["entity"]["f1_exact"], 1.0);
    assert_eq!(v["labels"]["claim"]["f1_exact"], 0.0);
    for key in ["f1_overlap", "kappa", "alpha"] {
        assert!(v["overall"][key].is_number(), "{key}: {v}");
    }
    let o = run(&["agreement", s(&a), s(&b)]);
    let t = text(&o);
    assert!(
        t.contains("f1_exact") && t.contains("(all labels)") && t.contains("0.667"),
        "{t}"
    );
}

fn git(repo: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .current_dir(repo)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .output()
        .expect("git runs")
}

fn git_ok(repo: &Path, args: &[&str]) {
    let o = git(repo, args);
    assert!(o.status.success(), "git {args:?}: {}", text(&o));
}

/// A repository with the driver configured as docs/SHARING.md says.
fn repo_with_driver() -> Option<(tempfile::TempDir, PathBuf)> {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed: skipping");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().to_owned();
    git_ok(&repo, &["init", "-q", "-b", "main"]);
    fs::write(repo.join(".gitattributes"), "*.ron merge=marginalia\n").unwrap();
    git_ok(
        &repo,
        &[
            "config",
            "merge.marginalia.name",
            "Marginalia project merge",
        ],
    );
    let driver = format!("{} merge-driver %O %A %B", bin());
    git_ok(&repo, &["config", "merge.marginalia.driver", &driver]);
    Some((dir, repo))
}

#[test]
fn git_merges_two_analysts_edits_to_the_same_document_through_the_driver() {
    let Some((_dir, repo)) = repo_with_driver() else {
        return;
    };
    let file = repo.join("desk.ron");
    let base = base();
    save(&base, &file);
    git_ok(&repo, &["add", "."]);
    git_ok(&repo, &["commit", "-qm", "base"]);
    let d = base.documents[0].clone();

    git_ok(&repo, &["checkout", "-qb", "kim"]);
    let mut kim = base.clone();
    kim.documents[0].insert_span(span_on(&d, "sa", "Washington", "entity", "kim"));
    save(&kim, &file);
    git_ok(&repo, &["commit", "-qam", "kim tags Washington"]);

    git_ok(&repo, &["checkout", "-q", "main"]);
    let mut lee = base.clone();
    // Same document, same place in the file (the first span line): a text
    // merge would conflict here.
    lee.documents[0].insert_span(span_on(&d, "sb", "sanctions", "claim", "lee"));
    lee.documents[0].status = marginalia::model::Status::Done;
    save(&lee, &file);
    git_ok(&repo, &["commit", "-qam", "lee tags sanctions"]);

    let o = git(&repo, &["merge", "-q", "--no-edit", "kim"]);
    assert!(o.status.success(), "clean merge expected: {}", text(&o));
    assert!(
        text(&o).contains("marginalia merge-driver: "),
        "the driver ran: {}",
        text(&o)
    );
    let merged = store::load(&file).expect("the merged file is a valid project");
    let spans = &merged.documents[0].spans;
    assert_eq!(spans.len(), 2, "{spans:#?}");
    assert!(spans.iter().all(|s| s.conflict.is_empty()));
    assert_eq!(merged.documents[0].status, marginalia::model::Status::Done);
    assert!(marginalia::model::validate(&merged).is_empty());
    // The driver writes git's temp file without keeping a backup of it.
    let leftovers: Vec<String> = fs::read_dir(&repo)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".merge_file"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "left beside the repository: {leftovers:?}"
    );
}

#[test]
fn git_add_add_of_the_same_project_merges_from_an_empty_base() {
    let Some((_dir, repo)) = repo_with_driver() else {
        return;
    };
    git_ok(&repo, &["add", "."]);
    git_ok(&repo, &["commit", "-qm", "attributes only"]);
    let file = repo.join("desk.ron");
    let base = base();
    let d = base.documents[0].clone();

    git_ok(&repo, &["checkout", "-qb", "kim"]);
    let mut kim = base.clone();
    kim.documents[0].insert_span(span_on(&d, "sa", "Washington", "entity", "kim"));
    save(&kim, &file);
    git_ok(&repo, &["add", "desk.ron"]);
    git_ok(&repo, &["commit", "-qm", "kim adds the project"]);

    git_ok(&repo, &["checkout", "-q", "main"]);
    let mut lee = base.clone();
    lee.documents[0].insert_span(span_on(&d, "sb", "sanctions", "claim", "lee"));
    save(&lee, &file);
    git_ok(&repo, &["add", "desk.ron"]);
    git_ok(&repo, &["commit", "-qm", "lee adds the project"]);

    let o = git(&repo, &["merge", "-q", "--no-edit", "kim"]);
    assert!(o.status.success(), "clean merge expected: {}", text(&o));
    let merged = store::load(&file).expect("the merged file is a valid project");
    let ids: Vec<&str> = merged.documents[0]
        .spans
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.contains(&"sa") && ids.contains(&"sb"), "{ids:?}");
    assert_eq!(merged.documents.len(), base.documents.len());
    assert!(marginalia::model::validate(&merged).is_empty());
}

#[test]
fn the_driver_takes_a_blank_base_as_an_empty_project() {
    let dir = tempfile::tempdir().unwrap();
    let (_, kim, lee) = two_copies(dir.path(), &[("l1", "sanctions", "quote")]);
    for blank in ["", "\n  \n"] {
        let ours = dir.path().join("ours.ron");
        fs::copy(&kim, &ours).unwrap();
        let base = dir.path().join("base.ron");
        fs::write(&base, blank).unwrap();
        let o = run(&["merge-driver", s(&base), s(&ours), s(&lee)]);
        // kim and lee disagree on "sanctions": flagged, exit 1.
        assert_eq!(o.status.code(), Some(1), "{blank:?}: {}", text(&o));
        let merged = store::load(&ours).unwrap();
        assert_eq!(merged.documents[0].spans.len(), 3, "{blank:?}");
        assert!(!store::backup_path(&ours).exists(), "no backup of %A");
    }
    // A base that is not a project at all is still refused, %A untouched.
    let ours = dir.path().join("ours.ron");
    let before = fs::read(&ours).unwrap();
    let base = dir.path().join("base.ron");
    fs::write(&base, "garbage").unwrap();
    let o = run(&["merge-driver", s(&base), s(&ours), s(&lee)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("base.ron"), "{}", text(&o));
    assert_eq!(fs::read(&ours).unwrap(), before);
}

#[test]
fn a_true_conflict_stays_a_valid_project_with_flagged_spans() {
    let Some((_dir, repo)) = repo_with_driver() else {
        return;
    };
    let file = repo.join("desk.ron");
    let mut base = base();
    let d = base.documents[0].clone();
    base.documents[0].insert_span(span_on(&d, "s1", "sanctions", "claim", "kim"));
    save(&base, &file);
    git_ok(&repo, &["add", "."]);
    git_ok(&repo, &["commit", "-qm", "base"]);

    git_ok(&repo, &["checkout", "-qb", "kim"]);
    let mut kim = base.clone();
    kim.documents[0].spans[0].label = "sanction_threat".into();
    save(&kim, &file);
    git_ok(&repo, &["commit", "-qam", "kim relabels"]);
    git_ok(&repo, &["checkout", "-q", "main"]);
    let mut lee = base.clone();
    lee.documents[0].spans[0].label = "quote".into();
    save(&lee, &file);
    git_ok(&repo, &["commit", "-qam", "lee relabels"]);

    let o = git(&repo, &["merge", "-q", "--no-edit", "kim"]);
    assert!(!o.status.success(), "git reports the conflict");
    let raw = fs::read_to_string(&file).unwrap();
    assert!(!raw.contains("<<<<<<<"), "no text conflict markers");
    let merged = store::load(&file).expect("still a valid project");
    let labels: Vec<&str> = merged.documents[0]
        .spans
        .iter()
        .map(|s| s.label.as_str())
        .collect();
    assert_eq!(labels.len(), 2);
    assert!(labels.contains(&"quote") && labels.contains(&"sanction_threat"));
    assert!(
        merged.documents[0]
            .spans
            .iter()
            .all(|s| !s.conflict.is_empty())
    );
}

#[test]
fn git_keeps_both_analysts_replies_to_one_thread() {
    let Some((_dir, repo)) = repo_with_driver() else {
        return;
    };
    let file = repo.join("desk.ron");
    let mut base = base();
    let doc = base.documents[0].clone();
    let mut ids = marginalia::model::IdGen::seeded(11);
    marginalia::comments::start(&doc, None, "kim", "Is this a threat or a report?", &mut ids)
        .unwrap()
        .apply(&mut base)
        .unwrap();
    let thread = base.documents[0].threads[0].id.clone();
    save(&base, &file);
    git_ok(&repo, &["add", "."]);
    git_ok(&repo, &["commit", "-qm", "base with a question"]);

    git_ok(&repo, &["checkout", "-qb", "kim"]);
    let mut kim = base.clone();
    let d = kim.documents[0].clone();
    marginalia::comments::reply(&d, &thread, "kim", "A threat: 'won't hesitate'.", &mut ids)
        .unwrap()
        .apply(&mut kim)
        .unwrap();
    save(&kim, &file);
    git_ok(&repo, &["commit", "-qam", "kim replies"]);

    git_ok(&repo, &["checkout", "-q", "main"]);
    let mut lee = base.clone();
    let d = lee.documents[0].clone();
    marginalia::comments::reply(&d, &thread, "lee", "Agreed, and resolved.", &mut ids)
        .unwrap()
        .apply(&mut lee)
        .unwrap();
    let d = lee.documents[0].clone();
    marginalia::comments::set_resolved(&d, &thread, true, "lee")
        .unwrap()
        .apply(&mut lee)
        .unwrap();
    save(&lee, &file);
    git_ok(&repo, &["commit", "-qam", "lee replies and resolves"]);

    let o = git(&repo, &["merge", "-q", "--no-edit", "kim"]);
    assert!(o.status.success(), "clean merge expected: {}", text(&o));
    let merged = store::load(&file).expect("a valid project");
    let t = &merged.documents[0].threads[0];
    let authors: Vec<&str> = t.comments.iter().map(|c| c.author.as_str()).collect();
    assert_eq!(t.comments.len(), 3, "every comment kept: {authors:?}");
    assert!(authors.contains(&"kim") && authors.contains(&"lee"));
    assert!(t.resolved, "lee resolved it and kim did not touch that");
}
