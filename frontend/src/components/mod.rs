//! Building blocks shared by the pages.

pub mod confirm;
pub mod form;
pub mod labels;
pub mod load;
pub mod paged;
pub mod rights;
pub mod secret;
pub mod shell;
pub mod states;
pub mod title;
