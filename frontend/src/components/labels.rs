//! Translated names of the API's enums.

use loket_api_types::users::UserStatus;
use loket_api_types::{ApiScope, Language, OrganisationKind, PartnerKind, Role};

use crate::i18n::*;

pub fn role(i18n: I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::VendorAdmin => t_string!(i18n, role.vendor_admin),
        Role::Agent => t_string!(i18n, role.agent),
        Role::PartnerAdmin => t_string!(i18n, role.partner_admin),
        Role::PartnerUser => t_string!(i18n, role.partner_user),
        Role::ClientSuperuser => t_string!(i18n, role.client_superuser),
        Role::ClientUser => t_string!(i18n, role.client_user),
    }
    .to_string()
}

pub fn status(i18n: I18nContext<Locale>, status: UserStatus) -> String {
    match status {
        UserStatus::Invited => t_string!(i18n, status.invited),
        UserStatus::Active => t_string!(i18n, status.active),
        UserStatus::Deactivated => t_string!(i18n, status.deactivated),
    }
    .to_string()
}

pub fn kind(i18n: I18nContext<Locale>, kind: OrganisationKind) -> String {
    match kind {
        OrganisationKind::Vendor => t_string!(i18n, kind.vendor),
        OrganisationKind::Partner => t_string!(i18n, kind.partner),
        OrganisationKind::Client => t_string!(i18n, kind.client),
    }
    .to_string()
}

pub fn partner_kind(i18n: I18nContext<Locale>, kind: PartnerKind) -> String {
    match kind {
        PartnerKind::Bank => t_string!(i18n, partner_kind.bank),
        PartnerKind::Factoring => t_string!(i18n, partner_kind.factoring),
        PartnerKind::Accountancy => t_string!(i18n, partner_kind.accountancy),
        PartnerKind::Reseller => t_string!(i18n, partner_kind.reseller),
    }
    .to_string()
}

pub fn language(i18n: I18nContext<Locale>, language: Language) -> String {
    match language {
        Language::Nl => t_string!(i18n, language.nl),
        Language::En => t_string!(i18n, language.en),
    }
    .to_string()
}

pub fn scope(i18n: I18nContext<Locale>, scope: ApiScope) -> String {
    match scope {
        ApiScope::OrganisationsRead => t_string!(i18n, keys.scope_organisations_read),
        ApiScope::UsersRead => t_string!(i18n, keys.scope_users_read),
        ApiScope::UsersWrite => t_string!(i18n, keys.scope_users_write),
    }
    .to_string()
}

/// The app locale for a user's language, and back.
pub fn locale_of(language: Language) -> Locale {
    match language {
        Language::Nl => Locale::nl,
        Language::En => Locale::en,
    }
}

pub fn language_of(locale: Locale) -> Language {
    match locale {
        Locale::nl => Language::Nl,
        Locale::en => Language::En,
    }
}
