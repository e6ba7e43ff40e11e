"""Data interchange: ACLED and UCDP GED files in, ACLED-compatible CSV and GeoJSON out."""
