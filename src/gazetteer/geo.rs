//! Geometry that comes with the gazetteer: the Iraq–Syria border line, governorate and country
//! polygons, and the geodesic helpers every km figure goes through (the `geo` crate's Geodesic
//! and Haversine measures; never offsets in degrees).

use geo::{Bearing, Contains, Destination, Distance, Geodesic, Haversine, MultiPolygon, Point};
use serde_json::Value;

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    Haversine.distance(Point::new(lon1, lat1), Point::new(lon2, lat2)) / 1000.0
}

/// A point with the cosine of its latitude computed once, for the many distances measured from
/// it (resolution measures every candidate reading against every anchor of an article).
#[derive(Debug, Clone, Copy)]
pub struct CosPoint {
    pub lat: f64,
    pub lon: f64,
    cos_lat: f64,
}

impl CosPoint {
    pub fn new(lat: f64, lon: f64) -> CosPoint {
        CosPoint {
            lat,
            lon,
            cos_lat: lat.to_radians().cos(),
        }
    }
    /// `haversine_km(self.lat, self.lon, to.lat, to.lon)`, to the bit: the `geo` crate's
    /// Haversine formula, step for step, with the latitudes' cosines taken from the points.
    pub fn km_to(&self, to: &CosPoint) -> f64 {
        let two = 2.0f64;
        let delta_theta = (to.lat - self.lat).to_radians();
        let delta_lambda = (to.lon - self.lon).to_radians();
        let a = (delta_theta / two).sin().powi(2)
            + self.cos_lat * to.cos_lat * (delta_lambda / two).sin().powi(2);
        let c = two * a.sqrt().asin();
        Haversine.radius() * c / 1000.0
    }
    /// A lower bound of [`CosPoint::km_to`], without its sines and arcsine: `sin x` is at least
    /// `x - x³/6` for `x` in `[0, π]`, and `asin y` at least `y`; shrunk well beyond the
    /// rounding of either computation.
    #[inline]
    fn km_at_least(&self, to: &CosPoint) -> f64 {
        // the sine of `x` (half an angle difference, at least 0) from below, 0 past π
        let sin_below = |x: f64| {
            if x <= std::f64::consts::PI {
                (x - x * x * x / 6.0).max(0.0)
            } else {
                0.0
            }
        };
        let s_theta = sin_below((to.lat - self.lat).to_radians().abs() / 2.0);
        let s_lambda = sin_below((to.lon - self.lon).to_radians().abs() / 2.0);
        let cos_cos = (self.cos_lat * to.cos_lat).max(0.0);
        let a = s_theta * s_theta + cos_cos * s_lambda * s_lambda;
        2.0 * Haversine.radius() / 1000.0 * a.sqrt() * (1.0 - 1e-9) - 1e-9
    }
}

/// Points sorted by latitude, for the question resolution asks of every candidate reading: how
/// far is the nearest of them (any, and beyond `NearestOf::SAME_KM`)? The search goes outward
/// from the reading's latitude and stops on each side where the latitude difference alone is
/// farther than the nearest found: a great circle is never shorter than its latitude change.
#[derive(Debug, Clone, Default)]
pub struct NearestOf {
    points: Vec<CosPoint>,
}

impl NearestOf {
    /// Distances no more than this are the place itself.
    pub const SAME_KM: f64 = 0.5;

