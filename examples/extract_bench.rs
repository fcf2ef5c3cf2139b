//! Article extraction quality and speed on saved pages with expected output
//! (a folder in the layout of Mozilla readability's test pages: one folder a
//! page, with `source.html` and `expected.html`).
//!
//! `cargo run --release --example extract_bench -- PAGES_DIR [--verbose]`
//!
//! Body score: the public article-extraction benchmark's metric: 4-token
//! shingles of `\w+` tokens, per-page precision and recall (multiset overlap),
//! averaged over pages; F1 of the two means. Titles, bylines and dates are
//! compared with `expected-metadata.json` (normalized: case, white space,
//! punctuation). Speed: pages per second on one thread, decode + parse +
//! extract.

use marginalia::import::html;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<String>, usize> {
    let w = words(text);
    let mut m = HashMap::new();
    if w.len() < 4 {
        if !w.is_empty() {
            *m.entry(w).or_insert(0) += 1;
        }
        return m;
    }
    for win in w.windows(4) {
        *m.entry(win.to_vec()).or_insert(0) += 1;
    }
    m
}

fn overlap(a: &HashMap<Vec<String>, usize>, b: &HashMap<Vec<String>, usize>) -> usize {
    a.iter()
        .map(|(k, n)| (*n).min(b.get(k).copied().unwrap_or(0)))
        .sum()
}

fn norm(s: &str) -> String {
    words(&s.to_lowercase()).join(" ")
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let Some(dir) = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
    else {
        eprintln!(
            "usage: extract_bench PAGES_DIR [--verbose]\n\
             PAGES_DIR holds one folder per page with source.html and expected.html\n\
             (the layout of Mozilla readability's test-pages); no folder was given"
        );
        std::process::exit(2);
    };
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("source.html").exists())
        .collect();
    pages.sort();
    anyhow::ensure!(!pages.is_empty(), "no pages under {}", dir.display());

    let (mut p_sum, mut r_sum) = (0.0, 0.0);
    let mut meta = [(0, 0); 3]; // (matches, expected) for title, byline, date
    let mut worst = Vec::new();
    let mut sources = Vec::new();
    for page in &pages {
        let src = std::fs::read(page.join("source.html"))?;
        let expected_html = std::fs::read_to_string(page.join("expected.html")).unwrap_or_default();
        let expected = scraper::Html::parse_fragment(&expected_html)
            .root_element()
            .text()
            .collect::<Vec<_>>()
            .join(" ");
        // The path `import` and `extract` take: a refused page scores nothing.
        let a = html::extract_checked(&src).unwrap_or_else(|why| {
            eprintln!("{}: refused: {why}", page.display());
            html::Article::default()
        });
        let (got, want) = (shingles(&a.text), shingles(&expected));
        let common = overlap(&got, &want) as f64;
        let total = |m: &HashMap<Vec<String>, usize>| m.values().sum::<usize>() as f64;
        let p = if total(&got) == 0.0 {
            if total(&want) == 0.0 { 1.0 } else { 0.0 }
        } else {
            common / total(&got)
        };
        let r = if total(&want) == 0.0 {
            1.0
        } else {
            common / total(&want)
        };
        p_sum += p;
        r_sum += r;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        worst.push((
            f,
            p,
            r,
            page.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
        ));
        if let Ok(m) = std::fs::read_to_string(page.join("expected-metadata.json"))
            && let Ok(v) = serde_json::from_str::<serde_json::Value>(&m)
        {
            let checks = [
                (v["title"].as_str(), a.meta.title.as_str()),
                (v["byline"].as_str(), a.meta.byline.as_str()),
                (v["publishedTime"].as_str(), a.meta.published.as_str()),
            ];
            for (i, (want, got)) in checks.into_iter().enumerate() {
                if let Some(w) = want.filter(|w| !w.trim().is_empty()) {
                    meta[i].1 += 1;
                    let ok = if i == 2 {
                        let (wd, gd) = (html::normalize_date(w), got.to_owned());
                        wd.get(..10) == gd.get(..10) && !gd.is_empty()
                    } else {
                        norm(w) == norm(got)
                            || (!norm(got).is_empty()
                                && norm(w).contains(&norm(got))
                                && norm(got).len() * 2 > norm(w).len())
                    };
                    if ok {
                        meta[i].0 += 1;
                    } else if verbose {
                        println!(
                            "  {} {}: want {w:?} got {got:?}",
                            page.display(),
                            ["title", "byline", "date"][i]
                        );
                    }
                }
            }
        }
        sources.push(src);
    }
    let n = pages.len() as f64;
    let (pm, rm) = (p_sum / n, r_sum / n);
    let f1 = 2.0 * pm * rm / (pm + rm);
    worst.sort_by(|a, b| a.0.total_cmp(&b.0));
    if verbose {
        for (f, p, r, name) in worst.iter().take(25) {
            println!("  {name:40} f1 {f:.3}  p {p:.3}  r {r:.3}");
        }
    }
    // Speed: one thread, every page, three rounds.
    let t = Instant::now();
    let rounds = 3;
    let mut chars = 0;
    for _ in 0..rounds {
        for src in &sources {
            chars += html::extract(src).text.len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let pps = (rounds * sources.len()) as f64 / secs;
    println!("pages: {}", pages.len());
    println!("body: precision {pm:.4} recall {rm:.4} f1 {f1:.4}");
    println!(
        "title {}/{}  byline {}/{}  date {}/{}",
        meta[0].0, meta[0].1, meta[1].0, meta[1].1, meta[2].0, meta[2].1
    );
    println!(
        "speed: {pps:.0} pages/s on one thread ({:.1} MB of source, {chars} chars out)",
        sources.iter().map(Vec::len).sum::<usize>() as f64 / 1e6
    );
    Ok(())
}
