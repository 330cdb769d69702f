//! The partner's install request form: filing a new request, and amending a returned
//! one to submit it again. The server checks every field and answers all problems at
//! once; each shows beside its field (by its JSON path).

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use loket_api_types::install_requests::{
    AccountingPackageChoice, Address, Company, Contact, Contacts, Country, FieldType, InstallRequest,
    InstallRequestData, ListedPackage, OtherPackage, PartnerField,
};
use uuid::Uuid;

use crate::api;
use crate::components::form::{
    FormMessage, SelectField, SubmitButton, TextAreaField, TextField, field_error, form_error,
};
use crate::components::load::{Load, Loaded, Submit, load, load_by_id};
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::session::use_session;

const OTHER: &str = "other";

#[component]
pub fn NewInstallRequest() -> impl IntoView {
    view! {
        <div class="page-header"><PageTitle text=tr!(intake.new_title) /></div>
        <RequestForm existing=None />
    }
}

#[component]
pub fn AmendInstallRequest() -> impl IntoView {
    let loaded: Load<InstallRequest> = load_by_id(api::intake::get);
    view! {
        <div class="page-header"><PageTitle text=tr!(intake.amend_title) /></div>
        <Loaded resource=loaded let:request>
            <RequestForm existing=Some(request) />
        </Loaded>
    }
}

/// One text input of the form, with the path its errors come back under.
struct Input {
    id: &'static str,
    path: &'static str,
    value: RwSignal<String>,
}

fn input(id: &'static str, path: &'static str, initial: impl Into<String>) -> Input {
    Input { id, path, value: RwSignal::new(initial.into()) }
}

