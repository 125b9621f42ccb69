"""隐患排查整改: hazards reported in a zone, assigned, fixed, checked and closed or sent back."""
