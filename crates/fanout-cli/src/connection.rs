//! The flags that reach a NATS server, shared by `fanout worker` and `fanout nats status`:
//! the URLs, a token, a user and password, a credentials file, TLS files.

use std::path::PathBuf;

use clap::Args;
use fanout_nats::NatsOptions;

/// How to reach and authenticate to the server.
#[derive(Args, Debug)]
pub(crate) struct ConnectionArgs {
    /// The server: `nats://host:4222`, or `tls://host:4222` to insist on TLS; several of
    /// a cluster separated by commas, to connect to any and fail over between them.
    #[arg(long, value_name = "URL[,URL...]")]
    pub(crate) nats: String,
    /// A token to authenticate with.
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
    /// A user to authenticate as (with `--password`).
    #[arg(long, value_name = "USER", requires = "password")]
    user: Option<String>,
    /// The password of `--user`.
    #[arg(long, value_name = "PASSWORD", requires = "user")]
    password: Option<String>,
    /// A credentials file (a JWT and an nkey seed) to authenticate with.
    #[arg(long, value_name = "FILE")]
    creds: Option<PathBuf>,
    /// A PEM file of the certificate authority to trust for the server's certificate.
    #[arg(long, value_name = "FILE")]
    tls_ca: Option<PathBuf>,
    /// A PEM client certificate, for servers that verify clients (with `--tls-key`).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The PEM key of `--tls-cert`.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
}

impl ConnectionArgs {
    /// `options` with this authentication and TLS added.
    pub(crate) fn apply(&self, mut options: NatsOptions) -> NatsOptions {
        if let Some(token) = &self.token {
            options = options.token(token.clone());
        }
        if let (Some(user), Some(password)) = (&self.user, &self.password) {
            options = options.user_and_password(user.clone(), password.clone());
        }
        if let Some(path) = &self.creds {
            options = options.credentials_file(path.clone());
        }
        if let Some(path) = &self.tls_ca {
            options = options.tls_ca_file(path.clone());
        }
        if let (Some(cert), Some(key)) = (&self.tls_cert, &self.tls_key) {
            options = options.tls_client_certificate(cert.clone(), key.clone());
        }
        options
    }
}
