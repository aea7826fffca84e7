from tests.admin_client import (  # noqa: F401  (fixtures)
    editor,
    editor_client,
    researcher,
    researcher_client,
)
