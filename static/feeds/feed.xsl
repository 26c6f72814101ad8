<?xml version="1.0" encoding="UTF-8"?>
<!-- A browser opening one of K线学堂's RSS or Atom feeds gets this page: what a feed is,
     how to subscribe, and the items. Feed readers ignore it. Served from static, so the
     feed and its stylesheet share an origin, as browsers require. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:media="http://search.yahoo.com/mrss/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  exclude-result-prefixes="atom media dc">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="self" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
  <xsl:variable name="site" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>

  <xsl:template match="/">
    <html lang="zh-Hans">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/>（订阅源）</title>
        <style>
          body { margin: 0; font: 16px/1.7 system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #1f2933; background: #f6f7f9; }
          main { max-width: 760px; margin: 0 auto; padding: 24px 16px 48px; }
          h1 { font-size: 24px; margin: 0 0 8px; }
          .how { background: #fff8e6; border: 1px solid #f0d48a; border-radius: 8px; padding: 12px 16px; margin: 16px 0 24px; }
          .how h2 { font-size: 17px; margin: 0 0 4px; }
          .how p { margin: 4px 0; }
          code { display: block; overflow-wrap: anywhere; background: #fff; border: 1px solid #ddd; border-radius: 4px; padding: 6px 8px; margin: 6px 0; font-size: 14px; }
          ol { list-style: none; padding: 0; margin: 0; }
          li { display: flex; gap: 12px; background: #fff; border: 1px solid #e3e6ea; border-radius: 8px; padding: 12px; margin: 0 0 12px; }
          li img { flex: none; width: 120px; height: 68px; object-fit: cover; border-radius: 4px; }
          li h3 { font-size: 17px; margin: 0 0 4px; line-height: 1.4; }
          a { color: #b42318; }
          .muted { color: #5f6b7a; font-size: 14px; margin: 0; }
        </style>
      </head>
      <body>
        <main>
          <h1><xsl:value-of select="$title"/></h1>
          <p class="muted"><xsl:value-of select="/rss/channel/description | /atom:feed/atom:subtitle"/></p>
          <section class="how" aria-labelledby="how-title">
            <h2 id="how-title">这是订阅源（RSS / Atom），怎么订阅？</h2>
            <p>把下面的地址复制到你常用的阅读器（如 Feedly、Inoreader、NetNewsWire 或手机上的 RSS 阅读 App）里“添加订阅”，以后有新文章会自动送到。</p>
            <code><xsl:value-of select="$self"/></code>
            <p>只想看文章？<a href="{$site}">回到网站</a>。</p>
          </section>
          <h2>最近的文章</h2>
          <ol>
            <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item | atom:entry">
    <xsl:variable name="link" select="link | atom:link[@rel='alternate']/@href"/>
    <li>
      <xsl:if test="media:thumbnail">
        <img src="{media:thumbnail/@url}" alt="" width="120" height="68" loading="lazy"/>
      </xsl:if>
      <div>
        <h3><a href="{$link}"><xsl:value-of select="title | atom:title"/></a></h3>
        <p class="muted">
          <xsl:value-of select="dc:creator | atom:author/atom:name"/>
          <xsl:text> · </xsl:text>
          <xsl:choose>
            <xsl:when test="pubDate"><xsl:value-of select="substring(pubDate, 6, 11)"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="substring(atom:published, 1, 10)"/></xsl:otherwise>
          </xsl:choose>
        </p>
      </div>
    </li>
  </xsl:template>
</xsl:stylesheet>
