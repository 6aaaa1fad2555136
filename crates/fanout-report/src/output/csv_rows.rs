//! [`table_of`]: CSV rows from `serde::Serialize` structs, one column per field in the
//! order the struct declares them, so a table's columns and its struct cannot drift.

use std::fmt;

use serde::Serialize;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

use crate::data::interval::Interval;
use crate::output::csv::{self, Table};

/// A struct's fields in declaration order. `serde_json::Value` would sort them by name,
/// so they are read back from the JSON text with a visitor that keeps the order.
struct Fields(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Fields, D::Error> {
        deserializer.deserialize_map(FieldsVisitor)
    }
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Fields;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a struct of plain fields")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut fields = Vec::new();
        while let Some(field) = map.next_entry::<String, Value>()? {
            fields.push(field);
        }
        Ok(Fields(fields))
    }
}

/// A field as CSV text: strings as they are, numbers in Rust's shortest exact form,
/// `None` (and a non-finite figure, which JSON writes as null) empty.
fn field(value: Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text,
        // Whole figures stay whole (`500`, not `500.0`), as `csv::number` writes them.
        Value::Number(number) => match (number.as_u64(), number.as_i64(), number.as_f64()) {
            (Some(whole), ..) => whole.to_string(),
            (None, Some(whole), _) => whole.to_string(),
            (None, None, Some(figure)) => csv::number(figure),
            (None, None, None) => number.to_string(),
        },
        other => other.to_string(),
    }
}

/// A figure and the ends of its interval as three columns, `name`, `name_low` and
/// `name_high` (all empty when the figure is missing), for a `#[serde(flatten)]` field.
pub(crate) struct Ends(pub(crate) &'static str, pub(crate) Option<Interval>);

impl Serialize for Ends {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Ends(name, figure) = self;
        let mut columns = serializer.serialize_map(Some(3))?;
        columns.serialize_entry(name, &figure.map(|figure| figure.value))?;
        columns.serialize_entry(&format!("{name}_low"), &figure.map(|figure| figure.low))?;
        columns.serialize_entry(&format!("{name}_high"), &figure.map(|figure| figure.high))?;
        columns.end()
    }
}

/// The rows as a table whose header is the struct's field names.
pub(crate) fn table_of<T: Serialize>(rows: &[T]) -> Result<Table, serde_json::Error> {
    let mut header = Vec::new();
    let mut lines = Vec::new();
    for row in rows {
        let Fields(fields) = serde_json::from_str(&serde_json::to_string(row)?)?;
        if header.is_empty() {
            header = fields.iter().map(|(name, _)| name.clone()).collect();
        }
        lines.push(fields.into_iter().map(|(_, value)| field(value)).collect());
    }
    let mut table = Table::with_header(header);
    for line in lines {
        table.push(line);
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        zebra: &'static str,
        apple: Option<f64>,
        count: usize,
        #[serde(flatten)]
        spread: Ends,
    }

    #[test]
    fn columns_follow_the_structs_order() {
        let rows = [
            Row {
                zebra: "a, b",
                apple: Some(1.5),
                count: 2,
                spread: Ends(
                    "ratio",
                    Some(Interval {
                        value: 2.0,
                        low: 1.5,
                        high: 2.5,
                    }),
                ),
            },
            Row {
                zebra: "c",
                apple: None,
                count: 3,
                spread: Ends("ratio", None),
            },
        ];
        let table = table_of(&rows).unwrap();
        assert_eq!(
            table.to_csv(),
            "zebra,apple,count,ratio,ratio_low,ratio_high\n\"a, b\",1.5,2,2,1.5,2.5\nc,,3,,,\n"
        );
    }
}
