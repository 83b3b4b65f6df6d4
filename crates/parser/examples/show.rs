//! Prints the normalised article of one file as JSON (a debugging aid).
fn main() {
    let path = std::env::args().nth(1).expect("usage: show FILE");
    let bytes = std::fs::read(&path).expect("readable file");
    match tally_parser::normalise(&path, &bytes) {
        Ok(n) => println!("{}", serde_json::to_string_pretty(&n.article).expect("serialisable")),
        Err(errors) => errors.iter().for_each(|e| eprintln!("{e}")),
    }
}
