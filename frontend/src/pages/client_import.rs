//! One client import: its progress while rows are checked or saved (the page follows
//! it every half second until it settles), then the preview — every filled row with its
//! problems per cell, valid rows ticked to import — the client group for new clients,
//! the error report, and committing or cancelling.

use std::collections::HashSet;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use loket_api_types::client_imports::{ClientImport, CommitImport, ImportRow, ImportStatus, RowAction, RowFilter};
use uuid::Uuid;

use crate::api;
use crate::components::form::{FormMessage, SelectField, SubmitButton, form_error};
use crate::components::load::{Loaded, Submit, load, load_by_id};
use crate::components::rights::client_group_options;
use crate::components::states::Empty;
use crate::components::title::PageTitle;
use crate::files;
use crate::i18n::*;
use crate::pages::client_imports::{column_label, problem_label, status_label};
use crate::session::use_session;

/// The most preview rows shown at once (the error report has them all).
const MOST_ROWS: u32 = 500;

#[component]
pub fn ClientImportDetail() -> impl IntoView {
    let import = load_by_id(api::imports::get);
    // While the worker is busy, ask again shortly. The timer lives in the page's scope:
    // leaving the page drops it, and a dropped timer never fires.
    let timer: StoredValue<Option<Timeout>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let busy = import.value().is_some_and(|current: ClientImport| {
            matches!(current.status, ImportStatus::Queued | ImportStatus::Reading | ImportStatus::Committing)
        });
        timer.set_value(busy.then(|| Timeout::new(500, move || import.refetch())));
    });
    let reload = Callback::new(move |()| import.refetch());
    view! {
        <p class="back"><A href="/client-imports">{tr!(imports.back)}</A></p>
        <Loaded resource=import let:current>
            <ImportView import=current reload=reload />
        </Loaded>
    }
}

#[component]
fn ImportView(import: ClientImport, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let status = import.status;
    let body = match status {
        ImportStatus::Queued | ImportStatus::Reading => {
            let (done, total) = (import.processed_rows, import.total_rows.max(1));
            view! {
                <section class="card import-checking">
                    <progress class="import-progress" max=total.to_string() value=done.to_string()
                        aria-label=move || t_string!(i18n, imports.progress_label).to_string()></progress>
                    <p class="progress-text">{format!("{done} / {} ", import.total_rows)}{tr!(imports.checked)}</p>
                </section>
            }
            .into_any()
        }
        ImportStatus::Committing => view! {
            <section class="card import-saving">
                <progress class="import-progress" aria-label=move || t_string!(i18n, imports.saving).to_string()></progress>
                <p class="progress-text">{tr!(imports.saving)}</p>
            </section>
        }
        .into_any(),
        ImportStatus::Failed => view! {
            <div class="alert alert-error import-failed" role="alert">
                <p>{tr!(imports.failed)}</p>
                <p>{import.failure.clone()}</p>
            </div>
        }
        .into_any(),
        ImportStatus::Cancelled => view! { <p class="import-cancelled">{move || status_label(i18n, status)}</p> }.into_any(),
        ImportStatus::Committed => view! {
            <div class="alert alert-success import-done" role="status">
                {tr!(imports.done)}" "{import.created_count}" "{tr!(imports.created)}", "
                {import.updated_count}" "{tr!(imports.updated)}". "
                <A href="/organisations">{tr!(imports.to_clients)}</A>" · "
                <A href="/first-users">{tr!(imports.first_users_link)}</A>
            </div>
        }
        .into_any(),
        ImportStatus::Ready => view! { <Preview import=import.clone() reload=reload /> }.into_any(),
    };
    view! {
        <PageTitle text=import.file_name.clone() />
        <p class="page-header">
            <span class=format!("badge status import-{}", status.as_str())>{move || status_label(i18n, status)}</span>
        </p>
        {body}
    }
}

