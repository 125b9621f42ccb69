"""Tests of the pledge, its signature chain, rates and the safety zones."""
