"""Staff posted at a site's 综合咨询 window: the people who answer its online questions."""

from yichuang.org.models import Post, Window
from yichuang.org.tests.factories import PostFactory, WindowFactory


def post_at_consult_window(user, site, position=Post.Position.A):
    """Give `user` the A (or B) post at `site`'s 综合咨询 window, making the window if needed."""
    window = Window.objects.filter(site=site, type=Window.Type.CONSULT).first()
    window = window or WindowFactory(site=site, type=Window.Type.CONSULT, name="综合咨询")
    PostFactory(window=window, position=position, staff=user)
    return user
