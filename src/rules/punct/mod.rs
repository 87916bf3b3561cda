//! Punctuation damage.

pub mod stray_punctuation;
