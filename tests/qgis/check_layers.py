"""Loads frontline outputs in headless QGIS and reports what QGIS sees, as JSON on stdout.

Usage: /usr/bin/python3 tests/qgis/check_layers.py SPEC.json
SPEC: {"layers": [{"name", "uri", "style"?, "day"?, "png"?}],
       "renders": [{"png", "layers": [names, top first], "extent"?: [xmin, ymin, xmax, ymax]}]}
  uri    an OGR data source ("dir/claims.geojson", "dir/frontline.gpkg|layername=claims")
  style  a .qml to apply with loadNamedStyle (a sidecar's temporal block is applied only so)
  default_style  true: call loadDefaultStyle() (a GeoPackage's layer_styles default is applied
         on load, but QGIS 3.22 then resets the temporal "enabled" flag)
  day    "YYYY-MM-DD": report the features a Temporal Controller frame of that day shows
  png    render the layer to this PNG
  backdrop  "fill" or "line": a plain context style (for renderings)
  label  a field to label features with (for renderings)
Run with QT_QPA_PLATFORM=offscreen (set here if missing) and TZ=UTC. Layers and render jobs are
deleted before exitQgis(), which otherwise crashes headless QGIS.
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsDateTimeRange,
    QgsFeatureRequest,
    QgsMapRendererSequentialJob,
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMapSettings,
    QgsPalLayerSettings,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayerSimpleLabeling,
    QgsRectangle,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QSize, Qt, QTime  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402


def day_range(day):
    y, m, d = (int(x) for x in day.split("-"))
    begin = QDateTime(QDate(y, m, d), QTime(0, 0, 0), Qt.UTC)
    end = begin.addDays(1)
    # a Temporal Controller frame: includes its beginning, excludes its end
    return QgsDateTimeRange(begin, end, True, False)


def render(layer, path, others=(), extent=None):
    """Renders `layer` (above `others`) to a PNG; returns (saved, painted pixels, colours)."""
    settings = QgsMapSettings()
    settings.setLayers([layer, *others])
    settings.setDestinationCrs(layer.crs())
    if extent is not None:
        extent = QgsRectangle(*extent)
    else:
        extent = layer.extent()
        extent.scale(1.3)
        if extent.width() < 0.5 or extent.height() < 0.5:
            extent.grow(0.5)
    settings.setExtent(extent)
    settings.setOutputSize(QSize(900, 600))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    ok = img.save(path, "PNG")
    painted = 0
    colours = set()
    for x in range(0, img.width(), 2):
        for y in range(0, img.height(), 2):
            px = img.pixel(x, y) & 0xFFFFFF
            if px != 0xFFFFFF:
                painted += 1
                colours.add(px)
    del job
    return ok, painted, len(colours)


def backdrop(layer, kind):
    """A plain style for context layers of a rendering (countries, the border)."""
    if kind == "fill":
        symbol = QgsFillSymbol.createSimple(
            {"color": "245,243,238,255", "outline_color": "160,160,160,255", "outline_width": "0.3"}
        )
    else:
        symbol = QgsLineSymbol.createSimple(
            {"line_color": "120,120,120,255", "line_width": "0.6", "line_style": "dash"}
        )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))


def label(layer, field):
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    fmt = QgsTextFormat()
    fmt.setSize(7)
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(0.8)
    fmt.setBuffer(buf)
    settings.setFormat(fmt)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def check(spec_layer):
    r = {"name": spec_layer["name"]}
    layer = QgsVectorLayer(spec_layer["uri"], spec_layer["name"], "ogr")
    r["valid"] = layer.isValid()
    if not layer.isValid():
        return r, layer
    if spec_layer.get("backdrop"):
        backdrop(layer, spec_layer["backdrop"])
    if spec_layer.get("label"):
        label(layer, spec_layer["label"])
    r["count"] = layer.featureCount()
    r["geometry_type"] = layer.geometryType()
    r["fields"] = {f.name(): f.typeName() for f in layer.fields()}
    r["field_types"] = {f.name(): f.type() for f in layer.fields()}
    renderer = layer.renderer()
    r["renderer_on_load"] = renderer.type() if renderer else None
    r["temporal_active_on_load"] = layer.temporalProperties().isActive()
    if spec_layer.get("default_style"):
        # what "Styles > Default" does: re-read the data source's own default style
        msg, ok = layer.loadDefaultStyle()
        r["default_style_loaded"] = bool(ok)
        r["default_style_message"] = msg
        renderer = layer.renderer()
    if spec_layer.get("style"):
        msg, ok = layer.loadNamedStyle(spec_layer["style"])
        r["style_loaded"] = bool(ok)
        r["style_message"] = msg
        renderer = layer.renderer()
    r["renderer"] = renderer.type() if renderer else None
    if renderer is not None and renderer.type() == "categorizedSymbol":
        r["class_attribute"] = renderer.classAttribute()
        r["categories"] = [str(c.value()) for c in renderer.categories()]
        r["legend"] = [c.label() for c in renderer.categories()]
    tp = layer.temporalProperties()
    r["temporal_active"] = tp.isActive()
    r["temporal_mode"] = int(tp.mode())
    r["start_field"] = tp.startField()
    r["end_field"] = tp.endField()
    if spec_layer.get("day"):
        rng = day_range(spec_layer["day"])
        ctx = QgsVectorLayerTemporalContext()
        ctx.setLayer(layer)
        expr = tp.createFilterString(ctx, rng)
        r["day_filter"] = expr
        req = QgsFeatureRequest()
        if expr:
            req.setFilterExpression(expr)
        ids = []
        for f in layer.getFeatures(req):
            ids.append(f["claim_id"] if "claim_id" in r["fields"] else f.id())
        r["day_ids"] = sorted(str(i) for i in ids)
        r["time_start_values"] = sorted(
            f["time_start"].toString(Qt.ISODate) for f in layer.getFeatures()
            if f["time_start"] is not None and hasattr(f["time_start"], "toString")
        )
    if spec_layer.get("png"):
        ok, painted, colours = render(layer, spec_layer["png"])
        r["png_saved"] = bool(ok)
        r["png_painted_pixels"] = painted
        r["png_colours"] = colours
    return r, layer


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    app = QgsApplication([], False)
    app.initQgis()
    results = []
    layers = []
    try:
        for spec_layer in spec["layers"]:
            checked = check(spec_layer)
            results.append(checked[0])
            layers.append(checked[1])
            del checked
        by_name = {r["name"]: layer for r, layer in zip(results, layers)}
        for spec_render in spec.get("renders", []):
            chosen = [by_name[n] for n in spec_render["layers"]]
            ok, painted, colours = render(
                chosen[0], spec_render["png"], chosen[1:], spec_render.get("extent")
            )
            results.append({"name": "render:" + spec_render["png"], "png_saved": bool(ok),
                            "png_painted_pixels": painted, "png_colours": colours})
            del chosen
        by_name.clear()
    finally:
        print(json.dumps({"layers": results}))
        sys.stdout.flush()
        layers.clear()
        app.exitQgis()


if __name__ == "__main__":
    main()
