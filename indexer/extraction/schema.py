"""schema.org vocabulary shared by the JSON-LD and microdata readers."""

# The page's main item is the first item of the first group that has one: articles beat other
# creative works, which beat the generic web page wrapper.
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "SocialMediaPosting",
        "DiscussionForumPosting",
        "Report",
        "ScholarlyArticle",
        "MedicalScholarlyArticle",
        "TechArticle",
        "SatiricalArticle",
        "AnalysisNewsArticle",
        "AskPublicNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReportageNewsArticle",
        "ReviewNewsArticle",
        "AdvertiserContentArticle",
        "ClaimReview",  # a fact check: its author is the checker, not the claim's author
    }
)
WORK_TYPES = frozenset(
    {"CreativeWork", "Review", "Recipe", "HowTo", "Book", "Chapter", "PodcastEpisode"}
)
PAGE_TYPES = frozenset({"WebPage", "ItemPage", "AboutPage", "CollectionPage", "QAPage", "FAQPage"})
MAIN_TYPE_GROUPS = (ARTICLE_TYPES, WORK_TYPES, PAGE_TYPES)
ORGANIZATION_TYPES = frozenset(
    {"Organization", "NewsMediaOrganization", "Corporation", "WebSite", "Blog", "Periodical"}
)
PERSON_TYPES = frozenset({"Person"})
TITLE_PROPS = ("headline", "name", "alternativeHeadline")
AUTHOR_PROPS = ("author", "creator")
DATE_PROPS = ("datePublished", "dateCreated", "uploadDate")
LINK_PROPS = ("sameAs", "url")


def type_names(value: object) -> set[str]:
    """Bare type names from an @type or itemtype value: "https://schema.org/NewsArticle" -> NewsArticle."""
    if isinstance(value, str):
        values = value.split()
    elif isinstance(value, list):
        values = [item for item in value if isinstance(item, str)]
    else:
        return set()
    return {item.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1] for item in values}
