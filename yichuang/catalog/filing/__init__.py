"""实施清单 filing (R-11): a township drafts its list, submits it, the county files it (备案) or
returns it with reasons, and the filed list is published onto the site's SiteItems."""
