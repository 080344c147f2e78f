//! Estimated zones of control: a Voronoi tessellation around the state points, each cell cut
//! to a disc of `radius_km` around its point and to the country (Iraq or Syria) the point lies
//! in (so no zone crosses the border), then dissolved by controller into one MultiPolygon each.
//!
//! Cells are exact Voronoi cells computed by clipping the disc with the perpendicular bisector
//! to every neighbour within two radii, in a local equirectangular plane (x = lon·cos 35°), which
//! is within a few percent of true distances between 32° and 38° N. Places with no known
//! controller still claim their cell (the area stays unassigned); they produce no zone.

use std::collections::{BTreeMap, HashMap};

use geo::{
    orient::Direction, BooleanOps, Coord, GeodesicArea, LineString, MultiPolygon, Orient, Polygon,
    Validation,
};

use crate::feature::{round6, Feature, FieldType, Geometry, Position, Prop};
use crate::gazetteer::geo::{destination, haversine_km};
use crate::gazetteer::Gazetteer;

/// The properties of `kind` = `zone` features, in the order they are written.
pub const ZONE_FIELDS: &[(&str, FieldType)] = &[
    ("kind", FieldType::Text),
    ("controller", FieldType::Text),
    ("n_places", FieldType::Integer),
    ("area_km2", FieldType::Real),
    ("date", FieldType::Text),
    ("places", FieldType::Text),
];

/// How zones are drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneOptions {
    /// No point claims land farther than this (km).
    pub radius_km: f64,
    /// Whether `stale` states still count for their controller.
    pub include_stale: bool,
    /// Vertices of the disc around each point.
    pub disc_vertices: usize,
}

impl Default for ZoneOptions {
    fn default() -> Self {
        ZoneOptions {
            radius_km: 30.0,
            include_stale: true,
            disc_vertices: 64,
        }
    }
}

/// The zones of control of a set of states, with the default options (30 km).
pub fn zones(states: &[Feature], gaz: &Gazetteer) -> Vec<Feature> {
    zones_with(states, gaz, &ZoneOptions::default())
}

const K: f64 = 0.819_152_044_288_992; // cos 35°

fn project(p: Position) -> [f64; 2] {
    [p[0] * K, p[1]]
}
fn unproject(p: [f64; 2]) -> Coord<f64> {
    Coord {
        x: p[0] / K,
        y: p[1],
    }
}

/// Keeps the part of convex polygon `poly` on `g`'s side of the bisector of `g` and `q`.
fn clip_half_plane(poly: &[[f64; 2]], g: [f64; 2], q: [f64; 2]) -> Vec<[f64; 2]> {
    let n = [q[0] - g[0], q[1] - g[1]];
    let m = [(g[0] + q[0]) / 2.0, (g[1] + q[1]) / 2.0];
    let side = |p: [f64; 2]| (p[0] - m[0]) * n[0] + (p[1] - m[1]) * n[1];
    let mut out = Vec::with_capacity(poly.len() + 2);
    for i in 0..poly.len() {
        let (a, b) = (poly[i], poly[(i + 1) % poly.len()]);
        let (sa, sb) = (side(a), side(b));
        if sa <= 0.0 {
            out.push(a);
        }
        if (sa < 0.0 && sb > 0.0) || (sa > 0.0 && sb < 0.0) {
            let t = sa / (sa - sb);
            out.push([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);
        }
    }
    out
}

struct Generator<'a> {
    key: String,
    point: Position,
    controller: Option<String>,
    country: Option<&'a MultiPolygon<f64>>,
}