#[component]
fn RequestForm(existing: Option<InstallRequest>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let data = existing.as_ref().map(|r| r.data.clone());
    let company = data.as_ref().map(|d| d.company.clone());
    let general = data.as_ref().map(|d| d.contacts.general.clone());
    let technical = data.as_ref().map(|d| d.contacts.technical.clone());
    let of_company = |f: fn(&Company) -> String| company.as_ref().map(f).unwrap_or_default();
    let name = input("company-name", "company.name", of_company(|c| c.name.clone()));
    let coc = input("coc-number", "company.coc_number", of_company(|c| c.coc_number.clone()));
    let vat = input("vat-number", "company.vat_number", of_company(|c| c.vat_number.clone().unwrap_or_default()));
    let street = input("street", "company.address.street", of_company(|c| c.address.street.clone()));
    let house = input("house-number", "company.address.house_number", of_company(|c| c.address.house_number.clone()));
    let postcode = input("postcode", "company.address.postcode", of_company(|c| c.address.postcode.clone()));
    let city = input("city", "company.address.city", of_company(|c| c.address.city.clone()));
    let country = RwSignal::new(match company.as_ref().map(|c| c.address.country) {
        Some(Country::Be) => "BE".to_owned(),
        _ => "NL".to_owned(),
    });
    let of = |contact: &Option<Contact>, f: fn(&Contact) -> String| contact.as_ref().map(f).unwrap_or_default();
    let general_name = input("general-name", "contacts.general.name", of(&general, |c| c.name.clone()));
    let general_email = input("general-email", "contacts.general.email", of(&general, |c| c.email.clone()));
    let general_phone = input("general-phone", "contacts.general.phone", of(&general, |c| c.phone.clone()));
    let technical_name = input("technical-name", "contacts.technical.name", of(&technical, |c| c.name.clone()));
    let technical_email = input("technical-email", "contacts.technical.email", of(&technical, |c| c.email.clone()));
    let technical_phone = input("technical-phone", "contacts.technical.phone", of(&technical, |c| c.phone.clone()));
    let (package_initial, other_initial) = match data.as_ref().map(|d| d.accounting_package.clone()) {
        Some(AccountingPackageChoice::Listed(listed)) => (listed.id.to_string(), String::new()),
        Some(AccountingPackageChoice::Other(other)) => (OTHER.to_owned(), other.name),
        None => (String::new(), String::new()),
    };
    let package = RwSignal::new(package_initial);
    let other_package = RwSignal::new(other_initial);
    let remarks = RwSignal::new(data.as_ref().and_then(|d| d.remarks.clone()).unwrap_or_default());
    let values: RwSignal<BTreeMap<String, String>> =
        RwSignal::new(data.as_ref().map(|d| d.partner_fields.clone()).unwrap_or_default());
    let branch = data.as_ref().and_then(|d| d.branch_id);

    let packages = load(move || async move { api::intake::packages(session).await });
    let partner: Option<Uuid> =
        existing.as_ref().map(|r| r.partner_id).or_else(|| session.me().map(|me| me.organisation.id));
    let fields = load(move || async move {
        match partner {
            Some(partner) => api::intake::partner_fields(session, partner).await.map(|f| f.items),
            None => Ok(Vec::new()),
        }
    });
    let package_options = Signal::derive(move || {
        let mut options = vec![(String::new(), t_string!(i18n, intake.choose_package).to_string())];
        if let Some(list) = packages.value() {
            options.extend(list.items.into_iter().filter(|p| p.active).map(|p| (p.id.to_string(), p.name)));
        }
        options.push((OTHER.to_owned(), t_string!(i18n, intake.other_package).to_string()));
        options
    });
    let countries = Signal::derive(move || {
        vec![
            ("NL".to_owned(), t_string!(i18n, intake.country_nl).to_string()),
            ("BE".to_owned(), t_string!(i18n, intake.country_be).to_string()),
        ]
    });

    let existing_ref = existing.as_ref().map(|r| (r.id, r.version));
    let send = Submit::new(
        move |request: InstallRequestData| async move {
            match existing_ref {
                Some((id, version)) => api::intake::resubmit(session, id, version, &request).await,
                None => api::intake::create(session, &request).await,
            }
        },
        move |saved: InstallRequest| navigate(&format!("/intake/{}?filed=1", saved.id), Default::default()),
    );
    let error = send.error;
    let company_inputs = [&name, &coc, &vat, &street, &house, &postcode, &city].map(|i| (i.id, i.path, i.value));
    let contact_fields =
        [&general_name, &general_email, &general_phone, &technical_name, &technical_email, &technical_phone]
            .map(|i| (i.id, i.path, i.value));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let get = |value: RwSignal<String>| value.get_untracked();
        let contact = |[n, e, p]: [RwSignal<String>; 3]| Contact { name: get(n), email: get(e), phone: get(p) };
        let chosen = package.get_untracked();
        let accounting_package = match Uuid::parse_str(&chosen) {
            Ok(id) => AccountingPackageChoice::Listed(ListedPackage { id, name: None }),
            Err(_) => AccountingPackageChoice::Other(OtherPackage { name: get(other_package) }),
        };
        let vat_number = Some(get(vat.value)).filter(|v| !v.trim().is_empty());
        let partner_fields = values.get_untracked().into_iter().filter(|(_, v)| !v.trim().is_empty()).collect();
        send.run(InstallRequestData {
            company: Company {
                name: get(name.value),
                coc_number: get(coc.value),
                vat_number,
                address: Address {
                    street: get(street.value),
                    house_number: get(house.value),
                    postcode: get(postcode.value),
                    city: get(city.value),
                    country: if country.get_untracked() == "BE" { Country::Be } else { Country::Nl },
                },
            },
            contacts: Contacts {
                general: contact([general_name.value, general_email.value, general_phone.value]),
                technical: contact([technical_name.value, technical_email.value, technical_phone.value]),
            },
            accounting_package,
            partner_fields,
            branch_id: branch,
            remarks: Some(remarks.get_untracked()).filter(|r| !r.trim().is_empty()),
        });
    };
    let label = move |id: &str| -> String {
        match id {
            "company-name" => t_string!(i18n, intake.company_name),
            "coc-number" => t_string!(i18n, intake.coc_number),
            "vat-number" => t_string!(i18n, intake.vat_number),
            "street" => t_string!(i18n, intake.street),
            "house-number" => t_string!(i18n, intake.house_number),
            "postcode" => t_string!(i18n, intake.postcode),
            "city" => t_string!(i18n, intake.city),
            "general-name" | "technical-name" => t_string!(i18n, intake.contact_name),
            "general-email" | "technical-email" => t_string!(i18n, intake.contact_email),
            _ => t_string!(i18n, intake.contact_phone),
        }
        .to_string()
    };
    let field = move |(id, path, value): (&'static str, &'static str, RwSignal<String>)| {
        let kind = if id.ends_with("email") {
            "email"
        } else if id.ends_with("phone") {
            "tel"
        } else {
            "text"
        };
        view! {
            <TextField id=id label=Signal::derive(move || label(id)) value=value kind=kind required=id != "vat-number"
                error=field_error(error, path) />
        }
    };
    view! {
        <section class="card">
            <p class="guidance">{tr!(intake.guidance)}</p>
            <FormMessage error=form_error(error) />
            <form on:submit=submit novalidate class="intake-form">
                <fieldset>
                    <legend>{tr!(intake.company)}</legend>
                    {company_inputs.into_iter().map(field).collect_view()}
                    <SelectField id="country" label=tr!(intake.country) value=country options=countries
                        error=field_error(error, "company.address.country") />
                </fieldset>
                <fieldset>
                    <legend>{tr!(intake.general_contact)}</legend>
                    {contact_fields[..3].iter().copied().map(field).collect_view()}
                </fieldset>
                <fieldset>
                    <legend>{tr!(intake.technical_contact)}</legend>
                    <p class="hint">{tr!(intake.technical_hint)}</p>
                    {contact_fields[3..].iter().copied().map(field).collect_view()}
                </fieldset>
                <fieldset>
                    <legend>{tr!(intake.package)}</legend>
                    <SelectField id="package" label=tr!(intake.package) value=package options=package_options required=true
                        error=field_error(error, "accounting_package.id") />
                    <Show when=move || package.get() == OTHER>
                        <TextField id="other-package" label=tr!(intake.other_package_name) value=other_package required=true
                            error=field_error(error, "accounting_package.name") />
                    </Show>
                </fieldset>
                <Loaded resource=fields let:fields>
                    <PartnerFieldInputs fields=fields values=values error=error />
                </Loaded>
                <TextAreaField id="remarks" label=tr!(intake.remarks) value=remarks rows=3 error=field_error(error, "remarks") />
                <SubmitButton label=if existing_ref.is_some() { tr!(intake.resubmit) } else { tr!(intake.submit) }
                    busy_label=tr!(intake.submitting) busy=send.busy() />
            </form>
        </section>
    }
}

/// The partner's own fields, each typed as its definition says.
#[component]
fn PartnerFieldInputs(
    fields: Vec<PartnerField>,
    values: RwSignal<BTreeMap<String, String>>,
    error: crate::components::form::SubmitError,
) -> impl IntoView {
    if fields.is_empty() {
        return ().into_any();
    }
    view! {
        <fieldset class="partner-fields">
            <legend>{tr!(intake.partner_fields)}</legend>
            {fields.into_iter().map(|definition| {
                let key = definition.key.clone();
                let value = RwSignal::new(values.get_untracked().get(&key).cloned().unwrap_or_default());
                let stored = key.clone();
                Effect::new(move |_| {
                    let current = value.get();
                    values.update(|map| {
                        map.insert(stored.clone(), current);
                    });
                });
                let kind = match definition.field_type {
                    FieldType::Number => "number",
                    FieldType::Date => "date",
                    _ => "text",
                };
                let label = definition.label.clone();
                view! {
                    <TextField id=format!("pf-{key}") label=Signal::derive(move || label.clone()) value=value kind=kind
                        required=definition.required error=field_error(error, format!("partner_fields.{key}")) />
                }
            }).collect_view()}
        </fieldset>
    }
    .into_any()
}
