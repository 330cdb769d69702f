//! Creating and changing a user. Administrators edit; colleagues without that right see
//! the same form read-only.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use loket_api_types::organisations::{Branch, Organisation};
use loket_api_types::users::{CreateUserRequest, UpdateUserRequest, User, UserStatus};
use loket_api_types::{Language, OrganisationKind, Role};
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::confirm::ConfirmDialog;
use crate::components::form::{
    CheckboxField, FormMessage, SelectField, SubmitButton, TextField, field_error, form_error,
};
use crate::components::labels;
use crate::components::load::{Load, Loaded, Submit, load, load_by_id};
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::session::{Session, use_session};

/// The roles that exist in an organisation of `kind`, the least privileged last.
fn assignable_roles(kind: OrganisationKind) -> Vec<Role> {
    Role::ALL.into_iter().filter(|role| role.fits(kind)).collect()
}

/// Whether the signed-in user may change users of `organisation`.
fn may_manage(session: Session, organisation: Uuid) -> bool {
    match session.me() {
        Some(me) if me.role == Role::VendorAdmin => true,
        Some(me) => matches!(me.role, Role::PartnerAdmin | Role::ClientSuperuser) && me.organisation.id == organisation,
        None => false,
    }
}

#[derive(Clone, Copy)]
struct UserFields {
    organisation: RwSignal<String>,
    email: RwSignal<String>,
    name: RwSignal<String>,
    phone: RwSignal<String>,
    language: RwSignal<String>,
    role: RwSignal<String>,
    contact_person: RwSignal<bool>,
    technical_contact: RwSignal<bool>,
    branches: RwSignal<Vec<Uuid>>,
}

impl UserFields {
    fn new(user: Option<&User>, organisation: String, default_role: Role) -> Self {
        Self {
            organisation: RwSignal::new(organisation),
            email: RwSignal::new(user.map(|u| u.email.clone()).unwrap_or_default()),
            name: RwSignal::new(user.map(|u| u.name.clone()).unwrap_or_default()),
            phone: RwSignal::new(user.and_then(|u| u.phone.clone()).unwrap_or_default()),
            language: RwSignal::new(user.map(|u| u.language).unwrap_or_default().as_str().to_owned()),
            role: RwSignal::new(user.map(|u| u.role).unwrap_or(default_role).as_str().to_owned()),
            contact_person: RwSignal::new(user.is_some_and(|u| u.is_contact_person)),
            technical_contact: RwSignal::new(user.is_some_and(|u| u.is_technical_contact)),
            branches: RwSignal::new(user.map(|u| u.branch_ids.clone()).unwrap_or_default()),
        }
    }
}

