//! Webhook deliveries signed per the Standard Webhooks specification
//! (<https://www.standardwebhooks.com>): headers `webhook-id`, `webhook-timestamp` and
//! `webhook-signature`, the signature being `v1,` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))
//! where the key is the base64 part of the `whsec_…` secret.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::DeliveryError;

const SECRET_PREFIX: &str = "whsec_";

/// A new signing secret: `whsec_` + base64 of 32 random bytes.
pub fn generate_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes))
}

/// The `v1,<base64>` signature of one message with one secret.
pub fn sign(secret: &str, message_id: &str, timestamp: i64, body: &str) -> Result<String, DeliveryError> {
    let key = STANDARD
        .decode(secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret))
        .map_err(|_| DeliveryError::permanent("the endpoint's secret is not valid base64"))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key)
        .map_err(|_| DeliveryError::permanent("the endpoint's secret cannot key HMAC"))?;
    mac.update(format!("{message_id}.{timestamp}.{body}").as_bytes());
    Ok(format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes())))
}

/// A pending address lookup.
pub type Lookup<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = std::io::Result<Vec<SocketAddr>>> + Send + 'a>>;

/// Looks up a host's addresses. The system resolver in production; tests substitute
/// one that answers differently on each call (DNS rebinding).
pub trait Resolve: Send + Sync + std::fmt::Debug {
    fn resolve<'a>(&'a self, host: &'a str, port: u16) -> Lookup<'a>;
}

/// The operating system's resolver.
#[derive(Debug)]
pub struct SystemResolver;

impl Resolve for SystemResolver {
    fn resolve<'a>(&'a self, host: &'a str, port: u16) -> Lookup<'a> {
        Box::pin(async move { Ok(tokio::net::lookup_host((host, port)).await?.collect()) })
    }
}

/// Where one delivery goes: the URL, and the one address it connects to, decided once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinnedTarget {
    pub url: reqwest::Url,
    /// The host name to pin (`None` for an IP literal, which needs no lookup).
    pub host: Option<String>,
    pub address: SocketAddr,
}

#[derive(Clone, Debug)]
pub struct WebhookSender {
    timeout: Duration,
    allow_private_networks: bool,
    resolver: Arc<dyn Resolve>,
}

/// Addresses a partner's endpoint must not reach in production: everything that is not
/// globally routable (see `loket_domain::network`).
pub fn is_private(address: IpAddr) -> bool {
    !loket_domain::network::is_globally_routable(address)
}

impl WebhookSender {
    pub fn new(timeout: Duration, allow_private_networks: bool) -> anyhow::Result<Self> {
        Ok(Self::with_resolver(timeout, allow_private_networks, Arc::new(SystemResolver)))
    }

    pub fn with_resolver(timeout: Duration, allow_private_networks: bool, resolver: Arc<dyn Resolve>) -> Self {
        Self { timeout, allow_private_networks, resolver }
    }

    /// Resolves the endpoint once and decides the address to connect to. Every resolved
    /// address must be globally routable (unless private networks are allowed): a host
    /// that also resolves to an internal address is refused, and the connection then
    /// goes to exactly the checked address, so a second lookup cannot rebind it.
    pub async fn pin(&self, url: &str) -> Result<PinnedTarget, DeliveryError> {
        let parsed = reqwest::Url::parse(url).map_err(|_| DeliveryError::permanent("the endpoint URL is not valid"))?;
        let port = parsed.port_or_known_default().unwrap_or(443);
        let host = parsed.host_str().ok_or_else(|| DeliveryError::permanent("the endpoint URL has no host"))?;
        // IPv6 literals come bracketed (`[2001:db8::1]`); literals need no lookup.
        let literal = host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().ok();
        let (host, addresses) = match literal {
            Some(ip) => (None, vec![SocketAddr::new(ip, port)]),
            None => {
                let found =
                    self.resolver.resolve(host, port).await.map_err(|e| {
                        DeliveryError::transient(format!("the endpoint's host could not be resolved: {e}"))
                    })?;
                (Some(host.to_owned()), found)
            }
        };
        let first = *addresses.first().ok_or_else(|| DeliveryError::transient("the endpoint's host has no address"))?;
        if !self.allow_private_networks && addresses.iter().any(|a| is_private(a.ip())) {
            return Err(DeliveryError::permanent(
                "the endpoint resolves to a private network address (not publicly routable)",
            ));
        }
        Ok(PinnedTarget { url: parsed, host, address: first })
    }

    /// A client that connects to the pinned address only.
    fn client_for(&self, target: &PinnedTarget) -> Result<reqwest::Client, DeliveryError> {
        let mut builder = reqwest::Client::builder()
            .timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .user_agent(concat!("Loket-Webhooks/", env!("CARGO_PKG_VERSION")));
        if let Some(host) = &target.host {
            builder = builder.resolve(host, target.address);
        }
        builder.build().map_err(|e| DeliveryError::transient(format!("the HTTP client could not be built: {e}")))
    }

    /// POSTs `body` signed with every secret in `secrets` (two during a rotation). Returns
    /// the HTTP status on success (2xx). 410 Gone is permanent (the endpoint is to be
    /// disabled); other failures are retried.
    pub async fn send(
        &self,
        url: &str,
        message_id: &str,
        timestamp: i64,
        body: &str,
        secrets: &[&str],
    ) -> Result<u16, DeliveryError> {
        let target = self.pin(url).await?;
        self.deliver(&target, message_id, timestamp, body, secrets).await
    }

