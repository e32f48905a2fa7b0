//! Settings shared by the `jobgraph` commands, read from flags or the
//! environment (clap). Each field's doc comment is its `--help` text and its
//! row in the README's configuration table.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;

use crate::auth::{PublicKey, SigningKey, TokenSettings, TokenVerifier};

/// Where a service keeps its data.
#[derive(clap::Args, Clone, Debug)]
pub struct DatabaseArgs {
    /// Database URL: `postgres://user@host/db`, or `sqlite://path?mode=rwc`.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: String,
    /// Largest number of pooled database connections.
    #[arg(long, env = "JOBGRAPH_DATABASE_MAX_CONNECTIONS", default_value_t = 10)]
    pub database_max_connections: u32,
}

/// How access tokens are signed and checked.
#[derive(clap::Args, Clone, Debug)]
pub struct AuthArgs {
    /// Issuer (`iss`) named in every access token and required by every verifier.
    #[arg(long, env = "JOBGRAPH_JWT_ISSUER", default_value = "jobgraph")]
    pub jwt_issuer: String,
    /// Audience (`aud`) named in every access token and required by every verifier.
    #[arg(long, env = "JOBGRAPH_JWT_AUDIENCE", default_value = "jobgraph-api")]
    pub jwt_audience: String,
    /// PEM (PKCS#8) Ed25519 private key the users service signs tokens with.
    #[arg(long, env = "JOBGRAPH_JWT_PRIVATE_KEY_FILE")]
    pub jwt_private_key_file: Option<PathBuf>,
    /// PEM (SPKI) Ed25519 public key other services verify tokens with.
    #[arg(long, env = "JOBGRAPH_JWT_PUBLIC_KEY_FILE")]
    pub jwt_public_key_file: Option<PathBuf>,
    /// Lifetime of an access token (humantime: `15m`, `1h`).
    #[arg(long, env = "JOBGRAPH_ACCESS_TOKEN_TTL", default_value = "15m", value_parser = humantime::parse_duration)]
    pub access_token_ttl: Duration,
    /// Lifetime of a refresh token (humantime: `30days`).
    #[arg(long, env = "JOBGRAPH_REFRESH_TOKEN_TTL", default_value = "30days", value_parser = humantime::parse_duration)]
    pub refresh_token_ttl: Duration,
}

impl AuthArgs {
    pub fn token_settings(&self) -> TokenSettings {
        TokenSettings { issuer: self.jwt_issuer.clone(), audience: self.jwt_audience.clone() }
    }

    /// The signing key; required where tokens are issued.
    pub fn signing_key(&self) -> anyhow::Result<SigningKey> {
        let path = self
            .jwt_private_key_file
            .as_ref()
            .context("set JOBGRAPH_JWT_PRIVATE_KEY_FILE (make one with `openssl genpkey -algorithm ed25519`)")?;
        let pem = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        SigningKey::from_pem(&pem).with_context(|| format!("parsing {}", path.display()))
    }

    /// The verifier: from the public key file, or else from the private key.
    pub fn verifier(&self) -> anyhow::Result<TokenVerifier> {
        let key = match (&self.jwt_public_key_file, &self.jwt_private_key_file) {
            (Some(path), _) => {
                let pem = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
                PublicKey::from_pem(&pem).with_context(|| format!("parsing {}", path.display()))?
            }
            (None, Some(_)) => self.signing_key()?.public_key().clone(),
            (None, None) => anyhow::bail!("set JOBGRAPH_JWT_PUBLIC_KEY_FILE to the users service's public key"),
        };
        Ok(TokenVerifier::new(vec![key], &self.token_settings()))
    }
}

/// Logging.
#[derive(clap::Args, Clone, Debug)]
pub struct TelemetryArgs {
    /// Log filter in `tracing` syntax (e.g. `info,jobgraph_jobs=debug`).
    #[arg(long, env = "JOBGRAPH_LOG", default_value = "info", global = true)]
    pub log: String,
    /// Log format: `text` for people, `json` for log shippers.
    #[arg(long, env = "JOBGRAPH_LOG_FORMAT", default_value = "text", global = true)]
    pub log_format: LogFormat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}
