//! The audit log for administrators: who changed what, when and from where, newest
//! first, filtered by kind of record and kind of change.

use futures::FutureExt;
use leptos::prelude::*;
use loket_api_types::audit::{AuditAction, AuditEvent, EntityType, FieldChange};

use crate::api;
use crate::components::labels;
use crate::components::paged::{Paged, PagedList};
use crate::components::title::PageTitle;
use crate::format;
use crate::i18n::*;
use crate::session::use_session;

/// A changed value as text; lists are joined, absent values shown as a dash.
fn shown(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "–".to_owned(),
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Array(items) => items.iter().map(shown).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

fn change_line(change: &FieldChange) -> String {
    format!("{}: {} → {}", change.field, shown(&change.old), shown(&change.new))
}

#[component]
pub fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let entity: RwSignal<Option<EntityType>> = RwSignal::new(None);
    let action: RwSignal<Option<AuditAction>> = RwSignal::new(None);
    let paged = Paged::new(move |cursor| {
        let query = api::query(&[
            ("entity_type", entity.get().map(|e| e.as_str().to_owned())),
            ("action", action.get().map(|a| a.as_str().to_owned())),
            ("cursor", cursor),
        ]);
        async move { api::list_audit_events(session, &query).await }.boxed_local()
    });
    view! {
        <div class="page-header"><PageTitle text=tr!(audit.title) /></div>
        <p class="lead">{tr!(audit.intro)}</p>
        <div class="filters" role="search">
            <div class="field">
                <label for="audit-entity">{tr!(audit.entity)}</label>
                <select id="audit-entity" on:change=move |ev| {
                    entity.set(EntityType::parse(&event_target_value(&ev)));
                }>
                    <option value="">{tr!(audit.all)}</option>
                    {EntityType::ALL.iter().map(|kind| view! {
                        <option value=kind.as_str()>{move || labels::entity_type(i18n, *kind)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="audit-action">{tr!(audit.action)}</label>
                <select id="audit-action" on:change=move |ev| {
                    action.set(AuditAction::parse(&event_target_value(&ev)));
                }>
                    <option value="">{tr!(audit.all)}</option>
                    {AuditAction::ALL.iter().map(|kind| view! {
                        <option value=kind.as_str()>{move || labels::audit_action(i18n, *kind)}</option>
                    }).collect_view()}
                </select>
            </div>
        </div>
        <PagedList pager=paged.pager() empty=tr!(audit.empty)>
            <div class="table-wrap">
                <table class="audit">
                    <thead>
                        <tr>
                            <th scope="col">{tr!(audit.when)}</th>
                            <th scope="col">{tr!(audit.who)}</th>
                            <th scope="col">{tr!(audit.action)}</th>
                            <th scope="col">{tr!(audit.entity)}</th>
                            <th scope="col">{tr!(audit.changes)}</th>
                            <th scope="col">{tr!(audit.address)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || paged.rows() key=|e: &AuditEvent| e.id let:event>
                            <tr data-action=event.action.as_str() data-entity=event.entity_type.as_str()>
                                <td>{move || format::date_time(event.occurred_at, i18n.get_locale())}</td>
                                <td class="wrap">
                                    {event.actor.name.clone()}
                                    {(event.actor.kind == loket_api_types::audit::ActorType::ApiKey)
                                        .then(|| view! { <span class="badge">{tr!(audit.api_key)}</span> })}
                                </td>
                                <td>{move || labels::audit_action(i18n, event.action)}</td>
                                <td>{move || labels::entity_type(i18n, event.entity_type)}</td>
                                <td class="wrap">
                                    <ul class="changes">
                                        {event.changes.iter().map(|c| view! { <li>{change_line(c)}</li> }).collect_view()}
                                    </ul>
                                </td>
                                <td>{event.client_ip.clone().unwrap_or_default()}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
        </PagedList>
    }
}
