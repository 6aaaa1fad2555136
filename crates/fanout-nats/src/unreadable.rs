//! Headers the client cannot read: async-nats drops its whole connection on a header
//! that is not UTF-8, has a line without a colon or a name it does not accept, and takes
//! a header with a status for the server's own answer. A worker finds such messages
//! through the JetStream API (which hands headers over as data), and deletes them.

use std::str::FromStr;

use async_nats::HeaderName;

/// Why the client cannot read a message with this header block, or `None` if it can.
pub(crate) fn why_unreadable(header: &[u8]) -> Option<String> {
    let Ok(text) = std::str::from_utf8(header) else {
        return Some("its header is not UTF-8".to_owned());
    };
    let mut lines = text.lines();
    let version = lines.next().unwrap_or_default();
    let Some(status) = version.strip_prefix("NATS/1.0") else {
        return Some(format!("its header begins `{version}`, not `NATS/1.0`"));
    };
    if !status.trim().is_empty() {
        return Some(format!(
            "its header carries a status (`{}`), which the client takes for the server's",
            status.trim()
        ));
    }
    for line in lines.filter(|line| !line.is_empty()) {
        // A line starting with white space continues the value above it.
        if line.starts_with(char::is_whitespace) {
            continue;
        }
        let Some((name, _value)) = line.split_once(':') else {
            return Some(format!("its header line `{line}` has no colon"));
        };
        if HeaderName::from_str(name).is_err() {
            return Some(format!(
                "its header name `{name}` is not one the client accepts"
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_the_client_reads_pass_and_others_are_named() {
        assert_eq!(
            why_unreadable(b"NATS/1.0\r\nFanout-Job: square\r\n\r\n"),
            None
        );
        assert_eq!(why_unreadable(b"NATS/1.0\r\nA: b\r\n  c\r\n\r\n"), None);
        let cases: [(&[u8], &str); 5] = [
            (b"NATS/1.0\r\nFanout-Job: \xff\r\n\r\n", "not UTF-8"),
            (b"NATS/1.0\r\nFanout-Job square\r\n\r\n", "has no colon"),
            (b"NATS/1.0 503\r\n\r\n", "carries a status (`503`)"),
            (b"HTTP/1.1\r\n\r\n", "not `NATS/1.0`"),
            (b"NATS/1.0\r\nbad name: x\r\n\r\n", "`bad name` is not one"),
        ];
        for (header, why) in cases {
            let found = why_unreadable(header).expect("unreadable");
            assert!(found.contains(why), "{found}");
        }
    }
}
