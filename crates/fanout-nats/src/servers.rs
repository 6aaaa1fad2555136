//! The servers a client may connect to: one URL, or several separated by commas.

use async_nats::ServerAddr;

use crate::Error;

/// What a server list accepts, for error messages.
const ACCEPTED: &str = "one server URL or several separated by commas, each \
                        `nats://host:port`, `tls://host:port` or `host:port`";

/// Parses `urls`, one URL or several separated by commas (as NATS clients take them),
/// into the addresses the client tries in turn and fails over between.
pub(crate) fn server_addrs(urls: &str) -> Result<Vec<ServerAddr>, Error> {
    let entries: Vec<&str> = urls.split(',').map(str::trim).collect();
    if entries.iter().any(|entry| entry.is_empty()) {
        return Err(Error::Config(format!(
            "the server list `{urls}` has an empty entry: it takes {ACCEPTED}"
        )));
    }
    entries
        .into_iter()
        .map(|entry| {
            entry.parse::<ServerAddr>().map_err(|error| {
                Error::Config(format!(
                    "`{entry}` is not a NATS server URL ({error}): the server list takes \
                     {ACCEPTED}"
                ))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::server_addrs;

    #[test]
    fn one_url_or_several_separated_by_commas() {
        let one = server_addrs("nats://127.0.0.1:4222").unwrap();
        assert_eq!(one.len(), 1);
        let three =
            server_addrs("nats://10.0.0.1:4222, tls://10.0.0.2:4222,10.0.0.3:4223").unwrap();
        let hosts: Vec<(String, u16)> = three
            .iter()
            .map(|addr| (addr.host().to_owned(), addr.port()))
            .collect();
        assert_eq!(
            hosts,
            [
                ("10.0.0.1".to_owned(), 4222),
                ("10.0.0.2".to_owned(), 4222),
                ("10.0.0.3".to_owned(), 4223)
            ]
        );
        assert!(three[1].tls_required(), "a tls:// entry insists on TLS");
    }

    #[test]
    fn an_empty_entry_or_a_bad_url_says_what_is_accepted() {
        for urls in ["", "nats://a:4222,", "nats://a:4222,,nats://b:4222"] {
            let message = server_addrs(urls).unwrap_err().to_string();
            assert!(
                message.contains("empty entry") && message.contains("separated by commas"),
                "{urls:?}: {message}"
            );
        }
        let message = server_addrs("nats://a:4222,http://b:80")
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("`http://b:80` is not a NATS server URL")
                && message.contains("separated by commas"),
            "{message}"
        );
    }
}
