//! [`Table`]: a header and rows of fields, written as CSV (RFC 4180: a field is quoted
//! only when it holds a comma, a quote or a line break).

use std::borrow::Cow;
use std::fs;
use std::path::Path;

use crate::error::Error;

/// A CSV file's contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// An empty table with these columns, named at run time.
    pub(crate) fn with_header(header: Vec<String>) -> Table {
        Table {
            header,
            rows: Vec::new(),
        }
    }

    /// Adds a row; it must have one field per column.
    pub(crate) fn push(&mut self, fields: Vec<String>) {
        debug_assert_eq!(fields.len(), self.header.len(), "{:?}", self.header);
        self.rows.push(fields);
    }

    /// Whether it has no rows.
    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as CSV text.
    pub(crate) fn to_csv(&self) -> String {
        let mut text = String::new();
        for fields in std::iter::once(&self.header).chain(&self.rows) {
            let line: Vec<Cow<'_, str>> = fields.iter().map(|field| quote(field)).collect();
            text.push_str(&line.join(","));
            text.push('\n');
        }
        text
    }

    /// Writes the table to `path`.
    pub(crate) fn write(&self, path: &Path) -> Result<(), Error> {
        fs::write(path, self.to_csv()).map_err(|error| Error::at(path, error))
    }
}

fn quote(field: &str) -> Cow<'_, str> {
    if field.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", field.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(field)
    }
}

/// A figure as a field: Rust's shortest exact form, so nothing is lost.
pub(crate) fn number(value: f64) -> String {
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        let mut table = Table::with_header(vec!["name".into(), "value".into()]);
        table.push(vec!["a, b".into(), number(1.5)]);
        table.push(vec!["say \"hi\"".into(), String::new()]);
        assert_eq!(
            table.to_csv(),
            "name,value\n\"a, b\",1.5\n\"say \"\"hi\"\"\",\n"
        );
    }
}
