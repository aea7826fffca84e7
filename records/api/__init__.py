"""The journalists' REST API: the pieces every endpoint shares.

Read-only and public. Each app's `api.py` declares its serializers, filter
sets and viewsets on top of these; `cms/api.py` wires them under
/api/v1/. The rules kept here, once:

- only published records leave the API (`RecordViewSet.get_queryset` starts
  from `.live()`; nested records are filtered again in `is_public`);
- a confidential source is shown only as withheld (`public_source`);
- every client mistake is a 400/404 JSON answer naming the parameter
  (`exception_handler`, `Pagination`, the filter fields below), never a 500;
- lists answer `?format=csv` with stable, formula-safe columns (`CSVRenderer`);
- lists and details carry ETag / Last-Modified from the public version and
  answer 304 (`conditional`).
"""
