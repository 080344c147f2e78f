//! Scores the built binary on the annotated development articles of `../shared/eval` with the
//! project's scorer, and holds the figures above a floor (regressions fail here, not in review).
//!
//! A user's clone has no `../shared`: the test then prints `SKIP:` and passes.

use std::path::Path;
use std::process::Command;

/// Floors below the figures measured when this test was written (README "How well it does").
const PLACE_F1_MIN: f64 = 0.95;
const CLAIM_F1_MIN: f64 = 0.80;

fn number_after(text: &str, key: &str) -> Option<f64> {
    let i = text.find(key)? + key.len();
    let rest = text[i..].trim_start_matches(['"', ':', ' ']);
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

#[test]
fn dev_articles_score_above_the_floor() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let eval = root.join("../shared/eval");
    let scorer = eval.join("score.py");
    let dev = eval.join("dev");
    if !scorer.is_file() || !dev.is_dir() {
        println!("SKIP: ../shared/eval is not beside this clone; the dev scorer was not run");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_frontline");
    let out = Command::new("python3")
        .arg(&scorer)
        .arg(&dev)
        .arg("--cmd")
        .arg(format!("{bin} extract --mentions {{in}}"))
        .arg("--json")
        .output();
    let out = match out {
        Ok(o) => o,
        Err(e) => {
            println!("SKIP: python3 could not be run ({e})");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "scorer failed: {}\n{stdout}\n{stderr}",
        out.status
    );
    println!("{stdout}");
    let place = number_after(&stdout, "place_f1").expect("scorer prints place_f1");
    let claim = number_after(&stdout, "claim_f1").expect("scorer prints claim_f1");
    assert!(place >= PLACE_F1_MIN, "place F1 {place} < {PLACE_F1_MIN}");
    assert!(claim >= CLAIM_F1_MIN, "claim F1 {claim} < {CLAIM_F1_MIN}");
}
