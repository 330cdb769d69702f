//! The client's new-customer questionnaire: the sections of the version its case
//! answers, one input per question (people as rows to add and remove), saved as a draft
//! or submitted; the server's errors appear beside each answer (`answers.people[1].email`).
//! Others who follow the case see the answers read-only.

use std::collections::BTreeMap;

use leptos::prelude::*;
use loket_api_types::Role;
use loket_api_types::questionnaires::{
    Answer, CaseQuestionnaire, InvitationOutcome, PersonAnswer, PersonInvitations, Question, QuestionKind,
    QuestionnaireStatus, SaveAnswers, SoftwareRole,
};
use uuid::Uuid;

use crate::api;
use crate::components::form::{FormMessage, SelectField, SubmitError, TextField, field_error, form_error};
use crate::components::load::{Load, Loaded, Submit, load_by_id};
use crate::components::title::PageTitle;
use crate::i18n::*;
use crate::pages::tickets::is_helpdesk;
use crate::session::use_session;

#[component]
pub fn QuestionnairePage() -> impl IntoView {
    let loaded: Load<CaseQuestionnaire> = load_by_id(api::intake::questionnaire);
    view! {
        <div class="page-header"><PageTitle text=tr!(questionnaire.title) /></div>
        <Loaded resource=loaded let:case>
            <Form case=case reload=Callback::new(move |_| loaded.refetch()) />
        </Loaded>
    }
}

/// The inputs of one answer.
#[derive(Clone, Copy)]
enum Input {
    Text(RwSignal<String>),
    People(RwSignal<Vec<PersonRow>>),
}

#[derive(Clone, Copy)]
struct PersonRow {
    name: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
    role: RwSignal<String>,
}

fn role_wire(role: SoftwareRole) -> &'static str {
    match role {
        SoftwareRole::Administrator => "administrator",
        SoftwareRole::User => "user",
        SoftwareRole::ReadOnly => "read_only",
    }
}

fn row(person: Option<&PersonAnswer>) -> PersonRow {
    PersonRow {
        name: RwSignal::new(person.map(|p| p.name.clone()).unwrap_or_default()),
        email: RwSignal::new(person.map(|p| p.email.clone()).unwrap_or_default()),
        phone: RwSignal::new(person.map(|p| p.phone.clone()).unwrap_or_default()),
        role: RwSignal::new(person.map_or("user", |p| role_wire(p.role)).to_owned()),
    }
}

fn input_for(question: &Question, answer: Option<&Answer>) -> Input {
    match (&question.kind, answer) {
        (QuestionKind::Persons, Some(Answer::Persons(people))) => {
            Input::People(RwSignal::new(people.iter().map(|p| row(Some(p))).collect()))
        }
        (QuestionKind::Persons, _) => Input::People(RwSignal::new(vec![row(None)])),
        (_, Some(Answer::Text(text))) => Input::Text(RwSignal::new(text.clone())),
        (_, Some(Answer::YesNo(flag))) => Input::Text(RwSignal::new(if *flag { "yes" } else { "no" }.to_owned())),
        _ => Input::Text(RwSignal::new(String::new())),
    }
}

/// A section's titles (Dutch, English) and its questions with their inputs.
type SectionInputs = (String, String, Vec<(Question, Input)>);

/// The answers as the form holds them; blank ones are left out.
fn collect(questions: &[(Question, Input)]) -> BTreeMap<String, Answer> {
    let mut answers = BTreeMap::new();
    for (question, input) in questions {
        let answer = match (input, &question.kind) {
            (Input::Text(value), QuestionKind::YesNo) => match value.get_untracked().as_str() {
                "yes" => Some(Answer::YesNo(true)),
                "no" => Some(Answer::YesNo(false)),
                _ => None,
            },
            (Input::Text(value), _) => Some(value.get_untracked()).filter(|v| !v.trim().is_empty()).map(Answer::Text),
            (Input::People(rows), _) => {
                let people: Vec<PersonAnswer> = rows
                    .get_untracked()
                    .iter()
                    .filter(|r| {
                        !(r.name.get_untracked().trim().is_empty() && r.email.get_untracked().trim().is_empty())
                    })
                    .map(|r| PersonAnswer {
                        name: r.name.get_untracked(),
                        email: r.email.get_untracked(),
                        phone: r.phone.get_untracked(),
                        role: match r.role.get_untracked().as_str() {
                            "administrator" => SoftwareRole::Administrator,
                            "read_only" => SoftwareRole::ReadOnly,
                            _ => SoftwareRole::User,
                        },
                    })
                    .collect();
                (!people.is_empty()).then_some(Answer::Persons(people))
            }
        };
        if let Some(answer) = answer {
            answers.insert(question.key.clone(), answer);
        }
    }
    answers
}

