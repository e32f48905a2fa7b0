//! Coordinates in one fast-field value, and distances on the globe.

const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Latitude and longitude packed into one `u64` (32 bits each, about 1 cm
/// apart), so a location's two coordinates stay together in a multi-valued
/// fast field.
pub fn pack(lat: f64, lon: f64) -> u64 {
    let scale = |value: f64, min: f64, span: f64| (((value - min) / span).clamp(0.0, 1.0) * u32::MAX as f64) as u64;
    (scale(lat, -90.0, 180.0) << 32) | scale(lon, -180.0, 360.0)
}

pub fn unpack(packed: u64) -> (f64, f64) {
    let unscale = |bits: u64, min: f64, span: f64| min + (bits as f64 / u32::MAX as f64) * span;
    (unscale(packed >> 32, -90.0, 180.0), unscale(packed & u32::MAX as u64, -180.0, 360.0))
}

/// Great-circle distance (haversine), in kilometres.
pub fn distance_km((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let (dphi, dlambda) = ((lat2 - lat1).to_radians(), (lon2 - lon1).to_radians());
    let a = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_keeps_coordinates_to_a_few_centimetres() {
        for (lat, lon) in [(52.52, 13.405), (-33.8688, 151.2093), (90.0, -180.0), (0.0, 0.0)] {
            let (back_lat, back_lon) = unpack(pack(lat, lon));
            assert!((back_lat - lat).abs() < 1e-6 && (back_lon - lon).abs() < 1e-6, "{lat},{lon}");
        }
    }

    #[test]
    fn berlin_to_munich_is_about_504_km() {
        let km = distance_km((52.52, 13.405), (48.1351, 11.582));
        assert!((km - 504.0).abs() < 3.0, "{km}");
    }
}
