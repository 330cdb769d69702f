//! A case's contracts (seed 000 step 5): everyone who follows the case sees them; the
//! helpdesk records one per company that will send data and puts each in force.

use leptos::prelude::*;
use loket_api_types::contracts::{Contract, ContractList, ContractStatus, CreateContract, UpdateContract};
use loket_api_types::install_requests::{InstallRequest, InstallStep};
use uuid::Uuid;

use crate::api;
use crate::components::form::{CheckboxField, FormMessage, SubmitButton, TextField, field_error, form_error};
use crate::components::load::{Loaded, Submit, load};
use crate::format;
use crate::i18n::*;
use crate::pages::tickets::wire;
use crate::session::use_session;

/// The steps at which the helpdesk keeps a case's contracts.
const EDITABLE: [InstallStep; 3] = [InstallStep::Contracts, InstallStep::Instructions, InstallStep::Installing];

fn status_label(i18n: I18nContext<Locale>, status: ContractStatus) -> String {
    match status {
        ContractStatus::Draft => t_string!(i18n, contracts.draft),
        ContractStatus::Active => t_string!(i18n, contracts.active),
        ContractStatus::Ended => t_string!(i18n, contracts.ended),
    }
    .to_string()
}

#[component]
pub fn Contracts(request: InstallRequest, helpdesk: bool) -> impl IntoView {
    let session = use_session();
    let id = request.id;
    let editable = helpdesk && EDITABLE.contains(&request.step);
    let contracts = load(move || async move { api::intake::contracts(session, id).await });
    let reload = Callback::new(move |_| contracts.refetch());
    view! {
        <section class="card contracts">
            <h2>{tr!(contracts.title)}</h2>
            <Loaded resource=contracts let:list>
                <ContractTable id=id list=list editable=editable reload=reload />
            </Loaded>
            {editable.then(|| view! { <NewContract request=request.clone() reload=reload /> })}
        </section>
    }
}

#[component]
fn ContractTable(id: Uuid, list: ContractList, editable: bool, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    if list.items.is_empty() {
        return view! { <p class="muted empty">{tr!(contracts.none)}</p> }.into_any();
    }
    let complete = list.complete;
    view! {
        <p class=if complete { "alert alert-success complete" } else { "alert alert-info incomplete" } role="status">
            {move || if complete { t_string!(i18n, contracts.complete) } else { t_string!(i18n, contracts.incomplete) }}
        </p>
        <table class="contract-table">
            <thead><tr>
                <th scope="col">{tr!(contracts.number)}</th>
                <th scope="col">{tr!(contracts.company)}</th>
                <th scope="col">{tr!(contracts.partner)}</th>
                <th scope="col">{tr!(contracts.start_date)}</th>
                <th scope="col">{tr!(contracts.status)}</th>
                {editable.then(|| view! { <th scope="col"><span class="visually-hidden">{tr!(contracts.actions)}</span></th> })}
            </tr></thead>
            <tbody>
                {list.items.into_iter().map(|contract| view! { <ContractRow id=id contract=contract editable=editable reload=reload /> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn ContractRow(id: Uuid, contract: Contract, editable: bool, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let (contract_id, version, status) = (contract.id, contract.version, contract.status);
    let change = Submit::new(
        move |to: ContractStatus| async move {
            let body = UpdateContract { status: Some(to), ..Default::default() };
            api::intake::update_contract(session, id, contract_id, version, &body).await
        },
        move |_| reload.run(()),
    );
    let start = contract.start_date;
    view! {
        <tr class=format!("contract status-{}", wire(&status))>
            <td class="number">{contract.number.clone()}</td>
            <td>{contract.company_name.clone()} <span class="muted">{format!(" · {}", contract.coc_number)}</span></td>
            <td>{contract.partner_name.clone()}</td>
            <td>{move || format::short_date(start, i18n.get_locale())}</td>
            <td>{move || status_label(i18n, status)}</td>
            {editable.then(|| view! {
                <td class="actions">
                    {(status == ContractStatus::Draft).then(|| view! {
                        <button type="button" class="button small activate" disabled=move || change.busy().get()
                            on:click=move |_| change.run(ContractStatus::Active)>{tr!(contracts.activate)}</button>
                    })}
                    {(status != ContractStatus::Ended).then(|| view! {
                        <button type="button" class="button small secondary end" disabled=move || change.busy().get()
                            on:click=move |_| change.run(ContractStatus::Ended)>{tr!(contracts.end)}</button>
                    })}
                    <FormMessage error=form_error(change.error) />
                </td>
            })}
        </tr>
    }
}

/// Today in the browser's time zone, as a date input writes it.
fn today() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

/// The helpdesk records a contract; the company of the request and today are filled in.
#[component]
fn NewContract(request: InstallRequest, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = request.id;
    let company = request.data.company;
    let number = RwSignal::new(String::new());
    let name = RwSignal::new(company.name.clone());
    let coc = RwSignal::new(company.coc_number.clone());
    let start = RwSignal::new(today());
    let active = RwSignal::new(false);
    let missing_start = RwSignal::new(false);
    let save = Submit::new(
        move |body: CreateContract| async move { api::intake::create_contract(session, id, &body).await },
        move |_: Contract| {
            number.set(String::new());
            reload.run(());
        },
    );
    let start_error = Signal::derive(move || {
        if missing_start.get() {
            Some(t_string!(i18n, fe.required).to_string())
        } else {
            field_error(save.error, "start_date").get()
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(start_date) = start.get_untracked().parse::<chrono::NaiveDate>() else {
            missing_start.set(true);
            return;
        };
        missing_start.set(false);
        save.run(CreateContract {
            number: number.get_untracked().trim().to_owned(),
            company_name: name.get_untracked(),
            coc_number: coc.get_untracked(),
            partner_id: None,
            start_date,
            status: Some(if active.get_untracked() { ContractStatus::Active } else { ContractStatus::Draft }),
        });
    };
    view! {
        <form on:submit=submit novalidate class="contract-form">
            <h3>{tr!(contracts.new)}</h3>
            <p class="hint">{tr!(contracts.new_hint)}</p>
            <FormMessage error=form_error(save.error) />
            <TextField id="contract-number" label=tr!(contracts.number) value=number required=true
                hint=tr!(contracts.number_hint) error=field_error(save.error, "number") />
            <TextField id="contract-company" label=tr!(contracts.company) value=name required=true
                error=field_error(save.error, "company_name") />
            <TextField id="contract-coc" label=tr!(intake.coc_number) value=coc required=true
                error=field_error(save.error, "coc_number") />
            <TextField id="contract-start" label=tr!(contracts.start_date) value=start kind="date" required=true
                error=start_error />
            <CheckboxField id="contract-active" label=tr!(contracts.in_force_now) checked=active />
            <SubmitButton label=tr!(contracts.save) busy_label=tr!(intake.submitting) busy=save.busy() />
        </form>
    }
}
