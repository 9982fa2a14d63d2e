"""一窗通 YiChuang — government-service platform for a county and its townships and villages."""
