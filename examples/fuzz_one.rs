//! Runs one fuzz target on one input file and prints the outcome:
//! `cargo run --example fuzz_one -- TARGET FILE`.

// This one uses only `run`; the mutator and seeds are for the others.
#[allow(dead_code)]
#[path = "../fuzz/targets.rs"]
mod targets;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [target, file] = &args[..] else {
        eprintln!("usage: fuzz_one TARGET FILE");
        std::process::exit(2);
    };
    let data = std::fs::read(file).unwrap_or_else(|e| {
        eprintln!("{file}: {e}");
        std::process::exit(2)
    });
    if target == "html" {
        let a = marginalia::import::html::extract(&data);
        println!("title: {:?}\ntext: {:?}", a.meta.title, a.text);
    }
    targets::run(target, &data);
    println!("ok");
}
