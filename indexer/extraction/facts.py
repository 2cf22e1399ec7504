"""What one metadata source claims about a page, before the sources are weighed against each other."""

from dataclasses import dataclass, field


@dataclass
class Facts:
    """Raw values found by one source, best first; validation happens when the sources are merged."""

    titles: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    author_links: list[str] = field(default_factory=list)  # sameAs/url of the authors
    handles: list[str] = field(default_factory=list)  # declared handles, e.g. twitter:creator
    site_names: list[str] = field(default_factory=list)
    site_handles: list[str] = field(default_factory=list)  # the publication's own accounts
    dates: list[str] = field(default_factory=list)
    # Links to X/fediverse profiles anywhere in the article (not in comments, sidebars or quoted
    # posts): one of them may be the author's own account, told by its name.
    profile_links: list[str] = field(default_factory=list)
    # Dates as the reader sees them (the text of <time> and dateline elements), page order.
    shown_dates: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    canonicals: list[str] = field(default_factory=list)
    # Names the source marks as people (schema.org Person), or as an Organization that is the
    # author: a personal site's owner, a foundation writing its own news, is also the publisher,
    # and must not be dropped as "the site standing in for an author".
    people: list[str] = field(default_factory=list)
    # Authors the source marks as an Organization: kept as the author, never replaced by a
    # visible byline (on a fact check that is the claim's author).
    organisations: list[str] = field(default_factory=list)
