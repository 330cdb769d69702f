//! PIN letters (seed 002, "instellen accorderingstokens"): the firm selects clients (or
//! people) and gets one PDF of printable letters, each with a new PIN for one person, in
//! that person's language under the firm's (or the client's branch's) letterhead. The
//! PINs exist in clear only in that answer: the server keeps their Argon2 hashes, and the
//! PDF is made in memory and never stored. All or nothing: every fault is named first.

mod pdf;

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use loket_api_types::pin_letters::{IssuePinLetters, MAX_LETTERS};
use loket_domain::Language;
use loket_domain::approvals::pin_letter::{LetterText, PinLetter};
use loket_domain::audit::{AuditAction, EntityType, Snapshot};
use loket_domain::policy::{ClientSetupAction, Decision, Policy};
use uuid::Uuid;

use crate::auth::{Principal, password, tokens};
use crate::db;
use crate::db::entities::{organisations, users};
use crate::error::{ApiError, Problems};
use crate::services::audit::Change;
use crate::services::write::Write;
use crate::state::AppState;

const PIN_DIGITS: usize = 6;

/// The letters asked for, as a PDF; the people's PINs are replaced when it is made.
pub async fn issue(state: &AppState, principal: &Principal, request: IssuePinLetters) -> Result<Vec<u8>, ApiError> {
    if !ClientSetupAction::sets_up_clients(&principal.actor) {
        return Err(ApiError::forbidden(ClientSetupAction::IssuePinLetters.refusal()));
    }
    let mut problems = Problems::default();
    let (clients, people) = match (&request.organisation_ids, &request.user_ids) {
        (Some(ids), None) => by_clients(state, principal, ids, &mut problems).await?,
        (None, Some(ids)) => by_people(state, principal, ids, &mut problems).await?,
        _ => {
            problems.add("organisation_ids", "one_of", "name the clients or the people, not both");
            (HashMap::new(), Vec::new())
        }
    };
    problems.check()?;
    if people.is_empty() {
        return Err(ApiError::field("organisation_ids", "no_people", "these clients have nobody to send a PIN to yet"));
    }
    if people.len() > MAX_LETTERS {
        return Err(ApiError::field(
            "organisation_ids",
            "too_many",
            format!("{} people: print at most {MAX_LETTERS} letters at a time", people.len()),
        ));
    }

    let letterheads = letterheads(state, &clients).await?;
    let records = db::client_imports::records_of(&state.db, &clients.keys().copied().collect::<Vec<_>>()).await?;
    let today = Utc::now().date_naive();
    let mut letters = Vec::with_capacity(people.len());
    let mut hashes = Vec::with_capacity(people.len());
    for person in &people {
        let client = clients.get(&person.organisation_id).ok_or(ApiError::NotFound)?;
        let (sender, branch) = letterheads.get(&client.id).cloned().unwrap_or_default();
        let address = records.get(&client.id).map(address_lines).unwrap_or_default();
        let pin = tokens::generate_digits(PIN_DIGITS);
        let letter = PinLetter {
            sender,
            branch,
            recipient: person.name.clone(),
            organisation: client.name.clone(),
            address,
            login: person.email.clone(),
            date: today,
            pin: pin.clone(),
        };
        let language = Language::parse(&person.language).unwrap_or_default();
        letters.push(letter.text(language));
        hashes.push(password::hash_password(pin).await?);
    }
    let title = match caller_language(state, principal).await? {
        Language::Nl => "Pincodebrieven",
        Language::En => "PIN letters",
    };
    let bytes = render(title, letters).await?;

    let ids: Vec<Uuid> = people.iter().map(|p| p.id).collect();
    let now = Utc::now();
    let mut write = Write::begin(state, principal.into()).await?;
    let had = db::pins::holders(write.db(), &ids).await?;
    let mut changes = Vec::with_capacity(people.len());
    for (person, hash) in people.iter().zip(hashes) {
        db::pins::set(write.db(), person.id, hash, now).await?;
        let action = if had.contains(&person.id) { AuditAction::Updated } else { AuditAction::Created };
        let snapshot = Snapshot::new().field("issued_by", "letter");
        changes.push(
            Change::event(action, EntityType::UserPin, person.id, Some(person.organisation_id))
                .comparing(None, Some(&snapshot))
                .in_history_of(EntityType::User, person.id),
        );
    }
    write.record_many(changes).await?;
    write.commit().await?;
    tracing::info!(letters = people.len(), "PIN letters issued");
    Ok(bytes)
}

/// The PDF is a few hundred kilobytes of CPU work: off the request threads.
async fn render(title: &'static str, letters: Vec<LetterText>) -> Result<Vec<u8>, ApiError> {
    tokio::task::spawn_blocking(move || pdf::render(title, &letters))
        .await
        .map_err(|e| ApiError::internal(anyhow::anyhow!("rendering PIN letters: {e}")))
}

