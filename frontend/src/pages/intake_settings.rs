//! The vendor administrator's intake settings: the accounting packages partners choose
//! from (added, renamed, taken out of the list; requests that named one keep it) and
//! each partner's own request fields (key, label, type, required), replaced as a whole
//! with the server's errors beside the row at fault.

use leptos::prelude::*;
use leptos_router::components::A;
use loket_api_types::install_requests::{
    AccountingPackage, AccountingPackageList, CreateAccountingPackage, FieldType, PartnerField, PartnerFields,
    UpdateAccountingPackage,
};
use uuid::Uuid;

use crate::api;
use crate::components::form::{FormMessage, SelectField, SubmitButton, TextField, field_error, form_error};
use crate::components::load::{Loaded, Submit, load};
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::pages::tickets::wire;
use crate::session::use_session;

#[component]
pub fn IntakeSettings() -> impl IntoView {
    let session = use_session();
    let packages = load(move || async move { api::intake::packages(session).await });
    view! {
        <div class="page-header">
            <PageTitle text=tr!(intake_settings.title) />
            <A href="/intake/questionnaire" attr:class="button secondary questionnaire-editor-link">{tr!(editor.title)}</A>
        </div>
        <p class="lead">{tr!(intake_settings.intro)}</p>
        <section class="card packages">
            <h2>{tr!(intake_settings.packages)}</h2>
            <Loaded resource=packages let:list>
                <Packages list=list reload=Callback::new(move |_| packages.refetch()) />
            </Loaded>
            <NewPackage added=Callback::new(move |_| packages.refetch()) />
        </section>
        <PartnerFieldsEditor />
    }
}

