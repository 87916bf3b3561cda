//! Arbitrary bytes through the whole pipeline: decode → document → every rule → fixes.
#![no_main]

use copydesk::diagnostic::Applicability;
use copydesk::Linter;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static LINTER: LazyLock<Linter> = LazyLock::new(Linter::default);

fuzz_target!(|data: &[u8]| {
    for name in ["x.txt", "x.md"] {
        let report = LINTER.check_bytes(name, data);
        for f in report.diagnostics() {
            assert!(f.diagnostic.span.start <= f.diagnostic.span.end && f.diagnostic.span.end <= data.len());
        }
        let fixed = LINTER.fix_bytes(name, data, Applicability::Unsafe);
        assert!(fixed.converged, "fixes did not converge: {:?}", fixed.unconverged_rules);
    }
});
