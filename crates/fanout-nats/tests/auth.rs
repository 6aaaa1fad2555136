//! Authentication and TLS against a real `nats-server`: a token, a user and password,
//! and TLS with a certificate authority made for the test with the openssl CLI, each
//! also through a list of several server URLs.

mod support;

use std::path::Path;
use std::process::Command;

use fanout_core::FanConfig;
use fanout_nats::{Error, LocalServer, Nats, NatsOptions, Worker};
use support::{Square, all_jobs};

/// Runs 20 squares through a worker and an engine that both use `options`.
fn round_trip(url: &str, options: &NatsOptions) {
    let _worker = Worker::start(url, 2, all_jobs(), options).unwrap();
    let engine = Nats::connect_with(url, FanConfig::new(2).unwrap(), options.clone()).unwrap();
    let mut squares: Vec<u64> = engine.run(0..20u64, Square).collect();
    squares.sort_unstable();
    assert_eq!(squares, (0..20u64).map(|n| n * n).collect::<Vec<_>>());
}

fn refused(url: &str, options: NatsOptions) -> Error {
    Nats::connect_with(url, FanConfig::new(1).unwrap(), options)
        .err()
        .expect("the server refuses")
}

#[test]
fn a_token_is_needed_and_accepted() {
    let Some(server) = LocalServer::for_tests(&["--auth", "t0ken"]) else {
        return;
    };
    round_trip(&server.url(), &NatsOptions::new().token("t0ken"));
    // Several URLs, one with nothing listening: the client connects to the other.
    let servers = format!("nats://127.0.0.1:1,{}", server.url());
    round_trip(&servers, &NatsOptions::new().token("t0ken"));
    let error = refused(&server.url(), NatsOptions::new().token("wrong"));
    assert!(matches!(error, Error::Connect { .. }), "{error}");
    assert!(
        error.to_string().to_lowercase().contains("authoriz"),
        "{error}"
    );
}

#[test]
fn a_user_and_password_are_needed_and_accepted() {
    let Some(server) = LocalServer::for_tests(&["--user", "fan", "--pass", "s3cret"]) else {
        return;
    };
    round_trip(
        &server.url(),
        &NatsOptions::new().user_and_password("fan", "s3cret"),
    );
    let error = refused(&server.url(), NatsOptions::new());
    assert!(
        error.to_string().to_lowercase().contains("authoriz"),
        "{error}"
    );
}

#[test]
fn a_missing_credentials_file_is_a_clear_error() {
    let error = refused(
        "nats://127.0.0.1:4222",
        NatsOptions::new().credentials_file("/nonexistent/fanout.creds"),
    );
    assert!(
        error
            .to_string()
            .contains("credentials file `/nonexistent/fanout.creds` could not be read"),
        "{error}"
    );
}

#[test]
fn a_missing_or_unreadable_tls_file_is_an_error_naming_it_even_on_a_plain_url() {
    let Some(server) = LocalServer::for_tests(&[]) else {
        return;
    };
    let not_pem = server.store().join("not.pem");
    std::fs::write(&not_pem, "not a certificate").unwrap();
    let not_pem = not_pem.to_string_lossy().into_owned();
    let cases = [
        (
            NatsOptions::new().tls_ca_file("/nonexistent/ca.pem"),
            "TLS CA file `/nonexistent/ca.pem` could not be read".to_owned(),
        ),
        (
            NatsOptions::new().tls_ca_file(&not_pem),
            format!("TLS CA file `{not_pem}` is not a PEM file"),
        ),
        (
            NatsOptions::new().tls_client_certificate(&not_pem, "/nonexistent/key.pem"),
            format!("TLS client certificate `{not_pem}` is not a PEM file"),
        ),
    ];
    for (options, expected) in cases {
        let error = refused(&server.url(), options);
        assert!(matches!(error, Error::Config(_)), "{error}");
        assert!(error.to_string().contains(&expected), "{error}");
    }
}

/// Runs openssl with `args` in `dir`.
fn openssl(dir: &Path, args: &[&str]) {
    let status = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the TLS test needs the openssl CLI (apt-get install openssl)");
    assert!(
        status.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn tls_with_a_certificate_authority_file() {
    let Some(plain) = LocalServer::for_tests(&[]) else {
        return;
    };
    // A CA, and a server certificate it signs for 127.0.0.1, in the plain server's store
    // directory (removed with it).
    let dir = plain.store().join("tls");
    std::fs::create_dir_all(&dir).unwrap();
    openssl(
        &dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "1",
            "-subj",
            "/CN=fanout test CA",
        ],
    );
    openssl(
        &dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ],
    );
    std::fs::write(
        dir.join("san.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n",
    )
    .unwrap();
    openssl(
        &dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "1",
            "-extfile",
            "san.ext",
        ],
    );
    let file = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let server = LocalServer::start(&[
        "--tls",
        "--tlscert",
        &file("server.pem"),
        "--tlskey",
        &file("server.key"),
    ])
    .unwrap();
    let options = NatsOptions::new()
        .tls_ca_file(file("ca.pem"))
        .require_tls(true);
    round_trip(&server.url(), &options);
    // Several URLs, one of a server without TLS: the client insists on TLS, so it
    // connects to the other, whichever it tries first.
    round_trip(&format!("{},{}", plain.url(), server.url()), &options);
    // Without the CA the server's certificate is not trusted.
    let error = refused(&server.url(), NatsOptions::new().require_tls(true));
    assert!(matches!(error, Error::Connect { .. }), "{error}");
}
