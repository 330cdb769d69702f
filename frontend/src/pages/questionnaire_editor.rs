//! The vendor administrator's questionnaire editor: the sections of the current version
//! and their questions (key, label in Dutch and English, kind — with the options of a
//! choice — and whether it is required), added, removed and moved; saving makes a new
//! version for the cases accepted from then on (cases keep theirs). The server checks
//! the whole and its error shows beside the part at fault (`sections[1].questions[0].key`);
//! a 412 says someone else saved meanwhile and offers to reload.

use leptos::prelude::*;
use loket_api_types::ErrorCode;
use loket_api_types::questionnaires::{Question, QuestionKind, QuestionnaireDefinition, ReplaceQuestionnaire, Section};

use crate::api;
use crate::components::form::{
    FormMessage, SelectField, SubmitButton, TextAreaField, TextField, field_error, form_error,
};
use crate::components::load::{Load, Loaded, Submit, load};
use crate::components::title::PageTitle;
use crate::format;
use crate::i18n::*;
use crate::session::use_session;

#[component]
pub fn QuestionnaireEditor() -> impl IntoView {
    let session = use_session();
    let loaded: Load<QuestionnaireDefinition> = load(move || async move { api::intake::definition(session).await });
    // Kept here: a save reloads the definition, which renders the editor anew.
    let saved = RwSignal::new(None::<String>);
    view! {
        <div class="page-header"><PageTitle text=tr!(editor.title) /></div>
        <p class="lead">{tr!(editor.intro)}</p>
        <Loaded resource=loaded let:definition>
            <Editor definition=definition saved=saved reload=Callback::new(move |_| loaded.refetch()) />
        </Loaded>
    }
}

/// The kinds a question can be, by their wire names.
const KINDS: [&str; 7] = ["text", "email", "phone", "choice", "yes_no", "date", "persons"];

fn kind_label(i18n: I18nContext<Locale>, kind: &str) -> String {
    match kind {
        "email" => t_string!(i18n, editor.kind_email),
        "phone" => t_string!(i18n, editor.kind_phone),
        "choice" => t_string!(i18n, editor.kind_choice),
        "yes_no" => t_string!(i18n, editor.kind_yes_no),
        "date" => t_string!(i18n, editor.kind_date),
        "persons" => t_string!(i18n, editor.kind_persons),
        _ => t_string!(i18n, editor.kind_text),
    }
    .to_string()
}

#[derive(Clone, Copy)]
struct QuestionRow {
    key: RwSignal<String>,
    label_nl: RwSignal<String>,
    label_en: RwSignal<String>,
    kind: RwSignal<String>,
    /// A choice's options, one per line.
    options: RwSignal<String>,
    required: RwSignal<bool>,
}

#[derive(Clone, Copy)]
struct SectionRow {
    title_nl: RwSignal<String>,
    title_en: RwSignal<String>,
    questions: RwSignal<Vec<QuestionRow>>,
}

fn question_row(question: Option<&Question>) -> QuestionRow {
    let (kind, options) = match question.map(|q| &q.kind) {
        Some(QuestionKind::Text) | None => ("text", String::new()),
        Some(QuestionKind::Email) => ("email", String::new()),
        Some(QuestionKind::Phone) => ("phone", String::new()),
        Some(QuestionKind::Choice { options }) => ("choice", options.join("\n")),
        Some(QuestionKind::YesNo) => ("yes_no", String::new()),
        Some(QuestionKind::Date) => ("date", String::new()),
        Some(QuestionKind::Persons) => ("persons", String::new()),
    };
    QuestionRow {
        key: RwSignal::new(question.map(|q| q.key.clone()).unwrap_or_default()),
        label_nl: RwSignal::new(question.map(|q| q.label_nl.clone()).unwrap_or_default()),
        label_en: RwSignal::new(question.map(|q| q.label_en.clone()).unwrap_or_default()),
        kind: RwSignal::new(kind.to_owned()),
        options: RwSignal::new(options),
        required: RwSignal::new(question.is_some_and(|q| q.required)),
    }
}