/// The shared fields of the create and edit forms.
#[component]
fn Fields(
    fields: UserFields,
    #[prop(into)] error: Signal<Option<ApiError>>,
    creating: bool,
    #[prop(into)] organisations: Signal<Vec<Organisation>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let kind = Signal::derive(move || {
        let chosen = fields.organisation.get();
        organisations
            .get()
            .into_iter()
            .find(|o| o.id.to_string() == chosen)
            .map(|o| o.kind)
            .unwrap_or(OrganisationKind::Client)
    });
    // A partner's branches to limit the user to; none for other organisations.
    let branches = load(move || {
        let partner =
            Uuid::parse_str(&fields.organisation.get()).ok().filter(|_| kind.get() == OrganisationKind::Partner);
        async move {
            match partner {
                Some(id) => api::list_branches(session, id).await,
                None => Ok(Vec::<Branch>::new()),
            }
        }
    });
    let branches = move || branches.value().unwrap_or_default();
    // Keep the role valid for the chosen organisation.
    Effect::new(move |_| {
        let roles = assignable_roles(kind.get());
        if !roles.iter().any(|r| r.as_str() == fields.role.get_untracked())
            && let Some(first) = roles.last()
        {
            fields.role.set(first.as_str().to_owned());
        }
    });
    let organisation_options =
        Signal::derive(move || organisations.get().into_iter().map(|o| (o.id.to_string(), o.name)).collect::<Vec<_>>());
    let role_options = Signal::derive(move || {
        assignable_roles(kind.get())
            .into_iter()
            .map(|r| (r.as_str().to_owned(), labels::role(i18n, r)))
            .collect::<Vec<_>>()
    });
    let languages = Signal::derive(move || {
        Language::ALL.iter().map(|l| (l.as_str().to_owned(), labels::language(i18n, *l))).collect::<Vec<_>>()
    });
    view! {
        <Show when=move || { creating && organisations.get().len() > 1 }>
            <SelectField id="organisation_id" label=tr!(users.organisation) value=fields.organisation options=organisation_options required=true error=field_error(error, "organisation_id") />
        </Show>
        <TextField id="email" label=tr!(users.email) value=fields.email kind="email" required=true disabled=!creating error=field_error(error, "email") />
        <TextField id="name" label=tr!(users.name) value=fields.name required=true error=field_error(error, "name") />
        <TextField id="phone" label=tr!(users.phone) value=fields.phone kind="tel" error=field_error(error, "phone") />
        <SelectField id="language" label=tr!(users.language) value=fields.language options=languages />
        <SelectField id="role" label=tr!(users.role) value=fields.role options=role_options required=true error=field_error(error, "role") />
        <fieldset class="checks">
            <legend>{tr!(users.flags)}</legend>
            <CheckboxField id="is_contact_person" label=tr!(users.contact_person) checked=fields.contact_person />
            <CheckboxField id="is_technical_contact" label=tr!(users.technical_contact) checked=fields.technical_contact />
        </fieldset>
        <Show when=move || !branches().is_empty()>
            <fieldset class="checks">
                <legend>{tr!(users.branches)}</legend>
                <p class="hint">{tr!(users.branches_hint)}</p>
                {move || branches().into_iter().map(|branch| {
                    let id = branch.id;
                    let checked = move || fields.branches.get().contains(&id);
                    let toggle = move |_| fields.branches.update(|list| if list.contains(&id) { list.retain(|b| *b != id) } else { list.push(id) });
                    view! {
                        <div class="field checkbox">
                            <input id=format!("branch-{id}") type="checkbox" prop:checked=checked on:change=toggle />
                            <label for=format!("branch-{id}")>{branch.name}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        </Show>
    }
}

async fn organisations_for(session: Session) -> Vec<Organisation> {
    match session.me() {
        Some(me) if me.role == Role::VendorAdmin => api::organisation_choices(session, None).await,
        Some(me) => api::get_organisation(session, me.organisation.id).await.map(|o| vec![o]).unwrap_or_default(),
        None => Vec::new(),
    }
}

#[component]
pub fn NewUser() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let preset = query
        .get_untracked()
        .get("organisation_id")
        .or_else(|| session.me().map(|me| me.organisation.id.to_string()))
        .unwrap_or_default();
    let fields = UserFields::new(None, preset, Role::ClientUser);
    let organisations = load(move || async move { Ok(organisations_for(session).await) });
    let organisations = Signal::derive(move || organisations.value().unwrap_or_default());
    let navigate = StoredValue::new_local(navigate);
    let create = Submit::new(
        move |request: CreateUserRequest| async move { api::create_user(session, &request).await },
        move |created: User| {
            navigate.with_value(|navigate| navigate(&format!("/users/{}?created=1", created.id), Default::default()))
        },
    );
    let error = create.error;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(organisation_id) = Uuid::parse_str(&fields.organisation.get_untracked()) else { return };
        let phone = fields.phone.get_untracked();
        let request = CreateUserRequest {
            organisation_id,
            email: fields.email.get_untracked(),
            name: fields.name.get_untracked(),
            phone: (!phone.trim().is_empty()).then_some(phone),
            language: Language::parse(&fields.language.get_untracked()),
            role: Role::parse(&fields.role.get_untracked()).unwrap_or(Role::ClientUser),
            is_contact_person: fields.contact_person.get_untracked(),
            is_technical_contact: fields.technical_contact.get_untracked(),
            branch_ids: fields.branches.get_untracked(),
        };
        create.run(request);
    };
    view! {
        <PageTitle text=tr!(users.create_title) />
        <section class="card">
            <FormMessage error=form_error(error) />
            <form on:submit=submit novalidate>
                <Fields fields=fields error=error creating=true organisations=organisations />
                <div class="actions">
                    <A href="/users" attr:class="button secondary">{tr!(cancel)}</A>
                    <SubmitButton label=tr!(save) busy_label=tr!(saving) busy=create.busy() />
                </div>
            </form>
        </section>
    }
}

#[component]
pub fn EditUser() -> impl IntoView {
    let user: Load<User> = load_by_id(api::get_user);
    view! {
        <Loaded resource=user let:user>
            <EditForm user=user />
        </Loaded>
    }
}

#[component]
fn EditForm(user: User) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let fields = UserFields::new(Some(&user), user.organisation_id.to_string(), user.role);
    let organisation_id = user.organisation_id;
    let organisation = load(move || api::get_organisation(session, organisation_id));
    let organisations = Signal::derive(move || organisation.value().map(|o| vec![o]).unwrap_or_default());
    let editable = may_manage(session, user.organisation_id);
    let current = RwSignal::new(user.clone());
    let notice: RwSignal<Option<String>> =
        RwSignal::new(query.get_untracked().get("created").map(|_| t_string!(i18n, users.invited_ok).to_string()));
    let confirm_open = RwSignal::new(false);

    let update = Submit::new(
        move |request: UpdateUserRequest| async move {
            let user = current.get_untracked();
            api::update_user(session, user.id, user.version, &request).await
        },
        move |updated: User| {
            current.set(updated);
            notice.set(Some(t_string!(i18n, saved).to_string()));
        },
    );
    let resend = Submit::new(
        move |id: Uuid| async move { api::resend_invitation(session, id).await },
        move |()| notice.set(Some(t_string!(i18n, users.resent).to_string())),
    );
    // Either action's failure shows in the one banner and at the fields.
    let error = Signal::derive(move || resend.error.get().or_else(|| update.error.get()));
    let save = move |request: UpdateUserRequest| {
        notice.set(None);
        resend.error.set(None);
        update.run(request);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(UpdateUserRequest {
            name: Some(fields.name.get_untracked()),
            phone: Some(fields.phone.get_untracked()),
            language: Language::parse(&fields.language.get_untracked()),
            role: Role::parse(&fields.role.get_untracked()).filter(|role| *role != current.get_untracked().role),
            is_contact_person: Some(fields.contact_person.get_untracked()),
            is_technical_contact: Some(fields.technical_contact.get_untracked()),
            branch_ids: Some(fields.branches.get_untracked()),
            active: None,
        });
    };
    let resend = move |_| {
        notice.set(None);
        update.error.set(None);
        resend.run(current.get_untracked().id);
    };
    let is_self = session.me().is_some_and(|me| me.id == user.id);
    let status = move || current.get().status;
    view! {
        <div class="page-header">
            <PageTitle text=move || current.get().name />
            <span class="badge">{move || labels::status(i18n, status())}</span>
        </div>
        <section class="card">
            <FormMessage error=form_error(error) success=Signal::derive(move || notice.get()) />
            <form on:submit=submit novalidate>
                <fieldset disabled=!editable>
                    <Fields fields=fields error=error creating=false organisations=organisations />
                </fieldset>
                <Show when=move || editable>
                    <div class="actions">
                        <Show when=move || status() == UserStatus::Invited>
                            <button type="button" class="button secondary" on:click=resend>{tr!(users.resend)}</button>
                        </Show>
                        <Show when=move || !is_self && status() != UserStatus::Deactivated>
                            <button type="button" class="button danger" on:click=move |_| confirm_open.set(true)>{tr!(users.deactivate)}</button>
                        </Show>
                        <Show when=move || status() == UserStatus::Deactivated>
                            <button type="button" class="button secondary" on:click=move |_| save(UpdateUserRequest { active: Some(true), ..Default::default() })>{tr!(users.reactivate)}</button>
                        </Show>
                        <SubmitButton label=tr!(save) busy_label=tr!(saving) busy=update.busy() />
                    </div>
                </Show>
            </form>
        </section>
        <crate::pages::user_rights::UserRightsPanel user=user.id />
        <ConfirmDialog
            open=confirm_open
            message=Signal::derive(move || t_string!(i18n, users.deactivate_confirm, name = current.get().name).to_string())
            confirm_label=tr!(users.deactivate)
            on_confirm=move |_| save(UpdateUserRequest { active: Some(false), ..Default::default() })
        />
    }
}
