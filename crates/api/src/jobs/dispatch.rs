//! Delivering one outbox job with the adapter for its kind.

use std::time::Duration;

use chrono::Utc;
use sea_orm::DatabaseConnection;

use crate::adapters::DeliveryError;
use crate::adapters::mail::Mailer;
use crate::adapters::sms::SmsSender;
use crate::adapters::webhook::WebhookSender;
use crate::auth::signed_links::LinkSigner;
use crate::clock::Clock;
use crate::config::Settings;
use crate::db;
use crate::db::entities::outbox_jobs;
use crate::jobs::account_links::{self, LinkSettings};
use crate::jobs::payload::Payload;
use crate::jobs::{access_links, instructions, sms_codes};

#[derive(Debug, Clone)]
pub struct Dispatcher {
    pub mailer: Mailer,
    pub sms: SmsSender,
    pub webhooks: WebhookSender,
    pub links: LinkSettings,
    /// Signs the download links that instructions carry.
    pub signer: LinkSigner,
    /// The server's clock (one-time codes start to run when they are sent).
    pub clock: Clock,
}

impl Dispatcher {
    pub fn from_settings(settings: &Settings, signer: LinkSigner, clock: Clock) -> anyhow::Result<Self> {
        Ok(Self {
            mailer: Mailer::from_settings(settings)?,
            sms: SmsSender::from_settings(settings)?,
            webhooks: WebhookSender::new(
                Duration::from_secs(settings.webhook_timeout_secs),
                settings.webhook_allows_private_networks(),
            )?,
            links: LinkSettings {
                public_url: settings.public_url.clone(),
                invitation_ttl: chrono::Duration::hours(i64::try_from(settings.invitation_ttl_hours).unwrap_or(168)),
                reset_ttl: chrono::Duration::minutes(i64::try_from(settings.password_reset_ttl_minutes).unwrap_or(30)),
            },
            signer,
            clock,
        })
    }

    /// Delivers `job`; on success returns the HTTP status where there is one.
    pub async fn deliver(
        &self,
        db: &DatabaseConnection,
        job: &outbox_jobs::Model,
    ) -> Result<Option<u16>, DeliveryError> {
        let payload: Payload = serde_json::from_str(&job.payload)
            .map_err(|e| DeliveryError::permanent(format!("the stored message is unreadable: {e}")))?;
        let message_id = job.id.to_string();
        match payload {
            Payload::Email(email) => self.mailer.send(&email, &message_id).await.map(|()| None),
            Payload::AccountLink(link) => {
                match account_links::render(db, &self.links, link.user_id, link.purpose, Utc::now()).await? {
                    Some(email) => self.mailer.send(&email, &message_id).await.map(|()| None),
                    None => Ok(None),
                }
            }
            Payload::PasswordResetRequest(request) => {
                match account_links::render_reset_request(db, &self.links, &request.email, Utc::now()).await? {
                    Some(email) => self.mailer.send(&email, &message_id).await.map(|()| None),
                    None => Ok(None),
                }
            }
            Payload::AccessConfirmation(reference) => {
                match access_links::render(db, &self.links, reference.request_id, Utc::now()).await? {
                    Some(email) => self.mailer.send(&email, &message_id).await.map(|()| None),
                    None => Ok(None),
                }
            }
            Payload::InstallationInstructions(reference) => {
                match instructions::render(db, &self.links, &self.signer, &reference, Utc::now()).await? {
                    Some(email) => self.mailer.send(&email, &message_id).await.map(|()| None),
                    None => Ok(None),
                }
            }
            Payload::Sms(sms) => self.sms.send(&sms, &message_id).await.map(|()| None),
            Payload::SmsCode(reference) => match sms_codes::render(db, reference.code_id, self.clock.now()).await? {
                Some(sms) => self.sms.send(&sms, &message_id).await.map(|()| None),
                None => Ok(None),
            },
            Payload::Webhook(message) => {
                let endpoint = db::webhooks::find_for_delivery(db, message.endpoint_id)
                    .await
                    .map_err(|e| DeliveryError::transient(format!("the endpoint could not be loaded: {e}")))?
                    .ok_or_else(|| DeliveryError::permanent("the endpoint has been deleted"))?;
                if !endpoint.enabled {
                    return Err(DeliveryError::permanent("the endpoint is disabled"));
                }
                let now = Utc::now();
                let mut secrets = vec![endpoint.secret.as_str()];
                if let (Some(previous), Some(until)) = (&endpoint.previous_secret, endpoint.previous_secret_expires_at)
                    && until > now
                {
                    secrets.push(previous.as_str());
                }
                self.webhooks.send(&endpoint.url, &message_id, now.timestamp(), &message.body, &secrets).await.map(Some)
            }
        }
    }
}
