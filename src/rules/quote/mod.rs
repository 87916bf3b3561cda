//! Quotations and their attribution.

pub mod unattributed_quote;