/// The zones of control of a set of states: one `kind` = `zone` MultiPolygon feature per
/// controller, sorted by controller.
pub fn zones_with(states: &[Feature], gaz: &Gazetteer, opts: &ZoneOptions) -> Vec<Feature> {
    let country = |id: &str| {
        gaz.geo
            .countries
            .iter()
            .find(|a| a.id == id)
            .map(|a| &a.shape)
    };
    let (iq, sy) = (country("IQ"), country("SY"));
    let mut gens: Vec<Generator> = states
        .iter()
        .filter(|f| f.get_str("kind").is_none_or(|k| k == "state"))
        .filter_map(|f| {
            let point = f.point()?;
            let key = f
                .get_str("place_key")
                .map(str::to_string)
                .or_else(|| f.id.clone())
                .unwrap_or_default();
            let stale = f.get_str("status") == Some("stale");
            let controller = f
                .get_str("controller")
                .filter(|_| opts.include_stale || !stale)
                .map(str::to_string);
            let in_country = match f.get_str("country") {
                Some("IQ") => iq,
                Some("SY") => sy,
                _ => match gaz
                    .geo
                    .country_at(point[1], point[0])
                    .map(|a| a.id.as_str())
                {
                    Some("IQ") => iq,
                    Some("SY") => sy,
                    _ => None,
                },
            };
            Some(Generator {
                key,
                point,
                controller,
                country: in_country,
            })
        })
        .collect();
    gens.sort_by(|a, b| {
        let pa = (round6(a.point[0]), round6(a.point[1]));
        let pb = (round6(b.point[0]), round6(b.point[1]));
        pa.partial_cmp(&pb)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.key.cmp(&b.key))
    });
    // Two places at the same point: the first by key takes the cell.
    gens.dedup_by(|b, a| {
        round6(a.point[0]) == round6(b.point[0]) && round6(a.point[1]) == round6(b.point[1])
    });

    let reach_km = 2.0 * opts.radius_km;
    let cell_deg = (reach_km / 80.0).max(0.01); // 1° of longitude ≥ 80 km below 44° N
    let cell_of = |p: Position| {
        (
            (p[0] / cell_deg).floor() as i64,
            (p[1] / cell_deg).floor() as i64,
        )
    };
    let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (i, g) in gens.iter().enumerate() {
        grid.entry(cell_of(g.point)).or_default().push(i);
    }

    let date = states
        .iter()
        .filter_map(|f| f.get_str("date"))
        .max()
        .map(str::to_string);
    let mut by_controller: BTreeMap<&str, (Vec<Polygon<f64>>, Vec<&str>)> = BTreeMap::new();
    for (i, g) in gens.iter().enumerate() {
        let (Some(ctl), Some(shape)) = (g.controller.as_deref(), g.country) else {
            continue;
        };
        let n = opts.disc_vertices.max(8);
        let mut cell: Vec<[f64; 2]> = (0..n)
            .map(|k| {
                // counter-clockwise from east
                let bearing = 90.0 - 360.0 * k as f64 / n as f64;
                let (lat, lon) = destination(g.point[1], g.point[0], bearing, opts.radius_km);
                project([lon, lat])
            })
            .collect();
        let gp = project(g.point);
        let (cx, cy) = cell_of(g.point);
        for dx in -1..=1 {
            for dy in -1..=1 {
                for &j in grid
                    .get(&(cx + dx, cy + dy))
                    .map_or(&[][..], |v| v.as_slice())
                {
                    if j == i {
                        continue;
                    }
                    let q = gens[j].point;
                    if haversine_km(g.point[1], g.point[0], q[1], q[0]) > reach_km {
                        continue;
                    }
                    cell = clip_half_plane(&cell, gp, project(q));
                    if cell.len() < 3 {
                        break;
                    }
                }
            }
        }
        if cell.len() < 3 {
            continue;
        }
        let mut ring: Vec<Coord<f64>> = cell.into_iter().map(unproject).collect();
        ring.push(ring[0]);
        let poly = Polygon::new(LineString::new(ring), vec![]);
        let clipped = poly.intersection(shape);
        let entry = by_controller.entry(ctl).or_default();
        entry.0.extend(clipped.0);
        entry.1.push(g.key.as_str());
    }

    let mut out = Vec::new();
    for (ctl, (polys, mut places)) in by_controller {
        let merged = geo::unary_union(polys.iter()).orient(Direction::Default);
        let geometry = snapped(&merged);
        if geometry.is_empty() {
            continue;
        }
        let area = merged.geodesic_area_unsigned() / 1e6;
        places.sort_unstable();
        let mut f = Feature {
            id: Some(format!("zone:{ctl}")),
            geometry: Some(Geometry::MultiPolygon(geometry)),
            properties: Vec::with_capacity(ZONE_FIELDS.len()),
        };
        f.push("kind", "zone");
        f.push("controller", ctl);
        f.push("n_places", places.len());
        f.push("area_km2", Prop::Num((area * 10.0).round() / 10.0));
        f.push("date", date.clone());
        f.push("places", places.join(";"));
        out.push(f);
    }
    out
}

