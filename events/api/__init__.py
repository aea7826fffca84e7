"""The journalists' API for defenders, organizations, events and charges:
every answer that reads a person's case, so it lives where the events are."""
