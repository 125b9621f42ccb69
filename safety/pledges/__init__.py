"""党员身边无违章: the yearly pledge, its signatures and their chain, and the safety zones
whose violations the pledge is counted by."""
