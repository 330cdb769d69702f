//! The format of API keys: `lk_` + 12 lowercase letters and digits (the public prefix,
//! stored in clear to find the key) + `_` + a 43-character secret (stored hashed).

use rand::RngExt;

use super::tokens::generate_token;

pub const PREFIX_LEN: usize = 12;
const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyz23456789";

/// A new key: its public prefix (`lk_…`) and the full key to hand out once.
pub struct NewApiKey {
    pub prefix: String,
    pub secret: String,
    pub full_key: String,
}

pub fn generate() -> NewApiKey {
    let mut rng = rand::rng();
    let id: String = (0..PREFIX_LEN).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect();
    let prefix = format!("lk_{id}");
    let secret = generate_token();
    let full_key = format!("{prefix}_{secret}");
    NewApiKey { prefix, secret, full_key }
}

/// Splits a presented key into prefix and secret, if it has the right form.
pub fn parse(key: &str) -> Option<(&str, &str)> {
    let rest = key.strip_prefix("lk_")?;
    if rest.len() <= PREFIX_LEN + 1 || !rest.is_char_boundary(PREFIX_LEN) || rest.as_bytes()[PREFIX_LEN] != b'_' {
        return None;
    }
    let prefix = &key[..3 + PREFIX_LEN];
    let secret = &rest[PREFIX_LEN + 1..];
    Some((prefix, secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_parse_back() {
        let key = generate();
        assert!(key.full_key.starts_with("lk_"));
        assert_eq!(parse(&key.full_key), Some((key.prefix.as_str(), key.secret.as_str())));
    }

    #[test]
    fn malformed_keys_are_refused() {
        for bad in [
            "",
            "lk_",
            "lk_short_x",
            "xx_abcdefghijkl_secret",
            "lk_abcdefghijklXsecret",
            "lk_abcdefghijkl_",
            "lk_ééééééé_abc",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