#[component]
fn Form(case: CaseQuestionnaire, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let editable = case.status == QuestionnaireStatus::Draft && session.role() == Some(Role::ClientSuperuser);
    let id: Uuid = case.request_id;
    let version = case.version;
    let sections: Vec<SectionInputs> = case
        .sections
        .iter()
        .map(|section| {
            let inputs =
                section.questions.iter().map(|q| (q.clone(), input_for(q, case.answers.get(&q.key)))).collect();
            (section.title_nl.clone(), section.title_en.clone(), inputs)
        })
        .collect();
    let all: Vec<(Question, Input)> = sections.iter().flat_map(|(_, _, q)| q.clone()).collect();
    let all = StoredValue::new(all);
    let saved_note = RwSignal::new(false);
    let send = Submit::new(
        move |(submit, answers): (bool, BTreeMap<String, Answer>)| async move {
            let body = SaveAnswers { answers };
            if submit {
                api::intake::submit_questionnaire(session, id, version, &body).await
            } else {
                api::intake::save_questionnaire(session, id, version, &body).await
            }
        },
        move |_| {
            saved_note.set(true);
            reload.run(());
        },
    );
    let error = send.error;
    let save = move |submit: bool| send.run((submit, collect(&all.get_value())));
    let dutch = move || i18n.get_locale() == Locale::nl;
    view! {
        {(case.status == QuestionnaireStatus::Submitted).then(|| view! {
            <p class="alert alert-success" role="status">{tr!(questionnaire.submitted)}</p>
        })}
        {(case.status == QuestionnaireStatus::Submitted && is_helpdesk(session.role())).then(|| view! {
            <InvitePeople id=id />
        })}
        <FormMessage error=form_error(error) />
        <form class="questionnaire" novalidate on:submit=move |ev| { ev.prevent_default(); save(true); }>
            {sections.into_iter().map(|(title_nl, title_en, questions)| view! {
                <fieldset disabled=!editable>
                    <legend>{move || if dutch() { title_nl.clone() } else { title_en.clone() }}</legend>
                    {questions.into_iter().map(|(question, input)| view! {
                        <QuestionInput question=question input=input error=error />
                    }).collect_view()}
                </fieldset>
            }).collect_view()}
            {editable.then(|| view! {
                <div class="actions">
                    <button type="button" class="button secondary save-draft" on:click=move |_| save(false)
                        disabled=move || send.busy().get()>{tr!(questionnaire.save_draft)}</button>
                    <button type="submit" class="button" disabled=move || send.busy().get()>{tr!(questionnaire.submit)}</button>
                </div>
            })}
        </form>
    }
}

#[component]
fn QuestionInput(question: Question, input: Input, error: SubmitError) -> impl IntoView {
    let i18n = use_i18n();
    let (label_nl, label_en) = (question.label_nl.clone(), question.label_en.clone());
    let label =
        Signal::derive(move || if i18n.get_locale() == Locale::nl { label_nl.clone() } else { label_en.clone() });
    let key = question.key.clone();
    let id = format!("q-{key}");
    let path = format!("answers.{key}");
    match (input, question.kind) {
        (Input::Text(value), QuestionKind::Choice { options }) => {
            let mut choices = vec![(String::new(), String::new())];
            choices.extend(options.into_iter().map(|o| (o.clone(), o)));
            view! { <SelectField id=id label=label value=value options=choices required=question.required error=field_error(error, path) /> }
                .into_any()
        }
        (Input::Text(value), QuestionKind::YesNo) => {
            let options = Signal::derive(move || {
                vec![
                    (String::new(), String::new()),
                    ("yes".to_owned(), t_string!(i18n, questionnaire.yes).to_string()),
                    ("no".to_owned(), t_string!(i18n, questionnaire.no).to_string()),
                ]
            });
            view! { <SelectField id=id label=label value=value options=options required=question.required error=field_error(error, path) /> }
                .into_any()
        }
        (Input::Text(value), kind) => {
            let kind = match kind {
                QuestionKind::Email => "email",
                QuestionKind::Phone => "tel",
                QuestionKind::Date => "date",
                _ => "text",
            };
            view! { <TextField id=id label=label value=value kind=kind required=question.required error=field_error(error, path) /> }
                .into_any()
        }
        (Input::People(rows), _) => view! { <People question_key=key label=label rows=rows error=error /> }.into_any(),
    }
}

