//! Which IP addresses are globally routable, after the IANA special-purpose address
//! registries for IPv4 (RFC 6890 and updates) and IPv6. Outgoing connections that a
//! partner controls (webhook endpoints) may only go to such addresses in production:
//! anything else reaches the vendor's own network, the cloud's metadata service, or
//! nowhere. Addresses that embed an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64,
//! 6to4) count as the IPv4 address they carry.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// `(network, prefix length)` of the IPv4 blocks that are not globally reachable.
const IPV4_SPECIAL: &[([u8; 4], u8)] = &[
    ([0, 0, 0, 0], 8),       // "this network"
    ([10, 0, 0, 0], 8),      // private
    ([100, 64, 0, 0], 10),   // shared address space (carrier-grade NAT)
    ([127, 0, 0, 0], 8),     // loopback
    ([169, 254, 0, 0], 16),  // link-local (cloud metadata)
    ([172, 16, 0, 0], 12),   // private
    ([192, 0, 0, 0], 24),    // IETF protocol assignments
    ([192, 0, 2, 0], 24),    // documentation (TEST-NET-1)
    ([192, 88, 99, 0], 24),  // 6to4 relay anycast (deprecated)
    ([192, 168, 0, 0], 16),  // private
    ([198, 18, 0, 0], 15),   // benchmarking
    ([198, 51, 100, 0], 24), // documentation (TEST-NET-2)
    ([203, 0, 113, 0], 24),  // documentation (TEST-NET-3)
    ([224, 0, 0, 0], 4),     // multicast
    ([240, 0, 0, 0], 4),     // reserved, and 255.255.255.255 broadcast
];

