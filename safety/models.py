"""党建+安全生产: pledges, responsibility zones, violations, hazards and 三学 study."""
