//! Punctuation damage.

pub mod foreign_quotes;
pub mod stray_punctuation;
