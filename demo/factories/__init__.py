"""factory_boy factories shared by the tests and by seed_demo.

One module per app (pages and users for the hub, community, ...). Import from the module, so
that an app seeding its demo content loads only the factories of its own layer and below.
"""
