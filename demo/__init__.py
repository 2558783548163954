"""The demo brand (Lumio), for development and tests only: the factories the tests and the demo
share, the demo content, and ``seed_demo``. Never in production's INSTALLED_APPS."""