fn section_row(section: Option<&Section>) -> SectionRow {
    SectionRow {
        title_nl: RwSignal::new(section.map(|s| s.title_nl.clone()).unwrap_or_default()),
        title_en: RwSignal::new(section.map(|s| s.title_en.clone()).unwrap_or_default()),
        questions: RwSignal::new(match section {
            Some(s) => s.questions.iter().map(|q| question_row(Some(q))).collect(),
            None => vec![question_row(None)],
        }),
    }
}

fn to_question(row: &QuestionRow) -> Question {
    let kind = match row.kind.get_untracked().as_str() {
        "email" => QuestionKind::Email,
        "phone" => QuestionKind::Phone,
        "choice" => QuestionKind::Choice {
            options: row
                .options
                .get_untracked()
                .lines()
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect(),
        },
        "yes_no" => QuestionKind::YesNo,
        "date" => QuestionKind::Date,
        "persons" => QuestionKind::Persons,
        _ => QuestionKind::Text,
    };
    Question {
        key: row.key.get_untracked().trim().to_owned(),
        label_nl: row.label_nl.get_untracked(),
        label_en: row.label_en.get_untracked(),
        kind,
        required: row.required.get_untracked(),
    }
}

/// Moves item `i` of `list` by `by` places (within bounds).
fn shift<T>(list: &mut [T], i: usize, up: bool) {
    if up && i > 0 {
        list.swap(i, i - 1);
    } else if !up && i + 1 < list.len() {
        list.swap(i, i + 1);
    }
}