#[component]
fn Summary(import: ClientImport) -> impl IntoView {
    view! {
        <dl class="import-summary">
            <div><dt>{tr!(imports.rows)}</dt><dd class="total">{import.total_rows}</dd></div>
            <div><dt>{tr!(imports.valid)}</dt><dd class="valid">{import.valid_rows}</dd></div>
            <div><dt>{tr!(imports.errors)}</dt><dd class="errors">{import.error_rows}</dd></div>
            <div><dt>{tr!(imports.new)}</dt><dd class="new">{import.new_rows}</dd></div>
            <div><dt>{tr!(imports.updates)}</dt><dd class="updates">{import.update_rows}</dd></div>
        </dl>
    }
}

/// The commit: which lines, which group.
#[derive(Clone)]
struct Chosen {
    excluded: HashSet<i32>,
    group: Option<Uuid>,
}

#[component]
fn Preview(import: ClientImport, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let id = import.id;
    let filter = RwSignal::new(RowFilter::All);
    let limit = RwSignal::new(100_u32);
    let rows = load(move || {
        let (only, limit) = (filter.get(), limit.get());
        async move { api::imports::rows(session, id, only, 0, limit).await }
    });
    let excluded = RwSignal::new(HashSet::<i32>::new());
    let group = RwSignal::new(String::new());
    let group_options = client_group_options(Signal::derive(move || t_string!(i18n, imports.no_group).to_string()));
    let valid = import.valid_rows;
    let chosen_count = Signal::derive(move || valid - i32::try_from(excluded.get().len()).unwrap_or(0));
    let nothing = RwSignal::new(false);
    let commit = Submit::new(
        move |chosen: Chosen| async move {
            let mut except: Vec<i32> = chosen.excluded.into_iter().collect();
            except.sort_unstable();
            let except_lines = (!except.is_empty()).then_some(except);
            api::imports::commit(session, id, &CommitImport { lines: None, except_lines, group_id: chosen.group }).await
        },
        move |_: ClientImport| reload.run(()),
    );
    let cancel = Submit::new(
        move |()| async move { api::imports::cancel(session, id).await },
        move |()| navigate("/client-imports", Default::default()),
    );
    let report = Submit::new(
        move |name: String| async move {
            let language = if i18n.get_locale_untracked() == Locale::en { "en" } else { "nl" };
            files::save_from(session, format!("/client-imports/{id}/error-report?language={language}"), &name).await
        },
        |()| (),
    );
    let report_name =
        format!("{}-errors.csv", import.file_name.rsplit_once('.').map_or(import.file_name.as_str(), |(stem, _)| stem));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if chosen_count.get_untracked() <= 0 {
            nothing.set(true);
            return;
        }
        nothing.set(false);
        let group = Uuid::parse_str(&group.get_untracked()).ok();
        commit.run(Chosen { excluded: excluded.get_untracked(), group });
    };
    let filters = [(RowFilter::All, "all"), (RowFilter::Valid, "valid"), (RowFilter::Errors, "errors")];
    let filter_label = move |f: RowFilter| {
        match f {
            RowFilter::All => t_string!(i18n, imports.filter_all),
            RowFilter::Valid => t_string!(i18n, imports.filter_valid),
            RowFilter::Errors => t_string!(i18n, imports.filter_errors),
        }
        .to_string()
    };
    let has_errors = import.error_rows > 0;
    view! {
        <section class="card import-preview">
            <Summary import=import.clone() />
            {has_errors.then(|| view! {
                <p>
                    <button type="button" class="button secondary error-report" on:click=move |_| report.run(report_name.clone())>
                        {tr!(imports.error_report)}
                    </button>
                </p>
            })}
            <FormMessage error=form_error(report.error) />
            <div class="tabs" role="tablist" aria-label=move || t_string!(i18n, imports.filter).to_string()>
                {filters.into_iter().map(|(f, key)| view! {
                    <button type="button" role="tab" class="tab" data-filter=key
                        aria-selected=move || (filter.get() == f).to_string()
                        on:click=move |_| { filter.set(f); limit.set(100); }>
                        {move || filter_label(f)}
                    </button>
                }).collect_view()}
            </div>
            <Loaded resource=rows let:page>
                <RowTable rows=page.items.clone() excluded=excluded />
                {(page.next_after.is_some() && limit.get_untracked() < MOST_ROWS).then(|| view! {
                    <button type="button" class="button secondary more-rows"
                        on:click=move |_| limit.update(|l| *l = (*l + 200).min(MOST_ROWS))>
                        {tr!(imports.more)}
                    </button>
                })}
            </Loaded>
        </section>
        <section class="card import-commit">
            <form on:submit=submit novalidate>
                <FormMessage error=form_error(commit.error) />
                {move || nothing.get().then(|| view! { <p class="field-error" role="alert">{tr!(imports.nothing_chosen)}</p> })}
                <p class="chosen"><strong class="chosen-count">{chosen_count}</strong>" "{tr!(imports.chosen)}</p>
                <SelectField id="import-group" label=tr!(imports.group) value=group options=group_options />
                <SubmitButton label=tr!(imports.commit) busy_label=tr!(saving) busy=commit.busy() />
                <button type="button" class="button secondary cancel-import" on:click=move |_| cancel.run(())>
                    {tr!(imports.cancel)}
                </button>
            </form>
            <FormMessage error=form_error(cancel.error) />
        </section>
    }
}

