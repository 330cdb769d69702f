//! Configuration: defaults that run with nothing installed, overridden by an optional
//! TOML file and by `LOKET_*` environment variables (in that order).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use ipnet::IpNet;
use secrecy::SecretString;
use serde::Deserialize;

/// Every setting of the server. `Debug` never prints secrets.
#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// `sqlite://./data/loket.db?mode=rwc` or `postgres://user@host/db`. May carry a
    /// password, so it is a secret: `Debug` prints it redacted.
    pub database_url: SecretString,
    /// Maximum connections in the database pool.
    pub database_max_connections: u32,
    /// Address to listen on.
    pub listen: SocketAddr,
    /// The URL users reach Loket at; e-mail links point here.
    pub public_url: String,
    /// Where generated secrets, mail files and (by default) the SQLite file live.
    pub data_dir: PathBuf,
    /// `development` (readable logs) or `production` (JSON logs).
    pub environment: Environment,
    /// Signing key for access tokens. Generated and kept in the database when absent.
    pub jwt_secret: Option<SecretString>,
    pub access_token_ttl_secs: u64,
    /// A refresh token not used within this time expires (idle timeout).
    pub refresh_token_ttl_secs: u64,
    /// A session ends this long after sign-in, however active (absolute timeout).
    pub session_max_age_secs: u64,
    pub invitation_ttl_hours: u64,
    pub password_reset_ttl_minutes: u64,
    /// Requests for access one source address may make before it has to wait (the
    /// limits per customer number and per e-mail address are fixed).
    pub access_requests_per_address: u32,
    /// The sender of e-mails.
    pub mail_from: String,
    /// Folder that receives each e-mail as an `.eml` file (the default mail sink).
    pub mail_dir: Option<PathBuf>,
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://…:465` (TLS) or
    /// `smtp://host:25` (plain, for local relays). Without it e-mail goes to `mail_dir`.
    pub smtp_url: Option<SecretString>,
    pub smtp_timeout_secs: u64,
    /// `file` (write each SMS to `sms_dir`) or `twilio`.
    pub sms_provider: SmsProvider,
    pub sms_dir: Option<PathBuf>,
    /// Sender of SMS messages: a phone number or alphanumeric sender id.
    pub sms_from: String,
    pub twilio_account_sid: Option<String>,
    pub twilio_auth_token: Option<SecretString>,
    /// Twilio's API base; changed only to test against a local server.
    pub twilio_base_url: String,
    /// Whether `loket serve` also runs the outbox worker (turn off when dedicated
    /// `loket worker` processes deliver).
    pub run_worker: bool,
    /// How often an idle worker looks for due jobs.
    pub worker_poll_ms: u64,
    /// Jobs a worker claims and delivers at once.
    pub worker_batch: u32,
    /// How long a worker holds a claimed job; after that another worker may take it.
    pub worker_lease_secs: u64,
    pub outbox_max_attempts: u32,
    pub outbox_retry_base_ms: u64,
    pub outbox_retry_max_ms: u64,
    pub webhook_timeout_secs: u64,
    /// Accept `http://` webhook URLs (default: only outside production).
    pub webhook_allow_http: Option<bool>,
    /// Deliver webhooks to private, loopback and link-local addresses (default: only
    /// outside production; in production this would let partners probe the internal network).
    pub webhook_allow_private_networks: Option<bool>,
    /// Reverse proxies whose `X-Forwarded-For` is believed, as addresses or CIDR ranges.
    pub trusted_proxies: Vec<IpNet>,
    /// Largest accepted JSON body, in bytes.
    pub max_json_bytes: usize,
    /// Bearer token that `/metrics` requires. Without one, `/metrics` is off (404), so
    /// that the server's internals are never public by accident.
    pub metrics_token: Option<SecretString>,
    /// Folder with the built browser app (`frontend/dist`).
    pub spa_dir: PathBuf,
    /// Where attachments are kept: `folder` (`files_dir`) or `s3` (any S3-compatible
    /// store: `s3_bucket`, `s3_endpoint`, `s3_region` and the keys).
    pub file_store: FileStoreKind,
    /// The attachments folder, defaulting to `<data_dir>/files`.
    pub files_dir: Option<PathBuf>,
    pub s3_bucket: Option<String>,
    /// The store's URL for anything but AWS itself (MinIO, Ceph, Garage…); path-style.
    pub s3_endpoint: Option<String>,
    pub s3_region: String,
    pub s3_access_key_id: Option<String>,
    pub s3_secret_access_key: Option<SecretString>,
    /// Allow an `http://` endpoint (a store on the local network).
    pub s3_allow_http: bool,
    /// The largest attachment, in bytes.
    pub attachment_max_bytes: u64,
    /// The most all of one ticket's attachments may hold together, in bytes.
    pub ticket_attachments_max_bytes: u64,
    /// The largest installer a release may carry, in bytes.
    pub installer_max_bytes: u64,
    /// The largest document for approval (a PDF), in bytes.
    pub document_max_bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStoreKind {
    Folder,
    S3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmsProvider {
    File,
    Twilio,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Development,
    Production,
}

impl Settings {
    /// Loads the settings from the process environment (and `LOKET_CONFIG`, if set).
    pub fn load() -> Result<Self, config::ConfigError> {
        Self::load_from(std::env::vars().collect())
    }

    /// Loads the settings from the given environment variables, ignoring the process's.
    pub fn load_from(vars: HashMap<String, String>) -> Result<Self, config::ConfigError> {
        let mut builder = config::Config::builder()
            .set_default("database_url", "sqlite://./data/loket.db?mode=rwc")?
            .set_default("database_max_connections", 10)?
            .set_default("listen", "127.0.0.1:8080")?
            .set_default("public_url", "http://127.0.0.1:8080")?
            .set_default("data_dir", "./data")?
            .set_default("environment", "development")?
            .set_default("access_token_ttl_secs", 900)?
            .set_default("refresh_token_ttl_secs", 12 * 3600)?
            .set_default("session_max_age_secs", 14 * 24 * 3600)?
            .set_default("invitation_ttl_hours", 7 * 24)?
            .set_default("password_reset_ttl_minutes", 30)?
            .set_default("access_requests_per_address", 5)?
            .set_default("mail_from", "Loket <noreply@loket.localhost>")?
            .set_default("smtp_timeout_secs", 30)?
            .set_default("sms_provider", "file")?
            .set_default("sms_from", "Loket")?
            .set_default("twilio_base_url", "https://api.twilio.com")?
            .set_default("run_worker", true)?
            .set_default("worker_poll_ms", 1000)?
            .set_default("worker_batch", 20)?
            .set_default("worker_lease_secs", 300)?
            .set_default("outbox_max_attempts", 12)?
            .set_default("outbox_retry_base_ms", 5000)?
            .set_default("outbox_retry_max_ms", 3_600_000)?
            .set_default("webhook_timeout_secs", 10)?
            .set_default("trusted_proxies", Vec::<String>::new())?
            .set_default("max_json_bytes", 64 * 1024)?
            .set_default("spa_dir", "./frontend/dist")?
            .set_default("file_store", "folder")?
            .set_default("s3_region", "eu-west-1")?
            .set_default("s3_allow_http", false)?
            .set_default("attachment_max_bytes", 20 * 1024 * 1024)?
            .set_default("ticket_attachments_max_bytes", 100 * 1024 * 1024)?
            .set_default("installer_max_bytes", 1024 * 1024 * 1024)?
            .set_default("document_max_bytes", 50 * 1024 * 1024)?;
        if let Some(path) = vars.get("LOKET_CONFIG") {
            builder = builder.add_source(config::File::with_name(path).required(true));
        }
        let env: HashMap<String, String> =
            vars.into_iter().filter(|(key, _)| key.starts_with("LOKET_") && key != "LOKET_CONFIG").collect();
        builder = builder.add_source(
            config::Environment::with_prefix("LOKET")
                .prefix_separator("_")
                .try_parsing(true)
                .list_separator(",")
                .with_list_parse_key("trusted_proxies")
                .source(Some(env)),
        );
        let mut settings: Settings = builder.build()?.try_deserialize()?;
        settings.public_url = settings.public_url.trim_end_matches('/').to_owned();
        Ok(settings)
    }

    /// The mail folder, defaulting to `<data_dir>/mail`.
    pub fn mail_dir(&self) -> PathBuf {
        self.mail_dir.clone().unwrap_or_else(|| self.data_dir.join("mail"))
    }

    /// The attachments folder, defaulting to `<data_dir>/files`.
    pub fn files_dir(&self) -> PathBuf {
        self.files_dir.clone().unwrap_or_else(|| self.data_dir.join("files"))
    }

    /// The origin (`scheme://host[:port]`) of the public URL, as browsers send it in `Origin`.
    pub fn public_origin(&self) -> &str {
        let url = self.public_url.as_str();
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        match url[after_scheme..].find('/') {
            Some(slash) => &url[..after_scheme + slash],
            None => url,
        }
    }

    pub fn is_production(&self) -> bool {
        self.environment == Environment::Production
    }

    /// The SMS folder, defaulting to `<data_dir>/sms`.
    pub fn sms_dir(&self) -> PathBuf {
        self.sms_dir.clone().unwrap_or_else(|| self.data_dir.join("sms"))
    }

    pub fn webhook_allows_http(&self) -> bool {
        self.webhook_allow_http.unwrap_or(!self.is_production())
    }

    pub fn webhook_allows_private_networks(&self) -> bool {
        self.webhook_allow_private_networks.unwrap_or(!self.is_production())
    }

    /// The backoff of failed deliveries.
    pub fn retry_policy(&self) -> loket_domain::outbox::RetryPolicy {
        loket_domain::outbox::RetryPolicy {
            base_ms: self.outbox_retry_base_ms,
            max_ms: self.outbox_retry_max_ms.max(self.outbox_retry_base_ms),
            max_attempts: self.outbox_max_attempts.max(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn defaults_need_no_services() {
        let settings = Settings::load_from(HashMap::new()).unwrap();
        assert!(settings.database_url.expose_secret().starts_with("sqlite://"));
        assert_eq!(settings.listen.to_string(), "127.0.0.1:8080");
        assert!(settings.jwt_secret.is_none());
        assert_eq!(settings.mail_dir(), PathBuf::from("./data/mail"));
        assert_eq!(settings.file_store, FileStoreKind::Folder);
        assert_eq!(settings.files_dir(), PathBuf::from("./data/files"));
    }

    #[test]
    fn environment_overrides_and_secrets_stay_hidden() {
        let settings = Settings::load_from(vars(&[
            ("LOKET_DATABASE_URL", "postgres://postgres@127.0.0.1/loket"),
            ("LOKET_TWILIO_AUTH_TOKEN", "twilio-token-456"),
            ("LOKET_S3_SECRET_ACCESS_KEY", "s3-secret-321"),
            ("LOKET_LISTEN", "0.0.0.0:9000"),
            ("LOKET_PUBLIC_URL", "https://loket.example/"),
            ("LOKET_JWT_SECRET", "super-secret-signing-key"),
            ("LOKET_SMTP_URL", "smtp://mailer:smtp-password-123@mail.example:587"),
            ("LOKET_TRUSTED_PROXIES", "10.0.0.0/8,192.168.1.1/32"),
            ("LOKET_ENVIRONMENT", "production"),
            ("OTHER_VAR", "ignored"),
        ]))
        .unwrap();
        assert_eq!(settings.database_url.expose_secret(), "postgres://postgres@127.0.0.1/loket");
        assert_eq!(settings.listen.port(), 9000);
        assert_eq!(settings.public_url, "https://loket.example");
        assert_eq!(settings.public_origin(), "https://loket.example");
        assert_eq!(settings.trusted_proxies.len(), 2);
        assert!(settings.is_production());
        assert_eq!(settings.jwt_secret.as_ref().unwrap().expose_secret(), "super-secret-signing-key");
        assert!(!format!("{settings:?}").contains("super-secret"));
        assert!(!format!("{settings:?}").contains("smtp-password-123"));
        assert!(!format!("{settings:?}").contains("twilio-token-456"));
        assert!(!format!("{settings:?}").contains("s3-secret-321"));
        let with_password =
            Settings::load_from(vars(&[("LOKET_DATABASE_URL", "postgres://loket:db-password-789@db/loket")])).unwrap();
        assert!(!format!("{with_password:?}").contains("db-password-789"));
    }

    #[test]
    fn a_config_file_sits_between_defaults_and_environment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loket.toml");
        std::fs::write(&path, "listen = \"127.0.0.1:7000\"\nmail_from = \"Helpdesk <help@example.nl>\"\n").unwrap();
        let settings = Settings::load_from(vars(&[
            ("LOKET_CONFIG", path.to_str().unwrap()),
            ("LOKET_MAIL_FROM", "Support <support@example.nl>"),
        ]))
        .unwrap();
        assert_eq!(settings.listen.port(), 7000);
        assert_eq!(settings.mail_from, "Support <support@example.nl>");
    }

    #[test]
    fn bad_values_are_reported() {
        assert!(Settings::load_from(vars(&[("LOKET_LISTEN", "not an address")])).is_err());
        assert!(Settings::load_from(vars(&[("LOKET_ENVIRONMENT", "staging")])).is_err());
    }
}
