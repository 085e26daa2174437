"""Kazi: an open platform that connects people to decent work and protects them on the way."""

ESCO_CREDIT = "This service uses the ESCO classification of the European Commission."