/// `(network, prefix length)` of the IPv6 blocks that are not globally reachable
/// (the embedding blocks are handled separately).
const IPV6_SPECIAL: &[([u16; 8], u8)] = &[
    ([0, 0, 0, 0, 0, 0, 0, 0], 128),          // unspecified
    ([0, 0, 0, 0, 0, 0, 0, 1], 128),          // loopback
    ([0x0100, 0, 0, 0, 0, 0, 0, 0], 64),      // discard-only
    ([0x2001, 0, 0, 0, 0, 0, 0, 0], 23),      // IETF protocol assignments (incl. Teredo, ORCHID, benchmarking)
    ([0x2001, 0x0db8, 0, 0, 0, 0, 0, 0], 32), // documentation
    ([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20),      // documentation (RFC 9637)
    ([0x5f00, 0, 0, 0, 0, 0, 0, 0], 16),      // segment routing SIDs
    ([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7),       // unique local
    ([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10),      // link-local
    ([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10),      // site-local (deprecated)
    ([0xff00, 0, 0, 0, 0, 0, 0, 0], 8),       // multicast
];

/// Globally reachable exceptions inside the IETF block 2001::/23.
const IPV6_GLOBAL_EXCEPTIONS: &[([u16; 8], u8)] = &[
    ([0x2001, 0x0001, 0, 0, 0, 0, 0, 0x0001], 128), // port control protocol anycast
    ([0x2001, 0x0001, 0, 0, 0, 0, 0, 0x0002], 128), // traversal using relays around NAT anycast
    ([0x2001, 0x0003, 0, 0, 0, 0, 0, 0], 32),       // AMT
    ([0x2001, 0x0004, 0x0112, 0, 0, 0, 0, 0], 48),  // AS112-v6
    ([0x2001, 0x0020, 0, 0, 0, 0, 0, 0], 28),       // ORCHIDv2
];

fn v4_in(address: Ipv4Addr, network: [u8; 4], prefix: u8) -> bool {
    let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(prefix)) };
    u32::from(address) & mask == u32::from(Ipv4Addr::from(network)) & mask
}

fn v6_in(address: Ipv6Addr, network: [u16; 8], prefix: u8) -> bool {
    let mask = if prefix == 0 { 0 } else { u128::MAX << (128 - u32::from(prefix)) };
    u128::from(address) & mask == u128::from(Ipv6Addr::from(network)) & mask
}

/// Whether an IPv4 address is globally reachable.
pub fn is_global_v4(address: Ipv4Addr) -> bool {
    // Two anycast addresses in 192.0.0.0/24 are globally reachable.
    if address == Ipv4Addr::new(192, 0, 0, 9) || address == Ipv4Addr::new(192, 0, 0, 10) {
        return true;
    }
    !IPV4_SPECIAL.iter().any(|(network, prefix)| v4_in(address, *network, *prefix))
}

/// The IPv4 address an IPv6 address carries, for the blocks that embed one.
pub fn embedded_v4(address: Ipv6Addr) -> Option<Ipv4Addr> {
    let bits = u128::from(address);
    let low32 = Ipv4Addr::from((bits & 0xffff_ffff) as u32);
    let s = address.segments();
    if v6_in(address, [0, 0, 0, 0, 0, 0xffff, 0, 0], 96) // IPv4-mapped
        || v6_in(address, [0, 0, 0, 0, 0, 0, 0, 0], 96) // IPv4-compatible (deprecated)
        || v6_in(address, [0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96)
    // NAT64 well-known prefix
    {
        return Some(low32);
    }
    if v6_in(address, [0x64, 0xff9b, 0x0001, 0, 0, 0, 0, 0], 48) {
        // Local-use NAT64 (RFC 8215): never global, whatever it carries.
        return Some(Ipv4Addr::UNSPECIFIED);
    }
    if s[0] == 0x2002 {
        // 6to4: the IPv4 address is in bits 16..48.
        let [a, b] = s[1].to_be_bytes();
        let [c, d] = s[2].to_be_bytes();
        return Some(Ipv4Addr::new(a, b, c, d));
    }
    None
}

/// Whether an IPv6 address is globally reachable.
pub fn is_global_v6(address: Ipv6Addr) -> bool {
    if let Some(v4) = embedded_v4(address) {
        // `::` and `::1` sit inside ::/96 and are refused as 0.0.0.0/8 addresses.
        return is_global_v4(v4);
    }
    if IPV6_GLOBAL_EXCEPTIONS.iter().any(|(network, prefix)| v6_in(address, *network, *prefix)) {
        return true;
    }
    if IPV6_SPECIAL.iter().any(|(network, prefix)| v6_in(address, *network, *prefix)) {
        return false;
    }
    // Only the global unicast block 2000::/3 is allocated for the public internet.
    v6_in(address, [0x2000, 0, 0, 0, 0, 0, 0, 0], 3)
}

/// Whether an address is globally reachable.
pub fn is_globally_routable(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => is_global_v4(v4),
        IpAddr::V6(v6) => is_global_v6(v6),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn special_purpose_addresses_are_not_global() {
        for address in [
            "0.0.0.0",
            "0.1.2.3",
            "10.0.0.1",
            "100.64.0.1",
            "100.127.255.254",
            "127.0.0.1",
            "127.1.2.3",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.1",
            "192.0.2.7",
            "192.88.99.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.1",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::7f00:1",
            "64:ff9b::a00:1",
            "64:ff9b:1::808:808",
            "2002:7f00:1::",
            "2002:c0a8:101::1",
            "100::1",
            "2001::1",
            "2001:2::1",
            "2001:10::1",
            "2001:db8::1",
            "3fff::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "4000::1",
            "::2:3:4",
        ] {
            assert!(!is_globally_routable(ip(address)), "{address} must not be global");
        }
    }

    #[test]
    fn public_addresses_are_global() {
        for address in [
            "8.8.8.8",
            "145.97.1.1",
            "1.1.1.1",
            "100.63.255.255",
            "100.128.0.0",
            "172.32.0.1",
            "192.0.0.9",
            "2a00:1450:400e:80c::200e",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
            "2001:4:112::1",
            "2001:20::1",
        ] {
            assert!(is_globally_routable(ip(address)), "{address} must be global");
        }
    }

    proptest! {
        #[test]
        fn embedding_an_ipv4_address_never_changes_the_verdict(bits in any::<u32>()) {
            let v4 = Ipv4Addr::from(bits);
            prop_assert_eq!(is_global_v6(v4.to_ipv6_mapped()), is_global_v4(v4));
            let nat64 = Ipv6Addr::from((0x0064_ff9b_u128 << 96) | u128::from(bits));
            prop_assert_eq!(is_global_v6(nat64), is_global_v4(v4));
        }
    }
}
