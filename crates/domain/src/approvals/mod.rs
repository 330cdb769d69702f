//! Client administration and document approval (seed 002, issue 11): what a user may do
//! per module as the union of its groups and its own grants ([`permissions`]), who holds
//! rights and hands them out ([`rights`]), who approves a document and when it is
//! approved ([`duties`]), and the secrets an approval is confirmed with — a PIN or a
//! one-time SMS code ([`secrets`]) — and the printed letter that hands out a PIN
//! ([`pin_letter`]).

pub mod duties;
pub mod permissions;
pub mod pin_letter;
pub mod rights;
pub mod secrets;

use crate::support::named_values;

named_values! {
    /// The kinds of document a client approves (seed 002: annual accounts and tax returns).
    pub enum DocumentType {
        AnnualAccounts = "annual_accounts",
        VatReturn = "vat_return",
        IncomeTaxReturn = "income_tax_return",
        CorporateTaxReturn = "corporate_tax_return",
        Other = "other",
    }
}
