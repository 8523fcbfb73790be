"""Pages and API routes that combine several apps (the client page, the worklist with its
badges), the template tags that label every app's codes, and the demo's users: the layer
above the apps (docs/architecture.md)."""