    pub fn new(mut points: Vec<CosPoint>) -> NearestOf {
        points.sort_by(|a, b| a.lat.total_cmp(&b.lat).then(a.lon.total_cmp(&b.lon)));
        // (a place named again is the same point again: once is enough for a minimum)
        points.dedup_by(|a, b| {
            a.lat.to_bits() == b.lat.to_bits() && a.lon.to_bits() == b.lon.to_bits()
        });
        NearestOf { points }
    }
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
    /// The least distance from `from` to the points (infinity when there are none), and the
    /// least of those beyond [`NearestOf::SAME_KM`]: the minima of [`CosPoint::km_to`] over all
    /// the points, to the bit.
    pub fn nearest(&self, from: &CosPoint) -> (f64, Option<f64>) {
        let mut all = f64::INFINITY;
        let mut beyond: Option<f64> = None;
        let mut visit = |p: &CosPoint, beyond: &mut Option<f64>| {
            // (a point surely farther than `beyond`, which is never less than `all`, changes
            // neither minimum: its distance is not computed)
            if beyond.is_some_and(|n| from.km_at_least(p) > n) {
                return;
            }
            let d = from.km_to(p);
            all = f64::min(all, d);
            if d > Self::SAME_KM && beyond.is_none_or(|n| d.total_cmp(&n).is_lt()) {
                *beyond = Some(d);
            }
        };
        // (the latitude bound in km, shrunk well beyond the rounding of the distances: a point
        // is passed over only when its distance must exceed `beyond`, which is never less than
        // `all`, so neither minimum can change)
        let bound_km = |p: &CosPoint| {
            Haversine.radius() / 1000.0 * (p.lat - from.lat).abs().to_radians() * (1.0 - 1e-9)
                - 1e-9
        };
        let past = |p: &CosPoint, beyond: Option<f64>| beyond.is_some_and(|n| bound_km(p) > n);
        let mid = self.points.partition_point(|p| p.lat < from.lat);
        let (mut lo, mut hi) = (mid, mid);
        // alternately north and south, so that the nearest latitudes come first
        loop {
            let up = hi < self.points.len() && !past(&self.points[hi], beyond);
            if up {
                visit(&self.points[hi], &mut beyond);
                hi += 1;
            }
            let down = lo > 0 && !past(&self.points[lo - 1], beyond);
            if down {
                lo -= 1;
                visit(&self.points[lo], &mut beyond);
            }
            if !up && !down {
                break;
            }
        }
        (all, beyond)
    }
}

/// The point `km` away from (lat, lon) on the geodesic with initial `bearing_deg` (0 = north).
pub fn destination(lat: f64, lon: f64, bearing_deg: f64, km: f64) -> (f64, f64) {
    let p = Geodesic.destination(Point::new(lon, lat), bearing_deg, km * 1000.0);
    (p.y(), p.x())
}

/// Initial bearing in degrees (0..360) from the first point to the second.
pub fn bearing_deg(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let b = Geodesic.bearing(Point::new(lon1, lat1), Point::new(lon2, lat2));
    (b + 360.0) % 360.0
}

/// A named area (governorate or country).
#[derive(Debug, Clone)]
pub struct Area {
    pub id: String,
    pub name: String,
    pub country: String,
    pub shape: MultiPolygon<f64>,
}

/// The geometry files of a gazetteer.
#[derive(Debug, Clone, Default)]
pub struct GeoData {
    /// The Iraq–Syria border as polylines of `[lon, lat]`.
    pub border: Vec<Vec<[f64; 2]>>,
    pub admin1: Vec<Area>,
    pub countries: Vec<Area>,
}

fn ring(v: &Value) -> Option<geo::LineString<f64>> {
    let pts: Option<Vec<geo::Coord<f64>>> = v
        .as_array()?
        .iter()
        .map(|p| {
            let a = p.as_array()?;
            Some(geo::Coord {
                x: a.first()?.as_f64()?,
                y: a.get(1)?.as_f64()?,
            })
        })
        .collect();
    Some(geo::LineString::new(pts?))
}

fn polygon(v: &Value) -> Option<geo::Polygon<f64>> {
    let rings = v.as_array()?;
    let ext = ring(rings.first()?)?;
    let holes: Option<Vec<_>> = rings[1..].iter().map(ring).collect();
    Some(geo::Polygon::new(ext, holes?))
}

fn multipolygon(g: &Value) -> Option<MultiPolygon<f64>> {
    let coords = g.get("coordinates")?;
    match g.get("type")?.as_str()? {
        "Polygon" => Some(MultiPolygon::new(vec![polygon(coords)?])),
        "MultiPolygon" => {
            let ps: Option<Vec<_>> = coords.as_array()?.iter().map(polygon).collect();
            Some(MultiPolygon::new(ps?))
        }
        _ => None,
    }
}

