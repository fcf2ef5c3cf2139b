//! Prints the quote finder's quotations and speakers for saved pages, one
//! line each, for checking by hand:
//! `cargo run --release --example quote_eval -- PAGE.html [...]`
//! (e.g. the news pages in ../shared/fixtures/readability-pages/*/source.html).

use marginalia::suggest::quotes::quotes_with_speakers;

fn main() {
    let (mut quotes, mut with_speaker) = (0, 0);
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("{path}: cannot read");
            continue;
        };
        let article = marginalia::import::html::extract(&bytes);
        println!("== {path}: {}", article.meta.title);
        let text = &article.text;
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
