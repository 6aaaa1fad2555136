//! Numbers written as people read them, the same in tables, charts and the CLI: `1.53M`, `88.2 µs`, `16 KiB`, `1.23x`, three
//! significant digits at most.

/// A count with an SI suffix and three significant digits: `950`, `12.5k`, `3.1M`.
pub fn si(value: f64) -> String {
    let (scaled, suffix) = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        .into_iter()
        .find(|&(size, _)| value.abs() >= size)
        .map_or((value, ""), |(size, suffix)| (value / size, suffix));
    format!("{}{suffix}", significant(scaled))
}

/// A time in nanoseconds in the unit that reads best: `850 ns`, `12.5 µs`, `3 ms`.
pub fn duration(nanos: f64) -> String {
    let (scaled, unit) = [(1e9, "s"), (1e6, "ms"), (1e3, "µs")]
        .into_iter()
        .find(|&(size, _)| nanos.abs() >= size)
        .map_or((nanos, "ns"), |(size, unit)| (nanos / size, unit));
    format!("{} {unit}", significant(scaled))
}

/// A size in bytes: `8 B`, `1 KiB`, `16 KiB`.
pub fn bytes(bytes: f64) -> String {
    let (scaled, unit) = [(1_048_576.0, "MiB"), (1024.0, "KiB")]
        .into_iter()
        .find(|&(size, _)| bytes >= size)
        .map_or((bytes, "B"), |(size, unit)| (bytes / size, unit));
    format!("{} {unit}", significant(scaled))
}

/// A ratio as `1.23x`.
pub fn times(ratio: f64) -> String {
    format!("{}x", significant(ratio))
}

/// A worker count: `1 worker`, `2 workers`.
pub fn workers(count: usize) -> String {
    if count == 1 {
        String::from("1 worker")
    } else {
        format!("{count} workers")
    }
}

/// Three significant digits, without trailing zeros.
pub fn significant(value: f64) -> String {
    let magnitude = value.abs();
    let decimals = if magnitude >= 100.0 || magnitude == 0.0 {
        0
    } else if magnitude >= 10.0 {
        1
    } else if magnitude >= 1.0 {
        2
    } else {
        (2.0 - magnitude.log10().floor()).min(6.0) as usize
    };
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(si(1_534_000.0), "1.53M");
        assert_eq!(si(950.0), "950");
        assert_eq!(si(12_500.0), "12.5k");
        assert_eq!(duration(88_191.0), "88.2 µs");
        assert_eq!(duration(850.0), "850 ns");
        assert_eq!(bytes(16_384.0), "16 KiB");
        assert_eq!(times(1.0), "1x");
        assert_eq!(significant(0.01234), "0.0123");
    }
}