/// Rounds to 6 decimals and makes sure the result is still valid: rounding can make two parts
/// that almost touch overlap, so the rounded parts are dissolved again (a few rounds suffice).
fn snapped(mp: &MultiPolygon<f64>) -> Vec<Vec<Vec<Position>>> {
    let mut out = rounded(mp);
    for _ in 0..4 {
        let again = to_geo(&out);
        if again.is_valid() {
            break;
        }
        out = rounded(&geo::unary_union(again.0.iter()).orient(Direction::Default));
    }
    out
}

fn to_geo(polys: &[Vec<Vec<Position>>]) -> MultiPolygon<f64> {
    let ls =
        |r: &Vec<Position>| LineString::from(r.iter().map(|p| (p[0], p[1])).collect::<Vec<_>>());
    MultiPolygon::new(
        polys
            .iter()
            .filter_map(|rings| {
                let (ext, holes) = rings.split_first()?;
                Some(Polygon::new(ls(ext), holes.iter().map(ls).collect()))
            })
            .collect(),
    )
}

/// Whether the path a → b → c turns back on itself (within about 0.3°) or goes nowhere.
fn is_spike(a: Position, b: Position, c: Position) -> bool {
    let (v1, v2) = ([b[0] - a[0], b[1] - a[1]], [c[0] - b[0], c[1] - b[1]]);
    let (n1, n2) = (v1[0].hypot(v1[1]), v2[0].hypot(v2[1]));
    if n1 == 0.0 || n2 == 0.0 {
        return true;
    }
    (v1[0] * v2[0] + v1[1] * v2[1]) / (n1 * n2) < -0.99999
}

/// Removes the spikes that dissolving nearly coincident cell edges leaves: vertices where a
/// closed ring turns back on itself.
fn without_spikes(mut ring: Vec<Position>) -> Vec<Position> {
    ring.pop(); // open
    let mut changed = true;
    while changed && ring.len() >= 3 {
        changed = false;
        let n = ring.len();
        for i in 0..n {
            let (a, b, c) = (ring[(i + n - 1) % n], ring[i], ring[(i + 1) % n]);
            if is_spike(a, b, c) {
                ring.remove(i);
                changed = true;
                break;
            }
        }
    }
    if let Some(&first) = ring.first() {
        ring.push(first);
    }
    ring
}

/// Rounds to 6 decimals, drops repeated positions, spikes and rings that collapse.
fn rounded(mp: &MultiPolygon<f64>) -> Vec<Vec<Vec<Position>>> {
    let ring = |ls: &LineString<f64>| -> Option<Vec<Position>> {
        let mut v: Vec<Position> = Vec::with_capacity(ls.0.len());
        for c in &ls.0 {
            let p = [round6(c.x), round6(c.y)];
            if v.last() != Some(&p) {
                v.push(p);
            }
        }
        if v.first() != v.last() {
            let first = *v.first()?;
            v.push(first);
        }
        let v = without_spikes(v);
        (v.len() >= 4).then_some(v)
    };
    mp.0.iter()
        .filter_map(|p| {
            let mut rings = vec![ring(p.exterior())?];
            rings.extend(p.interiors().iter().filter_map(ring));
            Some(rings)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spikes_are_removed() {
        let ring = vec![
            [0.0, 0.0],
            [1.0, 0.0],
            [2.0, 0.0000001],
            [1.0, 0.0],
            [1.0, 1.0],
            [0.0, 0.0],
        ];
        assert_eq!(
            without_spikes(ring),
            vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]
        );
    }

    #[test]
    fn bisector_keeps_own_side() {
        let sq = [[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0]];
        let c = clip_half_plane(&sq, [0.5, 1.0], [1.5, 1.0]);
        assert!(c.iter().all(|p| p[0] <= 1.0 + 1e-12));
        assert_eq!(c.len(), 4);
    }
}
