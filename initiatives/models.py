"""示范项目 and 揭榜 projects: the list, applications, milestones, progress and 验收."""
