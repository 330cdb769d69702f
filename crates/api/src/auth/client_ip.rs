//! The client's address, for throttling and audit. `X-Forwarded-For` is believed only
//! when the connection comes from a configured trusted proxy.

use std::net::IpAddr;

use actix_web::HttpRequest;
use ipnet::IpNet;

pub fn client_ip(req: &HttpRequest, trusted_proxies: &[IpNet]) -> IpAddr {
    let peer = req.peer_addr().map(|addr| addr.ip()).unwrap_or(IpAddr::from([0, 0, 0, 0]));
    let forwarded = req.headers().get("x-forwarded-for").and_then(|value| value.to_str().ok());
    resolve(peer, forwarded, trusted_proxies)
}

/// Walks `X-Forwarded-For` from the right, skipping trusted proxies; the first untrusted
/// hop is the client. Without a trusted peer the header is ignored (it is client-chosen).
fn resolve(peer: IpAddr, forwarded: Option<&str>, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> =
        forwarded.unwrap_or_default().split(',').filter_map(|hop| hop.trim().parse::<IpAddr>().ok()).collect();
    hops.iter().rev().find(|hop| !is_trusted(hop)).copied().or_else(|| hops.first().copied()).unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_only_believed_from_trusted_proxies() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        assert_eq!(resolve(ip("203.0.113.9"), Some("1.2.3.4"), &trusted), ip("203.0.113.9"));
        assert_eq!(resolve(ip("10.0.0.2"), Some("1.2.3.4"), &trusted), ip("1.2.3.4"));
        // A client that prepends a fake hop is still identified by the proxy's view.
        assert_eq!(resolve(ip("10.0.0.2"), Some("6.6.6.6, 1.2.3.4, 10.0.0.7"), &trusted), ip("1.2.3.4"));
        assert_eq!(resolve(ip("10.0.0.2"), None, &trusted), ip("10.0.0.2"));
        assert_eq!(resolve(ip("10.0.0.2"), Some("garbage"), &trusted), ip("10.0.0.2"));
    }
}
