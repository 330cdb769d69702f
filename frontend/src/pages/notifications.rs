//! The notification outbox for vendor administrators: messages by state, the reason of
//! the last failure, and a retry for the ones that gave up.

use futures::FutureExt;
use leptos::prelude::*;
use loket_api_types::JobStatus;
use loket_api_types::outbox::{OutboxCounts, OutboxJob};
use uuid::Uuid;

use crate::api;
use crate::components::form::{FormMessage, form_error};
use crate::components::labels;
use crate::components::load::{Submit, load};
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
    // The counts per tab, fresh whenever the list is: on every tab change and retry.
    let counts = load(move || {
        status.track();
        api::outbox_counts(session)
    });
    let paged = Paged::new(move |cursor| {
        let query = api::query(&[("status", Some(status.get().as_str().to_owned())), ("cursor", cursor)]);
        async move { api::list_outbox(session, &query).await }.boxed_local()
    });
    let notice: RwSignal<Option<String>> = RwSignal::new(None);
    let retry = Submit::new(
        move |id: Uuid| api::retry_outbox_job(session, id),
        move |_: OutboxJob| {
            notice.set(Some(t_string!(i18n, outbox.retried).to_string()));
            paged.reload();
            counts.refetch();
        },
    );
    let error = retry.error;
    let retry = move |job: OutboxJob| {
        notice.set(None);
        retry.run(job.id);
    };
    let count_of = move |tab: JobStatus| {
        counts.value().map(|c: OutboxCounts| match tab {
            JobStatus::Pending => c.pending,
            JobStatus::Failed => c.failed,
            JobStatus::Dead => c.dead,
            JobStatus::Sent => c.sent,
        })
    };
    view! {
        <div class="page-header"><PageTitle text=tr!(outbox.title) /></div>
        <p class="lead">{tr!(outbox.intro)}</p>
        <div class="tabs" role="tablist">
            {TABS.into_iter().map(|tab| view! {
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    data-status=tab.as_str()
                    aria-selected=move || (status.get() == tab).to_string()
                    on:click=move |_| status.set(tab)
                >
                    {move || labels::job_status(i18n, tab)}
                    <span class="count">{move || count_of(tab).map(|n| n.to_string()).unwrap_or_default()}</span>
                </button>
            }).collect_view()}
        </div>
        <FormMessage error=form_error(error) success=Signal::derive(move || notice.get()) />
        <PagedList pager=paged.pager() empty=tr!(outbox.empty)>
            <div class="table-wrap">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{tr!(outbox.kind)}</th>
                            <th scope="col">{tr!(outbox.recipient)}</th>
                            <th scope="col">{tr!(outbox.attempts)}</th>
                            <th scope="col">{tr!(outbox.created)}</th>
                            <th scope="col">{tr!(outbox.last_error)}</th>
                            <th scope="col"><span class="visually-hidden">{tr!(outbox.retry)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || paged.rows() key=|j: &OutboxJob| (j.id, j.attempts, j.status) let:job>
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
                                                {tr!(outbox.retry)}
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
