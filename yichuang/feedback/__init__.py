"""好差评、办不成事与整改 (feedback, R-50, R-51): ratings of window encounters and cases, 办不成事 reports, and the rectification tickets that close them. See docs/decisions/0011 and 0012."""