#[component]
fn Editor(definition: QuestionnaireDefinition, saved: RwSignal<Option<String>>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let version = definition.version;
    let sections = RwSignal::new(definition.sections.iter().map(|s| section_row(Some(s))).collect::<Vec<_>>());
    let save = Submit::new(
        move |body: ReplaceQuestionnaire| async move { api::intake::replace_definition(session, version, &body).await },
        move |_: QuestionnaireDefinition| {
            saved.set(Some(t_string!(i18n, editor.saved).to_string()));
            reload.run(());
        },
    );
    let error = save.error;
    let conflict = move || error.get().is_some_and(|e| e.code() == Some(ErrorCode::PreconditionFailed));
    let message = Signal::derive(move || {
        if conflict() {
            Some(t_string!(i18n, editor.conflict).to_string())
        } else {
            form_error(error).get().or_else(|| field_error(error, "sections").get())
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        let body = sections
            .get_untracked()
            .iter()
            .map(|s| Section {
                title_nl: s.title_nl.get_untracked(),
                title_en: s.title_en.get_untracked(),
                questions: s.questions.get_untracked().iter().map(to_question).collect(),
            })
            .collect();
        save.run(ReplaceQuestionnaire { sections: body });
    };
    let about = definition.created_at.map(|at| {
        let by = definition.created_by.clone().unwrap_or_default();
        move || {
            t_string!(
                i18n,
                editor.version_by,
                version = version,
                by = by.clone(),
                at = format::date_time(at, i18n.get_locale())
            )
            .to_string()
        }
    });
    view! {
        <p class="hint version">{about.map(|about| view! { {about} })}</p>
        <form class="questionnaire-editor" on:submit=submit novalidate>
            <FormMessage error=message success=saved />
            <Show when=conflict>
                <button type="button" class="button secondary" on:click=move |_| reload.run(())>{tr!(tickets.reload)}</button>
            </Show>
            {move || sections.get().into_iter().enumerate().map(|(s, section)| view! {
                <SectionEditor index=s section=section sections=sections error=error />
            }).collect_view()}
            <div class="actions">
                <button type="button" class="button secondary add-section"
                    on:click=move |_| sections.update(|all| all.push(section_row(None)))>{tr!(editor.add_section)}</button>
                <SubmitButton label=tr!(editor.save) busy_label=tr!(saving) busy=save.busy() />
            </div>
        </form>
    }
}

#[component]
fn SectionEditor(
    index: usize,
    section: SectionRow,
    sections: RwSignal<Vec<SectionRow>>,
    error: crate::components::form::SubmitError,
) -> impl IntoView {
    let i18n = use_i18n();
    let base = format!("sections[{index}]");
    let title_error = field_error(error, format!("{base}.title"));
    let questions_error = field_error(error, format!("{base}.questions"));
    view! {
        <fieldset class="section-editor" data-index=index>
            <legend>{move || format!("{} {}", t_string!(i18n, editor.section), index + 1)}</legend>
            <TextField id=format!("s{index}-title-nl") label=tr!(editor.title_nl) value=section.title_nl required=true error=title_error />
            <TextField id=format!("s{index}-title-en") label=tr!(editor.title_en) value=section.title_en required=true />
            <p class="error" role="alert">{move || questions_error.get().unwrap_or_default()}</p>
            {move || section.questions.get().into_iter().enumerate().map(|(q, question)| view! {
                <QuestionEditor section=index index=q question=question questions=section.questions error=error />
            }).collect_view()}
            <div class="actions">
                <button type="button" class="button secondary small add-question"
                    on:click=move |_| section.questions.update(|all| all.push(question_row(None)))>{tr!(editor.add_question)}</button>
                <button type="button" class="button secondary small move-up"
                    on:click=move |_| sections.update(|all| shift(all, index, true))>{tr!(editor.move_up)}</button>
                <button type="button" class="button secondary small remove-section"
                    on:click=move |_| sections.update(|all| { if index < all.len() { all.remove(index); } })>{tr!(editor.remove_section)}</button>
            </div>
        </fieldset>
    }
}

#[component]
fn QuestionEditor(
    section: usize,
    index: usize,
    question: QuestionRow,
    questions: RwSignal<Vec<QuestionRow>>,
    error: crate::components::form::SubmitError,
) -> impl IntoView {
    let i18n = use_i18n();
    let base = format!("sections[{section}].questions[{index}]");
    let id = format!("s{section}-q{index}");
    let kinds = Signal::derive(move || KINDS.iter().map(|k| ((*k).to_owned(), kind_label(i18n, k))).collect());
    let is_choice = move || question.kind.get() == "choice";
    let options_id = format!("{id}-options");
    let options_error = field_error(error, format!("{base}.options"));
    view! {
        <div class="question-editor" data-index=index>
            <TextField id=format!("{id}-key") label=tr!(editor.key) value=question.key required=true
                hint=tr!(editor.key_hint) error=field_error(error, format!("{base}.key")) />
            <TextField id=format!("{id}-label-nl") label=tr!(editor.label_nl) value=question.label_nl required=true
                error=field_error(error, format!("{base}.label")) />
            <TextField id=format!("{id}-label-en") label=tr!(editor.label_en) value=question.label_en required=true />
            <SelectField id=format!("{id}-kind") label=tr!(editor.kind) value=question.kind options=kinds />
            <Show when=is_choice>
                <TextAreaField id=options_id.clone() label=tr!(editor.options) hint=tr!(editor.options_hint)
                    value=question.options rows=3 required=true error=options_error />
            </Show>
            <div class="field checkbox">
                <input id=format!("{id}-required") type="checkbox" bind:checked=question.required />
                <label for=format!("{id}-required")>{tr!(editor.required)}</label>
            </div>
            <div class="actions">
                <button type="button" class="button secondary small move-up"
                    on:click=move |_| questions.update(|all| shift(all, index, true))>{tr!(editor.move_up)}</button>
                <button type="button" class="button secondary small move-down"
                    on:click=move |_| questions.update(|all| shift(all, index, false))>{tr!(editor.move_down)}</button>
                <button type="button" class="button secondary small remove-question"
                    on:click=move |_| questions.update(|all| { if index < all.len() { all.remove(index); } })>{tr!(editor.remove_question)}</button>
            </div>
        </div>
    }
}
