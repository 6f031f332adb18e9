//! Replays every fuzz corpus input (`fuzz/corpus/<target>/`) and every kept crash input
//! (`fuzz/regressions/<target>/`) through the fuzz targets' own logic, on stable, so CI
//! covers them without nightly or cargo-fuzz.
// The targets (and what their corpora expect) are those of the default build.
#![cfg(all(
    feature = "ppk",
    feature = "dsa",
    feature = "legacy-pem",
    feature = "ec2"
))]
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

#[path = "../../../fuzz/src/lib.rs"]
#[allow(unreachable_pub, dead_code, missing_docs)]
mod targets;

use std::path::{Path, PathBuf};
use std::time::Instant;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The files of `dir/<target>/`, sorted (none if the folder does not exist).
fn inputs(dir: &str, target: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(fuzz_dir().join(dir).join(target)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every input of `dir` through its target, then fails naming every input that
/// panicked or took too long.
fn replay(dir: &str) -> usize {
    let mut count = 0;
    let mut failures = Vec::new();
    for (name, target) in targets::TARGETS {
        for path in inputs(dir, name) {
            let data = std::fs::read(&path).unwrap();
            let start = Instant::now();
            let outcome = std::panic::catch_unwind(|| target(&data));
            let elapsed = start.elapsed();
            if outcome.is_err() {
                failures.push(format!("{name}: panicked on {}", path.display()));
            } else if elapsed.as_secs() >= 5 {
                failures.push(format!("{name}: took {elapsed:?} on {}", path.display()));
            }
            count += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    count
}

#[test]
fn every_target_has_a_corpus() {
    for (name, _) in targets::TARGETS {
        assert!(
            !inputs("corpus", name).is_empty(),
            "fuzz/corpus/{name}/ is empty or missing"
        );
        assert!(
            fuzz_dir()
                .join("fuzz_targets")
                .join(format!("{name}.rs"))
                .is_file(),
            "fuzz/fuzz_targets/{name}.rs is missing"
        );
    }
}

#[test]
fn corpus_replays_without_crash() {
    let n = replay("corpus");
    assert!(n > 0);
}

#[test]
fn regressions_replay_without_crash() {
    replay("regressions");
}
