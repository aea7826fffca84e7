"""`?format=geojson`: a list (or one record) as a GeoJSON FeatureCollection
(RFC 7946), one Feature per place of each record, for a map.

A record's places are a key of its JSON answer, named by the view's
`geojson_places`: a list of places (an event's `places`), one place (a
detention place's `city`), or None when the record is itself a place. A
place's position is its town's centre, to two decimals (`map_position`):
more digits would claim an address. A place with no position is still a
Feature, with a null geometry, so that nothing is dropped from the list.
"""

import json

from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder


def map_position(place):
    """`Place.map_position`, and (None, None) for no place."""
    return (None, None) if place is None else place.map_position


def feature(place, properties):
    latitude, longitude = place.get("latitude"), place.get("longitude")
    geometry = None
    if latitude is not None and longitude is not None:
        geometry = {"type": "Point", "coordinates": [longitude, latitude]}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def features(row, key):
    """A record's Features: one per place under `key` (None: the row is the
    place), each with the record's fields and the place's slug and name."""
    if key is None:
        return [feature(row, row)]
    places = row.get(key)
    if isinstance(places, dict):
        places = [places]
    properties = {name: value for name, value in row.items() if name != key}
    return [
        feature(
            place, {**properties, "place": {k: place.get(k) for k in ("slug", "name")}}
        )
        for place in places or []
    ]


class GeoJSONRenderer(renderers.BaseRenderer):
    """A FeatureCollection of the page's records (`count`, `next` and
    `previous` kept beside it, as foreign members, to page through a list)."""

    media_type = "application/geo+json"
    format = "geojson"
    charset = None  # UTF-8 by definition (RFC 7946)

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view = renderer_context.get("view")
        key = getattr(view, "geojson_places", None)
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
            paging = {k: data.get(k) for k in ("count", "next", "previous")}
        else:
            rows, paging = [data], {}
        collection = {
            "type": "FeatureCollection",
            "features": [item for row in rows for item in features(row, key)],
            **paging,
        }
        response = renderer_context.get("response")
        if response is not None and view is not None:
            name = getattr(view, "basename", None) or "docket"
            response["Content-Disposition"] = f'inline; filename="{name}.geojson"'
        # DRF's encoder: lazy translations, dates and decimals as JSON does.
        return json.dumps(collection, cls=JSONEncoder, ensure_ascii=False).encode()
