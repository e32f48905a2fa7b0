//! Authentication: Ed25519 (EdDSA) key pairs, signed access tokens, the JWKS,
//! and the caller extracted from the `Authorization` header.
//!
//! users signs with a [`SigningKey`]; every subgraph verifies with a
//! [`TokenVerifier`] built from the public key (defence in depth behind the
//! router). Keys are PEM files (PKCS#8 private, SPKI public), the formats
//! `openssl genpkey -algorithm ed25519` reads and writes.

use std::path::Path;

use anyhow::Context as _;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use ring::signature::{Ed25519KeyPair, KeyPair as _};
use sea_orm::entity::prelude::{DeriveActiveEnum, EnumIter, StringLen};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Error, Result};

/// What a user may do. `ADMIN` passes every ownership check.
#[derive(
    async_graphql::Enum, DeriveActiveEnum, EnumIter, Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Role {
    #[sea_orm(string_value = "JOB_SEEKER")]
    JobSeeker,
    #[sea_orm(string_value = "EMPLOYER")]
    Employer,
    #[sea_orm(string_value = "ADMIN")]
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::JobSeeker => "JOB_SEEKER",
            Role::Employer => "EMPLOYER",
            Role::Admin => "ADMIN",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        match value {
            "JOB_SEEKER" => Some(Role::JobSeeker),
            "EMPLOYER" => Some(Role::Employer),
            "ADMIN" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// Who is calling: put into every GraphQL request's data by the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    Anonymous,
    User { id: Uuid, role: Role },
}

impl Caller {
    /// The caller of the GraphQL request being resolved (anonymous when the
    /// request carries none, as in schema-level tests).
    pub fn of(ctx: &async_graphql::Context<'_>) -> Caller {
        ctx.data_opt::<Caller>().copied().unwrap_or(Caller::Anonymous)
    }

    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Caller::User { id, .. } => Some(*id),
            Caller::Anonymous => None,
        }
    }

    pub fn role(&self) -> Option<Role> {
        match self {
            Caller::User { role, .. } => Some(*role),
            Caller::Anonymous => None,
        }
    }

    pub fn is_admin(&self) -> bool {
        self.role() == Some(Role::Admin)
    }

    /// The signed-in user, or UNAUTHENTICATED.
    pub fn require_user(&self) -> Result<(Uuid, Role)> {
        match self {
            Caller::User { id, role } => Ok((*id, *role)),
            Caller::Anonymous => Err(Error::unauthenticated("sign in to do this")),
        }
    }

    /// The signed-in user with one of `roles` (admins always pass).
    pub fn require_role(&self, roles: &[Role]) -> Result<(Uuid, Role)> {
        let (id, role) = self.require_user()?;
        if role == Role::Admin || roles.contains(&role) {
            Ok((id, role))
        } else {
            let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            Err(Error::forbidden(format!("only {} may do this", names.join(" or "))))
        }
    }

    pub fn require_admin(&self) -> Result<Uuid> {
        let (id, role) = self.require_user()?;
        if role == Role::Admin { Ok(id) } else { Err(Error::forbidden("only an admin may do this")) }
    }

    /// True when the caller is `owner` or an admin.
    pub fn owns_or_admin(&self, owner: Uuid) -> bool {
        self.is_admin() || self.user_id() == Some(owner)
    }

    /// Passes when the caller is `owner` or an admin; UNAUTHENTICATED for
    /// anonymous callers, FORBIDDEN for everybody else.
    pub fn require_owner(&self, owner: Uuid, what: &str) -> Result<Uuid> {
        let (id, _) = self.require_user()?;
        if self.owns_or_admin(owner) { Ok(id) } else { Err(Error::forbidden(format!("you do not own this {what}"))) }
    }
}

/// The claims of an access token.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub role: Role,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
    pub jti: Uuid,
}

/// Issuer and audience every token names and every verifier checks.
#[derive(Clone, Debug)]
pub struct TokenSettings {
    pub issuer: String,
    pub audience: String,
}

/// An Ed25519 public key with its key id.
#[derive(Clone, Debug)]
pub struct PublicKey {
    raw: Vec<u8>,
    kid: String,
}

/// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), before the 32 key bytes.
const ED25519_SPKI_PREFIX: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

impl PublicKey {
    pub fn from_raw(raw: &[u8]) -> anyhow::Result<Self> {
        anyhow::ensure!(raw.len() == 32, "an Ed25519 public key has 32 bytes, got {}", raw.len());
        let digest = ring::digest::digest(&ring::digest::SHA256, raw);
        let kid = URL_SAFE_NO_PAD.encode(&digest.as_ref()[..12]);
        Ok(PublicKey { raw: raw.to_vec(), kid })
    }

    pub fn from_pem(pem: &str) -> anyhow::Result<Self> {
        let der = pem_decode(pem, "PUBLIC KEY")?;
        let raw = der.strip_prefix(&ED25519_SPKI_PREFIX[..]).context("not an Ed25519 public key")?;
        Self::from_raw(raw)
    }