/// The signed-in person's language (the PDF's title); Dutch for anyone else.
async fn caller_language(state: &AppState, principal: &Principal) -> Result<Language, ApiError> {
    let Some(id) = principal.actor.user_id() else { return Ok(Language::default()) };
    let user = db::auth_lookup::user_by_id(&state.db, id).await?;
    Ok(user.and_then(|u| Language::parse(&u.language)).unwrap_or_default())
}

/// Decides one client for the caller: allowed, or a fault named at `field` (hidden
/// clients do not exist), or 403 when the caller sees it but may not.
fn decide(
    principal: &Principal,
    client: &organisations::Model,
    field: &str,
    problems: &mut Problems,
) -> Result<bool, ApiError> {
    match principal.actor.decide(ClientSetupAction::IssuePinLetters, &db::organisations::facts(client)?) {
        Decision::Allow => Ok(true),
        Decision::Hidden => {
            problems.add(field, "not_found", "no such client");
            Ok(false)
        }
        Decision::Forbidden => Err(ApiError::forbidden(ClientSetupAction::IssuePinLetters.refusal())),
    }
}

type Chosen = (HashMap<Uuid, organisations::Model>, Vec<users::Model>);

async fn by_clients(
    state: &AppState,
    principal: &Principal,
    ids: &[Uuid],
    problems: &mut Problems,
) -> Result<Chosen, ApiError> {
    let found = db::organisations::by_ids(&state.db, ids).await?;
    let mut clients = HashMap::new();
    for (index, id) in ids.iter().enumerate() {
        let field = format!("organisation_ids[{index}]");
        let Some(client) = found.get(id) else {
            problems.add(field, "not_found", "no such client");
            continue;
        };
        if clients.contains_key(id) {
            problems.add(field, "repeated", "this client is named twice");
        } else if decide(principal, client, &field, problems)? {
            clients.insert(*id, client.clone());
        }
    }
    let people = db::users::active_in(&state.db, &clients.keys().copied().collect::<Vec<_>>()).await?;
    Ok((clients, people))
}

async fn by_people(
    state: &AppState,
    principal: &Principal,
    ids: &[Uuid],
    problems: &mut Problems,
) -> Result<Chosen, ApiError> {
    let found = db::users::by_ids(&state.db, ids).await?;
    let organisation_ids: Vec<Uuid> = found.values().map(|u| u.organisation_id).collect();
    let organisations = db::organisations::by_ids(&state.db, &organisation_ids).await?;
    let mut clients = HashMap::new();
    let mut people = Vec::new();
    let mut seen = HashSet::new();
    for (index, id) in ids.iter().enumerate() {
        let field = format!("user_ids[{index}]");
        let Some((person, client)) = found.get(id).and_then(|p| Some((p, organisations.get(&p.organisation_id)?)))
        else {
            problems.add(field, "not_found", "no such person");
            continue;
        };
        if !seen.insert(*id) {
            problems.add(field, "repeated", "this person is named twice");
        } else if !decide(principal, client, &field, problems)? {
            continue;
        } else if person.status == db::users::STATUS_DEACTIVATED {
            problems.add(field, "deactivated", "this person's account is deactivated");
        } else {
            clients.insert(client.id, client.clone());
            people.push(person.clone());
        }
    }
    Ok((clients, people))
}

/// The letterhead of each client: its firm's name (the vendor's for a client without
/// one) and its branch's name; three queries for all the clients.
async fn letterheads(
    state: &AppState,
    clients: &HashMap<Uuid, organisations::Model>,
) -> Result<HashMap<Uuid, (String, Option<String>)>, ApiError> {
    let firm_ids: Vec<Uuid> = clients.values().filter_map(|c| c.managing_partner_id).collect();
    let firms = db::organisations::names(&state.db, &firm_ids).await?;
    let branch_ids: Vec<Uuid> = clients.values().filter_map(|c| c.branch_id).collect();
    let branches = db::branches::names(&state.db, &branch_ids).await?;
    let vendor = db::organisations::find_vendor(&state.db).await?.map(|v| v.name).unwrap_or_default();
    Ok(clients
        .values()
        .map(|client| {
            let sender =
                client.managing_partner_id.and_then(|id| firms.get(&id).cloned()).unwrap_or_else(|| vendor.clone());
            let branch = client.branch_id.and_then(|id| branches.get(&id).cloned());
            (client.id, (sender, branch))
        })
        .collect())
}

fn address_lines(record: &db::entities::client_records::Model) -> Vec<String> {
    let join = |a: &Option<String>, b: &Option<String>| {
        [a.as_deref(), b.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ")
    };
    [join(&record.street, &record.house_number), join(&record.postcode, &record.city)]
        .into_iter()
        .filter(|line| !line.is_empty())
        .collect()
}
