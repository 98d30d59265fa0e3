"""Root field resolvers: check arguments (before any database call), run one read, build types."""