    /// Sends one signed message to an already pinned target.
    pub async fn deliver(
        &self,
        target: &PinnedTarget,
        message_id: &str,
        timestamp: i64,
        body: &str,
        secrets: &[&str],
    ) -> Result<u16, DeliveryError> {
        let signatures: Vec<String> =
            secrets.iter().map(|secret| sign(secret, message_id, timestamp, body)).collect::<Result<_, _>>()?;
        let response = self
            .client_for(target)?
            .post(target.url.clone())
            .header("content-type", "application/json")
            .header("webhook-id", message_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signatures.join(" "))
            .body(body.to_owned())
            .send()
            .await
            .map_err(|e| DeliveryError::transient(format!("the endpoint could not be reached: {e}")))?;
        let status = response.status().as_u16();
        if response.status().is_success() {
            return Ok(status);
        }
        Err(DeliveryError {
            message: format!("the endpoint answered {status}"),
            permanent: status == 410,
            http_status: Some(status),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_the_standard_webhooks_example() {
        // The example from the Standard Webhooks specification.
        let signature = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        )
        .unwrap();
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn private_addresses_are_recognised() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.5.4",
            "169.254.169.254",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "0.0.0.0",
            "64:ff9b::7f00:1",
            "2002:7f00:1::1",
        ] {
            assert!(is_private(private.parse().unwrap()), "{private}");
        }
        for public in ["8.8.8.8", "145.97.1.1", "2a00:1450::1"] {
            assert!(!is_private(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn secrets_are_whsec_base64_of_32_bytes() {
        let secret = generate_secret();
        let raw = STANDARD.decode(secret.strip_prefix("whsec_").unwrap()).unwrap();
        assert_eq!(raw.len(), 32);
        assert_ne!(secret, generate_secret());
    }

    /// Answers each lookup with the next list, recording how often it was asked.
    #[derive(Debug)]
    struct Rebinding {
        answers: std::sync::Mutex<Vec<Vec<SocketAddr>>>,
        calls: std::sync::atomic::AtomicUsize,
    }

    impl Resolve for Rebinding {
        fn resolve<'a>(&'a self, _host: &'a str, _port: u16) -> Lookup<'a> {
            self.calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let next = self.answers.lock().unwrap().remove(0);
            Box::pin(async move { Ok(next) })
        }
    }

    fn addr(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    #[tokio::test]
    async fn a_host_is_resolved_once_and_the_checked_address_is_the_one_used() {
        // First a public address, then loopback: the classic rebinding attack.
        let resolver = Arc::new(Rebinding {
            answers: std::sync::Mutex::new(vec![vec![addr("8.8.8.8:443")], vec![addr("127.0.0.1:443")]]),
            calls: Default::default(),
        });
        let sender = WebhookSender::with_resolver(Duration::from_secs(1), false, resolver.clone());
        let target = sender.pin("https://hooks.partner.example/loket").await.unwrap();
        assert_eq!(target.address, addr("8.8.8.8:443"));
        assert_eq!(target.host.as_deref(), Some("hooks.partner.example"));
        assert_eq!(resolver.calls.load(std::sync::atomic::Ordering::SeqCst), 1, "no second lookup");
    }

    #[tokio::test]
    async fn a_host_with_any_internal_address_is_refused() {
        let resolver = Arc::new(Rebinding {
            answers: std::sync::Mutex::new(vec![vec![addr("8.8.8.8:443"), addr("10.0.0.5:443")]]),
            calls: Default::default(),
        });
        let sender = WebhookSender::with_resolver(Duration::from_secs(1), false, resolver);
        let refused = sender.pin("https://mixed.example/").await.unwrap_err();
        assert!(refused.permanent);
    }

    #[tokio::test]
    async fn ip_literals_need_no_lookup_and_ipv6_works() {
        let resolver = Arc::new(Rebinding { answers: std::sync::Mutex::new(vec![]), calls: Default::default() });
        let sender = WebhookSender::with_resolver(Duration::from_secs(1), false, resolver.clone());
        let v6 = sender.pin("https://[2606:4700::1111]:8443/hook").await.unwrap();
        assert_eq!(v6.address, addr("[2606:4700::1111]:8443"));
        assert!(sender.pin("http://[::1]/").await.is_err());
        assert!(sender.pin("http://[::ffff:127.0.0.1]/").await.is_err());
        assert_eq!(resolver.calls.load(std::sync::atomic::Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn the_connection_goes_to_the_pinned_address_not_to_a_new_lookup() {
        // `hooks.invalid` resolves nowhere; the delivery reaches the local listener only
        // because the client connects to the pinned address.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let local = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buffer = vec![0u8; 4096];
            let n = socket.read(&mut buffer).await.unwrap();
            socket.write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n").await.unwrap();
            String::from_utf8_lossy(&buffer[..n]).into_owned()
        });
        let resolver =
            Arc::new(Rebinding { answers: std::sync::Mutex::new(vec![vec![local]]), calls: Default::default() });
        let sender = WebhookSender::with_resolver(Duration::from_secs(5), true, resolver);
        let url = format!("http://hooks.invalid:{}/in", local.port());
        let status = sender.send(&url, "msg_1", 1_700_000_000, "{}", &["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]).await;
        assert_eq!(status.unwrap(), 204);
        let request = server.await.unwrap();
        assert!(request.contains("host: hooks.invalid"), "{request}");
    }
}