    pub fn to_pem(&self) -> String {
        let mut der = ED25519_SPKI_PREFIX.to_vec();
        der.extend_from_slice(&self.raw);
        pem_encode(&der, "PUBLIC KEY")
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// This key as a JSON Web Key (RFC 8037).
    pub fn to_jwk(&self) -> serde_json::Value {
        serde_json::json!({
            "kty": "OKP",
            "crv": "Ed25519",
            "x": URL_SAFE_NO_PAD.encode(&self.raw),
            "kid": self.kid,
            "use": "sig",
            "alg": "EdDSA",
        })
    }
}

/// A JWKS document listing `keys`.
pub fn jwks(keys: &[PublicKey]) -> serde_json::Value {
    serde_json::json!({ "keys": keys.iter().map(PublicKey::to_jwk).collect::<Vec<_>>() })
}

/// The private key users signs tokens with.
#[derive(Clone)]
pub struct SigningKey {
    encoding: EncodingKey,
    pkcs8: Vec<u8>,
    public: PublicKey,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret.
        f.debug_struct("SigningKey").field("kid", &self.public.kid).finish_non_exhaustive()
    }
}

impl SigningKey {
    pub fn generate() -> anyhow::Result<Self> {
        let rng = ring::rand::SystemRandom::new();
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).map_err(|_| anyhow::anyhow!("key generation failed"))?;
        Self::from_pkcs8(pkcs8.as_ref())
    }

    pub fn from_pkcs8(der: &[u8]) -> anyhow::Result<Self> {
        let pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(der)
            .map_err(|e| anyhow::anyhow!("not an Ed25519 PKCS#8 private key: {e}"))?;
        Ok(SigningKey {
            encoding: EncodingKey::from_ed_der(der),
            pkcs8: der.to_vec(),
            public: PublicKey::from_raw(pair.public_key().as_ref())?,
        })
    }

    pub fn from_pem(pem: &str) -> anyhow::Result<Self> {
        Self::from_pkcs8(&pem_decode(pem, "PRIVATE KEY")?)
    }

    pub fn to_pem(&self) -> String {
        pem_encode(&self.pkcs8, "PRIVATE KEY")
    }

    /// Reads the key at `path`, or makes one there (and its public half at
    /// `<path>.pub`) when the file does not exist yet: `jobgraph dev` on first start.
    pub fn load_or_generate(path: &Path) -> anyhow::Result<Self> {
        if path.exists() {
            let pem = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            return Self::from_pem(&pem).with_context(|| format!("parsing {}", path.display()));
        }
        let key = Self::generate()?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        write_private_file(path, &key.to_pem())?;
        std::fs::write(path.with_extension("pub"), key.public.to_pem())?;
        Ok(key)
    }

    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// Signs an access token for `user` valid for `ttl`.
    pub fn sign(
        &self,
        settings: &TokenSettings,
        user: Uuid,
        role: Role,
        now: DateTime<Utc>,
        ttl: std::time::Duration,
    ) -> Result<(String, DateTime<Utc>)> {
        let expires_at = now + chrono::Duration::from_std(ttl).map_err(Error::internal)?;
        let claims = Claims {
            sub: user,
            role,
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
            iss: settings.issuer.clone(),
            aud: settings.audience.clone(),
            jti: Uuid::now_v7(),
        };
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.public.kid.clone());
        let token = jsonwebtoken::encode(&header, &claims, &self.encoding).map_err(Error::internal)?;
        Ok((token, expires_at))
    }
}

#[cfg(unix)]
fn write_private_file(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(contents.as_bytes())?;
    Ok(())
}

#[cfg(not(unix))]
fn write_private_file(path: &Path, contents: &str) -> anyhow::Result<()> {
    Ok(std::fs::write(path, contents)?)
}

/// Checks access tokens against the public keys it knows.
#[derive(Clone)]
pub struct TokenVerifier {
    keys: Vec<(PublicKey, DecodingKey)>,
    validation: Validation,
}

impl TokenVerifier {
    pub fn new(keys: Vec<PublicKey>, settings: &TokenSettings) -> Self {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[&settings.issuer]);
        validation.set_audience(&[&settings.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        let keys = keys
            .into_iter()
            .map(|key| {
                let decoding = DecodingKey::from_ed_der(&key.raw);
                (key, decoding)
            })
            .collect();
        TokenVerifier { keys, validation }
    }

    /// The claims of a valid token; UNAUTHENTICATED for anything else
    /// (expired, wrongly signed, `alg: none`, wrong issuer or audience).
    pub fn verify(&self, token: &str) -> Result<Claims> {
        let invalid = || Error::unauthenticated("the access token is invalid or expired; sign in again");
        let header = jsonwebtoken::decode_header(token).map_err(|_| invalid())?;
        if header.alg != Algorithm::EdDSA {
            return Err(invalid());
        }
        let candidates = self.keys.iter().filter(|(key, _)| header.kid.as_deref().is_none_or(|kid| kid == key.kid));
        for (_, decoding) in candidates {
            if let Ok(data) = jsonwebtoken::decode::<Claims>(token, decoding, &self.validation) {
                return Ok(data.claims);
            }
        }
        Err(invalid())
    }

    /// The caller named by an `Authorization: Bearer` header value: anonymous
    /// without one, an error when it is present but not a valid token.
    pub fn caller(&self, authorization: Option<&str>) -> Result<Caller> {
        Ok(self.authenticate(authorization)?.0)
    }

    /// The caller, and when their token was issued and expires (none for anonymous callers).
    pub fn authenticate(&self, authorization: Option<&str>) -> Result<(Caller, Option<TokenTimes>)> {
        let Some(value) = authorization else { return Ok((Caller::Anonymous, None)) };
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .ok_or_else(|| Error::unauthenticated("the Authorization header must be `Bearer <token>`"))?;
        let claims = self.verify(token.trim())?;
        let times = TokenTimes { issued_at: claims.iat, expires_at: claims.exp };
        Ok((Caller::User { id: claims.sub, role: claims.role }, Some(times)))
    }
}

/// When a verified token was issued and when it expires, in seconds since the epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenTimes {
    pub issued_at: i64,
    pub expires_at: i64,
}

