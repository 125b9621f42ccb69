"""安全"三学": committee-led, branch and mentor-led study sessions, attendance and scores."""
