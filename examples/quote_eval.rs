//! Prints the quote finder's quotations and speakers for saved pages or
//! text files, one line each, for checking by hand:
//! `cargo run --release --example quote_eval -- PAGE.html|ARTICLE.txt [...]`
//! (e.g. `tests/data/*.txt`, or a folder of saved news pages).

use marginalia::suggest::quotes::quotes_with_speakers;

fn main() {
    let (mut quotes, mut with_speaker) = (0, 0);
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: quote_eval PAGE.html|ARTICLE.txt [...] (no file was given)");
        std::process::exit(2);
    }
    for path in paths {
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("{path}: cannot read");
            continue;
        };
        let (title, text) = if path.ends_with(".txt") {
            (String::new(), String::from_utf8_lossy(&bytes).into_owned())
        } else {
            let article = marginalia::import::html::extract(&bytes);
            (article.meta.title, article.text)
        };
        println!("== {path}: {title}");
        let text = &text;
        for q in quotes_with_speakers(text) {
            quotes += 1;
            let quote: String = text[q.range.clone()].chars().take(70).collect();
            let speaker = q.speaker.map(|r| {
                with_speaker += 1;
                text[r].to_owned()
            });
            println!("{quote:<72} -> {}", speaker.as_deref().unwrap_or("-"));
        }
    }
    println!("{quotes} quotations, {with_speaker} with a speaker");
}
