//! The client fields of an organisation: the customer number on its invoices (with which
//! its people ask for a login) and its consultant (named when a ticket falls outside the
//! support contract).

use loket_api_types::organisations::{Consultant, NewClient, UpdateOrganisationRequest};
use loket_domain::access::CustomerNumber;
use loket_domain::{EmailAddress, OrganisationKind, PersonName, PhoneNumber};

use crate::db::entities::organisations;
use crate::db::organisations::ClientProfile;
use crate::error::ApiError;

/// The four fields as a request carries them: absent leaves a value, empty removes it.
#[derive(Debug, Default)]
pub struct ProfileInput<'a> {
    pub customer_number: Option<&'a str>,
    pub consultant_name: Option<&'a str>,
    pub consultant_email: Option<&'a str>,
    pub consultant_phone: Option<&'a str>,
}

impl<'a> From<&'a NewClient> for ProfileInput<'a> {
    fn from(c: &'a NewClient) -> Self {
        Self {
            customer_number: c.customer_number.as_deref(),
            consultant_name: c.consultant_name.as_deref(),
            consultant_email: c.consultant_email.as_deref(),
            consultant_phone: c.consultant_phone.as_deref(),
        }
    }
}

impl<'a> From<&'a UpdateOrganisationRequest> for ProfileInput<'a> {
    fn from(r: &'a UpdateOrganisationRequest) -> Self {
        Self {
            customer_number: r.customer_number.as_deref(),
            consultant_name: r.consultant_name.as_deref(),
            consultant_email: r.consultant_email.as_deref(),
            consultant_phone: r.consultant_phone.as_deref(),
        }
    }
}

impl ProfileInput<'_> {
    fn is_empty(&self) -> bool {
        [self.customer_number, self.consultant_name, self.consultant_email, self.consultant_phone]
            .iter()
            .all(Option::is_none)
    }
}

fn present(raw: &str) -> Option<&str> {
    Some(raw.trim()).filter(|s| !s.is_empty())
}

/// Applies `input` to `profile` for an organisation of `kind`.
pub fn apply(profile: &mut ClientProfile, input: &ProfileInput<'_>, kind: OrganisationKind) -> Result<(), ApiError> {
    if input.is_empty() {
        return Ok(());
    }
    if kind != OrganisationKind::Client {
        return Err(ApiError::field("customer_number", "shape", "only clients have a customer number and consultant"));
    }
    if let Some(raw) = input.customer_number {
        // Not trimmed: the published pattern allows no spaces.
        profile.customer_number = match Some(raw).filter(|s| !s.is_empty()) {
            None => None,
            Some(raw) => Some(
                CustomerNumber::parse(raw)
                    .map_err(|e| ApiError::field("customer_number", "customer_number", e.to_string()))?
                    .into_inner(),
            ),
        };
    }
    if let Some(raw) = input.consultant_name {
        profile.consultant_name = match present(raw) {
            None => {
                profile.consultant_email = None;
                profile.consultant_phone = None;
                None
            }
            Some(raw) => Some(
                PersonName::parse(raw)
                    .map_err(|e| ApiError::field("consultant_name", "name", e.to_string()))?
                    .into_inner(),
            ),
        };
    }
    if let Some(raw) = input.consultant_email {
        profile.consultant_email = match present(raw) {
            None => None,
            Some(raw) => Some(
                EmailAddress::parse(raw)
                    .map_err(|e| ApiError::field("consultant_email", "email", e.to_string()))?
                    .into_inner(),
            ),
        };
    }
    if let Some(raw) = input.consultant_phone {
        profile.consultant_phone = match present(raw) {
            None => None,
            Some(raw) => Some(
                PhoneNumber::parse(raw)
                    .map_err(|e| ApiError::field("consultant_phone", "phone", e.to_string()))?
                    .into_inner(),
            ),
        };
    }
    if profile.consultant_name.is_none() && (profile.consultant_email.is_some() || profile.consultant_phone.is_some()) {
        return Err(ApiError::field("consultant_name", "required", "name the consultant"));
    }
    Ok(())
}

pub fn of(model: &organisations::Model) -> ClientProfile {
    ClientProfile {
        customer_number: model.customer_number.clone(),
        consultant_name: model.consultant_name.clone(),
        consultant_email: model.consultant_email.clone(),
        consultant_phone: model.consultant_phone.clone(),
    }
}

pub fn set(model: &mut organisations::Model, profile: ClientProfile) {
    model.customer_number = profile.customer_number;
    model.consultant_name = profile.consultant_name;
    model.consultant_email = profile.consultant_email;
    model.consultant_phone = profile.consultant_phone;
}

pub fn consultant(model: &organisations::Model) -> Option<Consultant> {
    model.consultant_name.as_ref().map(|name| Consultant {
        name: name.clone(),
        email: model.consultant_email.clone(),
        phone: model.consultant_phone.clone(),
    })
}
