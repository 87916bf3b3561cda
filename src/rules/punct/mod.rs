//! Punctuation damage.

pub mod foreign_quotes;
pub mod missing_space;
pub mod quote_spacing;
pub mod stray_punctuation;