fn lines(g: &Value) -> Option<Vec<Vec<[f64; 2]>>> {
    let coords = g.get("coordinates")?;
    let line = |v: &Value| -> Option<Vec<[f64; 2]>> {
        v.as_array()?
            .iter()
            .map(|p| {
                let a = p.as_array()?;
                Some([a.first()?.as_f64()?, a.get(1)?.as_f64()?])
            })
            .collect()
    };
    match g.get("type")?.as_str()? {
        "LineString" => Some(vec![line(coords)?]),
        "MultiLineString" => coords.as_array()?.iter().map(line).collect(),
        _ => None,
    }
}

fn features(text: &str, what: &str) -> Result<Vec<Value>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("{what}: {e}"))?;
    v.get("features")
        .and_then(Value::as_array)
        .cloned()
        .ok_or_else(|| format!("{what}: not a FeatureCollection"))
}

fn areas(text: &str, what: &str) -> Result<Vec<Area>, String> {
    let mut out = Vec::new();
    for f in features(text, what)? {
        let props = f.get("properties").cloned().unwrap_or(Value::Null);
        let s = |k: &str| {
            props
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let Some(shape) = f.get("geometry").and_then(multipolygon) else {
            continue;
        };
        let id = s("id");
        let country = match s("country") {
            c if !c.is_empty() => c,
            _ => id.clone(),
        };
        out.push(Area {
            id,
            name: s("name"),
            country,
            shape,
        });
    }
    Ok(out)
}

impl GeoData {
    pub fn parse(border: &str, admin1: &str, countries: &str) -> Result<GeoData, String> {
        let mut b = Vec::new();
        for f in features(border, "border.geojson")? {
            if let Some(ls) = f.get("geometry").and_then(lines) {
                b.extend(ls);
            }
        }
        Ok(GeoData {
            border: b,
            admin1: areas(admin1, "admin1.geojson")?,
            countries: areas(countries, "countries.geojson")?,
        })
    }

    /// The point of the Iraq–Syria border nearest to (lat, lon), optionally only among border
    /// points whose bearing from (lat, lon) lies within `sector` = (bearing, half-width) degrees.
    /// Returns (lat, lon, km).
    pub fn nearest_border_point(
        &self,
        lat: f64,
        lon: f64,
        sector: Option<(f64, f64)>,
    ) -> Option<(f64, f64, f64)> {
        let mut best: Option<(f64, f64, f64)> = None;
        for line in &self.border {
            for w in line.windows(2) {
                // sample each segment densely enough (segments are short in the 10m data)
                let steps = 4;
                for s in 0..=steps {
                    let t = s as f64 / steps as f64;
                    let plon = w[0][0] + (w[1][0] - w[0][0]) * t;
                    let plat = w[0][1] + (w[1][1] - w[0][1]) * t;
                    if let Some((b, half)) = sector {
                        let bb = bearing_deg(lat, lon, plat, plon);
                        let diff = ((bb - b + 540.0) % 360.0 - 180.0).abs();
                        if diff > half {
                            continue;
                        }
                    }
                    let d = haversine_km(lat, lon, plat, plon);
                    if best.is_none_or(|(_, _, bd)| d < bd) {
                        best = Some((plat, plon, d));
                    }
                }
            }
        }
        best
    }

    /// The governorate containing the point, or the nearest one of `country` within 30 km.
    pub fn admin1_at(&self, lat: f64, lon: f64) -> Option<&Area> {
        let p = Point::new(lon, lat);
        self.admin1.iter().find(|a| a.shape.contains(&p))
    }

    /// The country (of those bundled) containing the point.
    pub fn country_at(&self, lat: f64, lon: f64) -> Option<&Area> {
        let p = Point::new(lon, lat);
        self.countries.iter().find(|a| a.shape.contains(&p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_geodesic() {
        let (lat, lon) = destination(36.0, 41.7, 270.0, 15.0);
        assert!((haversine_km(36.0, 41.7, lat, lon) - 15.0).abs() < 0.1);
        assert!(lon < 41.7 && (lat - 36.0).abs() < 0.01);
        let b = bearing_deg(36.0, 41.7, 36.5, 41.7);
        assert!(!(1.0..=359.0).contains(&b), "{b}");
    }

    #[test]
    fn cos_point_distance_is_haversine_km() {
        let mut next = crate::testutil::xorshift();
        let mut coord = |range: f64| (next() % 2_000_001) as f64 / 1_000_000.0 * range - range;
        for k in 0..100_000 {
            // near points (an article's places) and any points
            let spread = if k % 2 == 0 { 3.0 } else { 180.0 };
            let (lat1, lon1) = (coord(90.0), coord(180.0));
            let lat2 = (lat1 + coord(spread)).clamp(-90.0, 90.0);
            let lon2 = lon1 + coord(spread);
            let d = CosPoint::new(lat1, lon1).km_to(&CosPoint::new(lat2, lon2));
            let want = haversine_km(lat1, lon1, lat2, lon2);
            assert_eq!(d.to_bits(), want.to_bits(), "{lat1} {lon1} {lat2} {lon2}");
        }
        let p = CosPoint::new(36.34, 43.13);
        assert_eq!(p.km_to(&p), 0.0);
    }

    #[test]
    fn km_at_least_is_a_lower_bound_of_km_to() {
        let mut next = crate::testutil::xorshift();
        let mut coord = |range: f64| (next() % 2_000_001) as f64 / 1_000_000.0 * range - range;
        for k in 0..200_000 {
            // near points, any points, and longitudes more than a turn apart
            let spread = [0.001, 3.0, 180.0, 400.0][k % 4];
            let (lat1, lon1) = (coord(90.0), coord(180.0));
            let lat2 = (lat1 + coord(spread)).clamp(-90.0, 90.0);
            let lon2 = lon1 + coord(spread);
            let (a, b) = (CosPoint::new(lat1, lon1), CosPoint::new(lat2, lon2));
            assert!(
                a.km_at_least(&b) <= a.km_to(&b),
                "{lat1} {lon1} {lat2} {lon2}"
            );
        }
        for (lat, lon) in [(90.0, 0.0), (-90.0, 10.0), (0.0, 180.0), (36.3, 43.1)] {
            let (a, b) = (CosPoint::new(36.3, 43.1), CosPoint::new(lat, lon));
            assert!(a.km_at_least(&b) <= a.km_to(&b));
        }
    }

    #[test]
    fn nearest_of_is_the_minimum_over_all_points() {
        let mut next = crate::testutil::xorshift();
        let mut unit = move || (next() % 1_000_001) as f64 / 1_000_000.0;
        for k in 0..20_000 {
            // an article's anchors: few or many, close together or far apart, some repeated
            // and some within SAME_KM of the reading
            let n = k % 23;
            let spread = [0.01, 0.5, 3.0, 40.0][k % 4];
            let (lat0, lon0) = (unit() * 170.0 - 85.0, unit() * 360.0 - 180.0);
            let mut coord = || {
                (
                    (lat0 + (unit() - 0.5) * spread).clamp(-90.0, 90.0),
                    lon0 + (unit() - 0.5) * spread,
                )
            };
            let mut points: Vec<CosPoint> = (0..n)
                .map(|_| {
                    let (lat, lon) = coord();
                    CosPoint::new(lat, lon)
                })
                .collect();
            if n > 2 {
                points.push(points[1]);
            }
            let (lat, lon) = if k % 5 == 0 && n > 0 {
                (points[0].lat, points[0].lon + 0.001)
            } else {
                coord()
            };
            let from = CosPoint::new(lat, lon);
            let mut all = f64::INFINITY;
            let mut beyond: Option<f64> = None;
            for p in &points {
                let d = from.km_to(p);
                all = f64::min(all, d);
                if d > 0.5 && beyond.is_none_or(|b| d.total_cmp(&b).is_lt()) {
                    beyond = Some(d);
                }
            }
            let (a, b) = NearestOf::new(points).nearest(&from);
            assert_eq!(a.to_bits(), all.to_bits(), "{k}");
            assert_eq!(b.map(f64::to_bits), beyond.map(f64::to_bits), "{k}");
        }
    }
}
