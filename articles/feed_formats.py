"""RSS and Atom as our feeds write them: a cover image on every item (an enclosure and a
Media RSS thumbnail, which readers such as Feedly and Inoreader show), and an XSL
stylesheet so a browser opening a feed shows a readable page instead of raw XML.
"""

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SimplerXMLGenerator

MEDIA_NS = "http://search.yahoo.com/mrss/"
# Browsers show application/rss+xml and atom+xml as plain text, without applying the
# stylesheet; as application/xml they apply it. Feed readers go by the root element (and
# the <link rel="alternate"> type that pages advertise), not by this header.
CONTENT_TYPE = "application/xml; charset=utf-8"


def add_thumbnail(handler, item):
    image = item.get("image")
    if image:
        size = {"width": str(image["width"]), "height": str(image["height"])}
        handler.addQuickElement("media:thumbnail", "", {"url": image["url"], **size})


class ImageRssFeed(Rss201rev2Feed):
    content_type = CONTENT_TYPE

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        add_thumbnail(handler, item)


class ImageAtomFeed(Atom1Feed):
    """Atom with the full body in <content>, the excerpt staying in <summary>."""

    content_type = CONTENT_TYPE

    def write(self, outfile, encoding):
        # Atom1Feed.write leaves stylesheets out (Django writes them for RSS only).
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", stylesheet)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})
        add_thumbnail(handler, item)
