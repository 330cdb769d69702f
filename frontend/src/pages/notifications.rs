//! The notification outbox for vendor administrators: messages by state, the reason of
//! the last failure, and a retry for the ones that gave up.

use futures::FutureExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use loket_api_types::JobStatus;
use loket_api_types::outbox::{OutboxCounts, OutboxJob};

use crate::api::{self, ApiError};
use crate::components::form::{FormMessage, form_error};
use crate::components::labels;
use crate::components::paged::{Paged, PagedList};
use crate::components::title::PageTitle;
use crate::format;
use crate::i18n::*;
use crate::session::use_session;

const TABS: [JobStatus; 4] = [JobStatus::Dead, JobStatus::Failed, JobStatus::Pending, JobStatus::Sent];

#[component]
pub fn Notifications() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let status = RwSignal::new(JobStatus::Dead);
    let counts: RwSignal<Option<OutboxCounts>> = RwSignal::new(None);
    let load_counts = move || spawn_local(async move { counts.set(api::outbox_counts(session).await.ok()) });
    load_counts();
    let paged = Paged::new(move |cursor| {
        let query = api::query(&[("status", Some(status.get_untracked().as_str().to_owned())), ("cursor", cursor)]);
        async move { api::list_outbox(session, &query).await }.boxed_local()
    });
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let notice: RwSignal<Option<String>> = RwSignal::new(None);
    let retry = move |job: OutboxJob| {
        error.set(None);
        notice.set(None);
        spawn_local(async move {
            match api::retry_outbox_job(session, job.id).await {
                Ok(_) => {
                    notice.set(Some(t_string!(i18n, outbox.retried).to_string()));
                    paged.reload();
                    load_counts();
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let count_of = move |tab: JobStatus| {
        counts.get().map(|c| match tab {
            JobStatus::Pending => c.pending,
            JobStatus::Failed => c.failed,
            JobStatus::Dead => c.dead,
            JobStatus::Sent => c.sent,
        })
    };
    view! {
        <div class="page-header"><PageTitle text=move || t_string!(i18n, outbox.title).to_string() /></div>
        <p class="lead">{t!(i18n, outbox.intro)}</p>
        <div class="tabs" role="tablist">
            {TABS.into_iter().map(|tab| view! {
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    data-status=tab.as_str()
                    aria-selected=move || (status.get() == tab).to_string()
                    on:click=move |_| {
                        status.set(tab);
                        paged.reload();
                        load_counts();
                    }
                >
                    {move || labels::job_status(i18n, tab)}
                    <span class="count">{move || count_of(tab).map(|n| n.to_string()).unwrap_or_default()}</span>
                </button>
            }).collect_view()}
        </div>
        <FormMessage error=form_error(error) success=Signal::derive(move || notice.get()) />
        <PagedList paged=paged empty=Signal::derive(move || t_string!(i18n, outbox.empty).to_string())>
            <div class="table-wrap">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, outbox.kind)}</th>
                            <th scope="col">{t!(i18n, outbox.recipient)}</th>
                            <th scope="col">{t!(i18n, outbox.attempts)}</th>
                            <th scope="col">{t!(i18n, outbox.created)}</th>
                            <th scope="col">{t!(i18n, outbox.last_error)}</th>
                            <th scope="col"><span class="visually-hidden">{t!(i18n, outbox.retry)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || paged.items.get() key=|j: &OutboxJob| (j.id, j.attempts, j.status) let:job>
                            <tr>
                                <td>{move || labels::job_kind(i18n, job.kind)}</td>
                                <td class="wrap">{job.summary.clone()}</td>
                                <td>{format!("{} / {}", job.attempts, job.max_attempts)}</td>
                                <td>{move || format::date_time(job.created_at, i18n.get_locale())}</td>
                                <td class="wrap error-text">{job.last_error.clone().unwrap_or_default()}</td>
                                <td>
                                    {matches!(job.status, JobStatus::Dead | JobStatus::Failed).then(|| {
                                        let job = job.clone();
                                        view! {
                                            <button type="button" class="button secondary small" on:click=move |_| retry(job.clone())>
                                                {t!(i18n, outbox.retry)}
                                            </button>
                                        }
                                    })}
                                </td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
        </PagedList>
    }
}
