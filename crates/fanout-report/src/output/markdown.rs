//! [`table`]: a markdown table from a header and rows of cells, the one way every table
//! of the README is written.

/// The table's markdown, without a trailing line break. A column whose cells all start
/// with a digit holds figures and is right-aligned, so that they line up when rendered;
/// the others are left-aligned.
pub(crate) fn table<H: AsRef<str>>(header: &[H], rows: &[Vec<String>]) -> String {
    let figures = |column: usize| {
        rows.iter()
            .filter_map(|row| row.get(column).filter(|cell| !cell.is_empty()))
            .all(|cell| cell.starts_with(|c: char| c.is_ascii_digit()))
            && rows
                .iter()
                .any(|row| row.get(column).is_some_and(|cell| !cell.is_empty()))
    };
    let alignment: Vec<&str> = (0..header.len())
        .map(|column| if figures(column) { "--:" } else { "---" })
        .collect();
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        format!("| {} |", cells.collect::<Vec<_>>().join(" | "))
    };
    let mut lines = vec![
        line(&mut header.iter().map(AsRef::as_ref)),
        format!("|{}|", alignment.join("|")),
    ];
    lines.extend(
        rows.iter()
            .map(|row| line(&mut row.iter().map(String::as_str))),
    );
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_align_right_and_names_left() {
        let rows = vec![
            vec![String::from("`noop`"), String::from("1.2x"), String::new()],
            vec![String::from("`spin`"), String::new(), String::from("tie")],
        ];
        assert_eq!(
            table(&["workload", "ratio", "verdict"], &rows),
            "| workload | ratio | verdict |\n|---|--:|---|\n| `noop` | 1.2x |  |\n| `spin` |  | tie |"
        );
    }
}