/// A repeatable group: one row per person.
#[component]
fn People(
    question_key: String,
    label: Signal<String>,
    rows: RwSignal<Vec<PersonRow>>,
    error: SubmitError,
) -> impl IntoView {
    let i18n = use_i18n();
    let roles = Signal::derive(move || {
        vec![
            ("administrator".to_owned(), t_string!(i18n, questionnaire.role_administrator).to_string()),
            ("user".to_owned(), t_string!(i18n, questionnaire.role_user).to_string()),
            ("read_only".to_owned(), t_string!(i18n, questionnaire.role_read_only).to_string()),
        ]
    });
    let key = StoredValue::new(question_key);
    view! {
        <div class="people">
            <p class="group-label">{move || label.get()}</p>
            <FormMessage error=field_error(error, format!("answers.{}", key.get_value())) />
            {move || rows.get().into_iter().enumerate().map(|(i, person)| {
                let base = format!("answers.{}[{i}]", key.get_value());
                let id = format!("p{i}");
                view! {
                    <div class="person-row" data-index=i>
                        <TextField id=format!("{id}-name") label=tr!(questionnaire.person_name) value=person.name error=field_error(error, format!("{base}.name")) />
                        <TextField id=format!("{id}-email") kind="email" label=tr!(questionnaire.person_email) value=person.email error=field_error(error, format!("{base}.email")) />
                        <TextField id=format!("{id}-phone") kind="tel" label=tr!(questionnaire.person_phone) value=person.phone error=field_error(error, format!("{base}.phone")) />
                        <SelectField id=format!("{id}-role") label=tr!(questionnaire.person_role) value=person.role options=roles />
                        <button type="button" class="button secondary small remove-person"
                            on:click=move |_| rows.update(|all| { if i < all.len() { all.remove(i); } })>
                            {tr!(questionnaire.remove_person)}
                        </button>
                    </div>
                }
            }).collect_view()}
            <button type="button" class="button secondary small add-person" on:click=move |_| rows.update(|all| all.push(row(None)))>
                {tr!(questionnaire.add_person)}
            </button>
        </div>
    }
}

/// The helpdesk invites every person the submitted questionnaire lists, in one step;
/// the answer says per person whether an invitation went out or the address already had
/// a login.
#[component]
fn InvitePeople(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let outcome = RwSignal::new(None::<PersonInvitations>);
    let invite = Submit::new(
        move |()| async move { api::intake::invite_people(session, id).await },
        move |done: PersonInvitations| outcome.set(Some(done)),
    );
    view! {
        <section class="card invite-people">
            <h2>{tr!(questionnaire.invite_title)}</h2>
            <p class="hint">{tr!(questionnaire.invite_hint)}</p>
            <FormMessage error=form_error(invite.error) />
            <button type="button" class="button invite" disabled=move || invite.busy().get()
                on:click=move |_| invite.run(())>{tr!(questionnaire.invite_action)}</button>
            {move || outcome.get().map(|done| view! {
                <ul class="invitations" role="status">
                    {done.items.into_iter().map(|person| {
                        let invited = person.outcome == InvitationOutcome::Invited;
                        view! {
                            <li class=if invited { "invited" } else { "already-user" }>
                                {format!("{} · {} · ", person.name, person.email)}
                                {move || if invited {
                                    t_string!(i18n, questionnaire.invited).to_string()
                                } else {
                                    t_string!(i18n, questionnaire.already_user).to_string()
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
