"""The scorecard's 排队等候 section (R-32: waiting and service times are measured): per site of
the scorecard's query, the tickets of its period with their mean and longest waits and mean
service time. Included by the supervision scorecard with one tag."""

from django import template

from yichuang.org.models import Site

from .. import selectors

register = template.Library()


@register.inclusion_tag("floor/_scorecard_times.html")
def floor_times(query):
    sites = Site.objects.filter(pk__in=query.site_ids).order_by("level", "code")
    rows = [(site, selectors.time_figures([site.pk], query.start, query.end)) for site in sites]
    return {"rows": [(s, f) for s, f in rows if f.tickets], "query": query}