#[component]
fn RowTable(rows: Vec<ImportRow>, excluded: RwSignal<HashSet<i32>>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <Empty message=tr!(imports.none) /> }.into_any();
    }
    let cell = |row: &ImportRow, key: &str| row.cells.get(key).cloned().unwrap_or_default();
    view! {
        <table class="list import-rows">
            <thead><tr>
                <th scope="col">{tr!(imports.pick)}</th>
                <th scope="col">{tr!(imports.line)}</th>
                <th scope="col">{tr!(import_column.external_id)}</th>
                <th scope="col">{tr!(import_column.name)}</th>
                <th scope="col">{tr!(import_column.coc_number)}</th>
                <th scope="col">{tr!(import_column.city)}</th>
                <th scope="col">{tr!(import_column.email)}</th>
                <th scope="col">{tr!(imports.action)}</th>
                <th scope="col">{tr!(imports.problems)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|row| {
                    let line = row.line;
                    let valid = row.problems.is_empty();
                    let check_id = format!("pick-line-{line}");
                    let action = row.action;
                    let problems = row.problems.clone();
                    view! {
                        <tr data-line=line.to_string() class:has-errors=!valid>
                            <td>
                                {valid.then(|| view! {
                                    <input id=check_id.clone() type="checkbox" class="pick"
                                        prop:checked=move || !excluded.get().contains(&line)
                                        on:change:target=move |ev| {
                                            let on = ev.target().checked();
                                            excluded.update(|all| { if on { all.remove(&line); } else { all.insert(line); } });
                                        } />
                                    <label for=check_id.clone() class="visually-hidden">
                                        {move || format!("{} {line}", t_string!(i18n, imports.pick_line))}
                                    </label>
                                })}
                            </td>
                            <td class="number">{line}</td>
                            <td>{cell(&row, "external_id")}</td>
                            <td>{cell(&row, "name")}</td>
                            <td>{cell(&row, "coc_number")}</td>
                            <td>{cell(&row, "city")}</td>
                            <td>{cell(&row, "email")}</td>
                            <td>{move || match action {
                                Some(RowAction::Create) => t_string!(i18n, imports.action_create).to_string(),
                                Some(RowAction::Update) => t_string!(i18n, imports.action_update).to_string(),
                                None => String::new(),
                            }}</td>
                            <td>
                                <ul class="problems">
                                    {problems.into_iter().map(|p| {
                                        let (column, code, message) = (p.column, p.code.clone(), p.message.clone());
                                        let code_attr = code.clone();
                                        view! {
                                            <li data-column=column.key() data-code=code_attr>
                                                {move || format!("{}: {}", column_label(i18n, column), problem_label(i18n, &code, &message))}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
