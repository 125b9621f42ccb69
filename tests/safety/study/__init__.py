"""Tests of 安全"三学": sessions, attendance, participation, mentor pairs and tallies."""
