//! QGIS styles: `claims.qml` (also stored as the default style of the GeoPackage's `claims`
//! layer) and the mentions layer's style.
//!
//! Claims are coloured by who holds the place after the claim, `controller`, falling back to
//! `actor` where the controller is unknown (lost or contested places): a categorised renderer on
//! the expression [`CLAIMS_CATEGORY_EXPRESSION`] with one category, colour and legend label per
//! canonical actor id ([`ACTOR_STYLES`]), and a catch-all category for any other id. The style
//! also sets the layer's temporal properties: start and end from the fields `time_start` and
//! `time_end`, so the QGIS Temporal Controller shows each claim on its day.

use std::fmt::Write as _;

/// The categorised renderer's expression.
pub const CLAIMS_CATEGORY_EXPRESSION: &str = "coalesce(\"controller\", \"actor\")";

/// Canonical actor id, legend label, fill colour (`#rrggbb`), in legend order.
pub const ACTOR_STYLES: &[(&str, &str, &str)] = &[
    ("islamic_state", "Islamic State", "#000000"),
    ("iraqi_forces", "Iraqi forces", "#8b0000"),
    ("pmf", "Popular Mobilization Forces", "#f28e2b"),
    ("syrian_government", "Syrian government", "#e31a1c"),
    ("iran", "Iran", "#8c564b"),
    (
        "iran_backed_foreign",
        "Iran-backed foreign fighters",
        "#b07a4f",
    ),
    ("russia", "Russia", "#6a3d9a"),
    ("sdf", "SDF", "#ffe119"),
    ("peshmerga", "Peshmerga", "#d4a017"),
    ("kurdistan_region", "Kurdistan Region", "#b8860b"),
    ("ybs", "YBS (Sinjar Resistance Units)", "#bcbd22"),
    ("pkk", "PKK", "#e377c2"),
    ("syrian_rebels", "Syrian rebels", "#33a02c"),
    ("turkey", "Turkey", "#00441b"),
    ("us_coalition", "US-led coalition", "#1f78b4"),
    ("hts", "HTS", "#525252"),
    ("unknown", "Unknown", "#bdbdbd"),
];

/// The catch-all category's label and colour (an actor id not in [`ACTOR_STYLES`]).
pub const OTHER_STYLE: (&str, &str) = ("Other", "#ffffff");

/// The colour of an actor id (the catch-all colour for others).
pub fn actor_colour(id: &str) -> &'static str {
    ACTOR_STYLES
        .iter()
        .find(|(a, _, _)| *a == id)
        .map(|(_, _, c)| *c)
        .unwrap_or(OTHER_STYLE.1)
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `#rrggbb` to QGIS's `r,g,b,a`.
fn qgis_colour(hex: &str) -> String {
    let h = hex.trim_start_matches('#');
    let byte = |i: usize| {
        h.get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .unwrap_or(0)
    };
    format!("{},{},{},255", byte(0), byte(2), byte(4))
}

fn marker_symbol(out: &mut String, name: &str, fill: &str, size_mm: f64) {
    let _ = write!(
        out,
        r#"      <symbol type="marker" name="{name}" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties>
          <Option type="Map">
            <Option type="QString" name="name" value=""/>
            <Option name="properties"/>
            <Option type="QString" name="type" value="collection"/>
          </Option>
        </data_defined_properties>
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="angle" value="0"/>
            <Option type="QString" name="color" value="{fill}"/>
            <Option type="QString" name="horizontal_anchor_point" value="1"/>
            <Option type="QString" name="joinstyle" value="bevel"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="offset" value="0,0"/>
            <Option type="QString" name="offset_unit" value="MM"/>
            <Option type="QString" name="outline_color" value="50,50,50,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.3"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="scale_method" value="diameter"/>
            <Option type="QString" name="size" value="{size_mm}"/>
            <Option type="QString" name="size_unit" value="MM"/>
            <Option type="QString" name="vertical_anchor_point" value="1"/>
          </Option>
          <prop k="color" v="{fill}"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="50,50,50,255"/>
          <prop k="outline_width" v="0.3"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="{size_mm}"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
"#
    );
}

