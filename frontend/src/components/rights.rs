//! Rights per module and document type, shown and edited the same way everywhere: the
//! grid has one row per capability with its access (none, read, write), for a group's
//! permission set and for a user's own grants.

use leptos::prelude::*;
use loket_api_types::rights::{Access, Capability, DocumentType, Grant, Module};

use crate::i18n::*;

pub fn capability_label(i18n: I18nContext<Locale>, capability: Capability) -> String {
    match capability {
        Capability::Module(Module::Tickets) => t_string!(i18n, rights.cap_tickets),
        Capability::Module(Module::Billing) => t_string!(i18n, rights.cap_billing),
        Capability::Module(Module::Downloads) => t_string!(i18n, rights.cap_downloads),
        Capability::Module(Module::Users) => t_string!(i18n, rights.cap_users),
        Capability::Module(Module::News) => t_string!(i18n, rights.cap_news),
        Capability::Approvals(DocumentType::AnnualAccounts) => t_string!(i18n, rights.cap_annual_accounts),
        Capability::Approvals(DocumentType::VatReturn) => t_string!(i18n, rights.cap_vat_return),
        Capability::Approvals(DocumentType::IncomeTaxReturn) => t_string!(i18n, rights.cap_income_tax_return),
        Capability::Approvals(DocumentType::CorporateTaxReturn) => t_string!(i18n, rights.cap_corporate_tax_return),
        Capability::Approvals(DocumentType::Other) => t_string!(i18n, rights.cap_other_documents),
    }
    .to_string()
}

pub fn access_label(i18n: I18nContext<Locale>, access: Option<Access>) -> String {
    match access {
        None => t_string!(i18n, rights.access_none),
        Some(Access::Read) => t_string!(i18n, rights.access_read),
        Some(Access::Write) => t_string!(i18n, rights.access_write),
    }
    .to_string()
}

/// The id of a capability's control: keys hold a dot, which CSS selectors would read as a class.
pub fn control_id(prefix: &str, capability: Capability) -> String {
    format!("{prefix}-{}", capability.key().replace('.', "-"))
}

fn access_of(grants: &[Grant], capability: Capability) -> Option<Access> {
    grants.iter().find(|g| g.capability == capability).map(|g| g.access)
}

/// One row per capability with a choice of access; `grants` holds the rows not at "none".
#[component]
pub fn RightsGrid(
    #[prop(into)] id: String,
    #[prop(into)] caption: Signal<String>,
    grants: RwSignal<Vec<Grant>>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = Capability::all()
        .map(|capability| {
            let control = control_id(&id, capability);
            let choose = move |value: String| {
                let access = Access::parse(&value);
                grants.update(|all| {
                    all.retain(|g| g.capability != capability);
                    if let Some(access) = access {
                        all.push(Grant { capability, access });
                    }
                });
            };
            let current = move || access_of(&grants.get(), capability).map(Access::as_str).unwrap_or_default();
            view! {
                <tr data-capability=capability.key()>
                    <th scope="row"><label for=control.clone()>{move || capability_label(i18n, capability)}</label></th>
                    <td>
                        <select id=control.clone() disabled=move || disabled.get() prop:value=current
                            on:change:target=move |ev| choose(ev.target().value())>
                            <option value="" selected=move || current().is_empty()>{move || access_label(i18n, None)}</option>
                            <option value="read" selected=move || current() == "read">{move || access_label(i18n, Some(Access::Read))}</option>
                            <option value="write" selected=move || current() == "write">{move || access_label(i18n, Some(Access::Write))}</option>
                        </select>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="list rights-grid">
            <caption>{move || caption.get()}</caption>
            <thead><tr>
                <th scope="col">{tr!(rights.capability)}</th>
                <th scope="col">{tr!(rights.access)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The rights a set gives, in words; "none" when empty.
#[component]
pub fn RightsSummary(grants: Vec<Grant>) -> impl IntoView {
    let i18n = use_i18n();
    if grants.is_empty() {
        return view! { <span class="rights-summary none">{tr!(rights.none)}</span> }.into_any();
    }
    view! {
        <ul class="rights-summary">
            {grants.into_iter().map(|g| view! {
                <li data-capability=g.capability.key() data-access=g.access.as_str()>
                    {move || format!("{}: {}", capability_label(i18n, g.capability), access_label(i18n, Some(g.access)))}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The choice of a firm's client groups for a select (the import's and the first users'
/// group), after a first option meaning "none chosen" labelled `none`.
pub fn client_group_options(none: Signal<String>) -> Signal<Vec<(String, String)>> {
    let session = crate::session::use_session();
    let groups = crate::components::load::load(move || async move { crate::api::rights::groups(session).await });
    Signal::derive(move || {
        let mut options = vec![(String::new(), none.get())];
        if let Some(list) = groups.value() {
            options.extend(
                list.items
                    .into_iter()
                    .filter(|g| g.audience == loket_api_types::rights::GroupAudience::Clients)
                    .map(|g| (g.id.to_string(), g.name)),
            );
        }
        options
    })
}
