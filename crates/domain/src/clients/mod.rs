//! A partner's clients brought in from its own administration (seed 002, "Importeren en
//! aanmaken cliënten"): the import template's columns and the rules every row passes.

pub mod columns;
pub mod import;
pub mod job;

pub use columns::{Column, HeaderError, Headers};
pub use import::{Cell, CellError, ClientRecord, DuplicateCheck, Problem, check_row};
pub use job::ImportStatus;
