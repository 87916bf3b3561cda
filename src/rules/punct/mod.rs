//! Punctuation damage.

pub mod foreign_quotes;
pub mod missing_space;
pub mod stray_punctuation;
