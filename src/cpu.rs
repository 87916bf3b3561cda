//! What the processor can do beyond the baseline the program is built for.
//!
//! A build for every x86-64 processor may use SSE2 only. The two hottest loops of a run, the word
//! scan and the pack literal scan, also have a build for processors with AVX2, chosen while
//! running through the [`Avx2`] token.

/// Proof that the processor has AVX2 and the bit-manipulation instructions the loops built for
/// it read their masks with (BMI1, BMI2, LZCNT, POPCNT): only [`Avx2::detect`] makes one, so a
/// function compiled for those features may be called wherever a token is at hand.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy, Debug)]
pub(crate) struct Avx2(());

#[cfg(target_arch = "x86_64")]
impl Avx2 {
    /// The token, if the processor has the features (asked once per process).
    #[inline]
    pub(crate) fn detect() -> Option<Avx2> {
        static HAS: std::sync::LazyLock<bool> = std::sync::LazyLock::new(|| {
            std::is_x86_feature_detected!("avx2")
                && std::is_x86_feature_detected!("bmi1")
                && std::is_x86_feature_detected!("bmi2")
                && std::is_x86_feature_detected!("lzcnt")
                && std::is_x86_feature_detected!("popcnt")
        });
        HAS.then_some(Avx2(()))
    }
}
