"""The Reflex app: pages, HTTP routes and lifespan tasks."""
