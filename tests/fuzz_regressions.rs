//! Every input in `tests/fuzz/regressions/` (crashes found by fuzzing or property tests) must go
//! through the whole pipeline without panicking, with spans inside the file and fixes converging.

use copydesk::diagnostic::Applicability;
use copydesk::Linter;

#[test]
fn fuzz_regressions_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/regressions");
    let linter = Linter::default();
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        for name in ["x.txt", "x.md"] {
            let report = linter.check_bytes(name, &data);
            for f in report.diagnostics() {
                assert!(
                    f.diagnostic.span.end <= data.len(),
                    "{}: span out of the file",
                    path.display()
                );
            }
            let fixed = linter.fix_bytes(name, &data, Applicability::Unsafe);
            assert!(
                fixed.converged,
                "{}: fixes did not converge: {:?}",
                path.display(),
                fixed.unconverged_rules
            );
        }
        n += 1;
    }
    assert!(n > 0, "no regression inputs found in {}", dir.display());
}
