//! Sending SMS: through Twilio's Programmable Messaging API, or, by default, as text files
//! in a folder.
//!
//! Twilio protocol: `POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json`, HTTP
//! basic authentication with the account SID and auth token, form fields `To`, `From` and
//! `Body`; 201 with the message resource on success, a JSON error `{code, message, status}`
//! otherwise. 4xx answers are permanent (a wrong number stays wrong), except 429.

use std::path::PathBuf;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::DeliveryError;
use crate::config::{Settings, SmsProvider};

/// A text message to one E.164 number.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sms {
    pub to: String,
    pub body: String,
}

#[derive(Clone)]
pub enum SmsSender {
    Files {
        dir: PathBuf,
    },
    Twilio {
        client: reqwest::Client,
        messages_url: String,
        account_sid: String,
        auth_token: SecretString,
        from: String,
    },
}

impl std::fmt::Debug for SmsSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Files { dir } => write!(f, "SmsSender::Files({})", dir.display()),
            Self::Twilio { messages_url, .. } => write!(f, "SmsSender::Twilio({messages_url})"),
        }
    }
}

#[derive(Debug, Deserialize)]
struct TwilioError {
    code: Option<i64>,
    message: Option<String>,
}

impl SmsSender {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        match settings.sms_provider {
            SmsProvider::File => {
                let dir = settings.sms_dir();
                std::fs::create_dir_all(&dir)?;
                Ok(Self::Files { dir })
            }
            SmsProvider::Twilio => {
                let account_sid = settings
                    .twilio_account_sid
                    .clone()
                    .ok_or_else(|| anyhow::anyhow!("LOKET_TWILIO_ACCOUNT_SID is needed for Twilio"))?;
                let auth_token = settings
                    .twilio_auth_token
                    .clone()
                    .ok_or_else(|| anyhow::anyhow!("LOKET_TWILIO_AUTH_TOKEN is needed for Twilio"))?;
                let base = settings.twilio_base_url.trim_end_matches('/');
                let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build()?;
                Ok(Self::Twilio {
                    client,
                    messages_url: format!("{base}/2010-04-01/Accounts/{account_sid}/Messages.json"),
                    account_sid,
                    auth_token,
                    from: settings.sms_from.clone(),
                })
            }
        }
    }

    pub async fn send(&self, sms: &Sms, message_id: &str) -> Result<(), DeliveryError> {
        match self {
            Self::Files { dir } => {
                let text = format!("To: {}\nMessage-Id: {message_id}\n\n{}\n", sms.to, sms.body);
                tokio::fs::write(dir.join(format!("{message_id}.txt")), text)
                    .await
                    .map_err(|e| DeliveryError::transient(format!("writing the SMS file failed: {e}")))
            }
            Self::Twilio { client, messages_url, account_sid, auth_token, from } => {
                let response = client
                    .post(messages_url)
                    .basic_auth(account_sid, Some(auth_token.expose_secret()))
                    .form(&[("To", sms.to.as_str()), ("From", from.as_str()), ("Body", sms.body.as_str())])
                    .send()
                    .await
                    .map_err(|e| DeliveryError::transient(format!("the SMS provider could not be reached: {e}")))?;
                let status = response.status();
                if status.is_success() {
                    return Ok(());
                }
                let detail = response.json::<TwilioError>().await.ok();
                let message = match detail {
                    Some(TwilioError { code, message }) => format!(
                        "the SMS provider answered {status}: {} (code {})",
                        message.unwrap_or_default(),
                        code.map(|c| c.to_string()).unwrap_or_else(|| "-".to_owned())
                    ),
                    None => format!("the SMS provider answered {status}"),
                };
                let permanent = status.is_client_error() && status.as_u16() != 429;
                Err(DeliveryError { message, permanent, http_status: Some(status.as_u16()) })
            }
        }
    }
}
