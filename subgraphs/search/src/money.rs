//! Salaries compared across currencies: every job's yearly salary is also
//! kept in euros, by a fixed table of reference rates, so one range filter
//! and one facet serve every currency. The rates are approximate on
//! purpose (a seeker's "at least 60k" needs no live exchange rate); a
//! currency missing from the table leaves the job out of salary filters.

/// Euros per unit of each currency (ECB reference rates, rounded).
const EUROS_PER_UNIT: &[(&str, f64)] = &[
    ("EUR", 1.0),
    ("USD", 0.92),
    ("GBP", 1.17),
    ("CHF", 1.05),
    ("CAD", 0.68),
    ("AUD", 0.61),
    ("NZD", 0.56),
    ("SEK", 0.088),
    ("NOK", 0.086),
    ("DKK", 0.134),
    ("PLN", 0.23),
    ("CZK", 0.040),
    ("HUF", 0.0025),
    ("RON", 0.20),
    ("JPY", 0.0062),
    ("CNY", 0.13),
    ("INR", 0.011),
    ("SGD", 0.69),
    ("HKD", 0.118),
    ("BRL", 0.17),
    ("MXN", 0.050),
    ("ZAR", 0.050),
    ("ILS", 0.25),
    ("AED", 0.25),
];

/// `amount` of `currency` in euros, when the currency is known.
pub fn to_euros(amount: f64, currency: &str) -> Option<f64> {
    let currency = currency.to_ascii_uppercase();
    EUROS_PER_UNIT.iter().find(|(code, _)| *code == currency).map(|(_, rate)| amount * rate)
}

/// `euros` in `currency`, when the currency is known.
pub fn from_euros(euros: f64, currency: &str) -> Option<f64> {
    to_euros(1.0, currency).map(|rate| euros / rate)
}

/// The salary bands of the salary facet: yearly, in euros.
pub const BANDS: &[(f64, Option<f64>)] = &[
    (0.0, Some(30_000.0)),
    (30_000.0, Some(50_000.0)),
    (50_000.0, Some(75_000.0)),
    (75_000.0, Some(100_000.0)),
    (100_000.0, Some(150_000.0)),
    (150_000.0, None),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_currencies_convert_both_ways_and_unknown_ones_do_not() {
        assert_eq!(to_euros(100.0, "eur"), Some(100.0));
        assert!((to_euros(100_000.0, "USD").unwrap() - 92_000.0).abs() < 1e-6);
        assert!((from_euros(92_000.0, "USD").unwrap() - 100_000.0).abs() < 1e-6);
        assert_eq!(to_euros(1.0, "XYZ"), None);
    }
}
