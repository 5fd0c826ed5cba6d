#[test]
fn probe() {
    use std::time::Instant;
    for _ in 0..3 {
        let t = Instant::now();
        let c = replylint::pack::Catalog::builtin().unwrap();
        eprintln!("catalog total {:?} anchors {} programs {} mem {}", t.elapsed(), c.matcher.pattern_count(), c.matcher.program_count(), c.matcher.memory_usage());
    }
    let t = Instant::now();
    let l = replylint::Linter::builtin().unwrap();
    eprintln!("linter {:?}", t.elapsed());
    let t = Instant::now();
    let d = l.lint(&replylint::Draft::new("Calm down. You should have read the FAQ."));
    eprintln!("lint {:?} {}", t.elapsed(), d.len());
}
