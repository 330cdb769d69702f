//! The vendor's products and releases: the helpdesk sees each product's releases (the
//! current one marked, downloads counted); a vendor administrator adds products, uploads
//! a release's installer and withdraws a release.

use leptos::prelude::*;
use loket_api_types::Role;
use loket_api_types::releases::{CreateProduct, Product, Release};
use web_sys::File;

use crate::api;
use crate::components::form::{
    FileField, FormMessage, SubmitButton, TextAreaField, TextField, field_error, form_error,
};
use crate::components::load::{Loaded, Submit, load};
use crate::components::title::PageTitle;
use crate::files;
use crate::format;
use crate::i18n::*;
use crate::session::use_session;

#[component]
pub fn Releases() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let admin = session.role() == Some(Role::VendorAdmin);
    let products = load(move || async move { api::intake::products(session).await });
    let reload = Callback::new(move |_| products.refetch());
    view! {
        <div class="page-header">
            <PageTitle text=Signal::derive(move || t_string!(i18n, releases.title).to_string()) />
        </div>
        <p class="intro">{tr!(releases.intro)}</p>
        <Loaded resource=products let:list>
            {if list.items.is_empty() {
                view! { <p class="muted empty">{tr!(releases.none)}</p> }.into_any()
            } else {
                list.items.into_iter().map(|product| view! { <ProductCard product=product admin=admin reload=reload /> }).collect_view().into_any()
            }}
        </Loaded>
        {admin.then(|| view! { <NewProduct reload=reload /> })}
    }
}

#[component]
fn ProductCard(product: Product, admin: bool, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let id = product.id;
    let releases = load(move || async move { api::intake::releases(session, id).await });
    let current = product.current_release.as_ref().map(|r| r.id);
    let refresh = Callback::new(move |_| {
        releases.refetch();
        reload.run(());
    });
    view! {
        <section class="card product" data-key=product.key.clone()>
            <h2>{product.name.clone()} " " <span class="muted">{format!("({})", product.key)}</span></h2>
            <Loaded resource=releases let:list>
                <table class="release-table">
                    <thead><tr>
                        <th scope="col">{tr!(releases.version)}</th>
                        <th scope="col">{tr!(releases.released_on)}</th>
                        <th scope="col">{tr!(releases.file)}</th>
                        <th scope="col">{tr!(releases.downloads)}</th>
                        <th scope="col">{tr!(releases.status)}</th>
                        {admin.then(|| view! { <th scope="col"><span class="visually-hidden">{tr!(releases.actions)}</span></th> })}
                    </tr></thead>
                    <tbody>
                        {list.items.into_iter().map(|release| {
                            let is_current = current == Some(release.id);
                            view! { <ReleaseRow release=release current=is_current admin=admin reload=refresh /> }
                        }).collect_view()}
                    </tbody>
                </table>
            </Loaded>
            {admin.then(|| view! { <UploadRelease product=id reload=refresh /> })}
        </section>
    }
}

#[component]
fn ReleaseRow(release: Release, current: bool, admin: bool, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = release.id;
    let withdraw =
        Submit::new(move |()| async move { api::intake::withdraw_release(session, id).await }, move |_| reload.run(()));
    let released_on = release.released_on;
    let withdrawn = release.withdrawn;
    let digest: String = release.sha256.chars().take(12).collect();
    view! {
        <tr class=format!("release{}{}", if current { " current" } else { "" }, if withdrawn { " withdrawn" } else { "" })>
            <td class="version">{release.version.clone()}</td>
            <td>{move || format::short_date(released_on, i18n.get_locale())}</td>
            <td>
                {release.file_name.clone()} " " <span class="muted">{files::size(release.size_bytes)}</span>
                <br /><span class="muted" title=release.sha256.clone()>{format!("SHA-256 {digest}…")}</span>
            </td>
            <td class="downloads">{release.downloads}</td>
            <td>{move || if withdrawn {
                t_string!(i18n, releases.withdrawn).to_string()
            } else if current {
                t_string!(i18n, releases.current).to_string()
            } else {
                String::new()
            }}</td>
            {admin.then(|| view! {
                <td class="actions">
                    {(!withdrawn).then(|| view! {
                        <button type="button" class="button small secondary withdraw" disabled=move || withdraw.busy().get()
                            on:click=move |_| withdraw.run(())>{tr!(releases.withdraw)}</button>
                    })}
                    <FormMessage error=form_error(withdraw.error) />
                </td>
            })}
        </tr>
    }
}

/// What an upload sends.
struct Upload {
    version: String,
    released_on: String,
    notes: String,
    file: File,
}

#[component]
fn UploadRelease(product: uuid::Uuid, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let version = RwSignal::new(String::new());
    let released_on = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let file: RwSignal<Option<File>, LocalStorage> = RwSignal::new_local(None);
    let missing_file = RwSignal::new(false);
    let upload = Submit::new(
        move |u: Upload| async move {
            files::upload_release(session, product, &u.version, &u.released_on, &u.notes, &u.file).await
        },
        move |_| {
            version.set(String::new());
            notes.set(String::new());
            reload.run(());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(chosen) = file.get_untracked() else {
            missing_file.set(true);
            return;
        };
        missing_file.set(false);
        upload.run(Upload {
            version: version.get_untracked().trim().to_owned(),
            released_on: released_on.get_untracked(),
            notes: notes.get_untracked(),
            file: chosen,
        });
    };
    view! {
        <form on:submit=submit novalidate class="release-form">
            <h3>{tr!(releases.upload)}</h3>
            <FormMessage error=form_error(upload.error) />
            <TextField id=format!("version-{product}") label=tr!(releases.version) value=version required=true
                hint=tr!(releases.version_hint) error=field_error(upload.error, "version") />
            <TextField id=format!("released-on-{product}") label=tr!(releases.released_on) value=released_on kind="date"
                hint=tr!(releases.released_on_hint) error=field_error(upload.error, "released_on") />
            <TextAreaField id=format!("notes-{product}") label=tr!(releases.notes) value=notes rows=3
                error=field_error(upload.error, "notes") />
            <FileField id=format!("installer-{product}") label=tr!(releases.installer) file=file missing=missing_file
                error=upload.error />
            <SubmitButton label=tr!(releases.publish) busy_label=tr!(intake.submitting) busy=upload.busy() />
        </form>
    }
}

#[component]
fn NewProduct(reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let key = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let save = Submit::new(
        move |body: CreateProduct| async move { api::intake::create_product(session, &body).await },
        move |_| {
            key.set(String::new());
            name.set(String::new());
            reload.run(());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.run(CreateProduct { key: key.get_untracked().trim().to_owned(), name: name.get_untracked() });
    };
    view! {
        <section class="card">
            <h2>{tr!(releases.new_product)}</h2>
            <form on:submit=submit novalidate class="product-form">
                <FormMessage error=form_error(save.error) />
                <TextField id="product-key" label=tr!(releases.key) value=key required=true hint=tr!(releases.key_hint)
                    error=field_error(save.error, "key") />
                <TextField id="product-name" label=tr!(releases.name) value=name required=true
                    error=field_error(save.error, "name") />
                <SubmitButton label=tr!(releases.add_product) busy_label=tr!(intake.submitting) busy=save.busy() />
            </form>
        </section>
    }
}
