//! Sending e-mail: over SMTP with lettre (STARTTLS, TLS, authentication, pooled
//! connections), or, by default, as `.eml` files in a folder.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use super::DeliveryError;
use crate::config::Settings;

/// A message ready to send (rendered when it was queued).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Email {
    pub to_name: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// `nl` or `en`, sent as `Content-Language`.
    pub language: String,
}

#[derive(Clone)]
enum Transport {
    Files(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    domain: String,
    transport: Transport,
    description: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from.to_string()).field("transport", &self.description).finish()
    }
}

impl Mailer {
    /// The mailer the settings ask for: SMTP when `LOKET_SMTP_URL` is set, else files.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        let from: Mailbox =
            settings.mail_from.parse().map_err(|e| anyhow::anyhow!("LOKET_MAIL_FROM is not a valid sender: {e}"))?;
        let domain = from.email.domain().to_owned();
        match &settings.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .map_err(|e| anyhow::anyhow!("LOKET_SMTP_URL is not usable: {e}"))?
                    .timeout(Some(Duration::from_secs(settings.smtp_timeout_secs)))
                    .build();
                Ok(Self { from, domain, transport: Transport::Smtp(transport), description: "smtp".to_owned() })
            }
            None => Self::file_sink_from(from, domain, settings.mail_dir()),
        }
    }

    fn file_sink_from(from: Mailbox, domain: String, dir: PathBuf) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        let description = format!("files in {}", dir.display());
        Ok(Self { from, domain, transport: Transport::Files(AsyncFileTransport::new(&dir)), description })
    }

    /// Sends `email` with a plain-text and an HTML part. `message_id` makes the
    /// `Message-ID` header, so a receiver can recognise a repeated delivery.
    pub async fn send(&self, email: &Email, message_id: &str) -> Result<(), DeliveryError> {
        let to_address = email.to.parse().map_err(|e| DeliveryError::permanent(format!("bad recipient: {e}")))?;
        let to = Mailbox::new(Some(email.to_name.clone()), to_address);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            .message_id(Some(format!("<{message_id}@{}>", self.domain)))
            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("Content-Language"), email.language.clone()))
            .multipart(MultiPart::alternative_plain_html(email.text.clone(), email.html.clone()))
            .map_err(|e| DeliveryError::permanent(format!("message could not be built: {e}")))?;
        match &self.transport {
            Transport::Files(files) => files
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| DeliveryError::transient(format!("writing the mail file failed: {e}"))),
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| {
                if e.is_permanent() {
                    DeliveryError::permanent(format!("the mail server refused the message: {e}"))
                } else {
                    DeliveryError::transient(format!("the mail server could not be reached or failed: {e}"))
                }
            }),
        }
    }
}