fn pem_encode(der: &[u8], label: &str) -> String {
    let body = STANDARD.encode(der);
    let mut pem = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
        pem.push('\n');
    }
    pem.push_str(&format!("-----END {label}-----\n"));
    pem
}

fn pem_decode(pem: &str, label: &str) -> anyhow::Result<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = pem.find(&begin).with_context(|| format!("no `{begin}` line"))? + begin.len();
    let stop = pem[start..].find(&end).with_context(|| format!("no `{end}` line"))? + start;
    let body: String = pem[start..stop].chars().filter(|c| !c.is_whitespace()).collect();
    Ok(STANDARD.decode(body)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> TokenSettings {
        TokenSettings { issuer: "jobgraph".into(), audience: "jobgraph-api".into() }
    }

    #[test]
    fn a_signed_token_verifies_and_names_the_caller() {
        let key = SigningKey::generate().unwrap();
        let verifier = TokenVerifier::new(vec![key.public_key().clone()], &settings());
        let user = Uuid::now_v7();
        let (token, _) =
            key.sign(&settings(), user, Role::Employer, Utc::now(), std::time::Duration::from_secs(60)).unwrap();
        let caller = verifier.caller(Some(&format!("Bearer {token}"))).unwrap();
        assert_eq!(caller, Caller::User { id: user, role: Role::Employer });
        assert_eq!(verifier.caller(None).unwrap(), Caller::Anonymous);
    }

    #[test]
    fn expired_foreign_unsigned_and_misaddressed_tokens_are_refused() {
        let key = SigningKey::generate().unwrap();
        let verifier = TokenVerifier::new(vec![key.public_key().clone()], &settings());
        let user = Uuid::now_v7();
        let hour = std::time::Duration::from_secs(3600);
        let long_ago = Utc::now() - chrono::Duration::hours(3);
        let (expired, _) = key.sign(&settings(), user, Role::Admin, long_ago, hour).unwrap();
        let other = SigningKey::generate().unwrap();
        let (foreign, _) = other.sign(&settings(), user, Role::Admin, Utc::now(), hour).unwrap();
        let wrong_issuer = TokenSettings { issuer: "evil".into(), audience: "jobgraph-api".into() };
        let (misissued, _) = key.sign(&wrong_issuer, user, Role::Admin, Utc::now(), hour).unwrap();
        let wrong_audience = TokenSettings { issuer: "jobgraph".into(), audience: "other".into() };
        let (misaddressed, _) = key.sign(&wrong_audience, user, Role::Admin, Utc::now(), hour).unwrap();
        // alg: none, with the claims of a valid token.
        let payload = valid_payload(&key, user);
        let unsigned = format!("{}.{}.", URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#), payload);
        for token in [expired, foreign, misissued, misaddressed, unsigned, "garbage".to_string()] {
            let error = verifier.caller(Some(&format!("Bearer {token}"))).unwrap_err();
            assert_eq!(error.code(), crate::error::ErrorCode::Unauthenticated, "{token}");
        }
        assert!(verifier.caller(Some("Basic abc")).is_err());
    }

    fn valid_payload(key: &SigningKey, user: Uuid) -> String {
        let (token, _) =
            key.sign(&settings(), user, Role::Admin, Utc::now(), std::time::Duration::from_secs(60)).unwrap();
        token.split('.').nth(1).unwrap().to_string()
    }

    #[test]
    fn keys_round_trip_through_pem_and_jwks() {
        let key = SigningKey::generate().unwrap();
        let again = SigningKey::from_pem(&key.to_pem()).unwrap();
        assert_eq!(again.public_key().kid(), key.public_key().kid());
        let public = PublicKey::from_pem(&key.public_key().to_pem()).unwrap();
        assert_eq!(public.kid(), key.public_key().kid());
        let jwks = jwks(&[public]);
        assert_eq!(jwks["keys"][0]["kty"], "OKP");
        assert_eq!(jwks["keys"][0]["crv"], "Ed25519");
    }
}
