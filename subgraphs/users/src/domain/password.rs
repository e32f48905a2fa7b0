//! Password policy and Argon2id hashing (off the async runtime: hashing is
//! deliberately slow).

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use jobgraph_shared::{Error, Result};
use ring::rand::SecureRandom as _;

use super::email::Email;

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 128;

/// Passwords too common to accept whatever their length.
const COMMON: &[&str] = &[
    "password123",
    "password1234",
    "1234567890",
    "12345678910",
    "qwertyuiop",
    "iloveyou123",
    "letmein123",
    "welcome123",
    "administrator",
    "passw0rd123",
    "abcdefghij",
    "0123456789",
    "qwerty12345",
    "football123",
];

/// A password that meets the policy: 10 to 128 characters, not a well-known
/// password, and not built from the account's email.
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(value: &str, email: &Email) -> Result<NewPassword> {
        let field = "password";
        let length = value.chars().count();
        if length < MIN_LENGTH {
            return Err(Error::bad_input(field, format!("must be at least {MIN_LENGTH} characters")));
        }
        if length > MAX_LENGTH {
            return Err(Error::bad_input(field, format!("must be at most {MAX_LENGTH} characters")));
        }
        let lower = value.to_lowercase();
        if value.trim().is_empty() || COMMON.contains(&lower.as_str()) {
            return Err(Error::bad_input(field, "is too common; choose a less guessable password"));
        }
        let local = email.local_part();
        if local.len() >= 4 && lower.contains(local) {
            return Err(Error::bad_input(field, "must not contain your email address"));
        }
        Ok(NewPassword(value.to_string()))
    }

    pub async fn hash(self) -> Result<String> {
        hash(self.0).await
    }
}

fn salt() -> Result<SaltString> {
    let mut bytes = [0u8; 16];
    ring::rand::SystemRandom::new().fill(&mut bytes).map_err(|_| Error::internal(anyhow::anyhow!("no randomness")))?;
    SaltString::encode_b64(&bytes).map_err(|e| Error::internal(anyhow::anyhow!("salt: {e}")))
}

/// An Argon2id hash (PHC string) of `password`.
pub async fn hash(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = salt()?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| Error::internal(anyhow::anyhow!("hashing: {e}")))
    })
    .await
    .map_err(Error::internal)?
}

/// Whether `password` matches `hash`. With no hash (unknown email) it checks
/// against a dummy one, so both answers take the same time.
pub async fn verify(password: String, hash: Option<String>) -> Result<bool> {
    let known = hash.is_some();
    tokio::task::spawn_blocking(move || {
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.clone());
        let parsed = PasswordHash::new(&hash).map_err(|e| Error::internal(anyhow::anyhow!("stored hash: {e}")))?;
        Ok(known && Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(Error::internal)?
}

static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::encode_b64(&[7u8; 16]).expect("16 bytes are a valid salt");
    Argon2::default().hash_password(b"no account has this password", &salt).expect("hashing a constant").to_string()
});

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> Email {
        Email::parse("lovelace@example.com").unwrap()
    }

    #[test]
    fn weak_passwords_are_refused() {
        for weak in ["short", "password123", "Lovelace-is-great-2024", &"x".repeat(129)] {
            assert!(NewPassword::parse(weak, &email()).is_err(), "{weak}");
        }
        assert!(NewPassword::parse("correct horse battery", &email()).is_ok());
    }

    #[tokio::test]
    async fn hashes_verify_only_their_password() {
        let hashed = hash("correct horse battery".into()).await.unwrap();
        assert!(hashed.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), Some(hashed.clone())).await.unwrap());
        assert!(!verify("wrong horse battery".into(), Some(hashed)).await.unwrap());
        assert!(!verify("anything".into(), None).await.unwrap());
    }
}
