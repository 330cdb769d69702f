//! Webhook deliveries signed per the Standard Webhooks specification
//! (<https://www.standardwebhooks.com>): headers `webhook-id`, `webhook-timestamp` and
//! `webhook-signature`, the signature being `v1,` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))
//! where the key is the base64 part of the `whsec_…` secret.

use std::net::IpAddr;
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

#[derive(Clone, Debug)]
pub struct WebhookSender {
    client: reqwest::Client,
    allow_private_networks: bool,
}

/// Addresses a partner's endpoint must not resolve to in production: loopback, private,
/// link-local (cloud metadata), unique-local and unspecified addresses.
pub fn is_private(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_private(IpAddr::V4(v4)),
            None => {
                v6.is_loopback()
                    || v6.is_unspecified()
                    || (v6.segments()[0] & 0xfe00) == 0xfc00
                    || (v6.segments()[0] & 0xffc0) == 0xfe80
            }
        },
    }
}

impl WebhookSender {
    pub fn new(timeout: Duration, allow_private_networks: bool) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Loket-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { client, allow_private_networks })
    }

    /// Refuses endpoints inside private networks unless allowed (development, tests).
    async fn check_destination(&self, url: &str) -> Result<(), DeliveryError> {
        if self.allow_private_networks {
            return Ok(());
        }
        let parsed = reqwest::Url::parse(url).map_err(|_| DeliveryError::permanent("the endpoint URL is not valid"))?;
        let host = parsed.host_str().ok_or_else(|| DeliveryError::permanent("the endpoint URL has no host"))?;
        let port = parsed.port_or_known_default().unwrap_or(443);
        let addresses = tokio::net::lookup_host((host, port))
            .await
            .map_err(|e| DeliveryError::transient(format!("the endpoint's host could not be resolved: {e}")))?;
        for address in addresses {
            if is_private(address.ip()) {
                return Err(DeliveryError::permanent("the endpoint resolves to a private network address"));
            }
        }
        Ok(())
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
        self.check_destination(url).await?;
        let signatures: Vec<String> =
            secrets.iter().map(|secret| sign(secret, message_id, timestamp, body)).collect::<Result<_, _>>()?;
        let response = self
            .client
            .post(url)
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
}
