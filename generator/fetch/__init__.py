"""Bringing data in from the network: not the build (the build never touches the network)."""