#[component]
fn Packages(list: AccountingPackageList, reload: Callback<()>) -> impl IntoView {
    view! {
        <table class="list package-list">
            <thead><tr>
                <th scope="col">{tr!(intake_settings.package_name)}</th>
                <th scope="col">{tr!(intake_settings.offered)}</th>
                <th scope="col"><span class="visually-hidden">{tr!(intake_settings.actions)}</span></th>
            </tr></thead>
            <tbody>
                {list.items.into_iter().map(|package| view! { <PackageRow package=package reload=reload /> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn PackageRow(package: AccountingPackage, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let AccountingPackage { id, version, active, .. } = package;
    let name = RwSignal::new(package.name.clone());
    let change = Submit::new(
        move |body: UpdateAccountingPackage| async move { api::intake::update_package(session, id, version, &body).await },
        move |_| reload.run(()),
    );
    let input_id = format!("package-{id}");
    let save_name = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        change.run(UpdateAccountingPackage { name: Some(name.get_untracked()), ..Default::default() });
    };
    view! {
        <tr class=if active { "package" } else { "package inactive" } data-name=package.name.clone()>
            <td>
                <form class="inline rename" on:submit=save_name novalidate>
                    <label class="visually-hidden" for=input_id.clone()>{tr!(intake_settings.package_name)}</label>
                    <input id=input_id.clone() bind:value=name
                        aria-invalid=move || field_error(change.error, "name").get().is_some().to_string() />
                    <button type="submit" class="button secondary small">{tr!(save)}</button>
                    <span class="error" role="alert">{move || form_error(change.error).get().or_else(|| field_error(change.error, "name").get()).unwrap_or_default()}</span>
                </form>
            </td>
            <td>{move || if active { t_string!(i18n, yes) } else { t_string!(i18n, no) }}</td>
            <td>
                <button type="button" class="button secondary small toggle" disabled=move || change.busy().get()
                    on:click=move |_| change.run(UpdateAccountingPackage { active: Some(!active), ..Default::default() })>
                    {if active { tr!(intake_settings.withdraw) } else { tr!(intake_settings.offer) }}
                </button>
            </td>
        </tr>
    }
}

#[component]
fn NewPackage(added: Callback<()>) -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(String::new());
    let create = Submit::new(
        move |body: CreateAccountingPackage| async move { api::intake::create_package(session, &body).await },
        move |_| {
            name.set(String::new());
            added.run(());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.run(CreateAccountingPackage { name: name.get_untracked(), position: None });
    };
    view! {
        <form class="new-package" on:submit=submit novalidate>
            <FormMessage error=form_error(create.error) />
            <TextField id="new-package" label=tr!(intake_settings.new_package) value=name required=true
                error=field_error(create.error, "name") />
            <SubmitButton label=tr!(intake_settings.add_package) busy_label=tr!(saving) busy=create.busy() />
        </form>
    }
}

/// One row of the fields editor.
#[derive(Clone, Copy)]
struct FieldRow {
    key: RwSignal<String>,
    label: RwSignal<String>,
    kind: RwSignal<String>,
    required: RwSignal<bool>,
}

fn field_row(field: Option<&PartnerField>) -> FieldRow {
    FieldRow {
        key: RwSignal::new(field.map(|f| f.key.clone()).unwrap_or_default()),
        label: RwSignal::new(field.map(|f| f.label.clone()).unwrap_or_default()),
        kind: RwSignal::new(wire(&field.map_or(FieldType::Text, |f| f.field_type))),
        required: RwSignal::new(field.is_some_and(|f| f.required)),
    }
}

fn type_label(i18n: I18nContext<Locale>, kind: FieldType) -> String {
    match kind {
        FieldType::Text => t_string!(i18n, intake_settings.type_text),
        FieldType::Number => t_string!(i18n, intake_settings.type_number),
        FieldType::Date => t_string!(i18n, intake_settings.type_date),
        FieldType::YesNo => t_string!(i18n, intake_settings.type_yes_no),
    }
    .to_string()
}

#[component]
fn PartnerFieldsEditor() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let partners = load(move || async move { Ok(api::organisation_choices(session, Some("partner")).await) });
    let partner = RwSignal::new(String::new());
    let options = Signal::derive(move || {
        let mut options = vec![(String::new(), t_string!(i18n, intake_settings.choose_partner).to_string())];
        if let Some(Ok(list)) = partners.get() {
            options.extend(list.into_iter().map(|o| (o.id.to_string(), o.name)));
        }
        options
    });
    view! {
        <section class="card partner-fields-editor">
            <h2>{tr!(intake_settings.fields)}</h2>
            <p class="hint">{tr!(intake_settings.fields_hint)}</p>
            <SelectField id="fields-partner" label=tr!(intake_settings.partner) value=partner options=options />
            {move || partner.get().parse::<Uuid>().ok().map(|id| view! { <FieldsOf partner=id /> })}
        </section>
    }
}

#[component]
fn FieldsOf(partner: Uuid) -> impl IntoView {
    let session = use_session();
    let fields = load(move || async move { api::intake::partner_fields(session, partner).await });
    view! {
        <Loaded resource=fields let:current>
            <FieldsForm partner=partner current=current />
        </Loaded>
    }
}

#[component]
fn FieldsForm(partner: Uuid, current: PartnerFields) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let rows = RwSignal::new(current.items.iter().map(|f| field_row(Some(f))).collect::<Vec<_>>());
    let saved = RwSignal::new(None::<String>);
    let save = Submit::new(
        move |body: PartnerFields| async move { api::intake::replace_partner_fields(session, partner, &body).await },
        move |_| saved.set(Some(t_string!(i18n, saved).to_string())),
    );
    let kinds = Signal::derive(move || FieldType::ALL.iter().map(|k| (wire(k), type_label(i18n, *k))).collect());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        let items = rows
            .get_untracked()
            .iter()
            .map(|row| PartnerField {
                key: row.key.get_untracked().trim().to_owned(),
                label: row.label.get_untracked().trim().to_owned(),
                field_type: FieldType::ALL
                    .into_iter()
                    .find(|k| wire(k) == row.kind.get_untracked())
                    .unwrap_or(FieldType::Text),
                required: row.required.get_untracked(),
            })
            .collect();
        save.run(PartnerFields { items });
    };
    view! {
        <form class="fields-form" on:submit=submit novalidate>
            <FormMessage error=form_error(save.error) success=saved />
            {move || rows.get().into_iter().enumerate().map(|(i, row)| {
                let base = format!("items[{i}]");
                view! {
                    <fieldset class="field-row" data-index=i>
                        <legend>{move || format!("{} {}", t_string!(i18n, intake_settings.field), i + 1)}</legend>
                        <TextField id=format!("field-{i}-key") label=tr!(intake_settings.key) value=row.key required=true
                            hint=tr!(intake_settings.key_hint) error=field_error(save.error, format!("{base}.key")) />
                        <TextField id=format!("field-{i}-label") label=tr!(intake_settings.label) value=row.label required=true
                            error=field_error(save.error, format!("{base}.label")) />
                        <SelectField id=format!("field-{i}-type") label=tr!(intake_settings.type_) value=row.kind options=kinds />
                        <div class="field checkbox">
                            <input id=format!("field-{i}-required") type="checkbox" bind:checked=row.required />
                            <label for=format!("field-{i}-required")>{tr!(intake_settings.required)}</label>
                        </div>
                        <button type="button" class="button secondary small remove-field"
                            on:click=move |_| rows.update(|all| { if i < all.len() { all.remove(i); } })>
                            {tr!(intake_settings.remove_field)}
                        </button>
                    </fieldset>
                }
            }).collect_view()}
            <div class="actions">
                <button type="button" class="button secondary add-field" on:click=move |_| rows.update(|all| all.push(field_row(None)))>
                    {tr!(intake_settings.add_field)}
                </button>
                <SubmitButton label=tr!(intake_settings.save_fields) busy_label=tr!(saving) busy=save.busy() />
            </div>
        </form>
    }
}