const QML_HEAD: &str = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n";

/// The claims style (`claims.qml`, and the GeoPackage `claims` layer's default style).
pub fn claims_qml() -> String {
    let mut out = String::with_capacity(16 * 1024);
    out.push_str(QML_HEAD);
    out.push_str(
        "<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling|Temporal|Legend\" labelsEnabled=\"0\">\n",
    );
    out.push_str(
        r#"  <temporal enabled="1" mode="2" startField="time_start" endField="time_end" durationField="" durationUnit="min" fixedDuration="0" accumulate="0" startExpression="" endExpression="" limitMode="0">
    <fixedRange>
      <start></start>
      <end></end>
    </fixedRange>
  </temporal>
"#,
    );
    let _ = writeln!(
        out,
        "  <renderer-v2 type=\"categorizedSymbol\" attr=\"{}\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\" referencescale=\"-1\">",
        xml_escape(CLAIMS_CATEGORY_EXPRESSION)
    );
    out.push_str("    <categories>\n");
    for (i, (id, label, _)) in ACTOR_STYLES.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <category symbol=\"{i}\" value=\"{}\" label=\"{}\" render=\"true\"/>",
            xml_escape(id),
            xml_escape(label)
        );
    }
    let _ = writeln!(
        out,
        "      <category symbol=\"{}\" value=\"\" label=\"{}\" render=\"true\"/>",
        ACTOR_STYLES.len(),
        OTHER_STYLE.0
    );
    out.push_str("    </categories>\n    <symbols>\n");
    for (i, (_, _, colour)) in ACTOR_STYLES.iter().enumerate() {
        marker_symbol(&mut out, &i.to_string(), &qgis_colour(colour), 3.6);
    }
    marker_symbol(
        &mut out,
        &ACTOR_STYLES.len().to_string(),
        &qgis_colour(OTHER_STYLE.1),
        3.6,
    );
    out.push_str("    </symbols>\n    <source-symbol>\n");
    marker_symbol(&mut out, "0", &qgis_colour("#bdbdbd"), 3.6);
    out.push_str("    </source-symbol>\n");
    out.push_str("    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n");
    out.push_str("  <layerGeometryType>0</layerGeometryType>\n</qgis>\n");
    out
}

/// The mentions style: small grey points (the GeoPackage `mentions` layer's default style).
pub fn mentions_qml() -> String {
    let mut out = String::with_capacity(4 * 1024);
    out.push_str(QML_HEAD);
    out.push_str(
        "<qgis version=\"3.22.0\" styleCategories=\"Symbology|Legend\" labelsEnabled=\"0\">\n",
    );
    out.push_str("  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\" referencescale=\"-1\">\n    <symbols>\n");
    marker_symbol(&mut out, "0", &qgis_colour("#7f7f7f"), 2.0);
    out.push_str("    </symbols>\n    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n");
    out.push_str("  <layerGeometryType>0</layerGeometryType>\n</qgis>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_actor_has_a_category_and_a_colour() {
        let q = claims_qml();
        for (id, _, c) in ACTOR_STYLES {
            assert!(q.contains(&format!("value=\"{id}\"")), "{id}");
            assert!(q.contains(&qgis_colour(c)), "{id}");
        }
        assert!(q.contains("attr=\"coalesce(&quot;controller&quot;, &quot;actor&quot;)\""));
        assert!(q.contains("startField=\"time_start\" endField=\"time_end\""));
        assert_eq!(qgis_colour("#8b0000"), "139,0,0,255");
        assert_eq!(actor_colour("sdf"), "#ffe119");
        assert_eq!(actor_colour("nobody"), "#ffffff");
    }
}
