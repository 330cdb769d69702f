//! Sending e-mail. A fresh checkout writes every message as an `.eml` file into the
//! mail folder (`LOKET_MAIL_DIR`, default `./data/mail`), so nothing is lost and nothing
//! needs a mail server.

use std::path::PathBuf;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncTransport, Message, Tokio1Executor};

use super::mail_templates::RenderedMail;

#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    transport: AsyncFileTransport<Tokio1Executor>,
    dir: PathBuf,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from.to_string()).field("dir", &self.dir).finish()
    }
}

impl Mailer {
    /// A mailer that writes `.eml` files into `dir` (created if missing).
    pub fn file_sink(from: &str, dir: PathBuf) -> Result<Self, anyhow::Error> {
        std::fs::create_dir_all(&dir)?;
        let from: Mailbox = from.parse().map_err(|e| anyhow::anyhow!("LOKET_MAIL_FROM is not a valid sender: {e}"))?;
        Ok(Self { from, transport: AsyncFileTransport::new(&dir), dir })
    }

    /// Sends a rendered message with a plain-text and an HTML part.
    pub async fn send(&self, to_name: &str, to_address: &str, mail: RenderedMail) -> Result<(), anyhow::Error> {
        let to = Mailbox::new(Some(to_name.to_owned()), to_address.parse()?);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject)
            .multipart(MultiPart::alternative_plain_html(mail.text, mail.html))?;
        self.transport.send(message).await?;
        Ok(())
    }
}
